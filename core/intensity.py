"""Intensity transforms: each output pixel depends only on the input pixel (and image statistics).

Every point transform here is built as a 256-entry look-up table (its *transfer curve*) and then
applied with one table look-up, which is both the fastest way to run it on a megapixel image and
exactly what the page plots to explain the result. Colour images go through the same table on
every channel, except the two histogram equalizations, which work on brightness only so that
colours do not shift.
"""

from __future__ import annotations

import cv2
import numpy as np

from core.images import check_image

__all__ = [
    "TRANSFORMS",
    "negative",
    "log_transform",
    "gamma_correction",
    "contrast_stretch",
    "level_slice",
    "bit_plane",
    "bit_planes",
    "equalize_histogram",
    "clahe",
    "negative_lut",
    "log_lut",
    "gamma_lut",
    "stretch_lut",
    "level_slice_lut",
    "bit_plane_lut",
    "equalize_lut",
    "transfer_curve",
    "apply_transform",
    "apply_lut",
    "histogram",
]

LEVELS = np.arange(256, dtype=np.float64)


def apply_lut(image: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """Map every pixel of a uint8 image through a 256-entry uint8 table (a new array)."""
    image = check_image(image)
    lut = np.asarray(lut)
    if lut.shape != (256,) or lut.dtype != np.uint8:
        raise ValueError("A look-up table must be 256 uint8 values.")
    # cv2.LUT is ~5x faster than numpy fancy indexing on a megapixel image and never aliases.
    return cv2.LUT(np.ascontiguousarray(image), lut).reshape(image.shape)


def histogram(image: np.ndarray) -> np.ndarray:
    """Counts of each level 0..255 over all pixels (and all channels), int64 of shape (256,)."""
    image = check_image(image)
    return np.bincount(image.ravel(), minlength=256)


def _to_uint8(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def negative_lut() -> np.ndarray:
    """s = 255 - r."""
    return (255 - np.arange(256)).astype(np.uint8)


def negative(image: np.ndarray) -> np.ndarray:
    """Photographic negative, ``255 - image``.

    Examples
    --------
    >>> negative(np.array([[0, 100, 255]], np.uint8)).tolist()
    [[255, 155, 0]]
    """
    return apply_lut(image, negative_lut())


def log_lut(max_value: int) -> np.ndarray:
    """s = c log(1 + r) with c = 255 / log(1 + max_value), so ``max_value`` maps to 255."""
    if not 0 <= max_value <= 255:
        raise ValueError("The brightest level must be between 0 and 255.")
    if max_value == 0:
        # An all-black picture has nothing to stretch; c would be 255 / log(1) = infinity.
        return np.zeros(256, np.uint8)
    scale = 255.0 / np.log1p(max_value)
    return _to_uint8(scale * np.log1p(LEVELS))


def log_transform(image: np.ndarray) -> np.ndarray:
    """Log transform ``c * log(1 + r)``, with ``c = 255 / log(1 + max(image))``.

    Expands dark levels and compresses bright ones; the brightest pixel becomes 255. Values are
    rounded to the nearest level (the tutorial truncates, which is at most one level darker).

    References
    ----------
    Gonzalez & Woods, *Digital Image Processing*, 3.2.2 (log transformations).

    Examples
    --------
    >>> log_transform(np.array([[0, 7, 255]], np.uint8)).tolist()
    [[0, 96, 255]]
    """
    image = check_image(image)
    return apply_lut(image, log_lut(int(image.max())))


def gamma_lut(gamma: float) -> np.ndarray:
    """s = 255 (r / 255) ** (1 / gamma)."""
    if not np.isfinite(gamma) or gamma <= 0:
        raise ValueError("Gamma must be a positive number (for example between 0.1 and 5).")
    # Cap the exponent: beyond 1e6 every level below 255 is already 0, and a larger power of a
    # number below one only underflows.
    exponent = min(1.0 / gamma, 1e6)
    return _to_uint8(255.0 * (LEVELS / 255.0) ** exponent)


def gamma_correction(image: np.ndarray, gamma: float) -> np.ndarray:
    """Gamma correction as the tutorial defines it: ``255 * (r / 255) ** (1 / gamma)``.

    gamma > 1 brightens mid-tones, gamma < 1 darkens them; 0 and 255 stay fixed.

    Examples
    --------
    >>> gamma_correction(np.array([[0, 64, 255]], np.uint8), 2.0).tolist()
    [[0, 128, 255]]
    """
    return apply_lut(image, gamma_lut(gamma))


def stretch_lut(low_value: float, high_value: float) -> np.ndarray:
    """Linear map of [low_value, high_value] onto [0, 255], clipped outside."""
    if high_value <= low_value:
        return np.arange(256, dtype=np.uint8)  # nothing to stretch: identity
    return _to_uint8((LEVELS - low_value) * (255.0 / (high_value - low_value)))


def _stretch_limits(image: np.ndarray, low_pct: float, high_pct: float) -> tuple[float, float]:
    if not (0 <= low_pct <= high_pct <= 100):
        raise ValueError("Percentiles must satisfy 0 <= low <= high <= 100.")
    # Percentiles from the histogram: exact for uint8 data and O(256) instead of a sort.
    cumulative = np.cumsum(histogram(image))
    total = cumulative[-1]
    low = int(np.searchsorted(cumulative, total * low_pct / 100.0, side="right"))
    high = int(np.searchsorted(cumulative, total * high_pct / 100.0, side="left"))
    return float(min(low, 255)), float(min(high, 255))


def contrast_stretch(image: np.ndarray, low_pct: float = 2.0, high_pct: float = 98.0) -> np.ndarray:
    """Contrast stretching: the ``low_pct`` and ``high_pct`` percentiles become 0 and 255.

    The percentiles are taken over all channels together, so a colour picture keeps its balance.
    If both percentiles fall on the same level (a flat picture, or low == high) the image is
    returned unchanged: there is no range to stretch.

    References
    ----------
    ``skimage.exposure.rescale_intensity(image, in_range=(p_low, p_high))`` with
    ``p_low, p_high = np.percentile(image, (low_pct, high_pct))``, within one level.
    """
    image = check_image(image)
    low, high = _stretch_limits(image, low_pct, high_pct)
    return apply_lut(image, stretch_lut(low, high))


def level_slice_lut(low: int, high: int, keep_background: bool) -> np.ndarray:
    """Levels in [low, high] become 255; others stay (keep_background) or become 0."""
    if not (0 <= low <= 255 and 0 <= high <= 255):
        raise ValueError("The slice limits must be levels between 0 and 255.")
    low, high = min(low, high), max(low, high)
    lut = np.arange(256, dtype=np.uint8) if keep_background else np.zeros(256, np.uint8)
    lut[low : high + 1] = 255
    return lut


def level_slice(image: np.ndarray, low: int, high: int, keep_background: bool = True) -> np.ndarray:
    """Intensity-level slicing: highlight the levels in [low, high] in white.

    Applied to each channel value, like every point transform here.

    References
    ----------
    Gonzalez & Woods, *Digital Image Processing*, 3.2.4 (intensity-level slicing).
    """
    return apply_lut(image, level_slice_lut(int(low), int(high), keep_background))


def bit_plane_lut(bit: int) -> np.ndarray:
    """255 where the given bit of the level is set, 0 elsewhere."""
    if not 0 <= bit <= 7:
        raise ValueError("The bit plane must be between 0 (least significant) and 7 (most).")
    return (((np.arange(256) >> bit) & 1) * 255).astype(np.uint8)


def bit_plane(image: np.ndarray, bit: int) -> np.ndarray:
    """Bit-plane slicing: 255 where bit ``bit`` (0 = least significant) of the pixel is 1.

    Examples
    --------
    >>> bit_plane(np.array([[128, 127]], np.uint8), 7).tolist()
    [[255, 0]]
    """
    return apply_lut(image, bit_plane_lut(int(bit)))


def bit_planes(image: np.ndarray) -> list[np.ndarray]:
    """All eight bit planes, least significant first."""
    return [bit_plane(image, bit) for bit in range(8)]


def equalize_lut(counts: np.ndarray) -> np.ndarray:
    """The histogram-equalization table of a 256-bin histogram, computed as OpenCV does.

    The first occupied level maps to 0 and the cumulative count is scaled by
    ``255 / (total - count of that level)`` in single precision, rounded half to even, so the
    table equals the one ``cv2.equalizeHist`` builds. A one-level histogram maps to itself.
    """
    counts = np.asarray(counts, dtype=np.int64)
    if counts.shape != (256,) or counts.min() < 0 or counts.sum() == 0:
        raise ValueError("Expected a histogram of 256 non-negative counts with at least one pixel.")
    first = int(np.flatnonzero(counts)[0])
    total = int(counts.sum())
    if counts[first] == total:
        return np.full(256, first, np.uint8)
    scale = np.float32(255.0) / np.float32(total - counts[first])
    cumulative = np.cumsum(counts) - counts[first]
    lut = np.clip(np.rint(cumulative.astype(np.float32) * scale), 0, 255).astype(np.uint8)
    lut[: first + 1] = 0
    return lut


def _brightness_channel(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Grey images are their own brightness; colour ones use Y of YCrCb, kept for reassembly."""
    if image.ndim == 2:
        return image, None
    ycrcb = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2YCrCb)
    return ycrcb[:, :, 0], ycrcb


def _with_brightness(ycrcb: np.ndarray | None, brightness: np.ndarray) -> np.ndarray:
    if ycrcb is None:
        return brightness
    ycrcb = ycrcb.copy()
    ycrcb[:, :, 0] = brightness
    return cv2.cvtColor(ycrcb, cv2.COLOR_YCrCb2RGB)


def equalize_histogram(image: np.ndarray) -> np.ndarray:
    """Histogram equalization: map levels through the scaled cumulative histogram.

    Grey images: identical to ``cv2.equalizeHist``. Colour images: the brightness (Y of YCrCb)
    is equalized and the colour (Cr, Cb) kept, because equalizing R, G and B separately shifts hues.

    References
    ----------
    ``cv2.equalizeHist``; Gonzalez & Woods, *Digital Image Processing*, 3.3.1.
    """
    image = check_image(image)
    brightness, ycrcb = _brightness_channel(image)
    equalized = apply_lut(brightness, equalize_lut(histogram(brightness)))
    return _with_brightness(ycrcb, equalized)


def clahe(image: np.ndarray, clip_limit: float = 0.03, tile_grid: int = 8) -> np.ndarray:
    """Contrast-limited adaptive histogram equalization (CLAHE).

    Parameters
    ----------
    image : ndarray of uint8
        Grey or RGB. Colour pictures are equalized on V of HSV (the largest of R, G, B), as
        ``skimage.exposure.equalize_adapthist`` does, so hues do not change.
    clip_limit : float
        Normalised clip limit as scikit-image counts it (the tutorial uses 0.03): a bin of a
        tile's histogram may hold at most ``clip_limit`` times the tile's pixel count. 0 means
        no clipping (plain adaptive equalization). Between 0 and 1.
    tile_grid : int
        Tiles per side (scikit-image's default kernel of 1/8 of the image is ``tile_grid=8``).

    References
    ----------
    Zuiderveld, "Contrast Limited Adaptive Histogram Equalization", Graphics Gems IV, 1994.
    Runs OpenCV's ``createCLAHE``, whose limit counts in multiples of the mean bin height
    (pixels / 256); hence ``clipLimit = 256 * clip_limit``. Close to, not identical with,
    ``skimage.exposure.equalize_adapthist(image, clip_limit=clip_limit)`` (the two redistribute
    the clipped counts differently).
    """
    image = check_image(image)
    if not 0 <= clip_limit <= 1:
        raise ValueError("The clip limit must be between 0 and 1 (the tutorial uses 0.03).")
    if not 1 <= int(tile_grid) <= 64:
        raise ValueError("The tile grid must be between 1 and 64 tiles per side.")
    if image.ndim == 3:
        hsv = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2HSV)
        hsv[:, :, 2] = clahe(hsv[:, :, 2], clip_limit, tile_grid)
        return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    height, width = image.shape
    # OpenCV needs at least two pixels per tile side; small pictures get fewer, larger tiles.
    tiles_x = max(1, min(int(tile_grid), width // 2))
    tiles_y = max(1, min(int(tile_grid), height // 2))
    if height < 2 or width < 2:
        return image.copy()
    equalizer = cv2.createCLAHE(clipLimit=256.0 * clip_limit, tileGridSize=(tiles_x, tiles_y))
    return equalizer.apply(np.ascontiguousarray(image))


TRANSFORMS = {
    "negative": "Negative",
    "log": "Log transform",
    "gamma": "Gamma correction",
    "stretch": "Contrast stretching",
    "level_slice": "Intensity-level slicing",
    "bit_plane": "Bit-plane slicing",
    "equalize": "Histogram equalization",
    "clahe": "CLAHE",
}


def transfer_curve(image: np.ndarray, transform: str, **params) -> np.ndarray | None:
    """The 256-entry table (input level -> output level) a point transform applies to ``image``.

    ``None`` for CLAHE, whose mapping differs from tile to tile. For colour histogram
    equalization this is the mapping of brightness (Y).
    """
    image = check_image(image)
    if transform == "negative":
        return negative_lut()
    if transform == "log":
        return log_lut(int(image.max()))
    if transform == "gamma":
        return gamma_lut(params["gamma"])
    if transform == "stretch":
        return stretch_lut(*_stretch_limits(image, params["low_pct"], params["high_pct"]))
    if transform == "level_slice":
        return level_slice_lut(int(params["low"]), int(params["high"]), params["keep_background"])
    if transform == "bit_plane":
        return bit_plane_lut(int(params["bit"]))
    if transform == "equalize":
        return equalize_lut(histogram(_brightness_channel(image)[0]))
    if transform == "clahe":
        return None
    raise ValueError(f"Unknown transform {transform!r}; choose one of {', '.join(TRANSFORMS)}.")


def apply_transform(image: np.ndarray, transform: str,
                    **params) -> tuple[np.ndarray, np.ndarray | None]:
    """Apply the transform named ``transform`` (a key of :data:`TRANSFORMS`) with its
    parameters; return the result and its :func:`transfer_curve`, the table built only once.

    ``params`` are the keyword arguments of the transform's own function (``gamma``,
    ``low_pct``/``high_pct``, ``low``/``high``/``keep_background``, ``bit``,
    ``clip_limit``/``tile_grid``); others are ignored.

    References
    ----------
    The result equals the transform's own function (e.g. :func:`gamma_correction`), and the
    curve equals :func:`transfer_curve`; the tests check both for every transform.
    """
    image = check_image(image)
    if transform == "clahe":
        return clahe(image, params.get("clip_limit", 0.03), params.get("tile_grid", 8)), None
    if transform == "equalize":
        # The brightness channel is both what the curve is built from and what it is applied to.
        brightness, ycrcb = _brightness_channel(image)
        curve = equalize_lut(histogram(brightness))
        return _with_brightness(ycrcb, apply_lut(brightness, curve)), curve
    curve = transfer_curve(image, transform, **params)
    return apply_lut(image, curve), curve
