"""Thresholding and colour clustering: Otsu's threshold from scratch, and fast K-means colours.

Otsu's method picks the grey level ``t`` that splits the histogram into a dark class
(levels ``<= t``, the background) and a bright class (levels ``> t``, the foreground) whose
means are as far apart as possible, weighted by the class sizes: it maximises the
between-class variance ``w0 * w1 * (mu0 - mu1) ** 2``, which is the same as minimising the
within-class variance ``w0 * var0 + w1 * var1`` because the two always add up to the total
variance. Everything here works on the 256-bin histogram, so the cost beyond counting the
pixels is a few operations on 256 numbers.

K-means colour quantization groups the pixels into ``k`` colours: scikit-learn clusters a
weighted summary of the picture (the mean colour of every occupied 8 x 8 x 8 box of the RGB
cube), and every pixel then goes to its nearest centre.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from core.images import to_gray, to_rgb

__all__ = [
    "gray_histogram",
    "otsu_threshold",
    "between_class_variance",
    "OtsuTable",
    "otsu_table",
    "tutorial_otsu_loop",
    "kmeans_colors",
    "cluster_shares",
    "quantize",
    "kmeans_inertia",
    "TUTORIAL_COUNTS",
]

LEVELS = 256

# The tutorial's worked example: pixel counts of grey levels 0..5. They add up to 38 (the
# tutorial divides by 36, which is why its printed weights do not add up to 1).
TUTORIAL_COUNTS = (10, 8, 6, 8, 4, 2)

# OpenCV skips every threshold whose class weight is below FLT_EPSILON (single precision),
# although it computes in double precision; the constant is that float widened to double.
_FLT_EPSILON = float(np.finfo(np.float32).eps)

# Thresholds whose exact between-class variances lie within this relative distance of the
# best one are "tied": OpenCV's choice among them is decided by the rounding of its running
# sums, so for those (rare) histograms we replay its arithmetic. Its rounding error is below
# 1e-13 relative, so anything farther than 1e-9 from the best cannot overtake it.
_TIE_TOLERANCE = 1e-9

# Below this many pixels, summing the 65536-entry table of pixel pairs costs more than the
# plain count saves (measured crossover: about 100 000 pixels).
_PAIR_COUNTING_FROM = 100_000

# N * sum(levels) must fit in int64 for the exact integer form of the variance.
_INT64_SAFE_PIXELS = 190_000_000

# otsu_table computes every class variance from its definition on an L x L grid.
_MAX_TABLE_LEVELS = 4096

_MAX_CLUSTERS = 256
# Restarts of the fit on the picture's summary: cheap there (a few thousand points), and they
# keep an unlucky start out of a poor local optimum, which a single full fit often lands in
# (on the China photo with k = 5, 2 of 8 seeds end 6% above the best inertia).
_DEFAULT_RESTARTS = 10
# The box summary is counted on at most this many pixels (a random sample above it): the
# summary of a quarter-megapixel sample fits as well as that of every pixel, in a quarter of
# the time.
_SUMMARY_PIXELS = 2 ** 18
# Pictures whose summary has at most this many boxes are checked for having few enough
# distinct colours to fit on them exactly (photos occupy several thousand boxes).
_FEW_BOXES = 1024
_FEW_COLORS = 8192


# --------------------------------------------------------------------------------------------
# Otsu's threshold


def _histogram(gray: np.ndarray) -> np.ndarray:
    flat = gray.reshape(-1)
    if flat.size < _PAIR_COUNTING_FROM:
        return np.bincount(flat, minlength=LEVELS).astype(np.int64)
    # Counting pixel *pairs* (read as uint16) halves the elements np.bincount has to widen to
    # intp, which is most of its cost on a large picture; each pair's two levels are then
    # recovered from the 256 x 256 table (byte order does not matter: both axes are added).
    even = flat.size - flat.size % 2
    if not flat.flags.c_contiguous:
        flat = np.ascontiguousarray(flat)
    pairs = np.bincount(flat[:even].view(np.uint16), minlength=LEVELS * LEVELS)
    pairs = pairs.reshape(LEVELS, LEVELS)
    counts = pairs.sum(axis=0) + pairs.sum(axis=1)
    if even < flat.size:
        counts[flat[-1]] += 1
    return counts.astype(np.int64)


def gray_histogram(gray: np.ndarray) -> np.ndarray:
    """Count the pixels of each grey level 0..255.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)
        Colour input is converted with :func:`core.images.to_gray` first.

    Returns
    -------
    ndarray of int64, shape (256,)
        ``counts[v]`` is the number of pixels of level ``v``.

    References
    ----------
    Equal to ``np.bincount(gray.ravel(), minlength=256)`` and to
    ``cv2.calcHist([gray], [0], None, [256], [0, 256])``.

    Examples
    --------
    >>> gray_histogram(np.array([[0, 0, 255]], np.uint8))[[0, 1, 255]].tolist()
    [2, 0, 1]
    """
    return _histogram(to_gray(gray))


def _class_sums(counts: np.ndarray):
    """Cumulative pixel counts and level sums of the background class for every threshold."""
    levels = np.arange(counts.size, dtype=np.int64)
    n0 = np.cumsum(counts)
    s0 = np.cumsum(levels * counts)
    return n0, s0, int(n0[-1]), int(s0[-1])


def _spread(total: int, s0: np.ndarray, n0: np.ndarray, level_sum: int) -> np.ndarray:
    """``N * s0 - n0 * S``, computed exactly in integers (Python ints past the int64 range)."""
    if total >= _INT64_SAFE_PIXELS:
        s0, n0 = s0.astype(object), n0.astype(object)
    return (total * s0 - n0 * level_sum).astype(np.float64)


def between_class_variance(gray: np.ndarray) -> np.ndarray:
    """The between-class variance for every threshold t = 0..255: the curve Otsu maximises.

    Background is the levels ``<= t`` and foreground the levels ``> t``, as in OpenCV.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)
        Colour input is converted with :func:`core.images.to_gray` first.

    Returns
    -------
    ndarray of float64, shape (256,)
        ``w0 * w1 * (mu0 - mu1) ** 2`` with the class weights ``w`` as fractions of all pixels
        and the means ``mu`` in grey levels; 0 where a class is empty (for every t of a
        constant image, and for t >= the largest level).

    References
    ----------
    N. Otsu, "A threshold selection method from gray-level histograms", IEEE Trans. SMC 9(1),
    1979, eq. (18). Computed exactly from integer sums as
    ``(N * s0 - n0 * S) ** 2 / (N ** 2 * n0 * n1)``, so nothing cancels. Its first maximum is
    :func:`otsu_threshold` (and OpenCV's ``THRESH_OTSU``) except where two thresholds tie to
    the last bits of a double, and except on images above 8.4 megapixels whose darkest or
    brightest class holds fewer than 1 in 8.4 million pixels, which OpenCV skips.

    Examples
    --------
    >>> curve = between_class_variance(np.array([[10, 10, 200, 200]], np.uint8))
    >>> float(curve[10]), float(curve[200])
    (9025.0, 0.0)
    """
    counts = _histogram(to_gray(gray))
    n0, s0, total, level_sum = _class_sums(counts)
    n1 = total - n0
    both_classes = (n0 > 0) & (n1 > 0)
    spread = _spread(total, s0, n0, level_sum)
    denominator = float(total) ** 2 * n0.astype(np.float64) * n1.astype(np.float64)
    curve = np.zeros(LEVELS, np.float64)
    np.divide(spread * spread, denominator, out=curve, where=both_classes)
    return curve


def _opencv_otsu_replay(counts: np.ndarray) -> int:
    """OpenCV's Otsu loop, step for step in the same double-precision arithmetic.

    Used only to break exact ties: it is the one place where the answer depends on the order
    in which OpenCV rounds its running sums, which no vectorised formula reproduces.
    """
    histogram = counts.tolist()
    scale = 1.0 / sum(histogram)
    mean = float(sum(level * count for level, count in enumerate(histogram))) * scale
    background_mean = 0.0
    background_weight = 0.0
    best_sigma = 0.0
    best_level = 0
    for level, count in enumerate(histogram):
        share = count * scale
        background_mean *= background_weight
        background_weight += share
        foreground_weight = 1.0 - background_weight
        if (min(background_weight, foreground_weight) < _FLT_EPSILON
                or max(background_weight, foreground_weight) > 1.0 - _FLT_EPSILON):
            continue
        background_mean = (background_mean + level * share) / background_weight
        foreground_mean = (mean - background_weight * background_mean) / foreground_weight
        gap = background_mean - foreground_mean
        sigma = background_weight * foreground_weight * gap * gap
        if sigma > best_sigma:
            best_sigma = sigma
            best_level = level
    return best_level


def _otsu_from_counts(counts: np.ndarray) -> int:
    total = int(counts.sum())
    scale = 1.0 / total
    # The class weights exactly as OpenCV accumulates them (np.cumsum adds left to right, as
    # its loop does), because its FLT_EPSILON test on them decides which thresholds count.
    weight0 = np.cumsum(counts * scale)
    weight1 = 1.0 - weight0
    candidate = ~((np.minimum(weight0, weight1) < _FLT_EPSILON)
                  | (np.maximum(weight0, weight1) > 1.0 - _FLT_EPSILON))
    if not candidate.any():
        return 0  # constant image: OpenCV keeps its initial 0
    # OpenCV's running mean forgets the levels it skipped below the first candidate (possible
    # only above 8.4 megapixels); leave them out of the background sum the same way.
    first = int(np.argmax(candidate))
    kept = counts.copy()
    kept[:first] = 0
    levels = np.arange(LEVELS, dtype=np.int64)
    n0 = np.cumsum(counts)
    s0 = np.cumsum(levels * kept)
    level_sum = int(np.dot(levels, counts))
    spread = _spread(total, s0, n0, level_sum)
    n0_float = n0.astype(np.float64)
    denominator = np.where(candidate, n0_float * (total - n0_float), 1.0)
    # Proportional to the between-class variance (the constant N ** 2 dropped).
    score = np.where(candidate, spread * spread / denominator, -1.0)
    best = score.max()
    near_best = score >= best * (1.0 - _TIE_TOLERANCE)
    if np.count_nonzero(near_best) == 1:
        return int(np.argmax(score))
    return _opencv_otsu_replay(counts)


def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold: the level t for which ``gray > t`` is the foreground.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)
        A colour picture is converted with :func:`core.images.to_gray` (BT.601) first, so the
        result is the threshold of its grey version.

    Returns
    -------
    int
        The t (0..254) that maximises :func:`between_class_variance`; where several tie
        exactly, the one OpenCV's double-precision loop ends on (usually the first, decided
        by a replay of that loop). For a constant picture there is no split and the answer
        is 0, as in OpenCV (so ``gray > 0`` marks every pixel of a constant non-black
        picture as foreground).

    References
    ----------
    N. Otsu, IEEE Trans. SMC 9(1), 1979. Identical to
    ``cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]`` as computed by
    OpenCV's own code (``getThreshVal_Otsu`` in ``imgproc/src/thresh.cpp``: first strict
    maximum, thresholds with a class weight below FLT_EPSILON skipped). OpenCV wheels built
    with Intel IPP call ``ippiComputeThreshold_Otsu`` instead, which agrees except when two
    thresholds give exactly the same between-class variance; there IPP may pick another of
    the tied levels (``cv2.ipp.setUseIPP(False)`` selects OpenCV's own code).

    Examples
    --------
    >>> otsu_threshold(np.array([[10, 10, 200, 200, 200]], np.uint8))
    10
    >>> otsu_threshold(np.full((2, 2), 7, np.uint8))
    0
    """
    return _otsu_from_counts(_histogram(to_gray(gray)))


@dataclasses.dataclass(frozen=True)
class OtsuTable:
    """Every quantity of Otsu's method for every threshold of a histogram (one row per t).

    Background is the levels ``<= t``, foreground the levels ``> t``. Weights are fractions
    of all pixels; means and variances are in grey levels. The mean and variance of an empty
    class are NaN, and its term counts as 0 in the within-class variance (so ``within +
    between`` is the total variance on every row).
    """

    thresholds: np.ndarray
    w0: np.ndarray
    w1: np.ndarray
    mu0: np.ndarray
    mu1: np.ndarray
    var0: np.ndarray
    var1: np.ndarray
    within: np.ndarray
    between: np.ndarray
    total_variance: float
    best_threshold: int

    def to_dict(self) -> dict[str, np.ndarray]:
        """The per-threshold columns, e.g. for ``pandas.DataFrame(table.to_dict())``."""
        names = ("thresholds", "w0", "w1", "mu0", "mu1", "var0", "var1", "within", "between")
        return {name: getattr(self, name) for name in names}


def otsu_table(counts) -> OtsuTable:
    """Otsu's method written out for a small histogram, as in the tutorial's worked example.

    Parameters
    ----------
    counts : sequence of int, length L = 1..4096
        ``counts[i]`` pixels have grey level i (i = 0..L-1); for example
        :data:`TUTORIAL_COUNTS`, the tutorial's six-level histogram.

    Returns
    -------
    OtsuTable
        For every t in 0..L-1: ``w0, w1, mu0, mu1, var0, var1, within, between``, plus the
        total variance and ``best_threshold`` (the first t of largest between-class variance,
        which is also the first t of smallest within-class variance).

    Raises
    ------
    ValueError
        Counts that are negative, not whole numbers, not one-dimensional, all zero, or more
        than 4096 of them (the table works on an L x L grid).

    References
    ----------
    N. Otsu, IEEE Trans. SMC 9(1), 1979, eqs. (2)-(18). Weights divide by the real pixel
    count, ``sum(counts)`` (38 for the tutorial's histogram; the tutorial divides by 36).

    Examples
    --------
    >>> table = otsu_table(TUTORIAL_COUNTS)
    >>> round(float(table.w0[2]), 4), round(float(table.mu1[2]), 4), table.best_threshold
    (0.6316, 3.5714, 1)
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size < 1:
        raise ValueError("The histogram must be a non-empty list of pixel counts, one per level.")
    if counts.size > _MAX_TABLE_LEVELS:
        raise ValueError(f"The table is for histograms of at most {_MAX_TABLE_LEVELS} levels, "
                         f"got {counts.size}.")
    if counts.dtype.kind == "f" and not np.all(np.isfinite(counts) & (counts == np.round(counts))):
        raise ValueError("Pixel counts must be whole numbers.")
    if counts.dtype.kind not in "biuf":
        raise ValueError("Pixel counts must be whole numbers.")
    counts = counts.astype(np.float64)
    if np.any(counts < 0):
        raise ValueError("Pixel counts cannot be negative.")
    total = counts.sum()
    if total <= 0:
        raise ValueError("The histogram is empty: at least one count must be above 0.")

    size = counts.size
    levels = np.arange(size, dtype=np.float64)
    n0 = np.cumsum(counts)
    n1 = total - n0
    s0 = np.cumsum(levels * counts)
    s1 = s0[-1] - s0
    w0 = n0 / total
    w1 = n1 / total
    mu0 = np.divide(s0, n0, out=np.full(size, np.nan), where=n0 > 0)
    mu1 = np.divide(s1, n1, out=np.full(size, np.nan), where=n1 > 0)

    # Variances straight from their definition (sum of squared deviations over the class),
    # for all thresholds at once: row t, column i is level i's share in class 0 or class 1.
    in_background = levels[None, :] <= levels[:, None]
    deviation0 = np.where(in_background, levels[None, :] - np.nan_to_num(mu0)[:, None], 0.0)
    deviation1 = np.where(~in_background, levels[None, :] - np.nan_to_num(mu1)[:, None], 0.0)
    squares0 = (counts * deviation0 ** 2).sum(axis=1)
    squares1 = (counts * deviation1 ** 2).sum(axis=1)
    var0 = np.divide(squares0, n0, out=np.full(size, np.nan), where=n0 > 0)
    var1 = np.divide(squares1, n1, out=np.full(size, np.nan), where=n1 > 0)
    within = (squares0 + squares1) / total
    gap = np.nan_to_num(mu0 - mu1)
    between = np.where((n0 > 0) & (n1 > 0), w0 * w1 * gap * gap, 0.0)
    mean = s0[-1] / total
    total_variance = float((counts * (levels - mean) ** 2).sum() / total)
    return OtsuTable(
        thresholds=np.arange(size),
        w0=w0, w1=w1, mu0=mu0, mu1=mu1, var0=var0, var1=var1,
        within=within, between=between,
        total_variance=total_variance,
        best_threshold=int(np.argmax(between)),
    )


def tutorial_otsu_loop(gray: np.ndarray) -> int:
    """The tutorial's straightforward Otsu: try every threshold, measure the classes' pixels.

    Kept as a teaching baseline and a test oracle for :func:`otsu_threshold` (it rescans
    the whole image 256 times, so it is hundreds of times slower). It counts level t in the
    background, like OpenCV; the tutorial's own loop puts t in the foreground, which shifts
    its answer up by one.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)

    Returns
    -------
    int
        The first t of largest between-class variance (0 for a constant picture).

    References
    ----------
    "Basic Image Processing in Python, Part 2" (the thresholding section's loop); N. Otsu,
    IEEE Trans. SMC 9(1), 1979.

    Examples
    --------
    >>> tutorial_otsu_loop(np.array([[10, 10, 200, 200, 200]], np.uint8))
    10
    """
    pixels = to_gray(gray).reshape(-1).astype(np.float64)
    best_threshold, best_variance = 0, 0.0
    for threshold in range(LEVELS):
        foreground = pixels > threshold
        n_foreground = int(np.count_nonzero(foreground))
        n_background = pixels.size - n_foreground
        if n_foreground == 0 or n_background == 0:
            continue
        w0 = n_background / pixels.size
        w1 = n_foreground / pixels.size
        mu0 = pixels[~foreground].mean()
        mu1 = pixels[foreground].mean()
        variance = w0 * w1 * (mu0 - mu1) ** 2
        if variance > best_variance:
            best_threshold, best_variance = threshold, variance
    return best_threshold


# --------------------------------------------------------------------------------------------
# K-means colour clustering


def _check_k(k) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise ValueError(f"The number of colours k must be a whole number, got {k!r}.")
    if not 1 <= int(k) <= _MAX_CLUSTERS:
        raise ValueError(f"The number of colours k must be from 1 to {_MAX_CLUSTERS}, got {k}.")
    return int(k)


def _check_count(value, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number, {low} or more, got {value!r}.")
    return int(value)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) \
            or not 0 <= int(seed) < 2 ** 32:
        raise ValueError(
            f"The random seed must be a whole number from 0 to 2**32 - 1, got {seed!r}.")
    return int(seed)


def _nearest(planes, centers: np.ndarray) -> np.ndarray:
    """Index of the nearest centre for every point (squared distance; lowest index on a tie).

    ``planes`` are the R, G and B coordinates as three float32 arrays. Works one centre at a
    time rather than through a matrix product: this needs no BLAS threads (which, on a busy
    2-core machine, made the same work ten times slower) and keeps memory at a few arrays of
    the points' size whatever k is. With whole-number centres and coordinates up to 256 every
    quantity is an integer below 2**24, so float32 is exact.
    """
    red, green, blue = planes
    centers = np.asarray(centers, np.float32)
    best = np.empty_like(red)
    scratch = np.empty_like(red)
    labels = np.zeros(red.shape, np.int32)
    closer = np.empty(red.shape, bool)
    for index, (r, g, b) in enumerate(centers):
        distance = best if index == 0 else scratch
        np.subtract(red, r, out=distance)
        np.square(distance, out=distance)
        for plane, value in ((green, g), (blue, b)):
            difference = plane - value
            np.square(difference, out=difference)
            distance += difference
        if index:
            np.less(scratch, best, out=closer)
            np.copyto(best, scratch, where=closer)
            labels[closer] = index
    return labels


# The RGB cube cut into 32 x 32 x 32 boxes of 8 x 8 x 8 colours.
_BOX_SHIFT = 3
_BOXES_PER_AXIS = 256 >> _BOX_SHIFT


def _box_of(pixels: np.ndarray) -> np.ndarray:
    red, green, blue = (pixels[:, channel] >> _BOX_SHIFT for channel in range(3))
    return (red.astype(np.int32) * _BOXES_PER_AXIS + green) * _BOXES_PER_AXIS + blue


def _box_summary(pixels: np.ndarray):
    """Mean colour and pixel count of every occupied box: a few thousand weighted points that
    stand in for a megapixel picture when fitting K-means."""
    box = _box_of(pixels)
    n_boxes = _BOXES_PER_AXIS ** 3
    counts = np.bincount(box, minlength=n_boxes)
    occupied = np.flatnonzero(counts)
    sums = np.stack([np.bincount(box, weights=pixels[:, channel], minlength=n_boxes)[occupied]
                     for channel in range(3)], axis=1)
    return sums / counts[occupied, None], counts[occupied].astype(np.float64)


def _box_labels(centers: np.ndarray) -> np.ndarray:
    """The nearest centre shared by every colour of a box, or -1 where the box straddles a
    boundary between centres.

    The colours nearest to one centre form a convex set (an intersection of half-spaces), so
    when all eight corners of a box have the same nearest centre, every colour inside has it
    too. Box b spans colours 8b..8b+7 on each axis, enclosed by the corners 8b and 8(b+1).
    """
    corner_values = np.arange(0, 257, 1 << _BOX_SHIFT, dtype=np.float32)
    grid = np.meshgrid(corner_values, corner_values, corner_values, indexing="ij")
    side = len(corner_values)
    corner_labels = _nearest([axis.reshape(-1) for axis in grid], centers)
    corner_labels = corner_labels.reshape(side, side, side)
    low = corner_labels[:-1, :-1, :-1]
    agree = np.ones(low.shape, bool)
    for dr in (0, 1):
        for dg in (0, 1):
            for db in (0, 1):
                agree &= corner_labels[dr:side - 1 + dr, dg:side - 1 + dg, db:side - 1 + db] == low
    return np.where(agree, low, -1).reshape(-1).astype(np.int32)


def _assign(pixels: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """The nearest centre of every pixel, as a full distance computation gives it, but with
    distances computed only for the pixels in boxes that straddle a boundary (typically 10-30%
    of a photo's pixels); the rest is a table look-up."""
    box_labels = _box_labels(centers)
    labels = box_labels[_box_of(pixels)]
    undecided = np.flatnonzero(labels < 0)
    if len(undecided):
        chosen = pixels[undecided]
        planes = [chosen[:, channel].astype(np.float32) for channel in range(3)]
        labels[undecided] = _nearest(planes, centers)
    return labels


def _pack(pixels: np.ndarray) -> np.ndarray:
    """One int per colour (0xRRGGBB), so colours can be counted as numbers."""
    return (pixels[:, 0].astype(np.int32) << 16) | (pixels[:, 1].astype(np.int32) << 8) \
        | pixels[:, 2].astype(np.int32)


def _unpack(packed: np.ndarray) -> np.ndarray:
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255],
                    axis=1).astype(np.uint8)


