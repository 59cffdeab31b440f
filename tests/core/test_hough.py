"""core.hough against scikit-image's hough_line / hough_line_peaks, vote for vote."""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.transform import hough_line, hough_line_peaks

from core import hough
from core.hough import (
    accumulator_image,
    hough_accumulator,
    hough_peaks,
    line_endpoints,
    point_sinusoid,
    tutorial_hough_loop,
    tutorial_thetas,
)

GRIDS = {
    "tutorial 1 deg": tutorial_thetas(),
    "0.5 deg": tutorial_thetas(0.5),
    "skimage default": np.linspace(-np.pi / 2, np.pi / 2, 180, endpoint=False),
    "full circle": np.deg2rad(np.arange(-180.0, 180.0, 1.0)),
    "random": np.random.default_rng(7).uniform(-4.0, 4.0, 53),
    "special": np.deg2rad([-90.0, 90.0, 0.0, 45.0, -45.0, 30.0, -30.0, 60.0, 120.0, -120.0, 180.0]),
}
# np.sin(+-0.5235987755982989) is exactly +-0.5, so pixels in column 0 land exactly on halves.
EXACT_HALF_SIN = 0.5235987755982989


def _assert_matches_skimage(edges, thetas):
    acc, rhos = hough_accumulator(edges, thetas)
    ref_acc, ref_thetas, ref_rhos = hough_line(edges, theta=np.asarray(thetas, np.float64))
    assert acc.shape == ref_acc.shape
    assert np.array_equal(acc, ref_acc)
    assert np.array_equal(rhos, ref_rhos)
    return acc, rhos


def _skimage_round(values):
    """scikit-image's rounding, written independently: sign * floor(float64(|rho| + 0.5))."""
    return np.sign(values) * np.floor(np.abs(values) + 0.5)


def _drawn_lines(rng, height, width, n_lines, noise=0.0):
    image = np.zeros((height, width), np.uint8)
    for _ in range(n_lines):
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(image, p1, p2, 255, 1)
    if noise:
        image[rng.random((height, width)) < noise] = 255
    return image > 0


# --- accumulator --------------------------------------------------------------------------------

@pytest.fixture(params=["calcHist", "bincount"])
def counting(request, monkeypatch):
    """Run a test with votes counted by cv2.calcHist (forced even on small maps) or np.bincount."""
    monkeypatch.setattr(hough, "_CALCHIST_MIN_PIXELS", 0 if request.param == "calcHist" else 1 << 60)
    return request.param


@pytest.mark.parametrize("grid", GRIDS, ids=str)
@pytest.mark.parametrize("shape", [(37, 53), (64, 20), (1, 40), (40, 1), (3, 3)])
def test_accumulator_matches_skimage_on_random_sparse_maps(grid, shape, rng, counting):
    for density in (0.02, 0.2, 0.7):
        _assert_matches_skimage(rng.random(shape) < density, GRIDS[grid])


@pytest.mark.parametrize("grid", ["tutorial 1 deg", "0.5 deg", "random", "full circle"])
def test_accumulator_matches_skimage_on_drawn_lines(grid, rng, counting):
    for _ in range(4):
        _assert_matches_skimage(_drawn_lines(rng, 90, 120, 5, noise=0.01), GRIDS[grid])


@pytest.mark.parametrize("grid", ["tutorial 1 deg", "0.5 deg", "random"])
def test_accumulator_matches_skimage_on_canny_maps_of_the_photos(grid, photos, counting):
    for name, rgb in photos.items():
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        for low, high in ((100, 200), (30, 90)):
            edges = cv2.Canny(gray, low, high) > 0
            if name.endswith("(photo)"):
                assert edges.sum() > 500, name          # real content, not an empty map
            _assert_matches_skimage(edges, GRIDS[grid])


