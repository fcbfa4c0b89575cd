"""Mood as colour and light: each mood draws its palette, paper and lighting from its own ranges.

Moods never depend on the medium, so a classifier of mood must look at colour and light, and
a classifier of medium cannot use mood colours as a shortcut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sampleworld.style import Style

N_COLOURS = 6


@dataclass(frozen=True)
class MoodSpec:
    hues: tuple[tuple[float, float], ...]  # hue intervals in degrees, one is picked per colour
    saturation: tuple[float, float]
    value: tuple[float, float]
    accent_hues: tuple[float, float]  # one or two colours come from here, brighter
    accent_saturation: tuple[float, float]
    accent_value: tuple[float, float]
    darkness: tuple[float, float]  # how heavily drawing media shade (0 light ... 1 black)
    paper_value: tuple[float, float]  # multiplies the style's paper tint
    paper_tint: tuple[float, float, float]  # per-channel tint of the paper
    vignette: tuple[float, float]
    contrast: float  # spread of values around the mean, < 1 flattens


MOODS: dict[str, MoodSpec] = {
    "happy": MoodSpec(  # warm, saturated, bright
        hues=((0, 60), (300, 360), (60, 90)), saturation=(0.6, 0.95), value=(0.82, 1.0),
        accent_hues=(180, 210), accent_saturation=(0.6, 0.9), accent_value=(0.85, 1.0),
        darkness=(0.15, 0.35), paper_value=(0.98, 1.0), paper_tint=(1.0, 0.97, 0.86),
        vignette=(0.0, 0.05), contrast=1.0),
    "peaceful": MoodSpec(  # pastel blues and greens, low contrast
        hues=((90, 150), (170, 230)), saturation=(0.15, 0.38), value=(0.7, 0.92),
        accent_hues=(40, 60), accent_saturation=(0.2, 0.35), accent_value=(0.85, 0.95),
        darkness=(0.2, 0.4), paper_value=(0.93, 0.99), paper_tint=(0.93, 0.98, 0.98),
        vignette=(0.0, 0.05), contrast=0.55),
    "gloomy": MoodSpec(  # desaturated dark greys and blues
        hues=((190, 260),), saturation=(0.03, 0.2), value=(0.22, 0.55),
        accent_hues=(200, 230), accent_saturation=(0.1, 0.25), accent_value=(0.5, 0.65),
        darkness=(0.5, 0.7), paper_value=(0.72, 0.85), paper_tint=(0.92, 0.94, 0.98),
        vignette=(0.25, 0.4), contrast=0.8),
    "scary": MoodSpec(  # near black, blood reds, hard contrast
        hues=((340, 360), (0, 20), (250, 290)), saturation=(0.3, 0.7), value=(0.04, 0.2),
        accent_hues=(350, 365), accent_saturation=(0.85, 1.0), accent_value=(0.6, 0.9),
        darkness=(0.75, 0.9), paper_value=(0.55, 0.7), paper_tint=(0.95, 0.86, 0.82),
        vignette=(0.45, 0.65), contrast=1.4),
}


@dataclass(frozen=True)
class Palette:
    """Colours (0-255 floats) and lighting of one artwork."""

    colours: np.ndarray  # (N_COLOURS, 3) fills for shapes
    sky: np.ndarray  # (2, 3) background gradient, top then bottom
    ground: np.ndarray  # (3,)
    paper: np.ndarray  # (3,) paper of the drawing and watercolour media
    ink: np.ndarray  # (3,) line colour of pen and ink
    darkness: float
    vignette: float


def mood_palette(mood: str, rng: np.random.Generator, style: Style) -> Palette:
    spec = MOODS[mood]
    hsv = np.empty((N_COLOURS + 3, 3))
    intervals = np.array(spec.hues)[rng.integers(len(spec.hues), size=len(hsv))]
    hsv[:, 0] = rng.uniform(intervals[:, 0], intervals[:, 1])
    hsv[:, 1] = rng.uniform(*spec.saturation, size=len(hsv))
    hsv[:, 2] = rng.uniform(*spec.value, size=len(hsv))
    accents = rng.choice(N_COLOURS, size=rng.integers(1, 3), replace=False)
    hsv[accents, 0] = rng.uniform(*spec.accent_hues, size=len(accents))
    hsv[accents, 1] = rng.uniform(*spec.accent_saturation, size=len(accents))
    hsv[accents, 2] = rng.uniform(*spec.accent_value, size=len(accents))
    mean_value = hsv[:, 2].mean()
    hsv[:, 2] = np.clip(mean_value + (hsv[:, 2] - mean_value) * spec.contrast, 0.02, 1.0)
    hsv[:, 0] = (hsv[:, 0] + style.hue_shift) % 360
    hsv[:, 1] = np.clip(hsv[:, 1] * style.saturation, 0, 1)
    rgb = hsv_to_rgb(hsv) * 255
    paper_base = np.array(style.paper_tints[rng.integers(len(style.paper_tints))], dtype=float)
    paper = paper_base * rng.uniform(*spec.paper_value) * np.array(spec.paper_tint)
    ink_is_sepia = rng.random() < 0.35
    ink = np.array([70.0, 45, 25]) if ink_is_sepia else np.array([18.0, 16, 20])
    return Palette(
        colours=rgb[:N_COLOURS],
        sky=rgb[N_COLOURS:N_COLOURS + 2],
        ground=rgb[N_COLOURS + 2],
        paper=paper,
        ink=ink * (0.5 if mood == "scary" else 1.0),
        darkness=float(rng.uniform(*spec.darkness)),
        vignette=float(rng.uniform(*spec.vignette)),
    )


def hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """Hue in degrees, saturation and value in 0-1, to RGB in 0-1 (rows of any leading shape)."""
    h = (hsv[..., 0] % 360) / 60.0
    s, v = hsv[..., 1], hsv[..., 2]
    c = v * s
    x = c * (1 - np.abs(h % 2 - 1))
    zero = np.zeros_like(c)
    sector = np.floor(h).astype(int) % 6
    candidates = np.stack([
        np.stack([c, x, zero], -1), np.stack([x, c, zero], -1), np.stack([zero, c, x], -1),
        np.stack([zero, x, c], -1), np.stack([x, zero, c], -1), np.stack([c, zero, x], -1),
    ])
    picked = np.take_along_axis(candidates, sector[None, ..., None].repeat(3, -1), 0)[0]
    return picked + (v - c)[..., None]
