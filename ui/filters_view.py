"""What the Filters page shows: kernels and their cached results, the annotated matrices of the
kernel and the worked example, the captions and formulas, the reference check, the chain of filters.

The figure and text builders are pure functions (cheap to test without a Streamlit runtime); the
``st.cache_data`` wrappers around core are keyed by the picture's key and the parameters, with the
picture itself as an underscore argument. The page draws the widgets and calls these in order.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import convolution as conv
from ui import parts, viewer
from ui.params import Param

KERNEL_LABELS = {
    "box": "Box blur",
    "gaussian": "Gaussian 3×3",
    "gaussian_sigma": "Gaussian by σ",
    "sharpen": "Sharpen",
    "outline": "Outline",
    "sobel_top": "Sobel top",
    "sobel_bottom": "Sobel bottom",
    "sobel_left": "Sobel left",
    "sobel_right": "Sobel right",
    "sobel_magnitude": "Sobel magnitude",
    "custom": "Custom",
}
CHAIN_LABELS = {
    "sharpen": "Sharpen",
    "outline": "Outline",
    "box": "Box blur",
    "gaussian": "Gaussian (σ)",
    "median": "Median",
    "sobel_magnitude": "Sobel magnitude",
    "sobel_top": "Sobel top",
    "sobel_bottom": "Sobel bottom",
    "sobel_left": "Sobel left",
    "sobel_right": "Sobel right",
    "kernel": "Custom kernel",
}
MAX_CUSTOM_WEIGHT = 1000.0  # keeps typed and linked kernels far from overflowing anything
# SciPy's convolve2d is a direct method: kernel entries x pixels multiply-adds. Beyond this many
# it runs on a centre crop, so the reference check answers in about a second, not minutes.
SCIPY_BUDGET = 60_000_000
TUTORIAL_KERNEL = tuple(float(value) for value in conv.TUTORIAL_KERNEL.ravel())


# --------------------------------------------------------------------------------------------
# The page's own URL parameters


@dataclass(frozen=True)
class KernelParam(Param):
    """A square custom kernel (3x3 or 5x5) in the URL as comma-separated numbers, row by row."""

    def _parse(self, text: str):
        values = tuple(float(value) for value in text.split(","))
        if len(values) not in (9, 25) or not all(math.isfinite(value) for value in values):
            return self.default
        return tuple(min(max(value, -MAX_CUSTOM_WEIGHT), MAX_CUSTOM_WEIGHT) for value in values)

    def accepts(self, value) -> bool:
        return isinstance(value, (tuple, list)) and len(value) in (9, 25)

    def format(self, value) -> str:
        return ",".join(f"{number:g}" for number in value)


@dataclass(frozen=True)
class ChainParam(Param):
    """The user's chain of filters in the URL as comma-separated names, in order."""

    def _parse(self, text: str):
        names = [name for name in text.split(",") if name in self.options]
        return list(dict.fromkeys(names))  # a multiselect holds each filter once

    def accepts(self, value) -> bool:
        return isinstance(value, list) and all(name in self.options for name in value)

    def format(self, value) -> str:
        return ",".join(value)


# --------------------------------------------------------------------------------------------
# Kernels and the cached filtering


def kernel_spec(settings: dict) -> tuple:
    """A small hashable description of the chosen kernel: the cache key of its results."""
    name = settings["kernel"]
    if name == "box":
        return ("box", settings["box_size"])
    if name == "gaussian_sigma":
        return ("gaussian_sigma", settings["sigma"])
    if name == "custom":
        return ("custom", settings["custom"], settings["normalize"])
    return (name,)


def kernels_of(spec: tuple) -> list[tuple[str, np.ndarray]]:
    """(title, kernel) pairs the spec stands for: two for the Sobel magnitude, else one."""
    name = spec[0]
    if name == "box":
        return [(f"Box {spec[1]}×{spec[1]}", conv.box_kernel(spec[1]))]
    if name == "gaussian_sigma":
        kernel = conv.gaussian_kernel(spec[1])
        return [(f"Gaussian σ = {spec[1]:g} ({len(kernel)}×{len(kernel)})", kernel)]
    if name == "custom":
        values = np.array(spec[1], dtype=np.float64)
        side = math.isqrt(values.size)
        kernel = values.reshape(side, side)
        if spec[2] and kernel.sum() != 0:
            kernel = kernel / kernel.sum()
        return [(f"Custom {side}×{side}", kernel)]
    if name == "sobel_magnitude":
        return [("Gx: Sobel left", conv.KERNELS["sobel_left"]),
                ("Gy: Sobel top", conv.KERNELS["sobel_top"])]
    return [(KERNEL_LABELS[name], conv.KERNELS[name])]


def _combine(results: list[np.ndarray]) -> np.ndarray:
    """One kernel's result as it is; two (Gx, Gy) as the magnitude."""
    return results[0] if len(results) == 1 else np.hypot(*results)


