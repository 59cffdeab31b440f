"""The Filters page in AppTest: every kernel with every widget at both ends, the custom kernel
editor, tiny pictures, the worked example's numbers, the chain of filters, URL state."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core import convolution
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets, upload

PAGE = "pages/filters.py"
KERNELS = ["box", "gaussian", "gaussian_sigma", "sharpen", "outline", "sobel_top", "sobel_bottom",
           "sobel_left", "sobel_right", "sobel_magnitude", "custom"]
ZEROS_3 = ",".join(["0"] * 9)
FIVE_BY_FIVE = ",".join(str(v) for v in [0, 0, -1, 0, 0,
                                         0, -1, -2, -1, 0,
                                         -1, -2, 16, -2, -1,
                                         0, -1, -2, -1, 0,
                                         0, 0, -1, 0, 0])


def result_figure(at) -> dict:
    """The before/after figure's JSON (the last plotly chart of the first section)."""
    charts = [json.loads(chart.proto.spec) for chart in at.main.get("plotly_chart")]
    return next(chart for chart in charts if chart["data"][0].get("type") == "image"
                and len(chart["data"]) == 2)


def markdown_text(at) -> str:
    return "\n".join(block.value for block in at.markdown)


def captions(at) -> str:
    return "\n".join(block.value for block in at.caption)


def test_renders_with_defaults():
    at = open_page(PAGE)
    assert at.title[0].value == "Filters"
    assert at.radio(key="kernel").value == "box"
    assert len(at.main.get("plotly_chart")) == 2  # the kernel and the before/after view
    figure = result_figure(at)
    assert figure["layout"]["annotations"][1]["text"] == "Box blur 9×9 · clipped to 0–255"
    assert "actual result" in markdown_text(at)
    assert at.main.get("download_button")
    assert "box_kernel(9)" in at.main.code[0].value


@pytest.mark.parametrize("kernel", KERNELS)
def test_every_kernel_with_every_widget_at_both_ends(kernel):
    at = open_page(PAGE)
    choose(at, "kernel", kernel)
    runs = sweep_widgets(at)
    assert runs >= 5  # stride, greyscale, equalize, reference at least
    assert_healthy(at)


@pytest.mark.parametrize("mode", ["same", "full", "valid"])
@pytest.mark.parametrize("boundary", ["symm", "fill", "wrap"])
def test_every_mode_and_boundary_with_large_kernels_and_strides(mode, boundary):
    at = open_page(PAGE, {"box_size": "60", "stride": "8"})
    choose(at, "mode", mode)
    choose(at, "boundary", boundary)
    # The formula's prediction is the shape the page shows.
    shape = at.session_state["working_image"].rgb.shape
    expected = [convolution.output_size(n, 60, convolution.mode_padding(mode, 60), 8)
                for n in shape[:2]]
    assert f"actual result **{expected[0]} × {expected[1]}**" in markdown_text(at)
    for kernel in ("gaussian_sigma", "sobel_magnitude", "custom"):
        choose(at, "kernel", kernel)


@pytest.mark.parametrize("mode, boundary", [("full", "symm"), ("same", "wrap"), ("valid", "fill")])
def test_reference_check_agrees_with_scipy_and_opencv(mode, boundary):
    at = open_page(PAGE, {"box_size": "60", "stride": "2", "reference": "true", "mode": mode,
                          "boundary": boundary})
    for kernel in (None, "sobel_magnitude"):
        if kernel:
            choose(at, "kernel", kernel)
        differences = [metric.value for metric in at.metric
                       if metric.label == "Largest difference"]
        scipy_difference, opencv_difference = map(float, differences)
        assert scipy_difference < 1e-6
        assert opencv_difference < 1e-4  # filter2D's FFT for large kernels is less precise
    assert "centre" not in captions(at)  # 3x3 kernels: SciPy runs on the whole picture


def test_sobel_explains_that_negatives_clip_to_zero():
    at = open_page(PAGE, {"kernel": "sobel_left"})
    text = captions(at)
    assert "Sobel results are signed" in text and "negatives clip to 0" in text
    assert "histogram equalization is off" in text
    at.toggle(key="equalize").set_value(True).run()
    assert "equalized" in result_figure(at)["layout"]["annotations"][1]["text"]


