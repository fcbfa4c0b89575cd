"""Comics: black ink contours of varied weight over flat colour, halftone and screentone, panels and balloons."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import marks, raster, subjects
from .palettes import Palette, as_tuple, palette
from .scene import compose

STYLES = {
    "foundry_color_panels": "American colour comic page: gutters between panels, inked contours, flat colour, "
                            "Ben-Day shading and speech balloons",
    "foundry_manga_bw": "black-and-white manga page: pure black ink, screentone dots, speed lines and tall balloons",
    "foundry_pop_cover": "pop-art splash panel: one close-up with heavy outlines, big Ben-Day dots and an "
                         "onomatopoeia burst",
}


def _split(rng, box, depth) -> list[tuple[int, int, int, int]]:
    """Cut a page box into panels like a layout artist: rows first, then a row into frames."""
    x0, y0, x1, y1 = box
    if depth == 0 or (x1 - x0) < 90 or (y1 - y0) < 90:
        return [box]
    if (y1 - y0) >= (x1 - x0) * 0.8:
        cut = int(y0 + (y1 - y0) * rng.uniform(0.35, 0.65))
        return _split(rng, (x0, y0, x1, cut), depth - 1) + _split(rng, (x0, cut, x1, y1), depth - 1)
    cut = int(x0 + (x1 - x0) * rng.uniform(0.35, 0.65))
    return _split(rng, (x0, y0, cut, y1), depth - 1) + _split(rng, (cut, y0, x1, y1), depth - 1)


def _balloon(draw, rng, w, h, weight, tall=False):
    """A speech balloon with a tail and rows of lettering-like strokes."""
    bw, bh = w * rng.uniform(0.3, 0.5), h * rng.uniform(0.15, 0.25)
    if tall:
        bw, bh = bh * 0.9, bw * 1.2
    x, y = rng.uniform(0.03, 0.97 - bw / w) * w, rng.uniform(0.03, 0.2) * h
    tail = [(x + bw * 0.4, y + bh * 0.8), (x + bw * 0.6, y + bh * 0.8), (x + bw * rng.uniform(0.2, 0.9), y + bh * 1.5)]
    draw.polygon(tail, fill=(255, 255, 255), outline=(0, 0, 0), width=weight)
    draw.ellipse([x, y, x + bw, y + bh], fill=(255, 255, 255), outline=(0, 0, 0), width=weight)
    draw.polygon([tail[0], tail[1], (tail[2][0], tail[2][1] - weight * 2)], fill=(255, 255, 255))
    size = max(2.0, min(bw, bh) * 0.09)
    lines = max(1, int(bh * 0.6 / (size * 2.0)))
    for i in range(lines):
        ly = y + bh * 0.25 + i * size * 2.0
        half = bw * 0.33 * np.sqrt(max(0.05, 1 - ((ly - y - bh / 2) / (bh / 2)) ** 2))
        lx = x + bw / 2 - half
        while lx < x + bw / 2 + half - size:
            word = size * rng.uniform(1.5, 4.5)
            end = min(lx + word, x + bw / 2 + half)
            draw.line([(lx, ly), (end, ly)], fill=(0, 0, 0), width=max(1, int(size * 0.7)))
            lx += word + size


def _panel(rng, pal: Palette, w, h, mono: bool, dots: float, close: bool = False) -> np.ndarray:
    scene = compose(rng, w, h, framing="close" if close else None)
    label = raster.labels(scene.parts, w, h).astype(np.int32)
    light = raster.Relief(scene).lambert(scene.light)
    fills = [pal.role(part.role) for part in scene.parts[:255]]
    if mono:
        fills = [np.full(3, 0.0 if part.role in ("hair", "dark") else 255.0) for part in scene.parts[:255]]
    table = np.array([[0, 0, 0]] + fills, np.float32)
    y = np.arange(h, dtype=np.float32)[:, None, None]
    horizon = scene.horizon or h
    sky = np.where(y < horizon, pal.sky_top, pal.ground) if not mono else np.full((h, 1, 3), 255.0)
    colour = np.where((label > 0)[..., None], table[label], np.broadcast_to(sky, (h, w, 3))).astype(np.float32)
    ink = np.zeros((h, w), np.float32)
    shadow = (light < 0.42) & (label > 0)
    tone = np.where(shadow, 0.35, 0.0)
    if mono:
        sky_tone = np.clip((horizon - y[..., 0]) / max(horizon, 1), 0, 1) * 0.5 * (y[..., 0] < horizon)
        tone = np.where(label > 0, tone, np.broadcast_to(sky_tone, (h, w)))
        ink = np.maximum(ink, marks.halftone(tone, max(3.0, dots * 0.6)))
    else:
        sky_tone = np.broadcast_to(0.25 * (y[..., 0] < horizon), (h, w))
        dot = marks.halftone(np.where(label > 0, 0.0, sky_tone), dots)
        colour = colour * (1 - 0.25 * dot[..., None])
        shade = marks.hatch(rng, h, w, rng.uniform(0.5, 1.1), max(3.0, dots * 0.7), max(1.0, dots * 0.2))
        ink = np.maximum(ink, shade * shadow)
        colour = np.where(shadow[..., None], colour * 0.78, colour)
    contour = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(contour)
    base = max(1.0, min(w, h) / 110)
    for part in scene.parts[:255]:
        if part.subject >= 0 or mono:
            weight = base * (rng.uniform(1.0, 2.4) if part.subject >= 0 else 0.8)
            raster.draw_part(draw, part, 0, outline=255, weight=weight)
    ink = np.maximum(ink, np.asarray(contour, dtype=np.float32) / 255)
    return np.clip(colour * (1 - ink[..., None]), 0, 255)


def _speed_lines(rng, w, h) -> np.ndarray:
    """Radial focus lines converging on a point: manga's sign of motion or shock."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
    angle = np.arctan2(y - cy, x - cx)
    spokes = np.abs(np.sin(angle * rng.integers(40, 90) + np.sin(angle * 7) * 2))
    radius = np.hypot(x - cx, y - cy) / max(w, h)
    return ((spokes > 0.93) * (radius > 0.22)).astype(np.float32)


