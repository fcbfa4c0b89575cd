"""Comics: flat colour, bold black outlines, halftone dot shading, panel gutters and speech balloons."""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import draw_shape, flat_colours, label_map, to_image
from sampleworld.scene import Scene
from sampleworld.style import Style

BLACK = (12, 10, 14)


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    scale = scene.width / 600
    labels = label_map(scene)
    colours = flat_colours(scene, palette, labels)
    colours = _halftone(colours, labels, scene, rng, style.halftone_spacing * scale)
    image = to_image(colours)
    draw = ImageDraw.Draw(image)
    outline = max(2, round(rng.uniform(3, 6) * scale * style.stroke_scale))
    for shape in scene.shapes:
        draw_shape(draw, shape, outline=BLACK, width=outline)
    if scene.horizon is not None:
        draw.line([(0, scene.horizon), (scene.width, scene.horizon)], fill=BLACK, width=outline)
    if rng.random() < 0.5:
        _balloon(draw, rng, scene, outline)
    if rng.random() < 0.7:
        _panels(draw, rng, scene, outline)
    return np.asarray(image, dtype=np.float32)


def _halftone(colours, labels, scene: Scene, rng, spacing: float) -> np.ndarray:
    """Dots on a 45 degree grid, larger away from the light, printed in a darker shade of the fill."""
    h, w = labels.shape
    y = np.arange(h, dtype=np.float32)[:, None]
    x = np.arange(w, dtype=np.float32)[None, :]
    lx, ly = scene.light
    away = -(x * lx + y * ly) / np.float32(np.hypot(w, h))  # grows away from the light
    shade = np.clip(away - away.min() - rng.uniform(0.1, 0.5) * (away.max() - away.min()), 0, None)
    shade = np.clip(shade / max(float(shade.max()), 1e-3), 0, 1) * np.where(labels > 0, 0.9, 0.5)
    u = (x + y) / np.float32(spacing * np.sqrt(2))
    v = (x - y) / np.float32(spacing * np.sqrt(2))
    distance = np.hypot(u - np.round(u), v - np.round(v))  # to the nearest dot centre, in dot pitches
    dots = distance < 0.55 * np.sqrt(shade)
    return np.where(dots[..., None], colours * 0.45, colours)


def _balloon(draw: ImageDraw.ImageDraw, rng, scene: Scene, outline: int) -> None:
    w, h = scene.width, scene.height
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.1, 0.3) * h
    rx, ry = rng.uniform(0.1, 0.2) * w, rng.uniform(0.05, 0.1) * h
    tail = [(cx - rx * 0.2, cy + ry * 0.8), (cx + rx * 0.2, cy + ry * 0.8), (cx + rx * 0.5, cy + ry * 2.2)]
    draw.polygon(tail, fill="white", outline=BLACK, width=outline)
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill="white", outline=BLACK, width=outline)
    for line in range(int(rng.integers(1, 4))):  # lettering as short black bars
        y = cy - ry * 0.4 + line * ry * 0.35
        draw.line([(cx - rx * 0.6, y), (cx + rx * rng.uniform(0.1, 0.6), y)], fill=BLACK,
                  width=max(2, outline - 1))


def _panels(draw: ImageDraw.ImageDraw, rng, scene: Scene, outline: int) -> None:
    """White gutters with black frames that cut the picture into a grid of comic panels."""
    w, h = scene.width, scene.height
    gutter = max(4, round(w * rng.uniform(0.008, 0.016)))
    rows = _cuts(rng, h, int(rng.integers(1, 4)))
    for top, bottom in zip(rows[:-1], rows[1:]):
        columns = _cuts(rng, w, int(rng.integers(1, 3)))
        for left, right in zip(columns[:-1], columns[1:]):
            draw.rectangle([left, top, right, bottom], outline="white", width=gutter)
            draw.rectangle([left + gutter, top + gutter, right - gutter, bottom - gutter],
                           outline=BLACK, width=outline)


def _cuts(rng, length: float, parts: int) -> np.ndarray:
    """Edges of `parts` bands of roughly equal size along `length`."""
    edges = np.linspace(0, length, parts + 1)
    edges[1:-1] += rng.uniform(-0.15, 0.15, parts - 1) * length / parts
    return edges