def test_tutorial_box_sizes_are_one_click_away():
    at = open_page(PAGE)
    choose(at, "box_quick", 30)
    assert at.slider(key="box_size").value == 30
    assert at.query_params["box_size"] == "30"
    at.slider(key="box_size").set_value(17).run()
    assert at.session_state["box_quick"] is None  # no tutorial size highlighted
    assert_healthy(at)


def test_custom_kernel_of_zeros_gives_a_black_result_and_says_why():
    at = open_page(PAGE, {"kernel": "custom", "custom": ZEROS_3})
    assert any("Every weight of this kernel is 0" in info.value for info in at.info)
    assert at.data_editor[0].value.to_numpy().sum() == 0
    assert_healthy(at)
    at.toggle(key="normalize").set_value(False).run()  # nothing to divide by either way
    assert_healthy(at)


def test_custom_kernel_edits_resizing_and_url():
    at = open_page(PAGE, {"kernel": "custom"})
    assert at.data_editor[0].value.shape == (3, 3)
    # A cell typed in the grid becomes the kernel and goes into the link.
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {1: {"2": -4}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_healthy(at)
    assert at.session_state["custom"][4] == -4
    assert at.query_params["custom"] == "0,1,2,2,-4,0,0,1,2"
    # Growing to 5x5 keeps the weights around the centre.
    choose(at, "custom_size", 5)
    grown = np.reshape(at.session_state["custom"], (5, 5))
    assert grown[1:4, 1:4].ravel().tolist() == [0, 1, 2, 2, -4, 0, 0, 1, 2]
    assert at.data_editor[0].value.shape == (5, 5)
    choose(at, "custom_size", 3)
    assert len(at.session_state["custom"]) == 9


def test_five_by_five_custom_kernel_from_the_url():
    at = open_page(PAGE, {"kernel": "custom", "custom": FIVE_BY_FIVE, "normalize": "false"})
    assert at.data_editor[0].value.shape == (5, 5)
    assert at.segmented_control(key="custom_size").value == 5
    assert "actual result" in markdown_text(at)
    assert "[-1.0, -2.0, 16.0, -2.0, -1.0]" in at.main.code[0].value
    choose(at, "mode", "valid")
    shape = at.session_state["working_image"].rgb.shape
    assert f"**{shape[0] - 4} × {shape[1] - 4}**" in markdown_text(at)


@pytest.mark.parametrize("side", [1, 3])
def test_kernel_larger_than_a_tiny_picture(side):
    at = open_page(PAGE, {"box_size": "60"})
    upload(at, f"tiny{side}.png", np.full((side, side, 3), 200, np.uint8))
    assert at.session_state["working_image"].rgb.shape == (side, side, 3)
    assert_healthy(at)
    choose(at, "mode", "valid")
    assert any("does not fit" in warning.value for warning in at.warning)
    assert not at.exception
    choose(at, "mode", "full")
    assert "actual result **" + f"{side + 59} × {side + 59}" in markdown_text(at)
    for kernel in ("sobel_magnitude", "custom", "gaussian_sigma"):
        choose(at, "kernel", kernel)
    sweep_widgets(at)
    choose(at, "section", "Edges that survive noise")
    sweep_widgets(at)
    at.multiselect(key="chain").set_value(list(convolution.CHAIN_FILTERS)).run()
    assert_healthy(at)


def test_constant_picture_is_fine():
    at = open_page(PAGE, {"kernel": "outline"})
    upload(at, "grey.png", np.full((40, 60, 3), 128, np.uint8))
    assert_healthy(at)
    assert "0.0% of the outputs were below 0" in captions(at)


def worked_output(at) -> list[str]:
    figure = next(json.loads(chart.proto.spec) for chart in at.main.get("plotly_chart"))
    return [cell for row in figure["data"][3]["text"] for cell in row]


def test_worked_example_fills_the_tutorials_cross_correlation():
    at = open_page(PAGE, {"section": "Worked example"})
    assert worked_output(at) == ["12", "", "", "", "", "", "", "", ""]  # only the first window
    assert "= 12\n" in markdown_text(at)
    at.slider(key="step").set_value(9).run()
    expected = [str(v) for v in convolution.TUTORIAL_RESULT.ravel()]
    assert worked_output(at) == expected == ["12", "12", "17", "10", "17", "19", "9", "6", "14"]
    text = markdown_text(at)
    assert r"\begin{bmatrix}12 & 12 & 17 \\ 10 & 17 & 19 \\ 9 & 6 & 14\end{bmatrix}" in text
    assert "(5 - 3 + 2 \\cdot 0)/1 + 1 = 3" in text
    # The last window (rows 3-5, columns 3-5) times the kernel as written.
    products = ["2 \\cdot 0", "2 \\cdot 1", "3 \\cdot 2", "0 \\cdot 2", "2 \\cdot 2", "2 \\cdot 0",
                "0 \\cdot 0", "0 \\cdot 1", "1 \\cdot 2"]
    assert " + ".join(products) + " = 14" in text


def test_worked_example_convolution_flips_the_kernel():
    at = open_page(PAGE, {"section": "Worked example", "step": "9", "flip": "true"})
    flipped = convolution.convolve(convolution.TUTORIAL_INPUT, convolution.TUTORIAL_KERNEL,
                                   "valid", flip=True)
    assert worked_output(at) == [str(int(v)) for v in flipped.ravel()]
    figure = next(json.loads(chart.proto.spec) for chart in at.main.get("plotly_chart"))
    assert figure["data"][1]["z"] == convolution.TUTORIAL_KERNEL[::-1, ::-1].tolist()
    assert sweep_widgets(at) >= 3


def test_edges_section_compares_smoothing_and_runs_a_chain():
    at = open_page(PAGE, {"section": "Edges that survive noise"})
    images = at.main.get("image")
    assert len(images) == 4 + 4  # the comparison, then the input and three chain stages
    assert "so 80 becomes 81" in captions(at)
    at.multiselect(key="chain").set_value(["gaussian", "median", "sobel_magnitude", "kernel",
                                           "box"]).run()
    assert_healthy(at)
    assert len(at.main.get("image")) == 4 + 6
    assert at.query_params["chain"] == "gaussian,median,sobel_magnitude,kernel,box"
    assert sweep_widgets(at) >= 10
    at.multiselect(key="chain").set_value([]).run()
    assert_healthy(at)
    assert "Pick filters above" in captions(at)


def test_url_reproduces_the_view_and_bad_values_fall_back():
    query = {"kernel": "gaussian_sigma", "sigma": "2.5", "mode": "full", "boundary": "wrap",
             "stride": "3", "grey": "true", "equalize": "true"}
    at = open_page(PAGE, query)
    assert at.radio(key="kernel").value == "gaussian_sigma"
    assert at.slider(key="sigma").value == pytest.approx(2.5)
    assert at.radio(key="mode").value == "full"
    assert at.radio(key="boundary").value == "wrap"
    assert at.slider(key="stride").value == 3
    assert at.toggle(key="grey").value is True
    assert all(at.query_params[key] == value for key, value in query.items())
    at = open_page(PAGE, {"kernel": "emboss", "sigma": "1e9", "stride": "abc", "custom": "1,2",
                          "chain": "box,nonsense,box", "section": "Edges that survive noise"})
    assert at.multiselect(key="chain").value == ["box"]
    assert at.session_state["kernel"] == "box"
    assert at.session_state["sigma"] == 10.0  # clamped to the slider's range
    assert at.session_state["stride"] == 1
    assert len(at.session_state["custom"]) == 9


def test_settings_survive_a_visit_to_another_page():
    at = open_page(PAGE, {"kernel": "custom", "custom": FIVE_BY_FIVE})
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.data_editor[0].value.shape == (5, 5)
    assert at.data_editor[0].value.to_numpy()[2, 2] == 16
    assert_healthy(at)