def filter_image(image: np.ndarray, spec: tuple, mode: str, boundary: str,
                 stride: int = 1) -> np.ndarray:
    """The signed float64 result of the chosen kernel(s); the magnitude combines Gx and Gy."""
    return _combine([conv.convolve(image, kernel, mode, boundary, stride)
                     for _, kernel in kernels_of(spec)])


@st.cache_data(max_entries=32, show_spinner=False)
def filtered(image_key: str, spec: tuple, mode: str, boundary: str,
             _image: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The stride-1 result as the tutorial shows it (clipped to 0-255), and the fractions of
    outputs lost below 0 and above 255. A uint8 picture is 8x smaller to keep and copy than the
    float result, and every stride is a slice of it, so the stride slider costs nothing."""
    result = filter_image(_image, spec, mode, boundary)
    below = np.count_nonzero(result < -0.5) / result.size
    above = np.count_nonzero(result > 255.5) / result.size
    return conv.to_display(result), below, above


def planned_size(shape: tuple, kernel_shape: tuple, mode: str, stride: int) -> tuple[int, int]:
    """(height, width) by (N - F + 2P) / S + 1; ValueError if the kernel does not fit."""
    return tuple(conv.output_size(n, f, conv.mode_padding(mode, f), stride)
                 for n, f in zip(shape[:2], kernel_shape))


# --------------------------------------------------------------------------------------------
# Small matrices as annotated heatmaps (the kernel, the worked example)


def cell_text(value: float) -> str:
    """A matrix entry as the tutorial prints it: whole numbers without decimals, blank if NaN."""
    if not math.isfinite(value):
        return ""
    return f"{value:.3g}" if value != round(value) else f"{value:.0f}"


DIVERGING = [[0, "#e8836f"], [0.5, "#ffffff"], [1, "#6fa8dc"]]
SEQUENTIAL = [[0, "#ffffff"], [1, "#6fa8dc"]]


@dataclass
class MatrixPanel:
    """One matrix of :func:`matrices_figure`: its values, title and optional highlighted window."""

    values: np.ndarray
    title: str
    highlight: tuple[int, int, int, int] | None = None  # top, left (from 0), height, width
    text: bool = True
    diverging: bool = True


def matrices_figure(panels: list[MatrixPanel], height: int = 230) -> go.Figure:
    """Matrices side by side, their numbers in the cells, with optional highlighted windows.

    Axes, titles and shapes are laid out by hand: plotly's subplot helpers (make_subplots,
    update_xaxes(row=, col=)) cost about 20 ms per figure, which every slider move would pay."""
    spacing = 0.2 / max(len(panels), 1)
    widths = np.array([panel.values.shape[1] for panel in panels], dtype=float)
    spans = widths / widths.sum() * (1 - spacing * (len(panels) - 1))
    traces, layout, titles, shapes = [], {}, [], []
    left_edge = 0.0
    for index, (panel, span) in enumerate(zip(panels, spans), start=1):
        suffix = "" if index == 1 else str(index)
        values = np.asarray(panel.values, dtype=np.float64)
        finite = values[np.isfinite(values)]
        reach = float(np.abs(finite).max()) if finite.size else 1.0
        # Pale ends keep the black numbers readable; zero is white in the diverging scale.
        colour = dict(colorscale=DIVERGING, zmid=0, zmin=-(reach or 1), zmax=reach or 1) \
            if panel.diverging else dict(colorscale=SEQUENTIAL, zmin=0, zmax=max(reach, 1))
        text = [[cell_text(v) for v in row] for row in values] if panel.text else None
        # Rows and columns counted from 1, as the captions count them.
        traces.append(go.Heatmap(
            z=np.where(np.isfinite(values), values, None), text=text,
            x=np.arange(1, values.shape[1] + 1), y=np.arange(1, values.shape[0] + 1),
            texttemplate="%{text}" if panel.text else None, textfont=dict(size=13, color="black"),
            showscale=False, xgap=1, ygap=1, xaxis="x" + suffix, yaxis="y" + suffix, **colour,
            hovertemplate="row %{y}, column %{x}: %{z:.4g}<extra>" + panel.title + "</extra>",
        ))
        axis = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False,
                    constrain="domain", fixedrange=True)
        layout["xaxis" + suffix] = dict(domain=[left_edge, left_edge + span], anchor="y" + suffix,
                                        **axis)
        layout["yaxis" + suffix] = dict(autorange="reversed", scaleanchor="x" + suffix,
                                        anchor="x" + suffix, **axis)
        titles.append(viewer.panel_title(panel.title, suffix, yshift=4, font=dict(size=13)))
        if panel.highlight is not None:
            top, left, rows, cols = panel.highlight
            shapes.append(dict(type="rect", xref="x" + suffix, yref="y" + suffix,
                               x0=left + 0.5, x1=left + cols + 0.5, y0=top + 0.5,
                               y1=top + rows + 0.5, line=dict(color="#e4572e", width=4)))
        left_edge += span + spacing
    figure = go.Figure(traces)
    figure.update_layout(**layout, annotations=titles, shapes=shapes, height=height,
                         margin=dict(l=4, r=4, t=30, b=4), dragmode=False,
                         plot_bgcolor="#ececec")  # blank cells (not computed yet) show grey
    return figure


def matrix_latex(matrix: np.ndarray) -> str:
    """A small matrix as a LaTeX bmatrix, its entries written as in the heatmaps."""
    rows = r" \\ ".join(" & ".join(cell_text(v) for v in row) for row in matrix)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


# --------------------------------------------------------------------------------------------
# Section 1: filter a picture


EXPLANATIONS = {
    "box": r"Every output pixel is the mean of the $n \times n$ pixels around it (each weight "
    r"$1/n^2$, so the weights sum to 1 and flat areas keep their brightness). Detail smaller "
    "than the box is averaged away: the larger the box, the blurrier.",
    "gaussian": "A weighted mean: the centre pixel counts 4/16, its four neighbours 2/16 and the "
    "corners 1/16. A gentler blur than the box, without its square-shaped smearing.",
    "gaussian_sigma": r"Weights $e^{-d^2 / 2\sigma^2}$ of the distance $d$ to the centre, cut at "
    r"$3\sigma$ (so the kernel is $2\lceil 3\sigma \rceil + 1$ pixels wide) and normalised to "
    "sum 1. Near pixels count most; σ sets how far the blur reaches.",
    "sharpen": "The weights sum to 1, so flat areas are unchanged; where a pixel differs from its "
    "four neighbours that difference is added to it, which makes edges steeper (and noise "
    "stronger).",
    "outline": "The weights sum to 0: on any flat area the output is 0 (black). Only where a pixel "
    "differs from its eight neighbours does something remain, so edges in every direction light "
    "up.",
    "sobel_magnitude": r"Two Sobel kernels measure how fast the picture changes across "
    r"($G_x$, Sobel left) and down ($G_y$, Sobel top); the magnitude "
    r"$\sqrt{G_x^2 + G_y^2}$ is never negative, so both sides of every edge show, in every "
    "direction.",
    "custom": "Your own weights. Their sum decides the brightness of flat areas: 1 keeps it, 0 "
    "turns flat areas black (an edge detector), more than 1 brightens (use *normalise*).",
}
# With convolution (kernel flipped), which side of a bright region each Sobel kernel makes positive.
SOBEL_SIDES = {
    "sobel_top": ("top", "bottom", "brighter going down"),
    "sobel_bottom": ("bottom", "top", "darker going down"),
    "sobel_left": ("left", "right", "brighter going right"),
    "sobel_right": ("right", "left", "darker going right"),
}


def _resize_custom() -> None:
    size = st.session_state.get("custom_size")
    if size is None:  # the control was clicked off: keep the grid as it is
        return
    grown = conv.resize_kernel(np.reshape(st.session_state["custom"], (-1, math.isqrt(
        len(st.session_state["custom"])))), size)
    st.session_state["custom"] = tuple(float(value) for value in grown.ravel())
    # A new editor (a new key) starts from the resized grid instead of replaying old edits.
    st.session_state["custom_version"] = st.session_state.get("custom_version", 0) + 1


def custom_kernel_editor() -> tuple[float, ...]:
    """A 3x3 or 5x5 grid of numbers to type into; returns the weights row by row."""
    import pandas as pd  # only this editor needs pandas; Streamlit alone does not import it

    values = st.session_state["custom"]
    side = math.isqrt(len(values))
    # The grid size is not a parameter of its own: it is the number of weights in 'custom'.
    st.session_state["custom_size"] = side
    st.segmented_control("Grid", [3, 5], key="custom_size", on_change=_resize_custom,
                         format_func=lambda n: f"{n}×{n}")
    editor_key = f"custom_editor_{st.session_state.setdefault('custom_version', 0)}"
    if editor_key not in st.session_state:  # a fresh editor: start from the current weights
        st.session_state["custom_base"] = values
    base = np.reshape(st.session_state["custom_base"], (side, side))
    columns = [str(column + 1) for column in range(side)]
    edited = st.data_editor(
        pd.DataFrame(base, columns=columns), key=editor_key, num_rows="fixed", hide_index=True,
        column_config={name: st.column_config.NumberColumn(
            name, min_value=-MAX_CUSTOM_WEIGHT, max_value=MAX_CUSTOM_WEIGHT, width="small")
            for name in columns},
    )
    # An emptied cell counts as 0 rather than stopping the page.
    weights = np.nan_to_num(edited.to_numpy(dtype=np.float64, na_value=0.0))
    weights = np.clip(weights, -MAX_CUSTOM_WEIGHT, MAX_CUSTOM_WEIGHT)
    st.session_state["custom"] = tuple(float(value) for value in weights.ravel())
    st.caption("Type a number into any cell; empty cells count as 0.")
    return st.session_state["custom"]


def kernel_figure(kernels: list[tuple[str, np.ndarray]]) -> go.Figure:
    """The kernel(s) as annotated heatmaps; numbers only where the cells are large enough."""
    panels = [MatrixPanel(kernel, title, text=kernel.shape[0] <= 7) for title, kernel in kernels]
    return matrices_figure(panels, height=200 if len(panels) == 1 else 180)


def kernel_caption(spec: tuple, kernels: list[tuple[str, np.ndarray]]) -> str:
    """What to notice about the weights: their value or sum, and how to read large kernels."""
    name = spec[0]
    kernel = kernels[0][1]
    if name == "box":
        text = f"Every weight is 1/{spec[1] ** 2} ≈ {1 / spec[1] ** 2:.3g}."
    elif name == "sobel_magnitude":
        return "Gy is Gx turned by 90°; each sums to 0."
    else:
        text = f"Weights sum to {kernel.sum():.4g}."
    if kernel.shape[0] > 7:
        text += " Hover over the cells for their values."
    if name == "custom" and spec[2] and kernel.sum() == 0:
        text += " Their sum is 0, so there is nothing to normalise by: kept as typed."
    return text


def does_not_fit_text(error: ValueError, shape: tuple, kernel_shape: tuple) -> str:
    """Why there is no result in *valid* mode when the kernel is larger than the picture."""
    return ("In *valid* mode only windows lying entirely inside the picture count. "
            f"{error} (The picture is {shape[0]} × {shape[1]} pixels, the "
            f"kernel {kernel_shape[0]} × {kernel_shape[1]}.)")


def size_formula_text(shape: tuple, kernel_shape: tuple, mode: str, stride: int,
                      actual: tuple) -> str:
    """The output-size formula evaluated for height and width, beside the actual result."""
    lines = []
    for axis, n, f in (("height", shape[0], kernel_shape[0]), ("width", shape[1], kernel_shape[1])):
        padding = conv.mode_padding(mode, f)
        size = conv.output_size(n, f, padding, stride)
        lines.append(rf"{axis} $\lfloor ({n} - {f} + 2 \cdot {padding:g}) / {stride} \rfloor + 1"
                     rf" = {size}$")
    channels = f" × {actual[2]} channels" if len(actual) == 3 else ""
    return (r"**Output size** $\lfloor (N - F + 2P) / S \rfloor + 1$ per axis, with the padding "
            f"$P$ of the *{mode}* mode:  \n" + " · ".join(lines)
            + f" → actual result **{actual[0]} × {actual[1]}**{channels}")


def result_title(spec: tuple, kernels, equalize: bool) -> str:
    """The title over the result in the before/after view."""
    name = KERNEL_LABELS[spec[0]] if spec[0] != "box" else kernels[0][0].replace("Box", "Box blur")
    if spec[0] in ("gaussian_sigma", "custom"):
        name = kernels[0][0]
    return name + (" · clipped to 0–255, equalized" if equalize else " · clipped to 0–255")


def clipping_text(spec: tuple, below: float, above: float, equalize: bool) -> str:
    """How the signed result became a picture, and for Sobel which edges that leaves black."""
    shown = ("then histogram-equalized to make faint detail visible" if equalize
             else "histogram equalization is off")
    text = (f"Shown as the tutorial shows it: the result clipped to 0–255 ({below:.1%} of the "
            f"outputs were below 0 and became black, {above:.1%} above 255 and became white), "
            f"{shown}.")
    if spec[0] in SOBEL_SIDES:
        positive, negative, change = SOBEL_SIDES[spec[0]]
        text += (f" **Sobel results are signed.** This kernel is positive where the picture gets "
                 f"{change}, i.e. on the {positive} edges of bright regions, and negative on "
                 f"their {negative} edges: negatives clip to 0, so those edges stay black. "
                 "The opposite kernel shows the other side; the magnitude shows both.")
    return text


def result_caption(spec: tuple, below: float, above: float, equalize: bool, stride: int) -> str:
    """The caption under the result: the clipping, and the stretch a stride causes."""
    return clipping_text(spec, below, above, equalize) + (
        f" With stride {stride} the result has fewer pixels and is shown stretched "
        "over the input." if stride > 1 else "")


def filter_input(picture, grey: bool) -> tuple[np.ndarray, str]:
    """The working picture in colour or grey, and the key its cached results go by."""
    return (picture.gray, picture.key + "-grey") if grey else (picture.rgb, picture.key)


def show_filtered(image: np.ndarray, image_key: str, spec: tuple, kernels: list,
                  settings: dict) -> bool:
    """The output-size formula, the picture before and after the kernel, what the result means
    and its download. False, after a warning, when the kernel does not fit under these
    settings (a 'valid' kernel larger than the picture)."""
    mode, stride, equalize = settings["mode"], settings["stride"], settings["equalize"]
    kernel_shape = kernels[0][1].shape
    try:
        planned_size(image.shape, kernel_shape, mode, stride)
    except ValueError as error:
        st.warning(does_not_fit_text(error, image.shape, kernel_shape), icon="⚠️")
        return False
    with parts.friendly_errors():
        result, below, above = filtered(image_key, spec, mode, settings["boundary"], _image=image)
    result = result[::stride, ::stride]
    if equalize:
        result = conv.to_display(result, equalize=True)
    st.markdown(size_formula_text(image.shape, kernel_shape, mode, stride, result.shape))
    if not any(kernel.any() for _, kernel in kernels):
        st.info("Every weight of this kernel is 0, so every output is 0 and the result is "
                "black. Type some numbers into the grid.", icon="ℹ️")
    # The result is named by everything it depends on, so toggling anything else (the
    # reference check, say) reuses its encoding.
    viewer.before_after(image, result, ("Input", result_title(spec, kernels, equalize)),
                        before_key=image_key, key="filters_view",
                        after_key=f"{image_key}|{spec}|{mode}|{settings['boundary']}|{stride}|"
                                  f"{equalize}")
    st.markdown(EXPLANATIONS.get(spec[0], ""))
    st.caption(result_caption(spec, below, above, equalize, stride))
    parts.download_png(result, f"{spec[0]}.png")
    return True


def filter_code(spec: tuple, settings: dict) -> str:
    """The core calls that reproduce the filtered picture with these settings."""
    call = (f'mode="{settings["mode"]}", boundary="{settings["boundary"]}", '
            f'stride={settings["stride"]}')
    load = "to_gray(decode_image(data))" if settings["grey"] else "decode_image(data)"
    if spec[0] == "sobel_magnitude":
        body = (f'gx = convolve(image, KERNELS["sobel_left"], {call})\n'
                f'gy = convolve(image, KERNELS["sobel_top"], {call})\n'
                "result = np.hypot(gx, gy)")
    else:
        if spec[0] == "box":
            kernel = f"box_kernel({spec[1]})"
        elif spec[0] == "gaussian_sigma":
            kernel = f"gaussian_kernel({spec[1]:g})"
        elif spec[0] == "custom":
            kernel = f"np.array({np.round(kernels_of(spec)[0][1], 6).tolist()})"
        else:
            kernel = f'KERNELS["{spec[0]}"]'
        body = f"kernel = {kernel}\nresult = convolve(image, kernel, {call})  # float64, signed"
    return f"""
