"""Every core function fed random pictures and extreme parameters.

Each call must either return a well-formed result or raise ValueError with a readable message;
no other exception, no warning (pytest.ini turns RuntimeWarning into an error), and the input
array is never modified.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core import contours, convolution, edges, hough, intensity, quality, segmentation
from core.images import fit_to_working_size, to_gray

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

shapes = st.tuples(st.integers(1, 24), st.integers(1, 24))
grey_pictures = arrays(np.uint8, shapes)
colour_pictures = arrays(np.uint8, shapes.map(lambda hw: hw + (3,)))
pictures = st.one_of(grey_pictures, colour_pictures,
                     # constant pictures, which trip up divisions by a range or a variance
                     st.builds(lambda hw, v: np.full(hw, v, np.uint8), shapes, st.integers(0, 255)))


def _call(function, *args, **kwargs):
    """Run ``function``; a ValueError must explain itself in words, anything else is a bug."""
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        message = str(error)
        assert len(message) > 15 and " " in message, f"unhelpful message: {message!r}"
        return None


def _untouched(picture):
    frozen = picture.copy()
    frozen.flags.writeable = False  # any write raises
    return frozen


@SETTINGS
@given(pictures, st.floats(1e-6, 1e6), st.floats(0, 100), st.floats(0, 100),
       st.integers(0, 7), st.floats(0, 1), st.integers(1, 64))
def test_intensity(picture, gamma, low_pct, high_pct, bit, clip, tiles):
    picture = _untouched(picture)
    low_pct, high_pct = sorted((low_pct, high_pct))
    for result in (intensity.negative(picture), intensity.log_transform(picture),
                   intensity.gamma_correction(picture, gamma),
                   intensity.contrast_stretch(picture, low_pct, high_pct),
                   intensity.level_slice(picture, 10, 200, False),
                   intensity.bit_plane(picture, bit), intensity.equalize_histogram(picture),
                   intensity.clahe(picture, clip, tiles)):
        assert result.shape == picture.shape and result.dtype == np.uint8


@SETTINGS
@given(pictures, st.integers(1, 40), st.integers(1, 40), st.sampled_from(convolution.MODES),
       st.sampled_from(convolution.BOUNDARIES), st.integers(1, 9), st.booleans())
def test_convolve(picture, kernel_height, kernel_width, mode, boundary, stride, flip):
    picture = _untouched(picture)
    kernel = np.linspace(-1, 1, kernel_height * kernel_width).reshape(kernel_height, kernel_width)
    result = _call(convolution.convolve, picture, kernel, mode, boundary, stride, flip)
    if result is not None:
        assert result.dtype == np.float64 and np.isfinite(result).all()
        assert result.ndim == picture.ndim


@SETTINGS
@given(pictures, st.integers(-5, 200))
def test_median_chain_and_sobel(picture, size):
    picture = _untouched(picture)
    median = _call(convolution.median_filter, picture, size)
    if median is not None:
        assert median.shape == picture.shape
    stages = _call(convolution.apply_chain, picture,
                   ["sharpen", "outline", ("box", {"size": 60}), "sobel_magnitude"])
    if stages is not None:
        assert all(np.isfinite(stage.output).all() for stage in stages)
    assert np.isfinite(convolution.sobel_magnitude(to_gray(picture))).all()


@SETTINGS
@given(pictures, st.integers(0, 300), st.integers(0, 20))
def test_segmentation(picture, k, seed):
    picture = _untouched(picture)
    grey = to_gray(picture)
    threshold = segmentation.otsu_threshold(grey)
    assert 0 <= threshold <= 255
    assert np.isfinite(segmentation.between_class_variance(grey)).all()
    outcome = _call(segmentation.kmeans_colors, picture if picture.ndim == 3 else
                    np.repeat(picture[:, :, None], 3, axis=2), k, seed, restarts=1)
    if outcome is not None:
        labels, centers = outcome
        assert labels.shape == picture.shape[:2] and centers.shape == (k, 3)
        assert labels.min() >= 0 and labels.max() < k


@SETTINGS
@given(pictures, st.floats(0, 60), st.floats(-10, 2000), st.floats(-10, 2000))
def test_canny(picture, sigma, low, high):
    picture = _untouched(picture)
    result = _call(edges.canny, to_gray(picture), sigma, low, high)
    if result is not None:
        assert result.edges.dtype == bool and result.edges.shape == picture.shape[:2]
        assert not (result.edges & ~(result.weak | result.strong)).any()


@SETTINGS
@given(arrays(np.bool_, shapes), st.floats(0.01, 45), st.integers(0, 50), st.integers(0, 50))
def test_hough(edge_map, step, min_distance, min_angle):
    edge_map = _untouched(edge_map)
    thetas = hough.tutorial_thetas(step)
    accumulator, rhos = hough.hough_accumulator(edge_map, thetas)
    assert accumulator.sum() == edge_map.sum() * len(thetas)
    peaks = _call(hough.hough_peaks, accumulator, thetas, rhos, 5, None, min_distance, min_angle)
    for votes, theta, rho in peaks or []:
        assert votes > 0 and -np.pi / 2 - 1e-9 <= theta <= np.pi / 2
        hough.line_endpoints(theta, rho, *edge_map.shape)


@SETTINGS
@given(pictures, st.sampled_from(sorted(contours.BINARIZATION_METHODS)),
       st.sampled_from(sorted(contours.FOREGROUNDS)), st.integers(0, 255), st.floats(0, 1e6))
def test_contours(picture, method, foreground, threshold, tolerance):
    picture = _untouched(picture)
    split = _call(contours.binarize, picture, method, threshold=threshold, foreground=foreground)
    if split is None:
        return
    traced = contours.find_contours(split.mask)
    simplified = contours.simplify_contours(traced, tolerance)
    assert len(simplified) == len(traced)
    svg = contours.contours_to_svg(simplified, *picture.shape[:2])
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    drawing = contours.draw_contours(picture, simplified)
    assert drawing.ndim == 3


@SETTINGS
@given(arrays(np.uint8, st.tuples(st.integers(11, 30), st.integers(11, 30))),
       arrays(np.uint8, st.tuples(st.integers(11, 30), st.integers(11, 30))),
       st.integers(1, 2000))
def test_quality(first, second, budget):
    first, second = _untouched(first), _untouched(second)
    if first.shape == second.shape:
        assert quality.psnr(first, second) > 0
        assert -1 <= quality.ssim(first, second) <= 1
    decoded, size, chosen = quality.jpeg_at_size(first, budget)
    assert decoded.shape == first.shape and size > 0 and 1 <= chosen <= 95


@SETTINGS
@given(pictures, st.integers(1, 10_000))
def test_working_size(picture, max_pixels):
    picture = _untouched(picture)
    shrunk = fit_to_working_size(picture, max_pixels)
    assert shrunk.shape[0] * shrunk.shape[1] <= max(max_pixels, 1)
