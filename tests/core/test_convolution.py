"""core.convolution against SciPy / OpenCV, value by value, plus the tutorial's worked example."""

from __future__ import annotations

import doctest
import itertools
import zlib

import cv2
import numpy as np
import pytest
import scipy.ndimage
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import core.convolution as convolution
from core.convolution import (
    CHAIN_FILTERS,
    KERNELS,
    TUTORIAL_CHAINS,
    TUTORIAL_INPUT,
    TUTORIAL_KERNEL,
    TUTORIAL_RESULT,
    apply_chain,
    box_kernel,
    choose_method,
    convolve,
    effective_median_size,
    gaussian_kernel,
    median_filter,
    mode_padding,
    output_size,
    pad_for_mode,
    padding_amounts,
    sobel_magnitude,
    to_display,
    window_steps,
)
from core.images import to_gray

MODES = ("full", "same", "valid")
BOUNDARIES = ("fill", "wrap", "symm")
# Odd, even, mixed, 1-wide and larger-than-small-image kernel shapes.
KERNEL_SHAPES = [(1, 1), (1, 4), (4, 1), (2, 2), (3, 3), (4, 5), (5, 4), (7, 7), (8, 6), (15, 15)]
TOLERANCE = 1e-6


def reference(image, kernel, mode="same", boundary="symm", flip=True):
    """SciPy's convolve2d / correlate2d, channel by channel for colour."""
    function = scipy.signal.convolve2d if flip else scipy.signal.correlate2d
    image = np.asarray(image, dtype=np.float64)
    if image.ndim == 2:
        return function(image, kernel, mode=mode, boundary=boundary)
    return np.stack([function(image[:, :, c], kernel, mode=mode, boundary=boundary)
                     for c in range(image.shape[2])], axis=2)


def assert_matches(actual, expected, tolerance=TOLERANCE):
    assert actual.dtype == np.float64
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=tolerance)


@pytest.fixture(scope="module")
def small_random():
    generator = np.random.default_rng(7)
    return {
        "uint8 grey": generator.integers(0, 256, (23, 31), dtype=np.uint8),
        "float grey": generator.normal(0, 50, (19, 26)),
        "uint8 rgb": generator.integers(0, 256, (17, 21, 3), dtype=np.uint8),
    }


# ---------------------------------------------------------------------------------------------
# convolve against scipy.signal over the whole grid


@pytest.mark.parametrize("flip", [True, False], ids=["convolve", "correlate"])
@pytest.mark.parametrize("boundary", BOUNDARIES)
@pytest.mark.parametrize("mode", MODES)
def test_grid_matches_scipy_on_random_images(mode, boundary, flip, small_random):
    # crc32, not hash(): string hashes change from one Python process to the next.
    generator = np.random.default_rng(zlib.crc32(f"{mode}-{boundary}-{flip}".encode()))
    for name, image in small_random.items():
        for shape in KERNEL_SHAPES:
            kernel = generator.normal(size=shape)
            expected = reference(image, kernel, mode, boundary, flip)
            actual = convolve(image, kernel, mode, boundary, flip=flip)
            assert_matches(actual, expected)


@pytest.mark.parametrize("boundary", BOUNDARIES)
@pytest.mark.parametrize("mode", MODES)
def test_grid_matches_scipy_on_photos(mode, boundary, photo_rgb, photo_gray, rng):
    for shape in [(3, 3), (4, 4), (6, 9), (15, 15)]:
        kernel = rng.normal(size=shape)
        assert_matches(convolve(photo_gray, kernel, mode, boundary),
                       reference(photo_gray, kernel, mode, boundary))
    for kernel in (KERNELS["sharpen"], KERNELS["sobel_left"], box_kernel(9)):
        assert_matches(convolve(photo_rgb, kernel, mode, boundary),
                       reference(photo_rgb, kernel, mode, boundary))


def test_every_sample_picture_with_every_tutorial_kernel(photos):
    for picture in photos.values():
        for kernel in KERNELS.values():
            assert_matches(convolve(picture, kernel), reference(picture, kernel))


# ---------------------------------------------------------------------------------------------
# The three methods (direct, separable, fft) all equal SciPy


def test_method_choice_follows_the_kernel():
    megapixel = (817, 1224)
    assert choose_method(KERNELS["sharpen"], megapixel) == "direct"
    assert choose_method(KERNELS["outline"], megapixel) == "direct"
    for name in ("box", "gaussian", "sobel_top", "sobel_bottom", "sobel_left", "sobel_right"):
        assert choose_method(KERNELS[name], megapixel) == "separable", name
    assert choose_method(box_kernel(60), (*megapixel, 3)) == "separable"
    assert choose_method(gaussian_kernel(4), megapixel) == "separable"
    random_kernel = np.random.default_rng(0).normal(size=(15, 15))
    assert choose_method(random_kernel, megapixel) == "fft"
    assert choose_method(np.zeros((3, 3)), megapixel) == "zeros"


