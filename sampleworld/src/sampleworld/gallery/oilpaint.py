"""Oil paint: an opaque, fully covered canvas. A blended underpainting is worked over with directional
strokes (or knife slabs) whose colour is picked from it; each stroke also leaves a paint height, which
is lit to raise impasto ridges and highlights, and the canvas weave shows where paint lies thin."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import layout, noise, palettes, shading, subjects
from .canvas import gradient, to_image
from .palettes import to_image_array

STYLES = {
    "gallery_impasto_landscape": "a plein-air impasto landscape: thick directional strokes, broken bright colour",
    "gallery_chiaroscuro_portrait": "an old-master portrait: dark ground, head modelled by light, fine blended strokes",
    "gallery_knife_still_life": "a palette-knife still life or abstract: flat slabs of paint with sharp ridged edges",
}


def _flow(base: np.ndarray, step: int = 8, fallback: float = 0.0) -> np.ndarray:
    """Stroke direction per coarse cell: along the form (across the luminance gradient)."""
    lum = base[::step, ::step].mean(axis=2)
    if min(lum.shape) < 2:
        return np.full(lum.shape, fallback, np.float32)
    gy, gx = np.gradient(lum)
    angle = np.arctan2(gy, gx) + math.pi / 2
    weak = np.hypot(gx, gy) < 0.01
    return np.where(weak, fallback, angle).astype(np.float32)


def _strokes(rng, base, flow, step, length, width, density=1.4, knife=False, jitter=0.06):
    """Strokes over the underpainting, colour picked beneath each; the alpha channel records paint height."""
    h, w, _ = base.shape
    count = int(density * w * h / max(length * width, 1.0))
    xs, ys = rng.uniform(0, w, count), rng.uniform(0, h, count)
    xi, yi = np.minimum(xs.astype(int), w - 1), np.minimum(ys.astype(int), h - 1)
    colours = np.clip(base[yi, xi] * rng.normal(1, jitter, (count, 1)) + rng.normal(0, jitter * 0.5, (count, 3)), 0, 1)
    angles = flow[np.minimum(yi // step, flow.shape[0] - 1), np.minimum(xi // step, flow.shape[1] - 1)]
    angles = angles + rng.normal(0, 0.25, count)
    half = length * rng.uniform(0.3, 0.6, count)
    widths = np.maximum(1, (width * rng.uniform(0.6, 1.3, count)).astype(int))
    rgba = np.dstack([to_image_array(base), np.full((h, w), 40, np.uint8)])
    canvas = Image.fromarray(rgba, mode="RGBA")
    draw = ImageDraw.Draw(canvas)
    fills = np.concatenate([(colours * 255).astype(int), rng.integers(140, 230, (count, 1))], axis=1)
    for x, y, a, hl, sw, fill in zip(xs.tolist(), ys.tolist(), angles.tolist(), half.tolist(), widths.tolist(),
                                     fills.tolist()):
        dx, dy = math.cos(a) * hl, math.sin(a) * hl
        if knife:
            nx, ny = -math.sin(a) * sw / 2, math.cos(a) * sw / 2
            draw.polygon([(x - dx - nx, y - dy - ny), (x + dx - nx, y + dy - ny),
                          (x + dx + nx * 0.6, y + dy + ny * 0.6), (x - dx + nx, y - dy + ny)], fill=tuple(fill))
        else:  # a loaded brush: a broad pass, then a shorter, narrower, paler and higher core
            draw.line((x - dx, y - dy, x + dx, y + dy), fill=tuple(fill), width=sw)
            core = (min(255, fill[0] + 14), min(255, fill[1] + 14), min(255, fill[2] + 12), min(255, fill[3] + 25))
            draw.line((x - dx * 0.7, y - dy * 0.7, x + dx * 0.6, y + dy * 0.6), fill=core, width=max(1, sw // 2))
    return canvas


def _bristles(rng, w, h, angle: float) -> np.ndarray:
    """Fine grooves dragged by the bristles: noise stretched along the main stroke direction."""
    small = Image.fromarray(rng.integers(0, 40, (h, max(1, w // 6)), dtype=np.uint8), mode="L")
    streaks = small.resize((w, h), Image.BILINEAR).rotate(-math.degrees(angle), Image.BILINEAR)
    return np.asarray(streaks)


def _impasto(rng, canvas: Image.Image, mood, relief: float, weave_pitch: float, angle: float) -> Image.Image:
    """Light the paint height: ridges catch highlights, troughs darken, thin paint shows the weave."""
    w, h = canvas.size
    rgba = np.asarray(canvas)
    height_img = Image.fromarray(rgba[..., 3] // 2 + _bristles(rng, w, h, angle), mode="L").filter(
        ImageFilter.BoxBlur(1))
    height = np.asarray(height_img, np.float32) * (1 / 140)
    slope = np.zeros_like(height)
    slope[1:-1, 1:-1] = (height[1:-1, :-2] - height[1:-1, 2:]) + (height[:-2, 1:-1] - height[2:, 1:-1])
    lit = np.clip(slope * (0.7 * relief), -0.35, 0.22)
    lit += noise.weave(h, w, weave_pitch) * (0.015 + 0.08 * np.clip((0.3 - height) * 5, 0, 1))
    shine = np.clip(lit - 0.16, 0, 1) * 1.5
    rgb = np.minimum(rgba[..., :3], 230).astype(np.float32) * (1 / 255)
    rgb *= (1 + lit)[..., None]
    rgb += shine[..., None] * palettes.light_colour(mood)
    return to_image(rgb)


def _paint(mood, rng, w, h, parts, background, light, length, width, modelling, knife=False, density=1.4,
           relief=2.0, skin=False):
    colours = dict(zip(subjects.ROLES, palettes.palette(mood, rng, len(subjects.ROLES))))
    if skin:  # flesh stays flesh in a portrait; the mood only tints it
        colours["main"] = 0.7 * np.array([0.86, 0.64, 0.5], np.float32) + 0.3 * colours["main"]
    base = shading.colour_map(parts, colours, background, light, step=3, radius=min(w, h) * 0.12,
                              modelling=modelling, soft=2.0)
    base = base * palettes.brightness(mood) ** 0.5 * (0.85 + 0.15 * palettes.light_colour(mood))
    main_angle = rng.uniform(-0.3, 0.3)
    flow = _flow(base, 8, main_angle)
    canvas = _strokes(rng, base, flow, 8, length, width, density, knife)
    return _impasto(rng, canvas, mood, relief, max(3.0, min(w, h) / 150), main_angle)


def _landscape(mood, rng, w, h):
    parts = subjects.make(str(rng.choice(["landscape", "landscape", "flowers"])), rng, h, w)
    top, bottom = palettes.sky(mood, rng)
    sky = gradient(max(2, h // 8), 1, top, bottom)
    size = min(w, h) * rng.uniform(0.6, 1.4)
    return _paint(mood, rng, w, h, parts, sky, (-0.5, -0.8),
                  max(4.0, size * 0.07), max(2.0, size * 0.022), 0.5, relief=1.3)


def _portrait(mood, rng, w, h):
    kind = "face" if rng.random() < 0.7 else "figure"
    frame = layout.closeup(rng, w, h) if kind == "face" and rng.random() < 0.5 else layout.full(w, h)
    parts = subjects.make(kind, rng, h, w, frame)
    ground = np.array([0.16, 0.1, 0.06]) * (0.6 + 0.6 * palettes.brightness(mood))
    size = min(w, h)
    return _paint(mood, rng, w, h, parts, ground, (-0.8, -0.55), max(3.0, size * 0.03), max(1.5, size * 0.008),
                  0.85, density=1.2, relief=0.7, skin=True)


def _knife(mood, rng, w, h):
    parts = subjects.make(str(rng.choice(["still_life", "abstract", "flowers"])), rng, h, w, layout.full(w, h))
    ground = palettes.palette(mood, rng, 1)[0]
    size = min(w, h) * rng.uniform(0.7, 1.3)
    return _paint(mood, rng, w, h, parts, ground, (-0.6, -0.7), max(5.0, size * 0.08), max(3.0, size * 0.05), 0.6,
                  knife=True, density=1.1, relief=1.6)


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_impasto_landscape": _landscape, "gallery_chiaroscuro_portrait": _portrait,
            "gallery_knife_still_life": _knife}[style]
    return draw(mood, rng, w, h)
