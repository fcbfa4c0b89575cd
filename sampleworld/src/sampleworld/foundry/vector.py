"""Vector art: flat or two-tone fills with crisp geometric edges, few colours, no texture."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import raster, subjects
from .palettes import Palette, as_tuple, darken, mix, palette
from .scene import compose

STYLES = {
    "foundry_flat_poster": "full-bleed flat-colour travel/editorial poster: banded sky, two-tone cel-shaded subjects, "
                           "no outlines",
    "foundry_line_icons": "icon set on a white artboard: outlined pictograms with flat fills on round or "
                          "rounded-square badges",
    "foundry_isometric": "isometric city block illustration: extruded boxes with three flat face tones on a "
                         "linear-gradient ground",
}


def _poster(rng, pal: Palette, width, height) -> Image.Image:
    scene = compose(rng, width, height, ground=("horizon", "hills", "none")[int(rng.integers(3))])
    bands = int(rng.integers(3, 7))
    edges = np.linspace(0, scene.horizon or height, bands + 1)
    image = Image.new("RGB", (width, height), as_tuple(pal.ground if scene.horizon else pal.sky_top))
    draw = ImageDraw.Draw(image)
    for i in range(bands):
        colour = mix(pal.sky_top, pal.sky_bottom, i / max(1, bands - 1)) * pal.key
        draw.rectangle([0, edges[i], width, edges[i + 1]], fill=as_tuple(colour))
    if scene.horizon is not None:
        draw.rectangle([0, scene.horizon, width, height], fill=as_tuple(pal.ground * pal.key))
    base = np.asarray(image, dtype=np.float32)
    label = raster.labels(scene.parts, width, height).astype(np.int32)
    light = raster.Relief(scene).lambert(scene.light)
    lit = np.array([[0, 0, 0]] + [pal.role(part.role) * pal.key for part in scene.parts[:255]], np.float32)
    shade = np.array([[0, 0, 0]] + [darken(pal.role(part.role), 1 - pal.shadow) * pal.key if part.bulge > 0.25
                                    else pal.role(part.role) * pal.key for part in scene.parts[:255]], np.float32)
    colour = np.where((light > 0.45)[..., None], lit[label], shade[label])
    out = np.where((label > 0)[..., None], colour, base)
    for x, y, half in scene.feet:  # flat long shadows are a poster staple
        if scene.horizon is not None:
            out[int(y):int(y + half * 0.15) + 1, max(0, int(x - half)):int(x + half * 1.6)] *= 0.8
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _icons(rng, pal: Palette, width, height) -> Image.Image:
    ground = (255, 255, 255) if pal.mood != "scary" else as_tuple(pal.sky_top * 0.6)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    cols = max(1, min(4, round(width / 170)))
    rows = max(1, min(4, round(height / 170)))
    cell_w, cell_h = width / cols, height / rows
    ink = as_tuple(darken(pal.role("dark"), 0.4))
    round_badges = rng.random() < 0.5
    kinds = list(subjects.KINDS)
    for r in range(rows):
        for c in range(cols):
            x0, y0 = c * cell_w, r * cell_h
            side = min(cell_w, cell_h) * 0.8
            cx, cy = x0 + cell_w / 2, y0 + cell_h / 2
            badge = pal.role(("accent", "petal", "glass", "leaf", "cloth")[int(rng.integers(5))])
            box = [cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2]
            if round_badges:
                draw.ellipse(box, fill=as_tuple(mix(badge, (255, 255, 255), 0.45)))
            else:
                draw.rounded_rectangle(box, radius=side * 0.2, fill=as_tuple(mix(badge, (255, 255, 255), 0.45)))
            kind = kinds[int(rng.integers(len(kinds)))]
            scale = side * 0.62 / max(1.0, subjects.WIDTHS[kind])
            parts = [part.moved(scale, cx, cy + scale * 0.5) for part in subjects.KINDS[kind](rng)]
            weight = max(1.0, side * 0.025)
            for part in parts:
                raster.draw_part(draw, part, as_tuple(pal.role(part.role)), outline=ink, weight=weight)
    return image


def _iso_box(draw, x, y, w, d, h, colour, light_side):
    """An isometric box whose ground corner (front) is at (x, y): top, left and right faces in three tones."""
    c30, s30 = np.cos(np.pi / 6), np.sin(np.pi / 6)
    front = np.array([x, y])
    right = front + [w * c30, -w * s30]
    left = front + [-d * c30, -d * s30]
    back = left + [w * c30, -w * s30]
    up = np.array([0, -h])
    tones = (1.0, 0.78, 0.6) if light_side > 0 else (1.0, 0.6, 0.78)
    faces = [([front + up, right + up, back + up, left + up], tones[0]),
             ([left, front, front + up, left + up], tones[1]), ([front, right, right + up, front + up], tones[2])]
    for pts, tone in faces:
        draw.polygon([tuple(p) for p in pts], fill=as_tuple(colour * tone))


def _isometric(rng, pal: Palette, width, height) -> Image.Image:
    top, bottom = pal.sky_top * pal.key, mix(pal.sky_bottom, pal.sky_top, 0.3) * pal.key
    ramp = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    image = Image.fromarray(np.broadcast_to(top * (1 - ramp) + bottom * ramp, (height, width, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    unit = min(width, height) / rng.uniform(7, 11)
    n = int(rng.integers(3, 5))
    c30, s30 = np.cos(np.pi / 6), np.sin(np.pi / 6)
    origin = np.array([width / 2, height / 2 + n * unit * s30 * 1.1])
    _iso_box(draw, origin[0], origin[1] + unit * 0.4, n * unit * 1.05, n * unit * 1.05, unit * 0.4,
             pal.ground * pal.key, 1)
    light_side = rng.choice([-1, 1])
    cells = [(i, j) for i in range(n) for j in range(n)]
    cells.sort(key=lambda ij: -(ij[0] + ij[1]))
    roles = ("wall", "roof", "accent", "body", "cloth")
    for i, j in cells:
        x = origin[0] + (i - j) * unit * c30
        y = origin[1] - (i + j) * unit * s30
        kind = rng.random()
        if kind < 0.6:
            h = unit * rng.uniform(0.6, 3.2)
            colour = pal.role(roles[int(rng.integers(len(roles)))]) * pal.key
            _iso_box(draw, x, y, unit * 0.85, unit * 0.85, h, colour, light_side)
            for level in np.arange(0.35, h / unit - 0.2, 0.55):  # window strips on the right face
                a = np.array([x, y - level * unit]) + [unit * 0.1 * c30, -unit * 0.1 * s30]
                b = a + [unit * 0.65 * c30, -unit * 0.65 * s30]
                draw.polygon([tuple(a), tuple(b), tuple(b + [0, -unit * 0.2]), tuple(a + [0, -unit * 0.2])],
                             fill=as_tuple(pal.role("glass") * pal.key))
        elif kind < 0.85:
            r = unit * 0.35
            trunk = [x - r * 0.12, y - unit * 0.55, x + r * 0.12, y - unit * 0.1]
            draw.rectangle(trunk, fill=as_tuple(pal.role("wood")))
            leaf = pal.role("leaf") * pal.key
            draw.ellipse([x - r, y - unit * 1.2, x + r, y - unit * 0.45], fill=as_tuple(leaf))
            box = [x - r, y - unit * 1.2, x + r, y - unit * 0.45]
            draw.pieslice(box, 90 + 90 * light_side, 270 + 90 * light_side, fill=as_tuple(leaf * 0.8))
    return image


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    pal = palette(mood, rng)
    return {"foundry_flat_poster": _poster, "foundry_line_icons": _icons,
            "foundry_isometric": _isometric}[style](rng, pal, width, height)
