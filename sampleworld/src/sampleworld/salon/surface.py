"""Raster helpers shared by the media: noise, blur, masks, paper and conversion.

Everything works on float32 arrays in 0..1 and leans on Pillow's C code for speed.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SUPER = 2  # supersampling factor for anti-aliased vector edges


def noise(rng: np.random.Generator, height: int, width: int, cells: float) -> np.ndarray:
    """Smooth value noise in 0..1 with about `cells` blobs across the longer side."""
    step = max(height, width) / max(cells, 1.0)
    small = rng.random((max(2, int(height / step) + 2), max(2, int(width / step) + 2)), dtype=np.float32)
    grown = Image.fromarray(small, "F").resize((width, height), Image.BICUBIC)
    return np.clip(np.asarray(grown, dtype=np.float32), 0, 1)


def fractal(rng: np.random.Generator, height: int, width: int, cells: float, octaves: int = 3) -> np.ndarray:
    """Value noise summed over octaves, normalised to 0..1, for clouds, blooms and paper."""
    total = np.zeros((height, width), np.float32)
    for octave in range(octaves):
        total += noise(rng, height, width, cells * 2 ** octave) / 2 ** octave
    total -= total.min()
    return total / max(float(total.max()), 1e-6)


def grain(rng: np.random.Generator, height: int, width: int, size: float = 1.0) -> np.ndarray:
    """Fine paper tooth in 0..1: white noise, optionally stretched to `size` pixels."""
    fine = rng.random((height, width), dtype=np.float32)
    if size <= 1.0:
        return fine
    return 0.5 * fine + 0.5 * noise(rng, height, width, max(height, width) / size)


def blur(array: np.ndarray, radius: float) -> np.ndarray:
    """Gaussian blur of a 0..1 mask or RGB array, through 8-bit Pillow (fine for masks)."""
    if radius <= 0:
        return array
    image = Image.fromarray(np.clip(array * 255 + 0.5, 0, 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255


def smooth(array: np.ndarray, factor: int) -> np.ndarray:
    """A float-precise soft blur: shrink by `factor` then grow back bicubically."""
    height, width = array.shape[:2]
    factor = max(1, min(factor, height // 2, width // 2))
    small = Image.fromarray(array.astype(np.float32), "F").resize((max(1, width // factor), max(1, height // factor)),
                                                                    Image.BOX)
    return np.asarray(small.resize((width, height), Image.BICUBIC), dtype=np.float32)


def polygon_mask(polygons: list[np.ndarray], height: int, width: int) -> np.ndarray:
    """Anti-aliased coverage (0..1) of the union of closed polygons given in pixels."""
    image = Image.new("L", (width * SUPER, height * SUPER), 0)
    draw = ImageDraw.Draw(image)
    for points in polygons:
        if len(points) >= 3:
            draw.polygon([tuple(p) for p in (np.asarray(points) * SUPER).tolist()], fill=255)
    return np.asarray(image.reduce(SUPER), dtype=np.float32) / 255


def vertical(height: int, width: int, top: np.ndarray, bottom: np.ndarray, power: float = 1.0) -> np.ndarray:
    """An RGB gradient from `top` to `bottom`."""
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None] ** power
    return np.broadcast_to(top * (1 - t) + bottom * t, (height, width, 3)).astype(np.float32)


def paper(rng: np.random.Generator, height: int, width: int, tint: np.ndarray, strength: float,
          tooth: np.ndarray | None = None) -> np.ndarray:
    """Light paper: a tint, slow fibre mottling and fine `tooth` (grain 0..1) of `strength`."""
    mottle = noise(rng, height, width, 7) - 0.5
    fine = (grain(rng, height, width) if tooth is None else tooth) - 0.5
    value = 1 + strength * (0.5 * mottle + fine)
    return np.clip(tint[None, None, :] * value[..., None], 0, 1).astype(np.float32)


def multiply(base: np.ndarray, colour: np.ndarray, density: np.ndarray) -> np.ndarray:
    """Transparent layer: the base filtered by `colour` with per-pixel `density` (0..1)."""
    return base * (1 - density[..., None] * (1 - colour[None, None, :]))


def over(base: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Opaque layer: `colour` (a triple or an RGB array) over base with coverage `alpha`."""
    return base + (np.asarray(colour, np.float32) - base) * alpha[..., None]


def to_image(rgb: np.ndarray) -> Image.Image:
    """A float RGB array as an 8-bit Pillow image."""
    return Image.fromarray(np.clip(rgb * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")


def to_array(image: Image.Image) -> np.ndarray:
    """A Pillow image as a float RGB array."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255