def test_exact_halves_round_away_from_zero(counting):
    assert np.sin(EXACT_HALF_SIN) == 0.5 and np.sin(-EXACT_HALF_SIN) == -0.5
    edges = np.zeros((12, 5), bool)
    edges[:, 0] = True                        # x = 0, so rho = y * sin(theta) = +-y / 2
    thetas = np.array([EXACT_HALF_SIN, -EXACT_HALF_SIN])
    acc, rhos = _assert_matches_skimage(edges, thetas)
    offset = (acc.shape[0] - 1) // 2
    for column, sign in ((0, 1), (1, -1)):
        expected = np.zeros(acc.shape[0], np.int64)
        for y in range(12):
            expected[offset + sign * ((y + 1) // 2)] += 1   # 0.5 -> 1, 1.5 -> 2, -0.5 -> -1
        assert np.array_equal(acc[:, column], expected)
        # np.round (half to even) would put these votes elsewhere: the test can tell.
        assert not np.array_equal(
            np.bincount((np.round(sign * np.arange(12) / 2) + offset).astype(int),
                        minlength=acc.shape[0]), expected)


def test_float_ties_follow_skimage_not_exact_rounding(counting):
    # sin(30 degrees) is 0.49999999999999994 in float64; scikit-image adds 0.5, which rounds up
    # to 1.0, so the pixel (x=0, y=1) votes for rho = 1 at 30 degrees (and -1 at -30 degrees).
    thetas = tutorial_thetas()
    sin_30 = np.sin(thetas)[120]
    assert sin_30 == np.nextafter(0.5, 0)
    edges = np.zeros((4, 4), bool)
    edges[1, 0] = True
    acc, rhos = _assert_matches_skimage(edges, thetas)
    assert rhos[acc[:, 120].argmax()] == 1.0
    assert rhos[acc[:, 60].argmax()] == -1.0
    assert round(Fraction(float(sin_30))) == 0            # exact rounding would say 0


def test_empty_and_full_maps():
    thetas = tutorial_thetas()
    for shape in ((1, 1), (1, 7), (7, 1), (30, 41)):
        acc, rhos = _assert_matches_skimage(np.zeros(shape, bool), thetas)
        assert acc.sum() == 0 and acc.dtype == np.int64
        acc, _ = _assert_matches_skimage(np.ones(shape, bool), thetas)
        assert np.all(acc.sum(axis=0) == shape[0] * shape[1])


def test_one_by_one_and_single_pixels():
    for grid in GRIDS.values():
        acc, rhos = _assert_matches_skimage(np.ones((1, 1), bool), grid)
        assert acc.shape == (5, grid.size)         # offset ceil(sqrt(2)) = 2
        assert np.all(acc[2] == 1) and acc.sum() == grid.size
    thetas = GRIDS["special"]
    for row, col in ((0, 0), (0, 39), (24, 0), (24, 39), (13, 7)):
        edges = np.zeros((25, 40), bool)
        edges[row, col] = True
        acc, rhos = _assert_matches_skimage(edges, thetas)
        # The pixel's votes trace its sinusoid: the duality the page shows.
        voted = rhos[acc.argmax(axis=0)]
        assert np.array_equal(voted, _skimage_round(point_sinusoid(col, row, thetas)))


def test_non_bool_edges_count_nonzero_values():
    rng = np.random.default_rng(3)
    mask = rng.random((30, 40)) < 0.1
    thetas = GRIDS["tutorial 1 deg"]
    expected, _ = hough_accumulator(mask, thetas)
    for values in (mask * np.uint8(255), mask.astype(np.float32) * 0.25, mask * -3,
                   np.where(mask, np.nan, 0.0)):
        acc, _ = _assert_matches_skimage(values, thetas)
        assert np.array_equal(acc, expected)
    # Not C-contiguous input.
    _assert_matches_skimage(np.asfortranarray(mask), thetas)
    _assert_matches_skimage(mask[::2, ::3], thetas)


def test_every_internal_path_matches(monkeypatch, rng):
    """Tiny chunk, pass and histogram limits force the rarely taken branches."""
    edges = _drawn_lines(rng, 50, 70, 4, noise=0.05)      # R = 175: 300 bins fit one copy only
    grids = [GRIDS["full circle"], GRIDS["random"], GRIDS["tutorial 1 deg"]]
    for votes, pixels, bins, small, calchist in (
            (7, 1 << 22, 1 << 16, 1 << 18, 0), (64, 37, 1 << 16, 1 << 18, 0),
            (64, 1 << 22, 16, 1 << 18, 0), (5, 29, 16, 1 << 18, 0), (32, 1 << 22, 1 << 16, 1, 0),
            (32, 101, 1 << 16, 1, 1 << 60), (1 << 15, 1 << 22, 1 << 16, 1 << 30, 1 << 60),
            (64, 1 << 22, 300, 1 << 18, 0), (64, 41, 500, 1, 0)):
        monkeypatch.setattr(hough, "_VOTES_PER_CHUNK", votes)
        monkeypatch.setattr(hough, "_PIXELS_PER_PASS", pixels)
        monkeypatch.setattr(hough, "_UINT16_BINS", bins)
        monkeypatch.setattr(hough, "_SMALL_MAP_VOTES", small)
        monkeypatch.setattr(hough, "_CALCHIST_MIN_PIXELS", calchist)
        for thetas in grids:
            _assert_matches_skimage(edges, thetas)


def test_inputs_are_not_modified():
    edges = np.random.default_rng(1).random((20, 30)) < 0.2
    thetas = tutorial_thetas()
    edges_copy, thetas_copy = edges.copy(), thetas.copy()
    edges.flags.writeable = False
    thetas.flags.writeable = False
    acc, rhos = hough_accumulator(edges, thetas)
    hough_peaks(acc, thetas, rhos, num_peaks=5)
    assert np.array_equal(edges, edges_copy) and np.array_equal(thetas, thetas_copy)


@pytest.mark.parametrize(
    "edges, thetas",
    [
        (np.zeros((3, 4, 3), bool), tutorial_thetas()),
        (np.zeros(5, bool), tutorial_thetas()),
        (np.array([["a", "b"]]), tutorial_thetas()),
        (np.zeros((3, 4), bool), []),
        (np.zeros((3, 4), bool), np.zeros((2, 2))),
        (np.zeros((3, 4), bool), [0.0, np.nan]),
        (np.zeros((3, 4), bool), [0.0, np.inf]),
        (np.zeros((3, 4), bool), ["x"]),
    ],
)
def test_bad_input_raises_a_readable_error(edges, thetas):
    with pytest.raises(ValueError, match=r"(edge map|angles)"):
        hough_accumulator(edges, thetas)


@settings(max_examples=40, deadline=None)
@given(
    edges=hnp.arrays(bool, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24)),
    thetas=st.one_of(
        st.lists(st.floats(-7.0, 7.0, allow_nan=False), min_size=1, max_size=25),
        st.sampled_from([GRIDS["tutorial 1 deg"], GRIDS["special"], GRIDS["full circle"]]),
    ),
)
def test_accumulator_properties(edges, thetas):
    before = edges.copy()
    acc, rhos = _assert_matches_skimage(edges, thetas)
    n_angles = np.asarray(thetas).size
    height, width = edges.shape
    offset = math.ceil(math.hypot(height, width))
    assert acc.shape == (2 * offset + 1, n_angles) and acc.dtype == np.int64
    assert acc.sum() == edges.sum() * n_angles           # every pixel votes once per angle
    assert np.all(acc.sum(axis=0) == edges.sum())
    assert np.array_equal(rhos, np.arange(-offset, offset + 1))
    assert np.array_equal(edges, before)


# --- tutorial baseline -------------------------------------------------------------------------

def test_tutorial_loop_is_one_row_short_and_rounds_halves_to_even(rng):
    edges = rng.random((15, 22)) < 0.2
    thetas = GRIDS["random"][:20]                        # no exact halves on this grid
    acc, rhos = hough_accumulator(edges, thetas)
    tutorial_acc, tutorial_thetas_out, tutorial_rhos = tutorial_hough_loop(edges, thetas)
    assert tutorial_acc.shape == (acc.shape[0] - 1, acc.shape[1])
    assert np.array_equal(tutorial_acc, acc[:-1]) and np.all(acc[-1] == 0)
    assert np.array_equal(tutorial_thetas_out, thetas)
    # Its rho labels are spaced 2d / (2d - 1) apart, so they drift from the rows they label.
    assert not np.allclose(np.diff(tutorial_rhos), 1.0)
    assert abs(tutorial_rhos[-1] - (len(tutorial_rhos) - 1 - (len(acc) - 1) // 2)) > 0.9

    halves = np.zeros((6, 3), bool)
    halves[:, 0] = True
    thetas = np.array([EXACT_HALF_SIN])
    ours = hough_accumulator(halves, thetas)[0][:-1]
    theirs = tutorial_hough_loop(halves, thetas)[0]
    assert not np.array_equal(ours, theirs)              # 0.5 -> 0 and 2.5 -> 2 in the tutorial


# --- peaks ---------------------------------------------------------------------------------------

def _skimage_peaks(edges, thetas, **kwargs):
    ref_acc, _, ref_rhos = hough_line(edges, theta=thetas)
    votes, angles, dists = hough_line_peaks(ref_acc, thetas, ref_rhos, **kwargs)
    return [(int(v), float(t), float(r)) for v, t, r in zip(votes, angles, dists)]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"num_peaks": 3}, {"threshold": 5}, {"min_distance": 3, "min_angle": 4},
     {"min_distance": 0, "min_angle": 0, "threshold": 8}, {"threshold": 2, "num_peaks": 10}],
    ids=str,
)
def test_peaks_match_skimage_on_drawn_lines(seed, kwargs):
    rng = np.random.default_rng(seed)
    edges = _drawn_lines(rng, int(rng.integers(20, 100)), int(rng.integers(20, 100)),
                         int(rng.integers(1, 6)), noise=0.01 * (seed % 3))
    thetas = [GRIDS["tutorial 1 deg"], GRIDS["skimage default"], tutorial_thetas(3.0)][seed % 3]
    acc, rhos = hough_accumulator(edges, thetas)
    assert hough_peaks(acc, thetas, rhos, **kwargs) == _skimage_peaks(edges, thetas, **kwargs)


