"""core.edges against OpenCV, stage by stage: bundled photos, random images and edge cases."""

from __future__ import annotations

import doctest
import threading

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import core.edges
from core.edges import (
    MAX_SIGMA,
    CannyResult,
    canny,
    direction_colours,
    direction_wheel,
    edge_f1,
    gaussian_kernel,
    gaussian_kernel_size,
    gaussian_smooth,
    gradient_stages,
    gradient_direction,
    gradient_magnitude,
    hysteresis,
    non_maximum_suppression,
    opencv_pipeline,
    reference_canny,
    sobel_gradients,
)
from core.images import ImageError, to_gray

THRESHOLD_PAIRS = [(50, 150), (100, 200), (20, 60), (5, 15)]
SIGMAS = [0, 0.8, 1.4, 2.5]
STAGES = ("smoothed", "magnitude", "direction", "suppressed", "strong", "weak", "edges")


def opencv_edges(image: np.ndarray, low: float, high: float) -> np.ndarray:
    return cv2.Canny(image, low, high, L2gradient=True) > 0


def as_uint8(smoothed: np.ndarray) -> np.ndarray:
    """The smoothed stage as the 8-bit picture OpenCV takes (it holds whole levels already)."""
    assert np.array_equal(smoothed, np.rint(smoothed)), "smoothed should hold whole grey levels"
    return smoothed.astype(np.uint8)


@pytest.fixture(scope="module")
def grays(photos) -> dict[str, np.ndarray]:
    return {name: to_gray(image) for name, image in photos.items()}


# --- agreement with cv2.Canny -------------------------------------------------------------------


@pytest.mark.parametrize("sigma", SIGMAS)
@pytest.mark.parametrize("low, high", THRESHOLD_PAIRS)
def test_f1_against_opencv_on_the_same_smoothed_input(grays, sigma, low, high):
    scores = {}
    for name, gray in grays.items():
        result = canny(gray, sigma, low, high)
        reference = opencv_edges(as_uint8(result.smoothed), low, high)
        assert reference.any() or sigma > 0, f"{name}: the test needs edges to compare"
        scores[name] = edge_f1(result.edges, reference)
    print(f"sigma={sigma} low={low} high={high} F1:", {k: round(v, 4) for k, v in scores.items()})
    assert min(scores.values()) >= 0.95, scores


@pytest.mark.parametrize("sigma", SIGMAS)
def test_edges_are_identical_to_opencv_pixel_for_pixel(grays, sigma):
    # Stronger than the F1 target: matching OpenCV's direction bins, tie rules, border and
    # strict thresholds makes the two maps equal, and a regression in any of them shows here.
    for name, gray in grays.items():
        for low, high in THRESHOLD_PAIRS:
            result = canny(gray, sigma, low, high)
            reference = opencv_edges(as_uint8(result.smoothed), low, high)
            differing = int(np.count_nonzero(result.edges != reference))
            assert differing == 0, f"{name}, sigma={sigma}, ({low}, {high}): {differing} differ"


@pytest.mark.parametrize("sigma", [0.8, 1.4])
def test_whole_pipeline_against_gaussianblur_and_canny(grays, sigma):
    # OpenCV's 8-bit blur rounds in fixed point, so a few percent of its pixels are one level
    # off ours and faint or tied gradients flip; the agreement is high but not exact.
    for name, gray in grays.items():
        for low, high in THRESHOLD_PAIRS[:3]:
            score = edge_f1(canny(gray, sigma, low, high).edges,
                            opencv_pipeline(gray, sigma, low, high))
            assert score >= 0.8, f"{name}, sigma={sigma}, ({low}, {high}): F1 {score:.3f}"


def test_unrounded_smoothing_still_agrees_closely(grays):
    gray = grays["China (photo)"]
    result = canny(gray, 1.4, 50, 150, round_smoothed=False)
    assert not np.array_equal(result.smoothed, np.rint(result.smoothed))
    assert edge_f1(result.edges, reference_canny(result.smoothed, 50, 150)) >= 0.9


# --- each stage against its reference -----------------------------------------------------------


@pytest.mark.parametrize("round_smoothed", [True, False])
@pytest.mark.parametrize("sigma", [0.0, 1.4, 4.0])
def test_gradient_stages_are_cannys_own(grays, sigma, round_smoothed):
    for gray in grays.values():
        result = canny(gray, sigma, 50, 150, round_smoothed=round_smoothed)
        stages = gradient_stages(gray, sigma, round_smoothed=round_smoothed)
        for name, stage in zip(["smoothed", "magnitude", "direction", "suppressed"], stages):
            np.testing.assert_array_equal(stage, getattr(result, name), err_msg=name)