import numpy as np
from core.images import decode_image, to_gray
from core.convolution import KERNELS, box_kernel, convolve, gaussian_kernel, to_display

image = {load}
{body}
shown = to_display(result, equalize={settings["equalize"]})  # clipped to 0-255 like the tutorial
"""


def opencv_reference(image: np.ndarray, kernel: np.ndarray, mode: str, boundary: str):
    """cv2.filter2D made to compute what convolve computes: pad as the boundary says, then
    correlate with the flipped kernel and keep the windows that lie inside the padding."""
    import cv2

    border = {"fill": cv2.BORDER_CONSTANT, "wrap": cv2.BORDER_WRAP, "symm": cv2.BORDER_REFLECT}
    (top, bottom), (left, right) = conv.padding_amounts(kernel.shape, mode)
    padded = cv2.copyMakeBorder(np.ascontiguousarray(image), top, bottom, left, right,
                                border[boundary], value=0)
    flipped = np.ascontiguousarray(kernel[::-1, ::-1])
    result = cv2.filter2D(padded, cv2.CV_64F, flipped, anchor=(0, 0),
                          borderType=cv2.BORDER_CONSTANT)
    return result[:padded.shape[0] - kernel.shape[0] + 1, :padded.shape[1] - kernel.shape[1] + 1]


SCIPY_MISSING = ("SciPy is not installed here (it is only a test dependency of Image Lab), so "
                 "the comparison with scipy.signal.convolve2d is skipped.")
OPENCV_NOTE = (
    "OpenCV pads with cv2.copyMakeBorder: BORDER_CONSTANT (value 0) matches *fill*, "
    "BORDER_WRAP matches *wrap*, BORDER_REFLECT (edge pixel repeated) matches *symm*; "
    "OpenCV's own default, BORDER_REFLECT_101, repeats no edge pixel and matches none of "
    "them. filter2D computes a cross-correlation, so the kernel is flipped first. For "
    "kernels of 11 × 11 and more it switches to an FFT of lower precision: differences "
    "of about 1e-5 come from that.")


@st.cache_data(max_entries=8, show_spinner="Timing SciPy and OpenCV on this picture…")
def reference_comparisons(image_key: str, spec: tuple, mode: str, boundary: str, stride: int,
                          _image: np.ndarray) -> list[tuple[str, dict | None, str]]:
    """(reference name, :func:`parts.compare` result or None when it is missing, note) for
    SciPy's convolve2d and OpenCV's filter2D. Cached: timing the references takes up to a
    second, and nothing here changes until the picture or the filter does."""
    image = _image
    kernels = [kernel for _, kernel in kernels_of(spec)]
    channels = 1 if image.ndim == 2 else image.shape[2]
    comparisons = []
    try:
        import scipy.signal
    except ImportError:
        comparisons.append(("scipy.signal.convolve2d", None, SCIPY_MISSING))
    else:
        work = sum(kernel.size for kernel in kernels) * channels
        crop = image
        note = ("SciPy's convolve2d slides the kernel directly (one multiply-add per kernel "
                "entry and pixel); ours picks a direct, separable or FFT method by the kernel.")
        if work * image.shape[0] * image.shape[1] > SCIPY_BUDGET:
            side = max(int(math.sqrt(SCIPY_BUDGET / work)), *kernels[0].shape)
            top = max(0, (image.shape[0] - side) // 2)
            left = max(0, (image.shape[1] - side) // 2)
            crop = image[top:top + side, left:left + side]
            note += (f" Both are timed on the centre {crop.shape[0]} × {crop.shape[1]} crop: "
                     "convolve2d would take too long on the whole picture with this kernel.")
        planes = [crop.astype(np.float64)] if crop.ndim == 2 else \
            [crop[:, :, c].astype(np.float64) for c in range(crop.shape[2])]

        def scipy_result():
            per_kernel = []
            for kernel in kernels:
                outputs = [scipy.signal.convolve2d(plane, kernel, mode=mode, boundary=boundary)
                           for plane in planes]
                stacked = outputs[0] if crop.ndim == 2 else np.stack(outputs, axis=2)
                per_kernel.append(stacked[::stride, ::stride])
            return _combine(per_kernel)

        comparisons.append(("scipy.signal.convolve2d", parts.compare(
            lambda: filter_image(crop, spec, mode, boundary, stride), scipy_result), note))

    def opencv_result():
        return _combine([opencv_reference(image, kernel, mode, boundary)[::stride, ::stride]
                         for kernel in kernels])

    comparisons.append(("cv2.filter2D", parts.compare(
        lambda: filter_image(image, spec, mode, boundary, stride), opencv_result), OPENCV_NOTE))
    return comparisons


def show_reference_check(image: np.ndarray, image_key: str, spec: tuple, mode: str,
                         boundary: str, stride: int) -> None:
    """Our convolve beside SciPy's convolve2d and OpenCV's filter2D: times and differences."""
    for name, comparison, note in reference_comparisons(image_key, spec, mode, boundary, stride,
                                                        _image=image):
        if comparison is None:
            st.info(note)
        else:
            parts.show_comparison(comparison, name, note)


# --------------------------------------------------------------------------------------------
# Section 2: the worked example


WORKED_INTRO = ("The tutorial's 5 × 5 matrix and 3 × 3 kernel, computed one window at a time: "
                "each output is the sum of the window's values times the kernel's weights.")
WORKED_SIZE = (r"Output size: $(N - F + 2P)/S + 1 = (5 - 3 + 2 \cdot 0)/1 + 1 = 3$ in each "
               "direction, so 3 × 3 = 9 window positions (no padding: the *valid* mode).")
FLIP_EXPLANATION = (
    "Convolution turns the kernel by 180° (flips it top to bottom and left to right) "
    "before sliding it over the picture, while cross-correlation slides it as "
    "written. The tutorial's printed result is the cross-correlation; the two agree "
    "only for kernels that look the same turned round (box, Gaussian, sharpen, "
    "outline), and this kernel does not.")


def worked_figure(steps: list, step: int, flip: bool) -> go.Figure:
    """Input, kernel, window x kernel and the output so far, the current window highlighted;
    ``steps`` from ``conv.window_steps``, ``step`` counted from 1."""
    current = steps[step - 1]
    output = np.full((3, 3), np.nan)
    for done in steps[:step]:
        output[done.row, done.col] = done.total
    kernel_title = "Kernel, flipped (convolution)" if flip else "Kernel (cross-correlation)"
    return matrices_figure([
        MatrixPanel(conv.TUTORIAL_INPUT, "Input 5×5", (current.top, current.left, 3, 3),
                    diverging=False),
        MatrixPanel(current.weights, kernel_title, diverging=False),
        MatrixPanel(current.products, "Window × kernel", diverging=False),
        MatrixPanel(output, "Output 3×3", (current.row, current.col, 1, 1), diverging=False),
    ], height=260)


def _number(value: float) -> str:
    text = cell_text(value)
    return f"({text})" if value < 0 else text


def window_sum_text(current, step: int) -> str:
    """The current window's products written out and summed, in LaTeX."""
    terms = " + ".join(rf"{_number(a)} \cdot {_number(w)}"
                       for a, w in zip(current.receptive_field.ravel(), current.weights.ravel()))
    return (f"Window {step} of 9 → output row {current.row + 1}, column {current.col + 1}:"
            f"\n\n$$\n{terms} = {cell_text(current.total)}\n$$")


