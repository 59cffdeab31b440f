"""core.quality against scikit-image's metrics, and JPEG at a byte budget checked by brute force."""

from __future__ import annotations

import io
import math
import warnings

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from core.images import ImageError
from core.quality import JPEG_QUALITIES, jpeg_at_size, jpeg_payload_bytes, psnr, ssim


def skimage_ssim(a, b, data_range, **kwargs):
    return structural_similarity(a, b, data_range=data_range, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, **kwargs)


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    """A 28x28 handwritten-looking digit: a scikit-learn 8x8 digit enlarged like MNIST."""
    from sklearn.datasets import load_digits

    small = (load_digits().images[3] / 16).astype(np.float32)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 4:24] = np.clip(cv2.resize(small, (20, 20), interpolation=cv2.INTER_CUBIC), 0, 1)
    return np.round(image * 255).astype(np.uint8)


def noisy(image, rng, sd=20):
    return np.clip(image + rng.normal(0, sd, image.shape), 0, 255).astype(np.uint8)


# ----------------------------------------------------------------------------- PSNR

def test_psnr_matches_skimage_on_photo_and_digit(photo_gray, digit, rng):
    for image in (photo_gray, digit):
        test = noisy(image, rng)
        assert psnr(image, test) == pytest.approx(peak_signal_noise_ratio(image, test), abs=1e-10)
        assert psnr(image, test, 255) == pytest.approx(
            peak_signal_noise_ratio(image, test, data_range=255), abs=1e-10)


def test_psnr_matches_skimage_on_floats_and_rgb(photo_rgb, rng):
    a = rng.random((37, 23))
    b = np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1)
    assert psnr(a, b, 1.0) == pytest.approx(peak_signal_noise_ratio(a, b, data_range=1.0), abs=1e-10)
    test = noisy(photo_rgb, rng, 5)
    assert psnr(photo_rgb, test) == pytest.approx(peak_signal_noise_ratio(photo_rgb, test), abs=1e-10)


def test_psnr_worked_example():
    # One pixel of 16 off by the full range: MSE = 255^2 / 16, PSNR = 10 log10(16).
    a = np.zeros((4, 4), np.uint8)
    b = a.copy()
    b[2, 1] = 255
    assert psnr(a, b) == pytest.approx(10 * math.log10(16), abs=1e-12)


def test_identical_pictures_have_infinite_psnr_without_warning(digit):
    for pair in ((digit, digit.copy()), (np.zeros((1, 1), np.uint8),) * 2, (np.ones((3, 5)),) * 2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert psnr(pair[0], pair[1], 255) == math.inf


@pytest.mark.parametrize("function", [psnr, ssim])
def test_metrics_reject_bad_input(function, digit):
    with pytest.raises(ValueError, match="same size"):
        function(digit, digit[:-1])
    with pytest.raises(ValueError, match="data_range"):
        function(digit.astype(float), digit.astype(float))
    with pytest.raises(ValueError, match="positive"):
        function(digit, digit, 0)
    with pytest.raises(ValueError, match="finite"):
        function(np.full((28, 28), np.nan), np.zeros((28, 28)), 1.0)
    with pytest.raises(ValueError, match="non-empty"):
        function(np.zeros((0, 5)), np.zeros((0, 5)), 1.0)
    with pytest.raises(ValueError, match="numeric"):
        function(np.array([["a"] * 12] * 12), np.array([["a"] * 12] * 12), 1.0)


def test_metrics_do_not_modify_inputs(digit, rng):
    reference = digit.copy()
    test = noisy(digit, rng)
    reference.flags.writeable = False
    test.flags.writeable = False
    psnr(reference, test)
    ssim(reference, test)
    np.testing.assert_array_equal(reference, digit)


# ----------------------------------------------------------------------------- SSIM

def test_ssim_matches_skimage_on_photo_and_digit(photo_gray, digit, rng):
    for image in (photo_gray, digit):
        for sd in (3, 30, 90):
            test = noisy(image, rng, sd)
            assert ssim(image, test) == pytest.approx(skimage_ssim(image, test, 255), abs=1e-9)


def test_ssim_matches_skimage_on_random_floats_and_every_small_shape(rng):
    for shape in ((11, 11), (11, 40), (12, 13), (28, 28), (64, 50)):
        a = rng.random(shape)
        b = np.clip(a + rng.normal(0, 0.2, shape), 0, 1)
        assert ssim(a, b, 1.0) == pytest.approx(skimage_ssim(a, b, 1.0), abs=1e-9)
        assert ssim(a * 7 - 3, b, 7.0) == pytest.approx(skimage_ssim(a * 7 - 3, b, 7.0), abs=1e-9)


def test_ssim_on_float32_within_skimage_float32_rounding(digit, rng):
    a = digit.astype(np.float32) / 255
    b = noisy(digit, rng).astype(np.float32) / 255
    assert ssim(a, b, 1.0) == pytest.approx(skimage_ssim(a, b, 1.0), abs=1e-6)


def test_ssim_colour_is_the_channel_mean_like_skimage(photo_rgb, rng):
    test = noisy(photo_rgb, rng, 25)
    assert ssim(photo_rgb, test) == pytest.approx(
        skimage_ssim(photo_rgb, test, 255, channel_axis=-1), abs=1e-9)


def test_ssim_edge_cases_match_skimage():
    black = np.zeros((28, 28), np.uint8)
    white = np.full((28, 28), 255, np.uint8)
    grey = np.full((28, 28), 128, np.uint8)
    assert ssim(black, black) == 1.0
    for a, b in ((black, white), (black, grey), (grey, white)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = ssim(a, b)
        assert value == pytest.approx(skimage_ssim(a, b, 255), abs=1e-12)
    assert ssim(black, white) == pytest.approx(1e-4 / (1 + 1e-4), rel=1e-9)  # (C1) / (255^2 + C1)


def test_ssim_of_identical_is_one(photo_gray, digit):
    assert ssim(photo_gray, photo_gray) == pytest.approx(1.0, abs=1e-15)
    assert ssim(digit, digit.copy()) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("shape", [(1, 1), (10, 10), (10, 40), (40, 10), (5, 5, 3)])
def test_ssim_rejects_pictures_smaller_than_the_window(shape):
    with pytest.raises(ValueError, match="11x11"):
        ssim(np.zeros(shape, np.uint8), np.zeros(shape, np.uint8))


@settings(max_examples=25, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(11, 24), st.integers(11, 24))),
       arrays(np.uint8, (24, 24)))
