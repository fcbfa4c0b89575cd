"""Pen and ink: black, sepia or blue-black lines of near-constant weight on light paper.

Tone comes only from how many lines or dots there are (hatching, cross-hatching, stippling),
never from grey, except in the separate ink-wash style, where diluted washes of the same ink
sit under the pen lines.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import compose, tone_map
from .palettes import dark_weight, paper_tone
from .strokes import draw_polyline, hand_contour, hatch_layer, stipple_layer, tone_bands

STYLES = {
    "atelier_nib_hatching": "dip-pen illustration: even contours and cross-hatching built up in tone layers",
    "atelier_ink_stippling": "stippled ink drawing: tone from the density of dots, dotted and solid contours",
    "atelier_sepia_line": "sepia or blue-black contour line drawing, sparse hatching in the darkest places",
    "atelier_ink_wash": "ink and wash: diluted black washes in two or three values under pen lines",
}

INKS = {"black": (18, 16, 16), "sepia": (88, 52, 28), "blue_black": (22, 28, 58)}
SUBJECTS = ("figure", "face", "animal", "still_life", "landscape", "street", "lettering", "pattern")


def render(style, mood, rng, width, height) -> Image.Image:
    paper = paper_tone(mood, rng)
    ink = INKS["black"] if style != "atelier_sepia_line" else INKS[str(rng.choice(["sepia", "blue_black"]))]
    weight = dark_weight(mood)
    scene = compose(rng, width, height, SUBJECTS, margin=0.06)
    values, labels = tone_map(scene, height, width, modelling=0.35)
    values = np.clip(values - 0.15 * (weight - 1), 0, 1)  # dark moods pull more of the picture into shadow
    lines = Image.new("L", (width, height), 0)
    pen_width = 1 if width < 500 or rng.random() < 0.5 else 2
    _contours(rng, ImageDraw.Draw(lines), scene, pen_width)
    coverage = np.asarray(lines, np.float32) / 255.0
    rgb = canvas.solid(height, width, paper)
    if style == "atelier_nib_hatching":
        coverage = np.maximum(coverage, _cross_hatching(rng, values, (0.75, 0.5, 0.3), pen_width))
    elif style == "atelier_ink_stippling":
        coverage = np.maximum(coverage * (rng.random(values.shape) < 0.6),
                              stipple_layer(rng, 1 - values, 0.45 * weight, dot=2))
    elif style == "atelier_sepia_line":
        coverage = np.maximum(coverage, _cross_hatching(rng, values, (0.3,), 1))
    else:
        rgb = _washes(rng, rgb, values, ink)
        coverage = np.maximum(coverage, _cross_hatching(rng, values, (0.25,), 1))
    return canvas.to_image(canvas.mix(rgb, ink, np.clip(coverage, 0, 1)))


def _contours(rng, draw, scene, pen_width):
    for shape in scene.shapes:
        line = hand_contour(shape.points, rng, shape.closed, jitter=0.8)
        draw_polyline(draw, line, 255, pen_width)


def _cross_hatching(rng, values, thresholds, pen_width):
    """Each darker band adds a layer of parallel lines at a new angle."""
    height, width = values.shape
    angle, spacing = rng.uniform(0.5, 1.1), rng.uniform(4, 7)
    total = np.zeros_like(values)
    for i, band in enumerate(tone_bands(values, thresholds)):
        layer = hatch_layer(rng, height, width, angle + i * np.pi / 2.6, spacing, pen_width, (30, 120), (3, 10))
        total = np.maximum(total, layer * band)
    return total


def _washes(rng, rgb, values, ink):
    """Two or three flat-ish values of diluted ink, pooling slightly darker at their edges."""
    wash = np.zeros_like(values)
    for threshold, strength in ((0.75, 0.22), (0.5, 0.25), (0.3, 0.25))[: int(rng.integers(2, 4))]:
        region = canvas.blur((values < threshold).astype(np.float32), rng.uniform(1.5, 4))
        rim = np.clip(region - canvas.blur(region, 4), 0, 1) * 1.5
        wash += (region + rim) * strength
    wash *= 0.85 + 0.3 * canvas.smooth_noise(rng, *values.shape, 40)
    return canvas.mix(rgb, ink, np.clip(wash, 0, 0.85))
