"""core.contours against scikit-image: find_contours(mask, 0.5, fully_connected="high") and
approximate_polygon, point for point; and the SVG export parsed back as XML."""

from __future__ import annotations

import doctest
import re
import xml.etree.ElementTree as ElementTree

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage import measure

import core.contours
from core.contours import (BINARIZATION_METHODS, binarize, contour_length, contour_lengths,
                           contours_to_svg, count_vertices, draw_contours, filter_contours,
                           find_contours, is_closed, simplify_contours, simplify_polygon)
from core.images import ImageError
from core.segmentation import kmeans_colors, otsu_threshold

SVG_NS = "{http://www.w3.org/2000/svg}"


def reference_contours(mask):
    return measure.find_contours(np.asarray(mask, dtype=bool), 0.5, fully_connected="high")


def assert_same_contours(ours, reference):
    assert len(ours) == len(reference)
    for i, (mine, theirs) in enumerate(zip(ours, reference)):
        assert mine.dtype == np.float64, i
        assert mine.shape == theirs.shape, i
        np.testing.assert_array_equal(mine, theirs, err_msg=f"contour {i}")


def disc(shape, center, radius):
    rows, cols = np.indices(shape)
    return (rows - center[0]) ** 2 + (cols - center[1]) ** 2 <= radius ** 2


def read_only(array):
    array = np.array(array)
    array.setflags(write=False)
    return array


# --- find_contours -----------------------------------------------------------------------------

def test_disc_is_one_closed_contour():
    mask = disc((40, 50), (20, 24), 12)
    ours = find_contours(mask)
    assert_same_contours(ours, reference_contours(mask))
    assert len(ours) == 1 and is_closed(ours[0])


def test_ring_has_outer_and_hole_contours():
    mask = disc((41, 41), (20, 20), 15) & ~disc((41, 41), (20, 20), 7)
    ours = find_contours(mask)
    assert_same_contours(ours, reference_contours(mask))
    assert len(ours) == 2 and all(is_closed(c) for c in ours)


def test_several_blobs_and_nested_shapes():
    mask = np.zeros((60, 80), dtype=bool)
    mask |= disc(mask.shape, (15, 15), 9)
    mask |= disc(mask.shape, (40, 60), 14) & ~disc(mask.shape, (40, 60), 8)
    mask |= disc(mask.shape, (40, 60), 4)  # an island inside the ring's hole
    mask[5:12, 40:70] = True
    mask[50:58, 5:9] = True
    ours = find_contours(mask)
    assert_same_contours(ours, reference_contours(mask))
    assert len(ours) == 6


@pytest.mark.parametrize("density", [0.05, 0.3, 0.5, 0.7, 0.95])
def test_seeded_noise_masks(rng, density):
    for shape in [(2, 2), (2, 9), (9, 2), (17, 23), (64, 48)]:
        mask = rng.random(shape) < density
        assert_same_contours(find_contours(mask), reference_contours(mask))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(bool, hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=12)))
def test_any_small_mask_matches_scikit_image(mask):
    assert_same_contours(find_contours(mask), reference_contours(mask))


@pytest.mark.parametrize("name", ["corners", "edges", "frame", "touching", "diagonal"])
def test_shapes_touching_border_and_corners(name):
    mask = np.zeros((12, 15), dtype=bool)
    if name == "corners":
        mask[0, 0] = mask[0, -1] = mask[-1, 0] = mask[-1, -1] = True
    elif name == "edges":
        mask[0, 4:9] = mask[5:8, -1] = mask[-2:, 3:6] = mask[2:10, 0] = True
    elif name == "frame":
        mask[[0, -1], :] = True
        mask[:, [0, -1]] = True
    elif name == "touching":
        mask[:7, :6] = True
        mask[4:, 9:] = True
    else:
        np.fill_diagonal(mask, True)
    ours = find_contours(mask)
    assert_same_contours(ours, reference_contours(mask))
    # Only shapes cut by the border leave open contours; the frame's inner edge is closed.
    assert any(not is_closed(c) for c in ours) == (name != "frame")


