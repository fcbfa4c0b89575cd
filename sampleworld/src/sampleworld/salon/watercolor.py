"""Watercolour: transparent washes that filter white paper, which stays bare where unpainted.

A wash is an outline softened and roughened by noise; pigment pools at its dried edge,
settles into the paper's tooth (granulation), sometimes blooms where water crept back, and
glazes multiply over what lies beneath. Styles: a wet-in-wet landscape, a botanical study
with hard dried edges and glazes, and an urban sketch with loose washes over pencil.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from . import palettes, surface
from .compose import group, single
from .marks import outlines
from .subjects import SUBJECTS, place

STYLES = {
    "salon_wet_landscape": "a wet-in-wet landscape: soft graded sky with blooms, layered hills, white paper left",
    "salon_botanical": "a botanical watercolour: flowers or fruit in hard-edged glazes on lots of white paper",
    "salon_urban_sketch": "an urban sketch: faint pencil lines with loose washes that slip past them",
}


def _wash(canvas: np.ndarray, tooth: np.ndarray, rng: np.random.Generator, points: np.ndarray,
          colour: np.ndarray, density: float, softness: float, edge: float) -> None:
    """Glaze one wash of `colour` over the outline's area, in place, on its bounding box only."""
    height, width = canvas.shape[:2]
    pad = softness * 3 + 4
    x0, y0 = (np.maximum(points.min(axis=0) - pad, 0)).astype(int)
    x1, y1 = (np.minimum(points.max(axis=0) + pad, (width, height))).astype(int)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    h, w = y1 - y0, x1 - x0
    mask = surface.polygon_mask([points - (x0, y0)], h, w)
    rough = surface.noise(rng, h, w, max(3.0, max(h, w) / 40)) - 0.5
    soft = surface.blur(mask, softness) + rough * 0.35
    shape = np.clip((soft - 0.45) * (3 + 12 / (1 + softness * 0.3)), 0, 1)
    pool = shape * (1 - surface.blur(shape, max(1.5, softness * 0.4)))
    flow = 0.75 + 0.5 * surface.noise(rng, h, w, max(2.0, max(h, w) / 90))
    amount = shape * flow + edge * pool
    if rng.random() < 0.3:
        bloom = surface.noise(rng, h, w, 4)
        amount *= 1 - 0.6 * np.clip((bloom - 0.62) * 8, 0, 1) * (1 - np.clip((bloom - 0.7) * 12, 0, 1) * 0.6)
    amount *= 0.7 + 0.6 * tooth[y0:y1, x0:x1]
    canvas[y0:y1, x0:x1] = surface.multiply(canvas[y0:y1, x0:x1], colour, np.clip(amount * density, 0, 1))


def _sky(canvas: np.ndarray, rng: np.random.Generator, mood: str, horizon: float) -> None:
    """A graded wet-in-wet sky wash that fades to white paper, with clouds lifted out."""
    height, width = canvas.shape[:2]
    top, bottom = palettes.sky(mood)
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    fade = np.clip(1 - y / max(horizon, 0.05), 0, 1) ** 0.8
    clouds = np.clip((surface.fractal(rng, height, width, 5, 2) - 0.35) * 2.5, 0, 1)
    amount = fade * (0.35 + 0.55 * clouds)
    canvas *= 1 - amount[..., None] * (1 - palettes.shade(top, 1.2)[None, None, :]) * 0.8


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A watercolour in `style`."""
    size = min(width, height)
    tooth = surface.grain(rng, height, width, 2.0)
    paper = surface.paper(rng, height, width, np.array([0.99, 0.985, 0.97], np.float32), 0.05, tooth)
    canvas = paper.copy()
    colours = palettes.colours(mood, rng, 5)
    strength = {"happy": 0.6, "peaceful": 0.45, "gloomy": 0.65, "scary": 0.8}[mood]
    softness = size * 0.01
    if style == "salon_wet_landscape":
        horizon = rng.uniform(0.45, 0.65)
        _sky(canvas, rng, mood, horizon)
        parts = place(SUBJECTS["landscape"](rng), width / 2, height * (0.1 + horizon * 0.8), max(width, height))[1:]
        parts += group(rng, ("tree",), width, height, int(rng.integers(1, 4)), 0.9)
        softness = size * 0.02
    elif style == "salon_botanical":
        parts = single(rng, ("flower", "still_life", "tree", "animal"), width, height, 0.8)
    else:
        parts = group(rng, ("building", "figure", "tree", "building"), width, height, int(rng.integers(2, 5)), 0.85)
    for part in parts:
        if not part.closed or len(part.points) < 3:
            continue
        colour = colours[part.colour % 5]
        shift = rng.normal(0, size * 0.012, 2) if style == "salon_urban_sketch" else 0
        _wash(canvas, tooth, rng, part.points + shift, colour, strength * (0.5 + 0.5 * part.tone),
              softness * rng.uniform(0.6, 1.4), rng.uniform(0.4, 0.9))
        if style == "salon_botanical" and rng.random() < 0.6:  # a darker glaze on the shadow side
            glaze = (part.points - part.points.mean(axis=0)) * 0.6 + part.points.mean(axis=0) + size * 0.02
            _wash(canvas, tooth, rng, glaze, colour, strength * 0.5, softness * 0.6, 0.8)
    if style == "salon_wet_landscape":  # the painting stops short of the sheet's edge
        y, x = np.mgrid[0:height, 0:width].astype(np.float32)
        inset = np.minimum(np.minimum(x, width - 1 - x), np.minimum(y, height - 1 - y)) / size
        rough = surface.noise(rng, height, width, 12) * 0.05
        keep = np.clip((inset - 0.05 - rough) * size * 0.3, 0, 1)
        canvas = canvas * keep[..., None] + paper * (1 - keep[..., None])
    if style == "salon_urban_sketch":
        pencil = outlines(rng, parts, height, width, (0.35, 0.6), max(1.0, size * 0.002), 1, 0.3, 0.2)
        canvas = surface.multiply(canvas, np.array([0.35, 0.35, 0.37], np.float32), pencil * 0.8)
    return surface.to_image(canvas)