@pytest.mark.parametrize("threshold", [None, 0, -1, 1])
def test_peaks_match_skimage_on_noise_with_many_ties(threshold, rng):
    for _ in range(5):
        edges = rng.random((25, 30)) < 0.1
        thetas = tutorial_thetas(4.0)
        acc, rhos = hough_accumulator(edges, thetas)
        for num_peaks in (None, 7):
            kwargs = {"threshold": threshold, "min_distance": 2, "min_angle": 2}
            if num_peaks:
                kwargs["num_peaks"] = num_peaks
            assert hough_peaks(acc, thetas, rhos, **kwargs) == _skimage_peaks(
                edges, thetas, **kwargs)


@pytest.mark.parametrize("theta_degrees, rho", [(0, 50.0), (-90, -37.0), (-45, 0.0), (30, 60.0),
                                                (-60, -20.0), (75, 90.0)])
def test_a_drawn_line_is_the_strongest_peak(theta_degrees, rho):
    height, width = 120, 140
    theta = np.deg2rad(theta_degrees)
    (x0, y0), (x1, y1) = line_endpoints(theta, rho, height, width)
    image = np.zeros((height, width), np.uint8)
    cv2.line(image, (round(x0), round(y0)), (round(x1), round(y1)), 255, 1)
    thetas = tutorial_thetas()
    acc, rhos = hough_accumulator(image > 0, thetas)
    votes, best_theta, best_rho = hough_peaks(acc, thetas, rhos, num_peaks=1)[0]
    # A rasterised 1-pixel line spreads over neighbouring rho bins, so not every pixel agrees.
    assert votes == acc.max() >= 0.75 * np.count_nonzero(image)
    assert abs(np.rad2deg(best_theta) - theta_degrees) <= 1.0
    assert abs(best_rho - rho) <= 1.0


