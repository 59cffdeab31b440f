"""core.segmentation against OpenCV (Otsu), scikit-image, and full scikit-learn KMeans.

OpenCV's Otsu has two implementations in the wheel: its own C++ loop (``getThreshVal_Otsu``)
and, on x86 builds with Intel IPP, ``ippiComputeThreshold_Otsu``. They agree except where two
thresholds have exactly the same between-class variance, where each breaks the tie its own
way. Ours reproduces OpenCV's own loop exactly, so every test compares with it (IPP switched
off), and also with the default (IPP) path: equal whenever the best threshold is unique,
one of the tied best thresholds otherwise.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core.images import ImageError, to_gray, to_rgb
from core.segmentation import (
    TUTORIAL_COUNTS,
    between_class_variance,
    cluster_shares,
    gray_histogram,
    kmeans_colors,
    kmeans_inertia,
    otsu_table,
    otsu_threshold,
    quantize,
    tutorial_otsu_loop,
)

pytestmark = pytest.mark.filterwarnings("error")

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------------------------------
# References


@contextlib.contextmanager
def ipp(enabled: bool):
    previous = cv2.ipp.useIPP()
    cv2.ipp.setUseIPP(enabled)
    try:
        yield
    finally:
        cv2.ipp.setUseIPP(previous)


def opencv_otsu(gray: np.ndarray, use_ipp: bool = False) -> int:
    with ipp(use_ipp):
        return int(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0])


def exact_best_thresholds(gray: np.ndarray) -> set[int]:
    """Every t whose between-class variance is the exact maximum (rational arithmetic)."""
    counts = [int(c) for c in np.bincount(gray.ravel(), minlength=256)]
    total = sum(counts)
    level_sum = sum(level * count for level, count in enumerate(counts))
    n0 = s0 = 0
    scores = {}
    for t, count in enumerate(counts):
        n0 += count
        s0 += t * count
        if 0 < n0 < total:
            scores[t] = Fraction((total * s0 - n0 * level_sum) ** 2, n0 * (total - n0))
    if not scores:
        return set()
    best = max(scores.values())
    return {t for t, score in scores.items() if score == best}


def assert_matches_opencv(gray: np.ndarray) -> int:
    ours = otsu_threshold(gray)
    assert ours == opencv_otsu(gray, use_ipp=False)
    with_ipp = opencv_otsu(gray, use_ipp=True)
    tied = exact_best_thresholds(gray)
    if len(tied) <= 1:
        assert ours == with_ipp
    else:
        assert with_ipp in tied and ours in tied
    return ours


def image_kinds() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2024)
    bimodal = np.where(rng.random((60, 80)) < 0.4, rng.normal(60, 12, (60, 80)),
                       rng.normal(190, 20, (60, 80)))
    two_valued = np.where(rng.random((30, 40)) < 0.3, 40, 210)
    return {
        "bimodal": np.clip(bimodal, 0, 255).astype(np.uint8),
        "uniform random": rng.integers(0, 256, (64, 64)).astype(np.uint8),
        "full ramp 0..255": np.arange(256, dtype=np.uint8).reshape(16, 16),
        "two-valued": two_valued.astype(np.uint8),
        "two-valued 0/255": np.where(rng.random((20, 20)) < 0.5, 0, 255).astype(np.uint8),
        "neighbouring levels": rng.integers(100, 102, (25, 25)).astype(np.uint8),
        "narrow range": rng.integers(120, 127, (50, 50)).astype(np.uint8),
        "constant 0 (all black)": np.zeros((10, 12), np.uint8),
        "constant 255 (all white)": np.full((10, 12), 255, np.uint8),
        "constant 77": np.full((7, 3), 77, np.uint8),
        "one pixel 0": np.zeros((1, 1), np.uint8),
        "one pixel 200": np.full((1, 1), 200, np.uint8),
        "one row": rng.integers(0, 256, (1, 97)).astype(np.uint8),
        "one column": rng.integers(0, 256, (31, 1)).astype(np.uint8),
        "two pixels": np.array([[7, 200]], np.uint8),
        "single bright pixel": np.pad(np.full((1, 1), 255, np.uint8), 20),
        "big pair-counted": np.clip(rng.normal(100, 40, (401, 333)), 0, 255).astype(np.uint8),
        "non-contiguous view": rng.integers(0, 256, (80, 90)).astype(np.uint8)[::3, 1::2],
    }


# ------------------------------------------------------------------------------------------
# Otsu's threshold


@pytest.mark.parametrize("name", list(image_kinds()))
def test_otsu_equals_opencv_on_every_image_kind(name):
    gray = image_kinds()[name]
    ours = assert_matches_opencv(gray)
    low, high = int(gray.min()), int(gray.max())
    if low == high:
        assert ours == 0  # OpenCV's answer for a constant picture: no split exists
    else:
        assert low <= ours < high


def test_otsu_equals_opencv_and_scikit_image_on_the_photos(photos):
    from skimage.filters import threshold_otsu

    for name, rgb in photos.items():
        greys = [cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), to_gray(rgb)] + \
                [np.ascontiguousarray(rgb[:, :, c]) for c in range(3)]
        for gray in greys:
            ours = assert_matches_opencv(gray)
            assert ours == threshold_otsu(gray), name
            assert ours == tutorial_otsu_loop(gray), name


def test_otsu_of_a_colour_picture_is_that_of_its_grey_version(photos):
    for rgb in photos.values():
        assert otsu_threshold(rgb) == otsu_threshold(to_gray(rgb))
        assert np.array_equal(between_class_variance(rgb), between_class_variance(to_gray(rgb)))


@pytest.mark.parametrize("values", [
    [1, 1, 2, 2, 3, 3],
    [108, 108, 129, 129, 129, 129, 129, 150, 150],
    [124, 128, 132],
    [91, 92, 93],
    [87] * 34 + [88] * 28 + [89] * 34,
    [0, 64, 64, 64, 128],
    [10, 10, 200, 200, 200],
])
def test_exact_ties_are_broken_as_opencv_breaks_them(values):
    # Symmetric histograms: two thresholds have the same exact between-class variance and
    # OpenCV's choice depends on the rounding of its running sums.
    gray = np.array([values], np.uint8)
    assert_matches_opencv(gray)
    assert otsu_threshold(np.ascontiguousarray(gray.T)) == opencv_otsu(gray)


def test_tie_breaking_on_hand_checked_arrays():
    # Values read off OpenCV's own code (IPP off), cross-checked with exact_best_thresholds.
    assert otsu_threshold(np.array([[108, 108] + [129] * 5 + [150, 150]], np.uint8)) == 108
    assert exact_best_thresholds(np.array([[108, 108] + [129] * 5 + [150, 150]], np.uint8)) \
        == set(range(108, 150))
    assert otsu_threshold(np.arange(256, dtype=np.uint8)[None, :]) == 127


@settings(max_examples=150, deadline=None)
@given(
    centre=st.integers(30, 225),
    offsets=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 9)), min_size=1, max_size=5),
)
def test_otsu_equals_opencv_on_symmetric_histograms(centre, offsets):
    values = []
    for offset, count in offsets:
        values += [centre - offset] * count + [centre + offset] * count
    assert_matches_opencv(np.array([values], np.uint8))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24)))
def test_otsu_properties_on_random_images(gray):
    before = gray.copy()
    ours = assert_matches_opencv(gray)
    assert np.array_equal(gray, before)
    low, high = int(gray.min()), int(gray.max())
    assert ours == 0 if low == high else low <= ours < high
    shuffled = np.random.default_rng(ours).permutation(gray.ravel()).reshape(gray.shape[::-1])
    assert otsu_threshold(shuffled) == ours


@settings(max_examples=40, deadline=None)
@given(
    low=st.integers(0, 255), spread=st.integers(0, 255),
    shape=st.tuples(st.integers(1, 60), st.integers(1, 60)), seed=st.integers(0, 2 ** 32 - 1),
)
def test_otsu_equals_opencv_on_random_ranges(low, spread, shape, seed):
    high = min(255, low + spread)
    gray = np.random.default_rng(seed).integers(low, high + 1, shape).astype(np.uint8)
    assert_matches_opencv(gray)


def picture_from_counts(counts: dict[int, int], shape=(3000, 3000)) -> np.ndarray:
    histogram = np.zeros(256, np.int64)
    for level, count in counts.items():
        histogram[level] = count
    assert histogram.sum() == shape[0] * shape[1]
    return np.repeat(np.arange(256, dtype=np.uint8), histogram).reshape(shape)


def test_otsu_skips_classes_below_float_epsilon_on_huge_pictures():
    # Above 1 / FLT_EPSILON (8.4 million) pixels, OpenCV skips every threshold whose class
    # holds fewer than N * FLT_EPSILON pixels (here: 1 pixel of 9 million), and its running
    # background mean forgets the levels it skipped.
    n = 3000 * 3000
    lonely = picture_from_counts({10: 1, 200: n - 1})
    assert otsu_threshold(lonely) == opencv_otsu(lonely) == 0  # no threshold left to try
    assert int(np.argmax(between_class_variance(lonely))) == 10  # the textbook curve's maximum
    # The forgotten level-5 pixel makes OpenCV prefer the 3-pixel background (t = 10) over the
    # textbook maximum (t = 250): ours follows OpenCV, the curve keeps the textbook value.
    forgetful = picture_from_counts({5: 1, 10: 2, 250: n - 3 - 179_000, 251: 179_000})
    assert otsu_threshold(forgetful) == opencv_otsu(forgetful) == 10
    assert int(np.argmax(between_class_variance(forgetful))) == 250
    rng = np.random.default_rng(5)
    noisy = np.clip(rng.normal(150, 30, (3000, 3000)), 30, 255).astype(np.uint8)
    noisy.flat[rng.integers(0, noisy.size, 3)] = [0, 5, 9]
    assert otsu_threshold(noisy) == opencv_otsu(noisy)


def test_tutorial_loop_equals_otsu_on_random_images():
    rng = np.random.default_rng(7)
    for _ in range(20):
        gray = rng.integers(0, 256, tuple(rng.integers(1, 40, 2))).astype(np.uint8)
        tied = exact_best_thresholds(gray)
        if len(tied) <= 1:  # the loop's float rounding breaks exact ties its own way
            assert tutorial_otsu_loop(gray) == otsu_threshold(gray)
    assert tutorial_otsu_loop(np.full((3, 3), 9, np.uint8)) == 0


def test_otsu_rejects_what_is_not_an_8_bit_picture():
    with pytest.raises(ImageError):
        otsu_threshold(np.zeros((4, 4), np.float64))
    with pytest.raises(ImageError):
        otsu_threshold(np.zeros((4, 4, 4), np.uint8))
    with pytest.raises(ImageError):
        otsu_threshold(np.zeros((0, 4), np.uint8))
    with pytest.raises(ImageError):
        between_class_variance([[1, 2]])


def test_otsu_does_not_modify_read_only_input(photos):
    rgb = photos["Flower (photo)"].copy()
    rgb.flags.writeable = False
    otsu_threshold(rgb)
    between_class_variance(rgb)
    gray = to_gray(rgb).copy()
    gray.flags.writeable = False
    assert otsu_threshold(gray) == otsu_threshold(gray.copy())


# ------------------------------------------------------------------------------------------
# Between-class variance and the histogram


def test_gray_histogram_counts_every_level(photos):
    rng = np.random.default_rng(1)
    for gray in [to_gray(photos["China (photo)"]), rng.integers(0, 256, (401, 333), np.uint8),
                 rng.integers(0, 256, (400, 333), np.uint8)[:, ::2], np.zeros((1, 1), np.uint8)]:
        counts = gray_histogram(gray)
        assert counts.dtype == np.int64 and counts.shape == (256,)
        assert np.array_equal(counts, np.bincount(gray.ravel(), minlength=256))


def brute_force_curve(gray: np.ndarray) -> np.ndarray:
    pixels = gray.ravel().astype(np.float64)
    curve = np.zeros(256)
    for t in range(256):
        background, foreground = pixels[pixels <= t], pixels[pixels > t]
        if len(background) and len(foreground):
            w0, w1 = len(background) / len(pixels), len(foreground) / len(pixels)
            curve[t] = w0 * w1 * (background.mean() - foreground.mean()) ** 2
    return curve


@pytest.mark.parametrize("name", ["bimodal", "uniform random", "two-valued", "narrow range",
                                  "constant 77", "one pixel 200", "one row"])
def test_between_class_variance_matches_its_definition(name):
    gray = image_kinds()[name]
    curve = between_class_variance(gray)
    assert curve.dtype == np.float64 and curve.shape == (256,)
    np.testing.assert_allclose(curve, brute_force_curve(gray), rtol=1e-12, atol=1e-12)
    assert np.all(curve[int(gray.max()):] == 0)
    assert np.all(curve[:int(gray.min())] == 0)
    total_variance = gray.astype(np.float64).var()
    assert np.all(curve <= total_variance * (1 + 1e-12))


def test_otsu_threshold_maximises_the_curve(photos):
    for gray in [to_gray(rgb) for rgb in photos.values()] + list(image_kinds().values()):
        curve = between_class_variance(gray)
        threshold = otsu_threshold(gray)
        if curve.max() == 0:
            assert threshold == 0
            continue
        assert curve[threshold] >= curve.max() * (1 - 1e-12)
        if len(exact_best_thresholds(gray)) == 1:
            assert threshold == int(np.argmax(curve))


# ------------------------------------------------------------------------------------------
# The tutorial's worked example


def test_worked_example_by_hand_at_t_2():
    table = otsu_table(TUTORIAL_COUNTS)
    assert sum(TUTORIAL_COUNTS) == 38  # not 36, as the tutorial divides by
    t = 2  # background: levels 0, 1, 2 (10 + 8 + 6 = 24 pixels); foreground: 3, 4, 5 (14)
    mu0 = Fraction(0 * 10 + 1 * 8 + 2 * 6, 24)  # 5/6
    mu1 = Fraction(3 * 8 + 4 * 4 + 5 * 2, 14)  # 25/7
    var0 = (10 * (0 - mu0) ** 2 + 8 * (1 - mu0) ** 2 + 6 * (2 - mu0) ** 2) / 24  # 23/36
    var1 = (8 * (3 - mu1) ** 2 + 4 * (4 - mu1) ** 2 + 2 * (5 - mu1) ** 2) / 14  # 26/49
    assert (mu0, mu1, var0, var1) == (Fraction(5, 6), Fraction(25, 7), Fraction(23, 36),
                                      Fraction(26, 49))
    expected = {
        "w0": Fraction(24, 38), "w1": Fraction(14, 38), "mu0": mu0, "mu1": mu1,
        "var0": var0, "var1": var1,
        "within": Fraction(24, 38) * var0 + Fraction(14, 38) * var1,  # 239/399
        "between": Fraction(24, 38) * Fraction(14, 38) * (mu0 - mu1) ** 2,  # 13225/7581
    }
    assert expected["within"] == Fraction(239, 399)
    assert expected["between"] == Fraction(13225, 7581)
    for column, value in expected.items():
        assert getattr(table, column)[t] == pytest.approx(float(value), rel=1e-12), column
    assert table.total_variance == pytest.approx(846 / 361, rel=1e-12)


def test_worked_example_best_threshold():
    table = otsu_table(TUTORIAL_COUNTS)
    # t = 1: background 0, 1 (18 pixels, mean 4/9), foreground 2..5 (20 pixels, mean 31/10).
    assert table.between[1] == pytest.approx(float(Fraction(18 * 20, 38 ** 2)
                                                   * (Fraction(4, 9) - Fraction(31, 10)) ** 2))
    assert table.best_threshold == 1
    assert int(np.argmin(table.within)) == int(np.argmax(table.between)) == 1
    np.testing.assert_allclose(table.within + table.between, table.total_variance, rtol=1e-12)
    np.testing.assert_allclose(table.w0 + table.w1, 1.0)
    # The same histogram as a picture gives the same threshold and the same curve.
    picture = np.repeat(np.arange(6, dtype=np.uint8), TUTORIAL_COUNTS)[None, :]
    assert otsu_threshold(picture) == opencv_otsu(picture) == 1
    np.testing.assert_allclose(between_class_variance(picture)[:6], table.between, rtol=1e-12)


def test_worked_example_empty_class_and_columns():
    table = otsu_table(TUTORIAL_COUNTS)
    last = len(TUTORIAL_COUNTS) - 1
    assert np.isnan(table.mu1[last]) and np.isnan(table.var1[last])
    assert table.between[last] == 0 and table.w1[last] == 0
    assert table.within[last] == pytest.approx(table.total_variance)
    columns = table.to_dict()
    assert list(columns) == ["thresholds", "w0", "w1", "mu0", "mu1", "var0", "var1",
                             "within", "between"]
    assert all(len(values) == len(TUTORIAL_COUNTS) for values in columns.values())


def test_otsu_table_of_a_picture_histogram_agrees_with_the_image_functions(photos):
    gray = to_gray(photos["China (photo)"])
    table = otsu_table(gray_histogram(gray))
    np.testing.assert_allclose(table.between, between_class_variance(gray), rtol=1e-9, atol=1e-9)
    assert table.best_threshold == otsu_threshold(gray)
    assert table.total_variance == pytest.approx(gray.astype(np.float64).var())


@pytest.mark.parametrize("counts", [[], [[1, 2]], [0, 0, 0], [1, -1, 3], [1.5, 2], ["a", "b"],
                                    [1.0, float("nan")], [1] * 4097])
def test_otsu_table_rejects_bad_histograms(counts):
    with pytest.raises(ValueError):
        otsu_table(counts)


def test_otsu_table_single_level():
    table = otsu_table([5])
    assert table.best_threshold == 0 and table.between.tolist() == [0.0]


# ------------------------------------------------------------------------------------------
# K-means colours


def full_kmeans(rgb: np.ndarray, k: int, seed: int):
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(n_clusters=k, n_init=1, random_state=seed).fit(
            rgb.reshape(-1, 3).astype(np.float64))


def squared_distances(rgb: np.ndarray, centers: np.ndarray) -> np.ndarray:
    pixels = rgb.reshape(-1, 1, 3).astype(np.int64)
    return ((pixels - centers.astype(np.int64)[None]) ** 2).sum(axis=2)


def assert_valid_clustering(rgb: np.ndarray, k: int, labels: np.ndarray, centers: np.ndarray):
    assert labels.shape == rgb.shape[:2] and labels.dtype == np.int32
    assert centers.shape == (k, 3) and centers.dtype == np.uint8
    distances = squared_distances(to_rgb(rgb), centers)
    chosen = np.take_along_axis(distances, labels.reshape(-1, 1), axis=1)[:, 0]
    assert np.array_equal(chosen, distances.min(axis=1))  # every pixel at a nearest centre
    shares = cluster_shares(labels, k)
    assert shares.sum() == pytest.approx(1.0)
    assert np.all(np.diff(shares) <= 0)  # largest share first


@pytest.mark.parametrize("k", [1, 2, 5, 12])
def test_kmeans_shapes_nearest_centres_and_order(photos, k):
    for rgb in photos.values():
        labels, centers = kmeans_colors(rgb, k)
        assert_valid_clustering(rgb, k, labels, centers)


@pytest.mark.parametrize("k", [5, 8, 12])
def test_kmeans_inertia_within_2_percent_of_full_sklearn(photos, k):
    # What is fair: K-means only finds a local optimum, and which one depends on the seed (on
    # these pictures one full n_init=1 fit can end 5-10% above another). So we compare
    # typical outcomes: the mean inertia over seeds 0-4 of ours against that of full
    # KMeans(k, n_init=1, random_state=seed).fit on all pixels, for every bundled picture. On
    # the two photos, whose optima are close together, each of our seeds must also be within
    # 2% of the *best* of the five full fits. Once with the summary counted on every pixel,
    # once on an 8000-pixel sample (the path a megapixel picture takes).
    seeds = range(5)
    for name, rgb in photos.items():
        full = np.array([full_kmeans(rgb, k, seed).inertia_ for seed in seeds])
        for summary_pixels in (2 ** 18, 8000):
            ours = np.array([kmeans_inertia(rgb, *kmeans_colors(
                rgb, k, seed, summary_pixels=summary_pixels)) for seed in seeds])
            assert ours.mean() <= 1.02 * full.mean(), (name, summary_pixels, ours / full)
            if "photo" in name and summary_pixels > rgb.shape[0] * rgb.shape[1]:
                assert ours.max() <= 1.02 * full.min(), (name, ours / full.min())


def test_kmeans_k1_is_the_mean_colour(photo_rgb):
    labels, centers = kmeans_colors(photo_rgb, 1)
    assert np.all(labels == 0)
    assert np.array_equal(centers[0], np.rint(photo_rgb.reshape(-1, 3).mean(axis=0)))


def test_kmeans_same_seed_same_result(photos):
    rgb = photos["Flower (photo)"]
    for seed in (0, 7):
        first = kmeans_colors(rgb, 6, seed, summary_pixels=5000)
        second = kmeans_colors(rgb, 6, seed, summary_pixels=5000)
        assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_kmeans_with_more_clusters_than_colours():
    colours = np.array([[200, 10, 10], [10, 200, 10], [10, 10, 200]], np.uint8)
    index = np.array([[0, 0, 0, 1], [0, 2, 2, 1], [0, 0, 2, 0]])  # 7, 3 and 2 pixels
    rgb = colours[index]
    labels, centers = kmeans_colors(rgb, 5)
    assert centers.tolist() == [[200, 10, 10], [10, 10, 200], [10, 200, 10],
                                [200, 10, 10], [200, 10, 10]]
    assert cluster_shares(labels, 5).tolist() == [7 / 12, 3 / 12, 2 / 12, 0.0, 0.0]
    assert np.array_equal(quantize(labels, centers), rgb)
    assert kmeans_inertia(rgb, labels, centers) == 0.0
    labels3, centers3 = kmeans_colors(rgb, 3)  # exactly as many clusters as colours
    assert np.array_equal(centers3, centers[:3]) and np.array_equal(labels3, labels)
    assert_valid_clustering(rgb, 2, *kmeans_colors(rgb, 2))


@pytest.mark.parametrize("shape", [(1, 1, 3), (9, 13, 3), (1, 40, 3)])
@pytest.mark.parametrize("k", [1, 4, 256])
def test_kmeans_constant_and_tiny_pictures(shape, k):
    rgb = np.full(shape, (12, 34, 56), np.uint8)
    labels, centers = kmeans_colors(rgb, k)
    assert labels.shape == shape[:2] and np.all(labels == 0)
    assert centers.shape == (k, 3) and np.all(centers == (12, 34, 56))
    assert cluster_shares(labels, k)[0] == 1.0


def test_kmeans_accepts_grey_pictures(photos):
    gray = to_gray(photos["China (photo)"])
    labels, centers = kmeans_colors(gray, 4)
    rgb_labels, rgb_centers = kmeans_colors(to_rgb(gray), 4)
    assert np.array_equal(labels, rgb_labels) and np.array_equal(centers, rgb_centers)
    assert np.all(centers[:, 0] == centers[:, 1])


def test_kmeans_leaves_its_input_alone(photos):
    rgb = photos["China (photo)"].copy()
    rgb.flags.writeable = False  # writing would raise
    before = rgb.copy()
    labels, centers = kmeans_colors(rgb, 5, summary_pixels=1000)
    quantize(labels, centers)
    kmeans_inertia(rgb, labels, centers)
    assert np.array_equal(rgb, before)


@settings(max_examples=40, deadline=None)
@given(
    rgb=hnp.arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12), st.just(3)),
                   elements=st.sampled_from([0, 1, 7, 8, 100, 128, 200, 255])),
    k=st.integers(1, 8), seed=st.integers(0, 2 ** 32 - 1),
)
def test_kmeans_properties_on_random_pictures(rgb, k, seed):
    labels, centers = kmeans_colors(rgb, k, seed, restarts=2)
    assert_valid_clustering(rgb, k, labels, centers)
    distinct = len(np.unique(rgb.reshape(-1, 3), axis=0))
    if distinct <= k:
        assert kmeans_inertia(rgb, labels, centers) == 0.0
    again = kmeans_colors(rgb, k, seed, restarts=2)
    assert np.array_equal(labels, again[0]) and np.array_equal(centers, again[1])


def test_nearest_assignment_is_exact_with_ties_and_random_centres():
    # The box look-up must give the same nearest centre as computing every distance, also
    # for centres placed so that many colours are exactly equidistant.
    from core.segmentation import _assign

    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (200_000, 3)).astype(np.uint8)
    for centers in [rng.integers(0, 256, (k, 3)).astype(np.uint8) for k in (2, 5, 12, 40)] + [
        np.array([[0, 0, 0], [16, 0, 0], [0, 16, 0], [16, 16, 16]], np.uint8),
        np.array([[100, 100, 100], [100, 100, 100], [102, 100, 100]], np.uint8),
    ]:
        labels = _assign(pixels, centers)
        distances = squared_distances(pixels, centers)
        assert np.array_equal(labels, distances.argmin(axis=1))  # lowest index on a tie


def test_inertia_quantize_and_shares_match_their_definitions(photo_rgb):
    model = full_kmeans(photo_rgb, 4, 0)
    labels = model.labels_.reshape(photo_rgb.shape[:2])
    assert kmeans_inertia(photo_rgb, labels, model.cluster_centers_) == \
        pytest.approx(model.inertia_, rel=1e-9)
    ours_labels, ours_centers = kmeans_colors(photo_rgb, 4)
    quantized = quantize(ours_labels, ours_centers)
    assert quantized.dtype == np.uint8 and quantized.shape == photo_rgb.shape
    assert np.array_equal(quantized, ours_centers[ours_labels])
    expected = ((photo_rgb.astype(np.float64) - quantized) ** 2).sum()
    assert kmeans_inertia(photo_rgb, ours_labels, ours_centers) == expected
    counts = np.bincount(ours_labels.ravel(), minlength=4)
    assert np.array_equal(cluster_shares(ours_labels, 4), counts / counts.sum())


@pytest.mark.parametrize("bad", [
    {"k": 0}, {"k": 257}, {"k": 2.5}, {"k": True}, {"k": "5"},
    {"seed": -1}, {"seed": 2 ** 32}, {"seed": 1.0},
    {"restarts": 0}, {"summary_pixels": 0},
])
def test_kmeans_rejects_bad_parameters(photo_rgb, bad):
    arguments = {"k": 3, "seed": 0, **bad}
    with pytest.raises(ValueError):
        kmeans_colors(photo_rgb, **arguments)


def test_kmeans_rejects_what_is_not_an_8_bit_picture():
    with pytest.raises(ImageError):
        kmeans_colors(np.zeros((4, 4, 3), np.float32), 2)
    with pytest.raises(ImageError):
        kmeans_colors(np.zeros((4, 4, 4), np.uint8), 2)


def test_helpers_reject_mismatched_labels(photo_rgb):
    labels, centers = kmeans_colors(photo_rgb, 3)
    with pytest.raises(ValueError):
        cluster_shares(labels, 2)  # label 2 is not below k
    with pytest.raises(ValueError):
        quantize(labels, centers[:, :2])
    with pytest.raises(ValueError):
        kmeans_inertia(photo_rgb, labels[:-1], centers)
    with pytest.raises(ValueError):
        quantize(labels.astype(np.float64), centers)


def test_importing_the_module_does_not_import_scikit_learn():
    code = "import sys, core.segmentation; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"
