"""Pencil sketch: grey graphite on light paper, no colour.

Strokes swell and fade with pressure, catch only the peaks of the paper tooth, and are
built up as loose contour passes, construction lines, hatching or smudged tone, leaving
most of the sheet light. The mood shows in the paper tone and the weight of the darks.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import compose, tone_map
from .palettes import dark_weight, paper_tone
from .strokes import draw_pressure_line, hand_contour, hatch_layer, tone_bands

STYLES = {
    "atelier_loose_study": "loose sketchbook study: construction lines, repeated searching contours, a little hatching",
    "atelier_tonal_drawing": "finished tonal pencil drawing: smudged blended tone, crisp accents, lifted highlights",
    "atelier_toned_sheet": "graphite on grey toned paper with white chalk highlights",
    "atelier_hatch_study": "directional hatching study: tone built from parallel graphite hatching in layers",
}

GRAPHITE = np.array([0.23, 0.235, 0.25], np.float32)  # graphite's cool dark grey
SUBJECTS = ("figure", "face", "animal", "still_life", "landscape", "street", "face", "still_life")


def render(style, mood, rng, width, height) -> Image.Image:
    toned = style == "atelier_toned_sheet"
    paper = _neutral(paper_tone(mood, rng, toned=toned))
    weight = dark_weight(mood)
    scene = compose(rng, width, height, SUBJECTS, margin=0.08)
    values, labels = tone_map(scene, height, width)
    marks = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(marks)
    darkness = {"atelier_loose_study": _loose, "atelier_tonal_drawing": _tonal,
                "atelier_toned_sheet": _toned, "atelier_hatch_study": _hatched}[style](
        rng, draw, scene, values, labels, weight)
    darkness = np.maximum(darkness, np.asarray(marks, np.float32) / 255.0)
    rgb = _on_paper(rng, paper, np.clip(darkness * weight, 0, 0.95))
    if toned:
        rgb = _chalk(rng, rgb, values, labels)
    return canvas.to_image(rgb)


def _neutral(colour):
    """Pencil papers are near-neutral: keep only a hint of warmth of the paper tone."""
    mean = sum(colour) / 3
    return tuple(mean + 0.35 * (c - mean) for c in colour)


def _on_paper(rng, paper, darkness):
    """Graphite only catches the peaks of the tooth: lighter specks remain inside strokes."""
    height, width = darkness.shape
    tooth = canvas.paper_tooth(rng, height, width)
    caught = darkness * (0.3 + 0.7 * tooth ** 0.8)
    base = canvas.solid(height, width, paper) * (0.985 + 0.03 * tooth[..., None])
    return base * (1 - caught[..., None]) + GRAPHITE * caught[..., None]


def _contours(rng, draw, scene, passes, strength, jitter, width=1.0):
    for shape in scene.shapes:
        for _ in range(passes):
            line = hand_contour(shape.points, rng, shape.closed, jitter, overshoot=rng.uniform(0, 2))
            draw_pressure_line(draw, line, rng, strength * rng.uniform(0.6, 1.0), width * rng.uniform(0.8, 1.6))


def _construction(rng, draw, scene, strength):
    """Light straight guide lines through the main masses, as an artist blocks in a drawing."""
    big = sorted(scene.shapes, key=lambda s: -np.ptp(s.points, 0).prod())[:5]
    for shape in big:
        (x0, y0), (x1, y1) = shape.points.min(0), shape.points.max(0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        reach = rng.uniform(1.1, 1.5)
        draw.line([(cx, y0 - (y1 - y0) * (reach - 1)), (cx + rng.normal(0, 4), y1 + (y1 - y0) * (reach - 1))],
                  fill=int(strength), width=1)
        draw.line([(x0 - 10, cy), (x1 + 10, cy + rng.normal(0, 4))], fill=int(strength), width=1)
        draw.ellipse([x0, y0, x1, y1], outline=int(strength * 0.8), width=1)


def _hatch(rng, values, thresholds, angle, spacing, strength, line_width=1):
    height, width = values.shape
    total = np.zeros_like(values)
    for i, band in enumerate(tone_bands(values, thresholds)):
        lines = hatch_layer(rng, height, width, angle + i * rng.uniform(0.3, 0.9), spacing, line_width, (80, 260))
        total = np.maximum(total, lines * band * strength)
    return total


def _loose(rng, draw, scene, values, labels, weight):
    _construction(rng, draw, scene, 110)
    _contours(rng, draw, scene, passes=int(rng.integers(2, 4)), strength=235, jitter=2.5)
    return _hatch(rng, values, (0.4,), rng.uniform(0.6, 1.1), rng.uniform(4, 7), 0.7)


def _tonal(rng, draw, scene, values, labels, weight):
    height, width = values.shape
    smudge = canvas.blur(1 - values, rng.uniform(2, 5))
    lifted = canvas.blur((values > 0.9).astype(np.float32) * (labels > 0), 3)
    ground = canvas.smooth_noise(rng, height, width, 120) * 0.12 * (labels == 0)
    _contours(rng, draw, scene, passes=1, strength=240, jitter=1.0)
    return np.clip(smudge * 1.05 - lifted * 0.3 + ground, 0, 1)


def _toned(rng, draw, scene, values, labels, weight):
    _contours(rng, draw, scene, passes=2, strength=230, jitter=1.5)
    return _hatch(rng, values, (0.5,), rng.uniform(0.5, 1.2), 5, 0.65) + canvas.blur(1 - values, 6) * 0.35


def _chalk(rng, rgb, values, labels):
    """White chalk on the lit side of light shapes, catching the tooth like the graphite."""
    height, width = values.shape
    lit = ((values > 0.8) & (labels > 0)).astype(np.float32)
    strokes = hatch_layer(rng, height, width, rng.uniform(0.5, 1.0), 4, 2, (80, 260))
    chalk = canvas.blur(lit, 2) * (0.4 + 0.6 * strokes) * canvas.paper_tooth(rng, height, width) * 0.9
    return rgb * (1 - chalk[..., None]) + 0.97 * chalk[..., None]


def _hatched(rng, draw, scene, values, labels, weight):
    _contours(rng, draw, scene, passes=1, strength=210, jitter=1.2)
    return _hatch(rng, values, (0.75, 0.45), rng.uniform(0.4, 1.2), rng.uniform(4, 6.5), 0.7)