@pytest.mark.parametrize("seed", range(30))
def test_peaks_match_skimage_on_arbitrary_accumulators(seed):
    """Any non-negative array, so peaks also sit on row 0, the last row and the angle wrap."""
    rng = np.random.default_rng(seed)
    n_rows, n_cols = int(rng.integers(3, 40)), int(rng.integers(2, 30))
    acc = rng.integers(0, 6, (n_rows, n_cols)).astype(np.uint64)
    acc[rng.integers(0, n_rows, 4), rng.integers(0, n_cols, 4)] += rng.integers(5, 9, 4).astype(
        np.uint64)
    acc[0, rng.integers(0, n_cols)] = 20                   # a peak on the first row
    thetas = np.linspace(-np.pi / 2, np.pi / 2, n_cols, endpoint=False)
    rhos = np.arange(n_rows) - n_rows // 2.0
    kwargs = {"min_distance": int(rng.integers(0, 5)), "min_angle": int(rng.integers(0, 5)),
              "threshold": [None, 2, 4][seed % 3]}
    if seed % 2:
        kwargs["num_peaks"] = int(rng.integers(1, 12))
    votes, angles, dists = hough_line_peaks(acc, thetas, rhos, **kwargs)
    expected = [(int(v), float(t), float(r)) for v, t, r in zip(votes, angles, dists)]
    assert hough_peaks(acc, thetas, rhos, **kwargs) == expected
    assert hough_peaks(acc.astype(np.int64), thetas, rhos, **kwargs) == expected


