"""Comics: black brush contours that swell and taper, flat colour, printed screen tone, hatched
shadows, panels separated by white gutters, speech balloons full of hand lettering."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.outsider.composition import Scene, compose
from sampleworld.outsider.inking import hatch_lines, part_outline, pressure_line, swelling_widths
from sampleworld.outsider.palettes import Palette
from sampleworld.outsider.shading import flat_picture, shade_for_drawing, shadow_side

INK = (15, 13, 18)
STYLES = {
    "strip": "colour comic strip: two to four panels with white gutters, flat colour, swelling brush "
             "contours, speech balloons with hand lettering",
    "screentone": "black-and-white manga page: grey dot screen tone, solid blacks, hatched shadows, "
                  "speed lines, balloons",
    "cover": "single-panel colour comic art: heavy inking, hatched shadows, Ben-Day dots in the sky, "
             "a yellow caption box",
}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    page = Image.new("RGB", (width, height), (255, 255, 255) if style != "cover" else INK)
    draw = ImageDraw.Draw(page)
    for box in _panels(rng, width, height, style):
        x0, y0, x1, y1 = (round(v) for v in box)
        scene = compose(rng, x1 - x0, y1 - y0)
        if style == "screentone":
            panel = _manga_panel(scene, palette, rng)
        else:
            panel = _colour_panel(scene, palette, rng, style)
        if rng.random() < 0.55 or style == "cover":
            _balloon(ImageDraw.Draw(panel), rng, x1 - x0, y1 - y0)
        page.paste(panel, (x0, y0))
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=INK, width=max(2, round(width / 200)))
    if style == "cover":
        _caption(draw, rng, width)
    return page


def _panels(rng: np.random.Generator, width: int, height: int, style: str) -> list[tuple[float, float, float, float]]:
    """Panel boxes on the page: one inset panel for a cover, else rows of one to three panels."""
    gutter = width * rng.uniform(0.015, 0.03)
    if style == "cover":
        return [(gutter * 0.6, gutter * 0.6, width - gutter * 0.6, height - gutter * 0.6)]
    rows = 1 if height < 550 else int(rng.integers(1, 3))
    boxes = []
    row_edges = np.linspace(gutter, height - gutter, rows + 1)
    for top, bottom in zip(row_edges[:-1], row_edges[1:]):
        columns = int(rng.integers(1, 3)) if rows > 1 else int(rng.integers(2, 4))
        cuts = np.sort(rng.uniform(0.3, 0.7, columns - 1)) if columns > 1 else np.array([])
        cuts = cuts[np.diff(cuts, prepend=0.0) >= 0.15]  # two cuts too close would leave no panel between
        edges = gutter + np.concatenate([[0], cuts, [1]]) * (width - 2 * gutter)
        for left, right in zip(edges[:-1], edges[1:]):
            boxes.append((left + (gutter / 2 if left > gutter else 0), top + (gutter / 2 if top > gutter else 0),
                          right - (gutter / 2 if right < width - gutter else 0),
                          bottom - (gutter / 2 if bottom < height - gutter else 0)))
    return boxes


def _colour_panel(scene: Scene, palette: Palette, rng: np.random.Generator, style: str) -> Image.Image:
    flat = flat_picture(scene, palette)
    pixels = np.asarray(flat, dtype=np.float32)
    shadow = shadow_side(scene) > 0.5
    if style == "cover" or rng.random() < 0.5:
        hatch = Image.new("L", flat.size, 0)
        hatch_lines(ImageDraw.Draw(hatch), rng, *flat.size, rng.uniform(0.6, 1.0), rng.uniform(4, 7), 255)
        pixels = np.where((shadow & (np.asarray(hatch) > 0))[..., None], np.float32(20), pixels)
    else:
        pixels = np.where(shadow[..., None], pixels * 0.72, pixels)
    sky = np.asarray(flat_picture(scene, palette, scene.parts[:1], ground=(0, 0, 0)).convert("L")) > 0
    sky &= np.asarray(flat_picture(scene, palette, scene.figures, ground=(0, 0, 0)).convert("L")) == 0
    dots = _screen(*flat.size[::-1], rng.uniform(5, 9), 0.3)
    pixels = np.where((sky & dots)[..., None], pixels * 0.8, pixels)
    panel = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    _ink_contours(ImageDraw.Draw(panel), scene, rng, weight=rng.uniform(2.0, 4.0) * (1.4 if style == "cover" else 1))
    return panel


def _manga_panel(scene: Scene, palette: Palette, rng: np.random.Generator) -> Image.Image:
    shade = shade_for_drawing(scene, palette)
    h, w = shade.shape
    coverage = np.clip((shade - 0.1) * 0.9, 0, 0.75)
    tone = _screen(h, w, rng.uniform(3.5, 5.5), coverage)
    solid = shade > 0.9
    pixels = np.where(tone | solid, 25, 252).astype(np.uint8)
    panel = Image.fromarray(pixels).convert("RGB")
    draw = ImageDraw.Draw(panel)
    if rng.random() < 0.4:
        _speed_lines(draw, rng, w, h)
    _ink_contours(draw, scene, rng, weight=rng.uniform(1.5, 3.0))
    return panel


def _screen(height: int, width: int, pitch: float, coverage) -> np.ndarray:
    """Printed screen tone: a 45 degree lattice of dots, where the product of two cosines is high."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = (xs + ys) * (np.pi / pitch / np.sqrt(2)), (xs - ys) * (np.pi / pitch / np.sqrt(2))
    lattice = np.cos(u) * np.cos(v)
    return lattice > 1 - 2 * np.asarray(coverage, dtype=np.float32)