@functools.lru_cache(maxsize=1)
def _thread_controller():
    # Created once, after scikit-learn has loaded its OpenMP runtime: building a controller
    # scans the loaded libraries, which costs ~4 ms, too much to pay on every slider move.
    import sklearn.cluster  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _fit(points: np.ndarray, weights: np.ndarray, k: int, seed: int, restarts: int) -> np.ndarray:
    # Imported here: scikit-learn costs about 1.3 s and 190 MB to import, which pages that
    # never cluster must not pay.
    from sklearn.cluster import KMeans

    # A fit on a few thousand points gains nothing from threads, and on a shared machine
    # OpenMP threads waiting for a busy core made it up to fifty times slower.
    with _thread_controller().limit(limits=1):
        model = KMeans(n_clusters=k, n_init=restarts, random_state=seed)
        model.fit(points, sample_weight=weights)
    return model.cluster_centers_


def _ordered_by_share(labels: np.ndarray, centers: np.ndarray, counts: np.ndarray):
    """Renumber clusters from the largest pixel count to the smallest (stable on ties)."""
    order = np.argsort(-counts, kind="stable")
    new_label_of = np.empty(len(order), np.int32)
    new_label_of[order] = np.arange(len(order), dtype=np.int32)
    return new_label_of[labels], centers[order]


