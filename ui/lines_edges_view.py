"""What the Lines & edges page shows: its cached Canny and Hough results, display copies of each
stage, the Hough figures, the explanations under them and the reference panels.

Everything here is keyed by the picture's key and the settings, with the picture itself as an
underscore argument, so a slider recomputes only what depends on it.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import edges, hough
from ui import parts, viewer

STAGES = {
    "smoothed": "1 Smoothed",
    "magnitude": "2 Magnitude",
    "direction": "2 Direction",
    "suppressed": "3 Thinned",
    "threshold": "4 Double threshold",
    "edges": "5 Hysteresis: edges",
}
STAGE_TITLES = {
    "smoothed": "Smoothed (Gaussian blur)",
    "magnitude": "Gradient magnitude (Sobel)",
    "direction": "Gradient direction",
    "suppressed": "Thinned (non-maximum suppression)",
    "threshold": "Double threshold: strong and weak",
    "edges": "Edges after hysteresis",
}
# Peaks closer than this many rho pixels and this many degrees to a stronger one are dropped
# (scikit-image's defaults at the tutorial's 1-degree step; kept in degrees for other steps).
PEAK_MIN_DISTANCE = 9
PEAK_MIN_DEGREES = 10.0
CLICK_GRID = 30  # clickable points along the picture's longer side
ACCUMULATOR_ROWS = 600  # display rows of the accumulator picture
PEAKS_TRACE = 1  # the accumulator figure's trace order: picture, peaks, then the rest
GRID_TRACE = 1  # the picture figure's trace order: picture, click grid, then the rest

# Colours: the app's orange for what we found, blue for what only might be, cyan for the one
# line (and peak) picked out, green for a picked point and its sinusoid.
STRONG = (228, 87, 46)
WEAK = (46, 134, 222)
DROPPED = (150, 35, 35)
LINE_COLOUR = "#e4572e"
HIGHLIGHT = "#00e5ff"
POINT_COLOUR = "#39d353"
OURS_ONLY = (228, 87, 46)
THEIRS_ONLY = (46, 134, 222)

STAGE_TEXT = {
    "smoothed": "A Gaussian blur of σ = {sigma:g} ({taps}×{taps} kernel) averages noise away "
    "first: the derivative taken next amplifies every small wiggle, so without smoothing, "
    "texture and sensor noise would turn into edges. A larger σ keeps only broad outlines.",
    "magnitude": r"The 3×3 Sobel kernels measure how fast brightness changes across ($g_x$) "
    r"and down ($g_y$); the magnitude $\sqrt{{g_x^2 + g_y^2}}$ is large where it changes fast. "
    "Edges are the ridges of this map, but the ridges are several pixels wide.",
    "direction": r"$\theta = \operatorname{{atan2}}(g_y, g_x)$ is the direction in which "
    "brightness increases, across the edge. Hue shows the angle (see the wheel: right = "
    "brighter to the right, down = brighter below), brightness shows the magnitude. The two "
    "sides of a thin dark line get opposite colours.",
    "suppressed": "Each pixel is compared with its two neighbours along the gradient direction "
    "(rounded to 0°, 45°, 90° or 135°) and kept only if it is the larger: a ridge several "
    "pixels wide is thinned to its one-pixel crest, so every edge is drawn once, where it is "
    "sharpest.",
    "threshold": "Thinned pixels above high = {high} are **strong** (orange): surely edges. "
    "Those between low = {low} and high are **weak** (blue): edges only if they continue a "
    "strong one. Below low they are dropped.",
    "edges": "Hysteresis keeps a weak pixel only if a chain of weak pixels connects it "
    "(8-neighbours) to a strong one; the others (dark red) are dropped. A real edge may fade "
    "below high along the way yet stays unbroken, while isolated noise, never touching a "
    "strong pixel, disappears.",
}


# --- computation, cached so a slider recomputes only what depends on it ------------------------


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def canny_stages(image_key: str, sigma: float, _gray: np.ndarray) -> dict:
    """The threshold-free stages (smoothing, gradient, thinning), by picture and sigma only.

    A cache resource, not data: the arrays are megabytes and read-only, so every rerun shares
    them instead of unpickling copies.
    """
    smoothed, magnitude, direction, suppressed = edges.gradient_stages(_gray, sigma)
    stages = {
        "smoothed": smoothed.astype(np.uint8),  # whole grey levels, as canny() and cv2 see them
        "magnitude": magnitude,
        "direction": direction,
        "suppressed": suppressed,
        # Display scale: the 99.5th percentile is white, so a few extreme pixels don't
        # leave the rest black.
        "scale": max(1.0, float(np.percentile(magnitude[::3, ::3], 99.5))),
    }
    for value in stages.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return stages


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def canny_thresholds(image_key: str, sigma: float, low: int, high: int,
                     _gray: np.ndarray) -> dict:
    """Double threshold and hysteresis on the cached thinned magnitude (a threshold move's work)."""
    strong, weak, found = edges.hysteresis(canny_stages(image_key, sigma, _gray)["suppressed"],
                                           low, high)
    result = {"strong": strong, "weak": weak, "edges": found}
    for value in result.values():
        value.flags.writeable = False
    return result


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def accumulator(image_key: str, sigma: float, low: int, high: int, step: float,
                _gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Hough accumulator of the Canny edges: ``(acc, thetas, rhos)``."""
    found = canny_thresholds(image_key, sigma, low, high, _gray)["edges"]
    thetas = hough.tutorial_thetas(step)
    acc, rhos = hough.hough_accumulator(found, thetas)
    # Kept as int32 (a cell counts at most every pixel once): half the memory of int64, which
    # is 17 MB at one megapixel and a quarter-degree step.
    acc = acc.astype(np.int32)
    acc.flags.writeable = False
    return acc, thetas, rhos


def min_angle_columns(step: float) -> int:
    """``PEAK_MIN_DEGREES`` in accumulator columns at an angle step of ``step`` degrees."""
    return max(1, round(PEAK_MIN_DEGREES / step))


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def peaks(image_key: str, sigma: float, low: int, high: int, step: float, lines: int,
          votes: float, _gray: np.ndarray) -> list[tuple[int, float, float]]:
    """The strongest lines: peaks above ``votes`` times the highest count."""
    acc, thetas, rhos = accumulator(image_key, sigma, low, high, step, _gray)
    top = int(acc.max())
    if top == 0:
        return []
    return hough.hough_peaks(acc, thetas, rhos, num_peaks=lines, threshold=votes * top,
                             min_distance=PEAK_MIN_DISTANCE, min_angle=min_angle_columns(step))


# --- pictures for display -----------------------------------------------------------------------


def _shrink(image: np.ndarray, max_side: int) -> np.ndarray:
    # Always by area: thin lines and sparse pixels must leave a trace, not be skipped.
    return np.ascontiguousarray(viewer.display_copy(image, max_side, cv2.INTER_AREA)[0])


_WIDEN = np.ones((2, 2), np.uint8)


def _shrink_lines(image: np.ndarray, max_side: int) -> np.ndarray:
    """A display copy of one-pixel lines (edges, the thinned magnitude) that stay visible.

    The browser scales a panel's picture down again (a ~410 px panel at 1400 px): one-pixel
    lines then vanish in places, like the grid's bottom line did. Widening every line to two
    pixels (a 2x2 maximum) before shrinking by area keeps them unbroken and still thin.
    """
    return _shrink(cv2.dilate(image, _WIDEN), max_side)


def _shrink_any(mask: np.ndarray, max_side: int) -> np.ndarray:
    """A boolean map shrunk so a display pixel is set if any pixel it covers is: for sparse
    pixels that must stay visible (differences), at the cost of fattening lines."""
    return _shrink(mask.view(np.uint8) * np.uint8(255), max_side) > 0


def _paint(layers: list[tuple[np.ndarray, tuple[int, int, int]]],
           background: tuple[int, int, int] = (0, 0, 0)) -> np.ndarray:
    """An RGB picture of boolean layers, later layers painted over earlier ones."""
    canvas = np.empty(layers[0][0].shape + (3,), np.uint8)
    canvas[...] = background
    for mask, colour in layers:
        canvas[mask] = colour
    return canvas


def _scaled(values: np.ndarray, scale: float) -> np.ndarray:
    return np.clip(values * (255.0 / scale), 0, 255).astype(np.uint8)


@st.cache_data(max_entries=1, show_spinner=False)
def direction_wheel(size: int = 96) -> np.ndarray:
    """The legend: the colour of each direction, as seen from the wheel's centre (y down)."""
    return edges.direction_wheel(size)


def thresholds_of(stage: str, low: int, high: int) -> tuple[int | None, int | None]:
    """The thresholds a stage depends on: none before the double threshold."""
    return (low, high) if stage in ("threshold", "edges") else (None, None)


@st.cache_data(max_entries=48, ttl=3600, show_spinner=False)
def stage_picture(image_key: str, sigma: float, low: int | None, high: int | None, stage: str,
                  max_side: int, _gray: np.ndarray) -> np.ndarray:
    """One stage as a uint8 display copy (grey or RGB), ``max_side`` pixels at most.

    Threshold-free stages are called with ``low = high = None``, so moving a threshold reuses
    them.
    """
    stages = canny_stages(image_key, sigma, _gray)
    if stage == "smoothed":
        return _shrink(stages["smoothed"], max_side)
    if stage == "magnitude":
        return _shrink(_scaled(stages["magnitude"], stages["scale"]), max_side)
    if stage == "suppressed":
        return _shrink_lines(_scaled(stages["suppressed"], stages["scale"]), max_side)
    if stage == "direction":
        colours = edges.direction_colours(stages["direction"],
                                          _scaled(stages["magnitude"], stages["scale"]))
        return _shrink(colours, max_side)
    found = canny_thresholds(image_key, sigma, low, high, _gray)
    if stage == "threshold":
        layers = [(found["weak"], WEAK), (found["strong"], STRONG)]
    else:
        layers = [(found["weak"], DROPPED), (found["edges"], (255, 255, 255))]
    return _shrink_lines(_paint(layers), max_side)


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def accumulator_picture(image_key: str, sigma: float, low: int, high: int, step: float,
                        scale: str, _gray: np.ndarray) -> tuple[str, int]:
    """The accumulator coloured for display (a data URI) and how many rho rows each display row
    stands for (rows merged by their maximum, so a peak never fades into its neighbours)."""
    acc = accumulator(image_key, sigma, low, high, step, _gray)[0]
    picture, rows_per_pixel = hough.accumulator_image(acc, scale, ACCUMULATOR_ROWS)
    return viewer.data_uri(picture), rows_per_pixel


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def background_uri(image_key: str, edge_settings: tuple | None, _image: np.ndarray
                   ) -> tuple[str, tuple[int, int]]:
    """The Hough picture's background, encoded once: the picture, or (with the Canny settings
    that made it) the edge map. Returns the data URI and the display copy's (height, width)."""
    if edge_settings is None:
        shown = _shrink(_image, viewer.DISPLAY_MAX_SIDE)
    else:
        shown = _shrink_lines(_image.astype(np.uint8) * 255, viewer.DISPLAY_MAX_SIDE)
    return viewer.data_uri(shown), shown.shape[:2]


def hough_background(picture, settings: dict, edge_map: np.ndarray) -> tuple[str, tuple[int, int]]:
    """The background the settings ask for: the picture, or the edge map that voted."""
    if settings["background"] == "Edge map":
        edge_settings = (settings["sigma"], settings["low"], settings["high"])
        return background_uri(picture.key, edge_settings, edge_map)
    return background_uri(picture.key, None, picture.rgb)


def lines_drawing(rgb: np.ndarray, found: list) -> np.ndarray:
    """The picture with its lines drawn in (for the download)."""
    drawing = np.array(rgb)
    height, width = rgb.shape[:2]
    colour = tuple(int(LINE_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    for _, theta, rho in found:
        ends = hough.line_endpoints(theta, rho, height, width)
        if ends is not None:
            start, stop = (tuple(int(round(v)) for v in end) for end in ends)
            cv2.line(drawing, start, stop, colour, max(1, round(max(height, width) / 500)),
                     cv2.LINE_AA)
    return drawing


# --- Canny section ------------------------------------------------------------------------------


def canny_figure(gray: np.ndarray, shown: np.ndarray, stage: str, image_key: str) -> go.Figure:
    """The grey input beside one stage; the direction stage carries its colour wheel legend."""
    figure = viewer.before_after_figure(gray, shown, ("Input (grey)", STAGE_TITLES[stage]),
                                        before_key=image_key + "-grey")
    if stage == "direction":
        figure.add_layout_image(source=viewer.data_uri(direction_wheel()), xref="x2 domain",
                                yref="y2 domain", x=0.99, y=0.99, sizex=0.16, sizey=0.16,
                                xanchor="right", yanchor="top", layer="above")
    return figure


def stage_text(stage: str, sigma: float, low: int, high: int) -> str:
    """The explanation (markdown) of one stage with the current settings filled in."""
    return STAGE_TEXT[stage].format(sigma=sigma, taps=edges.gaussian_kernel_size(sigma),
                                    low=low, high=high)


def stage_note(stage: str, low: int, high: int, scale: float, found: dict,
               pixels: int) -> str | None:
    """The caption under one stage: its display scale or its pixel counts."""
    if stage == "magnitude":
        return (f"Scaled for display: white = magnitude {scale:.0f} or more "
                f"(your thresholds: low {low}, high {high}).")
    if stage == "suppressed":
        return f"Scaled for display: white = magnitude {scale:.0f} or more."
    if stage == "direction":
        return "The wheel (top right) is the legend: each colour is the direction from its centre."
    if stage == "threshold":
        return (f"{int(found['strong'].sum()):,} strong and {int(found['weak'].sum()):,} "
                "weak pixels.")
    if stage == "edges":
        count = int(np.count_nonzero(found["edges"]))
        return (f"{count:,} edge pixels ({count / pixels:.1%} of the picture); "
                f"{int((found['weak'] & ~found['edges']).sum()):,} weak pixels dropped.")
    return None


def show_canny_notes(stage: str, settings: dict, scale: float, found: dict, pixels: int) -> None:
    """The stage's explanation, its caption, and a hint when no edge is found."""
    sigma, low, high = settings["sigma"], settings["low"], settings["high"]
    st.markdown(stage_text(stage, sigma, low, high))
    note = stage_note(stage, low, high, scale, found, pixels)
    if note is not None:
        st.caption(note)
    if not found["edges"].any():
        st.info("No edges: the picture has no brightness change above the high threshold. "
                "Lower the thresholds, reduce σ, or pick a picture with more contrast.",
                icon=":material/info:")


def show_stage_strip(image_key: str, sigma: float, low: int, high: int, gray: np.ndarray) -> None:
    """Every stage side by side, small."""
    captions = [STAGES[name] for name in STAGES]
    pictures = [stage_picture(image_key, sigma, *thresholds_of(name, low, high), name, 360, gray)
                for name in STAGES]
    viewer.image_grid(pictures, captions, columns=3)


def show_opencv_comparison(gray: np.ndarray, settings: dict, ours: np.ndarray,
                      smoothed: np.ndarray) -> None:
    """F1 of our edges against cv2.Canny (same input) and OpenCV's own pipeline, and where the
    latter differs."""
    sigma, low, high = settings["sigma"], settings["low"], settings["high"]
    same_input = edges.reference_canny(smoothed, low, high)
    pipeline = edges.opencv_pipeline(gray, sigma, low, high)
    left, right = st.columns(2)
    left.metric("F1 vs cv2.Canny on our smoothed picture", f"{edges.edge_f1(ours, same_input):.4f}",
                help="Same input, same thresholds: 1.0000 means pixel for pixel the same edges.")
    left.metric("F1 vs OpenCV's own blur + Canny", f"{edges.edge_f1(ours, pipeline):.4f}",
                help="cv2.GaussianBlur rounds in 16-bit fixed point: a few pixels end one grey "
                "level away, and a few edges flip where gradients are faint or tied.")
    left.caption("Given the same smoothed picture, our stages and cv2.Canny(..., L2gradient=True) "
                 "find the same edges pixel for pixel. OpenCV's own blur rounds differently, "
                 "and where a gradient is faint or tied one grey level flips an edge.")
    size = viewer.DISPLAY_MAX_SIDE
    overlay = _shrink_lines(_paint([(ours & pipeline, (255, 255, 255))]), size)
    # Differences are a few scattered pixels: marked wherever they fall, so none vanish.
    overlay[_shrink_any(ours & ~pipeline, size)] = OURS_ONLY
    overlay[_shrink_any(pipeline & ~ours, size)] = THEIRS_ONLY
    right.image(overlay, width="stretch",
                caption="White: both; orange: ours only; blue: OpenCV's blur + Canny only. "
                f"{int((ours != pipeline).sum()):,} pixels differ.")


@st.cache_data(max_entries=8, show_spinner=False)
def canny_reference(image_key: str, sigma: float, low: int, high: int, _gray: np.ndarray) -> dict:
    """Our whole Canny and OpenCV's GaussianBlur + Canny, each timed, and how many edge pixels
    differ. Cached: timing repeats each one, and the answer only changes with the settings."""
    ours, ours_ms = parts.timed(lambda: edges.canny(_gray, sigma, low, high).edges)
    theirs, theirs_ms = parts.timed(lambda: edges.opencv_pipeline(_gray, sigma, low, high))
    return {"ours_ms": ours_ms, "theirs_ms": theirs_ms, "differ": int((ours != theirs).sum())}


def show_canny_reference(image_key: str, gray: np.ndarray, settings: dict) -> None:
    """Times our whole Canny against OpenCV's GaussianBlur + Canny."""
    check = canny_reference(image_key, settings["sigma"], settings["low"], settings["high"],
                            _gray=gray)
    parts.metric_row(("Ours (all stages kept)", f"{check['ours_ms']:.1f} ms"),
                     ("cv2.GaussianBlur + cv2.Canny", f"{check['theirs_ms']:.1f} ms"),
                     ("Edge pixels that differ", f"{check['differ']:,}"))
    st.caption("OpenCV's Canny is compiled SIMD code and keeps none of the stages; ours is numpy "
               "and keeps every stage for display.")


def canny_code(sigma: float, low: int, high: int) -> str:
    """The core calls that reproduce the Canny view."""
    return f"""
from core import edges

result = edges.canny(gray, sigma={sigma:g}, low={low}, high={high})
# every stage: result.smoothed, .magnitude, .direction, .suppressed, .strong, .weak, .edges

# or stage by stage (what this page caches: a threshold move re-runs only the last line)
smoothed = edges.gaussian_smooth(gray, sigma={sigma:g}).round()
gx, gy = edges.sobel_gradients(smoothed)
magnitude = edges.gradient_magnitude(gx, gy)
thin = edges.non_maximum_suppression(magnitude, gx, gy)
strong, weak, edge_map = edges.hysteresis(thin, low={low}, high={high})
"""


# --- Hough section ------------------------------------------------------------------------------


def line_label(number: int, found: list) -> str:
    """'Line n: θ, ρ, votes' of the n-th line found (1-based); 'None' for 0 or past the end."""
    if number == 0 or number > len(found):
        return "None"
    count, theta, rho = found[number - 1]
    return f"Line {number}: θ = {math.degrees(theta):.2f}°, ρ = {rho:.0f}, {count} votes"


def hough_figure_height(height: int, width: int) -> int:
    """The height of both Hough figures, title included, for a picture of this size."""
    # Each column is about 430 px wide at 1400 px; taller would leave a gap above the picture.
    return int(np.clip(430 * height / max(width, 1), 220, 620)) + 28


def _placed_image(uri: str, shown_shape: tuple[int, int], height: int, width: int,
                  hover: str) -> go.Image:
    """A display copy stretched over the full picture's pixel coordinates."""
    dx = width / shown_shape[1]
    dy = height / shown_shape[0]
    return go.Image(source=uri, dx=dx, dy=dy, x0=dx / 2 - 0.5, y0=dy / 2 - 0.5,
                    hovertemplate=hover)


def picture_figure(background: tuple[str, tuple[int, int]], shape: tuple[int, int], found: list,
                   chosen: dict, figure_height: int) -> go.Figure:
    """The picture (or edge map) with the lines found, the chosen line and point, and an
    invisible grid of points to click on.

    ``background`` is a data URI and its picture's (height, width), ``shape`` the working
    picture's (height, width); ``chosen`` has ``line`` (1-based, 0 for none), ``show_point``,
    ``x`` and ``y``.
    """
    height, width = shape
    uri, shown_shape = background
    traces = [_placed_image(uri, shown_shape, height, width,
                            "x %{x:.0f}, y %{y:.0f}<extra></extra>")]
    # Invisible points to click on: plotly reports clicks on points, not on pictures. 30 a side
    # puts one within plotly's 20-pixel reach of any click on a ~430 px panel; a denser grid
    # costs the browser 100+ ms a redraw (SVG markers), a sparser one would miss clicks.
    spacing = max(1, math.ceil(max(height, width) / CLICK_GRID))
    grid_x, grid_y = np.meshgrid(np.arange(0, width, spacing), np.arange(0, height, spacing))
    traces.append(go.Scatter(
        x=grid_x.ravel(), y=grid_y.ravel(), mode="markers", marker=dict(size=spacing, opacity=0),
        hovertemplate="x %{x}, y %{y}<extra>click: its sinusoid</extra>", showlegend=False,
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0))))
    xs, ys, labels = [], [], []
    for number in range(1, len(found) + 1):
        ends = hough.line_endpoints(found[number - 1][1], found[number - 1][2], height, width)
        if ends is None:
            continue
        label = line_label(number, found)
        xs += [ends[0][0], ends[1][0], None]
        ys += [ends[0][1], ends[1][1], None]
        labels += [label, label, None]
        if number == chosen["line"]:
            traces.append(go.Scatter(x=[ends[0][0], ends[1][0]], y=[ends[0][1], ends[1][1]],
                                     mode="lines", line=dict(color=HIGHLIGHT, width=5),
                                     hoverinfo="skip", showlegend=False))
    traces.insert(2, go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=LINE_COLOUR, width=2),
                                text=labels, hovertemplate="%{text}<extra></extra>",
                                showlegend=False))
    if chosen["show_point"]:
        traces.append(go.Scatter(x=[chosen["x"]], y=[chosen["y"]], mode="markers",
                                 marker=dict(color=POINT_COLOUR, size=12, symbol="x",
                                             line=dict(color="black", width=1)),
                                 hoverinfo="skip", showlegend=False))
    figure = go.Figure(traces)
    axis = dict(showgrid=False, zeroline=False, showticklabels=False, ticks="")
    figure.update_layout(
        xaxis=dict(range=[-0.5, width - 0.5], **axis),
        yaxis=dict(range=[height - 0.5, -0.5], scaleanchor="x", **axis),
        margin=dict(l=0, r=0, t=28, b=0), height=figure_height, dragmode="zoom",
        title=viewer.figure_title(f"{len(found)} lines found"),
        hovermode="closest", uirevision="hough-picture")
    return figure


