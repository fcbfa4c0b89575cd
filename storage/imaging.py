"""Turn whatever bytes a server sent into an upright RGB picture, and store a resized copy.

The crawler calls `store_image` in its worker processes (crawler/workers.py);
`predict FILE` calls `load_rgb` so that a picture
reaches the model exactly as a crawled one does.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from storage.atomic_files import write_atomic
from storage.config import DEFAULT_LONGEST_SIDE

DEFAULT_JPEG_QUALITY = 90
# BAM's "disp" images are ~600 px wide (tall project strips reach a few million pixels) and a
# portal's camera photo ~24 MP; one decoded picture of the limit is 3 bytes a pixel (~72 MB)
# per worker, so a pool of bombs stays within a small host's memory.
DEFAULT_MAX_PIXELS = 24_000_000

# Pillow's globals stay as they are (MAX_IMAGE_PIXELS guards above ours; a truncated
# file raises rather than loading half grey); our own limit is checked before decoding.

# What an image host serves. Pillow knows ~40 formats, some of them (EPS runs Ghostscript)
# never to be opened on a stranger's bytes; only these plugins are ever asked.
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")

NOT_AN_IMAGE = "not an image of an accepted format (JPEG, PNG, GIF, WebP, BMP, TIFF)"
DAMAGED = "truncated or damaged image data"


class InvalidImage(ValueError):
    """The bytes are not a usable picture; the message says why, for the `error` column."""


@dataclass(frozen=True)
class StoredImage:
    width: int  # original size, upright
    height: int
    stored_width: int
    stored_height: int
    bytes: int  # of the stored file
    sha1: str  # of the downloaded body


def load_rgb(source: bytes | str | os.PathLike, *, max_pixels: int = DEFAULT_MAX_PIXELS,
             draft_longest: int | None = None) -> tuple[Image.Image, tuple[int, int]]:
    """Decode to upright RGB; return it with the original upright size.

    With `draft_longest`, a JPEG is decoded at the smallest DCT scale whose longest side
    still reaches that many pixels (libjpeg scales by 1/2, 1/4, 1/8 almost for free).
    """
    if isinstance(source, bytes):
        if not source:
            raise InvalidImage("empty body")
        source = io.BytesIO(source)
    try:
        image = Image.open(source, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise InvalidImage("decompression bomb: over Pillow's pixel limit") from None
    except Image.UnidentifiedImageError:
        raise InvalidImage(NOT_AN_IMAGE) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidImage(f"unreadable image header ({_detail(error)})") from None
    width, height = image.size
    if width * height > max_pixels:
        raise InvalidImage(f"decompression bomb: {width}x{height} pixels is over the limit of {max_pixels:,}")
    try:
        if draft_longest and image.format == "JPEG":
            scale = draft_longest / max(width, height)
            if scale < 1:
                image.draft("RGB", (max(1, int(width * scale + 1)), max(1, int(height * scale + 1))))
        image.load()
        upright = ImageOps.exif_transpose(image)
        turned = upright.size != image.size  # EXIF said 90 or 270 degrees
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidImage(f"{DAMAGED} ({_detail(error)})") from None
    return to_rgb(upright), (height, width) if turned else (width, height)


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB whatever the mode: alpha flattened on white, 16-, 32-bit and float scaled to 8 bits,
    CMYK converted."""
    if image.mode.startswith("I") or image.mode == "F":
        image = Image.fromarray(_to_8_bits(image), "L")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB") if image.mode != "RGB" else image


def _to_8_bits(image: Image.Image) -> np.ndarray:
    """One grey channel of 16-bit, 32-bit integer or float samples, mapped onto 0-255 by the
    range its samples fit (float: 0-1 or 0-255; 16-bit: 0-65535; 32-bit: 0-255 or 0-65535),
    otherwise by the picture's own minimum and maximum: never black for want of a scale."""
    pixels = np.asarray(image, dtype=np.float64)
    if not np.isfinite(pixels).all():
        raise InvalidImage(f"{image.mode} image with samples that are not finite numbers")
    low, high = (float(pixels.min()), float(pixels.max())) if pixels.size else (0.0, 0.0)
    ranges = (1.0, 255.0) if image.mode == "F" else (65535.0,) if image.mode.startswith("I;16") else (255.0, 65535.0)
    peak = next((top for top in ranges if low >= 0 and high <= top), None)
    if peak is not None:
        low, high = 0.0, peak
    span = high - low or 1.0
    return np.floor((pixels - low) * (255 / span)).clip(0, 255).astype(np.uint8)


def resize_longest(image: Image.Image, longest: int) -> Image.Image:
    """Shrink so the longest side is `longest` (never enlarge)."""
    width, height = image.size
    scale = longest / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # BICUBIC, as Pillow's thumbnail(): a third cheaper than LANCZOS, and a JPEG arrives
    # already halved (or more) by `draft`, so the filter only bridges the last step.
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def encode_image(body: bytes, *, longest: int = DEFAULT_LONGEST_SIDE, quality: int = DEFAULT_JPEG_QUALITY,
                 max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[bytes, StoredImage]:
    """Decode and resize to the JPEG bytes a store keeps, with what to record; raise `InvalidImage`."""
    image, (width, height) = load_rgb(body, max_pixels=max_pixels, draft_longest=longest)
    small = resize_longest(image, longest)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=quality)
    data = buffer.getvalue()
    return data, StoredImage(width, height, small.size[0], small.size[1], len(data), hashlib.sha1(body).hexdigest())


def store_image(body: bytes, destination: Path, *, longest: int = DEFAULT_LONGEST_SIDE,
                quality: int = DEFAULT_JPEG_QUALITY, max_pixels: int = DEFAULT_MAX_PIXELS,
                temp_dir: Path | None = None) -> StoredImage:
    """Decode, resize and write `destination` as JPEG atomically; raise `InvalidImage`."""
    data, stored = encode_image(body, longest=longest, quality=quality, max_pixels=max_pixels)
    write_atomic(destination, data, temp_dir=temp_dir)
    return stored


def _detail(error: Exception) -> str:
    """The library's own words, kept in brackets for whoever debugs; ours come first."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