def kmeans_colors(rgb: np.ndarray, k: int = 5, seed: int = 0, *,
                  restarts: int = _DEFAULT_RESTARTS, summary_pixels: int = _SUMMARY_PIXELS):
    """Group the pixels into k colours (K-means colour quantization), fast enough for a slider.

    scikit-learn's ``KMeans`` is fitted on a summary of the picture rather than on every
    pixel: the mean colour and pixel count of every occupied 8 x 8 x 8 box of the RGB cube (a
    few thousand weighted points for a photo), or, for pictures of at most a few thousand
    distinct colours, those colours with their pixel counts. Above ``summary_pixels`` pixels,
    the summary is counted on a random sample of that many. The small summary makes several
    restarts affordable, which a single fit on all pixels lacks. Every pixel then gets the
    nearest of the rounded centres.

    Parameters
    ----------
    rgb : ndarray of uint8, shape (H, W, 3) or (H, W)
        A grey picture is clustered as the RGB picture with three equal channels.
    k : int, 1..256
        Number of colours.
    seed : int, 0..2**32 - 1
        Seeds the pixel sample and scikit-learn's ``random_state``: the same picture, k and
        seed always give the same result.
    restarts : int, optional
        scikit-learn's ``n_init``: fits from different starts, of which the best is kept.
    summary_pixels : int, optional
        Largest number of pixels the summary is counted on.

    Returns
    -------
    labels : ndarray of int32, shape (H, W)
        The cluster of every pixel: its nearest centre in squared RGB distance (on an exact
        tie, one of the equally near centres).
    centers : ndarray of uint8, shape (k, 3)
        The k colours, ordered by pixel share, largest first. If the picture has only
        ``d <= k`` distinct colours, each is its own cluster (an exact, zero-error result) and
        the last ``k - d`` rows repeat the most common colour with no pixels (share 0), as
        scikit-learn also returns duplicate centres then: the shape is always (k, 3).

    Raises
    ------
    ValueError
        k, seed, restarts or summary_pixels out of range, or not an 8-bit picture.

    References
    ----------
    scikit-learn's ``KMeans(n_clusters=k, n_init=1, random_state=seed).fit`` on all pixels, as
    the tutorial calls it: on a 1-megapixel photo this takes about a tenth of its time, for an
    inertia within 1% of it (``benchmarks/segmentation.py``). S. Lloyd, "Least squares
    quantization in PCM", IEEE Trans. Inf. Theory 28(2), 1982.

    Examples
    --------
    >>> picture = np.zeros((2, 3, 3), np.uint8); picture[:, 2] = (250, 0, 0)
    >>> labels, centers = kmeans_colors(picture, k=2)
    >>> labels.tolist(), centers.tolist()
    ([[0, 0, 1], [0, 0, 1]], [[0, 0, 0], [250, 0, 0]])
    """
    rgb = to_rgb(rgb)
    k = _check_k(k)
    seed = _check_seed(seed)
    restarts = _check_count(restarts, "restarts", 1)
    summary_pixels = _check_count(summary_pixels, "summary_pixels", 1)

    height, width = rgb.shape[:2]
    pixels = rgb.reshape(-1, 3)
    if len(pixels) > summary_pixels:
        rng = np.random.default_rng(seed)
        counted = pixels[rng.integers(0, len(pixels), summary_pixels)]
    else:
        counted = pixels
    points, weights = _box_summary(counted)
    if len(points) <= k:
        # So few occupied boxes that the picture may have k colours or fewer: count them.
        colors, inverse, counts = np.unique(_pack(pixels), return_inverse=True, return_counts=True)
        if len(colors) <= k:
            return _one_cluster_per_color(colors, inverse, counts, k, height, width)
        points, weights = _unpack(colors).astype(np.float64), counts.astype(np.float64)
    elif len(points) <= _FEW_BOXES:
        # Drawings and flat graphics: a few hundred colours, which box means would blur
        # together (on the Grid sample with k = 12 the fit ended 6% above the best full fit
        # rather than 4%). Fit on the colours themselves, weighted by their pixel counts:
        # that is the full problem, at a few hundred points.
        colors, counts = np.unique(_pack(counted), return_counts=True)
        if len(colors) <= _FEW_COLORS:
            points, weights = _unpack(colors).astype(np.float64), counts.astype(np.float64)

    if k == 1:
        centers = pixels.mean(axis=0, dtype=np.float64)[None, :]  # the exact optimum
    else:
        centers = _fit(points, weights, k, seed, restarts)
    centers = np.clip(np.rint(centers), 0, 255).astype(np.uint8)
    labels = _assign(pixels, centers)
    labels, centers = _ordered_by_share(labels, centers, np.bincount(labels, minlength=k))
    return labels.reshape(height, width), centers


