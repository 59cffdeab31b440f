"""Contour tracing, simplification and SVG export, ours against scikit-image.

The input is the tutorial's situation: a photo binarized into a mask with thousands of contours,
traced at level 0.5 (fully_connected="high") and simplified with tolerance 5.
Run ``python -m benchmarks.contours`` (``--quick`` for a small smoke run).
"""

from __future__ import annotations

import numpy as np
from skimage import measure

from benchmarks._common import compare, emit, photo, quick_flag, size_label, time_ms
from core.contours import (contours_to_svg, count_vertices, find_contours, simplify_contours)

TUTORIAL_TOLERANCE = 5


def main() -> None:
    quick = quick_flag()
    repeat = 2 if quick else 7
    gray = photo(pixels=20_000 if quick else 1_000_000, gray=True)
    mask = gray > gray.mean()
    size = size_label(mask)
    height, width = mask.shape

    contours = find_contours(mask)
    reference = measure.find_contours(mask, 0.5, fully_connected="high")
    assert len(contours) == len(reference)
    compare("find_contours", size, lambda: find_contours(mask), "skimage.measure.find_contours",
            lambda: measure.find_contours(mask, 0.5, fully_connected="high"), repeat,
            contours=len(contours), points=count_vertices(contours))

    simplified = simplify_contours(contours, TUTORIAL_TOLERANCE)
    compare(f"simplify_contours tol={TUTORIAL_TOLERANCE}", size,
            lambda: simplify_contours(contours, TUTORIAL_TOLERANCE),
            "skimage.measure.approximate_polygon per contour",
            lambda: [measure.approximate_polygon(c, TUTORIAL_TOLERANCE) for c in reference],
            repeat, points_before=count_vertices(contours), points_after=count_vertices(simplified))

    compare(f"trace + simplify tol={TUTORIAL_TOLERANCE}", size,
            lambda: simplify_contours(find_contours(mask), TUTORIAL_TOLERANCE),
            "skimage find_contours + approximate_polygon",
            lambda: [measure.approximate_polygon(c, TUTORIAL_TOLERANCE)
                     for c in measure.find_contours(mask, 0.5, fully_connected="high")], repeat)

    for label, paths in (("simplified", simplified), ("raw", contours)):
        svg = contours_to_svg(paths, height, width)
        emit(f"contours_to_svg {label}", size,
             time_ms(lambda: contours_to_svg(paths, height, width), repeat),
             paths=len(paths), svg_bytes=len(svg.encode()))

    # Worst case for tracing: salt-and-pepper noise, where almost every pixel edge is a contour.
    noise = np.random.default_rng(0).random((64, 64) if quick else (512, 512)) < 0.5
    compare("find_contours noise", size_label(noise), lambda: find_contours(noise),
            "skimage.measure.find_contours",
            lambda: measure.find_contours(noise, 0.5, fully_connected="high"), 2 if quick else 3,
            contours=len(find_contours(noise)))


if __name__ == "__main__":
    main()
