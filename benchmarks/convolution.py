"""Speed of core.convolution against SciPy and OpenCV on a ~1-megapixel photo.

Run from the worktree root: ``python -m benchmarks.convolution`` (``--quick`` for a smoke test).
One JSON line per (operation, reference); ``ratio`` = ours / reference, so below 1 is faster.

References:
* ``scipy.signal.convolve2d(..., 'same', 'symm')`` per channel: the exact twin of ``convolve``.
  It is a direct method, so for the 60x60 box and the random 15x15 kernel ``scipy.signal.fftconvolve``
  on the symmetric-padded picture ('valid') stands in for it (convolve2d takes seconds there).
* ``cv2.filter2D`` with a float64 output and ``BORDER_REFLECT`` (= 'symm'), kernel flipped so it
  convolves: the same result. ``cv2_uint8_ms`` adds the tutorial's own call, ``filter2D(img, -1, k)``
  with uint8 output (rounded and clipped), for the 60x60 box target.
Targets (issue 4): 3x3 no slower than convolve2d; 60x60 box on RGB within 2x of cv2.filter2D.
"""

from __future__ import annotations

import cv2
import numpy as np
import scipy.signal

from benchmarks._common import compare, photo, quick_flag, size_label, time_ms
from core.convolution import KERNELS, box_kernel, choose_method, convolve, gaussian_kernel, sobel_magnitude


def _per_channel(function, image):
    if image.ndim == 2:
        return function(image)
    return np.stack([function(image[:, :, c]) for c in range(image.shape[2])], axis=2)


def _scipy_direct(image, kernel):
    return _per_channel(lambda plane: scipy.signal.convolve2d(plane, kernel, "same", "symm"), image)


def _scipy_fft(image, kernel):
    kh, kw = kernel.shape
    pads = ((kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2))
    return _per_channel(
        lambda plane: scipy.signal.fftconvolve(np.pad(plane.astype(np.float64), pads, "symmetric"), kernel,
                                               "valid"),
        image)


def _opencv(image, kernel):
    # filter2D correlates and anchors at the centre: flipping the kernel makes it convolve.
    return cv2.filter2D(image, cv2.CV_64F, np.ascontiguousarray(kernel[::-1, ::-1]),
                        borderType=cv2.BORDER_REFLECT)


def _check_same(ours, reference_result, label, tolerance=1e-6):
    error = float(np.abs(ours - reference_result).max())
    if error > tolerance:
        raise AssertionError(f"{label}: ours differs from the reference by {error}")
    return error


def main() -> None:
    quick = quick_flag()
    pixels = 20_000 if quick else 1_000_000
    repeat = 1 if quick else 5
    slow_repeat = 1 if quick else 3
    images = {"grey": photo(pixels, gray=True), "rgb": photo(pixels)}
    random_kernel = np.random.default_rng(0).normal(size=(15, 15))
    cases = [
        ("sharpen 3x3", KERNELS["sharpen"], _scipy_direct, "scipy.signal.convolve2d"),
        ("sobel_left 3x3", KERNELS["sobel_left"], _scipy_direct, "scipy.signal.convolve2d"),
        ("box 15x15", box_kernel(15), _scipy_direct, "scipy.signal.convolve2d"),
        ("box 60x60", box_kernel(60), _scipy_fft, "scipy.signal.fftconvolve"),
        ("gaussian sigma 4 (25x25)", gaussian_kernel(4), _scipy_fft, "scipy.signal.fftconvolve"),
        ("random 15x15", random_kernel, _scipy_fft, "scipy.signal.fftconvolve"),
    ]
    for colour, image in images.items():
        size = size_label(image)
        for name, kernel, scipy_function, scipy_name in cases:
            op = f"convolve {name} {colour}"
            ours = convolve(image, kernel)
            method = choose_method(kernel, image.shape)
            scipy_error = _check_same(ours, scipy_function(image, kernel), op)
            # OpenCV filters kernels from 11x11 up through a single-precision DFT (~1e-5 off).
            opencv_error = _check_same(ours, _opencv(image, kernel), op, tolerance=1e-3)
            slow = scipy_name.endswith("convolve2d") and kernel.size > 9
            compare(op, size, lambda: convolve(image, kernel), scipy_name,
                    lambda: scipy_function(image, kernel), slow_repeat if slow else repeat,
                    method=method, max_abs_difference=scipy_error)
            extra = {}
            if name.startswith("box 60"):
                extra["cv2_uint8_ms"] = round(time_ms(lambda: cv2.filter2D(image, -1, kernel), repeat), 3)
            compare(op, size, lambda: convolve(image, kernel), "cv2.filter2D (float64, BORDER_REFLECT)",
                    lambda: _opencv(image, kernel), repeat, method=method,
                    max_abs_difference=opencv_error, **extra)

    grey = images["grey"]

    def opencv_sobel():
        source = grey.astype(np.float64)
        return np.hypot(cv2.Sobel(source, cv2.CV_64F, 1, 0, ksize=3, borderType=cv2.BORDER_REFLECT),
                        cv2.Sobel(source, cv2.CV_64F, 0, 1, ksize=3, borderType=cv2.BORDER_REFLECT))

    _check_same(sobel_magnitude(grey), opencv_sobel(), "sobel_magnitude")
    compare("sobel_magnitude grey", size_label(grey), lambda: sobel_magnitude(grey),
            "cv2.Sobel x2 + np.hypot (BORDER_REFLECT)", opencv_sobel, repeat)


if __name__ == "__main__":
    main()
