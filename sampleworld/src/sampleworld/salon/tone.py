"""Value maps for the drawing media: where a subject is, and how dark each place should be.

Graphite and pen shade by value, not colour: the tone map says how many hatching layers a
pixel gets. Light comes from one side, so the far side of every form gets a core shadow.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import surface
from .subjects import Part


def tone_map(parts: list[Part], height: int, width: int, light: tuple[float, float],
             rounding: float = 0.35) -> tuple[np.ndarray, np.ndarray]:
    """(tone 0..1, coverage 0..1) of the parts, with core shadows away from `light`."""
    tone_image, mask_image = Image.new("L", (width, height), 0), Image.new("L", (width, height), 0)
    tone_draw, mask_draw = ImageDraw.Draw(tone_image), ImageDraw.Draw(mask_image)
    for part in parts:
        if part.closed and len(part.points) >= 3:
            points = [tuple(p) for p in part.points.tolist()]
            tone_draw.polygon(points, fill=int(part.tone * 200))
            mask_draw.polygon(points, fill=255)
    tone = np.asarray(tone_image, np.float32) / 255
    mask = np.asarray(mask_image, np.float32) / 255
    reach = max(2, int(min(height, width) * 0.04))
    dx, dy = int(round(-light[0] * reach)), int(round(-light[1] * reach))
    lit = np.roll(np.roll(mask, -dy, axis=0), -dx, axis=1)
    core = surface.blur(mask * (1 - lit), reach * 0.8)
    return np.clip(tone + rounding * core * mask, 0, 1), mask


def cast_shadow(mask: np.ndarray, light: tuple[float, float], squash: float = 0.35) -> np.ndarray:
    """A soft shadow of the coverage thrown along the ground away from the light."""
    height, width = mask.shape
    rows = np.nonzero(mask.max(axis=1) > 0.5)[0]
    if len(rows) == 0:
        return np.zeros_like(mask)
    base = rows[-1]
    flat = Image.fromarray((mask * 255).astype(np.uint8)).resize((width, max(1, int(height * squash))))
    shadow = np.zeros_like(mask)
    top = max(0, base - flat.height)
    shadow[top:base] = np.asarray(flat, np.float32)[-(base - top):] / 255 if base > top else 0
    shift = int(-light[0] * width * 0.08)
    return surface.blur(np.roll(shadow, shift, axis=1) * (1 - mask), max(1.0, width * 0.01))
