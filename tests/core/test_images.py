"""core.images: decoding every kind of file, greyscale, working size, samples, masks."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.images import (
    ImageError,
    apply_mask,
    check_image,
    circular_mask,
    decode_image,
    describe,
    fit_to_working_size,
    sample_images,
    to_gray,
    to_rgb,
)
from tests.corpus import bad_files, good_files, png_claiming

GOOD = good_files()
BAD = bad_files()


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_files_decode_to_the_expected_picture(name):
    data, expected, tolerance = GOOD[name]
    decoded = decode_image(data)
    assert decoded.dtype == np.uint8 and decoded.ndim == 3 and decoded.shape[2] == 3
    assert decoded.shape == expected.shape
    difference = np.abs(decoded.astype(int) - expected.astype(int))
    if tolerance <= 1:
        assert difference.max() <= tolerance
    else:  # JPEG: rings at sharp edges, exact enough elsewhere
        assert np.percentile(difference, 95) <= tolerance


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_with_a_message(name):
    with pytest.raises(ImageError) as error:
        decode_image(BAD[name])
    message = str(error.value)
    assert "Traceback" not in message and len(message) > 20
    assert "JPEG, PNG" in message or "megapixels" in message


def test_bad_file_messages_name_what_was_uploaded():
    def message(name):
        with pytest.raises(ImageError) as error:
            decode_image(BAD[name])
        return str(error.value)

    assert "empty" in message("empty.png")
    assert "PDF" in message("document.png")
    assert "ZIP" in message("archive.png")
    assert "SVG" in message("drawing.png")
    assert "web page" in message("page.png")
    assert "damaged" in message("truncated.png")
    assert "damaged" in message("truncated.jpg")


def test_oversize_is_refused_from_the_header_before_decoding():
    # The file holds 16 bytes of pixel data: had decoding started, the error would be about a
    # damaged file, not about the size announced in the header.
    with pytest.raises(ImageError, match="40000 x 40000"):
        decode_image(png_claiming(40000, 40000))
    with pytest.raises(ImageError, match="megapixels"):
        decode_image(GOOD["rgb.png"][0], max_pixels=100)


def test_decode_accepts_a_picture_exactly_at_the_limit():
    data, expected, _ = GOOD["rgb.png"]
    assert decode_image(data, max_pixels=expected.shape[0] * expected.shape[1]).shape == expected.shape


def test_decode_rejects_non_bytes():
    with pytest.raises(ImageError):
        decode_image("picture.png")  # a file name is not the file


def test_to_gray_matches_opencv(photo_rgb, rng):
    assert np.abs(to_gray(photo_rgb).astype(int)
                  - cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2GRAY).astype(int)).max() <= 1
    noise = rng.integers(0, 256, (37, 53, 3), dtype=np.uint8)
    expected = np.rint(noise @ np.array([0.299, 0.587, 0.114]))
    assert np.abs(to_gray(noise).astype(int) - expected).max() <= 1


def test_to_gray_keeps_grey_and_to_rgb_repeats_it(photo_gray):
    assert to_gray(photo_gray) is photo_gray
    rgb = to_rgb(photo_gray)
    assert rgb.shape == photo_gray.shape + (3,)
    assert all(np.array_equal(rgb[:, :, i], photo_gray) for i in range(3))


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.float32), np.zeros((4, 4, 4), np.uint8),
                                 np.zeros((0, 3), np.uint8), np.zeros(5, np.uint8), [[1, 2]]])
def test_check_image_explains_what_is_wrong(bad):
    with pytest.raises(ImageError):
        check_image(bad)


def test_fit_to_working_size_keeps_aspect_and_never_enlarges(photo_rgb):
    assert fit_to_working_size(photo_rgb, 10**9) is photo_rgb
    small = fit_to_working_size(photo_rgb, 5000)
    assert small.shape[0] * small.shape[1] <= 5000
    ratio = photo_rgb.shape[1] / photo_rgb.shape[0]
    assert abs(small.shape[1] / small.shape[0] - ratio) < 0.05
    # Area averaging: a flat picture stays flat.
    flat = np.full((400, 300, 3), 77, np.uint8)
    assert np.all(fit_to_working_size(flat, 1000) == 77)


def test_fit_to_working_size_handles_extreme_shapes():
    strip = np.zeros((1, 20000), np.uint8)
    assert fit_to_working_size(strip, 100).shape == (1, 100)
    assert fit_to_working_size(np.zeros((1, 1, 3), np.uint8), 1).shape == (1, 1, 3)
    with pytest.raises(ValueError):
        fit_to_working_size(strip, 0)


def test_samples_are_read_only_rgb_and_include_generated_pictures():
    samples = sample_images()
    assert {"China (photo)", "Flower (photo)", "Shapes (generated)", "Grid (generated)"} <= set(samples)
    for picture in samples.values():
        assert picture.dtype == np.uint8 and picture.ndim == 3 and picture.shape[2] == 3
        assert not picture.flags.writeable
        assert picture.std() > 10  # real content, not a blank
    # The photos are scikit-learn's, read without importing scikit-learn.
    from sklearn.datasets import load_sample_images

    china = load_sample_images().images[0]
    assert np.array_equal(samples["China (photo)"], china)


def test_circular_mask_matches_the_tutorial():
    height, width = 40, 60
    mask = circular_mask(height, width, 20)
    rows, cols = np.ogrid[:height, :width]
    tutorial_outside = np.sqrt((rows - height / 2) ** 2 + (cols - width / 2) ** 2) > 20
    assert np.array_equal(mask, ~tutorial_outside)
    assert not circular_mask(3, 3, 0).any() or circular_mask(3, 3, 0).sum() == 1
    with pytest.raises(ValueError):
        circular_mask(3, 3, -1)


def test_apply_mask_blacks_out_outside_and_keeps_input(photo_rgb):
    mask = circular_mask(*photo_rgb.shape[:2], 30)
    before = photo_rgb.copy()
    masked = apply_mask(photo_rgb, mask)
    assert np.array_equal(photo_rgb, before)
    assert np.all(masked[~mask] == 0) and np.array_equal(masked[mask], photo_rgb[mask])


def test_describe_reports_per_channel_statistics(photo_rgb):
    properties = describe(photo_rgb)
    assert properties["shape"] == photo_rgb.shape
    assert properties["channels"]["G"]["max"] == int(photo_rgb[:, :, 1].max())
    assert properties["channels"]["B"]["mean"] == pytest.approx(photo_rgb[:, :, 2].mean())


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(3))),
       st.sampled_from(["PNG", "BMP", "TIFF", "WEBP"]))
def test_lossless_round_trip_of_any_picture(picture, fmt):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    assert np.array_equal(decode_image(buffer.getvalue()), picture)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_picture_or_an_image_error(data):
    try:
        picture = decode_image(data)
    except ImageError:
        return
    assert picture.dtype == np.uint8 and picture.ndim == 3
