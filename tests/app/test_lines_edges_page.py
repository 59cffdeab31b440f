"""The Lines & edges page in AppTest: Canny's stages, the Hough lines, every widget, URL state."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from core import edges
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets, upload

PAGE = "pages/lines_edges.py"
STAGES = ["smoothed", "magnitude", "direction", "suppressed", "threshold", "edges"]
GRID = {"image": "Grid (generated)"}


def _hough(query: dict | None = None):
    return open_page(PAGE, {"section": "Hough lines"} | (query or {}))


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.main.get("plotly_chart")]


def _captions(at) -> str:
    return "\n".join(caption.value for caption in at.main.caption)


def test_renders_with_defaults():
    at = open_page(PAGE)
    assert at.title[0].value == "Lines & edges"
    assert at.segmented_control(key="section").value == "Canny edges"
    assert at.radio(key="stage").value == "edges"
    assert at.slider(key="thresholds").value == (50, 150)
    assert len(at.main.get("plotly_chart")) == 1  # the before/after view
    assert at.main.get("download_button")
    assert at.main.code  # "show the code"
    assert "edge pixels" in _captions(at)


def test_edges_shown_are_cannys():
    """The page's cached stage-by-stage pipeline finds exactly what edges.canny finds."""
    at = open_page(PAGE, {"sigma": "2", "thresholds": "30,90"})
    gray = at.session_state["working_image"].gray
    expected = int(edges.canny(gray, 2.0, 30, 90).edges.sum())
    assert f"{expected:,} edge pixels" in _captions(at)


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_with_every_widget_at_both_ends(stage):
    at = open_page(PAGE)
    choose(at, "stage", stage)
    skip = () if stage == "edges" else ("strip", "opencv", "reference")  # the same at any stage
    assert sweep_widgets(at, skip=skip) >= 5


def test_direction_stage_has_its_colour_wheel():
    at = open_page(PAGE, {"stage": "direction"})
    assert _figures(at)[0]["layout"]["images"]  # the legend wheel


def test_sigma_zero_and_low_equal_to_high():
    at = open_page(PAGE, {"sigma": "0", "thresholds": "100,100"})
    assert at.slider(key="sigma").value == 0.0
    assert at.slider(key="thresholds").value == (100, 100)
    for stage in STAGES:
        choose(at, "stage", stage)
    at.slider(key="thresholds").set_value((0, 0)).run()
    assert_healthy(at)


def test_comparison_with_opencv_agrees_on_the_same_smoothed_picture():
    at = open_page(PAGE, {"opencv": "true"})
    metrics = {metric.label: metric.value for metric in at.main.metric}
    assert metrics["F1 vs cv2.Canny on our smoothed picture"] == "1.0000"
    assert float(metrics["F1 vs OpenCV's own blur + Canny"]) > 0.9
    assert at.main.get("image")  # the difference overlay


def test_hough_section_with_every_widget_at_both_ends():
    at = _hough(GRID)
    assert len(at.main.get("plotly_chart")) == 2  # picture with lines, accumulator
    for scale in ("log", "linear", "sqrt"):
        choose(at, "scale", scale)
    choose(at, "background", "Edge map")
    at.toggle(key="show_point").set_value(True).run()
    assert sweep_widgets(at) >= 12  # the point's x and y (number inputs) included


def test_the_grid_pictures_drawn_line_is_found():
    """The sample's bottom line (y = 455 at 640 x 480, 3 px thick) is the strongest peak."""
    at = _hough(GRID)
    picture = at.session_state["working_image"]
    height, width = picture.gray.shape
    assert at.selectbox(key="line").value == 1
    match = re.search(r"Highlighted \(cyan\): Line 1: θ = (-?[\d.]+)°, ρ = (-?\d+), (\d+) votes",
                      _captions(at))
    assert match, _captions(at)
    theta, rho, votes = float(match[1]), int(match[2]), int(match[3])
    assert theta == -90.0  # a horizontal line: the normal points straight up
    assert abs(-rho - 455 * height / 480) <= 3
    assert votes >= 0.95 * width
    assert len(at.selectbox(key="line").options) - 1 >= 14  # and the grid's other lines


