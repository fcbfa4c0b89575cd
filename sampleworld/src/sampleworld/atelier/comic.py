"""Comics: black ink contours of varying weight over flat colour, halftone or screen tone,
panels with gutters, speech balloons and lettering; also black-and-white manga-like pages.

Each panel holds its own little scene; shadows are flat shapes on the far side of each
form, printed as halftone dots, hatching or solid black depending on the style.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import compose, label_map, shading
from .lettering import balloon, write_block
from .palettes import mood_palette, paper_tone

STYLES = {
    "atelier_colour_page": "modern comic page: several panels, inked contours, flat colour, halftone shadows, balloons",
    "atelier_mono_page": "black-and-white manga-like page: screentone, hatching, speed lines, balloons",
    "atelier_splash": "single splash panel / cover: heavy black shadows, Ben-Day dot ground, caption box",
    "atelier_strip": "newspaper strip on cream paper: a row of panels, clean even lines, muted flat colour",
}

PANEL_SUBJECTS = ("figure", "face", "animal", "street", "landscape", "still_life", "figure", "face")


def render(style, mood, rng, width, height) -> Image.Image:
    palette = mood_palette(mood, rng)
    if style == "atelier_splash":
        return _splash(rng, palette, width, height)
    paper = paper_tone(mood, rng) if style == "atelier_strip" else (255, 255, 255)
    page = Image.new("RGB", (width, height), paper)
    mono = style == "atelier_mono_page"
    panels = _strip_layout(rng, width, height) if style == "atelier_strip" else _page_layout(rng, width, height)
    draw = ImageDraw.Draw(page)
    for x0, y0, x1, y1 in panels:
        panel = _panel(rng, palette, x1 - x0, y1 - y0, mono, muted=style == "atelier_strip")
        page.paste(panel, (x0, y0))
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=(0, 0, 0), width=2 if style == "atelier_strip" else 3)
        if rng.random() < 0.6:
            _add_balloon(draw, rng, x0, y0, x1, y1)
    return page


def _page_layout(rng, width, height, gutter=None):
    """Rows of panels with white gutters; each row split into one to three panels."""
    gutter = gutter or max(1, int(width * rng.uniform(0.015, 0.03)))
    rows = int(rng.integers(2, 4))
    cuts = np.sort(rng.uniform(0.25, 0.75, rows - 1)) if rows > 2 else [rng.uniform(0.35, 0.65)]
    ys = [gutter] + [int(c * height) for c in cuts] + [height - gutter]
    panels = []
    for top, bottom in zip(ys[:-1], ys[1:]):
        count = int(rng.integers(1, 4))
        xs = [gutter] + sorted(int(rng.uniform(0.25, 0.75) * width) for _ in range(count - 1)) + [width - gutter]
        for left, right in zip(xs[:-1], xs[1:]):
            if right - left > 3 * gutter and bottom - top > 3 * gutter:
                panels.append((left, top, right - gutter if right < width - gutter else right,
                               bottom - gutter if bottom < height - gutter else bottom))
    return panels or [(gutter, gutter, width - gutter, height - gutter)]  # a picture too small to cut


def _strip_layout(rng, width, height):
    gutter = int(width * 0.02)
    count = int(rng.integers(3, 5))
    rows = 1 if height < width * 0.9 else 2
    row_h = (height - gutter * (rows + 1)) // rows
    panel_w = (width - gutter * (count + 1)) // count
    return [(gutter + i * (panel_w + gutter), gutter + r * (row_h + gutter),
             gutter + i * (panel_w + gutter) + panel_w, gutter + r * (row_h + gutter) + row_h)
            for r in range(rows) for i in range(count)]


def halftone(height, width, spacing, darkness) -> np.ndarray:
    """Coverage of a 45-degree dot screen whose dots grow with `darkness` (0..1)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    k = np.pi / spacing
    wave = (np.cos((xs + ys) * k) * np.cos((xs - ys) * k) + 1) / 2  # 1 at dot centres
    return (wave > 1 - darkness).astype(np.float32)


