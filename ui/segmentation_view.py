"""What the Segmentation page shows: its figures, texts and cached computations.

The figure and text builders are pure functions (no Streamlit runtime needed); the cached
wrappers around core calls are keyed by the picture's key and the parameters, with the picture
itself passed as an underscore argument (not hashed).
"""

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
from ui import parts, viewer

BACKGROUND_COLOUR = "#4a4a4a"  # levels <= t: drawn dark, as they are black in the binary picture
FOREGROUND_COLOUR = "#c8c8c8"
OTSU_COLOUR = "#d62728"
MANUAL_COLOUR = "#2e86de"

# Figures are built as one dict and validated once by go.Figure: plotly's make_subplots,
# add_vline and update_* helpers cost ~40 ms a figure here, the single call ~2 ms.


def _vline(x: float, colour: str, axis: str = "", dash: str = "solid", width: float = 2) -> dict:
    return dict(type="line", xref="x" + axis, yref=f"y{axis} domain", x0=x, x1=x, y0=0, y1=1,
                line=dict(color=colour, width=width, dash=dash))


# --------------------------------------------------------------------------------------------
# Otsu's threshold


@dataclass(frozen=True)
class OtsuFacts:
    counts: np.ndarray  # pixels per grey level
    curve: np.ndarray  # between-class variance for every t
    threshold: int  # Otsu's t (gray > t is foreground)


@st.cache_data(max_entries=32, show_spinner=False)
def _otsu_arrays(image_key: str, _gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    # Plain types: cache_data pickles its results (OtsuFacts is made from them after the cache).
    return (segmentation.gray_histogram(_gray), segmentation.between_class_variance(_gray),
            segmentation.otsu_threshold(_gray))


def otsu_facts(image_key: str, gray: np.ndarray) -> OtsuFacts:
    """The histogram, the σ_b² curve and Otsu's threshold of ``gray``, cached by ``image_key``."""
    return OtsuFacts(*_otsu_arrays(image_key, _gray=gray))


def otsu_figure(facts: OtsuFacts, used: int, manual: int) -> go.Figure:
    """The histogram split at the threshold in use, beside the σ_b² curve; one figure, so the
    browser lays out one chart rather than two."""
    levels = np.arange(256)
    best = facts.threshold

    def area(mask, colour, name):
        # A filled step outline: two paths in the browser, where 256 bars would be 256.
        return dict(type="scatter", x=levels, y=np.where(mask, facts.counts, 0), mode="lines",
                    line=dict(shape="hvh", width=0.5, color=colour), fill="tozeroy",
                    fillcolor=colour, name=name,
                    hovertemplate="level %{x}: %{y} pixels<extra>" + name + "</extra>")

    data = [
        area(levels <= used, BACKGROUND_COLOUR, f"background (≤ {used})"),
        area(levels > used, FOREGROUND_COLOUR, f"foreground (> {used})"),
        dict(type="scatter", x=levels, y=facts.curve, mode="lines", name="σ_b²(t)",
             line=dict(color="#333333", width=1.5), xaxis="x2", yaxis="y2",
             hovertemplate="t = %{x}: σ_b² = %{y:.1f}<extra></extra>"),
        dict(type="scatter", x=[best], y=[facts.curve[best]], mode="markers", name="maximum",
             marker=dict(color=OTSU_COLOUR, size=11, symbol="star"), xaxis="x2", yaxis="y2",
             hovertemplate="Otsu: t = %{x}, σ_b² = %{y:.1f}<extra></extra>"),
    ]
    # Legend entries for the two lines (shapes have none).
    for name, colour, dash in ((f"Otsu t = {best}", OTSU_COLOUR, "solid"),
                               (f"manual t = {manual}", MANUAL_COLOUR, "dash")):
        data.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=name,
                         line=dict(color=colour, dash=dash, width=2), xaxis="x2", yaxis="y2"))
    shapes = [_vline(x, colour, axis, dash) for axis in ("", "2")
              for x, colour, dash in ((best, OTSU_COLOUR, "solid"),
                                      (manual, MANUAL_COLOUR, "dash"))]
    level_axis = dict(range=[-1, 256], title=dict(text="grey level t"))
    layout = dict(
        xaxis=dict(domain=[0, 0.45], **level_axis),
        xaxis2=dict(domain=[0.55, 1], **level_axis),
        yaxis=dict(title=dict(text="pixels"), rangemode="tozero"),
        yaxis2=dict(anchor="x2", title=dict(text="σ_b² (levels²)"), rangemode="tozero"),
        shapes=shapes,
        annotations=[viewer.panel_title(f"Histogram: levels ≤ {used} are background"),
                     viewer.panel_title("Between-class variance σ_b²(t)", "2")],
        height=330, margin=dict(l=55, r=10, t=30, b=90),
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.3),
    )
    return go.Figure(data=data, layout=layout)


