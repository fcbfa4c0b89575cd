"""Oil paint: opaque strokes cover the whole canvas; each stroke drags bristle furrows along its
direction, piles impasto ridges that catch light, and blends a little with the paint beneath."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import moods, subjects
from .tools import blur, hsv, noise, to_image

STYLES = {
    "studio_impasto_landscape": "full-bleed plein-air landscape in thick impasto: horizontal sky strokes, "
                                "diagonal field strokes, broken colour in the trees",
    "studio_chiaroscuro_portrait": "old-master chiaroscuro portrait: a lit face or figure emerging from a dark "
                                   "umber ground, small blended strokes in the light",
    "studio_knife_still_life": "palette-knife still life: flowers in a vase on a coloured wall, broad flat "
                               "slabs of paint with sharp ridged edges",
}


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(int(round(c * 255)) for c in np.clip(colour, 0, 1))


def _scene(style, mood, rng, w, h):
    """The underpainting: big masses in the mood's colours, small and soft."""
    spec = moods.mood(mood)
    picks = moods.colours(mood, rng, 5)
    image = Image.fromarray((np.broadcast_to(moods.sky(mood, h), (h, w, 3)) * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    if style == "studio_impasto_landscape":
        xs = np.linspace(0, w, 30)
        for i, depth in enumerate((0.5, 0.62, 0.78)):
            ridge = h * (depth - 0.1 * np.abs(np.sin(xs / w * rng.uniform(2, 5) + rng.uniform(0, 6))))
            draw.polygon([(0, h), *zip(xs.tolist(), ridge.tolist()), (w, h)], fill=_rgb(picks[i] * (0.8 + 0.1 * i)))
        parts = subjects.scene(["tree", "tree", "house"][: int(rng.integers(1, 4))], w, h, rng, 0.7, 0.28)
    elif style == "studio_chiaroscuro_portrait":
        ground = hsv(0.07, 0.6, 0.12 + 0.1 * (1 - spec.shadow))
        draw.rectangle([0, 0, w, h], fill=_rgb(ground))
        parts = subjects.face(w * rng.uniform(0.42, 0.58), h * 1.02, min(w * 0.7, h * 0.62), rng)
        picks = [hsv(0.07, 0.45, 0.85 * spec.value[1] + 0.1)] + picks
    else:
        wall = picks[0] * 0.8
        picks = [hsv(float(rng.uniform(0, 1)), 0.6, 0.9 * spec.value[1] + 0.05)] + picks[1:]
        draw.rectangle([0, 0, w, h], fill=_rgb(wall))
        draw.rectangle([0, h * 0.72, w, h], fill=_rgb(picks[1] * 0.7))
        parts = subjects.vase(w * 0.5, h * 0.8, min(w, h) * 0.45, rng)
        for _ in range(int(rng.integers(3, 6))):
            parts += subjects.flower(w * rng.uniform(0.35, 0.65), h * 0.5, min(w, h) * 0.2, rng)[2:]
    roles = {}
    for part in parts:
        colour = roles.setdefault(part.role, picks[int(rng.integers(len(picks)))])
        if style == "studio_chiaroscuro_portrait" and part.role == "skin":
            colour = picks[0]
        draw.polygon(part.flat(), fill=_rgb(colour * (1.1 - 0.3 * part.tone)))
    scene = np.asarray(image, dtype=np.float32) / 255
    if style == "studio_chiaroscuro_portrait":  # one window light from the side
        x = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
        scene = scene * np.clip(1.5 - 2.2 * np.abs(x - 0.4), 0.15, 1.25)
    return blur(scene, max(1.0, min(w, h) / (150 if style == "studio_knife_still_life" else 60)))


def _strokes(style, rng, w, h):
    """Stroke centres, angles, lengths and widths for the whole canvas (in underpainting pixels)."""
    unit = min(w, h) / 100
    if style == "studio_knife_still_life":
        count, length, width = int(w * h / (unit * unit * 20)), (2.5, 6), (2, 4)
    elif style == "studio_chiaroscuro_portrait":
        count, length, width = int(w * h / (unit * unit * 10)), (2, 6), (0.8, 2)
    else:
        count, length, width = int(w * h / (unit * unit * 16)), (3, 9), (1, 2.5)
    x, y = rng.uniform(0, w, count), rng.uniform(0, h, count)
    flow = noise(rng, h, w, max(2.0, unit * 30))[np.clip(y.astype(int), 0, h - 1), np.clip(x.astype(int), 0, w - 1)]
    if style == "studio_impasto_landscape":
        angle = np.where(y < h * 0.5, 0.0, 0.5) + (flow - 0.5) * 1.2
    elif style == "studio_chiaroscuro_portrait":
        angle = flow * 2 * np.pi
    else:
        angle = np.round(flow * 6) * np.pi / 6
    return x, y, angle, rng.uniform(*length, count) * unit, rng.uniform(*width, count) * unit


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    sw, sh = max(8, width // 3), max(8, height // 3)
    scene = _scene(style, mood, rng, sw, sh)
    x, y, angle, length, stroke_width = _strokes(style, rng, sw, sh)
    count = len(x)
    ids = Image.new("I", (sw, sh), 0)
    draw = ImageDraw.Draw(ids)
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    for i, (x0, y0, x1, y1, thick) in enumerate(zip((x - dx).tolist(), (y - dy).tolist(), (x + dx).tolist(),
                                                    (y + dy).tolist(), stroke_width.tolist(), strict=True)):
        draw.line([(x0, y0), (x1, y1)], fill=i + 1, width=max(1, int(round(thick))))
    ids = np.asarray(ids.resize((width, height), Image.NEAREST))
    sample = scene[np.clip(y.astype(int), 0, sh - 1), np.clip(x.astype(int), 0, sw - 1)]
    paint = np.concatenate([np.zeros((1, 3), np.float32), sample * rng.uniform(0.88, 1.12, (count, 3))]).astype(
        np.float32)
    under = np.stack([np.asarray(Image.fromarray(scene[..., c]).resize((width, height), Image.BILINEAR))
                      for c in range(3)], -1)
    colour = np.where((ids > 0)[..., None], paint[ids] * 0.75 + under * 0.25, under)
    theta = np.concatenate([[0.3], angle]).astype(np.float32)
    phase = rng.uniform(0, 100, count + 1).astype(np.float32)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    across = -xx * np.sin(theta)[ids] + yy * np.cos(theta)[ids]  # distance across the stroke direction
    scale = max(1.0, min(width, height) / 250)
    bristle = np.sin(across / scale * 2.1 + phase[ids]) * 0.5 + np.sin(across / scale * 0.9 + phase[ids] * 1.7) * 0.5
    edges = (np.diff(ids, axis=0, prepend=ids[:1]) != 0) | (np.diff(ids, axis=1, prepend=ids[:, :1]) != 0)
    relief = bristle * 0.35 + blur(edges.astype(np.float32), scale * 1.5) * 2.5
    weave = np.sin(xx * 2.2 / scale) * np.sin(yy * 2.2 / scale)
    relief = relief + weave * 0.15
    light = (relief - np.roll(relief, (int(scale), int(scale)), axis=(0, 1))) * 0.12
    colour = colour * (1 + light[..., None]) + np.clip(light - 0.12, 0, 1)[..., None] * 0.6  # ridges catch highlights
    return to_image(np.minimum(colour, 0.94))