def test_method_choice_for_kernels_containing_the_picture():
    assert choose_method(np.ones((30, 30)), (5, 5), "valid") == "direct"
    assert choose_method(np.ones((300, 300)), (100, 100), "valid") == "fft"
    assert choose_method(np.zeros((30, 30)), (5, 5), "valid") == "zeros"
    with pytest.raises(ValueError, match="must fit inside the picture"):
        choose_method(np.ones((2, 4)), (3, 3), "valid")
    with pytest.raises(ValueError, match="picture shape"):
        choose_method(np.ones((3, 3)), (0, 3))


RANK_ONE_KERNELS = {
    "box 3": KERNELS["box"],
    "box 8 (even)": box_kernel(8),
    "box 60": box_kernel(60),
    "gaussian 3x3": KERNELS["gaussian"],
    "gaussian sigma 4": gaussian_kernel(4),
    "gaussian sigma 1.5, even": gaussian_kernel(1.5, 6),
    "sobel top": KERNELS["sobel_top"],
    "sobel left": KERNELS["sobel_left"],
    "integer rank 1": np.outer([1, -3, 0, 2], [2, 5, -1]).astype(float),
    "one row": np.array([[1.0, -2.0, 0.5, 3.0, 1.0]]),
    "one column": np.array([[2.0], [0.0], [-1.0]]),
    "constant column": np.full((7, 1), 0.5),
}


@pytest.mark.parametrize("name", list(RANK_ONE_KERNELS))
def test_separable_path_equals_scipy(name, photo_gray, photo_rgb):
    kernel = RANK_ONE_KERNELS[name]
    for image in (photo_gray, photo_rgb):
        for mode, boundary in [("same", "symm"), ("full", "fill"), ("same", "wrap"), ("valid", "fill")]:
            expected = reference(image, kernel, mode, boundary)
            for method in ("separable", "direct", "fft", "auto"):
                assert_matches(convolve(image, kernel, mode, boundary, method=method), expected)


@pytest.mark.parametrize("shape", [(3, 3), (5, 5), (12, 7), (15, 15), (31, 31)])
def test_non_separable_kernels_direct_and_fft_equal_scipy(shape, photo_gray, photo_rgb, rng):
    kernel = rng.normal(size=shape)
    assert choose_method(kernel, photo_gray.shape) in ("direct", "fft")
    for image, boundary in ((photo_gray, "symm"), (photo_rgb, "wrap")):
        expected = reference(image, kernel, "same", boundary)
        for method in ("direct", "fft", "auto"):
            assert_matches(convolve(image, kernel, "same", boundary, method=method), expected)


def test_sobel_separable_path_is_exact_on_integers(photo_gray):
    # Sobel splits into integer factors with no rounding, so uint8 input gives exact integers.
    for name in ("sobel_top", "sobel_bottom", "sobel_left", "sobel_right"):
        actual = convolve(photo_gray, KERNELS[name], method="separable")
        np.testing.assert_array_equal(actual, reference(photo_gray, KERNELS[name]))


def test_box_running_sum_is_exact_on_integers(photo_rgb):
    kernel = np.ones((60, 45))
    actual = convolve(photo_rgb, kernel, "same", "symm", method="separable")
    np.testing.assert_array_equal(actual, reference(photo_rgb, kernel))


def test_large_values_keep_relative_accuracy(rng):
    image = rng.uniform(-1e6, 1e6, (40, 50))
    for kernel in (rng.normal(size=(15, 15)), box_kernel(30), gaussian_kernel(3)):
        expected = reference(image, kernel)
        scale = np.abs(image).max() * np.abs(kernel).sum()
        for method in ("direct", "fft", "auto"):
            error = np.abs(convolve(image, kernel, method=method) - expected).max()
            assert error <= 1e-12 * scale


def test_forcing_separable_on_a_full_rank_kernel_is_refused():
    with pytest.raises(ValueError, match="rank 1"):
        convolve(np.zeros((5, 5), np.uint8), KERNELS["sharpen"], method="separable")
    with pytest.raises(ValueError, match="method must be one of"):
        convolve(np.zeros((5, 5), np.uint8), KERNELS["sharpen"], method="winograd")


# ---------------------------------------------------------------------------------------------
# Shapes: strides, output_size, 1x1, kernels larger than the picture


@pytest.mark.parametrize("stride", [1, 2, 3, 5])
@pytest.mark.parametrize("mode", MODES)
def test_stride_subsamples_and_matches_output_size(mode, stride, small_random, rng):
    image = small_random["uint8 rgb"]
    for kh, kw in [(3, 3), (4, 2), (1, 5), (6, 6)]:
        kernel = rng.normal(size=(kh, kw))
        full_stride = convolve(image, kernel, mode, "wrap")
        strided = convolve(image, kernel, mode, "wrap", stride=stride)
        np.testing.assert_array_equal(strided, full_stride[::stride, ::stride])
        expected_shape = (
            output_size(image.shape[0], kh, mode_padding(mode, kh), stride),
            output_size(image.shape[1], kw, mode_padding(mode, kw), stride),
            3,
        )
        assert strided.shape == expected_shape
        assert strided.flags.c_contiguous