def otsu_comparison_text(facts: OtsuFacts, manual: int) -> str:
    """How the manual threshold's σ_b² compares with Otsu's maximum (Markdown with LaTeX)."""
    best_variance = float(facts.curve[facts.threshold])
    manual_variance = float(facts.curve[manual])
    if manual == facts.threshold:
        return (f"Your manual t = {manual} is Otsu's choice: $\\sigma_b^2 = {best_variance:.1f}$, "
                "the largest possible.")
    loss = (best_variance - manual_variance) / best_variance * 100
    return (f"Manual t = {manual} gives $\\sigma_b^2 = {manual_variance:.1f}$, "
            f"**{loss:.1f} % below** Otsu's maximum {best_variance:.1f} at t = {facts.threshold}: "
            "its two classes are less well separated (their means closer, or one class tiny).")


def show_otsu_summary(gray: np.ndarray, used: int, facts: OtsuFacts, manual: int) -> None:
    """The foreground's share and the manual t against Otsu's; for a picture of a single grey
    level, why there is nothing to separate instead."""
    low, high = int(gray.min()), int(gray.max())
    if low == high:
        side = "foreground (white)" if low > used else "background (black)"
        st.info(f"This picture has a single grey level ({low}): there is nothing to separate. "
                "Otsu's method then returns t = 0, as OpenCV does, and every pixel falls on "
                f"the same side: here all of them are {side}.", icon="ℹ️")
    else:
        share = np.count_nonzero(gray > used) / gray.size * 100
        st.markdown(f"Foreground (white, levels above {used}): **{share:.1f} %** of the pixels. "
                    + otsu_comparison_text(facts, manual))


OTSU_EXPLANATION = (
    r"Otsu's method tries every threshold $t$ and keeps the one whose two classes are best "
    r"separated: it maximises the between-class variance "
    r"$\sigma_b^2(t) = w_0 w_1 (\mu_0 - \mu_1)^2$, where $w_0, w_1$ are the shares of pixels "
    r"at or below $t$ and above it and $\mu_0, \mu_1$ their mean levels. A histogram with two "
    r"humps gets its threshold in the valley between them.")
OTSU_CONVENTION = ("Like OpenCV, this page counts level t in the background: `gray > t` is the "
                   "foreground (the tutorial's own loop puts t in the foreground, one level "
                   "higher).")


@st.cache_data(max_entries=16, show_spinner=False)
def otsu_reference(image_key: str, _gray: np.ndarray) -> dict:
    """Our Otsu threshold and OpenCV's THRESH_OTSU on ``_gray``, each with its best-of-5 time."""
    def opencv() -> int:
        return int(cv2.threshold(_gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0])

    ours, ours_ms = parts.timed(lambda: segmentation.otsu_threshold(_gray), repeat=5)
    theirs, theirs_ms = parts.timed(opencv, repeat=5)
    return {"ours": ours, "ours_ms": ours_ms, "theirs": theirs, "theirs_ms": theirs_ms}


def show_otsu_reference(picture) -> None:
    """The reference check: our threshold and OpenCV's, their times and their difference."""
    check = otsu_reference(picture.key, _gray=picture.gray)
    parts.metric_row(
        ("Ours", f"t = {check['ours']}", {"delta": f"{check['ours_ms']:.2f} ms", **parts.PLAIN_DELTA}),
        ("OpenCV THRESH_OTSU", f"t = {check['theirs']}",
         {"delta": f"{check['theirs_ms']:.2f} ms", **parts.PLAIN_DELTA}),
        ("Difference", f"{abs(check['ours'] - check['theirs'])} levels"))
    note = ("Best of 5 runs each, on this picture's greyscale version. Ours computes the whole "
            "σ_b² curve from the 256-bin histogram with cumulative sums, like OpenCV's loop.")
    if check["ours"] != check["theirs"]:
        note += (" They differ only when two thresholds tie exactly: OpenCV built with Intel IPP "
                 "may then pick another of the tied levels.")
    st.caption(note)


