"""Contour vectorization: trace the boundaries of a binary mask, simplify them, export SVG.

The tutorial traces a K-means binarization with ``skimage.measure.find_contours(mask, 0.5,
fully_connected="high")``, simplifies each contour with ``approximate_polygon(contour, 5)`` and
draws the result. :func:`find_contours` and :func:`simplify_polygon` reproduce those two calls
point for point without scikit-image: marching squares and Douglas-Peucker written with numpy.
"""

from __future__ import annotations

import array
import dataclasses
import numbers
from xml.sax.saxutils import quoteattr

import cv2
import numpy as np

from core.images import check_image, to_gray
from core.segmentation import kmeans_colors, otsu_threshold

__all__ = [
    "BINARIZATION_METHODS",
    "FOREGROUNDS",
    "Binarization",
    "binarize",
    "find_contours",
    "simplify_polygon",
    "simplify_contours",
    "contours_to_svg",
    "contour_length",
    "contour_lengths",
    "filter_contours",
    "count_vertices",
    "is_closed",
    "PALETTE",
    "draw_contours",
]

BINARIZATION_METHODS = {
    "kmeans": "K-means, k = 2",
    "otsu": "Otsu's threshold",
    "manual": "Manual threshold",
}
FOREGROUNDS = ("darker", "lighter")


@dataclasses.dataclass(frozen=True)
class Binarization:
    """A picture split into foreground and background, with what decided the split.

    Attributes
    ----------
    mask : (H, W) ndarray of bool
        True on the foreground.
    method : str
        One of :data:`BINARIZATION_METHODS`.
    foreground : str
        ``"darker"`` or ``"lighter"``: which side of the split is the foreground.
    level : int or None
        For ``"otsu"`` and ``"manual"``: the grey level t; the lighter side is ``gray > t``,
        the darker side ``gray <= t``. None for ``"kmeans"``.
    centers : (2, 3) ndarray of uint8 or None
        For ``"kmeans"``: the two cluster colours, largest cluster first.
    foreground_cluster : int or None
        For ``"kmeans"``: the row of ``centers`` whose pixels are the foreground.
    """

    mask: np.ndarray
    method: str
    foreground: str
    level: int | None = None
    centers: np.ndarray | None = None
    foreground_cluster: int | None = None


def binarize(image, method: str = "kmeans", *, threshold=None, foreground: str = "darker",
             seed: int = 0) -> Binarization:
    """Split a picture into foreground and background, the step before tracing contours.

    Parameters
    ----------
    image : ndarray of uint8, shape (H, W, 3) or (H, W)
        The picture. The thresholds work on its grey version (BT.601); K-means on its colours.
    method : {"kmeans", "otsu", "manual"}
        ``"kmeans"``: the tutorial's choice, K-means colour clustering with k = 2
        (:func:`core.segmentation.kmeans_colors`); the pixels of one cluster are the foreground.
        ``"otsu"``: split at Otsu's threshold t (:func:`core.segmentation.otsu_threshold`).
        ``"manual"``: split at ``threshold``.
    threshold : int, 0..255
        The grey level t for ``"manual"`` (ignored by the other methods).
    foreground : {"darker", "lighter"}
        Which side is the foreground. For thresholds, ``"lighter"`` is ``gray > t`` (the usual
        convention, the inverse of ``"darker"``: ``gray <= t``). For K-means it is the cluster
        whose centre is darker (or lighter) in grey; if both centres are equally bright (a
        constant picture, whose second cluster is empty), the smaller cluster.
    seed : int
        Seeds K-means, so the same picture always splits the same way.

    Returns
    -------
    Binarization
        The mask and what decided it (the threshold, or the two cluster colours).

    Raises
    ------
    ValueError
        An unknown method or foreground, a missing or out-of-range manual threshold, or not an
        8-bit picture.

    References
    ----------
    The tutorial binarizes with ``KMeans(n_clusters=2)`` and traces ``labels`` at level 0.5, so
    its foreground is whichever cluster scikit-learn happens to number 1; choosing the darker or
    lighter one makes the result the same from run to run.

    Examples
    --------
    >>> picture = np.array([[10, 10, 200], [10, 200, 200]], np.uint8)
    >>> binarize(picture, "otsu").mask.tolist()
    [[True, True, False], [True, False, False]]
    >>> result = binarize(picture, "manual", threshold=100, foreground="lighter")
    >>> result.level, result.mask.tolist()
    (100, [[False, False, True], [False, True, True]])
    """
    image = check_image(image)
    if method not in BINARIZATION_METHODS:
        raise ValueError(f"Unknown binarization method {method!r}; choose one of "
                         f"{', '.join(BINARIZATION_METHODS)}.")
    if foreground not in FOREGROUNDS:
        raise ValueError(f"The foreground must be 'darker' or 'lighter'; got {foreground!r}.")
    if method == "kmeans":
        labels, centers = kmeans_colors(image, 2, seed=seed)
        brightness = to_gray(centers[None, :, :])[0].astype(np.int64)
        if brightness[0] == brightness[1]:
            cluster = 1  # centres ordered by share: 1 is the smaller (empty if one colour)
        else:
            darker = int(np.argmin(brightness))
            cluster = darker if foreground == "darker" else 1 - darker
        return Binarization(labels == cluster, method, foreground, centers=centers,
                            foreground_cluster=cluster)
    gray = to_gray(image)
    if method == "otsu":
        level = otsu_threshold(gray)
    else:
        level = _check_level(threshold)
    lighter = gray > level
    return Binarization(lighter if foreground == "lighter" else ~lighter, method, foreground,
                        level=level)


