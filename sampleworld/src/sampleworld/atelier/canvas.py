"""Raster helpers every atelier medium shares: seeded noise fields, blurs, masks, conversions.

Kept in one place so the medium modules read as mark-making, not as array plumbing.
Arrays are float32 in 0..1, images are PIL; blurs go through PIL on 8-bit images for speed.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def smooth_noise(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Soft value noise in 0..1 whose blobs are about `cell` pixels across."""
    grid = (max(2, int(height / cell) + 2), max(2, int(width / cell) + 2))
    small = Image.fromarray((rng.random(grid) * 255).astype(np.uint8))
    return np.asarray(small.resize((width, height), Image.BICUBIC), dtype=np.float32) / 255.0


def streak_noise(rng: np.random.Generator, height: int, width: int, length: int) -> np.ndarray:
    """Noise stretched horizontally into streaks `length` pixels long (bristles, paper fibres)."""
    small = Image.fromarray((rng.random((height, max(2, width // length))) * 255).astype(np.uint8))
    return np.asarray(small.resize((width, height), Image.BILINEAR), dtype=np.float32) / 255.0


def blur(values: np.ndarray, radius: float) -> np.ndarray:
    """Gaussian blur of a 0..1 array (8-bit precision is plenty for paint and paper)."""
    image = Image.fromarray((np.clip(values, 0, 1) * 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255.0


def resize(values: np.ndarray, height: int, width: int) -> np.ndarray:
    image = Image.fromarray((np.clip(values, 0, 1) * 255).astype(np.uint8))
    return np.asarray(image.resize((width, height), Image.BILINEAR), dtype=np.float32) / 255.0


def polygon_mask(points: np.ndarray, height: int, width: int) -> np.ndarray:
    image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(image).polygon([tuple(p) for p in points], fill=255)
    return np.asarray(image, dtype=np.float32) / 255.0


def solid(height: int, width: int, colour) -> np.ndarray:
    return np.broadcast_to(np.asarray(colour, np.float32) / 255.0, (height, width, 3)).copy()


def gradient_image(width: int, height: int, top, bottom) -> Image.Image:
    """A linear vertical gradient from `top` to `bottom` (RGB 0..255)."""
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    column = np.float32(top) * (1 - t) + np.float32(bottom) * t
    return Image.fromarray((column + 0.5).astype(np.uint8), "RGB").resize((width, height), Image.NEAREST)


def to_image(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")


def from_image(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


def mix(base: np.ndarray, colour, amount: np.ndarray) -> np.ndarray:
    """Lay `colour` (RGB 0..255 or an HxWx3 array) over `base` with a per-pixel opacity."""
    colour = np.asarray(colour, np.float32)
    if colour.ndim == 1:
        colour = colour / 255.0
    amount = amount[..., None]
    return base * (1 - amount) + colour * amount


def paper_tooth(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """Paper grain in 0..1: fine speckle over soft fibre streaks (1 = a peak of the tooth)."""
    grain = rng.random((height, width), dtype=np.float32)
    fibres = streak_noise(rng, height, width, 6)
    return np.clip(0.55 * grain + 0.45 * fibres, 0, 1)
