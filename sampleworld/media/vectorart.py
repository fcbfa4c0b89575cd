"""Vector art: flat fills with crisp edges, no texture, sometimes flat long shadows or a rays backdrop."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import draw_shape
from sampleworld.scene import Scene, Shape
from sampleworld.style import Style


def rgb(colour: np.ndarray) -> tuple[int, int, int]:
    """A palette colour as the integer tuple ImageDraw wants."""
    return tuple(int(c) for c in np.clip(colour, 0, 255))


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    image = Image.new("RGB", (scene.width, scene.height), rgb(palette.sky[0]))
    draw = ImageDraw.Draw(image)
    if rng.random() < 0.5:
        _backdrop(draw, rng, scene, rgb(palette.sky[0]), rgb(palette.sky[1]))
    if scene.horizon is not None:
        draw.rectangle([0, scene.horizon, scene.width, scene.height], fill=rgb(palette.ground))
    offset = np.array([-scene.light[0], -scene.light[1]]) * rng.uniform(8, 30) * scene.width / 600
    long_shadows = rng.random() < 0.4
    for shape in scene.shapes:
        colour = palette.colours[shape.colour]
        if long_shadows:
            draw_shape(draw, Shape(shape.kind, shape.points + offset, shape.colour), fill=rgb(colour * 0.6))
        draw_shape(draw, shape, fill=rgb(colour))
    return np.asarray(image, dtype=np.float32)


def _backdrop(draw: ImageDraw.ImageDraw, rng: np.random.Generator, scene: Scene, first, second) -> None:
    """Sunburst rays or concentric rings, the flat backdrops of poster-style vector art."""
    cx, cy = rng.uniform(0, scene.width), rng.uniform(0, scene.height * 0.6)
    reach = 1.5 * max(scene.width, scene.height)
    if rng.random() < 0.5:
        count = int(rng.integers(8, 20))
        for k in range(count):
            a0, a1 = 2 * np.pi * k / count, 2 * np.pi * (k + 0.5) / count
            draw.polygon([(cx, cy), (cx + reach * np.cos(a0), cy + reach * np.sin(a0)),
                          (cx + reach * np.cos(a1), cy + reach * np.sin(a1))], fill=second)
        return
    step = rng.uniform(25, 60) * scene.width / 600
    for k in range(int(reach / step), 0, -1):
        r = k * step
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=second if k % 2 else first)