def _check_level(threshold) -> int:
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, numbers.Real) \
            or not np.isfinite(threshold) or threshold != int(threshold) \
            or not 0 <= threshold <= 255:
        raise ValueError(f"The manual threshold must be a whole grey level from 0 to 255; got "
                         f"{threshold!r}.")
    return int(threshold)


# Marching-squares cases. A cell's case is ul + 2 ur + 4 ll + 8 lr, one bit per corner that is
# True. Each segment is written from -> to with the False pixels on its left, the orientation
# scikit-image uses. The crossed cell edges are named top, bottom, left and right.
_TOP, _BOTTOM, _LEFT, _RIGHT = 0, 1, 2, 3
_NO_EDGE = -1
# (from, to) of the first segment of each case, and of the second one for the two saddles.
_FIRST_SEGMENT = {
    1: (_TOP, _LEFT), 2: (_RIGHT, _TOP), 3: (_RIGHT, _LEFT), 4: (_LEFT, _BOTTOM),
    5: (_TOP, _BOTTOM), 7: (_RIGHT, _BOTTOM), 8: (_BOTTOM, _RIGHT), 10: (_BOTTOM, _TOP),
    11: (_BOTTOM, _LEFT), 12: (_LEFT, _RIGHT), 13: (_TOP, _RIGHT), 14: (_LEFT, _TOP),
    # Saddles with fully_connected="high": the two True corners stay joined across the cell, so
    # each segment cuts off one False corner.
    6: (_LEFT, _TOP), 9: (_TOP, _RIGHT),
}
_SECOND_SEGMENT = {6: (_RIGHT, _BOTTOM), 9: (_BOTTOM, _LEFT)}


def _case_table(segments: dict) -> tuple[np.ndarray, np.ndarray]:
    from_edge = np.full(16, _NO_EDGE, dtype=np.int64)
    to_edge = np.full(16, _NO_EDGE, dtype=np.int64)
    for case, (start, end) in segments.items():
        from_edge[case], to_edge[case] = start, end
    return from_edge, to_edge


_FROM_1, _TO_1 = _case_table(_FIRST_SEGMENT)
_FROM_2, _TO_2 = _case_table(_SECOND_SEGMENT)
_IS_SADDLE = _FROM_2 != _NO_EDGE
_CROSSES = _FROM_1 != _NO_EDGE


def _as_mask(mask) -> np.ndarray:
    array = np.asarray(mask)
    if array.ndim != 2:
        raise ValueError(
            f"The mask must be a 2-D array (height, width); got an array with {array.ndim} "
            f"dimension(s) and shape {array.shape}. Binarize a grey picture first.")
    if array.dtype.kind not in "biuf":
        raise ValueError(
            f"The mask must hold booleans or numbers (nonzero = foreground); got {array.dtype}.")
    return array if array.dtype == bool else array != 0


