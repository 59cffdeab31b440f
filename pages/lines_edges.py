"""Lines & edges: Canny's five stages one by one, then the Hough transform of the edges it finds.

Canny: sigma and the two thresholds, a stage picked from the six, the grey input beside that
stage with its explanation; optionally every stage at a glance, OpenCV's edges and timings.
Hough: the picture with the lines found beside the accumulator, linked by clicks (a peak
highlights its line, a point of the picture shows its sinusoid), then the reference check.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import lines_edges_view as view
from ui import params, parts, source, viewer
from ui.params import Param
from ui.source import current_image

SECTIONS = ["Canny edges", "Hough lines"]
SCALES = ["sqrt", "log", "linear"]
BACKGROUNDS = ["Picture", "Edge map"]
LINES_SAMPLE = "Grid (generated)"
MAX_LINES = 30

PARAMS = {
    "section": Param(SECTIONS[0], options=SECTIONS),
    "sigma": Param(1.4, 0.0, 6.0),
    "thresholds": Param((50, 150), 0, 800),
    "stage": Param("edges", options=list(view.STAGES)),
    "strip": Param(False),
    "opencv": Param(False),
    "reference": Param(False),
    "lines": Param(20, 1, MAX_LINES),
    "votes": Param(0.15, 0.05, 0.95),
    "step": Param(1.0, 0.25, 5.0),
    "scale": Param(SCALES[0], options=SCALES),
    "background": Param(BACKGROUNDS[0], options=BACKGROUNDS),
    "line": Param(1, 0, MAX_LINES),
    "show_point": Param(False),
    "point_x": Param(0, 0, 100_000),
    "point_y": Param(0, 0, 100_000),
}


# --- Canny section ------------------------------------------------------------------------------


def canny_controls() -> dict:
    """Sigma and the two thresholds (shared by both sections)."""
    left, right = st.columns(2)
    sigma = left.slider(
        "Smoothing σ (pixels)", 0.0, 6.0, step=0.1, key="sigma",
        help="Standard deviation of the Gaussian blur; 0 = no smoothing.")
    low, high = right.slider(
        "Thresholds: low, high (gradient magnitude)", 0, 800, step=5, key="thresholds",
        help="In OpenCV's units (3x3 Sobel, L2 magnitude), so cv2.Canny(blurred, low, high, "
        "L2gradient=True) means the same. Strong pixels are above high, weak ones above low.")
    return {"sigma": float(sigma), "low": int(low), "high": int(high)}


def render_canny(picture, settings: dict) -> None:
    """One stage beside the input, its explanation, then the optional extras."""
    gray = picture.gray
    sigma, low, high = settings["sigma"], settings["low"], settings["high"]
    stage = st.radio("Stage", list(view.STAGES), key="stage", horizontal=True,
                     format_func=view.STAGES.get, label_visibility="collapsed")
    with parts.friendly_errors():
        stages = view.canny_stages(picture.key, sigma, gray)
        found = view.canny_thresholds(picture.key, sigma, low, high, gray)
        shown = view.stage_picture(picture.key, sigma, *view.thresholds_of(stage, low, high),
                                   stage, viewer.DISPLAY_MAX_SIDE, gray)
    viewer.show_figure(view.canny_figure(gray, shown, stage, picture.key), key="canny_view")
    view.show_canny_notes(stage, settings, stages["scale"], found, gray.size)

    left, middle, right = st.columns(3)
    strip = left.toggle("All stages at a glance", key="strip")
    compare = middle.toggle("Compare with OpenCV", key="opencv")
    reference = right.toggle("Reference check", key="reference",
                             help="Times ours against OpenCV's GaussianBlur + Canny.")
    if strip:
        view.show_stage_strip(picture.key, sigma, low, high, gray)
    if compare:
        view.show_opencv_comparison(gray, settings, found["edges"], stages["smoothed"])
    if reference:
        view.show_canny_reference(picture.key, gray, settings)

    parts.download_png(lambda: found["edges"].astype(np.uint8) * 255, "canny-edges.png",
                       label="Download the edges (PNG)")
    parts.show_code(view.canny_code(sigma, low, high))


# --- Hough section ------------------------------------------------------------------------------


def hough_controls() -> dict:
    """Lines, votes, angle step, how to draw them, and the Canny settings of the edge map."""
    first, second, third = st.columns(3)
    lines = first.slider("Number of lines", 1, MAX_LINES, key="lines")
    votes = second.slider(
        "Vote threshold (fraction of the highest count)", 0.05, 0.95, step=0.05, key="votes",
        help="A peak needs more votes than this fraction of the strongest peak's.")
    step = third.slider("Angle step (degrees; the tutorial uses 1)", 0.25, 5.0, step=0.25,
                        key="step", help="The accumulator has one column per angle from -90° "
                        "to 90°: finer steps separate nearly parallel lines but cost more time.")
    left, right = st.columns(2)
    scale = left.radio("Accumulator brightness", SCALES, key="scale", horizontal=True,
                       help="sqrt or log lift the faint sinusoids next to the bright peaks.")
    background = right.radio("Lines drawn over", BACKGROUNDS, key="background", horizontal=True)
    with st.expander("Edge map (Canny, shared with the Canny section)"):
        settings = canny_controls()
    return settings | {"lines": int(lines), "votes": float(votes), "step": float(step),
                       "scale": scale, "background": background}


def _on_peak_selected() -> None:
    """A click on a peak in the accumulator highlights its line (through the fallback widget)."""
    for point in st.session_state["hough_accumulator"]["selection"]["points"]:
        if point.get("curve_number") == view.PEAKS_TRACE:
            st.session_state["line"] = int(point["point_index"]) + 1
            return


def _on_point_selected() -> None:
    """A click on the picture picks the point whose sinusoid the accumulator shows."""
    for point in st.session_state["hough_picture"]["selection"]["points"]:
        if point.get("curve_number") == view.GRID_TRACE:
            st.session_state["point_x"] = int(round(point["x"]))
            st.session_state["point_y"] = int(round(point["y"]))
            st.session_state["show_point"] = True
            return


def selection_controls(found: list, height: int, width: int) -> dict:
    """The fallback for clicking: pick a line from a list, type a point's coordinates."""
    if st.session_state.get("line", 1) > len(found):
        st.session_state["line"] = min(1, len(found))
    for key, limit in (("point_x", width - 1), ("point_y", height - 1)):
        if st.session_state.get(key, 0) > limit:
            st.session_state[key] = limit
    left, middle, x_column, y_column = st.columns([3, 1.4, 1, 1], vertical_alignment="bottom")
    # Labels that do not depend on the lines found: with a key, the selectbox keeps showing
    # the old label of an unchanged choice when the labels change (e.g. a new picture).
    line = left.selectbox("Highlighted line (or click a circle in the accumulator)",
                          list(range(len(found) + 1)), key="line",
                          format_func=lambda number: f"Line {number}" if number else "None")
    show_point = middle.toggle("A point's sinusoid", key="show_point",
                               help="Or click the picture: the point's votes trace this curve.")
    x = x_column.number_input("x (column)", 0, width - 1, step=1, key="point_x")
    y = y_column.number_input("y (row)", 0, height - 1, step=1, key="point_y")
    return {"line": int(line), "show_point": bool(show_point), "x": int(x), "y": int(y)}