def test_output_size_formula():
    assert output_size(5, 3, 0, 1) == 3
    assert output_size(5, 3, 1, 1) == 5
    assert output_size(5, 3, 2, 1) == 7
    assert output_size(7, 3, 0, 2) == 3
    assert output_size(8, 3, 0, 2) == 3  # floor
    assert output_size(224, 11, 2, 4) == 55
    assert output_size(10, 4, 1.5, 1) == 10  # 'same' with an even kernel
    assert output_size(3, 5, 1, 1) == 1
    assert mode_padding("valid", 5) == 0
    assert mode_padding("same", 5) == 2
    assert mode_padding("full", 5) == 4
    assert mode_padding("same", 4) == 1.5


@pytest.mark.parametrize("args, message", [
    ((3, 5, 0, 1), "does not fit"),
    ((0, 3, 0, 1), "input size"),
    ((5, 0, 0, 1), "kernel size"),
    ((5, 3, 0, 0), "stride"),
    ((5, 3, -1, 1), "padding"),
    ((5, 3, 0.25, 1), "steps of 0.5"),
    ((5, 3, float("nan"), 1), "padding"),
    ((5.5, 3, 0, 1), "whole number"),
    ((5, 3, "1", 1), "padding"),
])
def test_output_size_rejects_impossible_combinations(args, message):
    with pytest.raises(ValueError, match=message):
        output_size(*args)


def test_one_pixel_image_and_one_pixel_kernel(rng):
    pixel = np.array([[200]], np.uint8)
    for mode, boundary in itertools.product(MODES, BOUNDARIES):
        assert_matches(convolve(pixel, [[0.5]], mode, boundary), reference(pixel, [[0.5]], mode, boundary))
    for mode, boundary in itertools.product(("full", "same"), BOUNDARIES):
        kernel = rng.normal(size=(4, 3))
        assert_matches(convolve(pixel, kernel, mode, boundary), reference(pixel, kernel, mode, boundary))
    image = rng.integers(0, 256, (6, 9, 3), dtype=np.uint8)
    assert_matches(convolve(image, [[2.0]]), image.astype(np.float64) * 2)


@pytest.mark.parametrize("image_shape", [(1, 1), (2, 3), (3, 2), (1, 6), (5, 5)])
def test_kernel_larger_than_image_same_and_full(image_shape, rng):
    # Padding wider than the picture: SciPy reflects / wraps repeatedly; so must we.
    image = rng.integers(0, 256, image_shape).astype(np.uint8)
    for shape in [(7, 7), (13, 4), (2, 12), (16, 16)]:
        kernel = rng.normal(size=shape)
        for mode, boundary, flip in itertools.product(("full", "same"), BOUNDARIES, (True, False)):
            assert_matches(convolve(image, kernel, mode, boundary, flip=flip),
                           reference(image, kernel, mode, boundary, flip))


def test_valid_mode_kernel_containing_the_image_swaps_like_scipy(rng):
    for image_shape, kernel_shape in [((3, 3), (4, 4)), ((2, 5), (6, 5)), ((1, 1), (3, 2)), ((4, 4), (4, 4))]:
        image = rng.integers(0, 256, image_shape).astype(np.uint8)
        kernel = rng.normal(size=kernel_shape)
        for flip in (True, False):
            assert_matches(convolve(image, kernel, "valid", flip=flip),
                           reference(image, kernel, "valid", flip=flip))
        colour = rng.integers(0, 256, (*image_shape, 3)).astype(np.uint8)
        assert_matches(convolve(colour, kernel, "valid"), reference(colour, kernel, "valid"))


@pytest.mark.parametrize("image_shape, kernel_shape", [((3, 3), (2, 4)), ((3, 5), (4, 2)), ((1, 8), (2, 1))])
def test_valid_mode_kernel_fitting_neither_way_is_refused_like_scipy(image_shape, kernel_shape):
    image, kernel = np.ones(image_shape), np.ones(kernel_shape)
    with pytest.raises(ValueError):
        scipy.signal.convolve2d(image, kernel, "valid")
    with pytest.raises(ValueError, match="must fit inside the picture"):
        convolve(image, kernel, "valid")


def test_even_kernel_same_mode_follows_scipy_centring():
    impulse = np.zeros((5, 5))
    impulse[2, 2] = 1
    kernel = np.arange(1, 5, dtype=float).reshape(2, 2)
    # convolve2d 'same' starts at (F - 1) // 2 of 'full'; correlate2d pads the other side.
    assert padding_amounts((2, 2), "same") == ((1, 0), (1, 0))
    assert padding_amounts((2, 2), "same", flip=False) == ((0, 1), (0, 1))
    np.testing.assert_array_equal(convolve(impulse, kernel, "same", "fill")[2:4, 2:4], kernel)
    np.testing.assert_array_equal(convolve(impulse, kernel, "same", "fill", flip=False)[1:3, 1:3],
                                  kernel[::-1, ::-1])