def show_both_results(correlation: np.ndarray, convolution: np.ndarray) -> None:
    """The whole cross-correlation and convolution side by side, then how they differ."""
    left, right = st.columns(2)
    left.markdown("**Cross-correlation** (kernel as written), the result the tutorial prints:"
                  f"\n\n$$\n{matrix_latex(correlation)}\n$$")
    right.markdown("**Convolution** (kernel turned by 180°):"
                   f"\n\n$$\n{matrix_latex(convolution)}\n$$")
    st.markdown(FLIP_EXPLANATION)


def worked_code(current, step: int, flip: bool) -> str:
    """The core calls behind the worked example at this window."""
    return f"""
from core.convolution import TUTORIAL_INPUT, TUTORIAL_KERNEL, convolve, window_steps

result = convolve(TUTORIAL_INPUT, TUTORIAL_KERNEL, mode="valid", flip={flip})
steps = window_steps(TUTORIAL_INPUT, TUTORIAL_KERNEL, flip={flip})
step = steps[{step - 1}]  # window at row {current.top}, column {current.left} of the input
step.products, step.total  # window x kernel, and their sum {cell_text(current.total)}
"""


def show_worked_example(step: int, flip: bool) -> None:
    """The window at ``step`` (1-9) worked out, then the whole cross-correlation and
    convolution, and the code behind them."""
    steps = conv.window_steps(conv.TUTORIAL_INPUT, conv.TUTORIAL_KERNEL, flip=flip)
    viewer.show_figure(worked_figure(steps, step, flip), key="worked_figure")
    st.markdown(window_sum_text(steps[step - 1], step))
    if step < 9:
        st.caption("Cells not computed yet are blank; move the slider to slide the window on.")
    st.markdown(WORKED_SIZE)
    show_both_results(
        conv.convolve(conv.TUTORIAL_INPUT, conv.TUTORIAL_KERNEL, "valid", flip=False),
        conv.convolve(conv.TUTORIAL_INPUT, conv.TUTORIAL_KERNEL, "valid", flip=True))
    parts.show_code(worked_code(steps[step - 1], step, flip))


