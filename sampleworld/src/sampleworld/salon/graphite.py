"""Pencil sketch: silver-grey graphite on light paper, caught by the paper's tooth.

Marks are pressure-varying broken strokes; tone is built by layered hatching masked by a
value map, plus smudged blending. Graphite never reaches black: its darkest is a warm or
silver grey with a little sheen. Styles: a figure study with construction lines, a tonal
still life with smudging and a cast shadow, and quick landscape notes on toned paper.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import palettes, surface
from .compose import group, single
from .marks import hatch_layer, outlines, polyline
from .shapes import ellipse
from .tone import cast_shadow, tone_map

STYLES = {
    "salon_figure_study": "a life-drawing study: loose repeated contours over faint construction ellipses and axes",
    "salon_tonal_study": "an academic tonal drawing: smudged blended values, layered hatching, a cast shadow",
    "salon_field_notes": "sketchbook notes on toned paper: landscapes and buildings in quick short hatching",
}


def _lines(height: int, width: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (width, height), 0)
    return image, ImageDraw.Draw(image)


def _hatching(rng: np.random.Generator, tone: np.ndarray, scale: float, dash: float, levels: int) -> np.ndarray:
    """Darkness of hatching layers, each kept where the tone passes its threshold."""
    height, width = tone.shape
    rows, cols = np.nonzero(tone.max(axis=1) > 0.15)[0], np.nonzero(tone.max(axis=0) > 0.15)[0]
    if len(rows) == 0:
        return np.zeros_like(tone)
    box = (cols[0], rows[0], cols[-1] + 1, rows[-1] + 1)
    base = rng.uniform(0.5, 1.1)
    total = np.zeros_like(tone)
    for k in range(levels):
        layer = hatch_layer(rng, height, width, base + k * rng.uniform(0.5, 1.1), scale * rng.uniform(0.8, 1.2),
                            max(1.0, scale * 0.3), pressure=0.7, breaks=0.2, wobble=scale * 0.3, dash=dash,
                            box=box)
        keep = np.clip((tone - (0.15 + 0.22 * k)) * 6, 0, 1)
        total = 1 - (1 - total) * (1 - layer * keep * rng.uniform(0.55, 0.8))
    return total


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A graphite drawing in `style`."""
    light = (rng.uniform(-1, 1), -1.0)
    size = min(width, height)
    if style == "salon_field_notes":
        tint = palettes.paper(mood, rng, 0.3) * np.float32(rng.uniform(0.88, 0.94))  # grey sketchbook stock
        names = ("landscape", "building", "tree")
        parts = single(rng, names, width, height, 1.0) if rng.random() < 0.5 else group(
            rng, ("building", "tree"), width, height, int(rng.integers(2, 5)))
    elif style == "salon_figure_study":
        tint = palettes.paper(mood, rng, rng.uniform(0.2, 0.7))
        parts = group(rng, ("figure",), width, height, int(rng.integers(1, 4)), 0.9) if rng.random() < 0.6 else (
            single(rng, ("figure", "face", "animal"), width, height))
    else:
        tint = palettes.paper(mood, rng, rng.uniform(0, 0.3))
        parts = single(rng, ("still_life", "face", "animal", "flower"), width, height, 0.8)
    tooth = surface.grain(rng, height, width, 2.0)
    paper = surface.paper(rng, height, width, tint, rng.uniform(0.06, 0.12), tooth)
    tone, mask = tone_map(parts, height, width, light)
    darkness = np.zeros((height, width), np.float32)
    if style == "salon_tonal_study":
        tone = np.maximum(tone, cast_shadow(mask, light) * 0.6)
        smudge = surface.smooth(tone, max(2, int(size * 0.02))) * rng.uniform(0.45, 0.6)
        darkness = 1 - (1 - smudge * surface.noise(rng, height, width, 8) ** 0.3) * (
            1 - _hatching(rng, tone, max(2.0, size * 0.008), 0, 3))
    elif style == "salon_field_notes":
        darkness = _hatching(rng, tone * rng.uniform(0.6, 0.9), max(2.0, size * 0.01), size * 0.05, 2)
    else:
        darkness = _hatching(rng, tone * 0.7, max(2.0, size * 0.012), size * 0.12, 2)
    image, draw = _lines(height, width)
    if style == "salon_figure_study":
        for part in parts[::3]:
            cx, cy = part.points.mean(axis=0)
            reach = np.ptp(part.points, axis=0)
            polyline(draw, ellipse(cx, cy, reach[0] * 0.55, reach[1] * 0.55, rng.uniform(-0.3, 0.3), 36)[
                np.r_[0:36, 0]], 60, 1, 1)
            polyline(draw, np.array([[cx, cy - reach[1]], [cx + rng.normal(0, reach[0] * 0.2), cy + reach[1]]]), 50, 1)
    weight = max(1.0, size * rng.uniform(0.002, 0.005))
    lines = np.maximum(np.asarray(image, np.float32) / 255, outlines(
        rng, parts, height, width, (0.6, 0.9), weight, 3 if style == "salon_figure_study" else 2,
        0.35 if style == "salon_field_notes" else 0.6, 0.15))
    darkness = 1 - (1 - darkness) * (1 - lines)
    deposit = np.clip(darkness * (0.55 + 0.7 * tooth) * palettes.DARKNESS[mood], 0, 0.9)
    graphite = np.array([0.3, 0.3, 0.32], np.float32) + rng.uniform(-0.02, 0.03)
    graphite[0] += rng.uniform(0, 0.015)
    return surface.to_image(surface.multiply(paper, graphite, deposit / 0.9 * 0.95))