@pytest.mark.parametrize("sigma", [0.3, 0.8, 1.0, 1.4, 2.5, 5.0])
def test_gaussian_kernel_is_opencvs(sigma):
    size = gaussian_kernel_size(sigma)
    assert size % 2 == 1
    np.testing.assert_allclose(gaussian_kernel(sigma), cv2.getGaussianKernel(size, sigma)[:, 0],
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("sigma", [0.5, 1.0, 1.4, 2.5, 5.0])
def test_smoothed_equals_gaussianblur_in_float(grays, sigma):
    size = gaussian_kernel_size(sigma)
    for name, gray in grays.items():
        expected = cv2.GaussianBlur(gray.astype(np.float32), (size, size), sigma,
                                    borderType=cv2.BORDER_REFLECT_101)
        np.testing.assert_allclose(gaussian_smooth(gray, sigma), expected, atol=1e-3, err_msg=name)


@pytest.mark.parametrize("sigma", [0.5, 1.0, 1.4, 2.5])
def test_rounded_smoothed_is_within_one_level_of_8bit_gaussianblur(grays, sigma):
    for name, gray in grays.items():
        ours = canny(gray, sigma, 50, 150).smoothed
        theirs = cv2.GaussianBlur(gray, (0, 0), sigma).astype(np.float32)
        difference = np.abs(ours - theirs)
        assert difference.max() <= 1, name
        assert np.mean(difference > 0) < 0.1, name


@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (9, 1), (3, 4), (6, 5)])
@pytest.mark.parametrize("sigma", [1.0, 5.0, MAX_SIGMA])
def test_smoothing_kernels_longer_than_the_image_reflect_like_opencv(rng, shape, sigma):
    image = rng.integers(0, 256, shape).astype(np.uint8)
    size = gaussian_kernel_size(sigma)
    expected = cv2.GaussianBlur(image.astype(np.float32), (size, size), sigma,
                                borderType=cv2.BORDER_REFLECT_101)
    np.testing.assert_allclose(gaussian_smooth(image, sigma), expected, atol=1e-3)


def test_sobel_and_magnitude_equal_opencv(grays, rng):
    images = list(grays.values()) + [rng.integers(0, 256, (37, 53)).astype(np.uint8)]
    for image in images:
        source = image.astype(np.float32)
        gx, gy = sobel_gradients(source)
        expected_x = cv2.Sobel(source, cv2.CV_32F, 1, 0, ksize=3, borderType=cv2.BORDER_REPLICATE)
        expected_y = cv2.Sobel(source, cv2.CV_32F, 0, 1, ksize=3, borderType=cv2.BORDER_REPLICATE)
        # Integer input: every sum is exact, border included.
        np.testing.assert_array_equal(gx, expected_x)
        np.testing.assert_array_equal(gy, expected_y)
        np.testing.assert_allclose(gradient_magnitude(gx, gy), np.hypot(expected_x, expected_y),
                                   rtol=1e-6)
        result = canny(image, 0, 50, 150)
        np.testing.assert_allclose(result.magnitude, np.hypot(expected_x, expected_y), rtol=1e-6)
        np.testing.assert_allclose(result.direction, np.arctan2(expected_y, expected_x), atol=1e-6)


def test_direction_points_along_the_gradient():
    ramp = np.tile(np.arange(0, 200, 20, dtype=np.uint8), (6, 1))
    assert np.allclose(canny(ramp, 0, 10, 20).direction[2:-2, 2:-2], 0)
    assert np.allclose(canny(ramp.T.copy(), 0, 10, 20).direction[2:-2, 2:-2], np.pi / 2)
    assert np.allclose(canny(ramp[:, ::-1].copy(), 0, 10, 20).direction[2:-2, 2:-2], np.pi)
    assert gradient_direction(np.zeros((2, 2), np.float32), np.zeros((2, 2), np.float32)).max() == 0


@pytest.mark.parametrize("threshold", [0, 10, 60, 150])
def test_suppression_equals_opencvs_with_equal_thresholds(grays, threshold):
    # With low == high nothing is weak, so cv2.Canny returns exactly the local maxima above
    # the threshold: the suppression stage, checked on its own.
    for name, gray in grays.items():
        result = canny(gray, 0, threshold, threshold)
        expected = opencv_edges(gray, threshold, threshold)
        np.testing.assert_array_equal(result.suppressed > threshold, expected, err_msg=name)
        np.testing.assert_array_equal(result.strong, expected, err_msg=name)


