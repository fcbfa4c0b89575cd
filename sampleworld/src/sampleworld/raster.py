"""Shared pixel tools of the media: flat colour layouts, noise fields and blurs.

Arrays are float32 in 0-255 (colour) or 0-1 (masks, tones), shaped (height, width[, 3]);
heavy lifting is left to numpy and Pillow's C code so one artwork renders in tens of ms.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sampleworld.palette import Palette
from sampleworld.scene import Scene, Shape


def background(scene: Scene, palette: Palette) -> np.ndarray:
    """A vertical sky gradient, and flat ground below the horizon when there is one."""
    t = np.linspace(0, 1, scene.height, dtype=np.float32)[:, None]
    column = palette.sky[0] * (1 - t) + palette.sky[1] * t
    if scene.horizon is not None:
        column[int(scene.horizon):] = palette.ground
    return np.broadcast_to(column[:, None, :], (scene.height, scene.width, 3)).astype(np.float32)


def draw_shape(draw: ImageDraw.ImageDraw, shape: Shape, fill=None, outline=None, width: int = 1) -> None:
    if shape.kind == "ellipse":
        x0, y0, x1, y1 = shape.xy
        if x1 - x0 >= 1 and y1 - y0 >= 1:
            draw.ellipse(shape.xy, fill=fill, outline=outline, width=width)
    else:
        draw.polygon(shape.xy, fill=fill, outline=outline, width=width)


def label_map(scene: Scene) -> np.ndarray:
    """Which shape covers each pixel: 0 for the background, i + 1 for `scene.shapes[i]`."""
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    for index, shape in enumerate(scene.shapes[:254]):
        draw_shape(draw, shape, fill=index + 1)
    return np.asarray(image)


def flat_colours(scene: Scene, palette: Palette, labels: np.ndarray | None = None) -> np.ndarray:
    """The scene painted in flat palette colours over its background."""
    labels = label_map(scene) if labels is None else labels
    lookup = np.concatenate([np.zeros((1, 3)), palette.colours[[s.colour for s in scene.shapes[:254]]]])
    colours = lookup.astype(np.float32)[labels]
    return np.where((labels > 0)[..., None], colours, background(scene, palette))


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Perceived brightness in 0-1."""
    return (rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)) / 255.0


def noise(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Smooth value noise in 0-1 whose blobs are about `cell` pixels across."""
    cell = max(cell, 1.0)
    small = rng.random((int(height / cell) + 2, int(width / cell) + 2), dtype=np.float32)
    if cell <= 1.0:
        return small[:height, :width]
    big = Image.fromarray(small, "F").resize((width, height), Image.Resampling.BICUBIC)
    return np.clip(np.asarray(big), 0, 1)


def blur(array: np.ndarray, radius: float, peak: float = 1.0) -> np.ndarray:
    """Gaussian blur of a (height, width) or (height, width, 3) array of values in 0..`peak`,
    done by Pillow at 8 bits."""
    scale = 255.0 / peak
    image = Image.fromarray(np.clip(array * scale, 0, 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / scale


@lru_cache(maxsize=16)
def radial(height: int, width: int) -> np.ndarray:
    """Squared distance from the centre, 0 there and about 1 in the corners."""
    y = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    return (x * x + y * y) / 2


def to_image(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
