"""The topic pages: one entry per page, with the card the home page shows for it.

A page whose file does not exist yet is simply not listed. Thumbnails are made from the bundled
samples by the page's own core module, small enough to be instant; none may import scikit-learn
or TensorFlow, which the home page must not pay for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from core.images import sample_images

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Topic:
    path: str
    title: str
    icon: str
    summary: str
    thumbnail: Callable[[], np.ndarray]

    @property
    def url_path(self) -> str:
        return Path(self.path).stem


def _sample(name: str = "China (photo)", width: int = 240) -> np.ndarray:
    picture = sample_images()[name]
    height = round(picture.shape[0] * width / picture.shape[1])
    return cv2.resize(picture, (width, height), interpolation=cv2.INTER_AREA)


def _split(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Input on the left half, result on the right: the before/after idea in one picture."""
    half = left.shape[1] // 2
    right = right if right.ndim == 3 else np.repeat(right[:, :, None], 3, axis=2)
    return np.hstack([left[:, :half], right[:, half:]])


def _intensity_thumbnail() -> np.ndarray:
    from core import intensity

    photo = _sample()
    return _split(photo, intensity.negative(photo))


def _filters_thumbnail() -> np.ndarray:
    from core import convolution

    photo = _sample()
    edges = convolution.sobel_magnitude(cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY))
    return _split(photo, np.clip(edges, 0, 255).astype(np.uint8))


def _segmentation_thumbnail() -> np.ndarray:
    from core import segmentation

    photo = _sample("Flower (photo)")
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
    return _split(photo, ((grey > segmentation.otsu_threshold(grey)) * 255).astype(np.uint8))


def _lines_edges_thumbnail() -> np.ndarray:
    from core import edges

    photo = _sample("Grid (generated)")
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
    found = edges.canny(grey, 1.0, 50, 150).edges
    return _split(photo, (found * 255).astype(np.uint8))


def _contours_thumbnail() -> np.ndarray:
    from core import contours

    photo = _sample("Shapes (generated)")
    # Traced on the full-size sample and drawn onto the small one: smooth outlines, not the
    # staircase of a 240-pixel mask.
    full = cv2.cvtColor(sample_images()["Shapes (generated)"], cv2.COLOR_RGB2GRAY)
    outlines = contours.simplify_contours(contours.find_contours(full < 200), 1.0)
    drawing = contours.draw_contours(np.full_like(photo, 255), outlines, thickness=2,
                                     source_shape=full.shape)
    return _split(photo, drawing)


def _autoencoder_thumbnail() -> np.ndarray:
    """Hand-drawn digits above their blurred 'reconstructions' (no TensorFlow on the home page)."""
    tile = np.zeros((160, 240), np.uint8)
    for index, digit in enumerate("3817"):
        x = 12 + index * 58
        cv2.putText(tile, digit, (x, 68), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 5, cv2.LINE_AA)
        cv2.putText(tile, digit, (x, 148), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 5, cv2.LINE_AA)
    tile[84:] = cv2.GaussianBlur(tile[84:], (0, 0), 3)
    return np.repeat(tile[:, :, None], 3, axis=2)


_ALL_TOPICS = [
    Topic("pages/intensity.py", "Intensity transforms", ":material/contrast:",
          "Negative, log, gamma, contrast stretching, slicing and histogram equalization: "
          "change each pixel by its level, and see the curve that does it.",
          _intensity_thumbnail),
    Topic("pages/filters.py", "Filters", ":material/blur_on:",
          "Convolution from scratch: blur, sharpen, outline and Sobel edges, the worked 5x5 "
          "example step by step, and edges that survive noise.",
          _filters_thumbnail),
    Topic("pages/segmentation.py", "Segmentation", ":material/category:",
          "Otsu's threshold from its histogram, with the tutorial's worked example, and "
          "K-means colour clustering.",
          _segmentation_thumbnail),
    Topic("pages/lines_edges.py", "Lines & edges", ":material/timeline:",
          "Canny's five stages one by one, and the Hough transform: how every edge pixel votes "
          "for the lines through it.",
          _lines_edges_thumbnail),
    Topic("pages/contours.py", "Contours", ":material/gesture:",
          "Binarize, trace the outlines, simplify them and export the drawing as SVG.",
          _contours_thumbnail),
    Topic("pages/autoencoder.py", "Autoencoder", ":material/neurology:",
          "A stacked autoencoder squeezes digits through 196 numbers and back; compare it "
          "honestly with JPEG.",
          _autoencoder_thumbnail),
]

TOPICS = [topic for topic in _ALL_TOPICS if (ROOT / topic.path).is_file()]
