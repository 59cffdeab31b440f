"""Canny from scratch against OpenCV's blur + Canny, whole and stage by stage.

    python -m benchmarks.edges            # the China photo at about 1 megapixel
    python -m benchmarks.edges --quick    # a small picture, for the smoke test

Targets (issue 6): all five stages in under 50 ms on a megapixel, within 10x of
``cv2.GaussianBlur`` + ``cv2.Canny``.
"""

from __future__ import annotations

import cv2

from benchmarks._common import compare, emit, photo, quick_flag, size_label, time_ms
from core.edges import (
    canny,
    edge_f1,
    gaussian_kernel_size,
    gaussian_smooth,
    gradient_direction,
    gradient_magnitude,
    hysteresis,
    non_maximum_suppression,
    opencv_pipeline,
    reference_canny,
    sobel_gradients,
)

SIGMAS = (1.0, 1.4, 2.0)
LOW, HIGH = 50, 150


def main() -> None:
    quick = quick_flag()
    gray = photo(pixels=20_000 if quick else 1_000_000, gray=True)
    size = size_label(gray)
    repeat = 3 if quick else 15

    for sigma in SIGMAS:
        result = canny(gray, sigma, LOW, HIGH)
        same_input = edge_f1(result.edges, reference_canny(result.smoothed, LOW, HIGH))
        whole_pipeline = edge_f1(result.edges, opencv_pipeline(gray, sigma, LOW, HIGH))
        compare(
            f"canny (all stages, sigma={sigma}, {LOW}/{HIGH})", size,
            lambda: canny(gray, sigma, LOW, HIGH),
            "cv2.GaussianBlur + cv2.Canny(L2gradient=True)",
            lambda: opencv_pipeline(gray, sigma, LOW, HIGH),
            repeat=repeat,
            f1_same_smoothed_input=round(same_input, 4),
            f1_opencv_pipeline=round(whole_pipeline, 4),
            edge_pixels=int(result.edges.sum()),
        )

    # Stage by stage through the public stage functions (each allocating its own outputs).
    sigma = 1.4
    ksize = gaussian_kernel_size(sigma)
    smoothed = gaussian_smooth(gray, sigma).round()
    gx, gy = sobel_gradients(smoothed)
    magnitude = gradient_magnitude(gx, gy)
    suppressed = non_maximum_suppression(magnitude, gx, gy)
    smoothed_u8 = smoothed.astype("uint8")
    compare("stage 1: gaussian_smooth", size, lambda: gaussian_smooth(gray, sigma),
            f"cv2.GaussianBlur(uint8, ksize {ksize})",
            lambda: cv2.GaussianBlur(gray, (ksize, ksize), sigma), repeat=repeat)
    compare("stage 2a: sobel_gradients", size, lambda: sobel_gradients(smoothed),
            "2 x cv2.Sobel(CV_32F, BORDER_REPLICATE)",
            lambda: (cv2.Sobel(smoothed, cv2.CV_32F, 1, 0, borderType=cv2.BORDER_REPLICATE),
                     cv2.Sobel(smoothed, cv2.CV_32F, 0, 1, borderType=cv2.BORDER_REPLICATE)),
            repeat=repeat)
    compare("stage 2b: gradient_magnitude + gradient_direction", size,
            lambda: (gradient_magnitude(gx, gy), gradient_direction(gx, gy)),
            "cv2.cartToPolar", lambda: cv2.cartToPolar(gx, gy), repeat=repeat)
    emit("stage 3: non_maximum_suppression", size,
         time_ms(lambda: non_maximum_suppression(magnitude, gx, gy), repeat))
    emit(f"stage 4+5: hysteresis ({LOW}/{HIGH})", size,
         time_ms(lambda: hysteresis(suppressed, LOW, HIGH), repeat))
    compare("stages 2-5 on the same smoothed input", size,
            lambda: canny(smoothed_u8, 0, LOW, HIGH),
            "cv2.Canny(L2gradient=True)",
            lambda: cv2.Canny(smoothed_u8, LOW, HIGH, L2gradient=True), repeat=repeat)


if __name__ == "__main__":
    main()
