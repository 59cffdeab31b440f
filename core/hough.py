"""Straight-line Hough transform: the vote accumulator, its peaks, and helpers to draw them.

Every edge pixel ``(x, y)`` (x = column, y = row, origin at the top-left pixel) votes, for each
angle ``theta``, for the line ``rho = x cos(theta) + y sin(theta)`` through it. Collinear pixels
vote for the same ``(rho, theta)`` cell, so lines show up as peaks of the accumulator; a single
pixel votes along a sinusoid (:func:`point_sinusoid`), the point/line duality of the tutorial.

:func:`hough_accumulator` gives the same accumulator as ``skimage.transform.hough_line``, vote for
vote, without a Python loop over pixels; :func:`tutorial_hough_loop` is the tutorial's
pixel-by-pixel version, kept only as the benchmark baseline.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = [
    "hough_accumulator",
    "hough_peaks",
    "line_endpoints",
    "point_sinusoid",
    "tutorial_thetas",
    "tutorial_hough_loop",
    "ACCUMULATOR_SCALES",
    "accumulator_image",
]

# How accumulator_image maps a count to brightness: sqrt and log lift the faint sinusoids that
# a linear scale leaves black next to a bright peak.
ACCUMULATOR_SCALES = ("sqrt", "log", "linear")

# Votes computed per numpy call: large enough to amortise the call overhead, small enough that
# the three float64 temporaries stay in the L2 cache.
_VOTES_PER_CHUNK = 32_768
# Angles (or mirrored angle pairs) computed together on big maps.
_ANGLES_PER_BLOCK = 4
# On small maps the numpy call overhead dominates: take up to this many votes per call instead,
# with as many angles as that allows.
_SMALL_MAP_VOTES = 1 << 16
# Angle rows per cv2.calcHist call, so that its bins (rows x R) stay in the L1/L2 cache.
_HIST_ROWS = 4
# Neighbouring pixels often vote for the same bin, and each increment then waits for the one
# before it; alternate pixels count into this many copies of the bins, summed afterwards.
_HIST_COPIES = 2
# cv2.calcHist has a fixed cost of tens of microseconds; below this many pixels np.bincount wins.
_CALCHIST_MIN_PIXELS = 2_000
# Pixels whose votes are counted per histogram call; cv2.calcHist counts in float32, exact below
# 2**24, so no bin of one call may get more votes than that.
_PIXELS_PER_PASS = 1 << 22
# Pixels are grouped by direction from the origin into this many buckets, so that for most
# buckets every vote of an angle has a known sign (see _direction_order).
_DIRECTION_BUCKETS = 256
# cv2.calcHist takes uint16 indices, so an angle block's bins must number at most this.
_UINT16_BINS = 1 << 16


def _as_edge_map(edges) -> np.ndarray:
    edges = np.asarray(edges)
    if edges.ndim != 2:
        raise ValueError(
            f"The edge map must be a 2-D array (rows x columns), but it has shape {edges.shape}. "
            "Convert a colour picture to grey and run an edge detector first."
        )
    if edges.dtype.kind not in "biufc":
        raise ValueError(
            f"The edge map must hold numbers or booleans, not {edges.dtype}; "
            "nonzero values mark edge pixels."
        )
    return edges


def _as_thetas(thetas) -> np.ndarray:
    thetas = np.asarray(thetas)
    if thetas.ndim != 1 or thetas.size == 0:
        raise ValueError(
            "The angles must be a non-empty 1-D list of angles in radians, "
            f"but got an array of shape {thetas.shape}; try tutorial_thetas()."
        )
    if thetas.dtype.kind not in "biuf":
        raise ValueError(f"The angles must be real numbers (radians), not {thetas.dtype}.")
    thetas = np.ascontiguousarray(thetas, dtype=np.float64)
    if not np.all(np.isfinite(thetas)):
        raise ValueError("The angles must be finite numbers (radians); remove NaN or infinite values.")
    return thetas


def _rho_offset(height: int, width: int) -> int:
    # Same integer arithmetic as scikit-image, so the bin count never differs by one.
    return int(math.ceil(math.sqrt(height * height + width * width)))


def _edge_pixels(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns and rows (int32) of the nonzero pixels; any order will do, votes commute."""
    if edges.size == 0:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    if edges.dtype == np.bool_:
        mask = np.ascontiguousarray(edges).view(np.uint8)
    else:
        mask = (edges != 0).view(np.uint8)
    points = cv2.findNonZero(mask)          # about twice as fast as np.nonzero
    if points is None:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    points = points.reshape(-1, 2)
    return points[:, 0], points[:, 1]


