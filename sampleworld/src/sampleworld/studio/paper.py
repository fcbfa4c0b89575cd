"""Drawing and watercolour paper: a light sheet with tooth (grain that catches graphite and pigment)."""

from __future__ import annotations

import numpy as np

from .tools import noise

SHEETS = {"white": (0.985, 0.98, 0.97), "cream": (0.97, 0.952, 0.918), "cool": (0.95, 0.955, 0.96)}


def tooth(rng: np.random.Generator, height: int, width: int, coarse: float = 3.0) -> np.ndarray:
    """Paper relief in 0..1: fine pits plus a coarser cockle, visible after downscaling."""
    fine = rng.random((height, width), dtype=np.float32)
    grain = noise(rng, height, width, coarse)
    return (0.45 * fine + 0.55 * grain).astype(np.float32)


def sheet(rng: np.random.Generator, height: int, width: int, kind: str, relief: np.ndarray) -> np.ndarray:
    """The bare sheet's colour with its tooth faintly shaded and a slow uneven light."""
    base = np.array(SHEETS[kind], dtype=np.float32)
    light = 1 - 0.025 * noise(rng, height, width, max(width, height) / 3) - 0.02 * (relief - 0.5)
    return base[None, None] * light[..., None]
