"""Raster helpers of the outsider family: smooth value noise and two blurs. Kept apart from
`sampleworld.raster` on purpose: nothing of the training renderer is reused here."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter


def value_noise(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Smooth noise in 0-1 whose blobs are about `cell` pixels: a coarse random grid, upscaled bicubically."""
    rows, cols = max(2, int(height / cell) + 2), max(2, int(width / cell) + 2)
    coarse = Image.fromarray((rng.random((rows, cols)) * 255).astype(np.uint8))
    return np.asarray(coarse.resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32) / 255


def soften(layer: np.ndarray, radius: float) -> np.ndarray:
    """A float 0-1 layer blurred by PIL's Gaussian (fast, in C)."""
    image = Image.fromarray((np.clip(layer, 0, 1) * 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255


def broad_blur(image: Image.Image, factor: int) -> Image.Image:
    """A wide, cheap blur: shrink by `factor` (box-averaging) and stretch back bilinearly."""
    return image.reduce(factor).resize(image.size, Image.Resampling.BILINEAR)