def _direction_order(cols, rows, cos_t, sin_t):
    """Order the pixels by direction and say, per angle and direction bucket, the sign of rho.

    The rounding scikit-image applies (add 0.5 towards the sign of rho, then truncate) needs the
    sign of every vote. rho = (x + y) * (cos + u * (sin - cos)) with u = y / (x + y) is linear in
    u, so once pixels are sorted by u, each angle splits them into one run of rho >= 0 and one run
    of rho <= 0, and only the bucket holding the sign change needs a per-vote test. Any vote with
    |rho| < 0.49 rounds the same either way, so float error in u cannot misplace one.

    Returns the pixel order, the bucket starts into the ordered pixels, and an int8 class per
    (angle, bucket): +1 every vote has rho >= 0, -1 every vote has rho <= 0, 0 mixed.
    """
    x = cols.astype(np.float64)
    y = rows.astype(np.float64)
    u = y / np.maximum(x + y, 1.0)          # x + y = 0 only at the origin, where y = 0 too
    bucket = np.minimum(u * _DIRECTION_BUCKETS, _DIRECTION_BUCKETS - 1).astype(np.uint8)
    order = np.argsort(bucket, kind="stable")
    counts = np.bincount(bucket, minlength=_DIRECTION_BUCKETS)
    starts = np.concatenate(([0], np.cumsum(counts)))

    edges_u = np.arange(_DIRECTION_BUCKETS + 1) / _DIRECTION_BUCKETS
    g = cos_t[:, None] + edges_u[None, :] * (sin_t - cos_t)[:, None]   # rho / (x + y) at edges
    low, high = g[:, :-1], g[:, 1:]
    classes = np.zeros(low.shape, np.int8)
    classes[(low >= 0) & (high >= 0)] = 1
    classes[(low <= 0) & (high <= 0)] = -1
    return order, starts, classes


def _mirrored_pairs(cos_t, sin_t):
    """Angles whose cosine is equal and sine opposite, bit for bit (theta and -theta).

    For such a pair the products cos * x and sin * y are the same up to sign, so both angles' rho
    come from one pair of products: A + B and A - B (float negation is exact).
    Returns (plus, minus) index arrays, sin > 0 for plus, and the remaining angles.
    """
    by_key = {}
    for j in np.flatnonzero(sin_t > 0):
        by_key.setdefault((cos_t[j], sin_t[j]), []).append(j)
    plus, minus, paired = [], [], set()
    for j in np.flatnonzero(sin_t < 0):
        partners = by_key.get((cos_t[j], -sin_t[j]))
        if partners:
            k = partners.pop()
            plus.append(k)
            minus.append(j)
            paired.update((j, k))
    singles = [j for j in range(cos_t.size) if j not in paired]
    return np.array(plus, np.intp), np.array(minus, np.intp), np.array(singles, np.intp)


def _round_away_into(rho, out, sign, scratch):
    """Write scikit-image's rounding of ``rho`` (half away from zero, in float64) into ``out``.

    scikit-image computes ``(Py_ssize_t)(rho + 0.5)`` if rho > 0 else ``(Py_ssize_t)(rho - 0.5)``;
    the float additions are kept as they are because they decide ties differently from an exact
    round (e.g. rho = 0.49999999999999994 gives 1). ``sign`` says which branch every vote takes
    (+1, -1) or that it varies (0). ``rho`` is overwritten.
    """
    if sign > 0:
        np.add(rho, 0.5, out=rho)
        out[...] = rho
    elif sign < 0:
        np.subtract(rho, 0.5, out=rho)
        out[...] = rho
    else:
        # up = trunc(rho + 0.5) is the answer when rho > 0, and down = trunc(rho - 0.5) then
        # lies in [0, up]; down is the answer when rho <= 0, and up then lies in [down, 0]. So
        # clipping up to >= 0 and down to <= 0 zeroes the wrong one, and their sum is the answer.
        up, down, zero, tmp = scratch
        np.add(rho, 0.5, out=tmp)
        up[...] = tmp
        np.subtract(rho, 0.5, out=tmp)
        down[...] = tmp
        np.maximum(up, zero, out=up)
        np.minimum(down, zero, out=down)
        np.add(up, down, out=out)


