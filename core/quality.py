"""Image quality measures and size-matched JPEG, for judging lossy compression honestly.

PSNR and SSIM are written from scratch (numpy only) and match scikit-image's
``peak_signal_noise_ratio`` and ``structural_similarity`` (Gaussian-weighted, as in Wang et al.).
:func:`jpeg_at_size` finds the best JPEG that fits a byte budget, so a learned code can be
compared with the standard codec at the same number of bytes.
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from core.images import check_image

__all__ = [
    "psnr",
    "ssim",
    "jpeg_at_size",
    "jpeg_payload_bytes",
    "JPEG_QUALITIES",
    "SSIM_SIGMA",
]

# Pillow documents qualities above 95 as wasteful (little gain, much larger files).
JPEG_QUALITIES = range(1, 96)
SSIM_SIGMA = 1.5
# Wang et al. (2004) stabilising constants, as fractions of the data range.
_SSIM_K1 = 0.01
_SSIM_K2 = 0.03
# scipy.ndimage cuts its Gaussian at truncate * sigma; skimage's SSIM uses 3.5, which sets
# both the window and how much border is left out of the mean.
_SSIM_TRUNCATE = 3.5
_SOS_MARKER = 0xDA
_EOI = b"\xff\xd9"


def _as_float_pair(reference, test, data_range, function_name):
    reference = np.asarray(reference)
    test = np.asarray(test)
    if reference.shape != test.shape:
        raise ValueError(
            f"{function_name} compares two pictures of the same size, but got shapes "
            f"{reference.shape} and {test.shape}."
        )
    if reference.size == 0:
        raise ValueError(f"{function_name} needs non-empty pictures.")
    for array in (reference, test):
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise ValueError(
                f"{function_name} needs numeric pictures, got data of type {array.dtype}."
            )
    if data_range is None:
        if not (np.issubdtype(reference.dtype, np.integer) and np.issubdtype(test.dtype, np.integer)):
            raise ValueError(
                f"{function_name} needs data_range for floating-point pictures: pass the "
                "distance between the darkest and brightest possible value (1.0 for [0, 1])."
            )
        # Like skimage: an integer picture's range is its type's (255 for uint8).
        data_range = np.iinfo(reference.dtype).max - min(np.iinfo(reference.dtype).min, 0)
    data_range = float(data_range)
    if not (math.isfinite(data_range) and data_range > 0):
        raise ValueError(f"data_range must be a positive number, got {data_range}.")
    reference = reference.astype(np.float64)
    test = test.astype(np.float64)
    if not (np.isfinite(reference).all() and np.isfinite(test).all()):
        raise ValueError(f"{function_name} needs finite pixel values (no NaN or infinity).")
    return reference, test, data_range


def psnr(reference, test, data_range=None) -> float:
    """Peak signal-to-noise ratio of ``test`` against ``reference``, in decibels.

    Parameters
    ----------
    reference, test : ndarray
        Pictures of the same shape (any number of dimensions).
    data_range : float, optional
        Distance between the smallest and largest possible value (255 for uint8, 1.0 for
        pictures scaled to [0, 1]). Required for floating-point pictures; for integer
        pictures it defaults to the type's maximum, as in scikit-image.

    Returns
    -------
    float
        ``10 * log10(data_range ** 2 / MSE)``; ``inf`` for identical pictures (without the
        division-by-zero warning scikit-image emits).

    References
    ----------
    Matches ``skimage.metrics.peak_signal_noise_ratio(reference, test, data_range=...)``.

    Examples
    --------
    >>> a = np.zeros((4, 4), np.uint8)
    >>> b = a.copy(); b[0, 0] = 255
    >>> round(psnr(a, b), 3)
    12.041
    >>> psnr(a, a)
    inf
    """
    reference, test, data_range = _as_float_pair(reference, test, data_range, "PSNR")
    mse = np.mean((reference - test) ** 2)
    if mse == 0:
        return math.inf
    return float(10.0 * np.log10(data_range**2 / mse))


def _gaussian_smooth_valid(stack: np.ndarray, sigma: float, radius: int) -> np.ndarray:
    """Separable Gaussian over the last two axes of ``stack``, only where the window fits inside.

    skimage filters the whole picture (edges reflected) and then drops a border of ``radius``
    pixels before averaging; the pixels it keeps never see the reflected edge, so filtering
    just the "valid" part gives the same numbers without padding.
    """
    offsets = np.arange(-radius, radius + 1)
    weights = np.exp(-0.5 * offsets**2 / sigma**2)
    weights /= weights.sum()
    height, width = stack.shape[-2:]
    inner_height, inner_width = height - 2 * radius, width - 2 * radius
    rows = sum(weight * stack[..., k:k + inner_height, :] for k, weight in enumerate(weights))
    return sum(weight * rows[..., :, k:k + inner_width] for k, weight in enumerate(weights))


def ssim(reference, test, data_range=None) -> float:
    """Mean structural similarity (Wang et al. 2004) with an 11x11 Gaussian window, sigma 1.5.

    Parameters
    ----------
    reference, test : ndarray
        Grey pictures ``(H, W)`` or colour pictures ``(H, W, C)`` of the same shape, at least
        11 pixels on each side (the Gaussian window). Colour pictures are scored per channel
        and averaged.
    data_range : float, optional
        As in :func:`psnr`: required for floating-point pictures, the type's maximum (255)
        for integer ones.

    Returns
    -------
    float
        The mean SSIM, 1.0 for identical pictures. Like scikit-image, the mean leaves out a
        border of 5 pixels (the window radius), where the window hangs over the edge.

    References
    ----------
    Z. Wang, A. C. Bovik, H. R. Sheikh and E. P. Simoncelli, "Image quality assessment: from
    error visibility to structural similarity", IEEE Trans. Image Processing 13(4), 2004.
    Matches ``skimage.metrics.structural_similarity(reference, test, data_range=...,
    gaussian_weights=True, sigma=1.5, use_sample_covariance=False)`` (add
    ``channel_axis=-1`` for colour). Computed in float64 throughout; scikit-image computes
    float32 inputs in float32, so for those the two agree to about 1e-6 only.

    Examples
    --------
    >>> a = np.arange(256, dtype=np.uint8).reshape(16, 16)
    >>> ssim(a, a)
    1.0
    >>> round(ssim(a, 255 - a), 3)
    -0.826
    """
    reference, test, data_range = _as_float_pair(reference, test, data_range, "SSIM")
    if reference.ndim not in (2, 3):
        raise ValueError(
            f"SSIM needs a grey (H, W) or colour (H, W, C) picture, got shape {reference.shape}."
        )
    radius = int(_SSIM_TRUNCATE * SSIM_SIGMA + 0.5)
    window = 2 * radius + 1
    if min(reference.shape[:2]) < window:
        raise ValueError(
            f"SSIM needs pictures at least {window}x{window} pixels (its Gaussian window); "
            f"got {reference.shape[0]}x{reference.shape[1]}."
        )
    if reference.ndim == 2:
        reference, test = reference[np.newaxis], test[np.newaxis]
    else:
        reference, test = np.moveaxis(reference, -1, 0), np.moveaxis(test, -1, 0)
    # One filtering pass over the five local moments of every channel.
    moments = _gaussian_smooth_valid(
        np.stack([reference, test, reference * reference, test * test, reference * test]),
        SSIM_SIGMA, radius)
    mean_x, mean_y, mean_xx, mean_yy, mean_xy = moments
    var_x = mean_xx - mean_x * mean_x
    var_y = mean_yy - mean_y * mean_y
    cov_xy = mean_xy - mean_x * mean_y
    c1 = (_SSIM_K1 * data_range) ** 2
    c2 = (_SSIM_K2 * data_range) ** 2
    similarity = ((2 * mean_x * mean_y + c1) * (2 * cov_xy + c2)
                  / ((mean_x**2 + mean_y**2 + c1) * (var_x + var_y + c2)))
    return float(np.mean(similarity.reshape(len(similarity), -1).mean(axis=1)))


def jpeg_payload_bytes(jpeg: bytes) -> int:
    """Number of entropy-coded bytes in a baseline JPEG file: the part that is the picture.

    The rest of a JPEG file (quantisation and Huffman tables, frame and scan headers, the JFIF
    marker: about 140-200 bytes for a small grey picture) is the same kind of overhead a
    learned codec keeps in its decoder, and JPEG can share it too (an "abbreviated" stream).

    Parameters
    ----------
    jpeg : bytes
        A complete single-scan JPEG file, as Pillow writes by default.

    Returns
    -------
    int
        Bytes between the end of the start-of-scan header and the end-of-image marker.

    References
    ----------
    ITU-T T.81 (ISO/IEC 10918-1), Annex B: marker segments carry their own length.

    Examples
    --------
    >>> data = io.BytesIO()
    >>> Image.new("L", (8, 8)).save(data, "JPEG")
    >>> 0 < jpeg_payload_bytes(data.getvalue()) < len(data.getvalue())
    True
    """
    if jpeg[:2] != b"\xff\xd8" or jpeg[-2:] != _EOI:
        raise ValueError("This is not a complete JPEG file (it must start with FFD8 and end with FFD9).")
    position = 2
    while position + 4 <= len(jpeg):
        if jpeg[position] != 0xFF:
            raise ValueError("This JPEG file is damaged: a header segment is out of place.")
        marker = jpeg[position + 1]
        length = int.from_bytes(jpeg[position + 2:position + 4], "big")
        if marker == _SOS_MARKER:
            return len(jpeg) - (position + 2 + length) - len(_EOI)
        position += 2 + length
    raise ValueError("This JPEG file has no image data (no start-of-scan segment).")


def _encode_jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # optimize=True builds Huffman tables for this picture: the smallest baseline file.
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def jpeg_at_size(image, target_bytes: int, count: str = "file"):
    """The best-quality JPEG of ``image`` whose size fits in ``target_bytes``.

    Parameters
    ----------
    image : uint8 ndarray (H, W) or (H, W, 3)
        The picture (grey pictures stay grey: one JPEG component).
    target_bytes : int
        The byte budget, e.g. the size of an autoencoder's code for the same picture.
    count : {"file", "payload"}
        What counts against the budget: the whole file, or only its entropy-coded picture data
        (:func:`jpeg_payload_bytes`), leaving out the tables and headers that every JPEG
        repeats. For a 28x28 grey picture the headers alone are about 180 bytes.

    Returns
    -------
    decoded : uint8 ndarray
        The JPEG decoded again, same shape as ``image``.
    n_bytes : int
        Its size as counted by ``count``.
    quality : int
        The Pillow quality used (1-95): the highest one that fits. File size is not strictly
        monotonic in quality, so every quality from 95 down is tried until one fits (about
        95 encodings at worst: cheap for small pictures, slow for megapixel ones). If even
        quality 1 does not fit, the quality-1 result is returned and ``n_bytes`` exceeds the
        budget, which the caller can see.

    References
    ----------
    Encoding and decoding by Pillow (libjpeg), baseline, optimised Huffman tables.

    Examples
    --------
    >>> digit = np.zeros((28, 28), np.uint8); digit[6:22, 12:16] = 255
    >>> decoded, n_bytes, quality = jpeg_at_size(digit, 400)
    >>> decoded.shape, n_bytes <= 400
    ((28, 28), True)
    """
    check_image(image)
    if count not in ("file", "payload"):
        raise ValueError(f'count must be "file" or "payload", got {count!r}.')
    if not isinstance(target_bytes, (int, np.integer)) or target_bytes < 1:
        raise ValueError(f"target_bytes must be a positive whole number, got {target_bytes!r}.")
    picture = Image.fromarray(np.ascontiguousarray(image))
    size_of = jpeg_payload_bytes if count == "payload" else len
    for quality in reversed(JPEG_QUALITIES):
        data = _encode_jpeg(picture, quality)
        if size_of(data) <= target_bytes:
            break
    with Image.open(io.BytesIO(data)) as decoded:
        decoded_array = np.asarray(decoded.convert(picture.mode))
    return decoded_array, size_of(data), quality
