"""Pen and ink: black or sepia ink lines of near-constant weight on light paper, shading by
cross-hatching or stippling, solid ink in the deepest shadows, no grey wash."""

from __future__ import annotations

import numpy as np

from sampleworld.media.marks import drawing_paper, hatch_distance, outlines, shape_angles, tonal_shading
from sampleworld.palette import Palette
from sampleworld.raster import label_map, noise
from sampleworld.scene import Scene
from sampleworld.style import Style

HATCH_LAYERS = ((0.0, 0.22), (np.pi / 2, 0.45), (np.pi / 4, 0.68))  # (angle offset, shade it starts at)
LOOKS = {
    "crosshatch": "classic pen drawing: contours and up to three layers of straight cross-hatching",
    "stipple": "stippled illustration: tone built from ink dots, fine contours",
    "line": "clean line art: even contours, spotted solid blacks, hardly any hatching",
    "contour_hatch": "sepia-leaning sketchbook ink: hatching that turns with each form, dotted grounds",
}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    shade = tonal_shading(scene, palette)
    period = style.line_spacing * scale * rng.uniform(0.85, 1.2)
    half_width = min(0.3, 1.3 * scale * style.stroke_scale / period)
    angle = rng.uniform(0, np.pi)
    ink = np.zeros((h, w), dtype=bool)
    if look in ("crosshatch", "contour_hatch"):
        if look == "contour_hatch":
            angle = angle + shape_angles(rng, label_map(scene), np.pi)
        for offset, start in HATCH_LAYERS[: 3 if look == "crosshatch" else 2]:
            lines = hatch_distance(rng, h, w, angle + offset, period, wobble=0.15) < half_width
            ink |= lines & (shade > start)
    if look in ("stipple", "contour_hatch"):
        coverage = shade if look == "stipple" else np.clip(shade - 0.6, 0, 1)
        ink |= _stipple(rng, h, w, 3.2 * scale * style.stroke_scale, coverage)
    ink |= shade > (1.1 if look != "line" else 0.85)  # solid blacks in the deepest shadows
    contour = rng.uniform(2.5, 4.5) * scale * style.stroke_scale * (0.6 if look == "stipple" else 1)
    ink |= outlines(scene, rng, contour, passes=1, jitter=0.5) > 0.5
    paper = drawing_paper(palette) * (1 - 0.03 * noise(rng, h, w, 4 * style.texture_scale))[..., None]
    colour = palette.ink.astype(np.float32)
    if look == "contour_hatch" and rng.random() < 0.6:
        colour = np.array([75.0, 48, 26]) * (colour.mean() / 18) ** 0.3  # sepia
    return paper + (colour - paper) * ink[..., None]


def _stipple(rng: np.random.Generator, h: int, w: int, pitch: float, coverage: np.ndarray) -> np.ndarray:
    """Round ink dots, one chance per jittered grid cell, taken with probability `coverage`."""
    pitch = max(pitch, 2.0)
    rows, cols = int(h / pitch) + 1, int(w / pitch) + 1
    centre_y = (np.arange(rows)[:, None] + rng.uniform(0.25, 0.75, (rows, cols))) * pitch
    centre_x = (np.arange(cols)[None, :] + rng.uniform(0.25, 0.75, (rows, cols))) * pitch
    cell_y = (np.arange(h) / pitch).astype(int)[:, None]
    cell_x = (np.arange(w) / pitch).astype(int)[None, :]
    dy = np.arange(h)[:, None] + 0.5 - centre_y[cell_y, cell_x]
    dx = np.arange(w)[None, :] + 0.5 - centre_x[cell_y, cell_x]
    dotted = rng.random((rows, cols))[cell_y, cell_x] < coverage
    return dotted & (dy * dy + dx * dx < (0.3 * pitch) ** 2)