def find_contours(mask) -> list[np.ndarray]:
    """Trace the boundaries between True and False pixels of a mask (marching squares).

    Parameters
    ----------
    mask : (H, W) array of bool
        Foreground where True. Numeric arrays are accepted: nonzero pixels are foreground
        (as ``mask.astype(bool)``).

    Returns
    -------
    contours : list of (N, 2) float64 ndarray
        Each contour as ``(row, col)`` points on the cell edges halfway between a True and a
        False pixel, oriented with the False pixels on the left. True pixels touching only by
        a corner belong to one shape (8-connected foreground). A closed contour repeats its first
        point at the end; contours that meet the image border stay open. The list is ordered by
        where each contour first appears in a row-major scan. Masks with no 2 x 2 cell (one row
        or column) and masks of one value give ``[]``.

    References
    ----------
    Same contours, points and order as ``skimage.measure.find_contours(mask, 0.5,
    fully_connected="high")`` (scikit-image refuses masks under 2 x 2; this returns ``[]``).

    .. [1] W. E. Lorensen and H. E. Cline, "Marching Cubes: A High Resolution 3D Surface
           Construction Algorithm", SIGGRAPH 1987. :DOI:`10.1145/37401.37422`

    Examples
    --------
    >>> mask = np.zeros((3, 3), dtype=bool)
    >>> mask[1, 1] = True
    >>> find_contours(mask)[0].tolist()
    [[1.5, 1.0], [1.0, 0.5], [0.5, 1.0], [1.0, 1.5], [1.5, 1.0]]
    """
    mask = _as_mask(mask)
    height, width = mask.shape
    if height < 2 or width < 2:
        return []
    corners = mask.view(np.uint8)
    case = (corners[:-1, :-1] | (corners[:-1, 1:] << 1)
            | (corners[1:, :-1] << 2) | (corners[1:, 1:] << 3)).ravel()
    cells = np.flatnonzero(_CROSSES[case])
    if cells.size == 0:
        return []
    case = case[cells]

    # A point on a cell edge is keyed by its doubled coordinates (2 row, 2 col): edge midpoints
    # have exactly one odd doubled coordinate, so key = row_pixel * 2W + 2 col is unique.
    row_stride = 2 * width
    rows, cols = np.divmod(cells, width - 1)
    corner_key = rows * row_stride + 2 * cols
    edge_offset = np.array([1, row_stride + 1, 0, 2])  # top, bottom, left, right

    saddle = _IS_SADDLE[case]
    # Segments in scikit-image's order: cell by cell in a row-major scan, a saddle's two in turn.
    first_at = np.arange(cells.size) + np.cumsum(saddle) - saddle
    second_at = first_at[saddle] + 1
    n_segments = cells.size + second_at.size
    from_key = np.empty(n_segments, dtype=np.int64)
    to_key = np.empty(n_segments, dtype=np.int64)
    from_key[first_at] = corner_key + edge_offset[_FROM_1[case]]
    to_key[first_at] = corner_key + edge_offset[_TO_1[case]]
    saddle_case = case[saddle]
    from_key[second_at] = corner_key[saddle] + edge_offset[_FROM_2[saddle_case]]
    to_key[second_at] = corner_key[saddle] + edge_offset[_TO_2[saddle_case]]

    # Every edge point starts at most one segment and ends at most one, so the segments form
    # disjoint paths and cycles: link each segment to the one starting where it ends.
    segment_from = np.full(height * row_stride, -1, dtype=np.int32)  # 8 bytes/pixel, not 16
    segment_from[from_key] = np.arange(n_segments, dtype=np.int32)
    following = segment_from[to_key]
    has_previous = np.zeros(n_segments, dtype=bool)
    has_previous[following[following >= 0]] = True

    order, starts, n_open = _walk_chains(following, np.flatnonzero(~has_previous))
    return _assemble(order, starts, n_open, from_key, to_key, row_stride)


