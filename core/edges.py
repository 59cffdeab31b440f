"""Canny edge detection from scratch, keeping every stage for display.

The five stages of Canny (1986) as the tutorial teaches them:

1. Gaussian smoothing (separable, float32) to keep noise from becoming edges;
2. the gradient of the 3x3 Sobel operator: its L2 magnitude and direction;
3. non-maximum suppression, thinning ridges of magnitude to one-pixel-wide lines;
4. double thresholding into strong (``> high``) and weak (``low < m <= high``) pixels;
5. hysteresis: a weak pixel is kept when it is 8-connected, through other weak pixels, to a
   strong one.

The thresholds are in OpenCV's units (3x3 Sobel, L2 magnitude): given the same smoothed image,
:func:`canny` finds the same edges as ``cv2.Canny(smoothed, low, high, L2gradient=True)``, pixel
for pixel. The stage functions are public so that a page can cache the threshold-free stages
(:func:`gaussian_smooth`, :func:`sobel_gradients`, :func:`non_maximum_suppression`) and re-run
only :func:`hysteresis` when a threshold slider moves.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import cv2
import numpy as np

from core.images import to_gray

__all__ = [
    "CannyResult",
    "MAX_SIGMA",
    "canny",
    "gradient_stages",
    "gaussian_kernel_size",
    "gaussian_kernel",
    "gaussian_smooth",
    "sobel_gradients",
    "gradient_magnitude",
    "gradient_direction",
    "non_maximum_suppression",
    "hysteresis",
    "reference_canny",
    "opencv_pipeline",
    "edge_f1",
    "direction_colours",
    "direction_wheel",
]

# A sigma of 50 already needs a 301-tap kernel (about half a second on a megapixel); beyond that
# a user has asked for a blank picture and would only wait for it.
MAX_SIGMA = 50.0

# OpenCV bins gradient directions with tan(22.5 deg) in 15-bit fixed point (13573 / 2**15). Using
# the very same constant keeps our bins identical on integer gradients: the products below stay
# exact in float32 because |gx| <= 1020 needs 10 bits and 13573 needs 14.
_TAN_22_5 = np.float32(13573 / 32768)


@dataclass(frozen=True, eq=False)
class CannyResult:
    """Every stage of :func:`canny`, each an array of the input's height and width.

    Attributes
    ----------
    smoothed : ndarray of float32
        The grey image after Gaussian smoothing (the input itself, as float, for ``sigma == 0``).
    magnitude : ndarray of float32
        ``hypot(gx, gy)`` of the 3x3 Sobel derivatives: what the thresholds are compared with.
    direction : ndarray of float32
        ``arctan2(gy, gx)`` in radians, in [-pi, pi]; x points right and y down, as in the picture.
    suppressed : ndarray of float32
        ``magnitude`` where it is a local maximum across the edge, 0 elsewhere.
    strong : ndarray of bool
        Suppressed magnitude above ``high``: certain edge pixels.
    weak : ndarray of bool
        Suppressed magnitude above ``low`` but not above ``high``: edge pixels only when connected
        to a strong one. Disjoint from ``strong``.
    edges : ndarray of bool
        The final edge map: strong pixels and the weak pixels connected to them.
    """

    smoothed: np.ndarray
    magnitude: np.ndarray
    direction: np.ndarray
    suppressed: np.ndarray
    strong: np.ndarray
    weak: np.ndarray
    edges: np.ndarray


# --- validation ---------------------------------------------------------------------------------


def _check_sigma(sigma: float) -> float:
    try:
        sigma = float(sigma)
    except (TypeError, ValueError):
        raise ValueError(f"The smoothing sigma must be a number, got {sigma!r}.") from None
    if not math.isfinite(sigma) or sigma < 0:
        raise ValueError(f"The smoothing sigma must be 0 (no smoothing) or positive, got {sigma}.")
    if sigma > MAX_SIGMA:
        raise ValueError(f"The smoothing sigma can be at most {MAX_SIGMA:g}, got {sigma:g}.")
    return sigma


def _check_thresholds(low: float, high: float) -> tuple[float, float]:
    try:
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        raise ValueError(
            f"The thresholds must be numbers, got low={low!r}, high={high!r}."
        ) from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"The thresholds must be finite numbers, got low={low}, high={high}.")
    if low < 0 or high < 0:
        raise ValueError(f"The thresholds must be 0 or more, got low={low:g}, high={high:g}.")
    if low > high:
        # OpenCV swaps them silently; a teaching tool says so instead.
        raise ValueError(
            f"The low threshold ({low:g}) must not be above the high threshold ({high:g}). "
            "Lower 'low' or raise 'high'."
        )
    return low, high


def _as_float_image(array: np.ndarray, name: str) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=np.float32)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"Expected {name} as a non-empty 2-D array, got shape {array.shape}.")
    return array


def _same_shapes(*arrays: np.ndarray) -> None:
    shapes = [a.shape for a in arrays]
    if len(set(shapes)) != 1:
        raise ValueError(f"The arrays must all have one shape, got {', '.join(map(str, shapes))}.")


# --- scratch memory -----------------------------------------------------------------------------
# Every stage writes into buffers it is handed instead of allocating temporaries. On this kind of
# machine a fresh megapixel float32 array costs about 1.5 ms of page faults when first written,
# which with a dozen temporaries per stage was half of Canny's time; so one set of scratch buffers
# serves every stage in turn, and is kept for the next call (a slider calls Canny over and over on
# the same picture). Outputs and scratch are C-contiguous: numpy's loops run about twice as fast
# as on strided views.

_FLOAT_BUFFERS = 5
_FLAG_BUFFERS = 5
# Keep scratch between calls only for working-size pictures (about 25 bytes a pixel).
_KEEP_SCRATCH_PIXELS = 3_000_000


class _Workspace:
    def __init__(self, size: int):
        self.size = size
        self.floats = [np.empty(size, np.float32) for _ in range(_FLOAT_BUFFERS)]
        self.flags = [np.empty(size, bool) for _ in range(_FLAG_BUFFERS)]


_kept_workspace: _Workspace | None = None
_kept_workspace_lock = threading.Lock()


@contextmanager
def _borrowed_workspace(height: int, width: int, radius: int = 1) -> Iterator[_Workspace]:
    """Scratch for an (H, W) image and a kernel of ``radius``; kept unless another thread has it."""
    global _kept_workspace
    size = (height + 2 * max(radius, 1)) * (width + 2 * max(radius, 1))
    if size > _KEEP_SCRATCH_PIXELS or not _kept_workspace_lock.acquire(blocking=False):
        yield _Workspace(size)
        return
    try:
        if _kept_workspace is None or not size <= _kept_workspace.size <= 4 * size:
            _kept_workspace = None  # let the old buffers go before the new ones are made
            _kept_workspace = _Workspace(size)
        yield _kept_workspace
    finally:
        _kept_workspace_lock.release()


def _grid(flat: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A C-contiguous 2-D view of the start of a flat buffer."""
    return flat[: shape[0] * shape[1]].reshape(shape)