def accumulator_figure(picture: tuple[str, int], thetas: np.ndarray, rhos: np.ndarray,
                       step: float, shape: tuple[int, int], found: list, chosen: dict,
                       figure_height: int) -> go.Figure:
    """The accumulator with its peaks circled, the chosen line's peak and its ends' sinusoids,
    and the chosen point's sinusoid.

    ``picture`` is the accumulator's data URI and the rho rows per display row
    (:func:`accumulator_picture`), ``step`` the angle step in degrees, ``shape`` the working
    picture's (height, width).
    """
    height, width = shape
    uri, rows_per_pixel = picture
    offset = -float(rhos[0])
    traces = [go.Image(source=uri, x0=-90.0, dx=step,
                       y0=-offset + (rows_per_pixel - 1) / 2, dy=rows_per_pixel,
                       hovertemplate="θ %{x:.2f}°, ρ %{y:.0f}<extra></extra>")]
    traces.append(go.Scatter(
        x=[math.degrees(theta) for _, theta, _ in found], y=[rho for _, _, rho in found],
        mode="markers", marker=dict(size=13, symbol="circle-open", color=LINE_COLOUR,
                                    line=dict(width=2)),
        text=[line_label(number, found) for number in range(1, len(found) + 1)],
        hovertemplate="%{text}<extra>click to highlight</extra>", showlegend=False,
        unselected=dict(marker=dict(opacity=1))))
    curve_degrees = np.linspace(-90.0, 90.0, 361)
    curve_thetas = np.radians(curve_degrees)
    if 1 <= chosen["line"] <= len(found):
        count, theta, rho = found[chosen["line"] - 1]
        ends = hough.line_endpoints(theta, rho, height, width)
        for end in ends or ():
            traces.append(go.Scatter(x=curve_degrees, y=hough.point_sinusoid(*end, curve_thetas),
                                     mode="lines", line=dict(color=HIGHLIGHT, width=1, dash="dot"),
                                     hoverinfo="skip", showlegend=False))
        traces.append(go.Scatter(x=[math.degrees(theta)], y=[rho], mode="markers",
                                 marker=dict(size=17, symbol="circle-open", color=HIGHLIGHT,
                                             line=dict(width=3)),
                                 hoverinfo="skip", showlegend=False))
    if chosen["show_point"]:
        traces.append(go.Scatter(
            x=curve_degrees, y=hough.point_sinusoid(chosen["x"], chosen["y"], curve_thetas),
            mode="lines", line=dict(color=POINT_COLOUR, width=2), hoverinfo="skip",
            showlegend=False))
    figure = go.Figure(traces)
    figure.update_layout(
        xaxis=dict(title="θ (degrees)", range=[-90 - step / 2, 90 - step / 2], dtick=30,
                   showgrid=False, zeroline=False),
        # No square pixels here: the accumulator has thousands of rho rows, a few hundred angles.
        yaxis=dict(title="ρ (pixels)", range=[offset, -offset], scaleanchor=False,
                   showgrid=False, zeroline=False),
        margin=dict(l=60, r=10, t=28, b=40), height=figure_height, dragmode="zoom",
        title=viewer.figure_title(f"Accumulator: {len(rhos)} ρ × {len(thetas)} θ"),
        hovermode="closest", uirevision="hough-accumulator")
    return figure