def _walk_chains(following: np.ndarray, heads: np.ndarray) -> tuple[np.ndarray, list, int]:
    """Segment indices chain after chain (open chains from their heads first, then cycles)."""
    following = following.tolist()
    order = array.array("q")  # numpy copies it as one buffer, a list item by item
    append = order.append
    starts = []
    for segment in heads.tolist():
        starts.append(len(order))
        while segment >= 0:
            append(segment)
            segment = following[segment]
    n_open = len(starts)
    on_open_chain = np.zeros(len(following), dtype=bool)
    on_open_chain[np.array(order, dtype=np.int64)] = True
    seen = bytearray(on_open_chain.tobytes())
    for first in np.flatnonzero(~on_open_chain).tolist():
        if seen[first]:
            continue
        starts.append(len(order))
        segment = first
        while True:
            append(segment)
            seen[segment] = 1
            segment = following[segment]
            if segment == first:
                break
    return np.array(order, dtype=np.int64), starts, n_open


def _assemble(order, starts, n_open, from_key, to_key, row_stride) -> list[np.ndarray]:
    """Points of every chain, rotated and ordered exactly as scikit-image assembles them."""
    starts = np.array(starts, dtype=np.int64)
    lengths = np.diff(np.append(starts, order.size))
    n_chains = starts.size
    # scikit-image numbers a contour by its first segment in scan order and keeps the lowest
    # number when pieces merge: contours come out sorted by their smallest segment index.
    first_segment = np.minimum.reduceat(order, starts)
    # A cycle closes when its last segment in scan order arrives, so it is written starting
    # where that segment ends: rotate each cycle to begin just after its largest segment index.
    rotation = np.zeros(n_chains, dtype=np.int64)
    if n_open < n_chains:
        position = np.empty_like(order)
        position[order] = np.arange(order.size)
        last_segment = np.maximum.reduceat(order, starts[n_open:])
        rotation[n_open:] = (position[last_segment] - starts[n_open:] + 1) % lengths[n_open:]

    output_order = np.argsort(first_segment)
    output_rank = np.empty(n_chains, dtype=np.int64)
    output_rank[output_order] = np.arange(n_chains)
    point_counts = lengths + 1  # segments plus the end point of the last one
    sorted_counts = point_counts[output_order]
    output_start = (np.cumsum(sorted_counts) - sorted_counts)[output_rank]

    chain = np.repeat(np.arange(n_chains), lengths)
    step = np.arange(order.size) - starts[chain]
    keys = np.empty(int(point_counts.sum()), dtype=np.int64)
    keys[output_start[chain] + (step - rotation[chain]) % lengths[chain]] = from_key[order]
    last = order[starts + (rotation + lengths - 1) % lengths]
    keys[output_start + lengths] = to_key[last]

    pixel_row, doubled_col = np.divmod(keys, row_stride)
    points = np.empty((keys.size, 2), dtype=np.float64)
    # Points on vertical cell edges (even doubled column) sit half a pixel below their row.
    points[:, 0] = pixel_row + 0.5 * (1 - (doubled_col & 1))
    points[:, 1] = 0.5 * doubled_col
    return _split(points, sorted_counts)


def _split(points: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    # Plain slicing: np.split costs several microseconds per piece, noise masks give 10^5 pieces.
    ends = np.cumsum(counts).tolist()
    return [points[a:b] for a, b in zip([0] + ends[:-1], ends)]


def _as_points(points, name: str = "points") -> np.ndarray:
    array = np.asarray(points)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"{name} must be an (N, 2) array of (row, col) coordinates; got shape {array.shape}.")
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers; got {array.dtype}.")
    array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite numbers (no NaN or infinity).")
    return array


def _stack_paths(contours) -> tuple[np.ndarray, np.ndarray]:
    """All contours as one new float64 (N, 2) array, and the number of points of each."""
    arrays = [np.asarray(c) for c in contours]
    for i, contour in enumerate(arrays):
        if contour.ndim != 2 or contour.shape[1] != 2 or contour.dtype.kind not in "biuf":
            raise ValueError(f"Contour {i} must be an (N, 2) array of (row, col) numbers; got "
                             f"shape {contour.shape} of {contour.dtype}.")
    sizes = np.array([len(c) for c in arrays], dtype=np.int64)
    if not arrays:
        return np.empty((0, 2)), sizes
    # concatenate always copies, so nothing returned from here can alias the caller's arrays.
    points = np.concatenate(arrays).astype(np.float64, copy=False)
    if not np.isfinite(points).all():
        raise ValueError("Contours must be finite numbers (no NaN or infinity).")
    return points, sizes


