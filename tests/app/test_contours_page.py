"""The Contours page in AppTest: every binarization with every widget at both ends, the SVG the
user downloads, one-colour and one-pixel pictures, URL state and the reference check."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
import streamlit

from core.contours import (BINARIZATION_METHODS, FOREGROUNDS, binarize, contour_lengths,
                           contours_to_svg, find_contours, simplify_contours)
from core.segmentation import otsu_threshold
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets, upload
from tests.corpus import good_files

PAGE = "pages/contours.py"
SVG_PATH = "{http://www.w3.org/2000/svg}path"


@pytest.fixture
def downloads(monkeypatch) -> list:
    """What the page's download buttons would hand the user, most recent last."""
    captured = []
    original = streamlit.download_button

    def recording_download_button(label, data, *args, **kwargs):
        captured.append((kwargs.get("file_name"), kwargs.get("mime"),
                         data() if callable(data) else data))
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording_download_button)
    return captured


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.main.metric}


def number(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


def last_svg(downloads) -> str:
    file_name, mime, data = downloads[-1]
    assert mime == "image/svg+xml" and file_name.endswith(".svg")
    return data


def test_renders_with_defaults(downloads):
    at = open_page(PAGE)
    assert at.title[0].value == "Contours"
    assert at.radio(key="method").value == "kmeans"  # the tutorial's K-means, k = 2
    assert at.slider(key="tolerance").value == 5.0  # the tutorial's tolerance
    assert "tutorial: 5" in at.slider(key="tolerance").label
    assert len(at.main.get("plotly_chart")) == 2  # mask beside input; traced vs simplified
    shown = metrics(at)
    assert number(shown["Contours kept"]) > 100
    assert number(shown["Vertices simplified"]) < number(shown["Vertices traced"])
    assert number(shown["SVG size"]) == len(last_svg(downloads).encode())
    assert at.main.code  # "show the code"
    assert at.toggle(key="contours_reference").value is False


@pytest.mark.parametrize("foreground", FOREGROUNDS)
@pytest.mark.parametrize("method", list(BINARIZATION_METHODS))
def test_every_method_with_every_widget_at_both_ends(method, foreground):
    at = open_page(PAGE)
    choose(at, "method", method)
    choose(at, "foreground", foreground)
    runs = sweep_widgets(at)
    # tolerance, minimum length, reference toggle (+ the threshold for manual)
    assert runs >= (7 if method == "manual" else 5)


def test_svg_download_has_one_path_per_kept_contour(downloads):
    at = open_page(PAGE, {"tolerance": "2.5", "min_length": "12"})
    svg = last_svg(downloads)
    root = ElementTree.fromstring(svg)
    paths = root.iter(SVG_PATH)
    shown = metrics(at)
    assert len(list(paths)) == number(shown["Contours kept"]) > 0
    assert number(shown["SVG size"]) == len(svg.encode())
    # The same document the core functions give for the same picture and settings.
    picture = at.session_state["working_image"]
    mask = binarize(picture.rgb, "kmeans", foreground="darker").mask
    contours = find_contours(mask)
    kept = [c for c, length in zip(contours, contour_lengths(contours)) if length >= 12]
    assert svg == contours_to_svg(simplify_contours(kept, 2.5), *mask.shape)
    height, width = mask.shape
    assert root.get("viewBox") == f"0 0 {width} {height}"


def test_preview_is_an_image_of_the_same_drawing(downloads):
    at = open_page(PAGE)
    image = at.main.get("image")[0]
    url = image.proto.imgs[0].url
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix)
    preview = ElementTree.fromstring(base64.b64decode(url[len(prefix):]))
    download = ElementTree.fromstring(last_svg(downloads))
    assert [p.get("d") for p in preview.iter(SVG_PATH)] == \
        [p.get("d") for p in download.iter(SVG_PATH)]


def test_tolerance_zero_keeps_every_vertex_and_grows_the_svg(downloads):
    at = open_page(PAGE)
    small = number(metrics(at)["SVG size"])
    at.slider(key="tolerance").set_value(0.0).run()
    shown = metrics(at)
    assert shown["Vertices simplified"] == shown["Vertices traced"]
    assert number(shown["SVG size"]) > small
    assert_healthy(at)


def test_minimum_length_drops_specks():
    at = open_page(PAGE)
    everything = number(metrics(at)["Contours kept"])
    at.slider(key="min_length").set_value(50).run()
    assert 0 < number(metrics(at)["Contours kept"]) < everything
    at.slider(key="min_length").set_value(200).run()
    assert_healthy(at)


