"""The Contours page's figures and texts, built without a Streamlit runtime."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import numpy as np

from core.contours import binarize, contours_to_svg, find_contours
from ui import contours_view as view


def square_picture() -> np.ndarray:
    picture = np.full((40, 60, 3), 230, np.uint8)
    picture[10:30, 20:40] = 20  # one dark square
    return picture


def titles(figure) -> list[str]:
    return [annotation.text for annotation in figure.layout.annotations]


def test_binarization_figure_shows_the_input_beside_a_two_level_mask():
    picture = square_picture()
    mask = binarize(picture, "otsu").mask
    figure = view.binarization_figure(picture, mask)
    assert [trace.type for trace in figure.data] == ["image", "image"]
    assert [trace.xaxis for trace in figure.data] == ["x", "x2"]
    assert titles(figure) == list(view.MASK_TITLES)
    assert figure.data[1].source.startswith("data:image/png")  # a mask stays exact
    assert figure.layout.xaxis2.matches == "x"  # zoom and pan linked


def test_tracing_figure_titles_count_the_vertices():
    kept = [np.zeros((5, 2)), np.zeros((7, 2))]
    simple = [np.zeros((2, 2)), np.zeros((3, 2))]
    picture = np.full((40, 60, 3), 200, np.uint8)
    figure = view.tracing_figure(picture, picture, kept, simple, 2.5)
    assert titles(figure) == ["Traced: 12 vertices", "Simplified, tolerance 2.5: 5 vertices"]
    assert len(figure.data) == 2 and figure.layout.yaxis.autorange == "reversed"


def test_svg_preview_puts_a_white_sheet_under_the_drawing_only():
    mask = binarize(square_picture(), "otsu").mask
    svg = contours_to_svg(find_contours(mask), *mask.shape)
    preview = view.svg_preview(svg)
    assert 'fill="#fff"' in preview and 'fill="#fff"' not in svg
    ElementTree.fromstring(preview)  # still a valid document


def test_binarization_text_explains_each_method():
    one_colour = binarize(np.full((8, 8, 3), 77, np.uint8), "kmeans")
    assert "one colour only" in view.binarization_text(one_colour)
    otsu = binarize(square_picture(), "otsu")
    assert f"t = {otsu.level}" in view.binarization_text(otsu)
    manual = binarize(square_picture(), "manual", threshold=90, foreground="lighter")
    assert view.binarization_text(manual).startswith("You set t = 90.")
    assert r"\text{grey} > 90" in view.binarization_text(manual)


def test_code_names_the_threshold_only_when_manual():
    settings = {"method": "otsu", "foreground": "darker", "threshold": None, "tolerance": 2.5,
                "min_length": 12}
    code = view.contours_code(settings)
    compile(code, "<code>", "exec")
    assert "threshold=" not in code.split("binarize(image")[1].split("\n")[0]
    assert "tolerance=2.5" in code and ">= 12" in code
    assert "threshold=90" in view.contours_code(settings | {"method": "manual", "threshold": 90})


def test_reference_texts():
    a, b = np.zeros((3, 2)), np.ones((3, 2))
    assert view.largest_difference([a], [b]) == 1.0
    assert view.largest_difference([], []) == 0.0
    assert view.largest_difference([a], [np.zeros((4, 2))]) is None
    assert view.difference_text(None) == "contours differ"
    assert view.difference_text(0.0) == "0 px"
    assert view.times_text(12.4, float("nan")) == "12 / – ms"  # scikit-image refused the mask