def selection_caption(found: list, chosen: dict) -> str:
    """What the cyan and green marks stand for ('' when nothing is picked)."""
    described = []
    if 1 <= chosen["line"] <= len(found):
        described.append(f"Highlighted (cyan): {line_label(chosen['line'], found)}.")
    if chosen["show_point"]:
        described.append(f"Point ({chosen['x']}, {chosen['y']}) (green): its votes follow "
                         f"ρ = {chosen['x']} cos θ + {chosen['y']} sin θ.")
    return " ".join(described)


def show_hough_notes(found: list, chosen: dict, edge_count: int) -> None:
    """Why nothing was found (if so), what is picked, and how voting makes peaks."""
    if edge_count == 0:
        st.info("No edge pixels, so nothing votes and no line is found. Lower the thresholds "
                "or σ under 'Edge map', or pick a picture with straight edges.",
                icon=":material/info:")
    elif not found:
        st.info("No peak above the vote threshold: lower it.", icon=":material/info:")
    described = selection_caption(found, chosen)
    if described:
        st.caption(described)
    st.markdown(
        r"Every edge pixel $(x, y)$ votes, for each angle $\theta$, for the line "
        r"$\rho = x\cos\theta + y\sin\theta$ through it: its votes trace a sinusoid in the "
        f"accumulator. The {edge_count:,} edge pixels' sinusoids cross where pixels are "
        "collinear, so a straight line becomes a bright **peak** whose height counts its pixels. "
        "Circles mark the peaks above the threshold with no stronger peak within "
        f"{PEAK_MIN_DISTANCE} px and {PEAK_MIN_DEGREES:g}°; each gives back a line in the "
        "picture.")
    st.caption(
        "The duality: the dotted curves are the sinusoids of the highlighted line's two ends, "
        "crossing at its peak; a point of the picture (green) is a sinusoid of the accumulator, "
        "through the peaks of every line that passes through it. Click a circle or the picture.")
    st.caption(
        "The tutorial's version loops over every pixel and angle in Python and sizes its "
        "accumulator one row short (2⌈d⌉ rows for ρ from −⌈d⌉ to +⌈d⌉); ours votes without a "
        "pixel loop and has 2⌈d⌉ + 1 rows, vote for vote the same as scikit-image's.")