def _panel(rng, palette, width, height, mono, muted=False) -> Image.Image:
    scene = compose(rng, width, height, PANEL_SUBJECTS)
    labels = label_map(scene, height, width)
    if mono:
        tones = np.array([0.97] + [s.tone for s in scene.shapes], np.float32)
        grey = tones[labels]
        rgb = np.repeat(_screen_tone(rng, grey)[..., None], 3, axis=2)
    else:
        colours = [palette.colour(s.colour) for s in scene.shapes]
        if muted:
            colours = [tuple(int(c * 0.55 + 235 * 0.45) for c in col) for col in colours]
        table = np.array([palette.light] + colours, np.float32) / 255
        rgb = table[labels]
    shadow = (shading(labels, scene) > rng.uniform(0.1, 0.4)).astype(np.float32)
    rgb = _shade(rng, rgb, shadow, mono, muted)
    if mono and rng.random() < 0.4:
        rgb = _speed_lines(rng, rgb)
    image = canvas.to_image(rgb)
    _ink_contours(ImageDraw.Draw(image), rng, scene, 1 if muted else 2, 2 if muted else 5)
    return image


def _screen_tone(rng, grey) -> np.ndarray:
    """Manga grey: white stays white, darks go black, mid tones become a dot screen."""
    dots = halftone(*grey.shape, rng.uniform(3, 5), np.clip(1.1 - grey, 0, 1))
    return np.where(grey > 0.82, 1.0, np.where(grey < 0.25, 0.0, 1 - dots))


def _shade(rng, rgb, shadow, mono, muted):
    if muted:
        return rgb * (1 - 0.18 * shadow[..., None])
    kind = rng.integers(3)
    if kind == 0:  # halftone dots
        pattern = halftone(*shadow.shape, rng.uniform(3, 6), 0.45) * shadow
    elif kind == 1:  # hatching lines
        ys, xs = np.mgrid[0:shadow.shape[0], 0:shadow.shape[1]]
        pattern = (((xs + ys) % int(rng.integers(4, 8))) < 1.5) * shadow
    else:  # solid black shadow shapes
        pattern = shadow * (rng.random() < 0.5) + shadow * 0.35
    return rgb * (1 - np.clip(pattern, 0, 1)[..., None] * (1.0 if not mono else 0.9))


def _speed_lines(rng, rgb):
    height, width = rgb.shape[:2]
    image = canvas.to_image(rgb)
    draw = ImageDraw.Draw(image)
    cx, cy = rng.uniform(0.3, 0.7) * width, rng.uniform(0.3, 0.7) * height
    for angle in rng.uniform(0, 2 * np.pi, 80):
        r0, r1 = rng.uniform(0.35, 0.6) * max(width, height), max(width, height)
        draw.line([(cx + r0 * np.cos(angle), cy + r0 * np.sin(angle)),
                   (cx + r1 * np.cos(angle), cy + r1 * np.sin(angle))], fill=(0, 0, 0), width=1)
    return canvas.from_image(image)


def _ink_contours(draw, rng, scene, thin, thick):
    for shape in scene.shapes:
        weight = int(rng.integers(thin, thick + 1))
        points = [tuple(p) for p in shape.points]
        draw.line(points + points[:1], fill=(0, 0, 0), width=weight, joint="curve")


def _add_balloon(draw, rng, x0, y0, x1, y1):
    w, h = x1 - x0, y1 - y0
    rx, ry = w * rng.uniform(0.2, 0.35), h * rng.uniform(0.1, 0.18)
    cx = x0 + rng.uniform(rx + 4, max(rx + 5, w - rx - 4))
    cy = y0 + ry + 6
    balloon(draw, rng, cx, cy, rx, ry, (cx + rng.uniform(-rx, rx), cy + ry * 2.2), weight=2)


def _splash(rng, palette, width, height) -> Image.Image:
    scene = compose(rng, width, height, ("figure", "face", "animal"), margin=0.02)
    labels = label_map(scene, height, width)
    table = np.array([palette.light] + [palette.colour(s.colour) for s in scene.shapes], np.float32) / 255
    rgb = table[labels]
    ground = labels == 0
    dots = halftone(height, width, rng.uniform(6, 10), 0.35)
    rgb = np.where(ground[..., None], rgb * (1 - 0.5 * dots[..., None]), rgb)
    shadow = shading(labels, scene) > rng.uniform(0.0, 0.3)
    rgb = np.where(shadow[..., None], rgb * 0.12, rgb)
    image = canvas.to_image(rgb)
    draw = ImageDraw.Draw(image)
    _ink_contours(draw, rng, scene, 3, 7)
    box = (int(width * 0.04), int(height * 0.03), int(width * rng.uniform(0.5, 0.9)), int(height * 0.12))
    draw.rectangle(box, fill=(250, 240, 160), outline=(0, 0, 0), width=3)
    write_block(draw, rng, (box[0] + 8, box[1] + 8, box[2] - 8, box[3] - 6), max(6, height * 0.02), (0, 0, 0), 2)
    draw.rectangle([0, 0, width - 1, height - 1], outline=(0, 0, 0), width=6)
    return image