@pytest.mark.parametrize("shape", [(2, 2), (5, 5), (6, 9), (9, 6)])
def test_checkerboard_saddles_connect_the_true_pixels(shape):
    mask = (np.add.outer(np.arange(shape[0]), np.arange(shape[1])) % 2).astype(bool)
    ours = find_contours(mask)
    assert_same_contours(ours, reference_contours(mask))
    # The saddles are where fully_connected matters: the test means something only if "low"
    # would give other contours.
    low = measure.find_contours(mask, 0.5, fully_connected="low")
    assert len(low) != len(ours) or any(not np.array_equal(a, b) for a, b in zip(low, ours))


def test_single_saddle_cells_both_ways():
    for mask in ([[1, 0], [0, 1]], [[0, 1], [1, 0]]):
        mask = np.array(mask, dtype=bool)
        assert_same_contours(find_contours(mask), reference_contours(mask))


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (7, 1), (0, 5)])
@pytest.mark.parametrize("value", [False, True])
def test_masks_without_a_cell_have_no_contour(shape, value):
    assert find_contours(np.full(shape, value)) == []


def test_line_masks_have_no_contour_even_with_content():
    assert find_contours(np.array([[1, 0, 1, 1, 0]], dtype=bool)) == []
    assert find_contours(np.array([[1], [0], [1]], dtype=bool)) == []


@pytest.mark.parametrize("value", [False, True])
def test_constant_masks_have_no_contour(value):
    assert find_contours(np.full((30, 40), value)) == []
    assert reference_contours(np.full((30, 40), value)) == []


def test_bundled_photos_binarized_at_their_mean(photos):
    for name, picture in photos.items():
        gray = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
        mask = gray > gray.mean()
        ours = find_contours(mask)
        assert_same_contours(ours, reference_contours(mask))
        assert len(ours) > 0, name


def test_photo_binarized_by_otsu(photo_gray):
    _, binary = cv2.threshold(photo_gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    assert_same_contours(find_contours(binary > 0), reference_contours(binary > 0))


def test_numeric_masks_mean_nonzero(rng):
    values = rng.integers(0, 3, (20, 25))
    expected = reference_contours(values != 0)
    for mask in (values.astype(np.uint8) * 100, values.astype(np.float64) - 0.0,
                 values.astype(np.int32) * -7):
        assert_same_contours(find_contours(mask), expected)
    assert_same_contours(find_contours(values.tolist()), expected)


def test_mask_is_not_modified_and_read_only_views_work(rng):
    base = rng.random((30, 40)) < 0.4
    mask = read_only(base)
    ours = find_contours(mask)
    np.testing.assert_array_equal(mask, base)
    assert_same_contours(ours, reference_contours(base))
    # Non-contiguous views (every other column, transposed) trace like their copies.
    for view in (base[:, ::2], base.T, base[::-1]):
        assert_same_contours(find_contours(view), reference_contours(np.ascontiguousarray(view)))


def test_contours_do_not_share_memory_with_the_mask(rng):
    mask = rng.random((10, 10)) < 0.5
    for contour in find_contours(mask):
        assert not np.shares_memory(contour, mask)


@pytest.mark.parametrize("bad", [np.zeros((3, 3, 3), bool), np.zeros(5, bool), np.array(True),
                                 np.array([["a", "b"], ["c", "d"]])])
def test_bad_masks_are_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="mask"):
        find_contours(bad)


# --- simplify_polygon ---------------------------------------------------------------------------

TOLERANCES = [0, -1, 0.25, 0.5, 1, 1.5, 2, 5, 20, 1e9, np.inf]


