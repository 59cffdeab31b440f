"""Good, odd and bad picture files, generated on the fly (nothing binary is committed).

Used by the decode tests, the AppTest upload tests and the browser upload tests, so every layer
sees the same files. ``GOOD`` files decode to a known picture; ``BAD`` files must be refused with
a message.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png(picture: np.ndarray) -> bytes:
    """A uint8 grey or RGB array as the bytes of a PNG file."""
    return _save(Image.fromarray(picture), "PNG")


def gradient_rgb(height: int = 24, width: int = 32) -> np.ndarray:
    """A smooth colour picture: survives JPEG with small errors, so values can be compared."""
    rows = np.linspace(0, 255, height)[:, None]
    cols = np.linspace(0, 255, width)[None, :]
    return np.stack(
        [np.broadcast_to(cols, (height, width)), np.broadcast_to(rows, (height, width)),
         np.full((height, width), 128.0)], axis=2
    ).round().astype(np.uint8)


def quadrants_rgb(height: int = 64, width: int = 96) -> np.ndarray:
    """Four flat colours: orientation is obvious even after JPEG."""
    picture = np.zeros((height, width, 3), np.uint8)
    picture[: height // 2, : width // 2] = (255, 0, 0)
    picture[: height // 2, width // 2 :] = (0, 255, 0)
    picture[height // 2 :, : width // 2] = (0, 0, 255)
    picture[height // 2 :, width // 2 :] = (255, 255, 255)
    return picture


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG header announcing a huge picture, with almost no pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + _png_chunk(b"IEND", b""))


def _exif_rotated_jpeg(picture: np.ndarray, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _save(Image.fromarray(picture), "JPEG", quality=95, exif=exif)


def _animated_gif() -> bytes:
    first = Image.fromarray(quadrants_rgb()).convert("P", palette=Image.Palette.ADAPTIVE)
    second = Image.fromarray(255 - quadrants_rgb()).convert("P", palette=Image.Palette.ADAPTIVE)
    return _save(first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)


def good_files() -> dict[str, tuple[bytes, np.ndarray, int]]:
    """name -> (file bytes, expected RGB picture, allowed difference per value).

    Lossless files must match to that difference everywhere; JPEG files (tolerance above 1)
    ring at sharp colour edges, so for them 95% of the values must match to it.
    """
    rgb = gradient_rgb()
    quads = quadrants_rgb()
    grey = rgb[:, :, 0]
    grey16 = (grey.astype(np.uint16) * 257)
    rgba = np.dstack([quads, np.full(quads.shape[:2], 255, np.uint8)])
    rgba[:8, :8, 3] = 0  # fully transparent corner -> white
    rgba_expected = quads.copy()
    rgba_expected[:8, :8] = 255
    la = np.dstack([grey, np.full(grey.shape, 128, np.uint8)])
    la_expected = np.rint(grey * 0.5 + 255 * 0.5).astype(np.uint8)
    bits = (grey > 127)
    palette_image = Image.fromarray(quads).quantize(4)
    float_grey = grey.astype(np.float32) / 255.0
    cmyk = Image.fromarray(quads).convert("CMYK")
    rotated_expected = np.rot90(quads, k=-1)  # orientation 6: shown rotated 90° clockwise

    def triple(picture):
        return np.repeat(picture[:, :, None], 3, axis=2)

    return {
        "rgb.png": (_save(Image.fromarray(rgb), "PNG"), rgb, 0),
        "grey.png": (_save(Image.fromarray(grey), "PNG"), triple(grey), 0),
        "grey16.png": (_save(Image.fromarray(grey16), "PNG"), triple(grey), 0),
        "palette.png": (_save(palette_image, "PNG"), np.asarray(palette_image.convert("RGB")), 0),
        "rgba.png": (_save(Image.fromarray(rgba), "PNG"), rgba_expected, 0),
        "grey_alpha.png": (_save(Image.fromarray(la, "LA"), "PNG"), triple(la_expected), 1),
        "one_bit.png": (_save(Image.fromarray(bits), "PNG"), triple(bits.astype(np.uint8) * 255), 0),
        "photo.jpg": (_save(Image.fromarray(rgb), "JPEG", quality=95), rgb, 12),
        "cmyk.jpg": (_save(cmyk, "JPEG", quality=95), quads, 12),
        "exif_rotated.jpg": (_exif_rotated_jpeg(quads, 6), rotated_expected, 12),
        "trailing_junk.jpg": (_save(Image.fromarray(rgb), "JPEG", quality=95) + b"junk" * 100,
                              rgb, 12),
        "animated.gif": (_animated_gif(), quads, 0),
        "picture.bmp": (_save(Image.fromarray(rgb), "BMP"), rgb, 0),
        "picture.tiff": (_save(Image.fromarray(rgb), "TIFF"), rgb, 0),
        "float.tiff": (_save(Image.fromarray(float_grey, "F"), "TIFF"), triple(grey), 0),
        "lossless.webp": (_save(Image.fromarray(rgb), "WEBP", lossless=True), rgb, 0),
        "one_pixel.png": (_save(Image.fromarray(rgb[:1, :1]), "PNG"), rgb[:1, :1], 0),
        "one_by_5000.png": (_save(Image.fromarray(np.zeros((1, 5000, 3), np.uint8)), "PNG"),
                            np.zeros((1, 5000, 3), np.uint8), 0),
    }


def bad_files() -> dict[str, bytes]:
    """name -> bytes that are not a usable picture."""
    png = _save(Image.fromarray(gradient_rgb(64, 64)), "PNG")
    jpeg = _save(Image.fromarray(gradient_rgb(64, 64)), "JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("picture.png", png)
    return {
        "empty.png": b"",
        "random.png": np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes(),
        "notes.png": b"These are my holiday notes, not a picture.\n" * 20,
        "page.png": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "document.png": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n",
        "archive.png": archive.getvalue(),
        "drawing.png": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                       b'<rect width="10" height="10"/></svg>',
        "signature_only.png": b"\x89PNG\r\n\x1a\n",
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "huge_claim.png": png_claiming(40000, 40000),
    }