def _page(rng, pal: Palette, width, height, mono: bool) -> np.ndarray:
    gutter = max(2, round(min(width, height) * 0.025))
    page = np.full((height, width, 3), 255.0 if mono else 250.0, np.float32)
    depth = 1 if min(width, height) < 200 else int(rng.integers(2, 4))
    boxes = _split(rng, (gutter, gutter, width - gutter, height - gutter), depth)
    border = max(1, round(min(width, height) / 200))
    dots = max(3.0, min(width, height) / 90)
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = x0 + gutter // 2, y0 + gutter // 2, x1 - gutter // 2, y1 - gutter // 2
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        panel = _panel(rng, pal, x1 - x0, y1 - y0, mono, dots)
        if mono and rng.random() < 0.35:
            panel = panel * (1 - _speed_lines(rng, x1 - x0, y1 - y0)[..., None])
        image = Image.fromarray(panel.astype(np.uint8))
        draw = ImageDraw.Draw(image)
        if rng.random() < 0.6 and min(x1 - x0, y1 - y0) > 50:
            _balloon(draw, rng, x1 - x0, y1 - y0, max(1, border), tall=mono)
        draw.rectangle([0, 0, x1 - x0 - 1, y1 - y0 - 1], outline=(0, 0, 0), width=border + 1)
        page[y0:y1, x0:x1] = np.asarray(image, dtype=np.float32)
    return page


def _burst(draw, rng, cx, cy, radius, fill, weight):
    """A jagged starburst with block onomatopoeia across it."""
    spikes = int(rng.integers(9, 15))
    angle = np.linspace(0, 2 * np.pi, spikes * 2, endpoint=False) + rng.uniform(0, 1)
    reach = np.where(np.arange(spikes * 2) % 2 == 0, 1.0, rng.uniform(0.55, 0.7)) * radius
    pts = [(cx + np.cos(a) * r * 1.3, cy + np.sin(a) * r) for a, r in zip(angle, reach)]
    draw.polygon(pts, fill=(0, 0, 0))
    inner = [(cx + (x - cx) * 0.9, cy + (y - cy) * 0.9) for x, y in pts]
    draw.polygon(inner, fill=fill)
    for part in subjects.lettering(rng, int(rng.integers(3, 5))):
        part = part.moved(radius * 0.4, cx, cy + radius * 0.2)
        raster.draw_part(draw, part, (255, 255, 255), outline=(0, 0, 0), weight=weight)


def _cover(rng, pal: Palette, width, height) -> np.ndarray:
    dots = max(4.0, min(width, height) / 45)
    panel = _panel(rng, pal, width, height, False, dots, close=True)
    big = marks.halftone(np.full((height, width), 0.45, np.float32), dots * 1.6)
    background = (panel.max(axis=2) > 25) & (np.abs(panel - panel[:1, :1]).sum(axis=2) < 1)
    panel = np.where((background & (big > 0.5))[..., None], panel * 0.7 + pal.role("petal") * 0.3, panel)
    image = Image.fromarray(panel.astype(np.uint8))
    draw = ImageDraw.Draw(image)
    radius = min(width, height) * rng.uniform(0.18, 0.26)
    _burst(draw, rng, rng.uniform(0.3, 0.7) * width, rng.uniform(0.2, 0.35) * height, radius,
           as_tuple(pal.role("sun")), max(1.0, radius / 25))
    border = max(2, round(min(width, height) / 60))
    draw.rectangle([0, 0, width - 1, height - 1], outline=(0, 0, 0), width=border)
    return np.asarray(image, dtype=np.float32)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    pal = palette(mood, rng)
    if style == "foundry_pop_cover":
        page = _cover(rng, pal, width, height)
    else:
        page = _page(rng, pal, width, height, mono=style == "foundry_manga_bw")
        if style == "foundry_manga_bw":
            page = page.mean(axis=2, keepdims=True).repeat(3, axis=2)
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
