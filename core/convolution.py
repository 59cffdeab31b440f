"""2-D convolution from scratch, the tutorial's kernels, and the helpers the Filters page shows.

:func:`convolve` is the technique taught: every output pixel is the sum of a kernel-weighted window
of input pixels. It is written with numpy only and equals ``scipy.signal.convolve2d`` for every
mode and boundary. Because the page calls it on every slider move on ~1-megapixel pictures, it picks
one of three exact methods by looking at the kernel:

* **direct**: one shifted multiply-add of the whole picture per kernel entry (small kernels);
* **separable**: a rank-1 kernel (box, Gaussian, Sobel) is a column times a row, so it is applied as
  a vertical then a horizontal 1-D pass; a constant 1-D factor (the box blur) becomes a running sum
  whose cost hardly grows with the kernel size;
* **fft**: large kernels that do not separate are multiplied in the frequency domain.

The picture is padded once (``np.pad`` modes that extend it exactly as SciPy's boundaries do);
the direct and separable methods then stream through it in cache-sized blocks of rows, where
shifting the window is just an offset into a flat buffer. Every method gives the same numbers
(to about 1e-12 of the output range); the choice only changes the speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import cv2
import numpy as np

from core.images import check_image, to_gray

__all__ = [
    "MODES",
    "BOUNDARIES",
    "METHODS",
    "convolve",
    "choose_method",
    "output_size",
    "mode_padding",
    "padding_amounts",
    "pad_for_mode",
    "KERNELS",
    "box_kernel",
    "gaussian_kernel",
    "sobel_magnitude",
    "median_filter",
    "effective_median_size",
    "to_display",
    "add_noise",
    "resize_kernel",
    "TUTORIAL_INPUT",
    "TUTORIAL_KERNEL",
    "TUTORIAL_RESULT",
    "WindowStep",
    "window_steps",
    "ChainStage",
    "CHAIN_FILTERS",
    "TUTORIAL_CHAINS",
    "apply_chain",
]

MODES = ("full", "same", "valid")
BOUNDARIES = ("fill", "wrap", "symm")
METHODS = ("auto", "direct", "separable", "fft")

# scipy's boundary names and the np.pad modes that extend a picture the same way (also when the
# padding is wider than the picture: both reflect / wrap repeatedly).
_NP_PAD_MODE = {"fill": "constant", "wrap": "wrap", "symm": "symmetric"}

# A rank-1 factorisation is used only if it rebuilds the kernel this closely (relative to the
# kernel's total weight), which bounds the change of any output to 1e-12 of its largest possible
# value: far inside the 1e-6 agreement with SciPy.
_RANK_ONE_TOLERANCE = 1e-12

# Cost of one 2-D real FFT (forward or inverse) in passes (one numpy add over an array of the
# same size) per log2 of its size; measured on the benchmark machine (numpy 2.4, pocketfft).
_FFT_PASSES_PER_LOG2 = 1.8

# window_steps is for showing a small matrix step by step, not for whole photos.
_MAX_WINDOW_STEPS = 10_000


# --------------------------------------------------------------------------------------------
# Validation


def _as_image(image, what: str = "picture") -> np.ndarray:
    """A numeric (H, W) or (H, W, C) array, not copied; ValueError saying what is wrong."""
    array = image if isinstance(image, np.ndarray) else np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"The {what} must be made of numbers, got values of type {array.dtype}.")
    if array.ndim not in (2, 3):
        raise ValueError(
            f"Expected a grey (H, W) or colour (H, W, 3) {what}, got an array of shape {array.shape}."
        )
    if array.size == 0:
        raise ValueError(f"The {what} has no pixels (shape {array.shape}).")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"The {what} contains NaN or infinite values; every pixel must be a number.")
    return array


def _as_kernel(kernel) -> np.ndarray:
    """The kernel as a float64 (rows, columns) array (a copy); ValueError saying what is wrong."""
    try:
        array = np.asarray(kernel)
    except ValueError:
        raise ValueError("Every row of the kernel must have the same number of entries.") from None
    if array.dtype.kind not in "biuf":
        raise ValueError(f"The kernel must be made of numbers, got values of type {array.dtype}.")
    if array.ndim == 1:
        raise ValueError(
            "The kernel must be a 2-D grid of numbers (rows x columns); "
            "write a single row as [[a, b, c]]."
        )
    if array.ndim != 2:
        raise ValueError(
            f"The kernel must be a 2-D grid of numbers (rows x columns), got shape {array.shape}. "
            "Colour pictures are filtered channel by channel with the same 2-D kernel."
        )
    if array.size == 0:
        raise ValueError(f"The kernel is empty (shape {array.shape}); it needs at least one number.")
    array = np.array(array, dtype=np.float64)
    if not np.isfinite(array).all():
        row, col = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(
            f"The kernel contains NaN or infinite values (first at row {row}, column {col}); "
            "every entry must be a finite number."
        )
    return array


def _check_magnitude(array: np.ndarray, weights: np.ndarray) -> None:
    """Refuse values whose weighted sums would overflow float64 (inf instead of a picture)."""
    if array.dtype.kind in "bu" and array.dtype.itemsize == 1:
        largest_pixel = 255.0
    else:
        largest_pixel = float(np.abs(array).max())
    # Checked with a margin so that no partial sum in any method can overflow either.
    if largest_pixel * float(np.abs(weights).sum()) > 1e300:
        raise ValueError(
            "The picture and kernel values are too large: their weighted sums would not fit in "
            "a 64-bit float. Scale the kernel or the picture down."
        )


def _check_choice(value, choices: Sequence[str], name: str) -> str:
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}.")
    return value


def _check_positive_int(value, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"The {name} must be a whole number of at least 1, got {value!r}.")
    if value < 1:
        raise ValueError(f"The {name} must be a whole number of at least 1, got {value}.")
    return int(value)


def _check_flip(flip) -> bool:
    if not isinstance(flip, (bool, np.bool_)):
        raise ValueError(f"flip must be True (convolution) or False (cross-correlation), got {flip!r}.")
    return bool(flip)


# --------------------------------------------------------------------------------------------
# Geometry: output size and padding


def output_size(n: int, f: int, padding: float, stride: int) -> int:
    """Output length along one axis: ``floor((N - F + 2P) / S) + 1``.

    Parameters
    ----------
    n : int
        Input length N (pixels along the axis), at least 1.
    f : int
        Kernel length F, at least 1.
    padding : int or float
        Padding P added on each side; a multiple of 0.5 (``'same'`` with an even kernel pads
        ``F // 2`` before and ``(F - 1) // 2`` after, i.e. P = (F - 1) / 2 on average).
    stride : int
        Step S between windows, at least 1.

    Returns
    -------
    int
        The number of window positions, which is the length of ``convolve(...)`` along the axis.

    Raises
    ------
    ValueError
        If a parameter is out of range or the kernel does not fit (``N - F + 2P < 0``).

    References
    ----------
    The formula of the tutorial (and of CNN layers); equal to the length of the stride-1
    ``scipy.signal.convolve2d`` result sliced ``[::S]``.

    Examples
    --------
    >>> output_size(5, 3, 0, 1)
    3
    >>> output_size(224, 11, 2, 4)
    55
    """
    n = _check_positive_int(n, "input size")
    f = _check_positive_int(f, "kernel size")
    stride = _check_positive_int(stride, "stride")
    if isinstance(padding, (bool, np.bool_)) or not isinstance(padding, (int, float, np.number)):
        raise ValueError(f"The padding must be a number of pixels, got {padding!r}.")
    double_padding = 2 * float(padding)
    if not math.isfinite(double_padding) or double_padding < 0 or double_padding != round(double_padding):
        raise ValueError(f"The padding must be 0 or more, in steps of 0.5 pixel; got {padding!r}.")
    span = n - f + int(round(double_padding))
    if span < 0:
        raise ValueError(
            f"A kernel of {f} pixels does not fit in {n} pixels with padding {padding:g}: "
            f"N - F + 2P = {span} is negative, so there is no output. "
            "Use a smaller kernel, more padding, or the 'same' or 'full' mode."
        )
    return span // stride + 1


def mode_padding(mode: str, kernel_size: int) -> int | float:
    """The padding P per side that ``mode`` implies for a kernel of ``kernel_size`` pixels.

    Parameters
    ----------
    mode : {'same', 'full', 'valid'}
    kernel_size : int
        Kernel length F along the axis.

    Returns
    -------
    int or float
        ``'valid'``: 0; ``'same'``: (F - 1) / 2, a half-integer float for even F (the padding is
        then one pixel larger on one side, see :func:`padding_amounts`); ``'full'``: F - 1.
        With it, :func:`output_size` gives the size of :func:`convolve`'s result.

    References
    ----------
    The output sizes of ``scipy.signal.convolve2d``'s modes.

    Examples
    --------
    >>> mode_padding("same", 3), mode_padding("full", 3), mode_padding("same", 4)
    (1, 2, 1.5)
    """
    _check_choice(mode, MODES, "mode")
    f = _check_positive_int(kernel_size, "kernel size")
    if mode == "valid":
        return 0
    if mode == "full":
        return f - 1
    return (f - 1) // 2 if f % 2 else (f - 1) / 2


def padding_amounts(kernel_shape: tuple[int, int], mode: str, flip: bool = True):
    """Pixels added ``((top, bottom), (left, right))`` before sliding the window.

    Parameters
    ----------
    kernel_shape : (int, int)
        (kh, kw).
    mode : {'same', 'full', 'valid'}
    flip : bool
        True for convolution, False for cross-correlation: they differ for even kernels.

    Returns
    -------
    tuple of two (before, after) pairs

    Notes
    -----
    ``'same'`` with an even kernel cannot pad evenly. SciPy's convention is kept: the output is
    the centre of the ``'full'`` result starting at index ``(F - 1) // 2``, which for convolution
    pads ``F // 2`` before and ``(F - 1) // 2`` after, and for cross-correlation the reverse.

    References
    ----------
    ``scipy.signal.convolve2d`` and ``scipy.signal.correlate2d`` in ``'same'`` mode.

    Examples
    --------
    >>> padding_amounts((4, 3), "same")
    ((2, 1), (1, 1))
    >>> padding_amounts((4, 3), "same", flip=False)
    ((1, 2), (1, 1))
    """
    _check_choice(mode, MODES, "mode")
    flip = _check_flip(flip)
    pads = []
    for f in kernel_shape:
        f = _check_positive_int(f, "kernel size")
        if mode == "valid":
            pads.append((0, 0))
        elif mode == "full":
            pads.append((f - 1, f - 1))
        elif flip:
            pads.append((f // 2, (f - 1) // 2))
        else:
            pads.append(((f - 1) // 2, f // 2))
    return tuple(pads)


def pad_for_mode(image, kernel_shape: tuple[int, int], mode: str = "same", boundary: str = "symm",
                 flip: bool = True) -> np.ndarray:
    """The picture as float64, padded as ``mode`` and ``boundary`` require (a new array).

    Parameters
    ----------
    image : array_like, shape (H, W) or (H, W, C)
    kernel_shape : (int, int)
    mode, boundary, flip
        As for :func:`convolve`. ``'fill'`` pads with 0, ``'wrap'`` continues the picture
        periodically, ``'symm'`` mirrors it including the edge pixel (``d c b a | a b c d``);
        padding wider than the picture repeats the pattern.

    Returns
    -------
    ndarray of float64
        What :func:`convolve` slides its window over (the worked example's grid with its border).

    References
    ----------
    The boundaries of ``scipy.signal.convolve2d``; ``np.pad`` modes ``constant``, ``wrap``,
    ``symmetric``.

    Examples
    --------
    >>> pad_for_mode([[1, 2, 3]], (1, 3), "same", "symm").tolist()
    [[1.0, 1.0, 2.0, 3.0, 3.0]]
    """
    array = _as_image(image)
    _check_choice(boundary, BOUNDARIES, "boundary")
    pads = padding_amounts(kernel_shape, mode, flip)
    return np.array(_pad(array, pads, boundary), dtype=np.float64)


def _pad(array: np.ndarray, pads, boundary: str) -> np.ndarray:
    """The picture padded, C-contiguous, in its own type (bool as uint8); only ever read."""
    if array.dtype == np.bool_:
        array = array.view(np.uint8)
    if array.ndim == 3:
        pads = (*pads, (0, 0))
    # Padding in the input's own type moves 8x fewer bytes for uint8 pictures; the methods
    # convert to float64 block by block.
    if any(before or after for before, after in pads):
        return np.pad(array, pads, mode=_NP_PAD_MODE[boundary])
    return np.ascontiguousarray(array)


# --------------------------------------------------------------------------------------------
# The three methods, each a 'valid' cross-correlation of a padded (Ph, Pw, C) array.
#
# The direct and separable methods stream through the picture in blocks of whole rows: a block
# and its scratch buffers stay in the CPU cache across all kernel taps, and no full-size
# temporary is allocated (on this machine, touching fresh memory costs more than the arithmetic).
# Within a block the rows are one flat buffer: moving the window down a row is an offset of one
# padded row length, right a pixel an offset of C, so every tap is one contiguous numpy operation.
# Outputs computed in the last kw - 1 columns of a padded row straddle two rows; they are cut off.

# Elements per block (float64): 512 KiB, so a block, its source rows and scratch fit in L2.
_BLOCK_ELEMENTS = 1 << 16


def _rank_one_factors(weights: np.ndarray):
    """(column, row) with ``outer(column, row) == weights``, or None if the kernel is not rank 1.

    Dividing by the largest entry (rather than taking SVD vectors) keeps integer kernels exact:
    Sobel splits into [1, 2, 1] and [1, 0, -1] with no rounding at all.
    """
    rows, cols = weights.shape
    if rows == 1:
        return np.ones(1), weights[0].copy()
    if cols == 1:
        return weights[:, 0].copy(), np.ones(1)
    pivot_row, pivot_col = np.unravel_index(np.argmax(np.abs(weights)), weights.shape)
    pivot = weights[pivot_row, pivot_col]
    if pivot == 0:
        return None
    column = weights[:, pivot_col].copy()
    row = weights[pivot_row, :] / pivot
    residual = np.abs(np.outer(column, row) - weights).sum()
    if residual <= _RANK_ONE_TOLERANCE * np.abs(weights).sum():
        return column, row
    return None


def _tap_groups(weights: np.ndarray, offsets: np.ndarray) -> list[tuple[float, list[int]]]:
    """Non-zero weights with the flat offsets that share each value (summed before one multiply)."""
    groups: dict[float, list[int]] = {}
    for weight, offset in zip(weights.ravel().tolist(), offsets.ravel().tolist()):
        if weight != 0.0:
            groups.setdefault(weight, []).append(offset)
    return list(groups.items())


def _taps_cost(weights: np.ndarray) -> float:
    """Passes over the output that :func:`_apply_taps` makes for these weights."""
    cost = 0.0
    values, counts = np.unique(weights[weights != 0], return_counts=True)
    for value, count in zip(values, counts):
        cost += count - 1 + (1 if abs(value) == 1.0 else 2)
    return max(cost, 1.0)


def _apply_taps(source: np.ndarray, groups, out: np.ndarray, scratch: np.ndarray) -> None:
    """out[k] = sum of weight * source[k + offset] over the taps."""
    length = out.size
    scratch = scratch[:length]
    started = False
    for weight, offsets in groups:
        if len(offsets) == 1:
            term = source[offsets[0]:offsets[0] + length]
        else:
            term = scratch
            np.add(source[offsets[0]:offsets[0] + length], source[offsets[1]:offsets[1] + length],
                   out=term)
            for offset in offsets[2:]:
                np.add(term, source[offset:offset + length], out=term)
        if not started:
            np.multiply(term, weight, out=out)
            started = True
        elif weight == 1.0:
            np.add(out, term, out=out)
        elif weight == -1.0:
            np.subtract(out, term, out=out)
        else:
            np.multiply(term, weight, out=scratch)
            np.add(out, scratch, out=out)


def _running_sum(source: np.ndarray, n: int, unit: int, out: np.ndarray, spare) -> None:
    """out[k] = sum of source[k + t * unit] for t < n, by doubling partial sums.

    Sums of 1, 2, 4, ... consecutive samples are built by adding a copy shifted by their own
    length; the sums for the set bits of ``n`` add up to the window: about 2 log2(n) passes
    instead of n. For integer-valued input every partial sum is an exact integer.
    """
    length = out.size
    partial = source  # partial[k] = sum of `span` consecutive samples from k
    span = 1
    done = 0  # samples of the window already in out
    turn = 0
    while True:
        if n & span:
            piece = partial[done * unit:done * unit + length]
            if done == 0:
                np.copyto(out, piece)
            else:
                np.add(out, piece, out=out)
            done += span
        if 2 * span > n:
            break
        keep = partial.size - span * unit
        target = spare[turn][:keep]
        turn ^= 1
        np.add(partial[:keep], partial[span * unit:span * unit + keep], out=target)
        partial = target
        span *= 2


def _vertical_running_sum(rows: np.ndarray, top: int, n: int, out: np.ndarray, previous: np.ndarray):
    """out[i] = sum of rows[top + i + t] for t < n, continuing the sum of the block above.

    Blocks arrive top to bottom; each output row is the one above plus the row entering the
    window minus the row leaving it, so the cost does not depend on n (the 60x60 box blur).
    """
    count = out.shape[0]
    if top == 0:
        np.sum(rows[:n], axis=0, dtype=np.float64, out=out[0])
        np.subtract(rows[n:n + count - 1], rows[:count - 1], out=out[1:], dtype=np.float64)
    else:
        np.subtract(rows[top + n - 1:top + n - 1 + count], rows[top - 1:top - 1 + count], out=out,
                    dtype=np.float64)
        out[0] += previous
    np.cumsum(out, axis=0, out=out)
    np.copyto(previous, out[-1])


def _running_sum_cost(n: int) -> float:
    return 1.2 * (n.bit_length() - 1) + bin(n).count("1")


_VERTICAL_RUNNING_SUM_COST = 5.0  # subtract, cumsum (slow: a dependency chain), add


def _one_d_plan(factor: np.ndarray, vertical: bool):
    """How to apply a 1-D factor, and its cost in passes.

    ('scale', c): length 1; ('sum', n, c): c times a running sum of n samples (a constant
    factor: the box blur); ('taps', weights, c): one shifted multiply-add per distinct weight.
    """
    n = factor.size
    if n == 1:
        return ("scale", float(factor[0])), 1.0
    if np.all(factor == factor[0]):
        # Unit weights cost one add per tap; the constant is applied once at the end.
        taps_cost = float(n - 1)
        sum_cost = _VERTICAL_RUNNING_SUM_COST if vertical else _running_sum_cost(n)
        if sum_cost < taps_cost:
            return ("sum", n, float(factor[0])), sum_cost
        return ("taps", np.ones(n), float(factor[0])), taps_cost
    return ("taps", factor, 1.0), _taps_cost(factor)


def _as_float_rows(rows: np.ndarray, top: int, bottom: int, buffer) -> np.ndarray:
    """Rows top..bottom as one flat float64 buffer (a view when already float64)."""
    if rows.dtype == np.float64:
        return rows[top:bottom].reshape(-1)
    flat = buffer[:(bottom - top) * rows.shape[1]]
    np.copyto(flat.reshape(bottom - top, rows.shape[1]), rows[top:bottom])
    return flat


def _direct_blocks(rows: np.ndarray, weights: np.ndarray, channels: int, block_rows: int):
    padded_rows, row_length = rows.shape
    kh, kw = weights.shape
    out_h = padded_rows - kh + 1
    offsets = np.arange(kh)[:, None] * row_length + np.arange(kw)[None, :] * channels
    groups = _tap_groups(weights, offsets)
    source_buffer = None if rows.dtype == np.float64 else np.empty((block_rows + kh - 1) * row_length)
    result = np.empty(block_rows * row_length)
    scratch = np.empty(block_rows * row_length)
    for top in range(0, out_h, block_rows):
        count = min(block_rows, out_h - top)
        source = _as_float_rows(rows, top, top + count + kh - 1, source_buffer)
        _apply_taps(source, groups, result[:count * row_length - (kw - 1) * channels], scratch)
        yield top, result[:count * row_length].reshape(count, row_length), 1.0


def _separable_blocks(rows: np.ndarray, column_plan, row_plan, kh: int, kw: int, channels: int,
                      block_rows: int):
    padded_rows, row_length = rows.shape
    out_h = padded_rows - kh + 1
    size = block_rows * row_length
    source_buffer = None if rows.dtype == np.float64 else np.empty((block_rows + kh - 1) * row_length)
    vertical_buffer, horizontal_buffer, scratch = np.empty(size), np.empty(size), np.empty(size)
    spare = (np.empty(size), np.empty(size)) if row_plan[0] == "sum" else None
    previous = np.empty(row_length)
    scale = 1.0
    for plan in (column_plan, row_plan):
        scale *= plan[1] if plan[0] == "scale" else plan[2]
    if column_plan[0] == "taps":
        column_groups = _tap_groups(column_plan[1], np.arange(kh) * row_length)
    if row_plan[0] == "taps":
        row_groups = _tap_groups(row_plan[1], np.arange(kw) * channels)
    for top in range(0, out_h, block_rows):
        count = min(block_rows, out_h - top)
        if column_plan[0] == "scale":
            vertical = _as_float_rows(rows, top, top + count, source_buffer)
        elif column_plan[0] == "taps":
            source = _as_float_rows(rows, top, top + count + kh - 1, source_buffer)
            vertical = vertical_buffer[:count * row_length]
            _apply_taps(source, column_groups, vertical, scratch)
        else:
            vertical = vertical_buffer[:count * row_length]
            _vertical_running_sum(rows, top, kh, vertical.reshape(count, row_length), previous)
        length = count * row_length - (kw - 1) * channels
        if row_plan[0] == "scale":
            horizontal = vertical
        elif row_plan[0] == "taps":
            horizontal = horizontal_buffer
            _apply_taps(vertical, row_groups, horizontal[:length], scratch)
        else:
            horizontal = horizontal_buffer
            _running_sum(vertical, kw, channels, horizontal[:length], spare)
        yield top, horizontal[:count * row_length].reshape(count, row_length), scale


def _fast_length(n: int) -> int:
    """Smallest 5-smooth number >= n (sizes pocketfft transforms fastest)."""
    best = 1 << max(n - 1, 0).bit_length()
    power5 = 1
    while power5 < best:
        power35 = power5
        while power35 < best:
            candidate = power35
            while candidate < n:
                candidate *= 2
            best = min(best, candidate)
            power35 *= 3
        power5 *= 5
    return best


def _fft_cost(padded_shape, out_pixels: int) -> float:
    ph, pw, channels = padded_shape
    size = _fast_length(ph) * _fast_length(pw)
    # One forward and one inverse transform per channel, about half of one for the kernel.
    transforms = 2 * channels + 0.5
    return transforms * _FFT_PASSES_PER_LOG2 * math.log2(max(size, 2)) * size / max(out_pixels, 1)


def choose_method(kernel, image_shape: tuple[int, ...], mode: str = "same") -> str:
    """The method :func:`convolve` picks for this kernel and picture size.

    Parameters
    ----------
    kernel : array_like, shape (kh, kw)
        The kernel, as for :func:`convolve`.
    image_shape : tuple
        (H, W) or (H, W, C) of the picture.
    mode : {'same', 'full', 'valid'}
        As for :func:`convolve`.

    Returns
    -------
    str
        ``'direct'``, ``'separable'`` or ``'fft'``, whichever the cost model (counted in numpy
        passes over the picture) predicts to be fastest; ``'zeros'`` for an all-zero kernel.
        For the page to show, and for tests to exercise each path.

    Examples
    --------
    >>> choose_method(KERNELS["sharpen"], (800, 1200)), choose_method(box_kernel(60), (800, 1200))
    ('direct', 'separable')
    >>> choose_method(np.ones((15, 15)) + np.eye(15), (800, 1200, 3))
    'fft'
    """
    weights = _as_kernel(kernel)
    _check_choice(mode, MODES, "mode")
    if len(image_shape) not in (2, 3) or min(image_shape) < 1:
        raise ValueError(f"Expected a picture shape (H, W) or (H, W, C), got {image_shape}.")
    height, width = image_shape[:2]
    channels = image_shape[2] if len(image_shape) == 3 else 1
    if _kernel_contains_picture(mode, (height, width), weights.shape):
        # The picture becomes the kernel (see convolve); its values are unknown here, so it is
        # costed as a dense, non-separable kernel.
        if not weights.any():
            return "zeros"
        taps = 2.0 * height * width
        fft = _fft_cost((*weights.shape, 1), (weights.shape[0] - height + 1) * (weights.shape[1] - width + 1))
        return "direct" if taps <= fft else "fft"
    pads = padding_amounts(weights.shape, mode)
    padded_shape = (height + sum(pads[0]), width + sum(pads[1]), channels)
    return _plan(weights, padded_shape)[0]


def _kernel_contains_picture(mode: str, picture_shape, kernel_shape) -> bool:
    """True for SciPy's swapped 'valid' case; ValueError if the kernel neither fits nor contains."""
    (height, width), (kh, kw) = picture_shape, kernel_shape
    if mode != "valid" or (kh <= height and kw <= width):
        return False
    if kh < height or kw < width:
        raise ValueError(
            f"In 'valid' mode the kernel ({kh} x {kw}) must fit inside the picture "
            f"({height} x {width}), or contain it, in both directions. Use 'same' or 'full', "
            "or a kernel that fits."
        )
    return True


def _plan(weights: np.ndarray, padded_shape, method: str = "auto") -> tuple:
    """The method for these weights: ('zeros',), ('direct',), ('fft',) or ('separable', ...)."""
    if not weights.any():
        return ("zeros",)
    if method in ("direct", "fft"):
        return (method,)
    factors = _rank_one_factors(weights)
    if method == "separable" and factors is None:
        raise ValueError(
            "The separable method needs a kernel that is one column times one row (rank 1), "
            "such as a box, Gaussian or Sobel kernel; use method='auto'."
        )
    candidates = []
    if factors is not None:
        column_plan, column_cost = _one_d_plan(factors[0], vertical=True)
        row_plan, row_cost = _one_d_plan(factors[1], vertical=False)
        candidates.append((column_cost + row_cost, ("separable", column_plan, row_plan)))
    if method == "separable":
        return candidates[0][1]
    ph, pw, channels = padded_shape
    out_pixels = (ph - weights.shape[0] + 1) * (pw - weights.shape[1] + 1) * channels
    candidates.append((_taps_cost(weights), ("direct",)))
    if weights.size > 1:
        candidates.append((_fft_cost(padded_shape, out_pixels), ("fft",)))
    return min(candidates, key=lambda candidate: candidate[0])[1]


def _correlate_valid(padded: np.ndarray, weights: np.ndarray, method: str = "auto") -> np.ndarray:
    """'valid' cross-correlation of a C-contiguous (Ph, Pw, C) array with (kh, kw) weights."""
    ph, pw, channels = padded.shape
    kh, kw = weights.shape
    out_h, out_w = ph - kh + 1, pw - kw + 1
    plan = _plan(weights, padded.shape, method)
    if plan[0] == "zeros":
        return np.zeros((out_h, out_w, channels))
    if plan[0] == "fft":
        return _fft_correlate(padded, weights)
    row_length = pw * channels
    block_rows = max(1, min(out_h, _BLOCK_ELEMENTS // row_length))
    rows = padded.reshape(ph, row_length)
    if plan[0] == "direct":
        blocks = _direct_blocks(rows, weights, channels, block_rows)
    else:
        blocks = _separable_blocks(rows, plan[1], plan[2], kh, kw, channels, block_rows)
    out = np.empty((out_h, out_w * channels))
    for top, block, scale in blocks:
        source = block[:, :out_w * channels]
        target = out[top:top + block.shape[0]]
        if scale == 1.0:
            np.copyto(target, source)
        else:
            np.multiply(source, scale, out=target)
    return out.reshape(out_h, out_w, channels)


def _fft_correlate(padded: np.ndarray, weights: np.ndarray) -> np.ndarray:
    ph, pw, channels = padded.shape
    kh, kw = weights.shape
    # A circular convolution at least as long as the padded picture wraps around only into the
    # first kh - 1 rows / kw - 1 columns, which the 'valid' part below excludes.
    shape = (_fast_length(ph), _fast_length(pw))
    planes = np.moveaxis(padded, 2, 0)
    spectrum = np.fft.rfft2(planes, s=shape, axes=(1, 2))
    # The kernel's transform, rows first: only its kh non-zero rows need a row transform.
    kernel_rows = np.fft.rfft(weights[::-1, ::-1], n=shape[1], axis=1)
    spectrum *= np.fft.fft(kernel_rows, n=shape[0], axis=0)
    circular = np.fft.irfft2(spectrum, s=shape, axes=(1, 2))
    return np.moveaxis(circular[:, kh - 1:ph, kw - 1:pw], 0, 2)


# --------------------------------------------------------------------------------------------
# convolve


def convolve(image, kernel, mode: str = "same", boundary: str = "symm", stride: int = 1,
             flip: bool = True, *, method: str = "auto") -> np.ndarray:
    """Convolve a picture with a 2-D kernel, from scratch.

    Each output pixel is the sum of the window of input pixels under the kernel, weighted by
    the kernel flipped in both directions (convolution) or as written (cross-correlation,
    ``flip=False``: what the tutorial's worked example computes). A colour picture is filtered
    channel by channel with the same kernel.

    Parameters
    ----------
    image : array_like, shape (H, W) or (H, W, C)
        uint8 picture, or any real numbers (the worked example uses a small integer matrix).
    kernel : array_like, shape (kh, kw)
        Finite real weights, any size (even sizes and sizes larger than the picture too).
    mode : {'same', 'full', 'valid'}
        ``'same'``: output as large as the input, centred like SciPy (for an even kernel the
        extra padding row/column goes before, see :func:`padding_amounts`); ``'full'``: every
        overlap, (H + kh - 1, W + kw - 1); ``'valid'``: windows fully inside, (H - kh + 1,
        W - kw + 1). As in SciPy, in ``'valid'`` mode a kernel larger than the picture in both
        directions swaps roles with it (convolution is commutative), giving
        (kh - H + 1, kw - W + 1); if it is larger in one direction only, a ValueError is raised.
    boundary : {'symm', 'fill', 'wrap'}
        How pixels beyond the edge are made up: mirrored with the edge repeated, 0, or wrapped
        around periodically. Irrelevant for ``'valid'``.
    stride : int
        Step between windows: the stride-1 result sliced ``[::stride, ::stride]``, whose size is
        :func:`output_size` with :func:`mode_padding`.
    flip : bool
        True for convolution (``scipy.signal.convolve2d``), False for cross-correlation
        (``scipy.signal.correlate2d``).
    method : {'auto', 'direct', 'separable', 'fft'}, keyword-only
        ``'auto'`` picks the fastest (see :func:`choose_method`); the others force a method, to
        compare them (``'separable'`` needs a rank-1 kernel). All give the same result.

    Returns
    -------
    ndarray of float64, shape (H', W') or (H', W', C)
        Not clipped or rounded: see :func:`to_display` for turning it into a picture.

    Raises
    ------
    ValueError
        Bad picture, kernel (empty, not 2-D, NaN), mode, boundary, stride or flip; or a
        ``'valid'`` kernel that neither fits in the picture nor contains it.

    Notes
    -----
    The method (see :func:`choose_method`) changes only speed and rounding: results agree with
    SciPy to about 1e-12 of the largest possible output value (``max|image| * sum|kernel|``).

    References
    ----------
    ``scipy.signal.convolve2d(image, kernel, mode, boundary)`` (fillvalue 0) and
    ``scipy.signal.correlate2d`` for ``flip=False``, which this equals to 1e-6.

    Examples
    --------
    >>> convolve(TUTORIAL_INPUT, TUTORIAL_KERNEL, mode="valid", flip=False).astype(int).tolist()
    [[12, 12, 17], [10, 17, 19], [9, 6, 14]]
    >>> convolve([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2], [3, 4]], mode="full").astype(int).tolist()
    [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]
    """
    array = _as_image(image)
    weights = _as_kernel(kernel)
    _check_choice(mode, MODES, "mode")
    _check_choice(boundary, BOUNDARIES, "boundary")
    stride = _check_positive_int(stride, "stride")
    flip = _check_flip(flip)
    _check_choice(method, METHODS, "method")
    _check_magnitude(array, weights)
    if method == "separable" and weights.any() and _rank_one_factors(weights) is None:
        _plan(weights, (1, 1, 1), method)  # raises the explanation

    planes = array if array.ndim == 3 else array[:, :, None]
    if _kernel_contains_picture(mode, planes.shape[:2], weights.shape):
        result = _valid_swapped(planes, weights, flip, method)
    else:
        correlation_weights = weights[::-1, ::-1] if flip else weights
        padded = _pad(planes, padding_amounts(weights.shape, mode, flip), boundary)
        result = _correlate_valid(padded, correlation_weights, method)
    result = result[::stride, ::stride]
    if array.ndim == 2:
        result = result[:, :, 0]
    return np.ascontiguousarray(result, dtype=np.float64)


def _valid_swapped(planes: np.ndarray, weights: np.ndarray, flip: bool, method: str) -> np.ndarray:
    """'valid' with the kernel containing the picture: SciPy slides the picture over the kernel."""
    kernel_as_picture = np.ascontiguousarray(weights)[:, :, None]
    # The picture plays the kernel here, and a picture is rarely rank 1.
    method = "auto" if method == "separable" else method
    results = []
    for channel in range(planes.shape[2]):
        plane = planes[:, :, channel].astype(np.float64)
        if flip:
            # convolve(x, k) == convolve(k, x): correlate k with x flipped.
            results.append(_correlate_valid(kernel_as_picture, plane[::-1, ::-1], method))
        else:
            # scipy.signal.correlate2d correlates the swapped inputs and reverses the result.
            results.append(_correlate_valid(kernel_as_picture, plane, method)[::-1, ::-1])
    return np.concatenate(results, axis=2)


# --------------------------------------------------------------------------------------------
# Kernels


def _frozen(rows, scale: float = 1.0) -> np.ndarray:
    array = np.array(rows, dtype=np.float64) * scale
    array.flags.writeable = False
    return array


KERNELS: dict[str, np.ndarray] = {
    "box": _frozen(np.ones((3, 3)), 1 / 9),
    "outline": _frozen([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "gaussian": _frozen([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
    "sobel_top": _frozen([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]),
    "sobel_bottom": _frozen([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "sobel_left": _frozen([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
    "sobel_right": _frozen([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
}
"""The tutorial's kernels (read-only float64 3x3 arrays)."""


def box_kernel(size: int) -> np.ndarray:
    """A size x size box (mean) kernel, every entry 1 / size**2.

    Parameters
    ----------
    size : int
        Side length, at least 1 (the tutorial uses 9, 15, 30 and 60).

    Returns
    -------
    ndarray of float64, shape (size, size)
        Sums to 1, so a flat area keeps its brightness.

    References
    ----------
    The normalised box of ``cv2.blur`` / ``cv2.boxFilter``.

    Examples
    --------
    >>> box_kernel(2).tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    """
    size = _check_positive_int(size, "box size")
    return np.full((size, size), 1.0 / (size * size))


def gaussian_kernel(sigma: float, size: int | None = None) -> np.ndarray:
    """A normalised size x size Gaussian kernel, exp(-d**2 / (2 sigma**2)) per axis.

    Parameters
    ----------
    sigma : float
        Standard deviation in pixels, > 0 (the tutorial uses 4).
    size : int, optional
        Side length; by default ``2 * ceil(3 * sigma) + 1``, which keeps 99.7 % of the weight.

    Returns
    -------
    ndarray of float64, shape (size, size)
        Sums to 1; the outer product of a 1-D Gaussian with itself (so it is separable).

    References
    ----------
    ``np.outer(g, g)`` with ``g = cv2.getGaussianKernel(size, sigma, cv2.CV_64F)``.

    Examples
    --------
    >>> kernel = gaussian_kernel(4)
    >>> kernel.shape, round(float(kernel.sum()), 12)
    ((25, 25), 1.0)
    """
    if isinstance(sigma, (bool, np.bool_)) or not isinstance(sigma, (int, float, np.number)):
        raise ValueError(f"The Gaussian sigma must be a number of pixels, got {sigma!r}.")
    sigma = float(sigma)
    if not math.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"The Gaussian sigma must be a positive number of pixels, got {sigma}.")
    size = 2 * math.ceil(3 * sigma) + 1 if size is None else _check_positive_int(size, "kernel size")
    distance = np.arange(size) - (size - 1) / 2
    # Measured from the smallest distance so the largest weight is exp(0) = 1: the sum cannot
    # underflow to 0 for a tiny sigma with an even size (no centre pixel).
    squared = distance ** 2
    profile = np.exp(-(squared - squared.min()) / (2 * sigma ** 2))
    profile /= profile.sum()
    return np.outer(profile, profile)


def sobel_magnitude(gray) -> np.ndarray:
    """Gradient magnitude sqrt(Gx**2 + Gy**2) with the 3x3 Sobel kernels, mirrored borders.

    Parameters
    ----------
    gray : array_like, shape (H, W)
        A grey picture (uint8 or real numbers).

    Returns
    -------
    ndarray of float64, shape (H, W)
        0 on flat areas, up to 4 * 255 * sqrt(2) on the strongest uint8 edges.

    References
    ----------
    ``np.hypot(cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3, borderType=cv2.BORDER_REFLECT),
    cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3, borderType=cv2.BORDER_REFLECT))``
    (BORDER_REFLECT is SciPy's 'symm').

    Examples
    --------
    >>> sobel_magnitude([[0, 0, 9, 9]] * 3)[1].tolist()
    [0.0, 36.0, 36.0, 0.0]
    """
    array = _as_image(gray, "grey picture")
    if array.ndim != 2:
        raise ValueError(
            f"The Sobel magnitude needs a grey picture (H, W), got shape {array.shape}; "
            "convert a colour picture to grey first (core.images.to_gray)."
        )
    _check_magnitude(array, KERNELS["sobel_left"])
    # Both gradients slide over the same padded picture; squares and sum are done in place
    # because fresh full-size arrays cost more than the arithmetic here.
    padded = _pad(array[:, :, None], padding_amounts((3, 3), "same"), "symm")
    magnitude = _correlate_valid(padded, KERNELS["sobel_left"][::-1, ::-1])[:, :, 0]
    down = _correlate_valid(padded, KERNELS["sobel_top"][::-1, ::-1])[:, :, 0]
    np.multiply(magnitude, magnitude, out=magnitude)
    np.multiply(down, down, out=down)
    np.add(magnitude, down, out=magnitude)
    return np.sqrt(magnitude, out=magnitude)


def effective_median_size(size: int) -> int:
    """The window :func:`median_filter` really uses for ``size``: odd sizes as they are, even + 1.

    Parameters
    ----------
    size : int
        Requested window side, at least 1.

    Returns
    -------
    int
        ``cv2.medianBlur`` only takes odd windows (a median window needs a centre pixel), so
        an even size is rounded up and the window is never smaller than asked: the tutorial's
        80 becomes 81. The page states the effective size.

    References
    ----------
    The ``ksize`` rule of ``cv2.medianBlur``.

    Examples
    --------
    >>> effective_median_size(80), effective_median_size(5)
    (81, 5)
    """
    size = _check_positive_int(size, "median size")
    return size if size % 2 else size + 1


def median_filter(image, size: int) -> np.ndarray:
    """Replace each pixel by the median of the size x size window around it.

    Parameters
    ----------
    image : ndarray of uint8, shape (H, W) or (H, W, 3)
        Picture; colour is filtered per channel.
    size : int
        Window side, >= 1. An even size is raised to the next odd one (see
        :func:`effective_median_size`, which the page uses to say so). Any odd size works for
        uint8 pictures, also larger than the picture. Size 1 returns a copy.

    Returns
    -------
    ndarray of uint8, same shape
        Borders are extended by repeating the edge pixel.

    References
    ----------
    ``cv2.medianBlur`` (which this calls: the median is not one of the techniques built from
    scratch here), equal to ``scipy.ndimage.median_filter(image, size, mode='nearest')``.

    Examples
    --------
    >>> median_filter(np.array([[0, 0, 0], [0, 255, 0], [0, 0, 0]], np.uint8), 3).tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    """
    picture = check_image(image)
    window = effective_median_size(size)
    if window == 1:
        return picture.copy()
    return cv2.medianBlur(np.ascontiguousarray(picture), window)


def to_display(result, equalize: bool = False) -> np.ndarray:
    """Turn a float filter result into a uint8 picture: clipped to 0-255 and rounded.

    Parameters
    ----------
    result : array_like, shape (H, W) or (H, W, C)
        E.g. from :func:`convolve`.
    equalize : bool
        Also equalise the histogram (per channel), which makes faint edges visible.

    Returns
    -------
    ndarray of uint8, same shape

    References
    ----------
    ``np.clip`` then rounding; equalisation is ``cv2.equalizeHist``.

    Examples
    --------
    >>> to_display([[-20.0, 12.4, 12.6, 300.0]]).tolist()
    [[0, 12, 13, 255]]
    """
    array = _as_image(result, "result")
    if array.dtype == np.uint8:
        # Already a picture (e.g. a strided slice of a displayed result, to equalize): clipping
        # and rounding would change nothing, and np.rint on uint8 computes in float16, slowly.
        # Equalizing makes a new array anyway; otherwise the copy keeps the input untouched.
        picture = array if equalize else np.array(array)
    else:
        # One temporary, rounded in place: this runs on every stage of every chain.
        clipped = np.clip(array, 0, 255)
        if np.issubdtype(clipped.dtype, np.floating):
            np.rint(clipped, out=clipped)
        picture = clipped.astype(np.uint8)
    if equalize:
        if picture.ndim == 2:
            picture = cv2.equalizeHist(picture)
        else:
            picture = np.stack([cv2.equalizeHist(np.ascontiguousarray(picture[:, :, c]))
                                for c in range(picture.shape[2])], axis=2)
    return picture


def add_noise(image, std: float, seed: int = 0) -> np.ndarray:
    """The picture with Gaussian noise of standard deviation ``std`` added, clipped to 0-255.

    Parameters
    ----------
    image : ndarray of uint8, shape (H, W) or (H, W, 3)
        Picture; each value gets its own noise sample.
    std : float
        Standard deviation in grey levels, >= 0; 0 returns a copy.
    seed : int
        The same seed gives the same noise, so a slider elsewhere on the page does not make the
        noise flicker from one run to the next.

    Returns
    -------
    ndarray of uint8, same shape

    References
    ----------
    ``skimage.util.random_noise(image, 'gaussian', var=(std / 255) ** 2)`` up to the random
    draws and rounding.

    Examples
    --------
    >>> add_noise(np.full((2, 2), 100, np.uint8), 0).tolist()
    [[100, 100], [100, 100]]
    """
    picture = check_image(image)
    if isinstance(std, (bool, np.bool_)) or not isinstance(std, (int, float, np.number)) \
            or not math.isfinite(std) or std < 0:
        raise ValueError(
            f"The noise level must be 0 or a positive number of grey levels, got {std!r}."
        )
    if std == 0:
        return picture.copy()
    noise = np.random.default_rng(seed).standard_normal(picture.shape, dtype=np.float32)
    noisy = picture.astype(np.float32) + noise * np.float32(std)
    return np.rint(np.clip(noisy, 0, 255, out=noisy)).astype(np.uint8)


def resize_kernel(kernel, size: int) -> np.ndarray:
    """The kernel made ``size`` x ``size`` around its centre: zeros added, or the rim cut off.

    Parameters
    ----------
    kernel : array_like, shape (k, k)
        A square kernel (e.g. the page's 3x3 or 5x5 custom grid).
    size : int
        New side, >= 1, with the same parity as ``k`` (so the centre stays the centre).

    Returns
    -------
    ndarray of float64, shape (size, size)
        Growing keeps every weight (the filter is unchanged apart from the wider border it
        needs); shrinking keeps the central ``size`` x ``size`` weights.

    Examples
    --------
    >>> resize_kernel([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 1).tolist()
    [[5.0]]
    >>> resize_kernel([[1]], 3).tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    weights = _as_kernel(kernel)
    size = _check_positive_int(size, "kernel size")
    side = weights.shape[0]
    if weights.shape[1] != side:
        raise ValueError(
            f"Only square kernels can be resized, got {weights.shape[0]} x {weights.shape[1]}."
        )
    if (size - side) % 2:
        parity = "odd" if side % 2 else "even"
        raise ValueError(f"A {side} x {side} kernel can only become an {parity}-sized one "
                         f"(so its centre stays in place), not {size} x {size}.")
    if size <= side:
        cut = (side - size) // 2
        return weights[cut:cut + size, cut:cut + size].copy()
    grown = np.zeros((size, size))
    offset = (size - side) // 2
    grown[offset:offset + side, offset:offset + side] = weights
    return grown


# --------------------------------------------------------------------------------------------
# The worked example


def _frozen_int(rows) -> np.ndarray:
    array = np.array(rows, dtype=np.int64)
    array.flags.writeable = False
    return array


TUTORIAL_INPUT = _frozen_int([
    [3, 3, 2, 1, 0],
    [0, 0, 1, 3, 1],
    [3, 1, 2, 2, 3],
    [2, 0, 0, 2, 2],
    [2, 0, 0, 0, 1],
])
"""The tutorial's worked 5x5 input matrix."""

TUTORIAL_KERNEL = _frozen_int([
    [0, 1, 2],
    [2, 2, 0],
    [0, 1, 2],
])
"""The tutorial's worked 3x3 kernel."""

TUTORIAL_RESULT = _frozen_int([
    [12, 12, 17],
    [10, 17, 19],
    [9, 6, 14],
])
"""The result the tutorial prints: 'valid' cross-correlation (``flip=False``) of the two above."""


@dataclass(frozen=True)
class WindowStep:
    """One position of the sliding window, for the step-by-step animation.

    ``top``/``left`` index the padded input (:func:`pad_for_mode`); ``receptive_field`` is the
    window there, ``weights`` the kernel as applied (already flipped for convolution),
    ``products = receptive_field * weights`` and ``total`` their sum: the output at
    (``row``, ``col``).
    """

    row: int
    col: int
    top: int
    left: int
    receptive_field: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    products: np.ndarray = field(repr=False)
    total: float = 0.0


def window_steps(image, kernel, flip: bool = False, mode: str = "valid", boundary: str = "fill",
                 stride: int = 1) -> list[WindowStep]:
    """Every window position of :func:`convolve` on a small grey matrix, in reading order.

    Parameters
    ----------
    image : array_like, shape (H, W)
        A small matrix (at most 10 000 output cells), e.g. :data:`TUTORIAL_INPUT`.
    kernel, flip, mode, boundary, stride
        As for :func:`convolve`; defaults are the tutorial's worked example (cross-correlation,
        'valid'). In 'valid' mode the kernel must fit inside the matrix.

    Returns
    -------
    list of WindowStep
        Their ``total`` values, arranged by (``row``, ``col``), equal :func:`convolve`'s result.

    Examples
    --------
    >>> steps = window_steps(TUTORIAL_INPUT, TUTORIAL_KERNEL)
    >>> len(steps), steps[0].total, steps[-1].total
    (9, 12.0, 14.0)
    """
    array = _as_image(image, "matrix")
    if array.ndim != 2:
        raise ValueError(f"The step-by-step view needs a 2-D matrix, got shape {array.shape}.")
    weights = _as_kernel(kernel)
    _check_choice(boundary, BOUNDARIES, "boundary")
    stride = _check_positive_int(stride, "stride")
    _check_choice(mode, MODES, "mode")
    flip = _check_flip(flip)
    kh, kw = weights.shape
    padded = pad_for_mode(array, weights.shape, mode, boundary, flip)
    if kh > padded.shape[0] or kw > padded.shape[1]:
        raise ValueError(
            f"The {kh} x {kw} window does not fit inside the {array.shape[0]} x {array.shape[1]} "
            "matrix in 'valid' mode; choose 'same' or 'full', or a smaller kernel."
        )
    rows = (padded.shape[0] - kh) // stride + 1
    cols = (padded.shape[1] - kw) // stride + 1
    if rows * cols > _MAX_WINDOW_STEPS:
        raise ValueError(
            f"That is {rows * cols} window positions; the step-by-step view is meant for small "
            f"matrices (at most {_MAX_WINDOW_STEPS} positions)."
        )
    applied = weights[::-1, ::-1].copy() if flip else weights
    applied.flags.writeable = False
    steps = []
    for row in range(rows):
        for col in range(cols):
            top, left = row * stride, col * stride
            patch = padded[top:top + kh, left:left + kw].copy()
            products = patch * applied
            patch.flags.writeable = False
            products.flags.writeable = False
            steps.append(WindowStep(row, col, top, left, patch, applied, products, float(products.sum())))
    return steps


# --------------------------------------------------------------------------------------------
# Chains of filters ("edges that survive noise")

CHAIN_FILTERS: dict[str, tuple[str, ...]] = {
    "box": ("size", "boundary"),
    "gaussian": ("sigma", "size", "boundary"),
    "outline": ("boundary",),
    "sharpen": ("boundary",),
    "sobel_top": ("boundary",),
    "sobel_bottom": ("boundary",),
    "sobel_left": ("boundary",),
    "sobel_right": ("boundary",),
    "kernel": ("kernel", "boundary"),
    "sobel_magnitude": (),
    "median": ("size",),
}
"""Filter names :func:`apply_chain` understands, with the parameters each accepts.

``box``: size (default 3); ``gaussian``: sigma (default: the tutorial's 3x3 kernel) and size;
``kernel``: a custom kernel; ``median``: size (default 3); convolution filters take a boundary
(default 'symm') and always use mode 'same' so every stage keeps the picture's size.
"""

TUTORIAL_CHAINS: dict[str, list] = {
    "Sobel on the raw picture": ["sobel_magnitude"],
    "Gaussian (sigma 4), then Sobel": [("gaussian", {"sigma": 4}), "sobel_magnitude"],
    "Median (size 80), then Sobel": [("median", {"size": 80}), "sobel_magnitude"],
    "Sharpen, outline, box blur": ["sharpen", "outline", "box"],
}
"""The tutorial's chains, as steps for :func:`apply_chain`."""


@dataclass(frozen=True)
class ChainStage:
    """One stage of :func:`apply_chain`: the filter, its parameters, its raw float64 output and
    that output as displayed (:func:`to_display`: clipped to 0-255 and rounded, uint8)."""

    name: str
    params: dict
    output: np.ndarray = field(repr=False)
    picture: np.ndarray = field(repr=False)


def _parse_step(step) -> tuple[str, dict]:
    if isinstance(step, str):
        name, params = step, {}
    elif isinstance(step, (tuple, list)) and len(step) == 2 and isinstance(step[0], str) \
            and isinstance(step[1], dict):
        name, params = step[0], dict(step[1])
    else:
        raise ValueError(f"Each chain step must be a filter name or (name, parameters); got {step!r}.")
    if name not in CHAIN_FILTERS:
        raise ValueError(f"Unknown filter {name!r}; choose one of {', '.join(CHAIN_FILTERS)}.")
    unknown = set(params) - set(CHAIN_FILTERS[name])
    if unknown:
        allowed = ", ".join(CHAIN_FILTERS[name]) or "none"
        raise ValueError(f"The {name} filter has no parameter {', '.join(sorted(unknown))} "
                         f"(it accepts: {allowed}).")
    return name, params


def _stage_kernel(name: str, params: dict) -> np.ndarray:
    if name == "box":
        return box_kernel(params.get("size", 3))
    if name == "gaussian":
        if params.get("sigma") is None:
            if params.get("size") is not None:
                raise ValueError("Give the Gaussian a sigma when choosing its size.")
            return KERNELS["gaussian"]
        return gaussian_kernel(params["sigma"], params.get("size"))
    if name == "kernel":
        if "kernel" not in params:
            raise ValueError("The custom kernel step needs its kernel.")
        return params["kernel"]
    return KERNELS[name]


def _grey(picture: np.ndarray) -> np.ndarray:
    if picture.ndim == 2:
        return picture
    if picture.dtype == np.uint8:
        return to_gray(picture)
    # Float stages (clip_between=False) use the same ITU-R BT.601 weights, unrounded.
    return picture[:, :, :3] @ np.array([0.299, 0.587, 0.114])


def apply_chain(image, steps: Iterable, clip_between: bool = True) -> list[ChainStage]:
    """Apply filters one after the other, keeping every stage.

    Parameters
    ----------
    image : ndarray of uint8, shape (H, W) or (H, W, 3)
        The picture.
    steps : iterable of str or (str, dict)
        Filter names of :data:`CHAIN_FILTERS`, optionally with parameters, e.g.
        ``[("gaussian", {"sigma": 4}), "sobel_magnitude"]`` (see :data:`TUTORIAL_CHAINS`).
    clip_between : bool
        True (default): each stage receives the previous result as the picture it shows
        (:func:`to_display`, clipped to 0-255 and rounded), as when the tutorial filters the
        picture it just displayed. False: stages pass raw float results (linear filters then
        compose exactly); a median stage still needs, and gets, the clipped uint8 picture.

    Returns
    -------
    list of ChainStage
        Stage 0 is the input itself (``name='input'``), then one per step. ``sobel_magnitude``
        turns a colour picture grey first (BT.601), so stages after it are grey.

    Examples
    --------
    >>> picture = np.zeros((8, 8), np.uint8); picture[:, 4:] = 200
    >>> [stage.name for stage in apply_chain(picture, TUTORIAL_CHAINS["Sharpen, outline, box blur"])]
    ['input', 'sharpen', 'outline', 'box']
    """
    picture = check_image(image)
    parsed = [_parse_step(step) for step in steps]
    current: np.ndarray = picture
    stages = [ChainStage("input", {}, picture.astype(np.float64), picture)]
    for name, params in parsed:
        if name == "median":
            source = current if current.dtype == np.uint8 else stages[-1].picture
            output = median_filter(source, params.get("size", 3)).astype(np.float64)
        elif name == "sobel_magnitude":
            output = sobel_magnitude(_grey(current))
        else:
            boundary = params.get("boundary", "symm")
            output = convolve(current, _stage_kernel(name, params), "same", boundary)
        stages.append(ChainStage(name, params, output, to_display(output)))
        current = stages[-1].picture if clip_between else output
    return stages