def render_hough(picture, settings: dict) -> None:
    """The picture with its lines beside the accumulator, clicks linking the two, then notes."""
    gray = picture.gray
    key, sigma, low, high = picture.key, settings["sigma"], settings["low"], settings["high"]
    step = settings["step"]
    with parts.friendly_errors():
        edge_map = view.canny_thresholds(key, sigma, low, high, gray)["edges"]
        found = view.peaks(key, sigma, low, high, step, settings["lines"], settings["votes"], gray)
    chosen = selection_controls(found, *gray.shape)

    figure_height = view.hough_figure_height(*gray.shape)
    left, right = st.columns(2)
    with left:
        background = view.hough_background(picture, settings, edge_map)
        st.plotly_chart(view.picture_figure(background, gray.shape, found, chosen, figure_height),
                        config=viewer.PLOT_CONFIG, theme=None, key="hough_picture",
                        on_select=_on_point_selected, selection_mode=("points",))
    with right:
        with parts.friendly_errors():
            accumulator = view.accumulator_picture(key, sigma, low, high, step,
                                                   settings["scale"], gray)
            _, thetas, rhos = view.accumulator(key, sigma, low, high, step, gray)
        st.plotly_chart(view.accumulator_figure(accumulator, thetas, rhos, step, gray.shape,
                                                found, chosen, figure_height),
                        config=viewer.PLOT_CONFIG, theme=None, key="hough_accumulator",
                        on_select=_on_peak_selected, selection_mode=("points",))
    view.show_hough_notes(found, chosen, int(np.count_nonzero(edge_map)))

    if st.toggle("Reference check", key="reference",
                 help="Ours beside scikit-image's hough_line and hough_line_peaks."):
        view.show_hough_reference(key, settings, edge_map, found)

    parts.download_png(lambda: view.lines_drawing(picture.rgb, found), "hough-lines.png",
                       "Download the picture with its lines (PNG)")
    parts.show_code(view.hough_code(settings))


# --- the page -----------------------------------------------------------------------------------


def suggest_lines_sample(picture) -> None:
    """Photos have few long straight edges; offer (never force) the generated grid."""
    if picture.key.startswith("sample-") and picture.name.endswith("(photo)"):
        text, button = st.columns([5, 1.3], vertical_alignment="center")
        text.caption("Straight lines show best on the generated grid picture.")
        button.button("Use the grid picture", key="use_grid", on_click=source.choose_sample,
                      args=(LINES_SAMPLE,),
                      icon=":material/grid_on:")


params.init(PARAMS)
picture = current_image()
st.title("Lines & edges")
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed")
suggest_lines_sample(picture)
if section == "Hough lines":
    render_hough(picture, hough_controls())
else:
    render_canny(picture, canny_controls())
params.publish(PARAMS)