def random_polyline(rng, closed, size=None, grid=None):
    size = size if size is not None else int(rng.integers(1, 60))
    if grid:
        # Points on a half-pixel grid, like contours: equal distances and exact ties happen.
        points = rng.integers(0, grid, (size, 2)) / 2.0
    else:
        points = np.cumsum(rng.normal(size=(size, 2)) * 3, axis=0)
    if closed and size > 1:
        points = np.vstack([points, points[:1]])
    return points


@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("grid", [None, 8, 30])
def test_random_polylines_match_scikit_image(rng, closed, grid):
    for _ in range(40):
        points = random_polyline(rng, closed, grid=grid)
        for tolerance in TOLERANCES:
            ours = simplify_polygon(points, tolerance)
            expected = measure.approximate_polygon(points, tolerance)
            assert ours.dtype == np.float64
            np.testing.assert_array_equal(ours, expected, err_msg=f"tolerance {tolerance}")


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 25), st.just(2)),
                  elements=st.integers(-6, 6).map(lambda v: v / 2)),
       st.sampled_from([0, 0.3, 0.5, 1, 2.5, 100]), st.booleans())
def test_any_polyline_matches_scikit_image(points, tolerance, closed):
    if closed:
        points = np.vstack([points, points[:1]])
    np.testing.assert_array_equal(simplify_polygon(points, tolerance),
                                  measure.approximate_polygon(points, tolerance))


@pytest.mark.parametrize("tolerance", [0, 0.5, 5, 1e9])
def test_degenerate_polylines(tolerance):
    cases = [
        [[3.0, 4.0]],                                          # one point
        [[0.0, 0.0], [5.0, 5.0]],                              # two points
        [[1.0, 1.0], [1.0, 1.0]],                              # one point twice
        [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]],      # all the same
        [[0.0, i] for i in range(10)],                         # collinear
        [[0.0, 0.0], [0.0, 5.0], [0.0, 2.0], [0.0, 9.0]],      # collinear, backtracking
        [[0.0, 0.0], [2.0, 1.0], [2.0, 1.0], [0.0, 3.0], [0.0, 0.0]],  # duplicates, closed
        [[0.0, 0.0], [3.0, 3.0], [0.0, 6.0], [-3.0, 3.0], [0.0, 0.0]],  # symmetric ties
    ]
    for points in cases:
        points = np.array(points)
        np.testing.assert_array_equal(simplify_polygon(points, tolerance),
                                      measure.approximate_polygon(points, tolerance))


def test_integer_points_match_and_come_back_as_float(rng):
    points = rng.integers(0, 20, (30, 2))
    for tolerance in (0, 1, 3):
        ours = simplify_polygon(points, tolerance)
        assert ours.dtype == np.float64
        np.testing.assert_array_equal(ours, measure.approximate_polygon(points, tolerance))


def test_tutorial_tolerance_on_photo_contours(photo_gray):
    contours = find_contours(photo_gray > photo_gray.mean())
    ours = simplify_contours(contours, 5)
    assert len(ours) == len(contours)
    for mine, contour in zip(ours, contours):
        np.testing.assert_array_equal(mine, measure.approximate_polygon(contour, 5))
    assert count_vertices(ours) < count_vertices(contours)


@pytest.mark.parametrize("tolerance", [0, 0.5, 1, 2.5, 7])
def test_simplify_contours_equals_one_at_a_time(rng, tolerance):
    contours = [random_polyline(rng, closed=bool(i % 2), grid=20) for i in range(25)]
    contours.insert(3, np.empty((0, 2)))
    batch = simplify_contours(contours, tolerance)
    assert len(batch) == len(contours)
    for mine, contour in zip(batch, contours):
        np.testing.assert_array_equal(mine, simplify_polygon(contour, tolerance))
        if len(contour):
            np.testing.assert_array_equal(mine, measure.approximate_polygon(contour, tolerance))
    assert simplify_contours([], tolerance) == []