def test_constant_images(rng):
    for value in (0, 255, 97):
        flat = np.full((20, 30, 3), value, np.uint8)
        for kernel in (KERNELS["box"], KERNELS["gaussian"], box_kernel(60), gaussian_kernel(4)):
            for boundary in ("symm", "wrap"):
                np.testing.assert_allclose(convolve(flat, kernel, "same", boundary), value, atol=1e-9)
        for name in ("outline", "sobel_top", "sobel_left"):
            np.testing.assert_allclose(convolve(flat, KERNELS[name]), 0, atol=1e-9)
        np.testing.assert_array_equal(sobel_magnitude(flat[:, :, 0]), 0)
        assert_matches(convolve(flat, box_kernel(5), "same", "fill"),
                       reference(flat, box_kernel(5), "same", "fill"))


def test_all_zero_kernel_gives_zeros(photo_rgb):
    result = convolve(photo_rgb, np.zeros((4, 4)), "full")
    assert result.shape == (photo_rgb.shape[0] + 3, photo_rgb.shape[1] + 3, 3)
    assert not result.any()


# ---------------------------------------------------------------------------------------------
# The worked example


def test_tutorial_worked_example_is_cross_correlation():
    result = convolve(TUTORIAL_INPUT, TUTORIAL_KERNEL, mode="valid", flip=False)
    np.testing.assert_array_equal(result, [[12, 12, 17], [10, 17, 19], [9, 6, 14]])
    np.testing.assert_array_equal(TUTORIAL_RESULT, [[12, 12, 17], [10, 17, 19], [9, 6, 14]])
    np.testing.assert_array_equal(result, scipy.signal.correlate2d(TUTORIAL_INPUT, TUTORIAL_KERNEL, "valid"))
    # True convolution flips the (asymmetric) kernel and gives a different matrix.
    flipped = convolve(TUTORIAL_INPUT, TUTORIAL_KERNEL, mode="valid")
    np.testing.assert_array_equal(flipped, scipy.signal.convolve2d(TUTORIAL_INPUT, TUTORIAL_KERNEL, "valid"))
    assert not np.array_equal(flipped, TUTORIAL_RESULT)
    assert TUTORIAL_INPUT.shape == (5, 5) and TUTORIAL_KERNEL.shape == (3, 3)


def test_worked_example_first_cell_by_hand():
    window = TUTORIAL_INPUT[:3, :3]
    assert (window * TUTORIAL_KERNEL).sum() == 12


def test_window_steps_replay_the_worked_example():
    steps = window_steps(TUTORIAL_INPUT, TUTORIAL_KERNEL)
    assert [(step.row, step.col) for step in steps] == [(r, c) for r in range(3) for c in range(3)]
    totals = np.zeros((3, 3))
    for step in steps:
        np.testing.assert_array_equal(step.receptive_field,
                                      TUTORIAL_INPUT[step.top:step.top + 3, step.left:step.left + 3])
        np.testing.assert_array_equal(step.weights, TUTORIAL_KERNEL)
        np.testing.assert_array_equal(step.products, step.receptive_field * TUTORIAL_KERNEL)
        assert step.total == step.products.sum()
        totals[step.row, step.col] = step.total
    np.testing.assert_array_equal(totals, TUTORIAL_RESULT)


@pytest.mark.parametrize("mode, boundary, stride, flip", [
    ("valid", "fill", 1, True), ("same", "symm", 1, False), ("same", "wrap", 2, True),
    ("full", "fill", 3, False), ("same", "fill", 1, True),
])
def test_window_steps_totals_equal_convolve(mode, boundary, stride, flip, rng):
    matrix = rng.integers(-5, 6, (6, 7))
    kernel = rng.integers(-3, 4, (3, 4))
    steps = window_steps(matrix, kernel, flip=flip, mode=mode, boundary=boundary, stride=stride)
    expected = convolve(matrix, kernel, mode, boundary, stride, flip)
    totals = np.full(expected.shape, np.nan)
    for step in steps:
        totals[step.row, step.col] = step.total
    np.testing.assert_allclose(totals, expected, atol=1e-12)
    padded = pad_for_mode(matrix, kernel.shape, mode, boundary, flip)
    applied = kernel[::-1, ::-1] if flip else kernel
    for step in steps:
        np.testing.assert_array_equal(step.weights, applied)
        np.testing.assert_array_equal(step.receptive_field,
                                      padded[step.top:step.top + 3, step.left:step.left + 4])


def test_window_steps_refuses_what_it_cannot_show():
    with pytest.raises(ValueError, match="does not fit"):
        window_steps(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="small"):
        window_steps(np.ones((200, 200)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="2-D matrix"):
        window_steps(np.ones((5, 5, 3)), np.ones((3, 3)))


def test_pad_for_mode_matches_numpy_pad(rng):
    image = rng.integers(0, 256, (4, 5)).astype(np.uint8)
    for boundary, numpy_mode in (("fill", "constant"), ("wrap", "wrap"), ("symm", "symmetric")):
        padded = pad_for_mode(image, (3, 4), "same", boundary)
        np.testing.assert_array_equal(padded, np.pad(image, ((1, 1), (2, 1)), mode=numpy_mode))
        assert padded.dtype == np.float64
    np.testing.assert_array_equal(pad_for_mode(image, (3, 3), "valid"), image)


# ---------------------------------------------------------------------------------------------
# Properties


small_images = hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
                          elements=st.floats(-100, 100, allow_nan=False, width=32))
