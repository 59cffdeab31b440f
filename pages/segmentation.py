"""Thresholding and colour clustering: Otsu's threshold, the tutorial's worked example, K-means.

Each section's controls come first, then its result through ui.segmentation_view, which holds
the figures, the texts and the cached core calls.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

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


# --------------------------------------------------------------------------------------------
# Otsu's threshold


def _stop_using_otsu() -> None:
    # Moving the manual slider means "show me this threshold": switch the picture over to it.
    st.session_state["use_otsu"] = False


def otsu_controls() -> dict:
    """The manual threshold and the two toggles; returns their values."""
    left, right = st.columns([3, 2])
    manual = left.slider("Manual threshold t", 0, 254, key="threshold", on_change=_stop_using_otsu,
                         help="Pixels brighter than t are foreground (white).")
    use_otsu = right.toggle("Use Otsu's threshold", key="use_otsu",
                            help="Off: the picture uses the manual threshold instead.")
    reference = right.toggle("Reference check (OpenCV)", key="otsu_reference")
    return {"manual": manual, "use_otsu": use_otsu, "reference": reference}


def render_otsu(picture) -> None:
    """The picture split at Otsu's (or the manual) threshold, and the curve Otsu maximises."""
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
    """The tutorial's six-level histogram worked by hand, for the threshold on the slider."""
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


def kmeans_controls() -> dict:
    """k, the seed and the two toggles; returns their values."""
    left, middle, right = st.columns([3, 1, 2])
    k = left.slider("Number of colours k", 2, 12, key="k", help="The tutorial uses k = 5.")
    seed = middle.number_input("Seed", 0, 9999, step=1, key="seed",
                               help="Starts of the fit: the same seed always gives the same "
                               "result.")
    scatter = right.toggle("Show the clusters in RGB space", key="scatter",
                           help=f"{view.SCATTER_POINTS:,} pixels in a 3-D view you can turn. The "
                           "browser redraws the 3-D scene whenever k changes, which can take a "
                           "second on a computer without graphics acceleration.")
    reference = right.toggle("Reference check (scikit-learn)", key="kmeans_reference")
    return {"k": k, "seed": int(seed), "scatter": scatter, "reference": reference}


def render_kmeans(picture) -> None:
    """The picture in k colours, its palette and, on request, the clusters in RGB space."""
    settings = kmeans_controls()
    k, seed = settings["k"], settings["seed"]
    with st.spinner(view.clustering_message(k)), parts.friendly_errors():
        result = view.clustering(picture.key, k, seed, _rgb=picture.rgb)
    viewer.before_after(picture.rgb, result.shown, ("Input", f"{k} colours"),
                        before_key=picture.key, after_key=f"{picture.key}|k{k}|seed{seed}",
                        key="kmeans_view")
    if note := view.empty_clusters_note(result, k):
        st.info(note, icon="ℹ️")
    explanation = view.kmeans_explanation(result)
    if settings["scatter"]:
        st.markdown(explanation)
    left, right = st.columns([2, 3])
    with left:
        viewer.show_figure(view.palette_figure(result), key="kmeans_palette")
    with right:
        if settings["scatter"]:
            viewer.show_figure(view.scatter_figure(result), key="kmeans_scatter")
            st.caption(view.SCATTER_CAPTION)
        else:
            st.markdown(explanation)
    if settings["reference"]:
        view.show_kmeans_reference(picture, k, seed)
    view.download_quantized(result, f"kmeans-{k}-colours.png")
    parts.show_code(view.kmeans_code(k, seed))


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
