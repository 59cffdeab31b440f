"""Hough transform: ours against scikit-image's compiled hough_line and the tutorial's Python loop.

Run ``python -m benchmarks.hough`` (``--quick`` for a small smoke run). The tutorial's loop makes
one Python iteration per (edge pixel, angle): on the full map that takes minutes, so it is timed
on an evenly spaced subsample of the edge pixels and scaled up by the pixel count (its cost is
linear in them); the line says so.
"""

from __future__ import annotations

import statistics
import time

import cv2
import numpy as np
from skimage.transform import hough_line, hough_line_peaks

from benchmarks._common import compare, emit, photo, quick_flag, size_label, time_ms
from core.hough import hough_accumulator, hough_peaks, tutorial_hough_loop, tutorial_thetas

CANNY_LOW, CANNY_HIGH = 100, 200


def _paired_ratio(ours, reference, rounds: int) -> float:
    """Median of ours/reference over back-to-back pairs: steadier than a ratio of medians when
    other processes share the cores."""
    ratios = []
    for _ in range(rounds):
        start = time.perf_counter()
        ours()
        middle = time.perf_counter()
        reference()
        ratios.append((middle - start) / (time.perf_counter() - middle))
    return round(statistics.median(ratios), 3)


def main() -> None:
    quick = quick_flag()
    gray = photo(pixels=40_000 if quick else 1_000_000, gray=True)
    edges = cv2.Canny(gray, CANNY_LOW, CANNY_HIGH) > 0
    n_edges = int(edges.sum())
    repeat = 3 if quick else 9
    size = size_label(edges)

    for step in (1.0, 0.5):
        thetas = tutorial_thetas(step)
        ours_acc, _ = hough_accumulator(edges, thetas)
        identical = bool(np.array_equal(ours_acc, hough_line(edges, theta=thetas)[0]))
        compare(
            f"hough_accumulator ({thetas.size} angles)", size,
            lambda: hough_accumulator(edges, thetas), "skimage.transform.hough_line",
            lambda: hough_line(edges, theta=thetas), repeat=repeat,
            edge_pixels=n_edges, angles=int(thetas.size), identical=identical,
            paired_ratio=_paired_ratio(lambda: hough_accumulator(edges, thetas),
                                       lambda: hough_line(edges, theta=thetas), repeat),
        )

    thetas = tutorial_thetas()
    ours_ms = time_ms(lambda: hough_accumulator(edges, thetas), repeat)
    subsample = max(1, n_edges // (200 if quick else 1500))
    sample = np.zeros_like(edges)
    rows, cols = np.nonzero(edges)
    sample[rows[::subsample], cols[::subsample]] = True
    sampled = int(sample.sum())
    loop_ms = time_ms(lambda: tutorial_hough_loop(sample, thetas), repeat=1 if not quick else 2,
                      warmup=0) * n_edges / sampled
    emit(
        "hough_accumulator vs tutorial loop (180 angles)", size, ours_ms,
        f"tutorial loop, timed on {sampled} of {n_edges} edge pixels and scaled up", loop_ms,
        edge_pixels=n_edges, speedup=round(loop_ms / ours_ms, 1),
    )

    acc, rhos = hough_accumulator(edges, thetas)
    skimage_acc, _, skimage_rhos = hough_line(edges, theta=thetas)
    for num_peaks in (10, None):
        label = "all" if num_peaks is None else num_peaks
        ours_peaks = hough_peaks(acc, thetas, rhos, num_peaks=num_peaks)
        reference = hough_line_peaks(skimage_acc, thetas, skimage_rhos,
                                     num_peaks=np.inf if num_peaks is None else num_peaks)
        same = ours_peaks == [(int(v), float(t), float(r)) for v, t, r in zip(*reference)]
        compare(
            f"hough_peaks (num_peaks={label})", f"{acc.shape[0]}x{acc.shape[1]}",
            lambda: hough_peaks(acc, thetas, rhos, num_peaks=num_peaks),
            "skimage.transform.hough_line_peaks",
            lambda: hough_line_peaks(skimage_acc, thetas, skimage_rhos,
                                     num_peaks=np.inf if num_peaks is None else num_peaks),
            repeat=repeat, peaks=len(ours_peaks), identical=bool(same),
        )


if __name__ == "__main__":
    main()