def _ink_contours(draw: ImageDraw.ImageDraw, scene: Scene, rng: np.random.Generator, weight: float) -> None:
    for part in scene.figures:
        line = part_outline(part, rng, step=8, wobble=0.4)
        widths = swelling_widths(rng, len(line), weight * (1 if part.closed else 0.8), taper=not part.closed)
        pressure_line(draw, line, widths, INK)


def _speed_lines(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, height: int) -> None:
    cx, cy = rng.uniform(0.3, 0.7) * width, rng.uniform(0.3, 0.7) * height
    reach = np.hypot(width, height)
    for angle in rng.uniform(0, 2 * np.pi, int(rng.integers(40, 90))):
        start = reach * rng.uniform(0.25, 0.45)
        draw.line([(cx + start * np.cos(angle), cy + start * np.sin(angle)),
                   (cx + reach * np.cos(angle), cy + reach * np.sin(angle))], fill=INK, width=1)


def _balloon(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, height: int) -> None:
    """A white oval with a tail and an outline, filled with rows of scribbled letters."""
    rx = width * rng.uniform(0.2, 0.32)
    ry = max(rx * rng.uniform(0.35, 0.55), 24)
    cx = rng.uniform(rx + 6, max(rx + 7, width - rx - 6))
    cy = ry + 8 + rng.uniform(0, height * 0.1)
    tail_x = cx + rx * rng.uniform(-0.5, 0.5)
    draw.polygon([(tail_x - rx * 0.15, cy + ry * 0.7), (tail_x + rx * 0.15, cy + ry * 0.7),
                  (tail_x + rx * rng.uniform(-0.4, 0.4), cy + ry * 1.8)], fill="white", outline=INK, width=2)
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill="white", outline=INK, width=2)
    _lettering(draw, rng, cx - rx * 0.7, cy - ry * 0.5, rx * 1.4, ry * 1.0)


def _lettering(draw: ImageDraw.ImageDraw, rng: np.random.Generator, left: float, top: float, width: float,
               height: float) -> None:
    """Rows of capital-like glyphs: each two to four strokes inside a small cell."""
    size = float(np.clip(height / 3.2, 6, 11))
    rows = max(1, int(height / (size * 1.5)))
    for row in range(rows):
        y = top + row * size * 1.5
        x = left + rng.uniform(0, width * 0.1)
        end = left + width * rng.uniform(0.75, 1.0)
        while x < end - size:
            if rng.random() < 0.16:
                x += size * 0.8  # a space between words
                continue
            corners = np.array([(x, y), (x + size * 0.7, y), (x, y + size), (x + size * 0.7, y + size),
                                (x + size * 0.35, y), (x + size * 0.35, y + size), (x, y + size / 2),
                                (x + size * 0.7, y + size / 2)])
            strokes = corners[rng.choice(len(corners), int(rng.integers(3, 5)), replace=False)]
            draw.line([tuple(p) for p in strokes], fill=INK, width=max(1, round(size / 6)))
            x += size * 0.95


def _caption(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int) -> None:
    w, h = width * rng.uniform(0.35, 0.5), width * rng.uniform(0.08, 0.12)
    x, y = width * 0.04, width * 0.04
    draw.rectangle([x, y, x + w, y + h], fill=(250, 225, 90), outline=INK, width=2)
    _lettering(draw, rng, x + 8, y + 6, w - 16, h - 10)