def _one_cluster_per_color(colors, inverse, counts, k, height, width):
    labels, centers = _ordered_by_share(inverse.reshape(-1), _unpack(colors), counts)
    padding = np.repeat(centers[:1], k - len(colors), axis=0)
    return labels.reshape(height, width).astype(np.int32), np.concatenate([centers, padding])


def _check_labels(labels: np.ndarray, k: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 2 or labels.dtype.kind not in "iu" or labels.size == 0:
        raise ValueError("labels must be a non-empty (H, W) array of whole cluster numbers.")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must be cluster numbers from 0 to {k - 1}.")
    return labels


def cluster_shares(labels: np.ndarray, k: int) -> np.ndarray:
    """The fraction of pixels in each of the k clusters.

    Parameters
    ----------
    labels : ndarray of int, shape (H, W)
        As returned by :func:`kmeans_colors`.
    k : int
        Number of clusters (``len(centers)``).

    Returns
    -------
    ndarray of float64, shape (k,)
        Non-negative fractions that add up to 1.

    References
    ----------
    ``np.bincount(labels.ravel(), minlength=k) / labels.size``.

    Examples
    --------
    >>> cluster_shares(np.array([[0, 0, 0, 2]]), 3).tolist()
    [0.75, 0.0, 0.25]
    """
    k = _check_k(k)
    labels = _check_labels(labels, k)
    return np.bincount(labels.reshape(-1), minlength=k) / labels.size


def quantize(labels: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """The quantized picture: every pixel painted in its cluster's colour.

    Parameters
    ----------
    labels : ndarray of int, shape (H, W)
    centers : ndarray of uint8, shape (k, 3)

    Returns
    -------
    ndarray of uint8, shape (H, W, 3)
        ``centers[labels]``, as the tutorial builds ``cluster_centers_[labels_]``.

    References
    ----------
    The tutorial's ``kmeans.cluster_centers_[kmeans.labels_]`` reshaped to the picture.

    Examples
    --------
    >>> quantize(np.array([[1, 0]]), np.array([[0, 0, 0], [9, 8, 7]], np.uint8)).tolist()
    [[[9, 8, 7], [0, 0, 0]]]
    """
    centers = np.asarray(centers)
    if centers.ndim != 2 or centers.shape[1] != 3 or len(centers) == 0:
        raise ValueError("centers must be a (k, 3) array of RGB colours.")
    labels = _check_labels(labels, len(centers))
    return np.clip(np.rint(centers), 0, 255).astype(np.uint8)[labels]


def kmeans_inertia(rgb: np.ndarray, labels: np.ndarray, centers: np.ndarray) -> float:
    """Sum of squared RGB distances from every pixel to its cluster's centre.

    Parameters
    ----------
    rgb : ndarray of uint8, shape (H, W, 3) or (H, W)
    labels : ndarray of int, shape (H, W)
    centers : ndarray, shape (k, 3)
        uint8 or float centres (scikit-learn's ``cluster_centers_`` work as they are).

    Returns
    -------
    float
        The K-means objective; equals scikit-learn's ``KMeans.inertia_`` for its labels and
        centres (within float rounding).

    References
    ----------
    scikit-learn ``KMeans.inertia_``.

    Examples
    --------
    >>> picture = np.array([[[0, 0, 0], [2, 0, 0]]], np.uint8)
    >>> kmeans_inertia(picture, np.array([[0, 0]]), np.array([[1.0, 0.0, 0.0]]))
    2.0
    """
    rgb = to_rgb(rgb)
    centers = np.asarray(centers, np.float64)
    if centers.ndim != 2 or centers.shape[1] != 3 or len(centers) == 0:
        raise ValueError("centers must be a (k, 3) array of RGB colours.")
    labels = _check_labels(labels, len(centers))
    if labels.shape != rgb.shape[:2]:
        raise ValueError(f"labels have shape {labels.shape} but the picture is {rgb.shape[:2]}.")
    total = 0.0
    for channel in range(3):
        difference = rgb[:, :, channel] - centers[labels, channel]
        total += float(np.einsum("ij,ij->", difference, difference))
    return total
