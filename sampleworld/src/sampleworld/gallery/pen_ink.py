"""Pen and ink: crisp dark lines of near-constant weight on light paper; tone only from line density
(cross-hatching, stippling), or in one style from a separate flat grey ink wash."""

from __future__ import annotations

import math

import numpy as np

from . import layout, marks, noise, palettes, shading, subjects
from .canvas import blank, glaze, ink, to_image
from .fields import band

STYLES = {
    "gallery_crosshatch_etching": "an engraving-like pen drawing: buildings or objects built of layered cross-hatching",
    "gallery_stipple_study": "a stippled scientific or portrait study: tone from thousands of ink dots",
    "gallery_line_and_wash": "a pen line drawing over two or three flat grey ink-wash tones",
}

TONES = {"sky": (0.0, 0.0), "far": (0.3, 0.0), "ground": (0.2, 0.0), "back": (0.3, 0.4), "main": (0.1, 0.75),
         "second": (0.35, 0.5), "dark": (0.8, 0.2), "accent": (0.5, 0.3), "light": (0.0, 0.0)}


def _ink_colour(mood, rng):
    """Black or blue-black ink, never grey: pen lines stay dark whatever the mood."""
    base = np.array([0.07, 0.07, 0.08]) if rng.random() < 0.7 else np.array([0.08, 0.1, 0.17])
    return (base * (1.2 - 0.4 * palettes.ink_depth(mood))).astype(np.float32)


def _lines(parts, weight, skip=("sky",)):
    out = None
    for part in parts:
        if part.role not in skip:
            line = band(part.d, weight)
            out = line if out is None else np.maximum(out, line)
    return out if out is not None else np.zeros(parts[0].d.shape, np.float32)


def _scene(rng, w, h, kinds):
    kind = str(rng.choice(kinds))
    wide = kind in ("landscape", "buildings") or rng.random() < 0.3
    frame = layout.full(w, h) if wide else layout.vignette(rng, w, h)
    return subjects.make(kind, rng, h, w, frame)


def _crosshatch(mood, rng, w, h):
    parts = _scene(rng, w, h, ["buildings", "still_life", "landscape", "buildings"])
    tone = shading.tone_map(parts, TONES, (rng.uniform(-0.9, 0.9), -0.7), step=4, radius=min(w, h) * 0.1)
    tone = np.clip(tone * (0.8 + 0.5 * palettes.ink_depth(mood)) - (0.05 if mood == "happy" else 0), 0, 1)
    spacing = max(2.5, min(w, h) * rng.uniform(0.006, 0.014))
    weight = max(0.8, spacing * rng.uniform(0.22, 0.32))
    base = math.radians(rng.uniform(20, 70))
    angles = [base, base + math.pi / 2, base + math.pi / 4, base - math.pi / 4][:int(rng.integers(3, 5))]
    wobble = (noise.smooth(rng, h, w, 30) - 0.5) * spacing * 0.6
    amount = np.maximum(marks.tonal_hatch(tone, angles, spacing, weight, wobble), _lines(parts, weight * 1.4))
    img = blank(h, w, palettes.paper(mood, rng, "white" if rng.random() < 0.6 else "cream"))
    return to_image(ink(img, amount, _ink_colour(mood, rng)))


def _stipple(mood, rng, w, h):
    parts = _scene(rng, w, h, ["face", "animal", "still_life", "figure"])
    tone = shading.tone_map(parts, TONES, (-0.6, -0.75), step=4, radius=min(w, h) * 0.12)
    tone = np.clip(tone * (0.7 + 0.4 * palettes.ink_depth(mood)), 0, 1)
    cell = max(2, int(min(w, h) * rng.uniform(0.006, 0.012)))
    radius = max(0.7, cell * 0.22)
    shift = max(1, cell // 2)  # a second, offset lattice hides the grid a single pass would show
    dots = np.maximum(marks.stipple(rng, tone * 0.7, cell, radius),
                      np.roll(marks.stipple(rng, tone * 0.7, cell, radius), (shift, shift), (0, 1)))
    amount = dots if rng.random() < 0.5 else np.maximum(dots, _lines(parts, max(0.8, cell * 0.3)))
    img = blank(h, w, palettes.paper(mood, rng, "white"))
    return to_image(ink(img, amount, _ink_colour(mood, rng)))


def _line_and_wash(mood, rng, w, h):
    parts = _scene(rng, w, h, ["landscape", "figure", "animal", "buildings", "face"])
    tone = shading.tone_map(parts, TONES, (-0.7, -0.6), step=3, radius=min(w, h) * 0.1)
    levels = int(rng.integers(2, 4))
    flat = np.floor(np.clip(tone * (0.7 + 0.4 * palettes.ink_depth(mood)), 0, 0.999) * (levels + 1)) / levels
    wash = np.clip(flat, 0, 1) * rng.uniform(0.35, 0.55) * (0.92 + 0.16 * noise.smooth(rng, h, w, 50))
    img = blank(h, w, palettes.paper(mood, rng, "white" if rng.random() < 0.5 else "cream"))
    grey = np.array([0.25, 0.25, 0.27], np.float32)
    img = glaze(img, wash, grey)
    weight = max(1.0, min(w, h) * rng.uniform(0.003, 0.006))
    return to_image(ink(img, _lines(parts, weight), _ink_colour(mood, rng)))


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_crosshatch_etching": _crosshatch, "gallery_stipple_study": _stipple,
            "gallery_line_and_wash": _line_and_wash}[style]
    return draw(mood, rng, w, h)
