"""Oil paint: an underpainting fully covered by opaque, directional brush or knife strokes
whose relief (impasto) catches the light, on canvas weave."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import blur, flat_colours, noise
from sampleworld.scene import Scene
from sampleworld.style import Style


@dataclass(frozen=True)
class Brush:
    width: tuple[float, float]  # stroke width in pixels at 600 px
    length: tuple[float, float]  # stroke length in widths
    colour_jitter: float  # standard deviation of each stroke's colour, per channel
    relief_blur: float  # how soft the ridges are, in pixels at 600 px
    relief: float  # how strongly the ridges catch the light


LOOKS = {
    "strokes": "alla prima oil painting: long brush strokes following the forms, visible impasto",
    "knife": "palette-knife painting: broad flat slabs of paint with sharp ridges",
    "chiaroscuro": "old-master manner: a dark ground, a pool of warm light, small blended strokes",
    "dabs": "impressionist: short thick dabs of broken colour all over, heavy relief",
}
BRUSHES = {
    "strokes": Brush((11, 17), (3.0, 5.0), 5, 1.2, 12),
    "knife": Brush((24, 40), (1.2, 2.2), 4, 0.6, 9),
    "chiaroscuro": Brush((6, 10), (2.0, 3.5), 3, 2.0, 7),
    "dabs": Brush((8, 13), (1.1, 1.8), 22, 1.0, 16),
}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    brush = BRUSHES[look]
    colours = flat_colours(scene, palette)
    if look == "chiaroscuro":
        colours = colours * np.clip(1.3 - 2.0 * _distance_from_light(rng, h, w), 0.2, 1.1)[..., None]
    underpainting = blur(colours, 5 * scale, peak=255) * (0.85 + 0.3 * noise(rng, h, w, 60 * scale))[..., None]
    canvas = Image.fromarray(np.clip(underpainting, 0, 255).astype(np.uint8))
    relief = Image.new("L", (w, h), 128)
    _paint_strokes(ImageDraw.Draw(canvas), ImageDraw.Draw(relief), colours, rng, scene, style, brush)
    height_map = blur(np.asarray(relief, dtype=np.float32) / 255, brush.relief_blur * scale)
    gy, gx = np.gradient(height_map)
    lx, ly = scene.light
    lit = -(gx * lx + gy * ly) * brush.relief  # slopes facing the light brighten, the others darken
    highlight = np.clip(lit - 0.4, 0, 1) * 60
    weave = 0.03 * np.sin(np.arange(w, dtype=np.float32) * 1.7)[None, :] * np.sin(
        np.arange(h, dtype=np.float32) * 1.7)[:, None]
    light = (1 + np.clip(lit, -0.6, 0.6) * 0.5 + weave)[..., None]
    return np.asarray(canvas, dtype=np.float32) * light + highlight[..., None]


def _distance_from_light(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """0 at a spot in the upper middle where the light falls, growing outwards."""
    cy, cx = rng.uniform(0.25, 0.55), rng.uniform(0.3, 0.7)
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None] - np.float32(cy)
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :] - np.float32(cx)
    return np.sqrt(x * x + y * y)


def _paint_strokes(paint: ImageDraw.ImageDraw, relief: ImageDraw.ImageDraw, colours: np.ndarray,
                   rng: np.random.Generator, scene: Scene, style: Style, brush: Brush) -> None:
    """About one stroke per brush footprint, oriented along a smooth flow field, in shuffled order."""
    h, w = scene.height, scene.width
    width = rng.uniform(*brush.width) * w / 600 * style.stroke_scale
    length = width * rng.uniform(*brush.length)
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
        + rng.normal(0, brush.colour_jitter, (xs.size, 3))
    tint = np.clip(tint, 0, 255).astype(int).tolist()
    heights = rng.integers(70, 220, xs.size).tolist()
    segments = np.stack([xs - dx, ys - dy, xs + dx, ys + dy], 1).tolist()
    stroke = max(2, round(width))
    for segment, colour, height in zip(segments, tint, heights):
        paint.line(segment, fill=tuple(colour), width=stroke)
        relief.line(segment, fill=height, width=stroke)
