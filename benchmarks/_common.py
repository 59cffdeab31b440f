"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Callable

import cv2
import numpy as np

from core.images import sample_images

MEGAPIXEL = 1_000_000


def time_ms(function: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``function()`` in milliseconds over ``repeat`` runs after ``warmup``."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def emit(op: str, size: str, ours_ms: float, reference: str | None = None,
         reference_ms: float | None = None, **extra) -> dict:
    """Print one benchmark line as JSON (the format ``python -m benchmarks`` collects)."""
    line = {
        "op": op,
        "size": size,
        "ours_ms": round(ours_ms, 3),
        "reference": reference,
        "reference_ms": None if reference_ms is None else round(reference_ms, 3),
        "ratio": None if not reference_ms else round(ours_ms / reference_ms, 3),
        **extra,
    }
    print(json.dumps(line), flush=True)
    return line


def compare(op: str, size: str, ours: Callable[[], object], reference: str,
            reference_function: Callable[[], object], repeat: int = 7, **extra) -> dict:
    """Time ours and the reference back to back and emit the line."""
    ours_ms = time_ms(ours, repeat)
    reference_ms = time_ms(reference_function, repeat)
    return emit(op, size, ours_ms, reference, reference_ms, **extra)


def photo(pixels: int = MEGAPIXEL, gray: bool = False) -> np.ndarray:
    """The bundled China photo resized to about ``pixels`` pixels (cubic, so detail stays real)."""
    source = sample_images()["China (photo)"]
    height, width = source.shape[:2]
    scale = (pixels / (height * width)) ** 0.5
    resized = cv2.resize(source, (round(width * scale), round(height * scale)),
                         interpolation=cv2.INTER_CUBIC)
    return cv2.cvtColor(resized, cv2.COLOR_RGB2GRAY) if gray else resized


def size_label(image: np.ndarray) -> str:
    return "x".join(str(n) for n in image.shape)


def quick_flag() -> bool:
    """``--quick`` runs each benchmark on small inputs, for the smoke test that keeps them working."""
    return "--quick" in sys.argv[1:]