small_kernels = hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
                           elements=st.floats(-10, 10, allow_nan=False, width=32))


@settings(max_examples=60, deadline=None)
@given(small_images, small_kernels, st.sampled_from(MODES), st.sampled_from(BOUNDARIES), st.booleans(),
       st.sampled_from(["auto", "direct", "fft"]))
def test_property_equals_scipy(image, kernel, mode, boundary, flip, method):
    try:
        expected = reference(image, kernel, mode, boundary, flip)
    except ValueError:
        with pytest.raises(ValueError):
            convolve(image, kernel, mode, boundary, flip=flip, method=method)
        return
    image.flags.writeable = False
    kernel.flags.writeable = False
    actual = convolve(image, kernel, mode, boundary, flip=flip, method=method)
    assert_matches(actual, expected, tolerance=1e-9)


@settings(max_examples=40, deadline=None)
@given(small_images, st.sampled_from(["sharpen", "outline", "gaussian", "sobel_left"]),
       st.floats(-3, 3, allow_nan=False), st.floats(-3, 3, allow_nan=False), st.sampled_from(BOUNDARIES))
def test_property_linearity(image, kernel_name, a, b, boundary):
    other = np.roll(image[::-1], 1, axis=1) + 7.0
    kernel = KERNELS[kernel_name]
    combined = convolve(a * image + b * other, kernel, "same", boundary)
    separate = a * convolve(image, kernel, "same", boundary) + b * convolve(other, kernel, "same", boundary)
    np.testing.assert_allclose(combined, separate, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(small_kernels, st.integers(0, 5), st.integers(0, 5))
def test_property_impulse_returns_the_kernel(kernel, row, col):
    kh, kw = kernel.shape
    impulse = np.zeros((kh + 6, kw + 6))
    impulse[row, col] = 1.0
    full = convolve(impulse, kernel, "full", "fill")
    np.testing.assert_allclose(full[row:row + kh, col:col + kw], kernel, atol=1e-12)
    np.testing.assert_allclose(np.delete(np.delete(full, np.s_[row:row + kh], 0), np.s_[col:col + kw], 1), 0,
                               atol=1e-12)
    correlated = convolve(impulse, kernel, "full", "fill", flip=False)
    np.testing.assert_allclose(correlated[row:row + kh, col:col + kw], kernel[::-1, ::-1], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.uint8, st.tuples(st.integers(1, 10), st.integers(1, 10), st.sampled_from([3]))),
       st.sampled_from(list(KERNELS)), st.integers(1, 3))
def test_property_shape_dtype_and_input_untouched(image, kernel_name, stride):
    before = image.copy()
    image.flags.writeable = False
    result = convolve(image, KERNELS[kernel_name], stride=stride)
    assert result.dtype == np.float64
    assert result.shape == (len(range(0, image.shape[0], stride)), len(range(0, image.shape[1], stride)), 3)
    np.testing.assert_array_equal(image, before)


def test_inputs_are_never_modified(photos):
    picture = photos["Flower (photo)"]
    kernel = np.array(KERNELS["sharpen"])
    snapshot, kernel_snapshot = picture.copy(), kernel.copy()
    for method in ("auto", "direct", "fft"):
        convolve(picture, kernel, "valid", method=method)
    convolve(picture, box_kernel(3), method="separable")
    np.testing.assert_array_equal(picture, snapshot)
    np.testing.assert_array_equal(kernel, kernel_snapshot)


def test_result_never_shares_memory_with_the_input(rng):
    image = rng.normal(size=(6, 6))
    for kernel in ([[1.0]], [[0.0]], [[2.0, 1.0]]):
        result = convolve(image, kernel, "valid")
        assert not np.shares_memory(result, image)
        result[...] = 0
    assert image.any()


def test_read_only_sample_picture_is_accepted():
    from core.images import sample_images
    picture = sample_images()["Shapes (generated)"][:40, :60]
    assert not picture.flags.writeable
    assert_matches(convolve(picture, KERNELS["outline"]), reference(picture, KERNELS["outline"]))


def test_bool_and_integer_inputs(rng):
    mask = rng.random((9, 11)) > 0.5
    assert_matches(convolve(mask, KERNELS["box"]), reference(mask.astype(float), KERNELS["box"]))
    integers = rng.integers(-1000, 1000, (9, 11)).astype(np.int32)
    assert_matches(convolve(integers, box_kernel(4), "full", "wrap"),
                   reference(integers, box_kernel(4), "full", "wrap"))
    assert_matches(convolve(integers.tolist(), [[1, 2], [3, 4]]), reference(integers, [[1, 2], [3, 4]]))


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("kernel, message", [
    (np.zeros((0, 3)), "empty"),
    ([[]], "empty"),
    (np.ones((3, 3, 3)), "2-D grid"),
    (np.ones(3), "single row"),
    ([[1, np.nan], [0, 1]], "NaN or infinite"),
    ([[1, np.inf]], "NaN or infinite"),
    ([[1, 2], [3]], "same number of entries"),
    ([["a", "b"]], "made of numbers"),
    (np.array([[1 + 2j]]), "made of numbers"),
])
def test_bad_kernels_are_explained(kernel, message):
    with pytest.raises(ValueError, match=message):
        convolve(np.zeros((5, 5), np.uint8), kernel)


