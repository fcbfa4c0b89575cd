"""Mood palettes: the mood is carried by colour and light, so every medium asks here.

Colours are float RGB triples in 0..1. Happy is bright and warm-saturated, peaceful soft,
cool and light, gloomy dull, dark and desaturated, scary dark with harsh reds.
"""

from __future__ import annotations

import colorsys

import numpy as np

# hue centres (0..1) with spread, saturation range, value range per mood
_MOOD_HSV = {
    "happy": ((0.02, 0.18, 0.55, 0.9), 0.25, (0.6, 0.95), (0.82, 1.0)),
    "peaceful": ((0.45, 0.55, 0.62, 0.75), 0.08, (0.15, 0.42), (0.72, 0.95)),
    "gloomy": ((0.55, 0.6, 0.1, 0.3), 0.1, (0.04, 0.2), (0.22, 0.5)),
    "scary": ((0.98, 0.0, 0.03, 0.8, 0.3), 0.04, (0.55, 0.95), (0.08, 0.45)),
}

# (sky top, sky bottom) for grounds that show light and air
_SKIES = {
    "happy": ((0.35, 0.65, 1.0), (1.0, 0.9, 0.6)),
    "peaceful": ((0.62, 0.75, 0.86), (0.9, 0.91, 0.9)),
    "gloomy": ((0.25, 0.27, 0.3), (0.45, 0.45, 0.45)),
    "scary": ((0.05, 0.02, 0.05), (0.55, 0.08, 0.05)),
}

# paper tint for drawing media: light whatever the mood, only tinted
_PAPER = {
    "happy": (1.0, 0.985, 0.955),
    "peaceful": (0.96, 0.975, 0.985),
    "gloomy": (0.9, 0.9, 0.89),
    "scary": (0.93, 0.915, 0.89),
}

# how much a mood deepens the darks of drawing media (1 = as drawn)
DARKNESS = {"happy": 0.8, "peaceful": 0.65, "gloomy": 1.0, "scary": 1.25}


def hsv(h: float, s: float, v: float) -> np.ndarray:
    """One colour from hue, saturation and value."""
    return np.array(colorsys.hsv_to_rgb(h % 1.0, min(max(s, 0), 1), min(max(v, 0), 1)), dtype=np.float32)


def colours(mood: str, rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` colours drawn in the mood's hue, saturation and value ranges, shape (n, 3)."""
    hues, spread, sats, vals = _MOOD_HSV[mood]
    picks = rng.choice(hues, n) + rng.normal(0, spread, n)
    return np.stack([hsv(h, rng.uniform(*sats), rng.uniform(*vals)) for h in picks])


def sky(mood: str) -> tuple[np.ndarray, np.ndarray]:
    """Top and bottom colour of the mood's sky."""
    top, bottom = _SKIES[mood]
    return np.array(top, np.float32), np.array(bottom, np.float32)


def paper(mood: str, rng: np.random.Generator, cream: float = 0.0) -> np.ndarray:
    """A light paper colour for drawing media; `cream` (0..1) warms it further."""
    tint = np.array(_PAPER[mood], np.float32) + rng.normal(0, 0.004, 3).astype(np.float32)
    return np.clip(tint - cream * np.array([0.0, 0.012, 0.035], np.float32), 0.8, 1.0)


def shade(colour: np.ndarray, factor: float) -> np.ndarray:
    """The colour darkened (factor < 1) or lightened towards white (factor > 1)."""
    if factor <= 1:
        return colour * factor
    return colour + (1 - colour) * min(factor - 1, 1)


def to_u8(colour: np.ndarray, alpha: int | None = None) -> tuple[int, ...]:
    """A colour as a Pillow fill tuple, optionally with alpha."""
    rgb = tuple(int(round(c * 255)) for c in np.clip(colour, 0, 1))
    return rgb if alpha is None else rgb + (int(alpha),)
