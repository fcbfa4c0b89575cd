"""Pen and ink: crisp dark lines of near-constant weight on light paper, no grey wash.

Value comes only from how many lines or dots cover a place: cross-hatching layers gated by
a tone map, or stippled dots whose density follows the tone. Styles: a black cross-hatched
engraving-like study, a stippled botanical plate, and ruled sepia or blue-black
architecture with parallel hatching.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import palettes, surface
from .compose import group, single
from .marks import hatch_layer, outlines
from .tone import cast_shadow, tone_map

STYLES = {
    "salon_crosshatch": "a cross-hatched pen study: black contour and two to four hatching directions for value",
    "salon_stipple": "a stippled natural-history plate: dot density for value inside a fine black outline",
    "salon_sepia_ruled": "ruled architectural ink in sepia or blue-black: straight parallel hatching, ground lines",
}

_INKS = {"black": (0.05, 0.05, 0.06), "sepia": (0.27, 0.16, 0.08), "blue_black": (0.07, 0.09, 0.2)}


def _box(tone: np.ndarray) -> tuple[int, int, int, int] | None:
    rows, cols = np.nonzero(tone.max(axis=1) > 0.1)[0], np.nonzero(tone.max(axis=0) > 0.1)[0]
    return None if len(rows) == 0 else (cols[0], rows[0], cols[-1] + 1, rows[-1] + 1)


def _cross_hatch(rng: np.random.Generator, tone: np.ndarray, spacing: float, line: float, ruled: bool) -> np.ndarray:
    """Ink coverage of hatching: each direction added where the tone passes its step."""
    box = _box(tone)
    total = np.zeros_like(tone)
    if box is None:
        return total
    height, width = tone.shape
    base = rng.uniform(0, np.pi)
    angles = [base, base + np.pi / 2, base + np.pi / 4, base - np.pi / 4] if not ruled else [0.0, np.pi / 2, 0.0]
    for k, angle in enumerate(angles):
        layer = hatch_layer(rng, height, width, angle + (0 if ruled else rng.normal(0, 0.05)), spacing * (1 + 0.5 * (
            ruled and k == 2)), line, pressure=0.1, breaks=0.03, wobble=0 if ruled else spacing * 0.08, box=box)
        total = np.maximum(total, layer * (tone > 0.2 + 0.18 * k))
    return total


def _stipple(rng: np.random.Generator, tone: np.ndarray, spacing: float) -> np.ndarray:
    """Ink coverage of dots placed with probability rising with the tone."""
    height, width = tone.shape
    count = int(height * width / spacing ** 2)
    ys, xs = rng.integers(0, height, count), rng.integers(0, width, count)
    kept = rng.random(count) < tone[ys, xs] ** 1.3
    dots = np.zeros((height, width), np.uint8)
    dots[ys[kept], xs[kept]] = 255
    size = 3 if spacing > 3.5 else 1
    image = Image.fromarray(dots)
    return np.asarray(image.filter(ImageFilter.MaxFilter(size)) if size > 1 else image, np.float32) / 255


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A pen-and-ink drawing in `style`."""
    size = min(width, height)
    light = (rng.uniform(-1, 1), -1.0)
    if style == "salon_sepia_ruled":
        ink = np.array(_INKS["sepia" if rng.random() < 0.5 else "blue_black"], np.float32)
        tint = palettes.paper(mood, rng, rng.uniform(0.5, 1.0))
        parts = group(rng, ("building", "tree", "building"), width, height, int(rng.integers(1, 4)), 0.85)
    elif style == "salon_stipple":
        ink, tint = np.array(_INKS["black"], np.float32), palettes.paper(mood, rng, rng.uniform(0.2, 0.8))
        parts = single(rng, ("flower", "animal", "still_life", "face", "tree"), width, height, 0.85)
    else:
        ink, tint = np.array(_INKS["black"], np.float32), palettes.paper(mood, rng, rng.uniform(0, 0.3))
        parts = single(rng, ("animal", "face", "figure", "building", "still_life"), width, height, 0.85)
    paper = surface.paper(rng, height, width, tint, 0.04)
    tone, mask = tone_map(parts, height, width, light, 0.4)
    tone = np.clip(tone * palettes.DARKNESS[mood], 0, 1)
    line = max(1.0, size * rng.uniform(0.0018, 0.003))
    if style == "salon_stipple":
        coverage = _stipple(rng, tone, max(2.0, size * rng.uniform(0.004, 0.008)))
    else:
        tone = np.maximum(tone, cast_shadow(mask, light) * 0.5)
        coverage = _cross_hatch(rng, tone, max(3.0, size * rng.uniform(0.008, 0.016)), line,
                                style == "salon_sepia_ruled")
    image = Image.fromarray((coverage * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    if style == "salon_sepia_ruled":
        for y in np.linspace(height * 0.86, height, 5):
            draw.line([0, y, width, y + rng.normal(0, 1)], fill=255, width=max(1, int(line)))
    coverage = np.maximum(np.asarray(image, np.float32) / 255,
                          outlines(rng, parts, height, width, (1.0, 1.0), line * 1.3, 1, 0.15, 0.02))
    return surface.to_image(surface.multiply(paper, ink, coverage * 0.97))