def otsu_code(threshold: int, used: int) -> str:
    """The core calls behind the Otsu view, for "Show the code"."""
    return f"""
from core.images import decode_image, to_gray
from core import segmentation

gray = to_gray(decode_image(data))
t = segmentation.otsu_threshold(gray)  # {threshold} for this picture
curve = segmentation.between_class_variance(gray)  # sigma_b^2 for t = 0..255
binary = (gray > {used}).astype("uint8") * 255  # foreground white
"""


# --------------------------------------------------------------------------------------------
# The tutorial's worked example

EXAMPLE_LEVELS = len(segmentation.TUTORIAL_COUNTS)


@st.cache_data(max_entries=1, show_spinner=False)
def example_table() -> segmentation.OtsuTable:
    """Otsu's method written out for the tutorial's six-level histogram."""
    return segmentation.otsu_table(segmentation.TUTORIAL_COUNTS)


@st.cache_data(max_entries=1, show_spinner=False)
def opencv_on_example() -> int:
    """OpenCV's Otsu on a 38-pixel picture with the worked example's histogram."""
    pixels = np.repeat(np.arange(EXAMPLE_LEVELS, dtype=np.uint8), segmentation.TUTORIAL_COUNTS)
    return int(cv2.threshold(pixels[None, :], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0])


def example_intro() -> str:
    """The worked example's opening paragraph, with the tutorial's counts."""
    counts = segmentation.TUTORIAL_COUNTS
    return (f"The tutorial works Otsu's method by hand on a tiny picture with six grey levels, "
            f"0 to 5, of {', '.join(map(str, counts))} pixels. Move t and watch the two classes, "
            "their weights, means and variances change.")


def example_figure(t: int, table: segmentation.OtsuTable) -> go.Figure:
    """The tutorial's histogram, dark up to t, with the threshold and the two class means."""
    levels = np.arange(EXAMPLE_LEVELS)
    counts = np.asarray(segmentation.TUTORIAL_COUNTS)
    bars = dict(type="bar", x=levels, y=counts, text=counts, textposition="outside",
                showlegend=False,
                marker=dict(color=np.where(levels <= t, BACKGROUND_COLOUR, FOREGROUND_COLOUR)),
                hovertemplate="level %{x}: %{y} pixels<extra></extra>")
    shapes = [_vline(t + 0.5, MANUAL_COLOUR, dash="dash")]
    labels = [dict(text=f"t = {t}", x=t + 0.5, y=1.0, xref="x", yref="y domain",
                   showarrow=False, yanchor="bottom")]
    shapes += [_vline(float(mean), OTSU_COLOUR, dash="dot", width=1.5)
               for mean in (table.mu0[t], table.mu1[t])]
    # The means' values are in the metrics beside the chart; here a legend entry says what
    # the dotted lines are (labels on them would collide with the bars' counts).
    means = dict(type="scatter", x=[None], y=[None], mode="lines", name="class means μ₀, μ₁",
                 line=dict(color=OTSU_COLOUR, dash="dot", width=1.5))
    layout = dict(
        height=300, margin=dict(l=50, r=10, t=40, b=40), shapes=shapes, annotations=labels,
        showlegend=True, legend=dict(x=1, xanchor="right", y=0.98, yanchor="top"),
        xaxis=dict(title=dict(text="grey level"), dtick=1, range=[-0.6, EXAMPLE_LEVELS - 0.4]),
        yaxis=dict(title=dict(text="pixels"), range=[0, max(counts) * 1.25]),
        title=viewer.figure_title("The tutorial's histogram: dark = background (levels ≤ t)"))
    return go.Figure(data=[bars, means], layout=layout)


def example_metrics(t: int, table: segmentation.OtsuTable) -> list[tuple[str, float]]:
    """The eight numbers of threshold t, labelled, in the order the metrics show them."""
    return [("w₀ (background share)", table.w0[t]),
            ("w₁ (foreground share)", table.w1[t]),
            ("μ₀ (background mean)", table.mu0[t]),
            ("μ₁ (foreground mean)", table.mu1[t]),
            ("σ₀² (background variance)", table.var0[t]),
            ("σ₁² (foreground variance)", table.var1[t]),
            (r"$\sigma_w^2$ (within-class)", table.within[t]),
            (r"$\sigma_b^2$ (between-class)", table.between[t])]