def test_selection_fallback_controls():
    at = _hough(GRID)
    at.selectbox(key="line").set_value(3).run()
    assert_healthy(at)
    assert "Highlighted (cyan): Line 3: θ" in _captions(at)
    highlighted = [trace for trace in _figures(at)[0]["data"]
                   if trace.get("line", {}).get("color") == "#00e5ff"]
    assert len(highlighted) == 1  # the chosen line, drawn over the picture
    at.toggle(key="show_point").set_value(True).run()
    at.number_input(key="point_x").set_value(100).run()
    at.number_input(key="point_y").set_value(50).run()
    picture, accumulator = _figures(at)
    marker = [t for t in picture["data"] if t.get("marker", {}).get("color") == "#39d353"]
    assert marker and marker[0]["x"] == [100] and marker[0]["y"] == [50]
    assert "Point (100, 50)" in _captions(at)
    assert [t for t in accumulator["data"] if t.get("line", {}).get("color") == "#39d353"]
    at.selectbox(key="line").set_value(0).run()  # no highlight
    assert_healthy(at)


def test_url_reproduces_the_view_and_bad_values_fall_back():
    query = {"section": "Hough lines", "lines": "5", "votes": "0.4", "step": "0.5",
             "scale": "log", "background": "Edge map", "line": "2", "show_point": "true",
             "point_x": "30", "point_y": "40", "sigma": "2.5", "thresholds": "20,60"}
    at = open_page(PAGE, GRID | query)
    assert at.segmented_control(key="section").value == "Hough lines"
    assert at.slider(key="lines").value == 5
    assert at.slider(key="votes").value == pytest.approx(0.4)
    assert at.slider(key="step").value == pytest.approx(0.5)
    assert at.radio(key="scale").value == "log"
    assert at.radio(key="background").value == "Edge map"
    assert at.selectbox(key="line").value == 2
    assert at.toggle(key="show_point").value is True
    assert (at.number_input(key="point_x").value, at.number_input(key="point_y").value) == (30, 40)
    assert at.slider(key="sigma").value == pytest.approx(2.5)
    assert at.slider(key="thresholds").value == (20, 60)
    at = open_page(PAGE, {"stage": "sobel", "sigma": "99", "thresholds": "900,5",
                          "section": "nope", "point_x": "1e9", "line": "x"})
    assert at.radio(key="stage").value == "edges"
    assert at.slider(key="sigma").value == 6.0
    assert at.slider(key="thresholds").value == (5, 800)
    choose(at, "section", "Hough lines")
    width = at.session_state["working_image"].gray.shape[1]
    assert at.number_input(key="point_x").value == width - 1  # clamped to the picture


def test_moving_a_slider_writes_the_url():
    at = open_page(PAGE)
    at.slider(key="thresholds").set_value((20, 200)).run()
    assert at.query_params["thresholds"] == "20,200"
    at.slider(key="thresholds").set_value((50, 150)).run()
    assert "thresholds" not in at.query_params


@pytest.mark.parametrize("name, picture", [
    ("constant.png", np.full((40, 60, 3), 128, np.uint8)),
    ("one_pixel.png", np.array([[[200, 10, 10]]], np.uint8)),
])
def test_flat_and_tiny_pictures_give_no_edges_and_say_so(name, picture):
    at = open_page(PAGE)
    upload(at, name, picture)
    assert_healthy(at)
    assert at.session_state["working_image"].name == name
    assert "No edges" in at.main.info[0].value
    for stage in STAGES:
        choose(at, "stage", stage)
    choose(at, "section", "Hough lines")
    assert "No edge pixels" in at.main.info[0].value
    assert at.selectbox(key="line").options == ["None"]
    at.toggle(key="show_point").set_value(True).run()
    sweep_widgets(at)


def test_photo_offers_the_grid_picture_without_forcing_it():
    at = open_page(PAGE)
    assert at.session_state["working_image"].name.endswith("(photo)")
    at.button(key="use_grid").click().run()
    assert_healthy(at)
    assert at.session_state["working_image"].name == "Grid (generated)"
    assert at.sidebar.selectbox(key="image").value == "Grid (generated)"
    assert not [button for button in at.main.button if button.key == "use_grid"]


def test_reference_check_compares_with_scikit_image():
    at = _hough(GRID | {"reference": "true"})
    metrics = {metric.label: metric.value for metric in at.main.metric}
    assert metrics["Accumulators"] == "identical"
    assert metrics["Largest |difference|"] == "0"
    assert "the same lines" in _captions(at)


def test_settings_survive_a_visit_to_another_page():
    at = open_page(PAGE)
    choose(at, "section", "Hough lines")
    at.slider(key="lines").set_value(7).run()
    choose(at, "section", "Canny edges")
    at.slider(key="sigma").set_value(2.0).run()
    choose(at, "section", "Hough lines")
    assert at.slider(key="lines").value == 7
    assert at.slider(key="sigma").value == 2.0  # shared by both sections
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.segmented_control(key="section").value == "Hough lines"
    assert at.slider(key="lines").value == 7
    assert_healthy(at)