# --- 1. Gaussian smoothing ----------------------------------------------------------------------


def gaussian_kernel_size(sigma: float) -> int:
    """Taps of the Gaussian kernel for ``sigma``: OpenCV's rule for 8-bit images.

    ``round(6 * sigma + 1)`` made odd, so the kernel reaches about 3 sigma either side and
    ``cv2.GaussianBlur(gray, (0, 0), sigma)`` uses the same size. 1 for ``sigma == 0``.

    Examples
    --------
    >>> gaussian_kernel_size(1.0), gaussian_kernel_size(1.4), gaussian_kernel_size(0)
    (7, 9, 1)
    """
    sigma = _check_sigma(sigma)
    if sigma == 0:
        return 1
    return int(round(6.0 * sigma + 1.0)) | 1


def gaussian_kernel(sigma: float) -> np.ndarray:
    """The normalised 1-D Gaussian kernel used by :func:`gaussian_smooth` (float64, sums to 1).

    References
    ----------
    Equal to ``cv2.getGaussianKernel(gaussian_kernel_size(sigma), sigma)[:, 0]``.

    Examples
    --------
    >>> gaussian_kernel(1.0).round(3).tolist()
    [0.004, 0.054, 0.242, 0.399, 0.242, 0.054, 0.004]
    """
    size = gaussian_kernel_size(sigma)
    if size == 1:
        return np.ones(1)
    offsets = np.arange(size) - (size - 1) / 2
    weights = np.exp(-(offsets**2) / (2.0 * float(sigma) ** 2))
    return weights / weights.sum()