SKIMAGE_MISSING = "scikit-image is not installed here, so there is nothing to compare with."


@st.cache_data(max_entries=8, show_spinner=False)
def hough_reference(image_key: str, sigma: float, low: int, high: int, step: float, lines: int,
                    votes: float, _edge_map: np.ndarray, _found: list) -> dict | None:
    """Ours beside scikit-image's hough_line (timed, accumulators compared) and
    hough_line_peaks with the same settings; None without scikit-image. Cached by the settings
    the edge map and the peaks come from, so clicks on the figures do not time it again."""
    try:
        from skimage.transform import hough_line, hough_line_peaks
    except ImportError:
        return None
    thetas = hough.tutorial_thetas(step)
    (acc, rhos), ours_ms = parts.timed(lambda: hough.hough_accumulator(_edge_map, thetas))
    (theirs, _, their_rhos), theirs_ms = parts.timed(lambda: hough_line(_edge_map, theta=thetas))
    same_shape = acc.shape == theirs.shape
    check = {"ours_ms": ours_ms, "theirs_ms": theirs_ms, "shapes": (acc.shape, theirs.shape),
             "difference": int(np.abs(acc - theirs).max()) if same_shape and acc.size else None,
             "their_peaks": None}
    top = int(acc.max())
    if top:
        _, their_angles, their_dists = hough_line_peaks(
            theirs, thetas, their_rhos, min_distance=PEAK_MIN_DISTANCE,
            min_angle=min_angle_columns(step), threshold=votes * top, num_peaks=lines)
        ours_pairs = [(round(theta, 9), rho) for _, theta, rho in _found]
        their_pairs = [(round(float(a), 9), float(d)) for a, d in zip(their_angles, their_dists)]
        check["their_peaks"] = len(their_pairs)
        check["same_peaks"] = ours_pairs == their_pairs
    return check