def show_example_metrics(t: int, table: segmentation.OtsuTable) -> None:
    """The numbers of threshold t as metrics in two columns, background left."""
    first, second = st.columns(2)
    for index, (label, value) in enumerate(example_metrics(t, table)):
        (first if index % 2 == 0 else second).metric(label, f"{value:.4f}")


EXAMPLE_FORMULAS = r"""\begin{gathered}
        w_0 = \frac{1}{N}\sum_{i \le t} n_i, \qquad
        \mu_0 = \frac{\sum_{i \le t} i\,n_i}{\sum_{i \le t} n_i}, \qquad
        \sigma_0^2 = \frac{\sum_{i \le t} (i - \mu_0)^2\, n_i}{\sum_{i \le t} n_i}
        \quad \text{(the same over } i > t \text{ for } w_1, \mu_1, \sigma_1^2 \text{)} \\[6pt]
        \sigma_w^2 = w_0\sigma_0^2 + w_1\sigma_1^2, \qquad
        \sigma_b^2 = w_0 w_1 (\mu_0-\mu_1)^2, \qquad
        \sigma_w^2 + \sigma_b^2 = \sigma^2
        \end{gathered}"""


def total_variance_text(table: segmentation.OtsuTable) -> str:
    """Why maximising σ_b² is the same as minimising σ_w²."""
    return (
        rf"The total variance $\sigma^2 = {table.total_variance:.4f}$ is the same for every t, so "
        "the t with the smallest within-class variance is also the t with the largest "
        "between-class variance, and maximising $\\sigma_b^2$ is the cheaper way to find it: it "
        "needs no class variances at all.")


def _fraction(numerator: str, denominator: str) -> str:
    return r"\dfrac{" + numerator + "}{" + denominator + "}"


def example_arithmetic(t: int, table: segmentation.OtsuTable) -> str:
    """The formulas with this t's numbers put in, as one would work them by hand."""
    counts = segmentation.TUTORIAL_COUNTS
    total = sum(counts)
    back, fore = range(0, t + 1), range(t + 1, EXAMPLE_LEVELS)
    n0, n1 = sum(counts[i] for i in back), sum(counts[i] for i in fore)

    def weighted_sum(levels) -> str:
        return " + ".join(f"{i}\\cdot{counts[i]}" for i in levels)

    def squares(levels, mean) -> str:
        return " + ".join(f"{counts[i]}({i} - {mean:.3f})^2" for i in levels)

    mu0, mu1 = table.mu0[t], table.mu1[t]
    lines = [
        rf"w_0 = {_fraction(str(n0), str(total))} = {table.w0[t]:.4f},\quad "
        rf"w_1 = {_fraction(str(n1), str(total))} = {table.w1[t]:.4f}",
        rf"\mu_0 = {_fraction(weighted_sum(back), str(n0))} = {mu0:.4f},\quad "
        rf"\mu_1 = {_fraction(weighted_sum(fore), str(n1))} = {mu1:.4f}",
        rf"\sigma_0^2 = {_fraction(squares(back, mu0), str(n0))} = {table.var0[t]:.4f}",
        rf"\sigma_1^2 = {_fraction(squares(fore, mu1), str(n1))} = {table.var1[t]:.4f}",
        rf"\sigma_w^2 = {table.w0[t]:.4f}\cdot{table.var0[t]:.4f} + "
        rf"{table.w1[t]:.4f}\cdot{table.var1[t]:.4f} = {table.within[t]:.4f}",
        rf"\sigma_b^2 = {table.w0[t]:.4f}\cdot{table.w1[t]:.4f}\cdot({mu0:.4f} - {mu1:.4f})^2 "
        rf"= {table.between[t]:.4f}",
    ]
    return r"\begin{gathered}" + r" \\[6pt] ".join(lines) + r"\end{gathered}"


