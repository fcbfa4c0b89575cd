"""Seeded noise: smooth value noise for washes and pressure, fine grain for paper tooth and canvas."""

from __future__ import annotations

import numpy as np
from PIL import Image


def smooth(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Value noise in 0..1 whose features are about `cell` pixels wide (bicubic upsampled lattice)."""
    gh, gw = max(2, int(height / cell) + 2), max(2, int(width / cell) + 2)
    lattice = Image.fromarray(rng.random((gh, gw), dtype=np.float32), mode="F")
    big = np.asarray(lattice.resize((width, height), Image.BICUBIC), dtype=np.float32)
    return np.clip(big, 0, 1)


def fbm(rng: np.random.Generator, height: int, width: int, cell: float, octaves: int = 3) -> np.ndarray:
    """Fractal noise normalised to 0..1: the uneven wetness, pressure and light of a hand-made thing."""
    total = np.zeros((height, width), np.float32)
    weight = 0.0
    for octave in range(octaves):
        amp = 0.5 ** octave
        total += amp * smooth(rng, height, width, max(cell / 2 ** octave, 1.5))
        weight += amp
    total /= weight
    low, high = float(total.min()), float(total.max())
    return (total - low) / max(high - low, 1e-6)


def grain(rng: np.random.Generator, height: int, width: int, stretch: float = 1.0) -> np.ndarray:
    """Paper tooth in 0..1: pixel noise slightly smoothed, optionally stretched into laid fibres."""
    raw = rng.random((height, max(1, int(width / stretch))), dtype=np.float32)
    if stretch != 1.0:
        raw = np.asarray(Image.fromarray(raw, mode="F").resize((width, height), Image.BILINEAR))
    blurred = (raw + np.roll(raw, 1, 0) + np.roll(raw, 1, 1)) / 3
    return blurred.astype(np.float32)


def weave(height: int, width: int, pitch: float) -> np.ndarray:
    """Canvas weave in -1..1: two crossing thread sets, the texture oil shows where paint is thin.

    Each thread set is a product of a function of x and one of y, so it costs two outer products.
    """
    u = np.arange(width, dtype=np.float32) * (2 * np.pi / pitch)
    v = np.arange(height, dtype=np.float32) * (2 * np.pi / pitch)
    warp = np.outer(np.sign(np.sin(v * 0.5)), np.sin(u))
    weft = np.outer(np.sin(v), np.sign(np.cos(u * 0.5)))
    return ((warp + weft) * 0.5).astype(np.float32)