def _block_runs(blocks, classes, starts):
    """For every block of angles, the pixel ranges over which each of its row groups keeps one
    sign class: a list of (start, stop, plus_sign, minus_sign) per block.

    A block is (plus, minus): two equal-length angle index arrays (minus None for unpaired
    angles). A group's class in a bucket is +1 if all its angles' votes are >= 0 there, -1 if
    all are <= 0, else 0. Computed for all blocks at once, as it costs more in calls than in work.
    """
    width = max(plus.size for plus, _ in blocks)

    def group_classes(groups):
        # Pad each group with its own first angle, which changes no all() below.
        index = np.array([np.resize(g, width) if g.size < width else g for g in groups])
        group = classes[index]                                  # (blocks, width, buckets)
        return np.where(np.all(group > 0, axis=1), 1, np.where(np.all(group < 0, axis=1), -1, 0))

    plus_class = group_classes([plus for plus, _ in blocks])
    minus_class = group_classes([plus if minus is None else minus for plus, minus in blocks])
    change = (np.diff(plus_class, axis=1) != 0) | (np.diff(minus_class, axis=1) != 0)
    block_of, bucket = np.nonzero(change)
    cuts = np.split(bucket + 1, np.searchsorted(block_of, np.arange(1, len(blocks))))
    starts = starts.tolist()
    n_buckets = plus_class.shape[1]
    runs = []
    for k, block_cuts in enumerate(cuts):
        bounds = [0, *block_cuts.tolist(), n_buckets]
        plus_k, minus_k = plus_class[k].tolist(), minus_class[k].tolist()
        runs.append([(starts[first], starts[last], plus_k[first], minus_k[first])
                     for first, last in zip(bounds[:-1], bounds[1:])
                     if starts[last] > starts[first]])
    return runs