def example_dataframe(table: segmentation.OtsuTable):
    """One row per threshold that leaves both classes non-empty, the best one highlighted."""
    rows = slice(0, EXAMPLE_LEVELS - 1)  # t = 5 leaves the foreground empty
    frame = pd.DataFrame({
        "t": table.thresholds[rows],
        "background": [f"0–{t}" if t else "0" for t in table.thresholds[rows]],
        "w₀": table.w0[rows], "w₁": table.w1[rows],
        "μ₀": table.mu0[rows], "μ₁": table.mu1[rows],
        "σ₀²": table.var0[rows], "σ₁²": table.var1[rows],
        "within-class σ²": table.within[rows], "between-class σ²": table.between[rows],
        "Otsu": ["◀ best" if t == table.best_threshold else "" for t in table.thresholds[rows]],
    })

    def highlight(row):
        colour = "background-color: #fde2d7" if row["t"] == table.best_threshold else ""
        return [colour] * len(row)

    numbers = [name for name in frame.columns if name not in ("t", "background", "Otsu")]
    return frame.style.apply(highlight, axis=1).format("{:.4f}", subset=numbers)


def example_conclusion(table: segmentation.OtsuTable, opencv_threshold: int) -> str:
    """The tutorial's slip (it divides by 36), the right best threshold, and OpenCV's answer."""
    total = sum(segmentation.TUTORIAL_COUNTS)
    best = table.best_threshold
    return (
        f"**The tutorial divides by 36, but its counts add up to {total}**: this page divides by "
        f"{total} (the sum of the histogram), and then the best threshold is **t = {best}** "
        f"(levels 0–{best} background), with the largest $\\sigma_b^2$ "
        f"({table.between[best]:.4f}) and the smallest $\\sigma_w^2$ ({table.within[best]:.4f}). "
        f"OpenCV's `THRESH_OTSU` on a {total}-pixel picture with this histogram returns "
        f"t = {opencv_threshold}.")


EXAMPLE_TABLE_NOTE = ("t = 5 is left out of the table: it puts every pixel in the background, so "
                      "the foreground is empty and has no mean.")


def example_code(t: int, best: int) -> str:
    """The core calls behind the worked example, for "Show the code"."""
    counts = segmentation.TUTORIAL_COUNTS
    return f"""
from core import segmentation

table = segmentation.otsu_table(segmentation.TUTORIAL_COUNTS)  # counts {counts}
table.w0[{t}], table.mu0[{t}], table.var0[{t}], table.within[{t}], table.between[{t}]
table.best_threshold  # {best}
"""


# --------------------------------------------------------------------------------------------
# K-means colours

# The 3-D scatter shows this many pixels: enough to show the clusters' shapes. It is off by
# default: in headless Chromium without a GPU, redrawing a 3-D scene costs 0.5-1.5 s a k move.
SCATTER_POINTS = 3000
# The typical colour error is estimated on this many pixels: within a fraction of a percent,
# for a tenth of the time the exact inertia takes at 1 megapixel.
ERROR_SAMPLE = 2 ** 16
SAMPLE_SEED = 0  # the same pixels whatever k is, so the clusters can be compared


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


def clustering_message(k: int) -> str:
    """The spinner's text: the first fit in this process also pays scikit-learn's import."""
    if "sklearn" not in sys.modules:
        return "Loading scikit-learn (about a second, the first time only) and clustering…"
    return f"Grouping the pixels into {k} colours…"


# cache_resource, not cache_data: the arrays are read-only, and cache_data would copy megabytes
# of labels on every slider move. An entry holds ~2.3 MB at 1 megapixel (~9 MB at 8).
@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def clustering(image_key: str, k: int, seed: int, _rgb: np.ndarray) -> Clustering:
    """K-means colours of ``_rgb`` with what the section shows of them, cached by
    (``image_key``, ``k``, ``seed``)."""
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


def _hex(colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in colour))


def palette_figure(result: Clustering) -> go.Figure:
    """One bar per cluster that got pixels, in its centre's colour, as tall as its share."""
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
        title=viewer.figure_title("The palette: centres and their pixel shares"),
        xaxis=dict(title=dict(text="colour (largest share first)"), type="category"),
        yaxis=dict(title=dict(text="% of pixels"), range=[0, float(result.shares.max()) * 118]))
    return go.Figure(data=[bars], layout=layout)