@pytest.mark.parametrize("keywords, message", [
    ({"stride": 0}, "stride must be a whole number of at least 1"),
    ({"stride": -2}, "stride"),
    ({"stride": 1.5}, "stride"),
    ({"stride": True}, "stride"),
    ({"mode": "valid!"}, "mode must be one of"),
    ({"boundary": "reflect"}, "boundary must be one of"),
    ({"flip": "yes"}, "flip must be True"),
])
def test_bad_options_are_explained(keywords, message):
    with pytest.raises(ValueError, match=message):
        convolve(np.zeros((5, 5), np.uint8), KERNELS["box"], **keywords)


def test_overflowing_values_are_refused():
    with pytest.raises(ValueError, match="too large"):
        convolve(np.full((4, 4), 255, np.uint8), [[1e300, 1e300]])
    with pytest.raises(ValueError, match="too large"):
        convolve(np.full((4, 4), 1e200), [[1e200]])
    assert np.isfinite(convolve(np.full((4, 4), 1e150), [[1e149]])).all()


@pytest.mark.parametrize("image, message", [
    (np.zeros((0, 4)), "no pixels"),
    (np.zeros((4, 0, 3), np.uint8), "no pixels"),
    (np.zeros(7), "grey \\(H, W\\) or colour"),
    (np.zeros((2, 2, 2, 2)), "grey \\(H, W\\) or colour"),
    (np.array([[1.0, np.nan]]), "NaN or infinite"),
    (np.array([["x"]]), "made of numbers"),
])
def test_bad_pictures_are_explained(image, message):
    with pytest.raises(ValueError, match=message):
        convolve(image, KERNELS["box"])


# ---------------------------------------------------------------------------------------------
# Kernels, Sobel, median, display