class _Voter:
    """Buffers and constants shared by every block of one hough_accumulator call."""

    def __init__(self, x, y, cos_t, sin_t, offset, n_rhos, pass_size, block, chunk):
        self.x, self.y, self.cos_t, self.sin_t = x, y, cos_t, sin_t
        self.offset, self.n_rhos = offset, n_rhos
        fits_uint16 = n_rhos <= _UINT16_BINS
        self.use_calchist = fits_uint16 and pass_size >= _CALCHIST_MIN_PIXELS
        if self.use_calchist:
            self.copies = _HIST_COPIES if _HIST_COPIES * n_rhos <= _UINT16_BINS else 1
            self.hist_rows = max(1, min(_HIST_ROWS, _UINT16_BINS // (self.copies * n_rhos)))
            # uint16 bin of every vote's row and pixel, less its rounded rho: the angle row's
            # block of bins, its copy (by pixel parity), and the offset that makes rho >= 0.
            copy_base = (np.arange(pass_size) % self.copies) * (self.hist_rows * n_rhos)
            row_base = offset + n_rhos * np.arange(self.hist_rows)
            self.bin_base = (row_base[:, None] + copy_base[None, :]).astype(np.uint16)
        else:
            self.hist_rows = 2 * block
        round_dtype = np.int16 if fits_uint16 else np.int32
        self.chunk = chunk
        shape = (block, chunk)
        self.a_buf, self.b_buf, self.tmp_buf = np.empty(shape), np.empty(shape), np.empty(shape)
        self.up_buf, self.down_buf = np.empty(shape, round_dtype), np.empty(shape, round_dtype)
        self.zero_buf = np.zeros(shape, round_dtype)
        self.rounded = np.empty((2 * block, pass_size), round_dtype)
        self.first_pass = True

    def vote(self, plus, minus, runs, pass_start, pass_stop, acc):
        """Count the votes of pixels [pass_start, pass_stop) for angles plus (and their mirrors
        minus: same cosine, opposite sine) into the columns of acc; runs from _block_runs."""
        count = plus.size
        cos_col = self.cos_t[plus, None]
        sin_col = self.sin_t[plus, None]
        rounded_plus = self.rounded[:count]
        rounded_minus = self.rounded[count:2 * count]
        for start, stop, plus_sign, minus_sign in runs:
            start, stop = max(start, pass_start), min(stop, pass_stop)
            for lo in range(start, stop, self.chunk):
                hi = min(stop, lo + self.chunk)
                m = hi - lo
                a = self.a_buf[:count, :m]
                b = self.b_buf[:count, :m]
                tmp = self.tmp_buf[:count, :m]
                cols = slice(lo - pass_start, hi - pass_start)
                np.multiply(cos_col, self.x[lo:hi], out=a)
                np.multiply(sin_col, self.y[lo:hi], out=b)
                if minus is not None:
                    np.subtract(a, b, out=tmp)
                np.add(a, b, out=a)
                # b is free from here on: the rounding's float scratch.
                scratch = (self.up_buf[:count, :m], self.down_buf[:count, :m],
                           self.zero_buf[:count, :m], b)
                _round_away_into(a, rounded_plus[:, cols], plus_sign, scratch)
                if minus is not None:
                    _round_away_into(tmp, rounded_minus[:, cols], minus_sign, scratch)
        angles = plus if minus is None else np.concatenate((plus, minus))
        votes = self.rounded[:angles.size, :pass_stop - pass_start]
        for first in range(0, angles.size, self.hist_rows):
            rows = slice(first, min(angles.size, first + self.hist_rows))
            self._count(votes[rows], angles[rows], acc)

    def _count(self, votes, angles, acc):
        """Histogram the rounded rho of votes (one row per angle) into acc[:, angles]."""
        n_rows = votes.shape[0]
        if self.use_calchist:
            # Wrapping uint16 addition: (rounded mod 2**16 + base) mod 2**16 is the true bin,
            # which is below 2**16.
            index = votes.view(np.uint16)
            index += self.bin_base[:n_rows, :votes.shape[1]]
            bins = self.copies * self.hist_rows * self.n_rhos
            counts = cv2.calcHist([index], [0], None, [bins], [0, bins])
            counts = counts.reshape(self.copies, self.hist_rows, self.n_rhos)[:, :n_rows].sum(0)
        else:
            row_base = self.offset + self.n_rhos * np.arange(n_rows)
            index = votes.astype(np.intp) + row_base[:, None]
            counts = np.bincount(index.ravel(), minlength=n_rows * self.n_rhos)
        counts = counts.reshape(n_rows, self.n_rhos).T
        if self.first_pass:
            acc[:, angles] = counts
        else:
            acc[:, angles] += counts.astype(np.int64)


def hough_accumulator(edges, thetas) -> tuple[np.ndarray, np.ndarray]:
    """Vote every edge pixel into a (rho, theta) accumulator, exactly as scikit-image does.

    Parameters
    ----------
    edges : (H, W) array_like
        Edge map. Booleans or numbers: every nonzero value is an edge pixel. Not modified.
    thetas : (T,) array_like of float
        Angles in radians, any finite values in any order (see :func:`tutorial_thetas`).

    Returns
    -------
    acc : (R, T) ndarray of int64
        ``acc[i, j]`` counts the edge pixels with ``round(x cos(thetas[j]) + y sin(thetas[j]))
        == rhos[i]``, where x is the column, y the row, and halves round away from zero.
        ``R = 2 * ceil(hypot(H, W)) + 1``.
    rhos : (R,) ndarray of float64
        The rho of every row, ``-ceil(hypot(H, W))`` to ``+ceil(hypot(H, W))`` in steps of 1.

    Notes
    -----
    Each vote uses scikit-image's float64 arithmetic, ``cos(theta) * x + sin(theta) * y``
    rounded by adding 0.5 towards the sign of rho and truncating, so even votes on a tie
    land in the same row. Votes are computed for blocks of angles and pixels at once (numpy,
    no loop over pixels): angles theta and -theta share their two products, pixels are
    ordered by direction so the sign of rho is known for whole runs of them, and the votes
    are counted with ``cv2.calcHist`` (``np.bincount`` for maps under 2000 edge pixels and
    accumulators over 65536 rows). On the Canny map of a 1-megapixel photo (135k edge
    pixels, 180 angles) it runs about as fast as scikit-image's compiled loop; on small
    maps (a few thousand edge pixels) numpy's per-call overhead makes it a few
    milliseconds slower.

    References
    ----------
    Matches ``skimage.transform.hough_line(edges, theta=thetas)``: the counts are equal and
    ``rhos`` equals its third output. R. O. Duda and P. E. Hart, "Use of the Hough
    transformation to detect lines and curves in pictures", Comm. ACM 15(1), 1972.

    Examples
    --------
    >>> edges = np.zeros((5, 5), dtype=bool)
    >>> edges[2, :] = True                      # a horizontal line at row 2
    >>> acc, rhos = hough_accumulator(edges, np.deg2rad([0.0, 90.0]))
    >>> acc.shape, int(acc[:, 1].max()), float(rhos[acc[:, 1].argmax()])
    ((17, 2), 5, 2.0)
    """
    edges = _as_edge_map(edges)
    thetas = _as_thetas(thetas)
    height, width = edges.shape
    offset = _rho_offset(height, width)
    n_rhos = 2 * offset + 1
    rhos = np.linspace(-offset, offset, n_rhos)
    n_angles = thetas.size

    cols, rows = _edge_pixels(edges)
    n_pixels = cols.size
    if n_pixels == 0:
        return np.zeros((n_rhos, n_angles), np.int64), rhos

    # np.cos / np.sin on the float64 array, as scikit-image does, so the factors are bit-identical.
    cos_t = np.cos(thetas)
    sin_t = np.sin(thetas)
    pure_sign = np.where((cos_t >= 0) & (sin_t >= 0), 1,
                         np.where((cos_t <= 0) & (sin_t <= 0), -1, 0))
    if np.all(pure_sign != 0):
        starts = np.array([0, n_pixels])
        classes = pure_sign[:, None].astype(np.int8)
    else:
        order, starts, classes = _direction_order(cols, rows, cos_t, sin_t)
        cols = cols[order]
        rows = rows[order]
    x = cols.astype(np.float64)
    y = rows.astype(np.float64)

    plus, minus, singles = _mirrored_pairs(cos_t, sin_t)
    pass_size = min(n_pixels, _PIXELS_PER_PASS)
    block = max(_ANGLES_PER_BLOCK, min(n_angles, _SMALL_MAP_VOTES // pass_size))
    chunk = pass_size if block > _ANGLES_PER_BLOCK else max(1, _VOTES_PER_CHUNK // block)
    voter = _Voter(x, y, cos_t, sin_t, offset, n_rhos, pass_size, block, chunk)
    blocks = [(plus[first:first + block], minus[first:first + block])
              for first in range(0, plus.size, block)]
    blocks += [(singles[first:first + block], None) for first in range(0, singles.size, block)]
    runs = _block_runs(blocks, classes, starts)
    # Every column is written by the first pass (each angle is in exactly one block); later
    # passes, for pictures with over 4 million edge pixels, add to it.
    acc = np.empty((n_rhos, n_angles), np.int64)
    for pass_start in range(0, n_pixels, pass_size):
        voter.first_pass = pass_start == 0
        pass_stop = min(n_pixels, pass_start + pass_size)
        for (block_plus, block_minus), block_runs in zip(blocks, runs):
            voter.vote(block_plus, block_minus, block_runs, pass_start, pass_stop, acc)
    return acc, rhos


def tutorial_thetas(step_degrees: float = 1.0) -> np.ndarray:
    """The tutorial's angle grid: -90 degrees up to (not including) +90, in radians.

    Parameters
    ----------
    step_degrees : float
        Spacing in degrees; 1 gives the tutorial's 180 angles.

    Returns
    -------
    thetas : (T,) ndarray of float64
        ``np.deg2rad(np.arange(-90.0, 90.0, step_degrees))``.

    References
    ----------
    The tutorial's ``np.deg2rad(np.arange(-90.0, 90.0))``.

    Examples
    --------
    >>> thetas = tutorial_thetas()
    >>> thetas.size, float(np.rad2deg(thetas[0])), float(np.rad2deg(thetas[-1]))
    (180, -90.0, 89.0)
    """
    step = float(step_degrees)
    if not math.isfinite(step) or not 0 < step <= 180:
        raise ValueError(f"The angle step must be between 0 and 180 degrees, got {step_degrees}.")
    return np.deg2rad(np.arange(-90.0, 90.0, step))


def point_sinusoid(x: float, y: float, thetas) -> np.ndarray:
    """rho(theta) of every line through the image point (x, y): the curve that point votes along.

    Parameters
    ----------
    x, y : float
        Column and row of the point.
    thetas : (T,) array_like of float
        Angles in radians.

    Returns
    -------
    rhos : (T,) ndarray of float64
        ``x cos(theta) + y sin(theta)``, computed as :func:`hough_accumulator` computes a vote, so
        rounding it (halves away from zero) gives the rows the pixel votes in.

    References
    ----------
    The duality of the tutorial: a point in the image is a sinusoid in (theta, rho) space.

    Examples
    --------
    >>> point_sinusoid(3, 4, np.deg2rad([0.0, 90.0])).round(6).tolist()
    [3.0, 4.0]
    """
    thetas = _as_thetas(thetas)
    x = float(x)
    y = float(y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("The point's coordinates must be finite numbers.")
    return np.cos(thetas) * x + np.sin(thetas) * y


def line_endpoints(theta: float, rho: float, height: int, width: int):
    """The two ends of the line ``x cos(theta) + y sin(theta) = rho`` inside an image, for drawing.

    Parameters
    ----------
    theta, rho : float
        The line, as in the accumulator (radians; pixels from the top-left pixel's centre).
    height, width : int
        Image size; the segment is clipped to the pixel centres, ``0 <= x <= width - 1`` and
        ``0 <= y <= height - 1``.

    Returns
    -------
    ends : tuple of two (x, y) float tuples, or None
        The ends of the visible segment, left one first (they coincide if the line only touches
        a corner), or None if the line misses the image.

    References
    ----------
    Liang-Barsky clipping of the parametric line ``rho (cos, sin) + t (-sin, cos)``.

    Examples
    --------
    >>> (x0, y0), (x1, y1) = line_endpoints(np.pi / 2, 2.0, 5, 10)   # the line y = 2
    >>> [round(v, 9) for v in (x0, y0, x1, y1)]
    [0.0, 2.0, 9.0, 2.0]
    """
    theta = float(theta)
    rho = float(rho)
    if not (math.isfinite(theta) and math.isfinite(rho)):
        raise ValueError("theta and rho must be finite numbers.")
    if int(height) < 1 or int(width) < 1:
        raise ValueError(f"The image must be at least 1x1 pixels, got {height}x{width}.")
    cos_t, sin_t = math.cos(theta), math.sin(theta)
    px, py = rho * cos_t, rho * sin_t          # foot of the perpendicular from the origin
    dx, dy = -sin_t, cos_t                      # unit direction along the line
    t_min, t_max = -math.inf, math.inf
    for start, step, lower, upper in ((px, dx, 0.0, width - 1.0), (py, dy, 0.0, height - 1.0)):
        if abs(step) < 1e-12:
            if start < lower - 1e-9 or start > upper + 1e-9:
                return None
            continue
        t0, t1 = (lower - start) / step, (upper - start) / step
        t_min, t_max = max(t_min, min(t0, t1)), min(t_max, max(t0, t1))
    if t_min > t_max + 1e-9:
        return None

    def point(t):
        return (min(max(px + t * dx, 0.0), width - 1.0), min(max(py + t * dy, 0.0), height - 1.0))

    return tuple(sorted((point(t_min), point(t_max))))


def accumulator_image(acc, scale: str = "sqrt", max_rows: int = 600) -> tuple[np.ndarray, int]:
    """The accumulator as a colour picture (inferno colour map), at most ``max_rows`` rows high.

    An accumulator has ``2 * ceil(diag) + 1`` rows (about 3000 at one megapixel), far more than a
    figure shows. Groups of consecutive rows are merged into one by their maximum, never their
    mean, so a one-row peak keeps its full brightness instead of fading into its neighbours.

    Parameters
    ----------
    acc : (R, T) array_like of int
        Vote counts, as :func:`hough_accumulator` gives them.
    scale : {"sqrt", "log", "linear"}
        Brightness of a count relative to the highest: ``sqrt(c / top)``,
        ``log(1 + c) / log(1 + top)`` or ``c / top``.
    max_rows : int
        Most rows of the picture.

    Returns
    -------
    picture : (ceil(R / k), T, 3) ndarray of uint8
        RGB; black is no vote, pale yellow the highest count.
    rows_per_pixel : int
        ``k``, the accumulator rows each picture row stands for (the last group is padded with
        zeros).

    Examples
    --------
    >>> picture, k = accumulator_image(np.arange(10).reshape(5, 2), "linear", max_rows=2)
    >>> picture.shape, k
    ((2, 2, 3), 3)
    """
    acc = np.asarray(acc)
    if acc.ndim != 2 or acc.size == 0:
        raise ValueError(f"Expected a non-empty 2-D accumulator, got shape {acc.shape}.")
    if scale not in ACCUMULATOR_SCALES:
        raise ValueError(f"The brightness scale must be one of {', '.join(ACCUMULATOR_SCALES)}, "
                         f"got {scale!r}.")
    if isinstance(max_rows, bool) or not isinstance(max_rows, (int, np.integer)) or max_rows < 1:
        raise ValueError(f"max_rows must be a whole number, at least 1, got {max_rows!r}.")
    rows_per_pixel = max(1, math.ceil(acc.shape[0] / max_rows))
    padded = np.pad(acc, ((0, -acc.shape[0] % rows_per_pixel), (0, 0)))
    pooled = padded.reshape(-1, rows_per_pixel, acc.shape[1]).max(axis=1).astype(np.float64)
    top = max(1.0, float(pooled.max()))
    if scale == "log":
        level = np.log1p(pooled) / math.log1p(top)
    elif scale == "sqrt":
        level = np.sqrt(pooled / top)
    else:
        level = pooled / top
    coloured = cv2.applyColorMap((level * 255).astype(np.uint8), cv2.COLORMAP_INFERNO)
    return cv2.cvtColor(coloured, cv2.COLOR_BGR2RGB), rows_per_pixel


def _max_filter(values: np.ndarray, size_rows: int, size_cols: int) -> np.ndarray:
    """Running maximum over a size_rows x size_cols window, zero outside (scipy's cval=0)."""
    kernel = np.ones((size_rows, size_cols), np.uint8)
    return cv2.dilate(values, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)


def hough_peaks(acc, thetas, rhos, num_peaks=None, threshold=None, min_distance: int = 9,
                min_angle: int = 10) -> list[tuple[int, float, float]]:
    """The strongest, well separated lines of an accumulator, like scikit-image's peak finder.

    Parameters
    ----------
    acc : (R, T) array_like
        Accumulator from :func:`hough_accumulator` (non-negative counts). Not modified.
    thetas : (T,) array_like
        Angle of every column, radians.
    rhos : (R,) array_like
        Rho of every row.
    num_peaks : int or None
        Keep at most this many peaks, the strongest; None keeps them all.
    threshold : float or None
        A peak needs more than this many votes; None means half the largest count.
    min_distance : int
        Peaks closer than this many rows (rho) and ...
    min_angle : int
        ... this many columns (theta) to a stronger peak are suppressed. Angle columns wrap
        around, with rho mirrored, as lines at -90 and +90 degrees are the same line.

    Returns
    -------
    peaks : list of (votes, theta, rho)
        Strongest first.

    Notes
    -----
    Follows ``skimage.feature.peak._prominent_peaks`` step by step: a rectangular maximum
    filter, plateaus of local maxima above the threshold labelled (8-connected), each
    plateau's rounded centroid taken in order of decreasing height (ties: later label
    first), and a window around each accepted peak suppressed, mirrored as
    ``rows - row`` across the angle wrap, as scikit-image does (one row off an exact
    mirror, ``R - 1 - row``). When ``num_peaks`` cuts between equal counts the same sort
    as scikit-image's decides which survive.

    References
    ----------
    Matches ``skimage.transform.hough_line_peaks(acc, thetas, rhos, min_distance, min_angle,
    threshold, num_peaks)``.

    Examples
    --------
    >>> edges = np.zeros((60, 60), dtype=bool)
    >>> edges[30, :] = True                     # the horizontal line y = 30
    >>> thetas = tutorial_thetas()
    >>> acc, rhos = hough_accumulator(edges, thetas)
    >>> [(votes, round(float(np.rad2deg(theta))), rho) for votes, theta, rho in hough_peaks(
    ...     acc, thetas, rhos, num_peaks=1)]
    [(60, -90, -30.0)]
    """
    acc = np.asarray(acc)
    thetas = np.asarray(thetas, dtype=np.float64)
    rhos = np.asarray(rhos, dtype=np.float64)
    if acc.ndim != 2 or acc.size == 0:
        raise ValueError(f"The accumulator must be a non-empty 2-D array, got shape {acc.shape}.")
    if acc.dtype.kind not in "biuf":
        raise ValueError(f"The accumulator must hold numbers, not {acc.dtype}.")
    n_rows, n_cols = acc.shape
    if thetas.shape != (n_cols,) or rhos.shape != (n_rows,):
        raise ValueError(
            f"thetas must have one angle per accumulator column ({n_cols}) and rhos one value "
            f"per row ({n_rows}); got {thetas.shape[0] if thetas.ndim else 0} and "
            f"{rhos.shape[0] if rhos.ndim else 0}."
        )
    if num_peaks is not None and (not float(num_peaks) == float(num_peaks) or num_peaks < 0):
        raise ValueError(f"num_peaks must be a non-negative number or None, got {num_peaks}.")
    min_distance = int(min_distance)
    min_angle = int(min_angle)
    if min_distance < 0 or min_angle < 0:
        raise ValueError("min_distance and min_angle must be zero or more.")
    min_angle = min(min_angle, n_cols)

    values = acc.astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError("The accumulator must be finite.")
    if threshold is None:
        threshold = 0.5 * values.max()
    threshold = float(threshold)

    local_max = _max_filter(values, 2 * min_distance + 1, 2 * min_angle + 1)
    # Non-maxima are zeroed before the threshold test, as scikit-image does (it matters only for
    # a negative threshold, which then keeps them).
    plateau = np.where(values == local_max, values, 0.0) > threshold
    n_labels, labels = cv2.connectedComponents(plateau.astype(np.uint8), connectivity=8,
                                               ltype=cv2.CV_32S)
    candidates = _plateau_candidates(labels, n_labels, local_max)

    suppressed = np.zeros(acc.shape, bool)
    row_offsets, col_offsets = np.mgrid[-min_distance:min_distance + 1, -min_angle:min_angle + 1]
    peaks = []
    for row, col in candidates:
        height = 0.0 if suppressed[row, col] else local_max[row, col]
        if not height > threshold:
            continue
        nh_rows = row + row_offsets
        nh_cols = col + col_offsets
        inside = (nh_rows > 0) & (nh_rows < n_rows)   # scikit-image skips row 0 too
        nh_rows = nh_rows[inside]
        nh_cols = nh_cols[inside]
        wrapped = (nh_cols < 0) | (nh_cols >= n_cols)
        nh_rows[wrapped] = n_rows - nh_rows[wrapped]
        nh_cols[nh_cols < 0] += n_cols
        nh_cols[nh_cols >= n_cols] -= n_cols
        suppressed[nh_rows, nh_cols] = True
        peaks.append((height, row, col))

    if num_peaks is not None and num_peaks < len(peaks):
        heights = np.array([h for h, _, _ in peaks])
        if acc.dtype.kind in "biu" and np.all(heights >= 0):
            heights = heights.astype(np.uint64)   # the dtype scikit-image sorts, for equal ties
        keep = np.argsort(heights)[::-1][:int(num_peaks)]
        peaks = [peaks[i] for i in keep]
    result = []
    for height, row, col in peaks:
        votes = int(height) if float(height).is_integer() else float(height)
        result.append((votes, float(thetas[col]), float(rhos[row])))
    return result


def _plateau_candidates(labels, n_labels, local_max):
    """Rounded centroids of the labelled plateaus, in scikit-image's visiting order."""
    flat = labels.ravel()
    where = np.flatnonzero(flat)
    if where.size == 0:
        return []
    found = flat[where]
    # Number plateaus by their first pixel in raster order, as skimage.measure.label does.
    first_label, first_at = np.unique(found, return_index=True)
    rank = np.empty(n_labels, np.intp)
    rank[first_label[np.argsort(first_at, kind="stable")]] = np.arange(first_label.size)
    ids = rank[found]
    n = first_label.size
    row_index, col_index = np.divmod(where, labels.shape[1])
    area = np.bincount(ids, minlength=n).astype(np.float64)
    centre_row = np.round(np.bincount(ids, weights=row_index, minlength=n) / area).astype(np.intp)
    centre_col = np.round(np.bincount(ids, weights=col_index, minlength=n) / area).astype(np.intp)
    height = np.full(n, -np.inf)
    np.maximum.at(height, ids, local_max.ravel()[where])
    # Python's stable ascending sort by height, reversed: highest first, ties by later label.
    order = np.lexsort((np.arange(n), height))[::-1]
    return list(zip(centre_row[order].tolist(), centre_col[order].tolist()))


def tutorial_hough_loop(edges, thetas):
    """The tutorial's Hough transform: a Python loop over every edge pixel and every angle.

    Kept only as the benchmark baseline. What it does wrong: it loops in Python (thousands of
    times slower); it sizes the accumulator ``2 * ceil(diag)`` rows, one short of the
    ``2 * ceil(diag) + 1`` that rho from ``-ceil(diag)`` to ``+ceil(diag)`` needs, so its
    ``rhos = linspace(-diag, diag, 2 * diag)`` are spaced slightly more than 1 apart and drift from
    the rows they label by up to one; and Python's ``round`` sends halves to the even neighbour
    where scikit-image rounds them away from zero.

    Parameters
    ----------
    edges : (H, W) array_like
        Edge map, nonzero = edge.
    thetas : (T,) array_like of float
        Angles in radians.

    Returns
    -------
    accumulator : (2 * ceil(diag), T) ndarray of uint64
    thetas : (T,) ndarray
    rhos : (2 * ceil(diag),) ndarray

    References
    ----------
    The tutorial's ``hough_line`` (after A. Quek, "Understanding Hough Transform With Python").

    Examples
    --------
    >>> acc, _, rhos = tutorial_hough_loop(np.eye(3, dtype=bool), np.deg2rad([-45.0, 45.0]))
    >>> acc.shape, int(acc.max())
    ((10, 2), 3)
    """
    edges = _as_edge_map(edges)
    thetas = _as_thetas(thetas)
    height, width = edges.shape
    diag_len = _rho_offset(height, width)
    rhos = np.linspace(-diag_len, diag_len, diag_len * 2)
    cos_t = np.cos(thetas)
    sin_t = np.sin(thetas)
    accumulator = np.zeros((2 * diag_len, thetas.size), dtype=np.uint64)
    y_idxs, x_idxs = np.nonzero(edges)
    for i in range(len(x_idxs)):
        x = x_idxs[i]
        y = y_idxs[i]
        for t_idx in range(thetas.size):
            rho = diag_len + int(round(x * cos_t[t_idx] + y * sin_t[t_idx]))
            accumulator[rho, t_idx] += 1
    return accumulator, thetas, rhos