# --------------------------------------------------------------------------------------------
# Section 3: edges that survive noise


EDGES_INTRO = ("Sobel responds to every change of brightness, so noise and fine texture make "
               "edges of their own. Smoothing first keeps the large edges: a Gaussian blur "
               "averages the noise away, a median filter replaces every pixel by the middle "
               "value of its window, which removes specks and keeps edges sharp.")


@st.cache_data(max_entries=8, show_spinner=False)
def noisy_picture(image_key: str, noise: int, _image: np.ndarray) -> np.ndarray:
    """The picture with the seeded Gaussian noise of this level."""
    return conv.add_noise(_image, noise)


@st.cache_data(max_entries=24, show_spinner="Filtering…")
def chain_stages(image_key: str, steps: tuple, _image: np.ndarray) -> tuple[list, float]:
    """Every stage of a chain as a displayable uint8 picture, and the time it took (ms).
    ``steps`` is hashable: (name, sorted parameter items) pairs; ``image_key`` names the input
    including its noise level."""
    started = time.perf_counter()
    stages = conv.apply_chain(_image, [(name, dict(items)) for name, items in steps])
    pictures = [stage.picture for stage in stages]
    return pictures, (time.perf_counter() - started) * 1000


def median_size_caption(requested: int) -> str:
    """What the median slider's value becomes (OpenCV wants odd sizes)."""
    effective = conv.effective_median_size(requested)
    return (f"OpenCV's medianBlur needs an odd size, so {requested} becomes {effective}."
            if effective != requested else f"Window {effective} × {effective}.")