def _check_tolerance(tolerance) -> float:
    if isinstance(tolerance, (bool, np.bool_)) or not isinstance(tolerance, numbers.Real):
        raise ValueError(f"The tolerance must be a number of pixels; got {tolerance!r}.")
    if np.isnan(tolerance):
        raise ValueError("The tolerance must be a number of pixels, not NaN.")
    return float(tolerance)


def simplify_polygon(points, tolerance) -> np.ndarray:
    """Simplify a polyline with the Douglas-Peucker algorithm.

    Parameters
    ----------
    points : (N, 2) array
        The path as ``(row, col)`` points; a closed path repeats its first point at the end.
    tolerance : float
        Largest distance, in pixels, between a dropped point and the simplified path. At 0 or
        below every point is kept.

    Returns
    -------
    simplified : (M, 2) float64 ndarray
        The kept points, a subset of ``points`` in their order, always with the first and last
        point (so a closed path stays closed). A new array: ``points`` is never modified.

    References
    ----------
    The same vertices as ``skimage.measure.approximate_polygon(points, tolerance)`` for float64
    or integer input (computed in float64; scikit-image fails on an empty path, this returns it).

    .. [1] D. H. Douglas and T. K. Peucker, "Algorithms for the reduction of the number of points
           required to represent a digitized line or its caricature", Cartographica 10(2), 1973.
           :DOI:`10.3138/FM57-6770-U75U-7727`

    Examples
    --------
    >>> path = np.array([[0, 0], [0.1, 1], [0, 2], [3, 3], [0, 4]])
    >>> simplify_polygon(path, 0.5).tolist()
    [[0.0, 0.0], [0.0, 2.0], [3.0, 3.0], [0.0, 4.0]]
    """
    return simplify_contours([_as_points(points)], tolerance)[0]


def simplify_contours(contours, tolerance) -> list[np.ndarray]:
    """Simplify many polylines at once with Douglas-Peucker.

    Equal to ``[simplify_polygon(c, tolerance) for c in contours]``, but every contour advances
    one level of the recursion per numpy pass, so thousands of contours cost a few dozen passes
    rather than thousands of small ones.

    Parameters
    ----------
    contours : sequence of (N, 2) arrays
        Paths as ``(row, col)`` points, e.g. the output of :func:`find_contours`.
    tolerance : float
        Largest distance, in pixels, between a dropped point and the simplified path.

    Returns
    -------
    simplified : list of (M, 2) float64 ndarray

    References
    ----------
    ``[skimage.measure.approximate_polygon(c, tolerance) for c in contours]``.

    Examples
    --------
    >>> square = np.array([[0, 0], [0, 1], [0, 2], [2, 2], [2, 0], [0, 0]])
    >>> [c.shape for c in simplify_contours([square, square[:3]], 0.5)]
    [(5, 2), (2, 2)]
    """
    tolerance = _check_tolerance(tolerance)
    points, sizes = _stack_paths(contours)
    if tolerance <= 0:
        return _split(points, sizes)
    offsets = np.cumsum(sizes) - sizes
    keep = np.zeros(len(points), dtype=bool)
    nonempty = sizes > 0
    keep[offsets[nonempty]] = True
    keep[(offsets + sizes - 1)[nonempty]] = True
    start, end = offsets[nonempty], (offsets + sizes - 1)[nonempty]
    while True:
        has_inside = end - start > 1
        start, end = start[has_inside], end[has_inside]
        if start.size == 0:
            break
        split_at = _farthest_beyond(points, start, end, tolerance)
        split = split_at >= 0
        split_at = split_at[split]
        keep[split_at] = True
        start, end = (np.concatenate([start[split], split_at]),
                      np.concatenate([split_at, end[split]]))
    kept_before = np.concatenate([[0], np.cumsum(keep)])
    kept_counts = kept_before[offsets + sizes] - kept_before[offsets]
    return _split(points[keep], kept_counts)


