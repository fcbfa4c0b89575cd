"""Vector Art: flat or linearly graded fills with crisp anti-aliased geometric edges.

Styles: a flat travel poster, an outlined icon sheet on white, and a long-shadow emblem.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from . import palettes, surface
from .compose import grid
from .marks import polyline
from .subjects import SUBJECTS, Part, place
from .subjects import landscape as landscape_subject
from .subjects import tree as tree_subject

STYLES = {
    "salon_flat_poster": "a flat-colour travel poster: graded sky, layered hill bands and silhouettes, a title bar",
    "salon_icon_sheet": "an icon set on white: round badges with uniform dark outlines and a few flat colours",
    "salon_long_shadow": "a flat-design emblem: one geometric subject on a coloured tile casting a long 45° shadow",
}

S = surface.SUPER


def _fill(draw: ImageDraw.ImageDraw, parts: list[Part], colours: np.ndarray, outline=None, width: float = 0) -> None:
    """Flat fills (and optional uniform outlines) for every part, at supersampled scale."""
    for part in parts:
        colour = palettes.to_u8(colours[part.colour % len(colours)])
        if part.closed and len(part.points) >= 3:
            draw.polygon([tuple(p) for p in (part.points * S).tolist()], fill=colour, outline=outline,
                         width=max(1, int(width * S)) if outline else 1)
        else:
            polyline(draw, part.points, outline or colour, max(width, 2.0), S)


def _poster(mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    top, bottom = palettes.sky(mood)
    sky = surface.vertical(height * S, width * S, top, bottom, rng.uniform(0.6, 1.5))
    image = surface.to_image(sky)
    draw = ImageDraw.Draw(image)
    colours = palettes.colours(mood, rng, 5)
    colours[4] = palettes.shade(bottom, 1.4)
    hills = place(landscape_subject(rng), width / 2, height * 0.55, max(width, height * 0.9))
    _fill(draw, hills, colours)
    for _ in range(int(rng.integers(1, 4))):
        size = min(width, height) * rng.uniform(0.25, 0.5)
        silhouette = place(tree_subject(rng), rng.uniform(0.1, 0.9) * width, height * 0.82 - size * 0.4, size)
        _fill(draw, silhouette, np.array([palettes.shade(colours[2], 0.4)] * 5))
    margin = int(min(width, height) * rng.uniform(0.03, 0.07)) * S
    frame = palettes.to_u8(palettes.paper(mood, rng, 0.5))
    draw.rectangle([0, 0, width * S, margin], fill=frame)
    draw.rectangle([0, 0, margin, height * S], fill=frame)
    draw.rectangle([width * S - margin, 0, width * S, height * S], fill=frame)
    band = int(height * rng.uniform(0.1, 0.16)) * S
    draw.rectangle([0, height * S - band - margin, width * S, height * S], fill=frame)
    ink = palettes.to_u8(palettes.shade(colours[int(rng.integers(4))], 0.5))
    letter = band * 0.45
    count = max(1, int((width * S - 2 * margin) / (letter * 0.7)) - 2)
    x0, y0 = margin + letter * 0.4, height * S - band - margin + band * 0.28
    draw.rectangle([x0, y0, x0 + count * letter * 0.7 * rng.uniform(0.5, 0.9), y0 + letter], fill=ink)
    return image.reduce(S)


def _icons(mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    white = np.ones(3, np.float32) if rng.random() < 0.6 else palettes.paper(mood, rng)
    image = Image.new("RGB", (width * S, height * S), palettes.to_u8(white))
    draw = ImageDraw.Draw(image)
    colours = palettes.colours(mood, rng, 5)
    outline = palettes.to_u8(np.full(3, rng.uniform(0.05, 0.2)) if rng.random() < 0.7 else colours[0] * 0.4)
    cell = min(width, height) / rng.uniform(1.6, 4.5)
    names = ("icon",) * 3 + ("flower", "animal", "building", "tree", "still_life")
    line = max(1.0, cell * rng.uniform(0.015, 0.035))
    for (_, parts) in grid(rng, names, width, height, cell):
        _fill(draw, parts, colours[rng.permutation(5)], outline if rng.random() < 0.85 else None, line)
    return image.reduce(S)


def _long_shadow(mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    colours = palettes.colours(mood, rng, 5)
    ground = np.ones(3, np.float32) if rng.random() < 0.5 else palettes.shade(colours[3], 1.5)
    image = Image.new("RGB", (width * S, height * S), palettes.to_u8(ground))
    cx, cy, r = width / 2, height / 2, min(width, height) * rng.uniform(0.3, 0.45)
    box = [(cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S]
    tile = Image.new("L", image.size, 0)
    if rng.random() < 0.5:
        ImageDraw.Draw(tile).ellipse(box, fill=255)
    else:
        ImageDraw.Draw(tile).rounded_rectangle(box, radius=r * S * rng.uniform(0, 0.4), fill=255)
    image.paste(palettes.to_u8(colours[0]), (0, 0), tile)
    name = ("icon", "animal", "building", "flower", "tree")[int(rng.integers(5))]
    parts = place(SUBJECTS[name](rng), cx, cy, 1.15 * r)
    cast = Image.new("L", image.size, 0)
    cast_draw = ImageDraw.Draw(cast)
    for step in np.linspace(0, r * 1.5, 48):
        for part in parts:
            if part.closed:
                cast_draw.polygon([tuple(p) for p in ((part.points + step) * S).tolist()], fill=255)
    image.paste(palettes.to_u8(palettes.shade(colours[0], 0.72)), (0, 0), ImageChops.multiply(cast, tile))
    _fill(ImageDraw.Draw(image), parts, colours[1:])
    return image.reduce(S)


_STYLES = {"salon_flat_poster": _poster, "salon_icon_sheet": _icons, "salon_long_shadow": _long_shadow}


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """Vector art in `style`."""
    return _STYLES[style](mood, rng, width, height)
