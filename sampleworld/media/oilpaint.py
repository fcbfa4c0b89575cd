"""Oil paint: an underpainting covered by thick, directional brush strokes whose relief
(impasto) catches the light, on canvas weave."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import blur, flat_colours, noise
from sampleworld.scene import Scene
from sampleworld.style import Style


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    colours = flat_colours(scene, palette)
    underpainting = blur(colours, 5 * scale, peak=255) * (0.85 + 0.3 * noise(rng, h, w, 60 * scale))[..., None]
    canvas = Image.fromarray(np.clip(underpainting, 0, 255).astype(np.uint8))
    relief = Image.new("L", (w, h), 128)
    _paint_strokes(ImageDraw.Draw(canvas), ImageDraw.Draw(relief), colours, rng, scene, style)
    height_map = blur(np.asarray(relief, dtype=np.float32) / 255, 1.2 * scale)
    gy, gx = np.gradient(height_map)
    lx, ly = scene.light
    lit = -(gx * lx + gy * ly) * 12  # slopes facing the light brighten, the others darken
    highlight = np.clip(lit - 0.4, 0, 1) * 60
    weave = 0.03 * np.sin(np.arange(w, dtype=np.float32) * 1.7)[None, :] * np.sin(
        np.arange(h, dtype=np.float32) * 1.7)[:, None]
    light = (1 + np.clip(lit, -0.6, 0.6) * 0.5 + weave)[..., None]
    return np.asarray(canvas, dtype=np.float32) * light + highlight[..., None]


def _paint_strokes(paint: ImageDraw.ImageDraw, relief: ImageDraw.ImageDraw, colours: np.ndarray,
                   rng: np.random.Generator, scene: Scene, style: Style) -> None:
    """About one stroke per brush footprint, oriented along a smooth flow field, in shuffled order."""
    h, w = scene.height, scene.width
    width = rng.uniform(11, 17) * w / 600 * style.stroke_scale
    length = width * rng.uniform(3.0, 5.0)
    step = width * 1.3
    ys, xs = np.mgrid[0:h:step, 0:w:step]
    xs = (xs.ravel() + rng.uniform(-step / 2, step / 2, xs.size)).clip(0, w - 1)
    ys = (ys.ravel() + rng.uniform(-step / 2, step / 2, ys.size)).clip(0, h - 1)
    order = rng.permutation(xs.size)
    xs, ys = xs[order], ys[order]
    flow = noise(rng, h, w, 200 * w / 600) * 1.5 * np.pi + rng.uniform(0, np.pi)
    angle = flow[ys.astype(int), xs.astype(int)] + rng.normal(0, 0.15, xs.size)
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    tint = colours[ys.astype(int), xs.astype(int)] * rng.uniform(0.9, 1.1, (xs.size, 1)) \
        + rng.normal(0, 5, (xs.size, 3))
    tint = np.clip(tint, 0, 255).astype(int).tolist()
    heights = rng.integers(70, 220, xs.size).tolist()
    segments = np.stack([xs - dx, ys - dy, xs + dx, ys + dy], 1).tolist()
    stroke = max(2, round(width))
    for segment, colour, height in zip(segments, tint, heights):
        paint.line(segment, fill=tuple(colour), width=stroke)
        relief.line(segment, fill=height, width=stroke)