def test_strong_and_candidates_equal_opencvs(grays):
    for name, gray in grays.items():
        result = canny(gray, 1.4, 40, 120)
        smoothed = as_uint8(result.smoothed)
        np.testing.assert_array_equal(result.strong, opencv_edges(smoothed, 120, 120), err_msg=name)
        np.testing.assert_array_equal(result.strong | result.weak, opencv_edges(smoothed, 40, 40),
                                      err_msg=name)


def _step_images() -> dict[str, np.ndarray]:
    rows, cols = np.mgrid[:40, :50]
    return {
        "vertical step": (cols >= 25) * 200,
        "horizontal step": (rows >= 20) * 200,
        "diagonal step": (cols - rows >= 5) * 200,
        "anti-diagonal step": (cols + rows >= 45) * 200,
        "disc": ((cols - 25) ** 2 + (rows - 20) ** 2 <= 144) * 200,
    }


@pytest.mark.parametrize("sigma", [0, 1.0, 2.0])
@pytest.mark.parametrize("name", list(_step_images()))
def test_suppression_thins_step_edges_to_one_pixel(name, sigma):
    image = _step_images()[name].astype(np.uint8)
    result = canny(image, sigma, 1, 1)
    ridge = result.suppressed[3:-3, 3:-3] > 0
    assert ridge.any()
    # No 2x2 block is all edge: a line is at most one pixel thick.
    assert not (ridge[:-1, :-1] & ridge[1:, :-1] & ridge[:-1, 1:] & ridge[1:, 1:]).any()
    if name == "vertical step":
        assert (ridge.sum(axis=1) == 1).all()
    if name == "horizontal step":
        assert (ridge.sum(axis=0) == 1).all()
    np.testing.assert_array_equal(result.edges, opencv_edges(as_uint8(result.smoothed), 1, 1))


def test_suppression_keeps_one_pixel_of_a_two_pixel_plateau():
    # Magnitudes 0 5 5 0 along x: OpenCV's "> left, >= right" rule keeps the left-hand one
    # (and the upper one along y); a diagonal plateau keeps neither.
    magnitude = np.float32([[0, 5, 5, 0]])
    zero = np.zeros_like(magnitude)
    assert non_maximum_suppression(magnitude, magnitude, zero).tolist() == [[0, 5, 0, 0]]
    column = magnitude.T.copy()
    kept = non_maximum_suppression(column, np.zeros_like(column), column)
    assert kept.ravel().tolist() == [0, 5, 0, 0]
    diagonal = np.diag([0, 5, 5, 0]).astype(np.float32)
    assert not non_maximum_suppression(diagonal, diagonal, diagonal).any()


def test_direction_bins_use_opencvs_fixed_point_tangent():
    # Centre 5, left/right 0, every diagonal neighbour 9: kept when binned horizontal, dropped
    # when binned diagonal. gy/gx = 0.4142145 lies between tan(22.5 deg) = 0.41421356 and
    # OpenCV's 13573 / 2**15 = 0.41421509, where OpenCV still says horizontal. (No integer
    # Sobel gradient falls in that gap, so this only matters for unrounded smoothing.)
    magnitude = np.float32([[9, 1, 9], [0, 5, 0], [9, 1, 9]])
    gx = np.ones((3, 3), np.float32)
    for ratio, kept in ((0.4142145, True), (0.4142155, False)):
        gy = np.full((3, 3), ratio, np.float32)
        assert bool(non_maximum_suppression(magnitude, gx, gy)[1, 1] == 5) is kept, ratio
    # The vertical bin starts at 2 + 13573 / 2**15 = 2.41421509 instead of 2.41421356.
    magnitude = magnitude.T.copy()
    for ratio, kept in ((2.4142145, False), (2.4142160, True)):
        gy = np.full((3, 3), ratio, np.float32)
        assert bool(non_maximum_suppression(magnitude, gx, gy)[1, 1] == 5) is kept, ratio


def test_border_pixels_can_be_edges_as_in_opencv():
    image = np.zeros((8, 8), np.uint8)
    image[:, 0] = 200
    result = canny(image, 0, 50, 100)
    assert result.edges[:, 0].all()
    np.testing.assert_array_equal(result.edges, opencv_edges(image, 50, 100))


