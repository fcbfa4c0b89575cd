"""Pencil sketch: grey graphite on light paper, never quite black; pressure-varying hatching,
smudged tone, construction lines, and the paper's tooth breaking every stroke.

Graphite greys come from the scene's luminance, so mood shows as darker shading and a tinted paper.
"""

from __future__ import annotations

import numpy as np

from sampleworld.media.marks import drawing_paper, hatch_distance, outlines, shape_angles, tonal_shading
from sampleworld.palette import Palette
from sampleworld.raster import blur, label_map, noise
from sampleworld.scene import Scene
from sampleworld.style import Style

GRAPHITE = np.array([0.66, 0.67, 0.70], dtype=np.float32)  # how much light full graphite absorbs, a cool grey
LOOKS = {
    "hatched": "finished pencil drawing: even diagonal hatching and cross-hatching, smudged shadows",
    "contour": "quick sketch: loose repeated construction lines, little shading, much bare paper",
    "tonal": "tonal rendering: blended, smudged graphite tone with soft edges and faint contours",
    "scribble": "loose scribbled study: hatching that turns with each form, on cream or toned paper",
}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    shade = tonal_shading(scene, palette)
    grain = style.texture_scale * scale
    tooth = 0.5 * noise(rng, h, w, 2.5 * grain) + 0.5 * noise(rng, h, w, 7 * grain)
    period = style.line_spacing * scale * rng.uniform(0.9, 1.3)
    angle = rng.choice([1, -1]) * rng.uniform(0.5, 1.1)
    if look == "scribble":
        angle = angle + shape_angles(rng, label_map(scene), np.pi)
    pressure = 0.75 + 0.5 * noise(rng, h, w, 40 * scale)  # the hand presses harder here and there
    hatch = _soft_lines(hatch_distance(rng, h, w, angle, period, wobble=0.6), np.clip(shade, 0, 0.85))
    cross = _soft_lines(hatch_distance(rng, h, w, angle + rng.uniform(1.0, 1.4), period, wobble=0.6),
                        np.clip(shade - 0.45, 0, 0.7))
    smudge = blur(np.clip(shade, 0, 1), 9 * scale) * rng.uniform(0.35, 0.6)
    stroke = 2.2 * scale * style.stroke_scale
    if look == "contour":
        contour = blur(outlines(scene, rng, stroke * 0.7, passes=4, jitter=7 * scale), 0.7)
        marks = np.maximum.reduce([contour * 0.7, hatch * 0.5 * (shade > 0.7), smudge * 0.3])
    elif look == "tonal":
        contour = blur(outlines(scene, rng, stroke * 0.6, passes=1, jitter=2 * scale), 1.0)
        tone = blur(np.clip(shade, 0, 1), 4 * scale) * rng.uniform(0.7, 0.95)
        marks = np.maximum.reduce([tone, blur(hatch, 1.5 * scale) * 0.5, contour * 0.5])
    else:
        contour = blur(outlines(scene, rng, stroke, passes=2, jitter=3 * scale), 0.8)
        marks = np.maximum.reduce([hatch * 0.8, cross * 0.7, smudge, contour * 0.85])
    marks = marks * pressure * np.clip(tooth * 1.7 - 0.1, 0.25, 1.0)  # paper tooth breaks every stroke
    paper = drawing_paper(palette) * (1 - 0.08 * (tooth[..., None] - 0.5))
    if look == "scribble":
        paper = paper * np.array([0.97, 0.93, 0.84], np.float32) ** rng.uniform(0.5, 1.5)
    return paper * (1 - np.clip(marks, 0, 1)[..., None] * GRAPHITE)


def _soft_lines(distance: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Lines whose width is `coverage` of a period, with soft edges like a pencil's."""
    return np.clip((coverage / 2 - distance) / 0.12 + 0.5, 0, 1) * (coverage > 0.02)
