"""What the two drawing media share: tonal shading, parallel hatching and hand-drawn outlines."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import draw_shape, flat_colours, luminance, noise
from sampleworld.scene import Scene


def tonal_shading(scene: Scene, palette: Palette) -> np.ndarray:
    """How much a monochrome medium darkens each pixel: the scene's own tonal range, deepened
    by the mood's darkness (about 0 for paper left blank, 1 and more for the darkest passages).
    The lightest passages stay bare paper whatever the mood, as in a real drawing: a gloomy
    pencil sketch has heavier shadows, not a grey sheet."""
    lightness = luminance(flat_colours(scene, palette))
    lightest, darkest = float(lightness.max()), float(lightness.min())
    relative = (lightest - lightness) / max(lightest - darkest, 0.05)
    return relative * (0.6 + 0.45 * palette.darkness) + 0.1 * palette.darkness - 0.08


def drawing_paper(palette: Palette) -> np.ndarray:
    """The mood's paper pulled towards white: drawings are made on light paper, and the mood
    only tints it."""
    return 255 - (255 - palette.paper.astype(np.float32)) * 0.35


def hatch_distance(rng: np.random.Generator, height: int, width: int, angle: float, period: float,
                   wobble: float) -> np.ndarray:
    """Distance to the nearest hatch line, in periods (0 on a line, 0.5 midway between two).

    `angle` is one angle or one per pixel (say, per shape, so hatching follows the forms);
    `wobble` (in periods) bends the lines with smooth noise, as a hand does.
    """
    y = np.arange(height, dtype=np.float32)[:, None]
    x = np.arange(width, dtype=np.float32)[None, :]
    cos, sin = np.asarray(np.cos(angle), np.float32), np.asarray(np.sin(angle), np.float32)
    phase = (x * cos + y * sin) / np.float32(period)
    if wobble:
        phase = phase + (noise(rng, height, width, period * 6) - 0.5) * wobble
    return np.abs(phase - np.round(phase))


def outlines(scene: Scene, rng: np.random.Generator, width: float, passes: int, jitter: float) -> np.ndarray:
    """A 0-1 mask of every shape's contour, drawn `passes` times, each shifted by up to `jitter` px."""
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    line_width = max(1, round(width))
    for shape in scene.shapes:
        for _ in range(passes):
            shifted = type(shape)(shape.kind, shape.points + rng.uniform(-jitter, jitter, 2), shape.colour)
            draw_shape(draw, shifted, outline=255, width=line_width)
    if scene.horizon is not None:
        y = scene.horizon + rng.uniform(-jitter, jitter)
        draw.line([(0, y), (scene.width, y)], fill=255, width=line_width)
    return np.asarray(image, dtype=np.float32) / 255.0


def shape_angles(rng: np.random.Generator, labels: np.ndarray, spread: float) -> np.ndarray:
    """A hatching angle per pixel: one random angle per shape (and one for the background)."""
    return rng.uniform(0, spread, int(labels.max()) + 1).astype(np.float32)[labels]