def test_simplify_keeps_endpoints_and_order(rng):
    points = random_polyline(rng, closed=True, size=80)
    kept = simplify_polygon(points, 2.0)
    np.testing.assert_array_equal(kept[0], points[0])
    np.testing.assert_array_equal(kept[-1], points[-1])
    indices = [int(np.flatnonzero((points == p).all(axis=1))[0]) for p in kept[:-1]]
    assert indices == sorted(indices)


def test_simplify_does_not_touch_or_return_its_input(rng):
    points = read_only(random_polyline(rng, closed=False, size=40))
    before = points.copy()
    for tolerance in (0, 1):
        result = simplify_polygon(points, tolerance)
        assert not np.shares_memory(result, points)
    np.testing.assert_array_equal(points, before)
    contours = [read_only(random_polyline(rng, closed=True, size=10)) for _ in range(3)]
    for result, contour in zip(simplify_contours(contours, 0), contours):
        assert not np.shares_memory(result, contour)


def test_empty_polyline_stays_empty():
    assert simplify_polygon(np.empty((0, 2)), 1).shape == (0, 2)


@pytest.mark.parametrize("points", [np.zeros((4, 3)), np.zeros(4), [[0, np.nan], [1, 1]],
                                    [[0, np.inf], [1, 1]], [["a", "b"]]])
def test_bad_points_are_refused(points):
    with pytest.raises(ValueError, match=r"\(N, 2\)|finite|numbers"):
        simplify_polygon(points, 1)


@pytest.mark.parametrize("tolerance", [np.nan, "5", None, True])
def test_bad_tolerance_is_refused(tolerance):
    with pytest.raises(ValueError, match="tolerance"):
        simplify_polygon(np.zeros((3, 2)), tolerance)


# --- SVG ----------------------------------------------------------------------------------------

def parse_svg(text):
    root = ElementTree.fromstring(text)
    assert root.tag == SVG_NS + "svg"
    return root, root.findall(f".//{SVG_NS}path")


def path_points(d):
    return [tuple(map(float, pair.split(","))) for pair in re.findall(r"-?[\d.]+,-?[\d.]+", d)]


def test_svg_of_photo_contours(photo_gray):
    mask = photo_gray > photo_gray.mean()
    height, width = mask.shape
    contours = simplify_contours(find_contours(mask), 1)
    text = contours_to_svg(contours, height, width)
    root, paths = parse_svg(text)
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert (root.get("width"), root.get("height")) == (str(width), str(height))
    assert len(paths) == len(contours)
    for path, contour in zip(paths, contours):
        d = path.get("d")
        assert d.startswith("M")
        assert d.endswith("Z") == is_closed(contour)
        expected = np.round(contour[:, ::-1], 2)
        if is_closed(contour):
            expected = expected[:-1]
        np.testing.assert_allclose(path_points(d), expected, atol=0)


def test_svg_rounds_to_two_decimals_compactly():
    contour = np.array([[0.123456, 10.0], [2.0, 3.5], [-0.001, 7.129]])
    (path,) = parse_svg(contours_to_svg([contour], 20, 20))[1]
    assert path.get("d") == "M10,0.12 L3.5,2 7.13,0"


def test_svg_of_tiny_paths():
    contours = [np.array([[1.0, 2.0]]), np.array([[1.0, 2.0], [1.0, 2.0]]),
                np.array([[0.0, 0.0], [0.0, 1.0]]), np.array([[0, 0], [0, 1], [0, 0]])]
    paths = parse_svg(contours_to_svg(contours, 3, 3))[1]
    assert [p.get("d") for p in paths] == ["M2,1", "M2,1 Z", "M0,0 L1,0", "M0,0 L1,0 Z"]


def test_empty_svg_is_valid_with_zero_paths():
    text = contours_to_svg([], 30, 40)
    root, paths = parse_svg(text)
    assert paths == [] and root.get("viewBox") == "0 0 40 30"
    assert contours_to_svg(find_contours(np.zeros((30, 40), bool)), 30, 40) == text


