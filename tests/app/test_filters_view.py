"""The Filters page's figure and text builders, without a Streamlit runtime."""

from __future__ import annotations

import math

import numpy as np

from core import convolution
from ui import filters_view as view


def test_matrices_figure_lays_out_one_heatmap_per_panel_with_titles_and_windows():
    panels = [view.MatrixPanel(np.arange(25.0).reshape(5, 5), "Input", (1, 2, 3, 3)),
              view.MatrixPanel(np.full((3, 3), np.nan), "Output", text=False, diverging=False)]
    figure = view.matrices_figure(panels, height=250)
    assert [trace.type for trace in figure.data] == ["heatmap", "heatmap"]
    assert [trace.xaxis for trace in figure.data] == ["x", "x2"]
    assert [note.text for note in figure.layout.annotations] == ["Input", "Output"]
    assert figure.layout.height == 250
    # Widths in proportion to the columns (5 : 3), left to right, with a gap between.
    first, second = figure.layout.xaxis.domain, figure.layout.xaxis2.domain
    assert first[0] == 0 and math.isclose(second[1], 1) and first[1] < second[0]
    assert math.isclose((first[1] - first[0]) / (second[1] - second[0]), 5 / 3)
    assert figure.layout.yaxis.autorange == "reversed"
    # The highlighted window frames rows 2-4 and columns 3-5, counted from 1.
    (shape,) = figure.layout.shapes
    assert (shape.x0, shape.x1, shape.y0, shape.y1) == (2.5, 5.5, 1.5, 4.5)
    assert list(figure.data[0].text[0][:3]) == ["0", "1", "2"]
    assert figure.data[1].text is None and list(figure.data[1].z[0]) == [None, None, None]


def test_cell_text_and_matrix_latex_print_numbers_as_the_tutorial_does():
    values = (12.0, -4.0, 0.125, float("nan"))
    assert [view.cell_text(v) for v in values] == ["12", "-4", "0.125", ""]
    assert view.matrix_latex(np.array([[1, 2], [3, 4]])) == \
        r"\begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}"


def test_kernel_figure_shows_numbers_only_in_small_kernels():
    magnitude = view.kernels_of(("sobel_magnitude",))
    figure = view.kernel_figure(magnitude)
    assert [note.text for note in figure.layout.annotations] == ["Gx: Sobel left", "Gy: Sobel top"]
    assert figure.layout.height == 180
    large = view.kernel_figure(view.kernels_of(("box", 9)))
    assert large.layout.height == 200 and large.data[0].text is None
    assert view.kernel_caption(("box", 9), view.kernels_of(("box", 9))).endswith(
        "Hover over the cells for their values.")


def test_worked_figure_fills_the_output_up_to_the_current_window():
    steps = convolution.window_steps(convolution.TUTORIAL_INPUT, convolution.TUTORIAL_KERNEL)
    figure = view.worked_figure(steps, 2, flip=False)
    assert [note.text for note in figure.layout.annotations] == [
        "Input 5×5", "Kernel (cross-correlation)", "Window × kernel", "Output 3×3"]
    assert [cell for row in figure.data[3].text for cell in row] == ["12", "12"] + [""] * 7
    input_window, output_cell = figure.layout.shapes
    assert (input_window.x0, input_window.y0) == (1.5, 0.5)  # window 2 starts at column 2
    assert (output_cell.x0, output_cell.y0) == (1.5, 0.5)
    flipped = convolution.window_steps(convolution.TUTORIAL_INPUT, convolution.TUTORIAL_KERNEL,
                                       flip=True)
    assert view.worked_figure(flipped, 1, flip=True).layout.annotations[1].text == \
        "Kernel, flipped (convolution)"
    assert view.window_sum_text(steps[0], 1).startswith("Window 1 of 9 → output row 1, column 1")


def test_size_formula_title_and_clipping_texts():
    text = view.size_formula_text((427, 640, 3), (9, 9), "same", 1, (427, 640, 3))
    assert "actual result **427 × 640** × 3 channels" in text
    kernels = view.kernels_of(("box", 9))
    assert view.result_title(("box", 9), kernels, False) == "Box blur 9×9 · clipped to 0–255"
    assert view.result_title(("sharpen",), view.kernels_of(("sharpen",)), True) == \
        "Sharpen · clipped to 0–255, equalized"
    assert "Sobel results are signed" in view.clipping_text(("sobel_left",), 0.1, 0, False)
    assert "shown stretched" in view.result_caption(("box", 9), 0, 0, False, stride=2)
    assert "shown stretched" not in view.result_caption(("box", 9), 0, 0, False, stride=1)


def test_url_parameters_of_the_custom_kernel_and_the_chain():
    kernel = view.KernelParam(view.TUTORIAL_KERNEL)
    assert kernel.parse("1,2,3") == view.TUTORIAL_KERNEL
    assert kernel.parse(",".join(["5000"] * 9)) == (view.MAX_CUSTOM_WEIGHT,) * 9
    assert kernel.format((0.5, 1.0, 2.0)) == "0.5,1,2"
    chain = view.ChainParam([], options=list(view.CHAIN_LABELS))
    assert chain.parse("box,nonsense,box,median") == ["box", "median"]
    assert chain.format(["box", "median"]) == "box,median"


def test_chain_steps_captions_and_code():
    settings = {"chain_box": 5, "chain_sigma": 2.0, "median_size": 80,
                "custom": view.TUTORIAL_KERNEL, "normalize": False}
    steps = tuple(view.chain_step(name, settings) for name in ("box", "median", "kernel"))
    assert [view.step_caption(i, step) for i, step in enumerate(steps, 1)] == [
        "1. Box blur 5×5", "2. Median 81×81", "3. Custom kernel"]
    assert list(view.smoothing_comparisons(settings)) == [
        "Sobel on the picture", "Gaussian σ = 2, then Sobel", "Median 81, then Sobel"]
    code = view.chain_code(steps, grey=True, noise=10, equalize=False)
    assert "add_noise(to_gray(decode_image(data)), 10)" in code
    assert '("kernel", {"kernel": my_kernel})' in code
    assert 'box_kernel(9)' in view.filter_code(
        ("box", 9), {"mode": "same", "boundary": "symm", "stride": 1, "grey": False,
                     "equalize": False})


def test_opencv_reference_matches_our_convolve():
    image = np.random.default_rng(0).integers(0, 256, (20, 30)).astype(np.float64)
    kernel = convolution.KERNELS["sobel_top"]
    for mode in ("same", "full", "valid"):
        for boundary in ("symm", "fill", "wrap"):
            ours = convolution.convolve(image, kernel, mode, boundary)
            assert np.allclose(view.opencv_reference(image, kernel, mode, boundary), ours)
