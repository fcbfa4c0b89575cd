"""Pencil sketch: soft grey hatching and smudged tone on grainy paper, never quite black.

Graphite greys come from the scene's luminance, so mood shows as darker shading and paper.
"""

from __future__ import annotations

import numpy as np

from sampleworld.media.marks import hatch_distance, outlines, tonal_shading
from sampleworld.palette import Palette
from sampleworld.raster import blur, noise
from sampleworld.scene import Scene
from sampleworld.style import Style

GRAPHITE = np.array([0.66, 0.67, 0.70], dtype=np.float32)  # how much light full graphite absorbs, a cool grey


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    shade = tonal_shading(scene, palette)
    grain = style.texture_scale * scale
    tooth = 0.5 * noise(rng, h, w, 2.5 * grain) + 0.5 * noise(rng, h, w, 7 * grain)
    period = style.line_spacing * scale * rng.uniform(0.9, 1.3)
    angle = rng.choice([1, -1]) * rng.uniform(0.5, 1.1)
    hatch = _soft_lines(hatch_distance(rng, h, w, angle, period, wobble=0.6), np.clip(shade, 0, 0.85))
    cross = _soft_lines(hatch_distance(rng, h, w, angle + rng.uniform(1.0, 1.4), period, wobble=0.6),
                        np.clip(shade - 0.45, 0, 0.7))
    smudge = blur(np.clip(shade, 0, 1), 9 * scale) * rng.uniform(0.35, 0.6)
    contour = blur(outlines(scene, rng, 2.2 * scale * style.stroke_scale, passes=2, jitter=3 * scale), 0.8)
    marks = np.maximum.reduce([hatch * 0.8, cross * 0.7, smudge, contour * 0.85])
    marks = marks * np.clip(tooth * 1.7 - 0.1, 0.25, 1.0)  # paper tooth breaks every stroke
    paper = palette.paper.astype(np.float32) * (1 - 0.08 * (tooth[..., None] - 0.5))
    return paper * (1 - marks[..., None] * GRAPHITE)


def _soft_lines(distance: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Lines whose width is `coverage` of a period, with soft edges like a pencil's."""
    return np.clip((coverage / 2 - distance) / 0.12 + 0.5, 0, 1) * (coverage > 0.02)
