"""Intensity transforms on a 1-megapixel photo: ours (look-up tables) against the tutorial's numpy
formulas and the library calls that do the same job.

``python -m benchmarks.intensity [--quick]``
"""

from __future__ import annotations

import cv2
import numpy as np

from benchmarks._common import compare, photo, quick_flag, size_label
from core import intensity


def main() -> None:
    pixels = 20_000 if quick_flag() else 1_000_000
    repeat = 2 if quick_flag() else 7
    rgb = photo(pixels)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    for label, image in (("grey", grey), ("rgb", rgb)):
        size = size_label(image)
        compare(f"negative {label}", size, lambda: intensity.negative(image),
                "cv2.bitwise_not", lambda: cv2.bitwise_not(image), repeat)
        c = 255 / np.log(1 + float(image.max()))
        compare(f"log {label}", size, lambda: intensity.log_transform(image),
                "tutorial numpy formula (in float)",
                lambda: np.array(c * np.log(1 + image.astype(np.float64)), dtype=np.uint8),
                repeat)
        compare(f"gamma 2.2 {label}", size, lambda: intensity.gamma_correction(image, 2.2),
                "tutorial numpy formula",
                lambda: np.array(255 * (image / 255) ** (1 / 2.2), dtype=np.uint8), repeat)
        compare(f"bit plane 7 {label}", size, lambda: intensity.bit_plane(image, 7),
                "numpy (image >> 7 & 1) * 255",
                lambda: ((image >> 7) & 1).astype(np.uint8) * 255, repeat)
        compare(f"level slice {label}", size, lambda: intensity.level_slice(image, 100, 180, True),
                "numpy where",
                lambda: np.where((image >= 100) & (image <= 180), 255, image).astype(np.uint8),
                repeat)
        compare(f"contrast stretch 2-98% {label}", size,
                lambda: intensity.contrast_stretch(image, 2, 98), "np.percentile + np.interp",
                lambda: _numpy_stretch(image), repeat)
        compare(f"clahe 0.03 {label}", size, lambda: intensity.clahe(image, 0.03, 8),
                "skimage.exposure.equalize_adapthist (the tutorial's call)",
                lambda: _skimage_clahe(image), max(1, repeat // 3))
    compare("equalize grey", size_label(grey), lambda: intensity.equalize_histogram(grey),
            "cv2.equalizeHist", lambda: cv2.equalizeHist(grey), repeat)


def _numpy_stretch(image: np.ndarray) -> np.ndarray:
    low, high = np.percentile(image, (2, 98))
    return np.interp(image, (low, high), (0, 255)).astype(np.uint8)


def _skimage_clahe(image: np.ndarray) -> np.ndarray:
    from skimage import exposure

    return exposure.equalize_adapthist(image, clip_limit=0.03)


if __name__ == "__main__":
    main()
