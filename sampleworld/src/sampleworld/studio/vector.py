"""Vector art: flat or linearly graded fills with crisp geometric edges, few colours, no texture.

Drawn with polygons at twice the size and shrunk once, so edges are clean but antialiased."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import moods, subjects
from .tools import hsv

STYLES = {
    "studio_flat_icon": "flat app-icon / sticker illustration: one subject on a rounded tile with a long shadow, "
                        "white or flat ground",
    "studio_isometric_blocks": "isometric flat illustration of city blocks and trees, three tones per box, on a "
                               "flat colour ground",
    "studio_layered_poster": "full-bleed flat travel-poster landscape: layered hill silhouettes, graded sky, sun "
                             "disc, thick outlines in dark moods",
}

GROUNDS = {"happy": (1.0, 1.0, 1.0), "peaceful": (0.93, 0.96, 0.97), "gloomy": (0.55, 0.57, 0.6),
           "scary": (0.08, 0.06, 0.1)}


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(int(round(c * 255)) for c in np.clip(colour, 0, 1))


def _palette(mood: str, rng: np.random.Generator) -> dict[str, np.ndarray]:
    picks = moods.colours(mood, rng, 6)
    skin = hsv(0.07, 0.35, 0.95 * moods.mood(mood).value[1])
    dark = hsv(0.65, 0.3, 0.15)
    return {"wall": picks[0], "roof": picks[1], "window": picks[2] * 0.6, "door": picks[3] * 0.7,
            "trunk": hsv(0.07, 0.5, 0.45), "leaf": picks[4], "cloth": picks[1], "cloth2": picks[5] * 0.7,
            "skin": skin, "fur": picks[2], "eye": dark, "feather": picks[3], "feather2": picks[0], "beak": picks[1],
            "petal": picks[0], "centre": picks[2], "stem": hsv(0.3, 0.5, 0.55), "pot": picks[5], "fruit": picks[1],
            "hair": dark * 2, "mouth": picks[0] * 0.6}


def _flat_icon(image, draw, mood, rng, w, h, scale):
    ground = np.array(GROUNDS[mood])
    draw.rectangle([0, 0, w, h], fill=_rgb(ground))
    side = min(w, h) * rng.uniform(0.62, 0.8)
    x0, y0 = (w - side) / 2, (h - side) / 2
    tile = moods.colours(mood, rng, 1)[0]
    draw.rounded_rectangle([x0, y0, x0 + side, y0 + side], radius=side * 0.2, fill=_rgb(tile))
    name = ("cat", "bird", "flower", "house", "tree", "face")[int(rng.integers(6))]
    parts = subjects.SUBJECTS[name](w / 2, y0 + side * 0.86, side * 0.42, rng)
    shadow = Image.new("L", (w, h), 0)
    smear = ImageDraw.Draw(shadow)
    for part in parts:  # the long shadow: each part smeared down-right, kept inside the tile
        for k in np.linspace(0, side * 0.3, 40):
            smear.polygon([(x + k, y + k) for x, y in part.flat()], fill=255)
    tile_mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(tile_mask).rounded_rectangle([x0, y0, x0 + side, y0 + side], radius=side * 0.2, fill=255)
    shadow = Image.fromarray(np.minimum(np.asarray(shadow), np.asarray(tile_mask)))
    image.paste(_rgb(tile * 0.78), mask=shadow)
    palette = _palette(mood, rng)
    outline = _rgb(hsv(0.65, 0.3, 0.12)) if rng.random() < 0.5 else None
    for part in parts:
        draw.polygon(part.flat(), fill=_rgb(palette[part.role]), outline=outline, width=max(1, int(3 * scale)))


def _iso_box(draw, x, y, size, tall, colour, light):
    top = [(x, y - tall), (x + size, y - tall - size / 2), (x + 2 * size, y - tall), (x + size, y - tall + size / 2)]
    left = [(x, y - tall), (x + size, y - tall + size / 2), (x + size, y + size / 2), (x, y)]
    right = [(x + size, y - tall + size / 2), (x + 2 * size, y - tall), (x + 2 * size, y), (x + size, y + size / 2)]
    for face, k in ((top, light), (left, 0.8), (right, 0.6)):
        draw.polygon(face, fill=_rgb(colour * k))
    return left, right


def _isometric(image, draw, mood, rng, w, h, scale):
    ground = moods.colours(mood, rng, 1)[0] * 0.9 + 0.1
    draw.rectangle([0, 0, w, h], fill=_rgb(ground))
    cell = min(w, h) / rng.uniform(7, 11)
    cols = int(w / cell) + 2
    rows = int(h / (cell / 2)) + 4
    road = _rgb(ground * 0.75)
    picks = moods.colours(mood, rng, 4)
    window = _rgb(hsv(0.13, 0.6, 1.0) if mood != "scary" else hsv(0.0, 0.8, 0.7))
    for row in range(rows):
        for col in range(cols):
            x = col * 2 * cell - cell * (row % 2) - cell
            y = row * cell / 2
            draw.polygon([(x, y), (x + cell, y - cell / 2), (x + 2 * cell, y), (x + cell, y + cell / 2)],
                         fill=road if (row + col) % 3 == 0 else _rgb(ground))
            roll = rng.random()
            if roll < 0.45:
                tall = cell * rng.uniform(0.5, 3.0)
                left, _ = _iso_box(draw, x + cell * 0.15, y, cell * 0.85, tall, picks[int(rng.integers(4))], 1.0)
                for k in np.arange(0.25, tall / cell, 0.5):
                    wy = y - k * cell
                    draw.polygon([(x + cell * 0.35, wy - cell * 0.05), (x + cell * 0.55, wy + cell * 0.05),
                                  (x + cell * 0.55, wy + cell * 0.2), (x + cell * 0.35, wy + cell * 0.1)], fill=window)
            elif roll < 0.65:
                green = hsv(0.33, 0.5, 0.7) * moods.mood(mood).value[1]
                draw.rectangle([x + cell * 0.95, y - cell * 0.3, x + cell * 1.05, y], fill=_rgb(green * 0.5))
                draw.ellipse([x + cell * 0.6, y - cell * 0.95, x + cell * 1.4, y - cell * 0.25], fill=_rgb(green))


def _poster(image, draw, mood, rng, w, h, scale):
    spec = moods.mood(mood)
    top, low = hsv(*spec.sky[0]), hsv(*spec.sky[1])
    bands = int(rng.integers(6, 12))
    for i in range(bands):  # a stepped (banded) gradient sky, as vector posters draw it
        t = i / (bands - 1)
        draw.rectangle([0, h * i / bands, w, h * (i + 1) / bands + 1], fill=_rgb(top * (1 - t) + low * t))
    sun = hsv(0.12, 0.5, 1.0) if mood in ("happy", "peaceful") else hsv(0.1, 0.1, 0.85)
    r = min(w, h) * rng.uniform(0.08, 0.15)
    sx, sy = w * rng.uniform(0.2, 0.8), h * rng.uniform(0.18, 0.4)
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=_rgb(sun))
    layers = int(rng.integers(3, 6))
    near = moods.colours(mood, rng, 1)[0] * 0.55
    outline = _rgb(hsv(0.7, 0.4, 0.08)) if mood in ("gloomy", "scary") else None
    xs = np.linspace(0, w, 40)
    for i in range(layers):
        t = (i + 1) / layers
        colour = low * (1 - t) + near * t
        base = h * (0.45 + 0.45 * t)
        ys = base - h * 0.12 * (1 - 0.5 * t) * (np.sin(xs / w * rng.uniform(3, 8) + rng.uniform(0, 6)) * 0.6 + 0.6)
        draw.polygon([(0, h), *zip(xs.tolist(), ys.tolist()), (w, h)], fill=_rgb(colour), outline=outline,
                     width=max(1, int(3 * scale)))
        if i == layers - 1:
            for x in rng.uniform(0, w, int(rng.integers(2, 7))):
                y = np.interp(x, xs, ys) + h * 0.03
                s = h * rng.uniform(0.08, 0.16)
                draw.polygon([(x - s * 0.3, y), (x, y - s), (x + s * 0.3, y)], fill=_rgb(colour * 0.6),
                             outline=outline, width=max(1, int(3 * scale)))


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    scale = 2
    w, h = width * scale, height * scale
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    drawer = {"studio_flat_icon": _flat_icon, "studio_isometric_blocks": _isometric,
              "studio_layered_poster": _poster}[style]
    drawer(image, draw, mood, rng, w, h, scale)
    return image.resize((width, height), Image.BOX)
