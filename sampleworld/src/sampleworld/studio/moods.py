"""Mood as palette and light: happy bright and warm, peaceful soft and cool, gloomy dull and dark,
scary dark with harsh contrast. Every medium asks here so moods read alike across media."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tools import hsv


@dataclass(frozen=True)
class Mood:
    """How a mood lights a picture: hue centres, saturation, value range and shadow depth."""

    hues: tuple[float, ...]
    saturation: tuple[float, float]
    value: tuple[float, float]
    shadow: float  # how dark shadows fall (0 none .. 1 black)
    sky: tuple[tuple[float, float, float], tuple[float, float, float]]  # hsv top, hsv horizon
    ink_weight: float  # how heavy drawing media press (tone multiplier)


MOODS = {
    "happy": Mood((0.02, 0.09, 0.14, 0.55, 0.95), (0.55, 0.9), (0.8, 1.0), 0.35,
                  ((0.57, 0.55, 0.95), (0.12, 0.35, 1.0)), 0.7),
    "peaceful": Mood((0.45, 0.52, 0.6, 0.72, 0.3), (0.2, 0.45), (0.7, 0.92), 0.3,
                     ((0.58, 0.25, 0.9), (0.5, 0.12, 0.95)), 0.6),
    "gloomy": Mood((0.58, 0.62, 0.08, 0.3), (0.08, 0.3), (0.3, 0.55), 0.55,
                   ((0.6, 0.12, 0.45), (0.58, 0.08, 0.6)), 1.0),
    "scary": Mood((0.0, 0.98, 0.78, 0.28), (0.5, 0.9), (0.15, 0.5), 0.85,
                  ((0.75, 0.6, 0.08), (0.02, 0.7, 0.35)), 1.25),
}


def mood(name: str) -> Mood:
    return MOODS[name]


def colours(name: str, rng: np.random.Generator, count: int) -> list[np.ndarray]:
    """`count` colours in the mood's hues, saturation and value."""
    spec = MOODS[name]
    picks = []
    for _ in range(count):
        hue = spec.hues[int(rng.integers(len(spec.hues)))] + rng.normal(0, 0.02)
        picks.append(hsv(hue, rng.uniform(*spec.saturation), rng.uniform(*spec.value)))
    return picks


def sky(name: str, height: int) -> np.ndarray:
    """A vertical sky gradient (height x 1 x 3) from zenith to horizon."""
    top, low = (hsv(*c) for c in MOODS[name].sky)
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    return top[None, None] * (1 - t) + low[None, None] * t
