"""Oil paint: opaque strokes that cover the whole canvas, with impasto ridges catching light.

A blurred colour study of the scene is underpainted first (no bare canvas anywhere), then
brush strokes sample its colours. Each stroke is a few bristle lines, drawn both into the
colour and into a height map; the height map is lit to give ridges, grooves and glints,
and a faint canvas weave shows where paint is thin. Styles: an impasto landscape, a
chiaroscuro portrait on a dark ground, and a palette-knife still life.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import palettes, surface
from .subjects import SUBJECTS, place

STYLES = {
    "salon_impasto_landscape": "an impressionist landscape in thick directional dabs with lit impasto ridges",
    "salon_chiaroscuro": "a chiaroscuro portrait: a lit face or figure emerging from a dark brown ground",
    "salon_knife_still_life": "a palette-knife still life: broad flat slabs of blended colour with sharp ridges",
}


def _study(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """The scene as soft colour at a quarter of the size: what the painter looks at."""
    w, h = max(4, width // 4), max(4, height // 4)
    colours = palettes.colours(mood, rng, 5)
    if style == "salon_chiaroscuro":
        ground = np.array([0.16, 0.1, 0.06], np.float32) * (1.3 if mood in ("happy", "peaceful") else 0.8)
        base = surface.vertical(h, w, ground * 1.3, ground * 0.6)
        parts = place(SUBJECTS[("face", "figure")[int(rng.integers(2))]](rng), w * rng.uniform(0.4, 0.6), h * 0.55,
                      min(w, h) * 0.95)
        colours[1] = palettes.hsv(0.07, 0.45, 0.85 if mood != "gloomy" else 0.55)
    elif style == "salon_impasto_landscape":
        top, bottom = palettes.sky(mood)
        base = surface.vertical(h, w, top, bottom)
        parts = place(SUBJECTS["landscape"](rng), w / 2, h * 0.6, max(w, h))
        parts += place(SUBJECTS["tree"](rng), w * rng.uniform(0.2, 0.8), h * 0.6, min(w, h) * 0.6)
    else:
        wall = palettes.shade(colours[3], 0.8)
        base = surface.vertical(h, w, wall, palettes.shade(wall, 0.6))
        parts = place(SUBJECTS["still_life"](rng), w / 2, h / 2, max(w, h) * 1.0)
    image = surface.to_image(base)
    draw = ImageDraw.Draw(image)
    for part in parts:
        if part.closed and len(part.points) >= 3:
            lit = 1.15 - 0.5 * part.tone
            fill = palettes.to_u8(palettes.shade(colours[part.colour % 5], lit))
            draw.polygon(part.points.ravel().tolist(), fill=fill)
    study = surface.blur(surface.to_array(image), 1.0)
    if style == "salon_chiaroscuro":  # a spotlight: darkness swallows the edges
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        spot = np.exp(-(((x - w * 0.45) / (w * 0.45)) ** 2 + ((y - h * 0.4) / (h * 0.5)) ** 2))
        study *= (0.3 + 0.9 * spot)[..., None]
    return study


def _strokes(rng: np.random.Generator, study: np.ndarray, canvas: Image.Image, relief: Image.Image, brush: float,
             length: float, angle: np.ndarray, bristles: int) -> None:
    """One pass of strokes on a jittered grid, coloured from the study, drawn in place."""
    width, height = canvas.size
    sh, sw = study.shape[:2]
    ys, xs = np.mgrid[0:height:brush, 0:width:brush]
    xs, ys = (xs.ravel() + rng.uniform(0, brush, xs.size)), (ys.ravel() + rng.uniform(0, brush, ys.size))
    order = rng.permutation(xs.size)
    xs, ys = np.clip(xs[order], 0, width - 1), np.clip(ys[order], 0, height - 1)
    iy, ix = (ys * sh / height).astype(int).clip(0, sh - 1), (xs * sw / width).astype(int).clip(0, sw - 1)
    theta = angle[iy, ix] + rng.normal(0, 0.25, xs.size)
    span = length * rng.uniform(0.6, 1.3, xs.size)
    d = np.stack([np.cos(theta), np.sin(theta)], 1) * span[:, None] / 2
    n = np.stack([-np.sin(theta), np.cos(theta)], 1) * brush / (bristles + 1)
    base = np.clip(study[iy, ix] * rng.uniform(0.9, 1.1, (xs.size, 1)) + rng.normal(0, 0.03, (xs.size, 3)), 0, 1)
    colour, height_draw = ImageDraw.Draw(canvas), ImageDraw.Draw(relief)
    centre = np.stack([xs, ys], 1)
    width_px = max(1, int(brush / bristles + 1.5))
    body = np.concatenate([centre - d, centre + d], 1).tolist()
    for segment, value in zip(body, rng.integers(90, 200, xs.size).tolist()):
        height_draw.line(segment, fill=value, width=max(1, int(brush)))
    for k in range(bristles):  # bristle streaks: colour varies across the stroke, ridges along it
        offset = (k - (bristles - 1) / 2) * n
        ends = np.concatenate([centre - d + offset, centre + d + offset], 1).tolist()
        varied = np.clip(base * rng.uniform(0.9, 1.1, (xs.size, 1)), 0, 1)
        tint = [tuple(c) for c in (varied * 255).astype(int).tolist()]
        for segment, fill in zip(ends, tint):
            colour.line(segment, fill=fill, width=width_px)
        if k % 2:
            for segment in ends:
                height_draw.line(segment, fill=230, width=1)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """An oil painting in `style`."""
    size = min(width, height)
    study = _study(style, mood, rng, width, height)
    canvas = surface.to_image(np.asarray(Image.fromarray((study * 255).astype(np.uint8)).resize(
        (width, height), Image.BILINEAR), np.float32) / 255)
    relief = Image.new("L", (width, height), 128)
    sh, sw = study.shape[:2]
    grey = study.mean(axis=2)
    gy, gx = np.gradient(surface.blur(grey, 1.5))
    if style == "salon_impasto_landscape":
        angle = surface.noise(rng, sh, sw, 3) * 1.2 - 0.6
        passes = [(size * 0.04, size * 0.055, 3), (size * 0.025, size * 0.035, 2)]
    elif style == "salon_chiaroscuro":
        angle = np.arctan2(gy, gx) + np.pi / 2  # strokes follow the form's contours
        passes = [(size * 0.05, size * 0.09, 3), (size * 0.028, size * 0.05, 2)]
    else:
        angle = np.full((sh, sw), rng.uniform(-0.6, 0.6)) + np.round(surface.noise(rng, sh, sw, 4) * 3) * 0.5
        passes = [(size * 0.06, size * 0.06, 2), (size * 0.035, size * 0.04, 2)]
    for brush, length, bristles in passes:
        _strokes(rng, study, canvas, relief, max(3.0, brush), max(4.0, length), angle, bristles)
    paint = surface.to_array(canvas)
    bump = np.asarray(relief, np.float32) / 255
    hy, hx = np.gradient(surface.blur(bump, 0.8))
    light = -(hx * 0.7 + hy * 0.7) * (5.0 if style != "salon_knife_still_life" else 8.0)
    glint = np.clip(light - 0.25, 0, 1) ** 2 * 0.4
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    weave = (np.sin(x * 2.1) * np.sin(y * 2.1)) * 0.025 * (1 - paint.mean(axis=2))
    shaded = paint * (1 + np.clip(light, -0.35, 0.2) + weave)[..., None] + glint[..., None]
    return surface.to_image(np.clip(shaded, 0, 1))