def test_svg_colours_and_escaping():
    contours = [np.array([[0, 0], [1, 1]]), np.array([[2, 2], [2, 3], [3, 3], [2, 2]])]
    root, paths = parse_svg(contours_to_svg(contours, 5, 5, stroke='a"<b>&', stroke_width=2.5,
                                            colors=["#ff0000", "blue"]))
    group = root.find(SVG_NS + "g")
    assert group.get("stroke") == 'a"<b>&' and group.get("stroke-width") == "2.5"
    assert [p.get("stroke") for p in paths] == ["#ff0000", "blue"]
    assert group.get("fill") == "none"


@pytest.mark.parametrize("kwargs, message", [
    ({"height": 0, "width": 5}, "height"), ({"height": 5, "width": 2.5}, "width"),
    ({"height": 5, "width": 5, "stroke_width": 0}, "stroke width"),
    ({"height": 5, "width": 5, "colors": ["red"] * 3}, "colour"),
])
def test_svg_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        contours_to_svg([np.zeros((2, 2))], **kwargs)


def test_svg_refuses_empty_contour():
    with pytest.raises(ValueError, match="no points"):
        contours_to_svg([np.zeros((2, 2)), np.empty((0, 2))], 5, 5)


def test_svg_does_not_touch_contours(rng):
    contours = [read_only(random_polyline(rng, closed=True, size=12)) for _ in range(3)]
    copies = [c.copy() for c in contours]
    contours_to_svg(contours, 50, 50)
    for contour, copy in zip(contours, copies):
        np.testing.assert_array_equal(contour, copy)


# --- small helpers ------------------------------------------------------------------------------

def test_contour_length_and_filter(rng):
    square = np.array([[0, 0], [0, 3], [3, 3], [3, 0], [0, 0]], dtype=float)
    assert contour_length(square) == 12.0
    assert contour_length(square[:4]) == 9.0
    assert contour_length([[1, 1]]) == 0.0 and contour_length(np.empty((0, 2))) == 0.0
    path = rng.normal(size=(50, 2))
    assert contour_length(path) == pytest.approx(
        sum(np.linalg.norm(b - a) for a, b in zip(path[:-1], path[1:])))
    speck = np.array([[0, 0], [0, 0.5], [0.5, 0.5], [0, 0]])
    kept = filter_contours([speck, square, path], 5)
    assert len(kept) == 2 and kept[0] is square and kept[1] is path
    assert len(filter_contours([speck, square], 0)) == 2
    with pytest.raises(ValueError, match="minimum length"):
        filter_contours([square], np.nan)


def test_count_vertices_and_is_closed():
    contours = [np.zeros((5, 2)), np.zeros((3, 2))]
    assert count_vertices(contours) == 8 and count_vertices([]) == 0
    assert is_closed([[0, 0], [1, 0], [0, 0]])
    assert not is_closed([[0, 0], [1, 0]])
    assert not is_closed([[0, 0]]) and not is_closed(np.empty((0, 2)))
    mask = disc((20, 20), (10, 10), 5)
    mask[0, :] = True
    closed = [is_closed(c) for c in find_contours(mask)]
    assert sorted(closed) == [False, True]


def test_docstring_examples():
    assert doctest.testmod(core.contours).failed == 0


# --- binarize -----------------------------------------------------------------------------------

def test_otsu_splits_at_otsus_threshold_both_ways(photo_rgb, photo_gray):
    level = otsu_threshold(photo_gray)
    lighter = binarize(photo_rgb, "otsu", foreground="lighter")
    darker = binarize(photo_rgb, "otsu")  # darker is the default
    assert lighter.level == darker.level == level
    np.testing.assert_array_equal(lighter.mask, photo_gray > level)
    np.testing.assert_array_equal(darker.mask, ~(photo_gray > level))
    assert lighter.mask.dtype == bool and lighter.mask.shape == photo_gray.shape
    assert lighter.centers is None and lighter.foreground_cluster is None


