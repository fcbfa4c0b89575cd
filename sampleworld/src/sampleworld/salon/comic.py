"""Comic: black ink contours of varying weight over flat colour, halftone or screentone, panels.

Each panel is drawn into three supersampled layers (flat colour, halftone amount, ink) and
clipped by pasting, so subjects never spill over the white gutters. Styles: a coloured
strip page, a black-and-white manga page with screentone and speed lines, and a pop-art
close-up with big Ben-Day dots.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import palettes, surface
from .compose import single
from .marks import polyline, resample
from .subjects import glyphs

STYLES = {
    "salon_colour_strip": "a coloured comic page: panels and gutters, flat fills, halftone skies, balloons",
    "salon_manga_tone": "a black-and-white manga page: screentone greys, speed lines, solid blacks, balloons",
    "salon_pop_closeup": "a pop-art single panel: a big inked face, flat primaries and large Ben-Day dots",
}

S = surface.SUPER


def _layout(rng: np.random.Generator, width: int, height: int, rows: int, gutter: int) -> list[tuple[int, ...]]:
    """Panel boxes (x0, y0, x1, y1) tiling the page inside gutters; always at least one."""
    if min(width, height) < 8 * gutter + 8:
        return [(0, 0, width, height)]
    rows = max(1, min(rows, (height - gutter) // (4 * gutter + 4)))
    cuts = np.cumsum(np.r_[0, rng.uniform(0.6, 1.4, rows)])
    ys = np.round(gutter + cuts / cuts[-1] * (height - 2 * gutter)).astype(int)
    boxes = []
    for top, bottom in zip(ys[:-1], ys[1:]):
        cols = int(rng.integers(1, 4)) if width > 24 * gutter else 1
        cuts = np.cumsum(np.r_[0, rng.uniform(0.6, 1.4, cols)])
        xs = np.round(gutter + cuts / cuts[-1] * (width - 2 * gutter)).astype(int)
        boxes += [(int(a), int(top), int(max(b - gutter, a + 1)), int(max(bottom - gutter, top + 1)))
                  for a, b in zip(xs[:-1], xs[1:])]
    return boxes


def _ink(draw: ImageDraw.ImageDraw, points: np.ndarray, closed: bool, weight: float) -> None:
    """A brush contour whose weight swells and thins along the path."""
    path = resample(points, closed, 3.0)
    swell = 0.55 + 0.45 * np.sin(np.linspace(0, np.pi * 2, len(path)) + 1.0) ** 2
    for start in range(0, len(path) - 1, 4):
        polyline(draw, path[start:start + 5], 255, weight * swell[start], S)


def _balloon(layers, rng: np.random.Generator, width: int, height: int, weight: float) -> None:
    """A speech balloon with a tail and lettering marks, blanking what lies under it."""
    colour, tone, ink = (ImageDraw.Draw(layer) for layer in layers)
    rx, ry = width * rng.uniform(0.18, 0.3), height * rng.uniform(0.08, 0.14)
    cx, cy = rng.uniform(rx + 2, max(rx + 3, width - rx - 2)), ry + height * 0.05
    tip = (cx + rng.uniform(-1, 1) * rx, cy + ry * 2.2)
    outer = [(cx - rx, cy - ry, cx + rx, cy + ry),
             [(cx - rx * 0.3, cy + ry * 0.6), tip, (cx + rx * 0.2, cy + ry * 0.6)]]
    inner = [(cx - rx + weight, cy - ry + weight, cx + rx - weight, cy + ry - weight),
             [(cx - rx * 0.3 + weight, cy + ry * 0.5), (tip[0], tip[1] - weight * 2.5),
              (cx + rx * 0.2 - weight, cy + ry * 0.5)]]
    for draw, fill in ((ink, 255), (colour, (255, 255, 255)), (tone, 0)):
        draw.ellipse([v * S for v in outer[0]], fill=fill)
        draw.polygon([(x * S, y * S) for x, y in outer[1]], fill=fill)
    ink.ellipse([v * S for v in inner[0]], fill=0)
    ink.polygon([(x * S, y * S) for x, y in inner[1]], fill=0)
    letter = max(2.0, ry * 0.32)
    for line in range(2):
        y = cy - ry * 0.45 + line * letter * 1.3
        count = max(1, int(rx * 1.3 / (letter * 0.7)) - line * 2)
        for glyph in glyphs(rng, cx - count * letter * 0.35, y, letter, count):
            polyline(ink, glyph, 255, max(1.0, letter * 0.14), S)


def _speed_lines(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, height: int) -> None:
    """Radiating focus lines from a point, a manga staple."""
    cx, cy = width * rng.uniform(0.3, 0.7), height * rng.uniform(0.3, 0.7)
    reach = np.hypot(width, height)
    for angle in rng.uniform(0, 2 * np.pi, 90):
        start = rng.uniform(0.35, 0.7) * reach
        d = np.array([np.cos(angle), np.sin(angle)])
        polyline(draw, np.array([(cx, cy) + d * start, (cx, cy) + d * reach]), 255, rng.uniform(0.5, 2.0), S)


def _panel(style: str, mood: str, rng: np.random.Generator, width: int, height: int):
    """The colour, halftone and ink layers of one panel."""
    ramp = 200 * np.linspace(1, 0, height * S) * rng.uniform(0.7, 1)  # halftone sky darkening upwards
    layers = [Image.new("RGB", (width * S, height * S)),
              Image.fromarray(ramp.astype(np.uint8)[:, None]).resize((width * S, height * S)),
              Image.new("L", (width * S, height * S))]
    colour, tone, ink = (ImageDraw.Draw(layer) for layer in layers)
    mono = style == "salon_manga_tone"
    colours = palettes.colours(mood, rng, 5)
    if mood == "happy" or mono:
        colours[1] = palettes.hsv(0.07, 0.35, 0.97)  # skin
    back = np.ones(3) if mono else palettes.shade(colours[3], 1.25)
    colour.rectangle([0, 0, width * S, height * S], fill=palettes.to_u8(back))
    if mono and rng.random() < 0.5:
        tone.rectangle([0, 0, width * S, height * S], fill=0)
        _speed_lines(ink, rng, width, height)
    names = ("face",) if style == "salon_pop_closeup" else (
        "figure", "face", "animal", "building", "tree", "still_life")
    parts = single(rng, names, width, height, 1.0 if style == "salon_pop_closeup" else 0.9)
    weight = max(1.0, min(width, height) * rng.uniform(0.008, 0.016))
    for part in parts:
        points = [tuple(p) for p in (part.points * S).tolist()]
        if part.closed and len(points) >= 3:
            if mono:
                fill, amount = ((0, 0, 0), 0) if part.tone > 0.82 else ((255, 255, 255), int(part.tone * 170))
            else:
                fill, amount = palettes.to_u8(colours[part.colour % 5]), int(part.tone * 60)
            colour.polygon(points, fill=fill)
            tone.polygon(points, fill=amount)
            ink.polygon(points, fill=0)  # what this part hides loses its lines
            _ink(ink, part.points, True, weight * (1.6 if part.tone > 0.3 else 1.0))
        else:
            _ink(ink, part.points, False, weight * 0.8)
    if rng.random() < 0.8 and min(width, height) > 40:
        _balloon(layers, rng, width, height, weight)
    return layers


def _dots(height: int, width: int, amount: np.ndarray, period: float, angle: float) -> np.ndarray:
    """Anti-aliased halftone coverage: dots on a rotated grid sized by `amount` (0..1)."""
    y, x = np.arange(height, dtype=np.float32)[:, None] / period, np.arange(width, dtype=np.float32)[None, :] / period
    u = x * np.float32(np.cos(angle)) + y * np.float32(np.sin(angle))
    v = y * np.float32(np.cos(angle)) - x * np.float32(np.sin(angle))
    distance = np.hypot(u - np.round(u), v - np.round(v)) * period
    radius = np.sqrt(amount) * period * 0.62
    return np.clip(radius - distance + 0.5, 0, 1)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A comic page or panel in `style`."""
    gutter = max(2, int(min(width, height) * 0.025))
    if style == "salon_pop_closeup":
        boxes = [(gutter, gutter, max(gutter + 1, width - gutter), max(gutter + 1, height - gutter))]
    else:
        boxes = _layout(rng, width, height, int(rng.integers(2, 4)), gutter)
    page = [Image.new("RGB", (width * S, height * S), (255, 255, 255)), Image.new("L", (width * S, height * S)),
            Image.new("L", (width * S, height * S))]
    border = max(1, int(min(width, height) * 0.005 * S) + 1)
    for x0, y0, x1, y1 in boxes:
        for target, layer in zip(page, _panel(style, mood, rng, x1 - x0, y1 - y0)):
            target.paste(layer, (x0 * S, y0 * S))
        if (x1 - x0, y1 - y0) != (width, height):
            ImageDraw.Draw(page[2]).rectangle([x0 * S, y0 * S, x1 * S - 1, y1 * S - 1], outline=255, width=border)
    base = surface.to_array(page[0].reduce(S))
    amount = np.asarray(page[1].reduce(S), np.float32) / 255
    ink = np.asarray(page[2].reduce(S), np.float32) / 255
    period = max(3.0, min(width, height) * (0.03 if style == "salon_pop_closeup" else 0.012))
    dots = _dots(height, width, amount, period, np.pi / 4 if style != "salon_manga_tone" else np.pi / 3)
    dot_colour = (np.array([0.9, 0.1, 0.15]) if style == "salon_pop_closeup" and mood != "gloomy"
                  else np.full(3, 0.12 if style == "salon_manga_tone" else 0.25))
    rgb = surface.over(base, dot_colour, dots * (0.9 if style == "salon_manga_tone" else 0.55))
    ink_colour = np.full(3, 0.04 if mood in ("scary", "gloomy") else 0.08)
    return surface.to_image(surface.over(rgb, ink_colour, ink))