def chain_step(name: str, settings: dict) -> tuple:
    """One step of the user's chain with the parameters set on the page."""
    if name == "box":
        return (name, (("size", settings["chain_box"]),))
    if name == "gaussian":
        return (name, (("sigma", settings["chain_sigma"]),))
    if name == "median":
        return (name, (("size", settings["median_size"]),))
    if name == "kernel":
        kernel = kernels_of(("custom", settings["custom"], settings["normalize"]))[0][1]
        return (name, (("kernel", tuple(map(tuple, kernel.tolist()))),))
    return (name, ())


def smoothing_comparisons(settings: dict) -> dict[str, tuple]:
    """Caption -> chain: Sobel alone, after the Gaussian, after the median."""
    return {
        "Sobel on the picture": (("sobel_magnitude", ()),),
        f"Gaussian σ = {settings['chain_sigma']:g}, then Sobel":
            (chain_step("gaussian", settings), ("sobel_magnitude", ())),
        f"Median {conv.effective_median_size(settings['median_size'])}, then Sobel":
            (chain_step("median", settings), ("sobel_magnitude", ())),
    }


def shown(picture: np.ndarray, equalize: bool) -> np.ndarray:
    """A stage as displayed: histogram-equalized if asked."""
    return conv.to_display(picture, equalize=True) if equalize else picture