def test_tutorial_kernels_have_the_tutorial_values():
    assert set(KERNELS) == {"box", "outline", "sharpen", "gaussian", "sobel_top", "sobel_bottom",
                            "sobel_left", "sobel_right"}
    np.testing.assert_allclose(KERNELS["box"], np.full((3, 3), 1 / 9))
    np.testing.assert_array_equal(KERNELS["outline"], [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])
    np.testing.assert_array_equal(KERNELS["sharpen"], [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    np.testing.assert_array_equal(KERNELS["gaussian"] * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    np.testing.assert_array_equal(KERNELS["sobel_top"], [[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
    np.testing.assert_array_equal(KERNELS["sobel_bottom"], -KERNELS["sobel_top"])
    np.testing.assert_array_equal(KERNELS["sobel_left"], [[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    np.testing.assert_array_equal(KERNELS["sobel_right"], -KERNELS["sobel_left"])
    for kernel in KERNELS.values():
        assert kernel.dtype == np.float64 and not kernel.flags.writeable


@pytest.mark.parametrize("size", [1, 2, 3, 9, 15, 30, 60, 61])
def test_box_kernel(size):
    kernel = box_kernel(size)
    assert kernel.shape == (size, size)
    np.testing.assert_allclose(kernel, 1 / size**2)
    assert abs(kernel.sum() - 1) < 1e-12


@pytest.mark.parametrize("sigma, size", [(4, None), (1, None), (0.5, 3), (2.5, 11), (4, 25), (10, None)])
def test_gaussian_kernel_matches_opencv(sigma, size):
    kernel = gaussian_kernel(sigma, size)
    expected_size = size if size is not None else 2 * int(np.ceil(3 * sigma)) + 1
    profile = cv2.getGaussianKernel(expected_size, sigma, cv2.CV_64F).ravel()
    np.testing.assert_allclose(kernel, np.outer(profile, profile), rtol=0, atol=1e-15)
    assert abs(kernel.sum() - 1) < 1e-12
    assert gaussian_kernel(4).shape == (25, 25)


def test_gaussian_kernel_edge_cases():
    tiny = gaussian_kernel(1e-3, 2)  # no centre pixel; must not underflow to 0 / 0
    np.testing.assert_allclose(tiny, 0.25)
    np.testing.assert_allclose(gaussian_kernel(1e-3), [[0, 0, 0], [0, 1, 0], [0, 0, 0]])
    for sigma in (0, -1, float("nan"), float("inf"), "4", None):
        with pytest.raises(ValueError, match="sigma"):
            gaussian_kernel(sigma)
    with pytest.raises(ValueError, match="kernel size"):
        gaussian_kernel(2, 0)


def test_sobel_magnitude_matches_opencv(photo_gray, rng):
    for gray in (photo_gray, rng.integers(0, 256, (31, 17), dtype=np.uint8), rng.normal(0, 40, (12, 9))):
        source = gray.astype(np.float64)
        across = cv2.Sobel(source, cv2.CV_64F, 1, 0, ksize=3, borderType=cv2.BORDER_REFLECT)
        down = cv2.Sobel(source, cv2.CV_64F, 0, 1, ksize=3, borderType=cv2.BORDER_REFLECT)
        assert_matches(sobel_magnitude(gray), np.sqrt(across**2 + down**2), tolerance=1e-9)


def test_sobel_magnitude_with_opencv_default_border_agrees_inside(photo_gray):
    # OpenCV's default border (reflect-101) differs from 'symm' only in the outermost pixels.
    across = cv2.Sobel(photo_gray, cv2.CV_64F, 1, 0, ksize=3)
    down = cv2.Sobel(photo_gray, cv2.CV_64F, 0, 1, ksize=3)
    np.testing.assert_allclose(sobel_magnitude(photo_gray)[1:-1, 1:-1], np.hypot(across, down)[1:-1, 1:-1],
                               atol=1e-9)


def test_sobel_magnitude_refuses_colour(photo_rgb):
    with pytest.raises(ValueError, match="grey picture"):
        sobel_magnitude(photo_rgb)
    np.testing.assert_array_equal(sobel_magnitude(np.array([[5]], np.uint8)), [[0.0]])


@pytest.mark.parametrize("size, effective", [(1, 1), (2, 3), (3, 3), (4, 5), (79, 79), (80, 81), (81, 81)])
def test_effective_median_size(size, effective):
    assert effective_median_size(size) == effective


@pytest.mark.parametrize("size", [1, 3, 4, 7, 80])
def test_median_filter_matches_scipy(size, photo_gray, photo_rgb):
    gray, rgb = (photo_gray, photo_rgb) if size < 20 else (photo_gray[:40, :55], photo_rgb[:30, :45])
    window = effective_median_size(size)
    result = median_filter(gray, size)
    assert result.dtype == np.uint8
    np.testing.assert_array_equal(result, scipy.ndimage.median_filter(gray, size=window, mode="nearest"))
    np.testing.assert_array_equal(median_filter(rgb, size),
                                  scipy.ndimage.median_filter(rgb, size=(window, window, 1), mode="nearest"))


def test_median_filter_edge_cases(rng):
    tiny = rng.integers(0, 256, (3, 4), dtype=np.uint8)
    np.testing.assert_array_equal(median_filter(tiny, 81),
                                  scipy.ndimage.median_filter(tiny, size=81, mode="nearest"))
    same = median_filter(tiny, 1)
    np.testing.assert_array_equal(same, tiny)
    assert not np.shares_memory(same, tiny)
    with pytest.raises(ValueError, match="median size"):
        median_filter(tiny, 0)
    with pytest.raises(ValueError, match="uint8"):
        median_filter(tiny.astype(np.float64), 3)


def test_to_display_clips_and_rounds(rng):
    values = np.array([[-300.0, -0.4, 0.5, 1.5, 254.5, 255.4, 1e9]])
    np.testing.assert_array_equal(to_display(values), [[0, 0, 0, 2, 254, 255, 255]])
    result = rng.normal(100, 200, (20, 30, 3))
    shown = to_display(result)
    assert shown.dtype == np.uint8 and shown.shape == result.shape
    np.testing.assert_array_equal(shown, np.rint(np.clip(result, 0, 255)).astype(np.uint8))


def test_to_display_of_a_uint8_picture_is_a_copy_or_its_equalization(photo_rgb):
    picture = photo_rgb[::3, ::2]  # a strided view, as the page passes it
    shown = to_display(picture)
    assert shown.dtype == np.uint8 and np.array_equal(shown, picture)
    assert not np.shares_memory(shown, picture)
    np.testing.assert_array_equal(to_display(picture, equalize=True),
                                  to_display(picture.astype(np.float64), equalize=True))


def test_to_display_equalize_matches_opencv(photo_gray, photo_rgb):
    edges = sobel_magnitude(photo_gray)
    np.testing.assert_array_equal(to_display(edges, equalize=True), cv2.equalizeHist(to_display(edges)))
    colour = to_display(photo_rgb.astype(np.float64) * 0.3, equalize=True)
    for channel in range(3):
        darker = np.rint(photo_rgb[:, :, channel] * 0.3).astype(np.uint8)
        np.testing.assert_array_equal(colour[:, :, channel], cv2.equalizeHist(darker))
    np.testing.assert_array_equal(to_display(np.full((4, 4), 7.0), equalize=True),
                                  cv2.equalizeHist(np.full((4, 4), 7, np.uint8)))


# ---------------------------------------------------------------------------------------------
# Chains


def test_tutorial_chains_equal_the_same_calls_by_hand(photo_rgb):
    gauss = apply_chain(photo_rgb, TUTORIAL_CHAINS["Gaussian (sigma 4), then Sobel"])
    assert [stage.name for stage in gauss] == ["input", "gaussian", "sobel_magnitude"]
    blurred = convolve(photo_rgb, gaussian_kernel(4))
    assert_matches(gauss[1].output, blurred)
    assert_matches(gauss[2].output, sobel_magnitude(to_gray(to_display(blurred))))
    np.testing.assert_array_equal(gauss[0].output, photo_rgb)

    median = apply_chain(photo_rgb, TUTORIAL_CHAINS["Median (size 80), then Sobel"])
    np.testing.assert_array_equal(median[1].output, cv2.medianBlur(photo_rgb, 81))
    assert_matches(median[2].output, sobel_magnitude(to_gray(cv2.medianBlur(photo_rgb, 81))))

    sharp = apply_chain(photo_rgb, TUTORIAL_CHAINS["Sharpen, outline, box blur"])
    expected = photo_rgb
    for stage, name in zip(sharp[1:], ("sharpen", "outline", "box")):
        output = convolve(expected, KERNELS[name])
        assert_matches(stage.output, output)
        expected = to_display(output)

    raw = apply_chain(photo_rgb, TUTORIAL_CHAINS["Sobel on the raw picture"])
    assert_matches(raw[1].output, sobel_magnitude(to_gray(photo_rgb)))


def test_chain_without_clipping_composes_linear_filters(photo_gray):
    steps = ["sharpen", ("box", {"size": 5}), ("kernel", {"kernel": [[0, 1], [1, 0]]})]
    stages = apply_chain(photo_gray, steps, clip_between=False)
    expected = convolve(convolve(convolve(photo_gray, KERNELS["sharpen"]), box_kernel(5)), [[0, 1], [1, 0]])
    assert_matches(stages[-1].output, expected)


def test_chain_parameters_and_errors(photo_rgb):
    stages = apply_chain(photo_rgb, [("gaussian", {}), ("box", {"size": 9, "boundary": "wrap"}),
                                     ("median", {"size": 4}), ("sobel_magnitude", {})])
    assert_matches(stages[1].output, convolve(photo_rgb, KERNELS["gaussian"]))
    assert stages[-1].output.ndim == 2
    assert set(CHAIN_FILTERS) >= {"box", "gaussian", "median", "sobel_magnitude", "sharpen", "outline"}
    with pytest.raises(ValueError, match="Unknown filter"):
        apply_chain(photo_rgb, ["blur"])
    with pytest.raises(ValueError, match="no parameter sigma"):
        apply_chain(photo_rgb, [("box", {"sigma": 2})])
    with pytest.raises(ValueError, match="filter name or"):
        apply_chain(photo_rgb, [42])
    with pytest.raises(ValueError, match="needs its kernel"):
        apply_chain(photo_rgb, ["kernel"])
    assert len(apply_chain(photo_rgb, [])) == 1


def test_float_colour_chain_turns_grey_for_sobel(photo_rgb):
    stages = apply_chain(photo_rgb, ["box", "sobel_magnitude"], clip_between=False)
    blurred = convolve(photo_rgb, KERNELS["box"])
    grey = blurred @ np.array([0.299, 0.587, 0.114])
    assert_matches(stages[-1].output, sobel_magnitude(grey))


def test_docstring_examples_run():
    failures, tried = doctest.testmod(convolution, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 10 and failures == 0


def test_add_noise_is_repeatable_and_has_the_asked_spread(photo_gray):
    flat = np.full((200, 300), 128, np.uint8)
    noisy = convolution.add_noise(flat, 20)
    assert noisy.dtype == np.uint8 and noisy.shape == flat.shape
    assert np.array_equal(noisy, convolution.add_noise(flat, 20))  # same seed, same noise
    assert not np.array_equal(noisy, convolution.add_noise(flat, 20, seed=1))
    assert abs(noisy.astype(float).std() - 20) < 0.5
    assert abs(noisy.astype(float).mean() - 128) < 0.5
    assert np.array_equal(convolution.add_noise(photo_gray, 0), photo_gray)
    colour = convolution.add_noise(np.zeros((40, 50, 3), np.uint8), 1000)
    # Negative values are clipped to 0, not wrapped round to bright ones.
    assert colour.shape == (40, 50, 3) and (colour == 0).mean() > 0.3
    assert convolution.add_noise(np.zeros((1, 1), np.uint8), 5).shape == (1, 1)


@pytest.mark.parametrize("std", [-1, float("nan"), float("inf"), "5", True])
def test_add_noise_refuses_bad_levels(std):
    with pytest.raises(ValueError, match="noise level"):
        convolution.add_noise(np.zeros((3, 3), np.uint8), std)


def test_resize_kernel_keeps_the_centre():
    kernel = np.arange(1, 10, dtype=float).reshape(3, 3)
    grown = convolution.resize_kernel(kernel, 5)
    assert grown.shape == (5, 5) and grown[1:4, 1:4].tolist() == kernel.tolist()
    assert grown.sum() == kernel.sum()
    assert convolution.resize_kernel(grown, 3).tolist() == kernel.tolist()
    assert convolution.resize_kernel(kernel, 3) is not kernel
    # Growing a kernel only widens the border it needs: the filtered picture is the same.
    picture = np.random.default_rng(0).integers(0, 256, (9, 11)).astype(np.uint8)
    assert_matches(convolve(picture, grown, "same", "fill"),
                   convolve(picture, kernel, "same", "fill"))
    with pytest.raises(ValueError, match="centre"):
        convolution.resize_kernel(kernel, 4)
    with pytest.raises(ValueError, match="square"):
        convolution.resize_kernel(np.ones((3, 5)), 5)
