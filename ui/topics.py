"""The topic pages: one entry per page, with the card the home page shows for it.

A page that is not built yet is simply not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np

from core import intensity
from core.images import sample_images


@dataclass(frozen=True)
class Topic:
    path: str
    title: str
    icon: str
    summary: str
    thumbnail: Callable[[], np.ndarray]


def _photo(width: int = 240) -> np.ndarray:
    photo = sample_images()["China (photo)"]
    height = round(photo.shape[0] * width / photo.shape[1])
    return cv2.resize(photo, (width, height), interpolation=cv2.INTER_AREA)


def _intensity_thumbnail() -> np.ndarray:
    photo = _photo()
    half = photo.shape[1] // 2
    return np.hstack([photo[:, :half], intensity.negative(photo[:, half:])])


TOPICS = [
    Topic(
        "pages/intensity.py",
        "Intensity transforms",
        ":material/contrast:",
        "Negative, log, gamma, contrast stretching, slicing and histogram equalization: "
        "change each pixel by its level, and see the curve that does it.",
        _intensity_thumbnail,
    ),
]