def show_hough_reference(image_key: str, settings: dict, edge_map: np.ndarray,
                         found: list) -> None:
    """Ours beside scikit-image's hough_line and hough_line_peaks: times, accumulators, peaks."""
    check = hough_reference(image_key, settings["sigma"], settings["low"], settings["high"],
                            settings["step"], settings["lines"], settings["votes"],
                            _edge_map=edge_map, _found=found)
    if check is None:
        st.info(SKIMAGE_MISSING, icon=":material/info:")
        return
    difference = check["difference"]
    ours_shape, their_shape = check["shapes"]
    parts.metric_row(("Ours: hough_accumulator", f"{check['ours_ms']:.1f} ms"),
                     ("skimage.transform.hough_line", f"{check['theirs_ms']:.1f} ms"),
                     ("Accumulators", "identical" if difference == 0 else "differ",
                      {"help": f"shapes {ours_shape} and {their_shape}"}),
                     ("Largest |difference|", "—" if difference is None else f"{difference}"))
    if check["their_peaks"] is not None:
        verdict = "the same lines" if check["same_peaks"] else "different lines"
        st.caption(f"Peaks: ours {len(found)}, skimage.transform.hough_line_peaks "
                   f"{check['their_peaks']} with the same settings: {verdict}.")


def hough_code(settings: dict) -> str:
    """The core calls that reproduce the Hough view."""
    sigma, low, high, step = settings["sigma"], settings["low"], settings["high"], settings["step"]
    min_angle = min_angle_columns(step)
    return f"""
from core import edges, hough

edge_map = edges.canny(gray, sigma={sigma:g}, low={low}, high={high}).edges
thetas = hough.tutorial_thetas({step:g})  # degrees -90 ... 90 (excluded)
acc, rhos = hough.hough_accumulator(edge_map, thetas)
lines = hough.hough_peaks(acc, thetas, rhos, num_peaks={settings['lines']},
                          threshold={settings['votes']:g} * acc.max(),
                          min_distance={PEAK_MIN_DISTANCE}, min_angle={min_angle})
for votes, theta, rho in lines:
    ends = hough.line_endpoints(theta, rho, *gray.shape)  # ((x0, y0), (x1, y1)) or None
"""
