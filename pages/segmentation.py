"""Thresholding and colour clustering: Otsu's threshold, the tutorial's worked example, K-means."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import cv2
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import segmentation
from ui import params, parts, viewer
from ui import segmentation_view as view
from ui.params import Param
from ui.source import current_image

SECTIONS = ["Otsu threshold", "Worked example", "K-means colours"]
PARAMS = {
    "section": Param(SECTIONS[0], options=SECTIONS),
    "threshold": Param(128, 0, 254),
    "use_otsu": Param(True),
    "otsu_reference": Param(False),
    "example_t": Param(2, 0, view.EXAMPLE_LEVELS - 2),
    "k": Param(5, 2, 12),
    "seed": Param(0, 0, 9999),
    "scatter": Param(False),
    "kmeans_reference": Param(False),
}

# The 3-D scatter shows this many pixels: enough to show the clusters' shapes. It is off by
# default: in headless Chromium without a GPU, redrawing a 3-D scene costs 0.5-1.5 s a k move.
SCATTER_POINTS = 3000
# The typical colour error is estimated on this many pixels: within a fraction of a percent,
# for a tenth of the time the exact inertia takes at 1 megapixel.
ERROR_SAMPLE = 2 ** 16
SAMPLE_SEED = 0  # the same pixels whatever k is, so the clusters can be compared


# --------------------------------------------------------------------------------------------
# Otsu's threshold


def _stop_using_otsu() -> None:
    # Moving the manual slider means "show me this threshold": switch the picture over to it.
    st.session_state["use_otsu"] = False


def otsu_controls() -> dict:
    left, right = st.columns([3, 2])
    manual = left.slider("Manual threshold t", 0, 254, key="threshold", on_change=_stop_using_otsu,
                         help="Pixels brighter than t are foreground (white).")
    use_otsu = right.toggle("Use Otsu's threshold", key="use_otsu",
                            help="Off: the picture uses the manual threshold instead.")
    reference = right.toggle("Reference check (OpenCV)", key="otsu_reference")
    return {"manual": manual, "use_otsu": use_otsu, "reference": reference}


def render_otsu(picture) -> None:
    gray = picture.gray
    with parts.friendly_errors():
        facts = view.otsu_facts(picture.key, gray)
    settings = otsu_controls()
    used = facts.threshold if settings["use_otsu"] else settings["manual"]
    binary = np.where(gray > used, np.uint8(255), np.uint8(0))
    whose = "Otsu" if settings["use_otsu"] else "manual"
    viewer.before_after(gray, binary, ("Greyscale input", f"gray > {used} ({whose})"),
                        before_key=picture.key + "-grey", key="otsu_view")
    view.show_otsu_summary(gray, used, facts, settings["manual"])
    viewer.show_figure(view.otsu_figure(facts, used, settings["manual"]), key="otsu_figure")
    st.markdown(view.OTSU_EXPLANATION)
    st.caption(view.OTSU_CONVENTION)
    if settings["reference"]:
        view.show_otsu_reference(picture)
    parts.download_png(binary, f"otsu-threshold-{used}.png")
    parts.show_code(view.otsu_code(facts.threshold, used))


# --------------------------------------------------------------------------------------------
# The tutorial's worked example


def example_controls(column) -> int:
    """The worked example's threshold slider, drawn in ``column``."""
    return column.slider("Threshold t (background: levels 0..t)", 0, view.EXAMPLE_LEVELS - 2,
                         key="example_t")


def render_example() -> None:
    table = view.example_table()
    st.markdown(view.example_intro())
    left, right = st.columns([3, 2])
    t = example_controls(right)
    with right:
        view.show_example_metrics(t, table)
    with left:
        viewer.show_figure(view.example_figure(t, table), key="example_figure")
    st.latex(view.EXAMPLE_FORMULAS)
    st.markdown(view.total_variance_text(table))
    with st.expander(f"The arithmetic for t = {t}", expanded=False):
        st.latex(view.example_arithmetic(t, table))
    st.dataframe(view.example_dataframe(table), hide_index=True)
    st.markdown(view.example_conclusion(table, view.opencv_on_example()))
    st.caption(view.EXAMPLE_TABLE_NOTE)
    parts.show_code(view.example_code(t, table.best_threshold))


# --------------------------------------------------------------------------------------------
# K-means colours


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # uint8 (H, W): k <= 12 fits, and a quarter of int32's memory
    centers: np.ndarray  # uint8 (k, 3), largest share first
    shares: np.ndarray  # fraction of pixels per cluster
    rms_error: float  # root mean square RGB distance from a pixel to its centre (on a sample)
    shown: np.ndarray  # the quantized picture at display size, for the viewer
    sample_rgb: np.ndarray  # a fixed pixel sample, for the 3-D scatter
    sample_labels: np.ndarray
    seconds: float


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