def test_hysteresis_keeps_weak_pixels_connected_to_strong_ones():
    suppressed = np.zeros((6, 8), np.float32)
    suppressed[1, 1] = 9  # strong
    suppressed[2, 2] = suppressed[3, 3] = 5  # weak, diagonally connected to the strong pixel
    suppressed[1, 6] = suppressed[2, 6] = 5  # weak island
    suppressed[5, 0] = 8  # exactly high: not strong (strict), but weak
    strong, weak, edges = hysteresis(suppressed, 4, 8)
    assert strong.sum() == 1 and strong[1, 1]
    assert weak.sum() == 5 and not weak[1, 1]
    assert sorted(zip(*np.nonzero(edges))) == [(1, 1), (2, 2), (3, 3)]


def test_thresholds_are_strict_like_opencv():
    suppressed = np.float32([[4.0, 4.0001, 8.0, 8.0001]])
    strong, weak, edges = hysteresis(suppressed, 4, 8)
    assert strong.tolist() == [[False, False, False, True]]
    assert weak.tolist() == [[False, True, True, False]]
    assert edges.tolist() == [[False, True, True, True]]
    # A threshold float32 cannot hold exactly is still compared as the exact number.
    near = np.float32([[0.1]])
    assert hysteresis(near, 0.1, 0.1)[0].item() == (float(near.item()) > 0.1)


def test_canny_equals_its_stage_functions_composed(photo_gray):
    result = canny(photo_gray, 1.4, 30, 90)
    smoothed = np.rint(gaussian_smooth(photo_gray, 1.4))
    np.testing.assert_array_equal(result.smoothed, smoothed)
    gx, gy = sobel_gradients(smoothed)
    magnitude = gradient_magnitude(gx, gy)
    np.testing.assert_array_equal(result.magnitude, magnitude)
    np.testing.assert_array_equal(result.direction, gradient_direction(gx, gy))
    suppressed = non_maximum_suppression(magnitude, gx, gy)
    np.testing.assert_array_equal(result.suppressed, suppressed)
    ours = (result.strong, result.weak, result.edges)
    for mine, theirs in zip(ours, hysteresis(suppressed, 30, 90)):
        np.testing.assert_array_equal(mine, theirs)


# --- shapes, dtypes, inputs ---------------------------------------------------------------------


def test_every_stage_has_the_input_shape_and_the_right_dtype(photos):
    for name, rgb in photos.items():
        result = canny(rgb, 1.0, 50, 150)
        assert isinstance(result, CannyResult)
        for stage in STAGES:
            array = getattr(result, stage)
            assert array.shape == rgb.shape[:2], (name, stage)
            expected = bool if stage in ("strong", "weak", "edges") else np.float32
            assert array.dtype == expected, (name, stage, array.dtype)
        assert np.abs(result.direction).max() <= np.pi + 1e-6


def test_rgb_input_is_converted_with_to_gray(photo_rgb):
    from_rgb = canny(photo_rgb, 1.0, 50, 150)
    from_gray = canny(to_gray(photo_rgb), 1.0, 50, 150)
    for stage in STAGES:
        np.testing.assert_array_equal(getattr(from_rgb, stage), getattr(from_gray, stage))


def test_input_is_never_modified_and_read_only_input_works(photo_rgb):
    image = photo_rgb.copy()
    image.flags.writeable = False
    before = image.copy()
    canny(image, 1.4, 50, 150)
    gaussian_smooth(image, 2.0)
    np.testing.assert_array_equal(image, before)
    magnitude = np.float32([[0, 1, 3, 1, 0]])
    kept = magnitude.copy()
    non_maximum_suppression(magnitude, magnitude, np.zeros_like(magnitude))
    hysteresis(magnitude, 1, 2)
    np.testing.assert_array_equal(magnitude, kept)


def test_results_do_not_share_memory_with_each_other_or_later_calls(grays):
    # canny reuses scratch buffers between calls; no result may live in them.
    first_gray, second_gray = grays["China (photo)"], grays["Flower (photo)"]
    first = canny(first_gray, 1.4, 50, 150)
    snapshot = {stage: getattr(first, stage).copy() for stage in STAGES}
    canny(second_gray, 1.4, 20, 60)
    canny(second_gray, 0, 5, 10)
    for stage in STAGES:
        np.testing.assert_array_equal(getattr(first, stage), snapshot[stage], err_msg=stage)
    arrays = [getattr(first, stage) for stage in STAGES]
    for i, a in enumerate(arrays):
        for b in arrays[i + 1 :]:
            assert not np.shares_memory(a, b)