def scatter_figure(result: Clustering) -> go.Figure:
    """The pixel sample in the RGB cube, one trace per cluster, and the centres as diamonds."""
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
        title=viewer.figure_title(f"{len(result.sample_rgb):,} pixels in RGB space, by cluster"),
        scene=dict(xaxis=dict(title=dict(text="R"), **axis),
                   yaxis=dict(title=dict(text="G"), **axis),
                   zaxis=dict(title=dict(text="B"), **axis), aspectmode="cube"),
        legend=dict(itemsizing="constant", orientation="h", y=0), uirevision="rgb-scatter")
    return go.Figure(data=traces, layout=layout)


@st.cache_data(max_entries=8, show_spinner=False)
def kmeans_reference(image_key: str, k: int, seed: int, _rgb: np.ndarray) -> dict:
    """Our fit and scikit-learn's KMeans on every pixel: the time and inertia of each."""
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


def show_kmeans_reference(picture, k: int, seed: int) -> None:
    """The reference check: both fits' times, their ratio and how their inertias compare."""
    if picture.gray.size < k:
        st.info(f"scikit-learn's KMeans needs at least k = {k} pixels; this picture has "
                f"{picture.gray.size}.", icon="ℹ️")
        return
    with st.spinner(f"Fitting scikit-learn's KMeans(k={k}, n_init=1) on all "
                    f"{picture.gray.size:,} pixels…"):
        check = kmeans_reference(picture.key, k, seed, _rgb=picture.rgb)
    gap = (check["ours_inertia"] / check["full_inertia"] - 1) * 100 if check["full_inertia"] \
        else 0.0
    parts.metric_row(("Ours", f"{check['ours_ms']:.0f} ms"),
                     ("scikit-learn, all pixels", f"{check['full_ms']:.0f} ms"),
                     ("Time ratio", f"{check['ours_ms'] / check['full_ms']:.2f}"),
                     ("Inertia, ours vs theirs", f"{gap:+.2f} %"))
    st.caption(
        f"Inertia (sum of squared RGB distances to the centres): ours {check['ours_inertia']:.4g}"
        f", scikit-learn's {check['full_inertia']:.4g}; negative means ours fits better. "
        "scikit-learn runs once from one start (n_init=1, as the tutorial calls it), so its "
        "result depends on the seed; ours fits a summary of the picture from 10 starts.")


def empty_clusters_note(result: Clustering, k: int) -> str | None:
    """Why some of the k clusters are empty, when the picture has fewer than k colours."""
    used = int(np.count_nonzero(result.shares > 0))
    if used >= k:
        return None
    return (f"This picture has only {used} distinct colour{'s' if used > 1 else ''}, so only "
            f"{used} of the {k} clusters get pixels: each colour is its own cluster and the "
            "result is exact. The empty clusters are left out below.")


def kmeans_explanation(result: Clustering) -> str:
    """What K-means did, how far the typical pixel moved and how long the fit took."""
    return (
        "Every pixel is a point in the RGB cube; K-means places k centres so that the sum of "
        "squared distances from each pixel to its nearest centre (the *inertia*) is as small as "
        "it can find, and each pixel is then painted in its centre's colour. Here the typical "
        f"pixel moved by **{result.rms_error:.1f} levels** (root mean square RGB distance); "
        f"more colours, less error. Fitted in {result.seconds * 1000:.0f} ms on a summary of "
        "the picture (the mean colour of every occupied 8×8×8 box of the RGB cube), then every "
        "pixel goes to its nearest centre.")


SCATTER_CAPTION = ("A fixed random sample of the pixels (the same ones for every k), coloured by "
                   "cluster; diamonds are the centres. Drag to turn the cube.")


def download_quantized(result: Clustering, file_name: str) -> None:
    """The download button for the quantized picture at full size."""
    parts.download_png(lambda: segmentation.quantize(result.labels, result.centers), file_name)


def kmeans_code(k: int, seed: int) -> str:
    """The core calls behind the K-means view, for "Show the code"."""
    return f"""
from core.images import decode_image
from core import segmentation

rgb = decode_image(data)
labels, centers = segmentation.kmeans_colors(rgb, k={k}, seed={seed})
quantized = segmentation.quantize(labels, centers)  # centers[labels]
shares = segmentation.cluster_shares(labels, k={k})
inertia = segmentation.kmeans_inertia(rgb, labels, centers)
"""