def test_peaks_edge_cases_and_errors():
    thetas = tutorial_thetas()
    acc, rhos = hough_accumulator(np.zeros((10, 10), bool), thetas)
    assert hough_peaks(acc, thetas, rhos) == []
    acc, rhos = hough_accumulator(np.eye(10, dtype=bool), thetas)
    assert hough_peaks(acc, thetas, rhos, num_peaks=0) == []
    assert len(hough_peaks(acc, thetas, rhos, num_peaks=1)) == 1
    with pytest.raises(ValueError, match="accumulator"):
        hough_peaks(acc[:, 0], thetas, rhos)
    with pytest.raises(ValueError, match="one angle per"):
        hough_peaks(acc, thetas[:-1], rhos)
    with pytest.raises(ValueError, match="min_distance"):
        hough_peaks(acc, thetas, rhos, min_distance=-1)


# --- helpers -------------------------------------------------------------------------------------

def test_tutorial_thetas():
    thetas = tutorial_thetas()
    assert np.array_equal(thetas, np.deg2rad(np.arange(-90.0, 90.0)))
    assert thetas.size == 180 and thetas[0] == -np.pi / 2
    assert tutorial_thetas(0.5).size == 360
    for bad in (0, -1, np.nan, 200):
        with pytest.raises(ValueError, match="step"):
            tutorial_thetas(bad)


def test_point_sinusoid():
    thetas = GRIDS["random"]
    curve = point_sinusoid(12, 7, thetas)
    assert np.allclose(curve, 12 * np.cos(thetas) + 7 * np.sin(thetas), rtol=0, atol=1e-12)
    assert np.array_equal(point_sinusoid(0, 0, thetas), np.zeros(thetas.size))
    with pytest.raises(ValueError):
        point_sinusoid(np.nan, 1, thetas)


@pytest.mark.parametrize("theta_degrees", [-90, -60, -45, -10, 0, 10, 45, 89, 120])
@pytest.mark.parametrize("rho", [-30.0, 0.0, 17.5, 60.0])
def test_line_endpoints_lie_on_the_line_and_the_border(theta_degrees, rho):
    height, width = 50, 80
    theta = np.deg2rad(theta_degrees)
    ends = line_endpoints(theta, rho, height, width)
    xs = np.arange(width)[None, :]
    ys = np.arange(height)[:, None]
    crosses = np.abs(xs * np.cos(theta) + ys * np.sin(theta) - rho) <= 0.5
    if ends is None:
        assert not crosses.any()
        return
    assert ends[0] <= ends[1]
    for x, y in ends:
        assert 0 <= x <= width - 1 and 0 <= y <= height - 1
        assert abs(x * np.cos(theta) + y * np.sin(theta) - rho) < 1e-6
        on_border = min(x, y, width - 1 - x, height - 1 - y) < 1e-6
        assert on_border
    assert math.dist(*ends) <= math.hypot(width - 1, height - 1) + 1e-9