def _smooth_into(gray: np.ndarray, kernel: np.ndarray, out: np.ndarray, work: _Workspace) -> None:
    height, width = gray.shape
    radius = len(kernel) // 2
    if radius == 0:
        out[...] = gray
        return
    weights = kernel.astype(np.float32)
    padded = _grid(work.floats[0], (height + 2 * radius, width + 2 * radius))
    # np.pad's "reflect" is OpenCV's BORDER_REFLECT_101 (mirrored without repeating the edge
    # pixel), repeated as often as a kernel longer than the image needs.
    np.copyto(padded, np.pad(gray, radius, mode="reflect"))
    # Rows first: each tap of the vertical pass is a block of whole contiguous rows.
    rows = _grid(work.floats[1], (height, width + 2 * radius))
    pair = _grid(work.floats[2], (height, width + 2 * radius))
    np.multiply(padded[radius : radius + height], weights[radius], out=rows)
    # A symmetric kernel lets each pair of mirrored taps share one multiplication.
    for offset in range(1, radius + 1):
        np.add(padded[radius - offset : radius - offset + height],
               padded[radius + offset : radius + offset + height], out=pair)
        pair *= weights[radius + offset]
        rows += pair
    pair = _grid(work.floats[0], (height, width))  # the padded copy is spent
    np.multiply(rows[:, radius : radius + width], weights[radius], out=out)
    for offset in range(1, radius + 1):
        np.add(rows[:, radius - offset : radius - offset + width],
               rows[:, radius + offset : radius + offset + width], out=pair)
        pair *= weights[radius + offset]
        out += pair