def show_comparison(noisy: np.ndarray, results: dict[str, tuple], settings: dict) -> None:
    """The noisy input and Sobel after each smoothing in one row (``results``: caption ->
    (stages, milliseconds) of :func:`smoothing_comparisons`' chains), and what the window
    sizes mean on this picture."""
    noise = settings["noise"]
    pictures = [noisy] + [stages[-1] for stages, _ in results.values()]
    captions = ["Input (grey" + (f", noise σ {noise})" if noise else ")")] + list(results)
    timings = [f"{caption.split(',')[0]}: {elapsed:.0f} ms"
               for caption, (_, elapsed) in results.items()]
    equalize = settings["chain_equalize"]
    viewer.image_grid([shown(p, equalize) for p in pictures], captions, columns=4)
    median = conv.effective_median_size(settings["median_size"])
    share = median / min(noisy.shape)
    if share >= 1:
        size_note = "is larger than this whole picture"
    else:
        size_note = f"is {share:.0%} of this picture's shorter side" + (
            ", so only the largest shapes survive it" if share >= 0.1 else "")
    st.caption("Sobel magnitudes clipped to 0–255 as in the tutorial"
               + (", then equalized" if equalize else "") + ". Window sizes are in pixels, not "
               f"relative: a {median}-pixel median window {size_note}. Each result is computed "
               "once per setting and cached (" + "; ".join(timings) + ").")


