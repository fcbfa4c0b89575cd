"""Light and shade of a scene, for the media that work from tone (oil, graphite, pen, manga):
the scene filled in flat colour, and each figure's shadow side as a crescent turned away from
the light, as a draughtsman blocks in form shadows."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.outsider.composition import Part, Scene
from sampleworld.outsider.palettes import Palette


def flat_picture(scene: Scene, palette: Palette, parts: list[Part] | None = None,
                 ground: tuple[int, int, int] | None = None) -> Image.Image:
    """The parts (default all) filled flat in their palette colours; strokes as lines."""
    image = Image.new("RGB", (scene.width, scene.height), ground or palette.rgb(0))
    draw = ImageDraw.Draw(image)
    stroke = max(2, round(scene.width / 150))
    for part in scene.parts if parts is None else parts:
        points = [tuple(p) for p in part.points]
        if part.closed:
            draw.polygon(points, fill=palette.rgb(part.colour))
        else:
            draw.line(points, fill=palette.rgb(part.colour), width=stroke, joint="curve")
    return image


def shadow_side(scene: Scene) -> np.ndarray:
    """0-1: 1 on each figure's side away from the light, a crescent that grows towards the edge."""
    shadow = np.zeros((scene.height, scene.width), np.float32)
    for part in scene.figures:
        if not part.closed:
            continue
        x0, y0 = np.floor(part.points.min(0)).astype(int)
        x1, y1 = np.ceil(part.points.max(0)).astype(int) + 1
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, scene.width), min(y1, scene.height)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        inside = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(inside).polygon([tuple(p) for p in part.points - (x0, y0)], fill=255)
        half = np.maximum((part.points.max(0) - part.points.min(0)) / 2, 1)
        lit_centre = part.centre + scene.light * half * 0.45
        ys = (np.arange(y0, y1, dtype=np.float32)[:, None] - lit_centre[1]) / half[1]
        xs = (np.arange(x0, x1, dtype=np.float32)[None, :] - lit_centre[0]) / half[0]
        crescent = np.clip((np.hypot(xs, ys) - 0.85) * 3, 0, 1)
        region = shadow[y0:y1, x0:x1]
        cover = np.asarray(inside, dtype=np.float32) / 255
        region[:] = region * (1 - cover) + crescent * cover
    return shadow


def lightness(scene: Scene, palette: Palette) -> np.ndarray:
    """0 black .. 1 white: the flat picture's tone, darkened on the shadow sides and by the mood."""
    grey = np.asarray(flat_picture(scene, palette).convert("L"), dtype=np.float32) / 255
    return np.clip(grey * (1 - 0.5 * shadow_side(scene)), 0, 1)


def shade_for_drawing(scene: Scene, palette: Palette) -> np.ndarray:
    """0 bare paper .. 1 solid dark, for monochrome media: the scene's tonal range stretched to
    the full scale, then pushed darker by the mood, so a night scene is heavily worked yet its
    lightest passages still leave paper showing."""
    dark = 1 - lightness(scene, palette)
    lo, hi = float(dark.min()), float(dark.max())
    relative = (dark - lo) / max(hi - lo, 0.05)
    return np.clip(relative * (0.5 + 0.3 * palette.darkness) + 0.15 * palette.darkness, 0, 1)