# cache_resource, not cache_data: the arrays are read-only, and cache_data would copy megabytes
# of labels on every slider move. An entry holds ~2.3 MB at 1 megapixel (~9 MB at 8).
@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def clustering(image_key: str, k: int, seed: int, _rgb: np.ndarray) -> Clustering:
    import sklearn.cluster  # noqa: F401  (here, so its one-off import is not timed as the fit)

    start = time.perf_counter()
    labels, centers = segmentation.kmeans_colors(_rgb, k, seed)
    seconds = time.perf_counter() - start
    labels = labels.astype(np.uint8)
    shown_labels, _ = viewer.display_copy(labels)  # nearest neighbour: labels stay labels
    pixels = _rgb.reshape(-1, 3)
    rng = np.random.default_rng(SAMPLE_SEED)
    sample = rng.choice(len(pixels), size=min(ERROR_SAMPLE, len(pixels)), replace=False)
    sample_labels = labels.reshape(-1)[sample]
    inertia = segmentation.kmeans_inertia(pixels[sample][None], sample_labels[None], centers)
    return Clustering(
        labels=_read_only(labels),
        centers=_read_only(centers),
        shares=segmentation.cluster_shares(labels, k),
        rms_error=float(np.sqrt(inertia / len(sample))),
        shown=_read_only(centers[shown_labels]),
        sample_rgb=pixels[sample[:SCATTER_POINTS]],
        sample_labels=sample_labels[:SCATTER_POINTS],
        seconds=seconds,
    )


def kmeans_controls() -> dict:
    left, middle, right = st.columns([3, 1, 2])
    k = left.slider("Number of colours k", 2, 12, key="k", help="The tutorial uses k = 5.")
    seed = middle.number_input("Seed", 0, 9999, step=1, key="seed",
                               help="Starts of the fit: the same seed always gives the same "
                               "result.")
    scatter = right.toggle("Show the clusters in RGB space", key="scatter",
                           help=f"{SCATTER_POINTS:,} pixels in a 3-D view you can turn. The "
                           "browser redraws the 3-D scene whenever k changes, which can take a "
                           "second on a computer without graphics acceleration.")
    reference = right.toggle("Reference check (scikit-learn)", key="kmeans_reference")
    return {"k": k, "seed": int(seed), "scatter": scatter, "reference": reference}


def _hex(colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in colour))


def _title(text: str) -> dict:
    return dict(text=text, x=0.5, xanchor="center", font=dict(size=14))


def palette_figure(result: Clustering) -> go.Figure:
    used = np.flatnonzero(result.shares > 0)
    colours = [_hex(result.centers[i]) for i in used]
    bars = dict(
        type="bar", x=[str(rank + 1) for rank in range(len(used))], y=result.shares[used] * 100,
        marker=dict(color=colours, line=dict(color="#888888", width=1)), text=colours,
        textposition="outside", customdata=result.centers[used],
        hovertemplate="colour %{x}: RGB (%{customdata[0]}, %{customdata[1]}, "
                      "%{customdata[2]})<br>%{y:.1f} % of the pixels<extra></extra>")
    layout = dict(
        height=300, margin=dict(l=50, r=10, t=40, b=40),
        title=_title("The palette: centres and their pixel shares"),
        xaxis=dict(title=dict(text="colour (largest share first)"), type="category"),
        yaxis=dict(title=dict(text="% of pixels"), range=[0, float(result.shares.max()) * 118]))
    return go.Figure(data=[bars], layout=layout)


def scatter_figure(result: Clustering) -> go.Figure:
    traces = []
    for index, centre in enumerate(result.centers):
        members = result.sample_rgb[result.sample_labels == index]
        if not len(members):
            continue
        traces.append(dict(
            type="scatter3d", x=members[:, 0], y=members[:, 1], z=members[:, 2], mode="markers",
            name=f"colour {index + 1}", marker=dict(size=2.5, color=_hex(centre)),
            hovertemplate="R %{x} G %{y} B %{z}<extra>" + f"colour {index + 1}</extra>"))
    centres = result.centers[result.shares > 0]
    traces.append(dict(
        type="scatter3d", x=centres[:, 0], y=centres[:, 1], z=centres[:, 2], mode="markers",
        name="centres", marker=dict(size=9, color=[_hex(c) for c in centres], symbol="diamond",
                                    line=dict(color="#000000", width=2)),
        hovertemplate="centre R %{x} G %{y} B %{z}<extra></extra>"))
    # A mid-grey backdrop, so that near-white and near-black clusters both stand out.
    axis = dict(range=[0, 255], dtick=64, backgroundcolor="#d5d8dc", showbackground=True,
                gridcolor="#ffffff")
    layout = dict(
        height=440, margin=dict(l=0, r=0, t=40, b=0),
        title=_title(f"{len(result.sample_rgb):,} pixels in RGB space, by cluster"),
        scene=dict(xaxis=dict(title=dict(text="R"), **axis),
                   yaxis=dict(title=dict(text="G"), **axis),
                   zaxis=dict(title=dict(text="B"), **axis), aspectmode="cube"),
        legend=dict(itemsizing="constant", orientation="h", y=0), uirevision="rgb-scatter")
    return go.Figure(data=traces, layout=layout)