def test_ssim_properties(a, noise):
    b = a ^ noise[:a.shape[0], :a.shape[1]]
    value = ssim(a, b)
    assert value == pytest.approx(ssim(b, a), abs=1e-12)
    assert -1.0 - 1e-12 <= value <= 1.0 + 1e-12
    assert value == pytest.approx(skimage_ssim(a, b, 255), abs=1e-9)
    assert ssim(a, a) == pytest.approx(1.0, abs=1e-12)


# ----------------------------------------------------------------------------- JPEG

def encode(image, quality):
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize("count", ["file", "payload"])
@pytest.mark.parametrize("budget", [60, 120, 204, 260, 392, 784])
def test_jpeg_at_size_picks_the_highest_quality_that_fits(digit, count, budget):
    size_of = len if count == "file" else jpeg_payload_bytes
    sizes = {quality: size_of(encode(digit, quality)) for quality in JPEG_QUALITIES}
    fitting = [quality for quality, size in sizes.items() if size <= budget]
    decoded, n_bytes, quality = jpeg_at_size(digit, budget, count)
    if fitting:
        assert quality == max(fitting)
        assert n_bytes <= budget
    else:  # nothing fits: the smallest-quality file, and its true size shows it
        assert quality == 1
        assert n_bytes > budget
    assert n_bytes == sizes[quality]
    expected = np.asarray(Image.open(io.BytesIO(encode(digit, quality))))
    np.testing.assert_array_equal(decoded, expected)
    assert decoded.shape == digit.shape and decoded.dtype == np.uint8


def test_jpeg_at_size_quality_rises_with_budget(digit):
    errors = [psnr(digit, jpeg_at_size(digit, budget)[0]) for budget in (200, 240, 300)]
    assert errors == sorted(errors)


def test_jpeg_at_size_colour_and_read_only_input(photo_rgb):
    image = photo_rgb[:40, :40].copy()
    image.flags.writeable = False
    before = image.copy()
    decoded, n_bytes, quality = jpeg_at_size(image, 1500)
    assert decoded.shape == (40, 40, 3) and n_bytes <= 1500 and 1 <= quality <= 95
    np.testing.assert_array_equal(image, before)


def test_jpeg_at_size_rejects_bad_input(digit):
    with pytest.raises(ImageError):
        jpeg_at_size(digit.astype(np.float32), 300)
    with pytest.raises(ValueError, match="target_bytes"):
        jpeg_at_size(digit, 0)
    with pytest.raises(ValueError, match="target_bytes"):
        jpeg_at_size(digit, 204.5)
    with pytest.raises(ValueError, match="count"):
        jpeg_at_size(digit, 300, "headers")


def test_jpeg_payload_is_the_scan_data(digit):
    data = encode(digit, 50)
    payload = jpeg_payload_bytes(data)
    start_of_scan = data.index(b"\xff\xda")
    scan_header = int.from_bytes(data[start_of_scan + 2:start_of_scan + 4], "big")
    assert payload == len(data) - (start_of_scan + 2 + scan_header) - 2
    # Every JPEG repeats its tables: for a 28x28 digit they outweigh the picture data.
    assert len(data) - payload > 150
    with pytest.raises(ValueError, match="not a complete JPEG"):
        jpeg_payload_bytes(data[:-2])
    with pytest.raises(ValueError, match="not a complete JPEG"):
        jpeg_payload_bytes(b"GIF89a")