@pytest.mark.parametrize("threshold", [0, 1, 128, 254, 255, np.int64(40), 7.0])
def test_manual_threshold(photo_gray, threshold):
    result = binarize(photo_gray, "manual", threshold=threshold, foreground="lighter")
    assert result.level == int(threshold) and isinstance(result.level, int)
    np.testing.assert_array_equal(result.mask, photo_gray > threshold)
    inverse = binarize(photo_gray, "manual", threshold=threshold, foreground="darker")
    np.testing.assert_array_equal(inverse.mask, ~result.mask)


def test_manual_threshold_ends_give_one_value_masks(photo_gray):
    assert not binarize(photo_gray, "manual", threshold=255, foreground="lighter").mask.any()
    assert binarize(photo_gray, "manual", threshold=255, foreground="darker").mask.all()


def test_kmeans_picks_one_of_two_clusters(photo_rgb):
    labels, centers = kmeans_colors(photo_rgb, 2, seed=0)
    darker = binarize(photo_rgb, "kmeans")
    lighter = binarize(photo_rgb, "kmeans", foreground="lighter")
    np.testing.assert_array_equal(darker.centers, centers)
    assert {darker.foreground_cluster, lighter.foreground_cluster} == {0, 1}
    np.testing.assert_array_equal(darker.mask, labels == darker.foreground_cluster)
    np.testing.assert_array_equal(lighter.mask, ~darker.mask)
    grey = cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2GRAY)
    assert grey[darker.mask].mean() < grey[lighter.mask].mean()
    assert darker.level is None


def test_kmeans_is_repeatable_and_seeded(photo_rgb):
    first = binarize(photo_rgb, "kmeans", seed=3)
    np.testing.assert_array_equal(first.mask, binarize(photo_rgb, "kmeans", seed=3).mask)


def test_kmeans_on_a_two_colour_drawing_finds_the_shapes():
    picture = np.full((40, 50, 3), 255, np.uint8)
    picture[10:20, 5:15] = (200, 0, 0)
    picture[25:35, 30:45] = (0, 0, 120)
    shapes = ~np.all(picture == 255, axis=2)
    result = binarize(picture, "kmeans")
    np.testing.assert_array_equal(result.mask, shapes)
    assert len(find_contours(result.mask)) == 2


@pytest.mark.parametrize("method", list(BINARIZATION_METHODS))
@pytest.mark.parametrize("value", [0, 77, 255])
@pytest.mark.parametrize("foreground", ["darker", "lighter"])
def test_constant_pictures_have_one_value_masks_and_no_contour(method, value, foreground):
    picture = np.full((12, 9, 3), value, np.uint8)
    result = binarize(picture, method, threshold=100, foreground=foreground)
    assert result.mask.all() or not result.mask.any()
    assert find_contours(result.mask) == []
    if method == "kmeans":
        assert not result.mask.any()  # the second cluster of a one-colour picture is empty


@pytest.mark.parametrize("method", list(BINARIZATION_METHODS))
def test_one_pixel_and_grey_pictures(method):
    for picture in (np.array([[90]], np.uint8), np.zeros((1, 1, 3), np.uint8),
                    np.arange(20, dtype=np.uint8).reshape(4, 5) * 12):
        result = binarize(picture, method, threshold=60)
        assert result.mask.shape == picture.shape[:2] and result.mask.dtype == bool


def test_binarize_does_not_modify_its_input(photo_rgb):
    picture = read_only(photo_rgb)
    for method in BINARIZATION_METHODS:
        binarize(picture, method, threshold=10)
    np.testing.assert_array_equal(picture, photo_rgb)