def test_line_endpoints_misses_and_touches():
    assert line_endpoints(0.0, -5.0, 10, 10) is None           # x = -5
    assert line_endpoints(np.pi / 2, 20.0, 10, 10) is None      # y = 20
    corner = line_endpoints(np.deg2rad(45), 0.0, 10, 10)        # touches the origin only
    assert corner is not None and math.dist(*corner) < 1e-9
    with pytest.raises(ValueError):
        line_endpoints(0.0, 1.0, 0, 10)


# --- the accumulator as a picture ---------------------------------------------------------------


def _inferno(levels) -> np.ndarray:
    grey = np.asarray(levels, np.uint8).reshape(1, -1)
    return cv2.cvtColor(cv2.applyColorMap(grey, cv2.COLORMAP_INFERNO), cv2.COLOR_BGR2RGB)[0]


def test_accumulator_image_merges_rows_by_their_maximum(rng):
    acc = rng.integers(0, 50, (1001, 7)).astype(np.int32)
    acc[500, 3] = 400  # a one-row peak among 1001 rows
    picture, rows_per_pixel = accumulator_image(acc, "linear", max_rows=100)
    assert rows_per_pixel == 11 and picture.shape == (91, 7, 3) and picture.dtype == np.uint8
    # a loop over the groups, the last one short (padded with zeros)
    pooled = np.array([acc[start:start + 11].max(axis=0) for start in range(0, 1001, 11)])
    expected = _inferno((pooled / 400 * 255).astype(np.uint8).ravel()).reshape(91, 7, 3)
    np.testing.assert_array_equal(picture, expected)
    np.testing.assert_array_equal(picture[500 // 11, 3], _inferno([255])[0])  # kept at full


@pytest.mark.parametrize("scale, level", [("linear", 0.25), ("sqrt", 0.5),
                                          ("log", math.log1p(25) / math.log1p(100))])
def test_accumulator_image_scales(scale, level):
    acc = np.array([[0, 25, 100]])
    picture, rows_per_pixel = accumulator_image(acc, scale)
    assert rows_per_pixel == 1
    np.testing.assert_array_equal(picture[0], _inferno([0, int(level * 255), 255]))


def test_accumulator_image_of_no_votes_and_of_one_row():
    picture, rows_per_pixel = accumulator_image(np.zeros((5, 4), np.int64))
    np.testing.assert_array_equal(picture, np.broadcast_to(_inferno([0])[0], (5, 4, 3)))
    assert rows_per_pixel == 1
    assert accumulator_image(np.ones((1, 1), np.int32), "log", max_rows=1)[0].shape == (1, 1, 3)


def test_accumulator_image_keeps_its_input_and_checks_it():
    acc = np.arange(12).reshape(6, 2)
    acc.flags.writeable = False  # the page's cached accumulator is read-only
    accumulator_image(acc, "sqrt", max_rows=4)
    np.testing.assert_array_equal(acc, np.arange(12).reshape(6, 2))
    with pytest.raises(ValueError, match="scale"):
        accumulator_image(acc, "gamma")
    with pytest.raises(ValueError, match="2-D"):
        accumulator_image(np.zeros(5))
    with pytest.raises(ValueError, match="2-D"):
        accumulator_image(np.zeros((0, 3)))
    for rows in (0, 2.0, True):
        with pytest.raises(ValueError, match="max_rows"):
            accumulator_image(acc, max_rows=rows)


def test_docstring_examples():
    result = doctest.testmod(hough, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