def test_concurrent_calls_give_the_same_results_as_sequential_ones(grays):
    jobs = [(gray, sigma) for gray in grays.values() for sigma in (0, 1.0, 2.0)] * 3
    expected = [canny(gray, sigma, 30, 90).edges for gray, sigma in jobs]
    results: list = [None] * len(jobs)

    def work(indices):
        for i in indices:
            gray, sigma = jobs[i]
            results[i] = canny(gray, sigma, 30, 90).edges

    threads = [threading.Thread(target=work, args=(range(k, len(jobs), 3),)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for ours, theirs in zip(results, expected):
        np.testing.assert_array_equal(ours, theirs)


# --- edge cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, 128, 255])
@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (7, 1), (2, 2), (3, 3), (40, 30)])
def test_constant_images_have_no_edges(value, shape):
    for sigma in (0, 1.0, 3.0):
        result = canny(np.full(shape, value, np.uint8), sigma, 0, 0)
        assert not result.edges.any() and not result.weak.any() and not result.strong.any()
        assert not result.magnitude.any() and not result.suppressed.any()
        assert result.edges.shape == shape


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (2, 1), (2, 2), (1, 9), (9, 1), (3, 5)])
def test_tiny_images_work_and_match_opencv(rng, shape):
    for _ in range(5):
        image = rng.integers(0, 256, shape).astype(np.uint8)
        for sigma in (0, 1.0):
            result = canny(image, sigma, 10, 40)
            assert result.edges.shape == shape
            np.testing.assert_array_equal(result.edges,
                                          opencv_edges(as_uint8(result.smoothed), 10, 40))


def test_huge_parameters(photo_gray):
    assert not canny(photo_gray, 0, 1e6, 1e7).edges.any()
    assert canny(photo_gray, MAX_SIGMA, 0, 0).edges.shape == photo_gray.shape
    everything = canny(photo_gray, 0, 0, 0)
    np.testing.assert_array_equal(everything.edges, everything.suppressed > 0)


@pytest.mark.parametrize(
    "sigma, low, high, message",
    [
        (1.0, 200, 100, "must not be above the high threshold"),
        (-0.5, 50, 150, "sigma must be 0"),
        (float("nan"), 50, 150, "sigma must be 0"),
        (MAX_SIGMA + 1, 50, 150, "at most"),
        ("wide", 50, 150, "must be a number"),
        (1.0, -1, 150, "0 or more"),
        (1.0, 50, float("inf"), "finite"),
        (1.0, None, 150, "must be numbers"),
    ],
)
def test_bad_parameters_raise_readable_errors(photo_gray, sigma, low, high, message):
    with pytest.raises(ValueError, match=message):
        canny(photo_gray, sigma, low, high)


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((4, 4), np.float32),
        np.zeros((4, 4, 4), np.uint8),
        np.zeros((0, 4), np.uint8),
        [[0, 1], [2, 3]],
    ],
    ids=["float", "four channels", "empty", "list"],
)
def test_bad_images_raise_image_errors(image):
    with pytest.raises(ImageError):
        canny(image, 1.0, 50, 150)