def _farthest_beyond(points, start, end, tolerance) -> np.ndarray:
    """Per span, the index of the inner point farthest from the chord, or -1 within tolerance.

    The distance is computed with scikit-image's formulas, operation for operation, so that ties
    and points exactly at the tolerance go the same way: to the chord's line when the point
    projects strictly inside the chord, otherwise to the nearer chord end.
    """
    inner_counts = end - start - 1
    span = np.repeat(np.arange(start.size), inner_counts)
    span_first = np.cumsum(inner_counts) - inner_counts
    index = np.arange(span.size) - span_first[span] + start[span] + 1
    r0, c0 = points[start, 0], points[start, 1]
    r1, c1 = points[end, 0], points[end, 1]
    dr, dc = r1 - r0, c1 - c0
    angle = -np.arctan2(dr, dc)
    sin, cos = np.sin(angle), np.cos(angle)
    line_offset = c0 * sin + r0 * cos

    r, c = points[index, 0], points[index, 1]
    dr0, dc0 = r - r0[span], c - c0[span]
    dr1, dc1 = r - r1[span], c - c1[span]
    inside = ((dr0 * dr[span] + dc0 * dc[span]) > 0) & ((-dr1 * dr[span] - dc1 * dc[span]) > 0)
    to_line = np.abs(r * cos[span] + c * sin[span] - line_offset[span])
    # sqrt is monotone and correctly rounded, so sqrt of the minimum equals the minimum of sqrts.
    to_end = np.sqrt(np.minimum(dc0 ** 2 + dr0 ** 2, dc1 ** 2 + dr1 ** 2))
    distance = np.where(inside, to_line, to_end)

    largest = np.maximum.reduceat(distance, span_first)
    # The first point reaching the maximum wins, as np.argmax picks it.
    at_max = np.where(distance == largest[span], np.arange(span.size), span.size)
    first_at_max = np.minimum.reduceat(at_max, span_first)
    return np.where(largest > tolerance, index[first_at_max], -1)


def contour_length(points) -> float:
    """Length of a path: the sum of its segment lengths (a closed path includes its closing side).

    Parameters
    ----------
    points : (N, 2) array
        ``(row, col)`` points.

    Returns
    -------
    length : float
        In pixels; 0.0 for fewer than two points.

    Examples
    --------
    >>> contour_length([[0, 0], [0, 3], [4, 3], [0, 0]])
    12.0
    """
    points = _as_points(points)
    if len(points) < 2:
        return 0.0
    steps = np.diff(points, axis=0)
    return float(np.hypot(steps[:, 0], steps[:, 1]).sum())


def contour_lengths(contours) -> np.ndarray:
    """The :func:`contour_length` of every contour at once (fast for thousands of contours).

    Parameters
    ----------
    contours : sequence of (N, 2) arrays

    Returns
    -------
    lengths : (len(contours),) float64 ndarray
        In pixels, equal to ``[contour_length(c) for c in contours]`` up to float rounding (the
        steps are added in another order); 0.0 for contours of fewer than two points.

    Examples
    --------
    >>> contour_lengths([np.array([[0, 0], [0, 3], [4, 3], [0, 0]]), np.zeros((1, 2))]).tolist()
    [12.0, 0.0]
    """
    points, sizes = _stack_paths(contours)
    if len(points) < 2:
        return np.zeros(len(sizes))
    steps = np.diff(points, axis=0)
    step_lengths = np.hypot(steps[:, 0], steps[:, 1])
    # Step i joins point i to point i + 1: it belongs to a contour unless it crosses into the next.
    owner = np.repeat(np.arange(len(sizes)), sizes)[:-1]
    inside = owner == np.repeat(np.arange(len(sizes)), sizes)[1:]
    return np.bincount(owner[inside], weights=step_lengths[inside], minlength=len(sizes))


def filter_contours(contours, min_length) -> list[np.ndarray]:
    """The contours whose :func:`contour_length` is at least ``min_length`` (drops specks).

    Parameters
    ----------
    contours : sequence of (N, 2) arrays
    min_length : float
        In pixels; 0 keeps everything.

    Returns
    -------
    kept : list of (N, 2) ndarray
        The same array objects, in their order.

    Examples
    --------
    >>> speck, line = np.array([[0, 0], [0, 1]]), np.array([[0, 0], [0, 9]])
    >>> len(filter_contours([speck, line], 5))
    1
    """
    if isinstance(min_length, (bool, np.bool_)) or not isinstance(min_length, numbers.Real) \
            or np.isnan(min_length):
        raise ValueError(f"The minimum length must be a number of pixels; got {min_length!r}.")
    return [c for c in contours if contour_length(c) >= min_length]


