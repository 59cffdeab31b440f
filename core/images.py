"""Reading pictures into arrays, and the bundled sample pictures.

Every page works on uint8 RGB ``(H, W, 3)`` or uint8 grey ``(H, W)`` arrays. This module is the
one door through which outside bytes become such arrays, so it is where odd and hostile files are
turned into a clear :class:`ImageError` instead of a traceback.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import struct
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = [
    "ImageError",
    "SUPPORTED_EXTENSIONS",
    "decode_image",
    "to_gray",
    "to_rgb",
    "fit_to_working_size",
    "sample_images",
    "describe",
    "circular_mask",
    "apply_mask",
]

SUPPORTED_EXTENSIONS = ("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp", "gif")

# Pillow refuses, by itself, pictures above 2 * MAX_IMAGE_PIXELS at open time; our own limit is
# checked first and is the one users meet, so Pillow's only needs to be no tighter.
Image.MAX_IMAGE_PIXELS = None


class ImageError(ValueError):
    """A file or array that cannot be used as a picture; the message tells the user what to do."""


# Leading bytes of files people upload by mistake, so the message can name what they gave us.
_KNOWN_NON_IMAGES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"<svg", "an SVG drawing (a vector format)"),
    (b"<?xml", "an XML or SVG file"),
    (b"<!doctype html", "a web page (HTML)"),
    (b"<html", "a web page (HTML)"),
)

_WHAT_TO_DO = "Please choose a JPEG, PNG, BMP, TIFF, WebP or GIF picture."


# Leading bytes of the picture formats we read: such a file that still fails is damaged.
_IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")

_DAMAGED = ("The picture could not be read: the file looks damaged or incomplete "
            "(for example cut off during download). ")


def _why_not_an_image(data: bytes) -> str:
    if data.startswith(_IMAGE_SIGNATURES):
        return _DAMAGED + _WHAT_TO_DO
    head = data[:256].lstrip().lower()
    name = next((name for signature, name in _KNOWN_NON_IMAGES
                 if head.startswith(signature.lower())), None)
    if name is None and b"<svg" in head:
        name = "an SVG drawing (a vector format)"
    if name is None:
        try:
            data[:4096].decode("utf-8")
            name = "a text file"
        except UnicodeDecodeError:
            return f"This file is not a picture Image Lab can open. {_WHAT_TO_DO}"
    return f"This file is {name}, not a picture. {_WHAT_TO_DO}"


def decode_image(data: bytes, max_pixels: int = 50_000_000) -> np.ndarray:
    """Decode the bytes of a picture file to a uint8 RGB array of shape (H, W, 3).

    Parameters
    ----------
    data : bytes
        The whole file: PNG (8/16-bit, palette, alpha), JPEG (incl. CMYK and EXIF orientation),
        GIF (first frame), BMP, TIFF (incl. float) or WebP.
    max_pixels : int
        Largest width * height accepted. It is read from the file header, so an over-size picture
        is refused before any pixel is decoded.

    Returns
    -------
    ndarray of uint8, shape (H, W, 3)
        The picture upright (EXIF orientation applied), transparent parts composited on white,
        16-bit and float samples scaled to 0..255.

    Raises
    ------
    ImageError
        Empty, non-image, truncated, damaged or over-size data, with a message saying what to do.

    References
    ----------
    Pillow's ``Image.open`` (lazy: reads only the header) and ``ImageOps.exif_transpose``.

    Examples
    --------
    >>> buffer = io.BytesIO(); Image.new("RGBA", (3, 2), (255, 0, 0, 0)).save(buffer, "PNG")
    >>> decode_image(buffer.getvalue())[0, 0].tolist()
    [255, 255, 255]
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageError("Expected the bytes of a picture file.")
    data = bytes(data)
    if len(data) == 0:
        raise ImageError(f"The file is empty. {_WHAT_TO_DO}")
    try:
        with warnings.catch_warnings():
            # Pillow warns (rather than fails) on some damaged files; we want those to fail below.
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if width < 1 or height < 1:
                    raise ImageError("The picture has no pixels (its width or height is 0).")
                if width * height > max_pixels:
                    raise ImageError(
                        f"The picture is {width} x {height} pixels ({width * height / 1e6:.0f} "
                        f"megapixels); Image Lab accepts at most {max_pixels / 1e6:.0f} megapixels. "
                        "Please scale it down first."
                    )
                picture.seek(0)  # first frame of an animated GIF / multi-page TIFF
                upright = ImageOps.exif_transpose(picture)
                return _pil_to_rgb(upright)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(_why_not_an_image(data)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as error:
        raise ImageError(_DAMAGED + _WHAT_TO_DO) from error


def _pil_to_rgb(picture: Image.Image) -> np.ndarray:
    mode = picture.mode
    has_alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in picture.info
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        grey = _scale_to_uint8(np.asarray(picture))
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    if has_alpha:
        rgba = np.asarray(picture.convert("RGBA"), dtype=np.float32)
        alpha = rgba[:, :, 3:4] / 255.0
        on_white = rgba[:, :, :3] * alpha + 255.0 * (1.0 - alpha)
        return np.ascontiguousarray(np.rint(on_white).astype(np.uint8))
    return np.ascontiguousarray(np.asarray(picture.convert("RGB"), dtype=np.uint8))


def _scale_to_uint8(samples: np.ndarray) -> np.ndarray:
    """Map 16-bit, 32-bit or float grey samples to 0..255 the way an image viewer would."""
    samples = np.asarray(samples)
    if samples.dtype.kind == "f":
        samples = np.nan_to_num(samples.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        low, high = float(samples.min()), float(samples.max())
        if low >= 0.0 and high <= 1.0:
            return np.rint(samples * 255.0).astype(np.uint8)
        if high == low:
            return np.zeros(samples.shape, np.uint8)
        return np.rint((samples - low) * (255.0 / (high - low))).astype(np.uint8)
    samples = samples.astype(np.int64)
    if samples.min() >= 0 and samples.max() <= 65535:
        # 16-bit data: 65535 must map to 255 exactly, as 255 * 257 == 65535.
        return np.rint(samples / 257.0).astype(np.uint8)
    low, high = int(samples.min()), int(samples.max())
    return np.rint((samples - low) * (255.0 / max(high - low, 1))).astype(np.uint8)


def to_rgb(image: np.ndarray) -> np.ndarray:
    """Return a uint8 RGB ``(H, W, 3)`` view of a grey or RGB uint8 image (grey repeated)."""
    image = check_image(image)
    if image.ndim == 3:
        return image
    return np.repeat(image[:, :, None], 3, axis=2)


def to_gray(image: np.ndarray) -> np.ndarray:
    """Convert an RGB image to grey with the ITU-R BT.601 weights (0.299 R + 0.587 G + 0.114 B).

    Grey input is returned unchanged (not copied).

    References
    ----------
    Equal, within 1 level, to ``cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)``, which this calls.

    Examples
    --------
    >>> to_gray(np.array([[[255, 0, 0]]], np.uint8)).tolist()
    [[76]]
    """
    image = check_image(image)
    if image.ndim == 2:
        return image
    return cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY)


def check_image(image: np.ndarray) -> np.ndarray:
    """Validate a uint8 grey (H, W) or RGB (H, W, 3) array; raise ImageError saying what is wrong."""
    if not isinstance(image, np.ndarray):
        raise ImageError("Expected a picture as a numpy array.")
    if image.dtype != np.uint8:
        raise ImageError(f"Expected 8-bit pixels (uint8), got {image.dtype}.")
    if image.ndim == 3 and image.shape[2] == 3 or image.ndim == 2:
        if image.shape[0] < 1 or image.shape[1] < 1:
            raise ImageError("The picture has no pixels.")
        return image
    raise ImageError(f"Expected a grey (H, W) or colour (H, W, 3) picture, got shape {image.shape}.")


def fit_to_working_size(image: np.ndarray, max_pixels: int) -> np.ndarray:
    """Shrink ``image`` to at most ``max_pixels`` pixels, keeping its aspect ratio; never enlarge.

    Uses area averaging (``cv2.INTER_AREA``), which does not alias fine detail the way sampling
    would. An image already small enough is returned as is (not copied).
    """
    image = check_image(image)
    if max_pixels < 1:
        raise ValueError("The working size must be at least one pixel.")
    height, width = image.shape[:2]
    if height * width <= max_pixels:
        return image
    scale = (max_pixels / (height * width)) ** 0.5
    new_height = max(1, min(height, int(height * scale)))
    new_width = max(1, min(width, int(width * scale)))
    # A strip one pixel thick cannot get thinner, so its length takes all the reduction.
    if new_height * new_width > max_pixels:
        if new_width == 1:
            new_height = max_pixels
        else:
            new_width = max(1, max_pixels // new_height)
    return cv2.resize(image, (new_width, new_height), interpolation=cv2.INTER_AREA)


def describe(image: np.ndarray) -> dict:
    """Basic properties of a picture, as the tutorial's Part 1 prints them."""
    image = check_image(image)
    channels = ("R", "G", "B") if image.ndim == 3 else ("grey",)
    planes = [image[:, :, i] for i in range(3)] if image.ndim == 3 else [image]
    return {
        "shape": image.shape,
        "dtype": str(image.dtype),
        "pixels": image.shape[0] * image.shape[1],
        "bytes": image.nbytes,
        "channels": {
            name: {"min": int(p.min()), "max": int(p.max()), "mean": float(p.mean())}
            for name, p in zip(channels, planes)
        },
    }


def _sklearn_photo(name: str) -> np.ndarray:
    # Read scikit-learn's bundled JPEGs straight from its package folder: importing scikit-learn
    # itself costs ~1.3 s and ~190 MB, which no page but the clustering ones should pay.
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise ImageError("scikit-learn is not installed, so its sample photos are missing.")
    path = Path(spec.origin).parent / "datasets" / "images" / name
    return decode_image(path.read_bytes())


def _shapes_picture(height: int = 480, width: int = 640) -> np.ndarray:
    """Flat shapes with straight and curved edges: good for contours, Hough lines and Otsu."""
    picture = np.full((height, width, 3), (236, 240, 245), np.uint8)
    cv2.rectangle(picture, (40, 50), (250, 210), (40, 90, 200), thickness=-1)
    cv2.circle(picture, (440, 140), 95, (220, 70, 60), thickness=-1)
    cv2.circle(picture, (440, 140), 45, (236, 240, 245), thickness=-1)
    triangle = np.array([[90, 430], [300, 430], [195, 260]], np.int32)
    cv2.fillPoly(picture, [triangle], (50, 160, 80))
    hexagon = np.array(
        [[470 + 90 * np.cos(a), 350 + 90 * np.sin(a)] for a in np.arange(6) * np.pi / 3], np.int32
    )
    cv2.fillPoly(picture, [hexagon], (240, 180, 40))
    cv2.line(picture, (20, 460), (620, 250), (30, 30, 30), thickness=3)
    return picture


def _grid_picture(height: int = 480, width: int = 640) -> np.ndarray:
    """A tilted window grid over a gradient sky: many straight lines at a few angles."""
    rows = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    sky = np.empty((height, width, 3), np.float32)
    sky[:, :, 0] = 120 + 100 * rows
    sky[:, :, 1] = 170 + 60 * rows
    sky[:, :, 2] = 235 - 20 * rows
    picture = np.rint(sky).astype(np.uint8)
    facade = np.array([[120, 440], [560, 440], [520, 70], [160, 70]], np.int32)
    cv2.fillPoly(picture, [facade], (150, 140, 130))
    for i in range(1, 8):
        t = i / 8
        top = (int(160 + t * 360), 70)
        bottom = (int(120 + t * 440), 440)
        cv2.line(picture, top, bottom, (60, 55, 50), 2)
    for j in range(1, 6):
        t = j / 6
        y = int(70 + t * 370)
        left = int(160 - t * 40)
        right = int(520 + t * 40)
        cv2.line(picture, (left, y), (right, y), (60, 55, 50), 2)
    cv2.line(picture, (0, 455), (width - 1, 455), (40, 40, 40), 3)
    return picture


@functools.lru_cache(maxsize=1)
def sample_images() -> dict[str, np.ndarray]:
    """The bundled sample pictures, read-only, keyed by a display name. Needs no network.

    scikit-learn's two photos (``china.jpg``, ``flower.jpg``, as in ``load_sample_images``) and
    two generated pictures whose straight edges and flat regions suit lines and contours.
    """
    samples = {}
    for title, file_name in (("China (photo)", "china.jpg"), ("Flower (photo)", "flower.jpg")):
        try:
            samples[title] = _sklearn_photo(file_name)
        except (ImageError, OSError):
            continue  # a trimmed install still has the generated pictures
    samples["Shapes (generated)"] = _shapes_picture()
    samples["Grid (generated)"] = _grid_picture()
    for picture in samples.values():
        picture.flags.writeable = False
    return samples


def circular_mask(height: int, width: int, radius: float) -> np.ndarray:
    """True inside the circle of ``radius`` pixels centred at (height / 2, width / 2).

    The tutorial's Part 1 blacks out every pixel whose distance from the centre exceeds the
    radius: ``image[~circular_mask(h, w, r)] = 0``.
    """
    if height < 1 or width < 1:
        raise ValueError("The mask needs at least one pixel.")
    if not np.isfinite(radius) or radius < 0:
        raise ValueError("The radius must be a non-negative number of pixels.")
    rows, cols = np.ogrid[:height, :width]
    squared = (rows - height / 2) ** 2 + (cols - width / 2) ** 2
    return squared <= radius**2


def apply_mask(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A copy of ``image`` with the pixels outside ``mask`` set to black."""
    image = check_image(image)
    if mask.shape != image.shape[:2]:
        raise ValueError("The mask must have the picture's height and width.")
    result = image.copy()
    result[~mask] = 0
    return result