def test_otsu_explains_its_threshold():
    at = open_page(PAGE, {"method": "otsu"})
    level = otsu_threshold(at.session_state["working_image"].gray)
    assert any(f"t = {level}" in block.value for block in at.main.markdown)


@pytest.mark.parametrize("method", list(BINARIZATION_METHODS))
def test_constant_picture_gives_an_empty_valid_svg_and_a_note(downloads, method):
    at = open_page(PAGE, {"method": method})
    upload(at, "grey.png", np.full((30, 40, 3), 120, np.uint8))
    assert_healthy(at)
    assert at.main.info and "no boundary" in at.main.info[0].value
    assert number(metrics(at)["Contours kept"]) == 0
    root = ElementTree.fromstring(last_svg(downloads))
    assert list(root.iter(SVG_PATH)) == [] and root.get("viewBox") == "0 0 40 30"
    at.toggle(key="contours_reference").set_value(True).run()
    assert_healthy(at)


@pytest.mark.parametrize("method", list(BINARIZATION_METHODS))
def test_one_pixel_picture(method):
    at = open_page(PAGE, {"method": method, "contours_reference": "true"})
    at.sidebar.get("file_uploader")[0].upload(
        "one_pixel.png", good_files()["one_pixel.png"][0], "image/png").run()
    assert_healthy(at)
    assert at.session_state["working_image"].rgb.shape == (1, 1, 3)
    assert number(metrics(at)["Contours kept"]) == 0
    assert at.main.info  # says why there is nothing to trace
    assert sweep_widgets(at) >= 4


def test_manual_threshold_at_the_end_leaves_nothing_to_trace():
    at = open_page(PAGE, {"method": "manual", "threshold": "255", "foreground": "lighter"})
    assert at.main.info and "no boundary" in at.main.info[0].value
    assert_healthy(at)


def test_all_contours_shorter_than_the_minimum_says_so():
    picture = np.zeros((40, 40, 3), np.uint8)
    picture[10:13, 10:13] = 255  # one small square: a contour about 12 pixels long
    at = open_page(PAGE, {"min_length": "100"})
    upload(at, "dot.png", picture)
    assert "shorter than 100 pixels" in at.main.info[0].value
    assert_healthy(at)


def test_reference_check_agrees_with_scikit_image():
    at = open_page(PAGE, {"tolerance": "3"})
    at.toggle(key="contours_reference").set_value(True).run()
    assert_healthy(at)
    shown = metrics(at)
    assert shown["Contours: ours"] == shown["scikit-image find_contours"]
    assert shown["Largest point difference"] == "0 px"
    assert shown["Largest vertex difference"] == "0 px"


def test_url_reproduces_the_view_and_bad_values_fall_back():
    at = open_page(PAGE, {"method": "manual", "threshold": "90", "foreground": "lighter",
                          "tolerance": "7.5", "min_length": "20", "contours_reference": "true"})
    assert at.radio(key="method").value == "manual"
    assert at.radio(key="foreground").value == "lighter"
    assert at.slider(key="threshold").value == 90
    assert at.slider(key="tolerance").value == 7.5
    assert at.slider(key="min_length").value == 20
    assert at.toggle(key="contours_reference").value is True
    assert_healthy(at)
    at = open_page(PAGE, {"method": "canny", "foreground": "blue", "tolerance": "1e9",
                          "min_length": "-3", "threshold": "x"})
    assert at.radio(key="method").value == "kmeans"
    assert at.radio(key="foreground").value == "darker"
    assert at.slider(key="tolerance").value == 20.0  # clamped to the slider's range
    assert at.slider(key="min_length").value == 0
    choose(at, "method", "manual")
    assert at.slider(key="threshold").value == 128


def test_moving_a_slider_writes_the_url():
    at = open_page(PAGE)
    at.slider(key="tolerance").set_value(1.5).run()
    assert at.query_params["tolerance"] == "1.5"
    at.slider(key="tolerance").set_value(5.0).run()
    assert "tolerance" not in at.query_params  # defaults stay out of the link


def test_reference_check_without_scikit_image_says_so(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "skimage", None)  # import fails
    # A tolerance no other test uses, so the comparison is not already cached.
    at = open_page(PAGE, {"tolerance": "13.5", "contours_reference": "true"})
    assert any("scikit-image is not installed" in info.value for info in at.main.info)
    assert_healthy(at)


def test_kmeans_on_a_one_colour_picture_says_there_is_one_colour():
    at = open_page(PAGE)
    upload(at, "grey.png", np.full((20, 30, 3), 77, np.uint8))
    assert any("one colour only" in block.value for block in at.main.markdown)
