"""ui.lines_edges_view's figure and text builders, without the Streamlit runtime."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import hough
from ui import lines_edges_view as view
from ui import viewer

HEIGHT, WIDTH = 40, 60
# A horizontal line at y = 20 (normal straight up) and a vertical one at x = 30.
FOUND = [(55, -math.pi / 2, -20.0), (38, 0.0, 30.0)]
NOTHING = {"line": 0, "show_point": False, "x": 0, "y": 0}
URI = viewer.data_uri(np.zeros((20, 30), np.uint8))


def _accumulator_figure(found=FOUND, chosen=NOTHING, step=1.0):
    thetas = hough.tutorial_thetas(step)
    acc, rhos = hough.hough_accumulator(np.zeros((HEIGHT, WIDTH), bool), thetas)
    return view.accumulator_figure((URI, 2), thetas, rhos, step, (HEIGHT, WIDTH), found, chosen,
                                   300), rhos, thetas


def test_picture_figure_draws_the_lines_over_a_clickable_picture():
    figure = view.picture_figure((URI, (20, 30)), (HEIGHT, WIDTH), FOUND, NOTHING, 300)
    kinds = [trace.type for trace in figure.data]
    assert kinds == ["image", "scatter", "scatter"]
    picture, grid, lines = figure.data
    assert (picture.dx, picture.dy) == (2.0, 2.0)  # the display copy covers the whole picture
    assert view.GRID_TRACE == 1 and grid.marker.opacity == 0 and len(grid.x) > 0
    assert lines.line.color == view.LINE_COLOUR
    np.testing.assert_allclose(lines.y[:2], [20, 20])
    np.testing.assert_allclose(lines.x[3:5], [30, 30])
    assert lines.x[2] is None  # a gap between lines, all in one trace
    assert lines.text[0] == "Line 1: θ = -90.00°, ρ = -20, 55 votes"
    assert figure.layout.title.text == "2 lines found"
    assert tuple(figure.layout.xaxis.range) == (-0.5, WIDTH - 0.5)
    assert tuple(figure.layout.yaxis.range) == (HEIGHT - 0.5, -0.5)  # rows down
    assert figure.layout.height == 300


def test_picture_figure_marks_the_chosen_line_and_point():
    chosen = {"line": 2, "show_point": True, "x": 7, "y": 9}
    figure = view.picture_figure((URI, (20, 30)), (HEIGHT, WIDTH), FOUND, chosen, 300)
    highlighted = [t for t in figure.data if t.type == "scatter" and t.line.color == view.HIGHLIGHT]
    assert len(highlighted) == 1
    np.testing.assert_allclose(highlighted[0].x, [30, 30])
    assert figure.data[-1].marker.color == view.POINT_COLOUR
    assert (list(figure.data[-1].x), list(figure.data[-1].y)) == ([7], [9])


def test_accumulator_figure_circles_the_peaks_in_degrees():
    figure, rhos, thetas = _accumulator_figure()
    assert [trace.type for trace in figure.data] == ["image", "scatter"]
    image, circles = figure.data
    assert image.x0 == -90.0 and image.dx == 1.0 and image.dy == 2
    assert view.PEAKS_TRACE == 1
    assert list(circles.x) == [-90.0, 0.0] and list(circles.y) == [-20.0, 30.0]
    assert figure.layout.title.text == f"Accumulator: {len(rhos)} ρ × {len(thetas)} θ"
    assert tuple(figure.layout.xaxis.range) == (-90.5, 89.5)
    assert tuple(figure.layout.yaxis.range) == (-float(rhos[0]), float(rhos[0]))  # rho up


def test_accumulator_figure_shows_the_duality():
    chosen = {"line": 1, "show_point": True, "x": 10, "y": 20}
    figure, _, _ = _accumulator_figure(chosen=chosen, step=0.5)
    dotted = [t for t in figure.data if t.type == "scatter" and t.line.dash == "dot"]
    assert len(dotted) == 2  # the sinusoids of the line's two ends
    for curve in dotted:  # both cross at the line's peak (theta -90, rho -20)
        assert curve.y[0] == pytest.approx(-20.0)
    ring = [t for t in figure.data if t.type == "scatter" and t.marker.color == view.HIGHLIGHT]
    assert list(ring[0].x) == [-90.0] and list(ring[0].y) == [-20.0]
    point = figure.data[-1]
    assert point.line.color == view.POINT_COLOUR
    np.testing.assert_allclose(point.y, hough.point_sinusoid(10, 20, np.radians(point.x)))
    assert figure.layout.xaxis.range[0] == -90.25


def test_no_lines_still_makes_both_figures():
    figure = view.picture_figure((URI, (20, 30)), (HEIGHT, WIDTH), [], NOTHING, 300)
    assert figure.layout.title.text == "0 lines found"
    figure, _, _ = _accumulator_figure(found=[])
    assert len(figure.data[1].x) == 0


def test_labels_and_captions():
    assert view.line_label(0, FOUND) == "None" and view.line_label(3, FOUND) == "None"
    assert view.line_label(2, FOUND) == "Line 2: θ = 0.00°, ρ = 30, 38 votes"
    assert view.selection_caption(FOUND, NOTHING) == ""
    caption = view.selection_caption(FOUND, {"line": 1, "show_point": True, "x": 3, "y": 4})
    assert caption.startswith("Highlighted (cyan): Line 1: θ = -90.00°")
    assert caption.endswith("Point (3, 4) (green): its votes follow ρ = 3 cos θ + 4 sin θ.")
    assert view.stage_text("smoothed", 1.4, 50, 150).startswith(
        "A Gaussian blur of σ = 1.4 (9×9 kernel)")
    found = {"strong": np.array([1, 1, 0], bool), "weak": np.array([0, 0, 1], bool),
             "edges": np.array([1, 1, 0], bool)}
    assert view.stage_note("threshold", 5, 9, 100.0, found, 3) == "2 strong and 1 weak pixels."
    assert view.stage_note("edges", 5, 9, 100.0, found, 3) == (
        "2 edge pixels (66.7% of the picture); 1 weak pixels dropped.")
    assert view.stage_note("smoothed", 5, 9, 100.0, found, 3) is None


def test_the_code_shown_is_python():
    settings = {"sigma": 1.4, "low": 50, "high": 150, "step": 0.5, "lines": 20, "votes": 0.15}
    code = view.hough_code(settings)
    compile(code, "hough", "exec")
    assert "min_angle=20" in code and "tutorial_thetas(0.5)" in code
    compile(view.canny_code(1.4, 50, 150), "canny", "exec")


def test_lines_drawing_draws_on_a_copy():
    rgb = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    rgb.flags.writeable = False
    drawing = view.lines_drawing(rgb, FOUND)
    assert not rgb.any()
    for pixels in (drawing[20, 5:55], drawing[5:35, 30]):  # anti-aliased: orange, not exact
        assert (pixels[:, 0] > 150).all() and (pixels[:, 0] > pixels[:, 1]).all()
    assert not drawing[5, 5].any()


@pytest.mark.parametrize("stage, wheels", [("direction", 1), ("edges", 0)])
def test_canny_figure_puts_the_wheel_on_the_direction_stage(stage, wheels):
    gray = np.zeros((HEIGHT, WIDTH), np.uint8)
    figure = view.canny_figure(gray, np.zeros((HEIGHT, WIDTH, 3), np.uint8), stage, "test-key")
    assert len(figure.layout.images) == wheels
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles == ["Input (grey)", view.STAGE_TITLES[stage]]
