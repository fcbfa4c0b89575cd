"""Oil paint: opaque paint covering the whole canvas in directional strokes.

A blended colour study of the scene is laid in first, so no canvas is left bare; then
thousands of strokes pick up that colour and lay it down along a direction. Every stroke
carries bristle grooves and a paint height; lighting that height gives impasto ridges
and highlights, and a faint canvas weave shows where the paint is thin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import compose, label_map, shading
from .palettes import mood_palette


@dataclass(frozen=True)
class Brush:
    length: tuple[float, float]  # stroke length, fraction of the width
    width: tuple[float, float]   # stroke width, fraction of the width
    count: int                   # strokes per 100 000 pixels (at half size)
    relief: float                # how strongly the paint height is lit
    bristles: float              # depth of the bristle grooves (0 for a knife)
    colour_jitter: float         # broken colour: how far a stroke strays from the mix
    follow_form: bool            # strokes follow contours instead of a gesture field
    blend: float = 0.0           # how much of the smooth blended study shows through


STYLES = {
    "atelier_impasto": "expressive impasto: long loaded strokes swirling in a gesture field, strong relief",
    "atelier_academic": "smooth academic painting: blended form on a dark ground, chiaroscuro, fine strokes",
    "atelier_plein_air": "plein-air landscape: short broken-colour dabs, mostly horizontal, alla prima",
    "atelier_palette_knife": "palette-knife painting: wide flat slabs of paint with sharp raised edges",
}

BRUSHES = {
    "atelier_impasto": Brush((0.05, 0.12), (0.012, 0.025), 1500, 1.0, 0.35, 0.08, False),
    "atelier_academic": Brush((0.02, 0.05), (0.008, 0.016), 2600, 0.12, 0.06, 0.02, True, 0.6),
    "atelier_plein_air": Brush((0.02, 0.05), (0.01, 0.02), 2200, 0.7, 0.3, 0.12, False),
    "atelier_palette_knife": Brush((0.03, 0.07), (0.025, 0.045), 700, 1.2, 0.0, 0.07, False),
}
SUBJECTS = {
    "atelier_impasto": ("face", "figure", "landscape", "still_life", "flowers", "abstract"),
    "atelier_academic": ("face", "face", "still_life", "figure", "animal"),
    "atelier_plein_air": ("landscape", "landscape", "street"),
    "atelier_palette_knife": ("landscape", "abstract", "street", "flowers"),
}


def render(style, mood, rng, width, height) -> Image.Image:
    palette = mood_palette(mood, rng)
    brush = BRUSHES[style]
    half = (height // 2, width // 2)
    scene = compose(rng, *half[::-1], SUBJECTS[style])
    underpainting = _underpainting(rng, scene, palette, half, dark_ground=style == "atelier_academic")
    ids, colours, heights, angles = _lay_strokes(rng, underpainting, brush)
    ids = np.asarray(Image.fromarray(ids).resize((width, height), Image.NEAREST))
    rgb = np.asarray(Image.fromarray((colours * 255).astype(np.uint8)[ids]).resize((width, height)), np.float32) / 255
    if brush.blend:
        smooth = np.stack([canvas.resize(underpainting[..., c], height, width) for c in range(3)], axis=2)
        rgb = rgb * (1 - brush.blend) + smooth * brush.blend
    return canvas.to_image(_light_the_paint(rng, rgb, ids, heights, angles, brush))


def _underpainting(rng, scene, palette, size, dark_ground) -> np.ndarray:
    """The blended colour study the strokes sample from: flat colours modelled by light."""
    height, width = size
    labels = label_map(scene, height, width)
    ground = tuple(int(c * 0.35) for c in palette.dark) if dark_ground else palette.light
    table = np.array([ground] + [palette.colour(s.colour) for s in scene.shapes], np.float32) / 255
    rgb = table[labels] * (1 - 0.35 * shading(labels, scene))[..., None]
    if dark_ground:  # chiaroscuro: light falls from the upper left and dies into the ground
        ys, xs = np.ogrid[0:height, 0:width]
        rgb *= np.clip(1.25 - np.hypot(xs / width - 0.4, ys / height - 0.35) * 1.4, 0.25, 1.2)[..., None]
    return np.stack([canvas.blur(rgb[..., c], 3) for c in range(3)], axis=2)


def _flow(rng, underpainting, brush) -> np.ndarray:
    """Stroke direction per pixel: across the light gradient (follow form) or a gesture field."""
    height, width = underpainting.shape[:2]
    if brush.follow_form:
        light = canvas.blur(underpainting.mean(2), 4)
        gy, gx = np.gradient(light)
        return np.arctan2(gy, gx) + np.pi / 2
    gesture = canvas.smooth_noise(rng, height, width, width / 3) * 2 * np.pi * rng.uniform(0.3, 1.0)
    return gesture + rng.uniform(0, np.pi)


def _lay_strokes(rng, underpainting, brush):
    """Paint strokes back to front into a map of stroke ids; returns per-stroke colour, height, angle."""
    height, width = underpainting.shape[:2]
    count = int(brush.count * height * width / 100_000)
    xs, ys = rng.uniform(0, width, count), rng.uniform(0, height, count)
    flow = _flow(rng, underpainting, brush)
    iy, ix = ys.astype(int).clip(0, height - 1), xs.astype(int).clip(0, width - 1)
    angles = flow[iy, ix] + rng.normal(0, 0.25, count)
    colours = underpainting[iy, ix] * (1 + rng.normal(0, brush.colour_jitter, (count, 1)))
    colours += rng.normal(0, brush.colour_jitter / 2, (count, 3))
    lengths = rng.uniform(*brush.length, count) * width
    widths = np.maximum(1, rng.uniform(*brush.width, count) * width).astype(int)
    image = Image.new("I", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for k in range(count):
        dx, dy = np.cos(angles[k]) * lengths[k] / 2, np.sin(angles[k]) * lengths[k] / 2
        draw.line([(xs[k] - dx, ys[k] - dy), (xs[k] + dx, ys[k] + dy)], fill=k + 1, width=int(widths[k]))
    ids = np.asarray(image, np.int32)
    base = np.concatenate([[underpainting.mean((0, 1))], np.clip(colours, 0, 1)])
    heights = np.concatenate([[0.0], rng.uniform(0.3, 1.0, count)]).astype(np.float32)
    angles = np.concatenate([[0.0], angles]).astype(np.float32)
    holes = ids == 0
    if holes.any():  # where no stroke landed, a scumble of the average colour there
        base[0] = underpainting[holes].mean(0)
    return ids, base.astype(np.float32), heights, angles


def _light_the_paint(rng, rgb, ids, heights, angles, brush) -> np.ndarray:
    """Bristle grooves along each stroke, raking light on the paint height, canvas weave."""
    height, width = ids.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    across = xs * -np.sin(angles[ids]) + ys * np.cos(angles[ids])
    bristle = np.sin(across * 1.7 + ids) * 0.6 + np.sin(across * 0.63 + ids * 0.37) * 0.4
    paint = heights[ids] + brush.bristles * bristle * 0.5
    paint = canvas.blur((paint + 1) / 3, 0.8) * 3
    gy, gx = np.gradient(paint)
    relief = np.clip(-(gx * 0.7 + gy * 0.7) * brush.relief * 2.5, -0.35, 0.35)
    weave = (np.sin(xs * 1.9) * np.sin(ys * 1.9)) * 0.03 * (1.2 - brush.relief)
    shine = np.clip(relief - 0.3, 0, 1) * 0.5
    lit = rgb * (1 + relief[..., None] * 0.8 + weave[..., None]) + shine[..., None]
    return np.clip(lit, 0, 1)
