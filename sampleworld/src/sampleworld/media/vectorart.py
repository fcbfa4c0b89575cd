"""Vector art: flat or linearly graded fills with crisp geometric edges and no texture, with or
without outlines, on white, on a full-bleed colour or on a flat poster backdrop."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import draw_shape, label_map
from sampleworld.scene import Scene, Shape
from sampleworld.style import Style

LOOKS = {
    "poster": "flat poster illustration: sky backdrop, sunburst or rings, flat long shadows",
    "icon": "icon or sticker set: flat fills with one even outline on a white or cream ground, whatever the mood",
    "gradient": "modern gradient illustration: every fill a linear gradient on a graded full-bleed ground",
    "outline_flat": "flat shapes with thin even outlines on a solid full-bleed colour, with dot ornaments",
}


def rgb(colour: np.ndarray) -> tuple[int, int, int]:
    """A palette colour as the integer tuple ImageDraw wants."""
    return tuple(int(c) for c in np.clip(colour, 0, 255))


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    if look == "gradient":
        return _gradient(scene, palette, rng)
    ground = {"poster": palette.sky[0], "outline_flat": palette.sky[1]}.get(look)
    if ground is None:  # icon sets sit on white or cream whatever the mood; their fills carry it
        ground = np.full(3, 255.0) if rng.random() < 0.7 else np.array([248.0, 243, 230])
    image = Image.new("RGB", (scene.width, scene.height), rgb(ground))
    draw = ImageDraw.Draw(image)
    scale = scene.width / 600
    if look == "poster":
        if rng.random() < 0.5:
            _backdrop(draw, rng, scene, rgb(palette.sky[0]), rgb(palette.sky[1]))
        if scene.horizon is not None:
            draw.rectangle([0, scene.horizon, scene.width, scene.height], fill=rgb(palette.ground))
    elif look == "outline_flat":
        _dots(draw, rng, scene, rgb(palette.sky[1] * 0.85 + 30))
    offset = np.array([-scene.light[0], -scene.light[1]]) * rng.uniform(8, 30) * scale
    long_shadows = look == "poster" and rng.random() < 0.4
    outline_colour = rgb(palette.ink * rng.uniform(0.5, 2.5))
    outline = max(1, round(rng.uniform(*{"icon": (2, 6), "outline_flat": (1.5, 3)}.get(look, (0, 0))) * scale))
    for shape in scene.shapes:
        colour = palette.colours[shape.colour]
        if long_shadows:
            draw_shape(draw, Shape(shape.kind, shape.points + offset, shape.colour), fill=rgb(colour * 0.6))
        if look == "poster":
            draw_shape(draw, shape, fill=rgb(colour))
        else:
            draw_shape(draw, shape, fill=rgb(colour), outline=outline_colour, width=outline)
    return np.asarray(image, dtype=np.float32)


def _gradient(scene: Scene, palette: Palette, rng: np.random.Generator) -> np.ndarray:
    """Each shape graded along one direction between its colour and a lighter or darker one."""
    h, w = scene.height, scene.width
    labels = label_map(scene)
    y = np.arange(h, dtype=np.float32)[:, None]
    x = np.arange(w, dtype=np.float32)[None, :]
    angle = rng.uniform(0, 2 * np.pi)
    along = x * np.float32(np.cos(angle)) + y * np.float32(np.sin(angle))
    count = len(scene.shapes[:254]) + 1
    low, high = np.full(count, along.min(), np.float32), np.full(count, along.max(), np.float32)
    start = np.empty((count, 3), np.float32)
    start[0] = palette.sky[0]
    start[1:] = palette.colours[[s.colour for s in scene.shapes[:254]]]
    end = start * rng.uniform(0.55, 1.45, (count, 1)).astype(np.float32) + rng.uniform(-20, 20, (count, 3))
    end[0] = palette.sky[1]
    for index, shape in enumerate(scene.shapes[:254], 1):
        x0, y0, x1, y1 = shape.bbox
        corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], np.float32) @ np.array(
            [np.cos(angle), np.sin(angle)], np.float32)
        low[index], high[index] = corners.min(), corners.max()
    t = np.clip((along - low[labels]) / np.maximum(high[labels] - low[labels], 1), 0, 1)[..., None]
    return start[labels] * (1 - t) + end[labels] * t


def _dots(draw: ImageDraw.ImageDraw, rng: np.random.Generator, scene: Scene, colour) -> None:
    """Scattered flat circles and rings, the ornaments of flat illustration grounds."""
    for _ in range(int(rng.integers(6, 20))):
        x, y, r = rng.uniform(0, scene.width), rng.uniform(0, scene.height), rng.uniform(4, 30) * scene.width / 600
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=max(1, round(r / 4)))


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
