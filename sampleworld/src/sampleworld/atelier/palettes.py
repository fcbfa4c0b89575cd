"""Mood palettes of the atelier, written apart from sampleworld.palette.

A mood is a recipe (which hues, how saturated, how bright, how much contrast) that a seed
turns into colours, so the mood head can read the mood from colour and light whatever the
medium. Drawing media on paper read it instead from the paper tone and the weight of darks.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

# hue ranges (0..1 around the colour wheel), saturation and value ranges of subject colours
_RECIPES = {
    "happy": dict(hues=((0.0, 0.16), (0.08, 0.14), (0.52, 0.6), (0.88, 0.98), (0.25, 0.35)),
                  sat=(0.55, 0.95), val=(0.82, 1.0), light=(0.12, 0.25, 0.97), dark=(0.02, 0.7, 0.55)),
    "peaceful": dict(hues=((0.28, 0.42), (0.5, 0.62), (0.55, 0.66), (0.72, 0.8)),
                     sat=(0.15, 0.38), val=(0.72, 0.93), light=(0.55, 0.08, 0.96), dark=(0.5, 0.25, 0.6)),
    "gloomy": dict(hues=((0.55, 0.68), (0.58, 0.66), (0.1, 0.15)),
                   sat=(0.04, 0.22), val=(0.28, 0.58), light=(0.6, 0.06, 0.6), dark=(0.62, 0.15, 0.16)),
    "scary": dict(hues=((0.7, 0.8), (0.95, 1.0), (0.0, 0.03), (0.3, 0.38)),
                  sat=(0.2, 0.6), val=(0.06, 0.3), light=(0.75, 0.2, 0.3), dark=(0.0, 0.3, 0.03)),
}

# paper tone (RGB) and how heavy the darks are, for drawing media
_PAPERS = {
    "happy": (((252, 249, 238), (255, 255, 252), (250, 244, 226)), (222, 208, 182), 0.7),
    "peaceful": (((247, 249, 248), (252, 252, 250), (243, 246, 244)), (214, 220, 222), 0.55),
    "gloomy": (((226, 226, 224), (216, 217, 218), (232, 231, 228)), (180, 182, 186), 1.05),
    "scary": (((196, 192, 186), (184, 182, 180), (205, 200, 192)), (150, 146, 142), 1.45),
}


@dataclass(frozen=True)
class Palette:
    """Colours of one picture: subject colours, a light (sky, backdrop) and a dark (shadow)."""

    colours: tuple[tuple[int, int, int], ...]
    light: tuple[int, int, int]
    dark: tuple[int, int, int]
    blood: tuple[int, int, int] | None

    def colour(self, index: int) -> tuple[int, int, int]:
        return self.colours[index % len(self.colours)]


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, min(max(s, 0), 1), min(max(v, 0), 1))
    return int(r * 255), int(g * 255), int(b * 255)


def mood_palette(mood: str, rng: np.random.Generator, count: int = 6) -> Palette:
    recipe = _RECIPES[mood]
    colours = []
    for _ in range(count):
        low, high = recipe["hues"][rng.integers(len(recipe["hues"]))]
        colours.append(_hsv(rng.uniform(low, high), rng.uniform(*recipe["sat"]), rng.uniform(*recipe["val"])))
    if mood == "scary":  # a bone-pale accent gives the hard contrast
        colours[-1] = _hsv(rng.uniform(0.1, 0.16), rng.uniform(0.05, 0.2), rng.uniform(0.75, 0.9))
    light = _hsv(*(c + rng.uniform(-0.04, 0.04) for c in recipe["light"]))
    dark = _hsv(*recipe["dark"])
    blood = _hsv(rng.uniform(-0.02, 0.01), rng.uniform(0.8, 0.95), rng.uniform(0.5, 0.7)) if mood == "scary" else None
    return Palette(tuple(colours), light, dark, blood)


def paper_tone(mood: str, rng: np.random.Generator, toned: bool = False) -> tuple[int, int, int]:
    """Paper colour for a drawing: white or cream, or a toned sheet; darker for dark moods."""
    lights, toned_colour, _ = _PAPERS[mood]
    base = toned_colour if toned else lights[rng.integers(len(lights))]
    shift = rng.integers(-4, 5)
    return tuple(int(min(255, max(0, c + shift))) for c in base)


def dark_weight(mood: str) -> float:
    """How dense and dark the marks of a drawing are for a mood (1 = neutral)."""
    return _PAPERS[mood][2]
