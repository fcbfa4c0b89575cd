"""Pen and ink: crisp black or sepia contours and cross-hatching on clean paper, solid ink in the deepest shadows."""

from __future__ import annotations

import numpy as np

from sampleworld.media.marks import hatch_distance, outlines, tonal_shading
from sampleworld.palette import Palette
from sampleworld.raster import noise
from sampleworld.scene import Scene
from sampleworld.style import Style

HATCH_LAYERS = ((0.0, 0.22), (np.pi / 2, 0.45), (np.pi / 4, 0.68))  # (angle offset, shade it starts at)


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    shade = tonal_shading(scene, palette)
    period = style.line_spacing * scale * rng.uniform(0.85, 1.2)
    half_width = min(0.3, 1.3 * scale * style.stroke_scale / period)
    angle = rng.uniform(0, np.pi)
    ink = np.zeros((h, w), dtype=np.float32)
    for offset, start in HATCH_LAYERS:
        lines = hatch_distance(rng, h, w, angle + offset, period, wobble=0.15) < half_width
        ink = np.maximum(ink, lines & (shade > start))
    ink = np.maximum(ink, shade > 1.1)  # solid blacks in the deepest shadows
    ink = np.maximum(ink, outlines(scene, rng, rng.uniform(2.5, 4.5) * scale * style.stroke_scale,
                                   passes=1, jitter=0.5) > 0.5)
    paper = palette.paper.astype(np.float32) * (1 - 0.03 * noise(rng, h, w, 4 * style.texture_scale))[..., None]
    return paper + (palette.ink.astype(np.float32) - paper) * ink[..., None]
