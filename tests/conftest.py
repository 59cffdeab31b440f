"""Fixtures shared by every test folder: real photos at test size and seeded random images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.images import sample_images


def _shrink(image: np.ndarray, width: int) -> np.ndarray:
    height = round(image.shape[0] * width / image.shape[1])
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="session")
def photos() -> dict[str, np.ndarray]:
    """Every bundled sample at 160 pixels wide: real content, small enough for fast tests."""
    return {name: _shrink(image, 160) for name, image in sample_images().items()}


@pytest.fixture(scope="session")
def photo_rgb(photos) -> np.ndarray:
    return photos["China (photo)"]


@pytest.fixture(scope="session")
def photo_gray(photo_rgb) -> np.ndarray:
    return cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2GRAY)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