def gaussian_smooth(gray: np.ndarray, sigma: float) -> np.ndarray:
    """Smooth a grey image with a separable Gaussian, in float32.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)
        The image; RGB is converted with :func:`core.images.to_gray`.
    sigma : float
        Standard deviation in pixels; 0 returns the image unsmoothed (as float32). The kernel has
        :func:`gaussian_kernel_size` taps.

    Returns
    -------
    ndarray of float32, shape (H, W)
        Not rounded (:func:`canny` rounds it to whole grey levels unless told otherwise).

    References
    ----------
    ``cv2.GaussianBlur(gray.astype(np.float32), (k, k), sigma)`` with
    ``k = gaussian_kernel_size(sigma)``: same kernel and border (``BORDER_REFLECT_101``), equal
    within float32 rounding. On uint8 input OpenCV computes in 16-bit fixed point and rounds, so
    ``cv2.GaussianBlur(gray, (0, 0), sigma)`` is within about one grey level of ours.

    Examples
    --------
    >>> gaussian_smooth(np.full((3, 4), 7, np.uint8), 2.0).tolist()[0]
    [7.0, 7.0, 7.0, 7.0]
    """
    gray = to_gray(gray)
    kernel = gaussian_kernel(sigma)
    out = np.empty(gray.shape, np.float32)
    with _borrowed_workspace(*gray.shape, radius=len(kernel) // 2) as work:
        _smooth_into(gray, kernel, out, work)
    return out


# --- 2. Sobel gradient --------------------------------------------------------------------------


def _replicate_frame(framed: np.ndarray) -> None:
    """Fill the one-pixel frame around ``framed[1:-1, 1:-1]`` with copies of its edge pixels."""
    framed[0, 1:-1] = framed[1, 1:-1]
    framed[-1, 1:-1] = framed[-2, 1:-1]
    framed[:, 0] = framed[:, 1]
    framed[:, -1] = framed[:, -2]


def _sobel_into(smoothed: np.ndarray, gx: np.ndarray, gy: np.ndarray, work: _Workspace) -> None:
    height, width = smoothed.shape
    framed = _grid(work.floats[0], (height + 2, width + 2))
    framed[1:-1, 1:-1] = smoothed
    _replicate_frame(framed)
    # The kernel is separable: a central difference along the derivative's axis times the
    # smoothing [1, 2, 1] across it.
    partial = _grid(work.floats[1], (height + 2, width))
    np.subtract(framed[:, 2:], framed[:, :-2], out=partial)
    np.add(partial[:-2], partial[2:], out=gx)
    gx += partial[1:-1]
    gx += partial[1:-1]
    np.add(framed[:, :-2], framed[:, 2:], out=partial)
    partial += framed[:, 1:-1]
    partial += framed[:, 1:-1]
    np.subtract(partial[2:], partial[:-2], out=gy)


def sobel_gradients(smoothed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 3x3 Sobel derivatives ``(gx, gy)`` in float32, x to the right and y down.

    The border is replicated (the edge pixel repeated), as inside ``cv2.Canny``.

    References
    ----------
    ``cv2.Sobel(src, cv2.CV_32F, 1, 0, ksize=3, borderType=cv2.BORDER_REPLICATE)`` (and 0, 1 for
    gy). Exact on integer input.

    Examples
    --------
    >>> gx, gy = sobel_gradients(np.array([[0, 0, 10, 10]] * 3, np.float32))
    >>> gx[1].tolist(), gy[1].tolist()
    ([0.0, 40.0, 40.0, 0.0], [0.0, 0.0, 0.0, 0.0])
    """
    smoothed = _as_float_image(smoothed, "the smoothed image")
    gx = np.empty(smoothed.shape, np.float32)
    gy = np.empty(smoothed.shape, np.float32)
    with _borrowed_workspace(*smoothed.shape) as work:
        _sobel_into(smoothed, gx, gy, work)
    return gx, gy


def gradient_magnitude(gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The L2 gradient magnitude ``sqrt(gx**2 + gy**2)`` in float32 (OpenCV's ``L2gradient``).

    Examples
    --------
    >>> gradient_magnitude(np.float32([[3, 0]]), np.float32([[4, 0]])).tolist()
    [[5.0, 0.0]]
    """
    gx = _as_float_image(gx, "gx")
    gy = _as_float_image(gy, "gy")
    _same_shapes(gx, gy)
    magnitude = np.multiply(gx, gx)
    magnitude += gy * gy
    return np.sqrt(magnitude, out=magnitude)


def gradient_direction(gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """``arctan2(gy, gx)`` in radians (float32), in [-pi, pi]; 0 where there is no gradient.

    Examples
    --------
    >>> np.degrees(gradient_direction(np.float32([[1, 0, -1]]), np.float32([[0, 1, 0]]))).tolist()
    [[0.0, 90.0, 180.0]]
    """
    return np.arctan2(gy, gx, dtype=np.float32)


# --- 3. non-maximum suppression -----------------------------------------------------------------


def _suppress_into(magnitude: np.ndarray, gx: np.ndarray, gy: np.ndarray, out: np.ndarray,
                   work: _Workspace) -> None:
    """Non-maximum suppression into ``out``, which serves as scratch until the last line.

    Uses ``work.floats[0:3]`` and ``work.flags[0:5]``.
    """
    height, width = magnitude.shape
    # Outside the picture the magnitude counts as 0, as in OpenCV.
    framed = _grid(work.floats[0], (height + 2, width + 2))
    framed[0] = framed[-1] = 0
    framed[:, 0] = framed[:, -1] = 0
    framed[1:-1, 1:-1] = magnitude

    def neighbour(down: int, right: int) -> np.ndarray:
        return framed[1 + down : 1 + down + height, 1 + right : 1 + right + width]

    horizontal, vertical, falling, rising, beats = (_grid(f, (height, width)) for f in work.flags)
    abs_gx = np.abs(gx, out=_grid(work.floats[1], (height, width)))
    abs_gy = np.abs(gy, out=_grid(work.floats[2], (height, width)))
    tan_x = np.multiply(abs_gx, _TAN_22_5, out=out)
    np.less(abs_gy, tan_x, out=horizontal)
    # |gy| > tan(67.5) |gx| with tan(67.5) = 2 + tan(22.5), written so that integer gradients
    # give exact float32 arithmetic on both sides.
    abs_gx += abs_gx
    abs_gy -= abs_gx
    np.greater(abs_gy, tan_x, out=vertical)
    # The diagonals split by whether gx and gy share a sign: the gradient then points along
    # (1, 1), across the upper-left and lower-right neighbours, otherwise along (1, -1).
    np.greater(gx, 0, out=falling)
    np.greater(gy, 0, out=rising)
    np.equal(falling, rising, out=falling)
    np.logical_or(horizontal, vertical, out=rising)
    np.logical_not(rising, out=rising)  # every diagonal pixel
    falling &= rising
    rising ^= falling

    # Ties follow OpenCV: along the horizontal and vertical sectors a pixel must beat its left
    # (upper) neighbour and at least equal its right (lower) one, so a two-pixel-wide plateau
    # keeps exactly one pixel; along the diagonals it must beat both.
    for sector, first, second, tie_allowed in (
        (horizontal, neighbour(0, -1), neighbour(0, 1), True),
        (vertical, neighbour(-1, 0), neighbour(1, 0), True),
        (falling, neighbour(-1, -1), neighbour(1, 1), False),
        (rising, neighbour(-1, 1), neighbour(1, -1), False),
    ):
        np.greater(magnitude, first, out=beats)
        sector &= beats
        (np.greater_equal if tie_allowed else np.greater)(magnitude, second, out=beats)
        sector &= beats
    horizontal |= vertical
    horizontal |= falling
    horizontal |= rising
    np.multiply(magnitude, horizontal, out=out)


def non_maximum_suppression(magnitude: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Keep the magnitude only where it is a maximum across the edge; 0 elsewhere.

    The gradient direction is binned into four sectors without any arctangent: horizontal when
    ``|gy| < tan(22.5 deg) |gx|``, vertical when ``|gy| > tan(67.5 deg) |gx|``, otherwise one of the
    two diagonals (chosen by whether gx and gy share a sign). A pixel survives when its magnitude
    beats both neighbours along its sector. Outside the picture the magnitude counts as 0, so a
    strong gradient at the border can still be an edge.

    Ties follow OpenCV, so that a two-pixel-wide plateau keeps exactly one pixel: along the
    horizontal and vertical sectors the pixel must be greater than its left (upper) neighbour
    and at least equal to its right (lower) one; along a diagonal it must be greater than both.

    Parameters
    ----------
    magnitude, gx, gy : ndarray of float32, shape (H, W)
        From :func:`sobel_gradients` and :func:`gradient_magnitude`.

    Returns
    -------
    ndarray of float32, shape (H, W)

    References
    ----------
    The suppression inside ``cv2.Canny`` (``modules/imgproc/src/canny.cpp``), including its
    ``tan(22.5 deg)`` constant 13573 / 2**15. OpenCV only evaluates it above ``low``; here it
    runs everywhere, so this stage does not depend on the thresholds.

    Examples
    --------
    >>> m = np.float32([[0, 1, 3, 1, 0]]); zero = np.zeros_like(m)
    >>> non_maximum_suppression(m, m, zero).tolist()
    [[0.0, 0.0, 3.0, 0.0, 0.0]]
    """
    magnitude = _as_float_image(magnitude, "the gradient magnitude")
    gx = _as_float_image(gx, "gx")
    gy = _as_float_image(gy, "gy")
    _same_shapes(magnitude, gx, gy)
    out = np.empty(magnitude.shape, np.float32)
    with _borrowed_workspace(*magnitude.shape) as work:
        _suppress_into(magnitude, gx, gy, out, work)
    return out


# --- 4 and 5. double threshold and hysteresis ---------------------------------------------------


def _float32_below(threshold: float) -> np.float32:
    """The largest float32 not above ``threshold``: for float32 m, m > it iff m > threshold."""
    value = np.float32(threshold)
    if float(value) > threshold:
        value = np.nextafter(value, np.float32(-np.inf))
    return value


def _hysteresis(suppressed: np.ndarray, low: float, high: float,
                labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    strong = suppressed > _float32_below(high)
    weak = suppressed > _float32_below(low)  # every candidate, for now
    if strong.any():
        count, labels = cv2.connectedComponents(weak.view(np.uint8), labels=labels,
                                                connectivity=8, ltype=cv2.CV_32S)
        keep = np.zeros(count, bool)
        keep[labels[strong]] = True
        # Label 0 is the background; it holds no strong pixel, so keep[0] stays False.
        edges = np.take(keep, labels)
    else:
        edges = np.zeros_like(strong)
    weak ^= strong  # strong pixels are candidates too
    return strong, weak, edges


def hysteresis(
    suppressed: np.ndarray, low: float, high: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Double thresholding and hysteresis: ``(strong, weak, edges)`` boolean maps.

    Strong pixels have a suppressed magnitude above ``high``, weak ones above ``low`` but not
    above ``high``. Instead of tracing edges pixel by pixel from each strong seed, the candidate
    pixels (weak or strong) are labelled into 8-connected components in one pass, and a component
    is kept whole when any of its pixels is strong. Both give the same edges: a weak pixel is
    reachable from a strong one exactly when the two share a component.

    Parameters
    ----------
    suppressed : ndarray of float32, shape (H, W)
        From :func:`non_maximum_suppression`.
    low, high : float
        Thresholds in magnitude units, ``0 <= low <= high``; both are strict (``>``), as in OpenCV.

    Returns
    -------
    strong, weak, edges : ndarray of bool, shape (H, W)

    References
    ----------
    The hysteresis of ``cv2.Canny``, which traces from strong pixels with a stack;
    ``cv2.connectedComponents`` (8-connectivity) does the labelling here.

    Examples
    --------
    >>> strong, weak, edges = hysteresis(np.float32([[0, 9, 5, 5, 0, 5]]), 4, 8)
    >>> edges.astype(int).tolist()
    [[0, 1, 1, 1, 0, 0]]
    """
    suppressed = _as_float_image(suppressed, "the suppressed magnitude")
    return _hysteresis(suppressed, *_check_thresholds(low, high))


# --- the whole detector -------------------------------------------------------------------------


def _gradient_stages_into(gray: np.ndarray, kernel: np.ndarray, round_smoothed: bool,
                          work) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stages 1-3 in fresh arrays, using ``work`` for the scratch: smoothed, magnitude,
    direction and suppressed."""
    shape = gray.shape
    smoothed = np.empty(shape, np.float32)
    magnitude = np.empty(shape, np.float32)
    suppressed = np.empty(shape, np.float32)
    _smooth_into(gray, kernel, smoothed, work)
    if round_smoothed and len(kernel) > 1:
        np.rint(smoothed, out=smoothed)
    # gx and gy live in scratch: the last two float buffers, which no stage below touches.
    gx, gy = (_grid(f, shape) for f in work.floats[3:5])
    _sobel_into(smoothed, gx, gy, work)
    np.multiply(gx, gx, out=magnitude)
    magnitude += np.multiply(gy, gy, out=_grid(work.floats[0], shape))
    np.sqrt(magnitude, out=magnitude)
    direction = gradient_direction(gx, gy)
    _suppress_into(magnitude, gx, gy, suppressed, work)
    return smoothed, magnitude, direction, suppressed


def gradient_stages(
    gray: np.ndarray, sigma: float, *, round_smoothed: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Canny's stages that need no threshold: ``smoothed``, ``magnitude``, ``direction`` and
    ``suppressed``, exactly as :func:`canny` computes them (same parameters, same arrays).

    For a page that varies the thresholds on a fixed picture and sigma: these are computed
    once, and only :func:`hysteresis` runs again.
    """
    gray = to_gray(gray)
    kernel = gaussian_kernel(sigma)
    with _borrowed_workspace(*gray.shape, radius=len(kernel) // 2) as work:
        return _gradient_stages_into(gray, kernel, round_smoothed, work)


def canny(
    gray: np.ndarray, sigma: float, low: float, high: float, *, round_smoothed: bool = True
) -> CannyResult:
    """Canny edge detection, returning every intermediate stage.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W) or (H, W, 3)
        The picture; RGB is converted to grey with :func:`core.images.to_gray` (BT.601). Not
        modified.
    sigma : float
        Gaussian smoothing in pixels (0 to ``MAX_SIGMA``); 0 means no smoothing.
    low, high : float
        Hysteresis thresholds on the gradient magnitude, in OpenCV's units (3x3 Sobel, L2):
        ``0 <= low <= high``. Both are strict: strong means ``> high``, weak ``> low``.
    round_smoothed : bool, keyword-only
        Round the smoothed image to whole grey levels (the default), as an 8-bit blurred picture
        is. This is what lets ``cv2.Canny`` see exactly the input our gradient saw, so the two can
        be compared edge for edge; the thresholds mean the same either way. ``False`` keeps the
        fractions.

    Returns
    -------
    CannyResult
        ``smoothed``, ``magnitude``, ``direction``, ``suppressed`` (float32) and ``strong``,
        ``weak``, ``edges`` (bool), each of shape (H, W).

    Raises
    ------
    ValueError
        A picture that is not uint8 grey or RGB, a negative or huge sigma, negative thresholds, or
        ``low > high`` (OpenCV would swap them silently).

    References
    ----------
    J. Canny, "A computational approach to edge detection", IEEE TPAMI 8(6), 1986.
    The edges equal ``cv2.Canny(result.smoothed.astype(np.uint8), low, high, L2gradient=True)``
    (:func:`reference_canny`); :func:`opencv_pipeline` runs OpenCV's own blur as well.

    Examples
    --------
    >>> square = np.zeros((8, 8), np.uint8); square[2:6, 2:6] = 200
    >>> result = canny(square, 0, 100, 200)
    >>> int(result.edges.sum()), result.magnitude.dtype, result.edges.dtype
    (12, dtype('float32'), dtype('bool'))
    """
    gray = to_gray(gray)
    kernel = gaussian_kernel(sigma)
    low, high = _check_thresholds(low, high)
    with _borrowed_workspace(*gray.shape, radius=len(kernel) // 2) as work:
        smoothed, magnitude, direction, suppressed = _gradient_stages_into(
            gray, kernel, round_smoothed, work)
        labels = _grid(work.floats[0].view(np.int32), gray.shape)
        strong, weak, edges = _hysteresis(suppressed, low, high, labels)
    return CannyResult(smoothed, magnitude, direction, suppressed, strong, weak, edges)


# --- the gradient direction as colours ---------------------------------------------------------


def direction_colours(direction: np.ndarray, brightness: np.ndarray) -> np.ndarray:
    """The gradient direction as a colour picture: hue = angle, value = ``brightness``.

    A full turn of the angle goes once round OpenCV's hue circle (0-179), so opposite directions
    get complementary hues; saturation is full.

    Parameters
    ----------
    direction : (H, W) ndarray of float
        Angles in radians in [-pi, pi], as :func:`gradient_direction` gives them.
    brightness : (H, W) ndarray of uint8
        The value of each pixel, typically the magnitude scaled for display.

    Returns
    -------
    colours : (H, W, 3) ndarray of uint8
        RGB.

    Examples
    --------
    >>> direction_colours(np.float32([[0.0, np.pi / 2]]), np.uint8([[255, 0]])).tolist()
    [[[0, 255, 255], [0, 0, 0]]]
    """
    direction = np.asarray(direction)
    brightness = np.asarray(brightness)
    if direction.ndim != 2 or direction.shape != brightness.shape:
        raise ValueError(f"Expected a 2-D direction and a brightness of the same shape, got "
                         f"{direction.shape} and {brightness.shape}.")
    if brightness.dtype != np.uint8:
        raise ValueError(f"The brightness must be uint8 (0-255), got {brightness.dtype}.")
    hue = ((direction + np.pi) * (180.0 / (2 * np.pi))).astype(np.uint8) % 180
    hsv = np.dstack([hue, np.full_like(hue, 255), brightness])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


def direction_wheel(size: int = 96) -> np.ndarray:
    """The legend of :func:`direction_colours`: each pixel coloured as the direction it lies in,
    seen from the centre (rows down, as in a picture), dark at the centre and outside the disc.

    Parameters
    ----------
    size : int
        Width and height in pixels.

    Returns
    -------
    wheel : (size, size, 3) ndarray of uint8
        RGB.

    Examples
    --------
    >>> wheel = direction_wheel(9)
    >>> wheel.shape, wheel[4, 4].tolist(), wheel[0, 0].tolist()
    ((9, 9, 3), [0, 0, 0], [0, 0, 0])
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"The wheel's size must be a whole number of pixels, at least 1, "
                         f"got {size!r}.")
    offsets = np.arange(size) - (size - 1) / 2
    dx, dy = np.meshgrid(offsets, offsets)
    radius = np.hypot(dx, dy) / (size / 2)
    # Brightest already at 5/8 of the radius, so the hues are legible over most of the disc.
    brightness = np.where(radius <= 1, np.clip(radius * 1.6, 0, 1) * 255, 0).astype(np.uint8)
    return direction_colours(np.arctan2(dy, dx).astype(np.float32), brightness)


# --- references for the page's check panel ------------------------------------------------------


def reference_canny(smoothed: np.ndarray, low: float, high: float) -> np.ndarray:
    """OpenCV's Canny on the same smoothed image as a bool map: the twin :func:`canny` must match.

    ``cv2.Canny(smoothed, low, high, L2gradient=True)`` with the 3x3 Sobel aperture. Give it
    ``canny(...).smoothed`` to compare on exactly the input our later stages saw; fractions are
    rounded to whole grey levels, since OpenCV's Canny only takes 8-bit pictures.

    Examples
    --------
    >>> square = np.zeros((8, 8), np.uint8); square[2:6, 2:6] = 200
    >>> result = canny(square, 1.0, 20, 60)
    >>> bool((reference_canny(result.smoothed, 20, 60) == result.edges).all())
    True
    """
    low, high = _check_thresholds(low, high)
    smoothed = np.asarray(smoothed)
    if smoothed.ndim != 2 or smoothed.size == 0:
        raise ValueError(f"Expected a non-empty 2-D image, got shape {smoothed.shape}.")
    if smoothed.dtype != np.uint8:
        smoothed = np.clip(np.rint(smoothed), 0, 255).astype(np.uint8)
    return cv2.Canny(np.ascontiguousarray(smoothed), low, high, L2gradient=True) > 0


def opencv_pipeline(gray: np.ndarray, sigma: float, low: float, high: float) -> np.ndarray:
    """OpenCV's whole pipeline on the same settings: ``cv2.GaussianBlur`` then ``cv2.Canny``.

    ``cv2.GaussianBlur(gray, (0, 0), sigma)`` (skipped for ``sigma == 0``) picks the same kernel
    size as :func:`gaussian_kernel_size` but computes in 16-bit fixed point, so a few percent of
    its pixels land one grey level away from our rounded float result. Canny is sensitive to
    that where gradients are faint or exactly tied, so this agrees less than
    :func:`reference_canny` does, and shows how much edges can hinge on one grey level.

    Examples
    --------
    >>> square = np.zeros((8, 8), np.uint8); square[2:6, 2:6] = 200
    >>> int(opencv_pipeline(square, 0, 100, 200).sum())
    12
    """
    image = to_gray(gray)
    sigma = _check_sigma(sigma)
    low, high = _check_thresholds(low, high)
    if sigma > 0:
        image = cv2.GaussianBlur(image, (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101)
    return cv2.Canny(np.ascontiguousarray(image), low, high, L2gradient=True) > 0


def edge_f1(edges: np.ndarray, reference: np.ndarray) -> float:
    """F1 agreement of two edge maps: 2 |both| / (|edges| + |reference|); 1.0 when both are empty.

    Examples
    --------
    >>> edge_f1(np.array([1, 1, 0, 0], bool), np.array([1, 0, 1, 0], bool))
    0.5
    """
    edges = np.asarray(edges, bool)
    reference = np.asarray(reference, bool)
    if edges.shape != reference.shape:
        raise ValueError(f"The edge maps differ in shape: {edges.shape} and {reference.shape}.")
    total = int(np.count_nonzero(edges)) + int(np.count_nonzero(reference))
    if total == 0:
        return 1.0
    return 2.0 * int(np.count_nonzero(edges & reference)) / total
