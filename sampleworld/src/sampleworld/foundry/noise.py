"""Smooth random fields: the wobble, blotches and grain every medium needs, made fast by upsampling."""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage


def field(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Value noise in 0..1 whose blobs are about `cell` pixels wide."""
    rows = max(2, int(np.ceil(height / cell)) + 2)
    cols = max(2, int(np.ceil(width / cell)) + 2)
    small = Image.fromarray(rng.random((rows, cols), dtype=np.float32), mode="F")
    return np.asarray(small.resize((width, height), Image.BICUBIC), dtype=np.float32).clip(0, 1)


def fbm(rng: np.random.Generator, height: int, width: int, cell: float, octaves: int = 3) -> np.ndarray:
    """Sum of fields at halving sizes, normalised to 0..1: cloud-like blotches with detail."""
    total = np.zeros((height, width), np.float32)
    weight = 0.0
    for octave in range(octaves):
        amplitude = 0.5 ** octave
        total += amplitude * field(rng, height, width, max(2.0, cell / 2 ** octave))
        weight += amplitude
    total /= weight
    low, high = total.min(), total.max()
    return (total - low) / max(high - low, 1e-6)


def grain(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """Per-pixel white noise in 0..1 (paper tooth, pigment grain)."""
    return rng.random((height, width), dtype=np.float32)


def blur(image: np.ndarray, radius: float) -> np.ndarray:
    """A Gaussian-like blur of a 2-D float array; wide ones run on a shrunken copy to stay fast."""
    if radius <= 0.3:
        return image.astype(np.float32)
    if radius < 3:
        return ndimage.gaussian_filter(image.astype(np.float32), radius)
    height, width = image.shape
    factor = radius / 1.5
    small_size = (max(2, int(width / factor)), max(2, int(height / factor)))
    small = np.asarray(Image.fromarray(image.astype(np.float32), mode="F").resize(small_size, Image.BOX))
    small = ndimage.gaussian_filter(small, 1.5, mode="nearest")
    return np.asarray(Image.fromarray(small, mode="F").resize((width, height), Image.BILINEAR), dtype=np.float32)


def blur_rgb(image: np.ndarray, radius: float) -> np.ndarray:
    """`blur` on each channel of an H x W x 3 array."""
    return np.stack([blur(image[..., channel], radius) for channel in range(3)], axis=2)