@st.cache_data(max_entries=8, show_spinner=False)
def kmeans_reference(image_key: str, k: int, seed: int, _rgb: np.ndarray) -> dict:
    from sklearn.cluster import KMeans

    start = time.perf_counter()
    labels, centers = segmentation.kmeans_colors(_rgb, k, seed)
    ours_ms = (time.perf_counter() - start) * 1000
    ours_inertia = segmentation.kmeans_inertia(_rgb, labels, centers)
    pixels = _rgb.reshape(-1, 3).astype(np.float64)
    start = time.perf_counter()
    model = KMeans(n_clusters=k, n_init=1, random_state=seed).fit(pixels)
    full_ms = (time.perf_counter() - start) * 1000
    return {"ours_ms": ours_ms, "ours_inertia": ours_inertia,
            "full_ms": full_ms, "full_inertia": float(model.inertia_)}


def render_kmeans_reference(picture, k: int, seed: int) -> None:
    if picture.gray.size < k:
        st.info(f"scikit-learn's KMeans needs at least k = {k} pixels; this picture has "
                f"{picture.gray.size}.", icon="ℹ️")
        return
    with st.spinner(f"Fitting scikit-learn's KMeans(k={k}, n_init=1) on all "
                    f"{picture.gray.size:,} pixels…"):
        check = kmeans_reference(picture.key, k, seed, _rgb=picture.rgb)
    columns = st.columns(4)
    columns[0].metric("Ours", f"{check['ours_ms']:.0f} ms")
    columns[1].metric("scikit-learn, all pixels", f"{check['full_ms']:.0f} ms")
    columns[2].metric("Time ratio", f"{check['ours_ms'] / check['full_ms']:.2f}")
    gap = (check["ours_inertia"] / check["full_inertia"] - 1) * 100 if check["full_inertia"] \
        else 0.0
    columns[3].metric("Inertia, ours vs theirs", f"{gap:+.2f} %")
    st.caption(
        f"Inertia (sum of squared RGB distances to the centres): ours {check['ours_inertia']:.4g}"
        f", scikit-learn's {check['full_inertia']:.4g}; negative means ours fits better. "
        "scikit-learn runs once from one start (n_init=1, as the tutorial calls it), so its "
        "result depends on the seed; ours fits a summary of the picture from 10 starts.")


def render_kmeans(picture) -> None:
    settings = kmeans_controls()
    k, seed = settings["k"], settings["seed"]
    first_time = "sklearn" not in sys.modules
    message = ("Loading scikit-learn (about a second, the first time only) and clustering…"
               if first_time else f"Grouping the pixels into {k} colours…")
    with st.spinner(message), parts.friendly_errors():
        result = clustering(picture.key, k, seed, _rgb=picture.rgb)
    viewer.before_after(picture.rgb, result.shown, ("Input", f"{k} colours"),
                        before_key=picture.key, key="kmeans_view")
    used = int(np.count_nonzero(result.shares > 0))
    if used < k:
        st.info(f"This picture has only {used} distinct colour{'s' if used > 1 else ''}, so only "
                f"{used} of the {k} clusters get pixels: each colour is its own cluster and the "
                "result is exact. The empty clusters are left out below.", icon="ℹ️")
    explanation = (
        "Every pixel is a point in the RGB cube; K-means places k centres so that the sum of "
        "squared distances from each pixel to its nearest centre (the *inertia*) is as small as "
        "it can find, and each pixel is then painted in its centre's colour. Here the typical "
        f"pixel moved by **{result.rms_error:.1f} levels** (root mean square RGB distance); "
        f"more colours, less error. Fitted in {result.seconds * 1000:.0f} ms on a summary of "
        "the picture (the mean colour of every occupied 8×8×8 box of the RGB cube), then every "
        "pixel goes to its nearest centre.")
    if settings["scatter"]:
        st.markdown(explanation)
    left, right = st.columns([2, 3])
    with left:
        viewer.show_figure(palette_figure(result), key="kmeans_palette")
    with right:
        if settings["scatter"]:
            viewer.show_figure(scatter_figure(result), key="kmeans_scatter")
            st.caption("A fixed random sample of the pixels (the same ones for every k), "
                       "coloured by cluster; diamonds are the centres. Drag to turn the cube.")
        else:
            st.markdown(explanation)
    if settings["reference"]:
        render_kmeans_reference(picture, k, seed)
    st.download_button(
        "Download the result (PNG)", file_name=f"kmeans-{k}-colours.png", mime="image/png",
        # Quantized at full size only when clicked, not on every slider move.
        data=lambda: parts.png_bytes(segmentation.quantize(result.labels, result.centers)),
        on_click="ignore", icon=":material/download:")
    parts.show_code(f"""
from core.images import decode_image
from core import segmentation

rgb = decode_image(data)
labels, centers = segmentation.kmeans_colors(rgb, k={k}, seed={seed})
quantized = segmentation.quantize(labels, centers)  # centers[labels]
shares = segmentation.cluster_shares(labels, k={k})
inertia = segmentation.kmeans_inertia(rgb, labels, centers)
""")


# --------------------------------------------------------------------------------------------

params.init(PARAMS)
picture = current_image()
st.title("Segmentation")
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed")
if section == "Worked example":
    render_example()
elif section == "K-means colours":
    render_kmeans(picture)
else:
    render_otsu(picture)
params.publish(PARAMS)