def count_vertices(contours) -> int:
    """Total number of points over all contours.

    Examples
    --------
    >>> count_vertices([np.zeros((5, 2)), np.zeros((3, 2))])
    8
    """
    return int(sum(len(c) for c in contours))


def is_closed(points) -> bool:
    """Whether a path ends where it starts (how :func:`find_contours` marks closed contours).

    Examples
    --------
    >>> is_closed([[0, 0], [0, 1], [1, 1], [0, 0]]), is_closed([[0, 0], [0, 1]])
    (True, False)
    """
    points = np.asarray(points)
    return bool(len(points) >= 2 and np.array_equal(points[0], points[-1]))


def _number(value: float) -> str:
    return "%.12g" % value


def _path_data(points: np.ndarray, sizes: np.ndarray) -> list[str]:
    """The ``d`` attribute of every contour, formatted in one pass over all the numbers."""
    ends = np.cumsum(sizes)
    starts = ends - sizes
    closed = (sizes >= 2) & (points[starts] == points[ends - 1]).all(axis=1)
    # A closed contour's repeated last point becomes "Z".
    drawn = np.ones(len(points), dtype=bool)
    drawn[(ends - 1)[closed]] = False
    # (row, col) becomes (x, y) = (col, row); adding 0.0 turns -0.0 into 0.0 so "-0" never shows.
    numbers_xy = (np.round(points[drawn][:, ::-1], 2) + 0.0).ravel().tolist()
    templates = []
    for count, close in zip((sizes - closed).tolist(), closed.tolist()):
        line = " L%.12g,%.12g" + " %.12g,%.12g" * (count - 2) if count > 1 else ""
        templates.append("M%.12g,%.12g" + line + (" Z" if close else ""))
    # One %-formatting over the whole drawing runs at C speed; per-point formatting would not.
    return ("\n".join(templates) % tuple(numbers_xy)).split("\n") if templates else []


def contours_to_svg(contours, height, width, stroke="#000", stroke_width=1, colors=None) -> str:
    """A standalone SVG document drawing each contour as one path over the image's area.

    Parameters
    ----------
    contours : sequence of (N, 2) arrays
        ``(row, col)`` points, as :func:`find_contours` or :func:`simplify_contours` return.
    height, width : int
        Size of the image the contours come from; the drawing's viewBox is ``0 0 width height``
        so it lines up pixel for pixel with the picture.
    stroke : str
        Line colour for every path (any SVG colour, e.g. ``"#000"`` or ``"red"``).
    stroke_width : float
        Line width in pixels.
    colors : sequence of str, optional
        One colour per contour, overriding ``stroke``.

    Returns
    -------
    svg : str
        UTF-8 text of an SVG 1.1 document. Path coordinates are ``x = col``, ``y = row``
        rounded to two decimals, inside a group translated by half a pixel so that pixel
        centres (whole coordinates) land on the centres of the picture's pixels. A closed contour
        ends with ``Z`` instead of repeating its first point. No contours gives a valid empty
        drawing.

    References
    ----------
    W3C, "Scalable Vector Graphics (SVG) 1.1", section 8 (paths).

    Examples
    --------
    >>> print(contours_to_svg([np.array([[0.5, 0], [0, 0.5], [0.5, 1], [0.5, 0]])], 2, 2))
    ... # doctest: +NORMALIZE_WHITESPACE
    <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="2" height="2" viewBox="0 0 2 2">
    <g transform="translate(0.5 0.5)" fill="none" stroke="#000" stroke-width="1"
    stroke-linejoin="round" stroke-linecap="round">
    <path d="M0,0.5 L0.5,0 1,0.5 Z"/>
    </g>
    </svg>
    """
    for name, value in (("height", height), ("width", width)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) \
                or value < 1:
            raise ValueError(f"The image {name} must be a positive whole number; got {value!r}.")
    if isinstance(stroke_width, (bool, np.bool_)) or not isinstance(stroke_width, numbers.Real) \
            or not np.isfinite(stroke_width) or stroke_width <= 0:
        raise ValueError(f"The stroke width must be a positive number; got {stroke_width!r}.")
    points, sizes = _stack_paths(contours)
    if (sizes == 0).any():
        raise ValueError(f"Contour {int(np.argmin(sizes))} has no points; drop empty contours "
                         "before export.")
    if colors is not None:
        colors = list(colors)
        if len(colors) != len(sizes):
            raise ValueError(f"Give one colour per contour: {len(sizes)} contours but "
                             f"{len(colors)} colours.")
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{int(width)}" '
        f'height="{int(height)}" viewBox="0 0 {int(width)} {int(height)}">',
        # Contour coordinates put pixel centres on whole numbers while SVG pixels span [i, i + 1]:
        # the half-pixel shift makes the drawing sit exactly on the picture it was traced from.
        f'<g transform="translate(0.5 0.5)" fill="none" stroke={quoteattr(str(stroke))} '
        f'stroke-width="{_number(float(stroke_width))}" '
        'stroke-linejoin="round" stroke-linecap="round">',
    ]
    paths = _path_data(points, sizes)
    if colors is None:
        lines.extend(f'<path d="{d}"/>' for d in paths)
    else:
        lines.extend(f'<path stroke={quoteattr(str(color))} d="{d}"/>'
                     for d, color in zip(paths, colors))
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)


