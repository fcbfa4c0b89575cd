"""Grounds the marks sit on: drawing paper with tooth, cold-press watercolour sheet, canvas weave."""

from __future__ import annotations

import numpy as np

from . import noise

WHITE = np.array([250.0, 249.0, 245.0], np.float32)
CREAM = np.array([247.0, 243.0, 233.0], np.float32)


def tooth(rng: np.random.Generator, height: int, width: int, size: float = 3.0) -> np.ndarray:
    """Paper relief in 0..1: fine grain mixed with pits a few pixels wide (what graphite catches on)."""
    return 0.55 * noise.field(rng, height, width, size) + 0.45 * noise.grain(rng, height, width)


def sheet(rng: np.random.Generator, colour: np.ndarray, relief: np.ndarray, roughness: float) -> np.ndarray:
    """An H x W x 3 sheet of `colour` whose `relief` (a tooth map) shows faintly, with a slow uneven tint."""
    height, width = relief.shape
    tint = noise.field(rng, height, width, max(height, width) / 3) - 0.5
    shade = 1 + np.float32(roughness) * (relief - 0.5) + np.float32(0.015) * tint
    return np.minimum(np.asarray(colour, np.float32) * shade[..., None], 255)


def weave(height: int, width: int, period: int) -> np.ndarray:
    """Canvas weave in -1..1: threads `period` pixels apart passing over and under like a plain weave."""
    y = (np.arange(2 * period, dtype=np.float32)[:, None] + 0.5) / period
    x = (np.arange(2 * period, dtype=np.float32)[None, :] + 0.5) / period
    u, v = x - np.floor(x), y - np.floor(y)
    over = (np.floor(x) + np.floor(y)) % 2 == 0  # which thread lies on top alternates like a checkerboard
    tile = np.where(over, np.sin(np.pi * u), np.sin(np.pi * v)) * 2 - 1
    return np.tile(tile, (height // (2 * period) + 1, width // (2 * period) + 1))[:height, :width]
