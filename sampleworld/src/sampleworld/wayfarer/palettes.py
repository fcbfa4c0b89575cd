"""Mood palettes: how gloomy, happy, peaceful and scary change colour and light.

Every subject names its colours by role ("sky", "skin", "leaf" ...). A role starts from a
natural hue, saturation and value, and the mood then remaps it: happy pictures are warm,
saturated and bright; peaceful ones soft pastels leaning green-blue; gloomy ones dull,
blue-grey and dim; scary ones dark, pulled towards red and black, with a few glowing lights.
Because the mood is applied as one transform over natural colours, any subject takes any mood
and the mood reads the same across media.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

# role -> natural (hue degrees, saturation, value)
_NATURAL = {
    "sky": (210, 0.45, 0.92), "sky_low": (40, 0.22, 0.98), "sun": (45, 0.75, 1.0),
    "cloud": (215, 0.05, 1.0), "far": (225, 0.28, 0.75), "mid": (160, 0.35, 0.62),
    "near": (110, 0.5, 0.5), "ground": (90, 0.5, 0.55), "water": (200, 0.55, 0.75),
    "leaf": (115, 0.6, 0.55), "leaf2": (85, 0.55, 0.7), "trunk": (25, 0.55, 0.38),
    "flower": (340, 0.7, 0.92), "flower2": (48, 0.75, 0.98), "skin": (24, 0.38, 0.92),
    "hair": (28, 0.6, 0.35), "cloth": (220, 0.55, 0.58), "cloth2": (5, 0.65, 0.75),
    "wall": (38, 0.18, 0.86), "wall2": (15, 0.35, 0.8), "roof": (8, 0.6, 0.6),
    "window": (205, 0.35, 0.5), "door": (22, 0.5, 0.42), "fur": (30, 0.45, 0.72),
    "fur2": (0, 0.0, 0.3), "eye": (60, 0.1, 1.0), "pupil": (0, 0.0, 0.06),
    "lips": (355, 0.5, 0.72), "table": (28, 0.5, 0.52), "vase": (200, 0.5, 0.62),
    "fruit": (10, 0.8, 0.88), "fruit2": (50, 0.8, 0.92), "road": (220, 0.05, 0.45),
    "car": (0, 0.7, 0.82), "beak": (38, 0.85, 0.95), "drape": (270, 0.35, 0.6),
    "dark": (230, 0.3, 0.14), "light": (50, 0.08, 0.99),
}
# Self-lit roles keep their brightness in every mood (the moon, glowing eyes, lamps).
_GLOW = {"sun", "eye", "light"}

# mood -> (hue it pulls towards, pull strength, saturation scale, saturation add,
#          value floor, value range, accent colour HSV)
_MOOD = {
    "happy": (40, 0.10, 1.2, 0.10, 0.52, 0.48, (42, 0.9, 1.0)),
    "peaceful": (165, 0.18, 0.5, 0.02, 0.64, 0.33, (280, 0.25, 0.9)),
    "gloomy": (215, 0.45, 0.3, 0.02, 0.16, 0.48, (190, 0.25, 0.55)),
    "scary": (358, 0.45, 0.85, 0.12, 0.03, 0.40, (356, 0.95, 0.8)),
}

# mood -> (ambient, key light, how heavy monochrome media press the tone)
_LIGHT = {
    "happy": (0.5, 0.7, 0.75),
    "peaceful": (0.62, 0.45, 0.7),
    "gloomy": (0.55, 0.35, 1.05),
    "scary": (0.18, 1.05, 1.3),
}

# mood -> hue centres and ranges used for abstract colour schemes (icons, charts, abstracts)
_SCHEME = {
    "happy": ((0, 30, 45, 200, 330), 14, (0.7, 0.95), (0.88, 1.0)),
    "peaceful": ((95, 140, 180, 210, 300, 340), 15, (0.18, 0.42), (0.8, 0.95)),
    "gloomy": ((200, 215, 230, 40), 12, (0.07, 0.28), (0.3, 0.62)),
    "scary": ((355, 5, 280, 20), 10, (0.6, 1.0), (0.12, 0.6)),
}


def hsv(h: float, s: float, v: float) -> np.ndarray:
    """Float RGB of a hue in degrees and saturation/value in [0, 1]."""
    return np.array(colorsys.hsv_to_rgb((h % 360) / 360, float(np.clip(s, 0, 1)),
                                        float(np.clip(v, 0, 1))), np.float32)


def _pull(h: float, target: float, amount: float) -> float:
    delta = (target - h + 180) % 360 - 180
    return h + amount * delta


@dataclass
class Palette:
    """The colours and light of one artwork."""

    mood: str
    colours: dict[str, np.ndarray]
    scheme: list[np.ndarray]
    accent: np.ndarray
    light: np.ndarray  # unit vector towards the key light (x right, y down, z to viewer)
    ambient: float
    key: float
    pressure: float  # how dark monochrome media press

    def __getitem__(self, role: str) -> np.ndarray:
        return self.colours[role]


def palette(mood: str, rng: np.random.Generator) -> Palette:
    """Draw the palette for `mood`: natural roles remapped plus a jittered abstract scheme."""
    target, pull, s_mul, s_add, v_lo, v_span, accent = _MOOD[mood]
    shift = rng.uniform(-15, 15)
    colours = {}
    for role, (h, s, v) in _NATURAL.items():
        h = _pull(h + shift + rng.uniform(-10, 10), target, pull)
        s = np.clip(s + rng.uniform(-0.08, 0.08), 0, 1) * s_mul + s_add * (s > 0.02)
        v = np.clip(v + rng.uniform(-0.06, 0.06), 0, 1)
        v = max(v_lo + v_span * v, 0.88) if role in _GLOW else v_lo + v_span * v
        if role == "pupil":
            v = 0.06
        colours[role] = hsv(h, s, v)
    if mood == "scary":  # a lurid moon, and eyes that glow
        colours["sun"] = hsv(rng.uniform(30, 55), rng.uniform(0.1, 0.5), 0.92)
        colours["eye"] = hsv(rng.uniform(40, 60), 0.9, 0.95)
    ambient, key, pressure = _LIGHT[mood]
    lx, ly = rng.uniform(-0.8, 0.8), rng.uniform(-0.8, -0.2)
    if mood == "scary" and rng.random() < 0.4:
        ly = -ly  # lit from below
    light = np.array([lx, ly, 0.7])
    return Palette(mood, colours, scheme(mood, rng, 6), hsv(*accent), light / np.linalg.norm(light),
                   ambient, key, pressure)


def scheme(mood: str, rng: np.random.Generator, n: int) -> list[np.ndarray]:
    """n distinct colours in the mood's hue families, for content without natural colours."""
    hues, spread, (s0, s1), (v0, v1) = _SCHEME[mood]
    picked = rng.permutation(len(hues))
    out = []
    for i in range(n):
        h = hues[picked[i % len(hues)]] + rng.uniform(-spread, spread)
        out.append(hsv(h, rng.uniform(s0, s1), rng.uniform(v0, v1)))
    if mood == "scary":
        out[rng.integers(n)] = hsv(rng.uniform(-5, 8), 0.9, rng.uniform(0.75, 0.9))
        out[rng.integers(n)] = hsv(0, 0, rng.uniform(0.03, 0.08))
    return out


def shade(colour: np.ndarray, factor: float) -> np.ndarray:
    """The same colour darker (factor < 1) or lighter (factor > 1), keeping its hue."""
    colour = np.asarray(colour, np.float32)
    if factor <= 1:
        return colour * factor
    return 1 - (1 - colour) / factor