@pytest.mark.parametrize("kwargs, message", [
    (dict(method="canny"), "method"),
    (dict(method="otsu", foreground="dark"), "foreground"),
    (dict(method="manual"), "threshold"),
    (dict(method="manual", threshold=256), "threshold"),
    (dict(method="manual", threshold=-1), "threshold"),
    (dict(method="manual", threshold=1.5), "threshold"),
    (dict(method="manual", threshold=np.nan), "threshold"),
    (dict(method="manual", threshold=True), "threshold"),
])
def test_binarize_bad_arguments(photo_gray, kwargs, message):
    with pytest.raises(ValueError, match=message):
        binarize(photo_gray, **kwargs)


def test_binarize_refuses_non_pictures():
    with pytest.raises(ImageError):
        binarize(np.zeros((4, 4), np.float64), "otsu")


# --- contour_lengths and draw_contours ----------------------------------------------------------

def test_contour_lengths_equal_contour_length(photo_gray):
    contours = find_contours(photo_gray > photo_gray.mean())
    contours += [np.zeros((1, 2)), np.empty((0, 2)), np.array([[0, 0], [3, 4]])]
    lengths = contour_lengths(contours)
    assert lengths.shape == (len(contours),) and lengths.dtype == np.float64
    np.testing.assert_allclose(lengths, [contour_length(c) for c in contours], rtol=1e-12)
    assert lengths[-1] == 5.0 and lengths[-2] == lengths[-3] == 0.0
    assert contour_lengths([]).shape == (0,)
    assert contour_lengths([np.zeros((1, 2))]).tolist() == [0.0]


def test_draw_contours_cycles_colours_and_keeps_the_input():
    picture = read_only(np.zeros((30, 30, 3), np.uint8))
    rows = [np.array([[row, 2.0], [row, 27.0]]) for row in (5, 15, 25)]
    colors = [(255, 0, 0), (0, 255, 0)]
    drawing = draw_contours(picture, rows, colors)
    assert drawing.shape == (30, 30, 3) and drawing.dtype == np.uint8
    assert not np.shares_memory(drawing, picture) and not picture.any()
    # Anti-aliased lines: the row under a line is mostly, not fully, its colour.
    assert drawing[5, 15, 0] > 200 and drawing[5, 15, 1:].max() == 0
    assert drawing[15, 15, 1] > 200 and drawing[15, 15, [0, 2]].max() == 0
    assert drawing[25, 15, 0] > 200 and drawing[25, 15, 1:].max() == 0  # colours come round
    assert not drawing[10].any()


def test_draw_contours_maps_points_onto_a_resized_copy():
    square = np.array([[19.5, 20], [20, 59.5], [59.5, 60], [60, 19.5], [19.5, 20]])
    full = draw_contours(np.zeros((80, 80), np.uint8), [square], [(0, 0, 255)])
    half = draw_contours(np.zeros((40, 40), np.uint8), [square], [(0, 0, 255)],
                         source_shape=(80, 80))
    assert half.shape == (40, 40, 3)
    # The same outline, at half the size: where the full drawing has ink, the half one does too.
    shrunk = cv2.resize(full, (40, 40), interpolation=cv2.INTER_AREA)
    assert np.corrcoef(shrunk[:, :, 2].ravel(), half[:, :, 2].ravel())[0, 1] > 0.8
    assert half[:, :, :2].max() == 0


def test_draw_contours_without_contours_is_a_copy():
    picture = np.full((3, 4), 9, np.uint8)
    drawing = draw_contours(picture, [])
    assert drawing.shape == (3, 4, 3) and (drawing == 9).all()
    assert draw_contours(picture, [np.empty((0, 2))]).shape == (3, 4, 3)


@pytest.mark.parametrize("kwargs", [dict(colors=[]), dict(colors=[(1, 2)]),
                                    dict(thickness=0), dict(thickness=2.5),
                                    dict(source_shape=(0, 5))])
def test_draw_contours_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        draw_contours(np.zeros((4, 4), np.uint8), [np.zeros((2, 2))], **kwargs)
