"""Mood palettes of the outsider family, chosen in HSV by hand rather than borrowed from
`sampleworld.palette`, so that a model cannot pass the held-out set by knowing our training colours.

Mood must still read from colour and light: happy is warm, bright and saturated; peaceful is pastel,
low in contrast and leans blue-green; gloomy is desaturated, dark and grey-blue; scary is near
black with blood reds and hard contrast. Every colour is a float RGB triple in 0-255.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

SKY, GROUND, PALE, DARK = 0, 1, 6, 7  # roles of the palette's colours
ACCENTS = (2, 3, 4, 5)


@dataclass(frozen=True)
class Palette:
    mood: str
    colours: np.ndarray  # (8, 3): sky, ground, four accents, a pale tint and a dark one
    paper: np.ndarray  # the paper of media that draw on paper, tinted a little by the mood
    darkness: float  # 0 airy and light .. 1 night: how heavy monochrome media shade

    def colour(self, role: int) -> np.ndarray:
        return self.colours[role]

    def rgb(self, role: int) -> tuple[int, int, int]:
        """A colour as the integer tuple PIL wants."""
        return tuple(int(round(c)) for c in self.colours[role])


def hsv(hue: float, saturation: float, value: float) -> np.ndarray:
    return np.array(colorsys.hsv_to_rgb(hue % 1.0, saturation, value), dtype=np.float32) * 255


def mood_palette(mood: str, rng: np.random.Generator) -> Palette:
    return MOODS[mood](rng)


def _happy(rng: np.random.Generator) -> Palette:
    warm = rng.uniform(0.0, 0.14)
    accents = [hsv(warm + rng.uniform(-0.04, 0.1) * k, rng.uniform(0.65, 0.95), rng.uniform(0.85, 1.0))
               for k in range(3)] + [hsv(rng.uniform(0.45, 0.6), rng.uniform(0.5, 0.8), rng.uniform(0.8, 0.95))]
    return Palette("happy", np.stack([
        hsv(rng.uniform(0.5, 0.58), rng.uniform(0.25, 0.45), 1.0),
        hsv(rng.uniform(0.12, 0.3), rng.uniform(0.5, 0.8), rng.uniform(0.8, 0.95)),
        *accents,
        hsv(rng.uniform(0.08, 0.14), 0.12, 1.0),
        hsv(rng.uniform(0.0, 0.08), 0.6, rng.uniform(0.3, 0.4)),
    ]), paper=np.array([255, 253, 246], np.float32), darkness=0.1)


def _peaceful(rng: np.random.Generator) -> Palette:
    accents = [hsv(rng.uniform(0.3, 0.62), rng.uniform(0.15, 0.35), rng.uniform(0.78, 0.93)) for _ in range(3)]
    accents.append(hsv(rng.uniform(0.75, 0.97), rng.uniform(0.12, 0.25), rng.uniform(0.85, 0.95)))
    return Palette("peaceful", np.stack([
        hsv(rng.uniform(0.52, 0.6), rng.uniform(0.12, 0.25), rng.uniform(0.92, 0.98)),
        hsv(rng.uniform(0.28, 0.42), rng.uniform(0.15, 0.3), rng.uniform(0.8, 0.9)),
        *accents,
        hsv(rng.uniform(0.4, 0.6), 0.05, 0.97),
        hsv(rng.uniform(0.5, 0.62), rng.uniform(0.15, 0.3), rng.uniform(0.5, 0.6)),
    ]), paper=np.array([250, 251, 249], np.float32), darkness=0.25)


def _gloomy(rng: np.random.Generator) -> Palette:
    accents = [hsv(rng.uniform(0.52, 0.7), rng.uniform(0.05, 0.22), rng.uniform(0.25, 0.55)) for _ in range(3)]
    accents.append(hsv(rng.uniform(0.05, 0.12), rng.uniform(0.1, 0.25), rng.uniform(0.3, 0.45)))  # dull brown
    return Palette("gloomy", np.stack([
        hsv(rng.uniform(0.55, 0.65), rng.uniform(0.05, 0.15), rng.uniform(0.45, 0.6)),
        hsv(rng.uniform(0.45, 0.65), rng.uniform(0.08, 0.18), rng.uniform(0.25, 0.38)),
        *accents,
        hsv(0.58, 0.06, rng.uniform(0.62, 0.72)),
        hsv(0.62, 0.2, rng.uniform(0.08, 0.15)),
    ]), paper=np.array([232, 231, 229], np.float32), darkness=0.65)


def _scary(rng: np.random.Generator) -> Palette:
    blood = hsv(rng.uniform(-0.02, 0.02), rng.uniform(0.85, 1.0), rng.uniform(0.55, 0.8))
    accents = [blood, hsv(rng.uniform(0.0, 1.0), rng.uniform(0.2, 0.5), rng.uniform(0.08, 0.2)),
               hsv(rng.uniform(0.2, 0.35), rng.uniform(0.4, 0.7), rng.uniform(0.3, 0.45)),  # sickly green
               hsv(rng.uniform(-0.02, 0.03), rng.uniform(0.7, 0.9), rng.uniform(0.25, 0.4))]
    return Palette("scary", np.stack([
        hsv(rng.uniform(-0.05, 0.05), rng.uniform(0.4, 0.8), rng.uniform(0.06, 0.16)),
        hsv(rng.uniform(0.0, 1.0), 0.3, rng.uniform(0.02, 0.07)),
        *accents,
        hsv(rng.uniform(0.1, 0.16), 0.12, rng.uniform(0.82, 0.92)),  # bone
        hsv(0.0, 0.5, 0.02),
    ]), paper=np.array([222, 218, 212], np.float32), darkness=0.9)


MOODS = {"happy": _happy, "peaceful": _peaceful, "gloomy": _gloomy, "scary": _scary}
