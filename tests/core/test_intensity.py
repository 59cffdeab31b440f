"""core.intensity against its formulas, OpenCV and scikit-image, value by value."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from skimage import exposure

from core import intensity

EDGE_CASES = {
    "1x1": np.array([[200]], np.uint8),
    "constant": np.full((9, 7), 93, np.uint8),
    "black": np.zeros((8, 8), np.uint8),
    "white": np.full((8, 8), 255, np.uint8),
    "1x50": np.arange(50, dtype=np.uint8)[None, :] * 5,
}


@pytest.fixture(params=["grey", "rgb", "random"])
def image(request, photo_gray, photo_rgb, rng):
    return {"grey": photo_gray, "rgb": photo_rgb,
            "random": rng.integers(0, 256, (31, 45, 3), dtype=np.uint8)}[request.param]


def test_negative_is_255_minus(image):
    assert np.array_equal(intensity.negative(image), 255 - image)


def test_log_transform_formula(image):
    c = 255 / np.log(1 + float(image.max()))
    expected = np.clip(np.rint(c * np.log(1 + image.astype(np.float64))), 0, 255)
    assert np.array_equal(intensity.log_transform(image), expected.astype(np.uint8))
    # The tutorial truncates instead of rounding: never more than one level apart.
    tutorial = np.array(c * np.log(1 + image.astype(np.float64)), dtype=np.uint8)
    assert np.abs(intensity.log_transform(image).astype(int) - tutorial).max() <= 1


@pytest.mark.parametrize("gamma", [0.1, 0.5, 1.0, 1.2, 2.2, 5.0])
def test_gamma_formula(image, gamma):
    expected = np.rint(255 * (image / 255.0) ** (1 / gamma)).astype(np.uint8)
    assert np.array_equal(intensity.gamma_correction(image, gamma), expected)


def test_gamma_one_is_identity_and_extremes_are_sane(photo_gray):
    assert np.array_equal(intensity.gamma_correction(photo_gray, 1.0), photo_gray)
    near_zero = intensity.gamma_correction(photo_gray, 1e-9)
    assert set(np.unique(near_zero)) <= {0, 255}
    huge = intensity.gamma_correction(photo_gray, 1e9)
    assert np.all(huge[photo_gray > 0] == 255)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_gamma_rejects_impossible_values(bad, photo_gray):
    with pytest.raises(ValueError, match="Gamma"):
        intensity.gamma_correction(photo_gray, bad)


@pytest.mark.parametrize("low, high", [(2, 98), (0, 100), (10, 90), (49, 51)])
def test_contrast_stretch_matches_scikit_image(image, low, high):
    p_low, p_high = np.percentile(image, (low, high))
    ours = intensity.contrast_stretch(image, low, high)
    if p_high <= p_low:
        assert np.array_equal(ours, image)
        return
    theirs = exposure.rescale_intensity(image.astype(np.float64), in_range=(p_low, p_high),
                                        out_range=(0, 255))
    # Percentiles of discrete levels: ours picks a level, numpy interpolates between two.
    assert np.abs(ours.astype(float) - theirs).max() <= 255 / max(p_high - p_low, 1) + 1


def test_contrast_stretch_uses_the_full_range(photo_gray):
    low_contrast = (photo_gray // 4 + 100).astype(np.uint8)
    stretched = intensity.contrast_stretch(low_contrast, 0, 100)
    assert stretched.min() == 0 and stretched.max() == 255


@pytest.mark.parametrize("keep", [True, False])
def test_level_slice(image, keep):
    low, high = 80, 160
    inside = (image >= low) & (image <= high)
    expected = np.where(inside, 255, image if keep else 0).astype(np.uint8)
    assert np.array_equal(intensity.level_slice(image, low, high, keep), expected)
    assert np.array_equal(intensity.level_slice(image, high, low, keep), expected)  # either order


@pytest.mark.parametrize("bit", range(8))
def test_bit_plane(image, bit):
    assert np.array_equal(intensity.bit_plane(image, bit), ((image >> bit) & 1) * 255)


def test_bit_planes_rebuild_the_picture(photo_gray):
    planes = intensity.bit_planes(photo_gray)
    rebuilt = sum((plane.astype(int) // 255) << bit for bit, plane in enumerate(planes))
    assert np.array_equal(rebuilt, photo_gray)
    with pytest.raises(ValueError):
        intensity.bit_plane(photo_gray, 8)


def test_equalize_grey_equals_opencv(photos, rng):
    for picture in photos.values():
        grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
        assert np.array_equal(intensity.equalize_histogram(grey), cv2.equalizeHist(grey))
    for _ in range(50):
        low = int(rng.integers(0, 250))
        noise = rng.integers(low, 256, tuple(rng.integers(1, 40, 2)), dtype=np.uint8)
        assert np.array_equal(intensity.equalize_histogram(noise), cv2.equalizeHist(noise))


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_equalize_edge_cases_equal_opencv(name):
    picture = EDGE_CASES[name]
    assert np.array_equal(intensity.equalize_histogram(picture), cv2.equalizeHist(picture))


def test_equalize_colour_equalizes_brightness_only(photo_rgb):
    result = intensity.equalize_histogram(photo_rgb)
    y_in = cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2YCrCb)
    y_out = cv2.cvtColor(result, cv2.COLOR_RGB2YCrCb)
    # Brightness is equalized (up to the colour round trip), colour is kept (likewise).
    assert np.abs(y_out[:, :, 0].astype(int) - cv2.equalizeHist(y_in[:, :, 0])).max() <= 2
    assert np.abs(y_out[:, :, 1:].astype(int) - y_in[:, :, 1:]).mean() < 1.5


@pytest.mark.parametrize("clip_limit, tiles", [(0.03, 8), (0.01, 4), (0.0, 8), (0.2, 2)])
def test_clahe_grey_is_opencv_with_the_normalised_limit(photo_gray, clip_limit, tiles):
    reference = cv2.createCLAHE(clipLimit=256 * clip_limit, tileGridSize=(tiles, tiles))
    assert np.array_equal(intensity.clahe(photo_gray, clip_limit, tiles),
                          reference.apply(photo_gray))


def test_clahe_is_close_to_the_tutorials_scikit_image_call(photos):
    for picture in photos.values():
        ours = intensity.clahe(picture, 0.03, 8).astype(float)
        theirs = exposure.equalize_adapthist(picture, clip_limit=0.03) * 255
        assert np.corrcoef(ours.ravel(), theirs.ravel())[0, 1] > 0.97
        assert np.abs(ours - theirs).mean() < 20


def test_clahe_rejects_bad_limits(photo_gray):
    with pytest.raises(ValueError, match="clip limit"):
        intensity.clahe(photo_gray, 1.5)
    with pytest.raises(ValueError, match="tile"):
        intensity.clahe(photo_gray, 0.03, 0)


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_every_transform_survives_edge_cases(name):
    picture = EDGE_CASES[name]
    for result in _all_results(picture):
        assert result.shape == picture.shape and result.dtype == np.uint8


def test_log_of_all_black_stays_black():
    assert not intensity.log_transform(EDGE_CASES["black"]).any()


def test_transfer_curves_are_what_is_applied(photo_gray):
    for name, params in [("negative", {}), ("log", {}), ("gamma", {"gamma": 0.5}),
                         ("stretch", {"low_pct": 5, "high_pct": 95}),
                         ("level_slice", {"low": 10, "high": 90, "keep_background": False}),
                         ("bit_plane", {"bit": 6}), ("equalize", {})]:
        curve = intensity.transfer_curve(photo_gray, name, **params)
        assert curve.shape == (256,) and curve.dtype == np.uint8
        assert np.array_equal(curve[photo_gray], _apply(name, photo_gray, params))
    assert intensity.transfer_curve(photo_gray, "clahe") is None
    with pytest.raises(ValueError, match="Unknown transform"):
        intensity.transfer_curve(photo_gray, "sepia")


TRANSFORM_PARAMS = [("negative", {}), ("log", {}), ("gamma", {"gamma": 0.5}),
                    ("stretch", {"low_pct": 5, "high_pct": 95}),
                    ("level_slice", {"low": 10, "high": 90, "keep_background": False}),
                    ("bit_plane", {"bit": 6}), ("equalize", {}),
                    ("clahe", {"clip_limit": 0.03, "tile_grid": 8})]


@pytest.mark.parametrize("name, params", TRANSFORM_PARAMS)
def test_apply_transform_is_the_transform_and_its_curve(name, params, image):
    result, curve = intensity.apply_transform(image, name, **params, grey=False)  # extra: ignored
    np.testing.assert_array_equal(result, _apply(name, image, params))
    expected_curve = intensity.transfer_curve(image, name, **params)
    if expected_curve is None:
        assert curve is None
    else:
        np.testing.assert_array_equal(curve, expected_curve)


def test_apply_transform_rejects_an_unknown_name(photo_gray):
    with pytest.raises(ValueError, match="Unknown transform"):
        intensity.apply_transform(photo_gray, "sepia")


def _apply(name, picture, params):
    return {
        "negative": lambda: intensity.negative(picture),
        "log": lambda: intensity.log_transform(picture),
        "gamma": lambda: intensity.gamma_correction(picture, params.get("gamma", 2.2)),
        "stretch": lambda: intensity.contrast_stretch(picture, params.get("low_pct", 2),
                                                      params.get("high_pct", 98)),
        "level_slice": lambda: intensity.level_slice(picture, params.get("low", 50),
                                                     params.get("high", 150),
                                                     params.get("keep_background", True)),
        "bit_plane": lambda: intensity.bit_plane(picture, params.get("bit", 7)),
        "equalize": lambda: intensity.equalize_histogram(picture),
        "clahe": lambda: intensity.clahe(picture, 0.03, 8),
    }[name]()


def _all_results(picture):
    return [_apply(name, picture, {}) for name in intensity.TRANSFORMS]


pictures = st.one_of(
    arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24))),
    arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24), st.just(3))),
)


@settings(max_examples=60, deadline=None)
@given(pictures, st.floats(0.05, 10), st.floats(0, 49), st.floats(51, 100),
       st.integers(0, 255), st.integers(0, 255), st.integers(0, 7), st.floats(0, 1))
def test_properties_shape_dtype_and_input_untouched(picture, gamma, low_pct, high_pct, low, high,
                                                    bit, clip):
    before = picture.copy()
    results = [
        intensity.negative(picture), intensity.log_transform(picture),
        intensity.gamma_correction(picture, gamma),
        intensity.contrast_stretch(picture, low_pct, high_pct),
        intensity.level_slice(picture, low, high, True), intensity.bit_plane(picture, bit),
        intensity.equalize_histogram(picture), intensity.clahe(picture, clip, 8),
    ]
    assert np.array_equal(picture, before)
    for result in results:
        assert result.shape == picture.shape and result.dtype == np.uint8
    # Point transforms are monotone where the tutorial says so.
    order = np.argsort(picture, axis=None, kind="stable")
    assert np.all(np.diff(results[2].ravel()[order].astype(int)) >= 0)  # gamma keeps order
    assert np.all(np.diff(results[0].ravel()[order].astype(int)) <= 0)  # negative reverses it


def test_read_only_input_is_fine(photo_rgb):
    frozen = photo_rgb.copy()
    frozen.flags.writeable = False
    for result in _all_results(frozen):
        assert result.flags.writeable
