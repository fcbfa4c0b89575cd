"""Mood as colour and light: each mood is a recipe for hues, saturation, value and contrast.

Every medium asks here for its colours, so the mood reads the same way across the family while the
medium decides how much of it shows (drawing media only tint their paper and deepen their darks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Mood:
    """How a mood bends a palette: hue centres (degrees), saturation, value range, light colour."""

    hues: tuple[float, ...]
    saturation: float
    value: tuple[float, float]
    light: tuple[float, float, float]
    paper_tint: tuple[float, float, float]
    ink_depth: float
    accent: tuple[float, float, float]


MOOD_RECIPES = {
    "happy": Mood(hues=(45, 20, 0, 330, 195, 110), saturation=0.78, value=(0.78, 1.0),
                  light=(1.0, 0.95, 0.82), paper_tint=(1.0, 0.995, 0.985), ink_depth=0.88,
                  accent=(0.98, 0.76, 0.12)),
    "peaceful": Mood(hues=(200, 180, 150, 230, 260, 90), saturation=0.32, value=(0.72, 0.95),
                     light=(0.92, 0.96, 1.0), paper_tint=(0.975, 0.99, 1.0), ink_depth=0.8,
                     accent=(0.55, 0.75, 0.85)),
    "gloomy": Mood(hues=(215, 40, 80, 250, 20), saturation=0.16, value=(0.22, 0.55),
                   light=(0.7, 0.74, 0.8), paper_tint=(0.91, 0.91, 0.91), ink_depth=0.95,
                   accent=(0.45, 0.5, 0.55)),
    "scary": Mood(hues=(0, 355, 10, 280, 120), saturation=0.7, value=(0.05, 0.45),
                  light=(1.0, 0.55, 0.45), paper_tint=(0.9, 0.89, 0.885), ink_depth=1.0,
                  accent=(0.75, 0.04, 0.04)),
}


def hsv_to_rgb(h: np.ndarray, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Vectorised HSV (h in degrees, s and v in 0..1) to RGB floats in 0..1, last axis RGB."""
    h = (np.asarray(h, np.float32) / 60.0) % 6.0
    s, v = np.asarray(s, np.float32), np.asarray(v, np.float32)
    k = np.stack([(5 + h) % 6, (3 + h) % 6, (1 + h) % 6], axis=-1)
    return v[..., None] - (v * s)[..., None] * np.clip(np.minimum(k, 4 - k), 0, 1)


def palette(mood: str, rng: np.random.Generator, n: int, saturation: float = 1.0) -> np.ndarray:
    """n colours (n x 3, floats 0..1) drawn around the mood's hues, spread in value for contrast."""
    recipe = MOOD_RECIPES[mood]
    hues = np.array(recipe.hues, np.float32)[rng.integers(len(recipe.hues), size=n)] + rng.normal(0, 12, n)
    sat = np.clip(recipe.saturation * saturation * rng.uniform(0.7, 1.25, n), 0, 1)
    low, high = recipe.value
    value = low + (high - low) * rng.permutation(np.linspace(0, 1, n) if n > 1 else np.ones(1))
    colours = hsv_to_rgb(hues, sat, value)
    if mood == "scary":
        colours[rng.integers(n)] = recipe.accent
    return colours.astype(np.float32)


def sky(mood: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A top and a bottom sky colour: the overall light of the scene."""
    top = {"happy": (0.35, 0.65, 0.98), "peaceful": (0.7, 0.82, 0.92), "gloomy": (0.3, 0.33, 0.37),
           "scary": (0.08, 0.03, 0.05)}[mood]
    bottom = {"happy": (1.0, 0.85, 0.55), "peaceful": (0.93, 0.9, 0.9), "gloomy": (0.5, 0.51, 0.52),
              "scary": (0.5, 0.08, 0.04)}[mood]
    jitter = rng.normal(0, 0.03, 3)
    return np.clip(np.array(top) + jitter, 0, 1).astype(np.float32), np.clip(np.array(bottom) + jitter, 0, 1)


def paper(mood: str, rng: np.random.Generator, kind: str = "white") -> np.ndarray:
    """Paper colour: white, cream or a light toned sheet, only tinted (never darkened much) by mood."""
    base = {"white": (0.97, 0.97, 0.96), "cream": (0.955, 0.945, 0.92), "toned": (0.86, 0.85, 0.82),
            "grey": (0.88, 0.88, 0.87)}[kind]
    colour = np.array(base) * np.array(MOOD_RECIPES[mood].paper_tint) + rng.normal(0, 0.008, 3)
    return np.clip(colour, 0, 1).astype(np.float32)


def ink_depth(mood: str) -> float:
    """How dark the darkest marks go: the only mood lever drawing media have besides paper."""
    return MOOD_RECIPES[mood].ink_depth


def light_colour(mood: str) -> np.ndarray:
    """Colour of the key light: warm for happy, cool for peaceful, dim grey for gloomy, red for scary."""
    return np.array(MOOD_RECIPES[mood].light, np.float32)


def brightness(mood: str) -> float:
    """Overall exposure of a scene under the mood."""
    return {"happy": 1.0, "peaceful": 0.92, "gloomy": 0.55, "scary": 0.42}[mood]


def to_image_array(rgb: np.ndarray) -> np.ndarray:
    """Float RGB 0..1 to uint8, the one place where clipping happens."""
    return (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)