def test_stage_functions_check_their_inputs():
    with pytest.raises(ValueError, match="one shape"):
        non_maximum_suppression(np.zeros((3, 3)), np.zeros((3, 3)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="2-D"):
        hysteresis(np.zeros(5), 1, 2)
    with pytest.raises(ValueError, match="2-D"):
        sobel_gradients(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="differ in shape"):
        edge_f1(np.zeros((2, 2), bool), np.zeros((2, 3), bool))


def test_edge_f1():
    a = np.array([[1, 1, 0, 0]], bool)
    b = np.array([[1, 0, 1, 0]], bool)
    assert edge_f1(a, b) == 0.5
    assert edge_f1(a, a) == 1.0
    assert edge_f1(a, ~a) == 0.0
    assert edge_f1(np.zeros((3, 3), bool), np.zeros((3, 3), bool)) == 1.0


def test_reference_helpers(photo_gray):
    result = canny(photo_gray, 1.4, 50, 150)
    np.testing.assert_array_equal(reference_canny(result.smoothed, 50, 150), result.edges)
    np.testing.assert_array_equal(opencv_pipeline(photo_gray, 0, 50, 150),
                                  canny(photo_gray, 0, 50, 150).edges)


def test_docstring_examples_run():
    failures, tried = doctest.testmod(core.edges, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 10 and failures == 0


# --- the direction as colours (the page's direction stage and its legend) -----------------------

# Hue in degrees is the direction plus 180 (OpenCV's hue circle is 0-179 in steps of 2 degrees).
PRIMARY_DIRECTIONS = {
    0: (0, 255, 255),        # brighter to the right: cyan
    60: (0, 0, 255),         # blue
    120: (255, 0, 255),      # magenta
    180: (255, 0, 0),        # brighter to the left: red
    -60: (0, 255, 0),        # green
    -120: (255, 255, 0),     # yellow
    -180: (255, 0, 0),       # the same direction as +180
}


def test_direction_colours_turn_once_round_the_hue_circle():
    degrees = np.array(list(PRIMARY_DIRECTIONS), np.float32)[None, :]
    colours = direction_colours(np.deg2rad(degrees), np.full(degrees.shape, 255, np.uint8))
    assert colours.shape == degrees.shape + (3,) and colours.dtype == np.uint8
    expected = np.array(list(PRIMARY_DIRECTIONS.values()))[None, :]
    # float32 angles may land one hue step (2 degrees) short of a primary
    assert np.abs(colours.astype(int) - expected).max() <= 10


def test_direction_colours_brightness_is_the_value(rng):
    direction = rng.uniform(-np.pi, np.pi, (20, 30)).astype(np.float32)
    brightness = rng.integers(0, 256, (20, 30), dtype=np.uint8)
    before = direction.copy(), brightness.copy()
    colours = direction_colours(direction, brightness)
    np.testing.assert_array_equal(colours.max(axis=2), brightness)
    assert not colours.min(axis=2).any()  # full saturation
    np.testing.assert_array_equal(direction, before[0])
    np.testing.assert_array_equal(brightness, before[1])
    assert not direction_colours(direction, np.zeros_like(brightness)).any()


def test_direction_colours_check_their_inputs():
    with pytest.raises(ValueError, match="same shape"):
        direction_colours(np.zeros((3, 4), np.float32), np.zeros((4, 3), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        direction_colours(np.zeros((3, 4), np.float32), np.zeros((3, 4), np.float32))


@pytest.mark.parametrize("size", [96, 41])
def test_direction_wheel_shows_each_direction_from_its_centre(size):
    wheel = direction_wheel(size)
    assert wheel.shape == (size, size, 3) and wheel.dtype == np.uint8
    middle, edge = size // 2, size - 3
    assert wheel[middle, middle].max() < 20  # dark at the centre
    assert not wheel[0, 0].any() and not wheel[-1, -1].any()  # dark outside the disc
    right, left = wheel[middle, edge], wheel[middle, size - 1 - edge]
    below, above = wheel[edge, middle], wheel[size - 1 - edge, middle]
    # Rows point down, as in a picture: below the centre is +90 degrees.
    np.testing.assert_allclose(right, (0, 255, 255), atol=40)
    np.testing.assert_allclose(left, (255, 0, 0), atol=40)
    expected_below = direction_colours(np.float32([[np.pi / 2]]), np.uint8([[255]]))[0, 0]
    expected_above = direction_colours(np.float32([[-np.pi / 2]]), np.uint8([[255]]))[0, 0]
    np.testing.assert_allclose(below, expected_below, atol=40)
    np.testing.assert_allclose(above, expected_above, atol=40)


def test_direction_wheel_sizes():
    assert direction_wheel(1).shape == (1, 1, 3)
    for size in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="size"):
            direction_wheel(size)


# --- properties ---------------------------------------------------------------------------------

small_images = arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24)))
thresholds = st.tuples(st.floats(0, 400), st.floats(0, 400)).map(sorted)


@settings(max_examples=60, deadline=None)
@given(image=small_images, sigma=st.sampled_from([0, 0.5, 1.0, 2.2]), bounds=thresholds)
def test_stage_invariants_and_agreement_with_opencv(image, sigma, bounds):
    low, high = bounds
    before = image.copy()
    result = canny(image, sigma, low, high)
    np.testing.assert_array_equal(image, before)
    for stage in STAGES:
        assert getattr(result, stage).shape == image.shape
    assert not (result.strong & result.weak).any()
    assert not (result.edges & ~(result.weak | result.strong)).any()  # edges within candidates
    assert not (result.strong & ~result.edges).any()  # every strong pixel is an edge
    assert (result.suppressed[result.edges] > low).all()
    kept = result.suppressed > 0
    np.testing.assert_array_equal(result.suppressed[kept], result.magnitude[kept])
    np.testing.assert_array_equal(result.edges, opencv_edges(as_uint8(result.smoothed), low, high))