def step_caption(index: int, step: tuple) -> str:
    """A chain stage's caption: its position and the filter with its size."""
    name, items = step
    values = dict(items)
    label = CHAIN_LABELS[name]
    if name == "box":
        label += f" {values['size']}×{values['size']}"
    elif name == "gaussian":
        label = f"Gaussian σ = {values['sigma']:g}"
    elif name == "median":
        size = conv.effective_median_size(values["size"])
        label = f"Median {size}×{size}"
    return f"{index}. {label}"


def show_chain(stages: list, steps: tuple, elapsed: float, equalize: bool) -> None:
    """Every stage of the chain in a grid, what it took, and the last stage to download."""
    captions = ["Input"] + [step_caption(index, step) for index, step in enumerate(steps, 1)]
    viewer.image_grid([shown(stage, equalize) for stage in stages], captions, columns=4)
    st.caption(f"Each stage receives the previous one as shown (clipped to 0–255), as when the "
               f"tutorial filters the picture it just displayed. Sobel magnitude turns the "
               f"picture grey. {len(steps)} stage(s) in {elapsed:.0f} ms, cached."
               if steps else "Pick filters above to see each stage.")
    if len(stages) > 1:
        parts.download_png(shown(stages[-1], equalize), "chain.png", key="chain_download")


def _step_code(name: str, items: tuple) -> str:
    if name == "kernel":
        return '("kernel", {"kernel": my_kernel})'
    return f'("{name}", {dict(items)})' if items else f'"{name}"'


def chain_code(steps: tuple, grey: bool, noise: int, equalize: bool) -> str:
    """The core calls that reproduce the chain's stages."""
    described = ", ".join(_step_code(name, items) for name, items in steps)
    return f"""
from core.images import decode_image, to_gray
from core.convolution import add_noise, apply_chain, to_display

image = add_noise({'to_gray(decode_image(data))' if grey else 'decode_image(data)'}, {noise})
stages = apply_chain(image, [{described}])
shown = [to_display(stage.picture, equalize={equalize}) for stage in stages]
"""


def show_smoothing_comparison(picture, settings: dict) -> np.ndarray:
    """Sobel on the noisy grey picture alone, after the Gaussian and after the median, in one
    row; returns the noisy grey picture."""
    noise = settings["noise"]
    noisy = noisy_picture(picture.key + "-grey", noise, _image=picture.gray)
    with parts.friendly_errors():
        results = {caption: chain_stages(f"{picture.key}-grey-noise{noise}", steps, _image=noisy)
                   for caption, steps in smoothing_comparisons(settings).items()}
    show_comparison(noisy, results, settings)
    return noisy


def show_user_chain(picture, noisy_grey: np.ndarray, settings: dict) -> None:
    """The user's chain of filters run on the noisy picture (grey or colour), every stage shown,
    and the code that reproduces it."""
    noise, grey, equalize = settings["noise"], settings["chain_grey"], settings["chain_equalize"]
    steps = tuple(chain_step(name, settings) for name in settings["chain"])
    image = noisy_grey if grey else noisy_picture(picture.key, noise, _image=picture.rgb)
    with parts.friendly_errors():
        stages, elapsed = chain_stages(f"{picture.key}{'-grey' if grey else ''}-noise{noise}",
                                       steps, _image=image)
    show_chain(stages, steps, elapsed, equalize)
    parts.show_code(chain_code(steps, grey, noise, equalize))
