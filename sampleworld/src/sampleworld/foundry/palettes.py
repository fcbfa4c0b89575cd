"""Mood palettes and light: the colours and contrast that carry a picture's mood in every medium."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

# hue anchors, saturation range, value range for subjects; then sky (hue, sat, value) ranges
_MOODS = {
    "happy": {"hues": (0.0, 0.07, 0.12, 0.15, 0.52, 0.95, 0.33), "sat": (0.55, 0.9), "val": (0.85, 1.0),
             "sky": ((0.52, 0.6), (0.3, 0.55), (0.95, 1.0)), "ground": ((0.18, 0.3), (0.45, 0.7), (0.75, 0.92)),
             "key": 1.0, "shadow": 0.5, "light": (255, 244, 220)},
    "peaceful": {"hues": (0.5, 0.55, 0.6, 0.68, 0.3, 0.42, 0.12), "sat": (0.18, 0.42), "val": (0.72, 0.92),
             "sky": ((0.52, 0.64), (0.1, 0.25), (0.88, 0.96)), "ground": ((0.25, 0.45), (0.15, 0.3), (0.7, 0.85)),
             "key": 0.92, "shadow": 0.68, "light": (235, 242, 250)},
    "gloomy": {"hues": (0.58, 0.62, 0.1, 0.14, 0.25), "sat": (0.06, 0.28), "val": (0.3, 0.55),
             "sky": ((0.55, 0.65), (0.04, 0.14), (0.42, 0.58)), "ground": ((0.1, 0.25), (0.1, 0.25), (0.25, 0.4)),
             "key": 0.68, "shadow": 0.5, "light": (200, 205, 210)},
    "scary": {"hues": (0.0, 0.98, 0.3, 0.75, 0.05), "sat": (0.55, 0.9), "val": (0.3, 0.62),
             "sky": ((0.7, 0.8), (0.3, 0.6), (0.06, 0.16)), "ground": ((0.7, 0.85), (0.2, 0.4), (0.05, 0.12)),
             "key": 0.55, "shadow": 0.12, "light": (225, 235, 200)},
}
ROLES = ("skin", "hair", "cloth", "cloth2", "fur", "accent", "leaf", "wood", "body", "glass", "metal", "wall",
         "roof", "dark", "petal", "hill", "sun", "table", "letter")


@dataclass(frozen=True)
class Palette:
    """Colours (0..255 RGB arrays) for sky, ground and every part role, with the mood's light."""

    mood: str
    sky_top: np.ndarray
    sky_bottom: np.ndarray
    ground: np.ndarray
    roles: dict[str, np.ndarray]
    light: np.ndarray
    key: float  # overall brightness multiplier
    shadow: float  # how bright the shaded side stays (low = harsh contrast)

    def role(self, name: str) -> np.ndarray:
        return self.roles.get(name, self.roles["accent"])


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    return np.array(colorsys.hsv_to_rgb(h % 1.0, float(np.clip(s, 0, 1)), float(np.clip(v, 0, 1)))) * 255.0


def _pick(rng: np.random.Generator, ranges) -> np.ndarray:
    return _hsv(*(rng.uniform(low, high) for low, high in ranges))


def palette(mood: str, rng: np.random.Generator) -> Palette:
    """A fresh palette for `mood`; hues are drawn so two pictures of one mood rarely match."""
    spec = _MOODS[mood]
    hues = list(spec["hues"])
    rng.shuffle(hues)
    low_s, high_s = spec["sat"]
    low_v, high_v = spec["val"]

    def colour(index: int, sat_scale: float = 1.0, val_scale: float = 1.0) -> np.ndarray:
        hue = hues[index % len(hues)] + rng.uniform(-0.03, 0.03)
        return _hsv(hue, rng.uniform(low_s, high_s) * sat_scale, rng.uniform(low_v, high_v) * val_scale)

    roles = {name: colour(i) for i, name in enumerate(ROLES)}
    roles["skin"] = _hsv(rng.uniform(0.04, 0.09), rng.uniform(0.25, 0.55), rng.uniform(0.55, 0.95) * spec["key"])
    roles["hair"] = _hsv(rng.uniform(0.02, 0.12), rng.uniform(0.3, 0.7), rng.uniform(0.12, 0.45))
    roles["leaf"] = _hsv(rng.uniform(0.22, 0.4), rng.uniform(low_s, high_s), rng.uniform(low_v, high_v) * 0.85)
    roles["wood"] = _hsv(rng.uniform(0.05, 0.1), rng.uniform(0.4, 0.7), rng.uniform(low_v, high_v) * 0.6)
    roles["dark"] = _hsv(rng.uniform(0, 1), 0.3, 0.12 + 0.1 * spec["key"])
    roles["glass"] = _hsv(rng.uniform(0.5, 0.62), 0.35, min(1.0, high_v * 1.05))
    roles["metal"] = _hsv(0.6, 0.05, 0.75 * spec["key"])
    roles["sun"] = _hsv(rng.uniform(0.1, 0.15), 0.45, 1.0) if mood != "scary" else _hsv(0.2, 0.15, 0.85)
    sky_top = _pick(rng, spec["sky"])
    sky_bottom = np.clip(sky_top * 0.55 + roles["sun"] * 0.45, 0, 255)
    return Palette(mood, sky_top, sky_bottom, _pick(rng, spec["ground"]), roles, np.array(spec["light"], float),
                   spec["key"], spec["shadow"])


def darken(colour: np.ndarray, amount: float) -> np.ndarray:
    """Shade a colour toward black (amount 0 keeps it)."""
    return np.asarray(colour, float) * (1.0 - amount)


def mix(first: np.ndarray, second: np.ndarray, t: float) -> np.ndarray:
    return np.asarray(first, float) * (1 - t) + np.asarray(second, float) * t


def as_tuple(colour: np.ndarray) -> tuple[int, int, int]:
    """An RGB tuple PIL can draw with."""
    r, g, b = np.clip(np.asarray(colour, float), 0, 255).astype(int)
    return int(r), int(g), int(b)