# Distinct line colours (RGB) for telling neighbouring contours apart; no grey, which would
# vanish over a photo.
PALETTE = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207),
)
_SUBPIXEL_BITS = 4  # cv2 draws at 1/16-pixel precision, so half-pixel contour points stay put


def draw_contours(image, contours, colors=PALETTE, *, thickness: int = 1,
                  source_shape=None) -> np.ndarray:
    """Draw contours over a picture, contour i in ``colors[i % len(colors)]``.

    Parameters
    ----------
    image : ndarray of uint8, shape (h, w, 3) or (h, w)
        The picture to draw on (a grey one is drawn on in colour). Not modified.
    contours : sequence of (N, 2) arrays
        ``(row, col)`` points in the coordinates of a picture of ``source_shape``.
    colors : sequence of (R, G, B)
        Line colours, used in turn.
    thickness : int
        Line width in pixels of ``image``.
    source_shape : (H, W), optional
        Size of the picture the contours were traced on, if ``image`` is a resized copy of it
        (e.g. shrunk for display): points are mapped so pixel centres land on the same spot.
        Defaults to the size of ``image``.

    Returns
    -------
    drawing : ndarray of uint8, shape (h, w, 3)
        A new picture, the contours drawn anti-aliased.

    Examples
    --------
    >>> drawing = draw_contours(np.zeros((3, 5), np.uint8), [np.array([[1, 0], [1, 4]])],
    ...                         [(255, 0, 0)])
    >>> drawing[:, :, 0].argmax(axis=0).tolist()  # the line runs along row 1
    [1, 1, 1, 1, 1]
    """
    image = check_image(image)
    drawing = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB) if image.ndim == 2 else image.copy()
    colors = [tuple(int(v) for v in color) for color in colors]
    if not colors or any(len(color) != 3 for color in colors):
        raise ValueError("Give the line colours as (R, G, B) triples.")
    if isinstance(thickness, (bool, np.bool_)) or not isinstance(thickness, numbers.Integral) \
            or not 1 <= thickness <= 100:
        raise ValueError(f"The line thickness must be a whole number of pixels from 1 to 100; "
                         f"got {thickness!r}.")
    height, width = drawing.shape[:2]
    source_height, source_width = (height, width) if source_shape is None else source_shape[:2]
    if source_height < 1 or source_width < 1:
        raise ValueError(f"The source shape must be positive; got {source_shape!r}.")
    points, sizes = _stack_paths(contours)
    if not len(points):
        return drawing
    # (row, col) -> (x, y) in the drawing; pixel centres sit at whole numbers in both pictures.
    scale = np.array([width / source_width, height / source_height])
    xy = (points[:, ::-1] + 0.5) * scale - 0.5
    fixed = np.rint(xy * (1 << _SUBPIXEL_BITS)).clip(-2 ** 30, 2 ** 30).astype(np.int32)
    paths = [path for path in _split(fixed, sizes) if len(path)]
    # One call per colour rather than per contour: thousands of contours, a handful of calls.
    for index, color in enumerate(colors):
        group = paths[index :: len(colors)]
        if group:
            cv2.polylines(drawing, group, False, color, thickness, cv2.LINE_AA, _SUBPIXEL_BITS)
    return drawing
