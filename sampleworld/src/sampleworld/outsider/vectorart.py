"""Vector art: flat or linearly graded fills with crisp, anti-aliased geometric edges and no
texture, most often on a white ground (spot illustrations, icon sets, infographics), with or
without one even outline. Drawn twice as large and box-filtered down, as a vector rasteriser
anti-aliases."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.outsider.composition import Part, compose
from sampleworld.outsider.palettes import ACCENTS, DARK, Palette

SUPERSAMPLE = 2
STYLES = {
    "spot": "spot illustration on white: a character, animal or still life in flat fills over a soft "
            "colour blob, sometimes one even outline, a flat drop shadow",
    "infographic": "icon set or infographic on white: round badges with flat pictograms, a bar chart, "
                   "pill-shaped text bars and a title bar",
    "gradient": "full-bleed flat illustration with linear-gradient fills and sky, no outlines, no texture",
}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    big = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), _white_ground(rng))
    draw = ImageDraw.Draw(big)
    if style == "spot":
        _spot(draw, palette, rng, width, height)
    elif style == "infographic":
        _infographic(draw, palette, rng, width, height)
    else:
        big = _gradient_scene(palette, rng, width, height)
    return big.reduce(SUPERSAMPLE)


def _white_ground(rng: np.random.Generator) -> tuple[int, int, int]:
    """Pure white most of the time, else the faint off-white of a page."""
    return (255, 255, 255) if rng.random() < 0.7 else (250, 248, 243)


def _spot(draw: ImageDraw.ImageDraw, palette: Palette, rng: np.random.Generator, width: int, height: int) -> None:
    side = min(width, height) * rng.uniform(0.7, 0.9)
    box = ((width - side) / 2, (height - side) / 2, side, side)
    scene = compose(rng, width, height, ("character", "animal", "still_life", "portrait"), box)
    blob = _blob(rng, width / 2, height / 2, side * rng.uniform(0.38, 0.48))
    draw.polygon(_scaled(blob), fill=_rgb(_lighter(palette.colour(int(rng.choice(ACCENTS))), 0.6)))
    figures = scene.figures
    bottom = max(part.points[:, 1].max() for part in figures)
    draw.ellipse(_scaled(np.array([(width / 2 - side * 0.3, bottom - side * 0.03),
                                   (width / 2 + side * 0.3, bottom + side * 0.03)])), fill=(225, 225, 228))
    outline = rng.uniform(1.5, 3.5) if rng.random() < 0.5 else 0
    _draw_parts(draw, palette, figures, outline)


def _blob(rng: np.random.Generator, cx: float, cy: float, radius: float) -> np.ndarray:
    """A smooth organic backdrop shape: a circle whose radius swells with two slow waves."""
    angle = np.linspace(0, 2 * np.pi, 96, endpoint=False)
    r = radius * (1 + 0.08 * np.sin(2 * angle + rng.uniform(0, 6)) + 0.06 * np.sin(3 * angle + rng.uniform(0, 6)))
    return np.stack([cx + r * np.cos(angle), cy + r * 0.9 * np.sin(angle)], 1)


def _draw_parts(draw: ImageDraw.ImageDraw, palette: Palette, parts: list[Part], outline: float) -> None:
    ink = palette.rgb(DARK)
    for part in parts:
        points = _scaled(part.points)
        if part.closed:
            draw.polygon(points, fill=palette.rgb(part.colour))
            if outline:
                draw.line(points + points[:1], fill=ink, width=round(outline * SUPERSAMPLE), joint="curve")
        else:
            width = round(max(outline, 2.5) * SUPERSAMPLE)
            draw.line(points, fill=palette.rgb(part.colour), width=width, joint="curve")


def _infographic(draw: ImageDraw.ImageDraw, palette: Palette, rng: np.random.Generator, width: int,
                 height: int) -> None:
    s, margin = SUPERSAMPLE, width * 0.08
    draw.rounded_rectangle([margin * s, margin * 0.6 * s, (width - margin) * s, (margin * 0.6 + height * 0.07) * s],
                           radius=12 * s, fill=palette.rgb(DARK))
    columns, rows = int(rng.integers(2, 4)), int(rng.integers(1, 3))
    cell = (width - 2 * margin) / columns
    top = margin * 0.6 + height * 0.12
    for i in range(columns * rows):
        cx, cy = margin + cell * (i % columns + 0.5), top + cell * (i // columns + 0.45)
        colour = palette.colour(ACCENTS[i % len(ACCENTS)])
        r = cell * 0.32
        if rng.random() < 0.5:
            draw.ellipse([(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s], fill=_rgb(colour))
        else:
            draw.rounded_rectangle([(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s], radius=r * 0.3 * s,
                                   fill=_rgb(colour))
        PICTOGRAMS[int(rng.integers(len(PICTOGRAMS)))](draw, cx * s, cy * s, r * 0.55 * s)
        _text_bar(draw, rng, cx - r, cy + r * 1.35, r * 2, palette)
    chart_top = top + cell * rows + height * 0.02
    _bar_chart(draw, palette, rng, margin, chart_top, width - 2 * margin, height - margin * 0.6 - chart_top)


def _text_bar(draw: ImageDraw.ImageDraw, rng: np.random.Generator, x: float, y: float, length: float,
              palette: Palette) -> None:
    s = SUPERSAMPLE
    for line in range(2):
        end = x + length * rng.uniform(0.5, 1.0)
        draw.rounded_rectangle([x * s, (y + line * 12) * s, end * s, (y + line * 12 + 6) * s], radius=3 * s,
                               fill=(200, 202, 208) if line else palette.rgb(DARK))


def _bar_chart(draw: ImageDraw.ImageDraw, palette: Palette, rng: np.random.Generator, x: float, y: float, w: float,
               h: float) -> None:
    if h < 40:
        return
    s, bars = SUPERSAMPLE, int(rng.integers(4, 9))
    step = w / bars
    draw.line([(x * s, (y + h) * s), ((x + w) * s, (y + h) * s)], fill=(170, 170, 175), width=2 * s)
    for k in range(bars):
        top = y + h * rng.uniform(0.1, 0.85)
        draw.rounded_rectangle([(x + step * (k + 0.2)) * s, top * s, (x + step * (k + 0.8)) * s, (y + h) * s],
                               radius=4 * s, fill=palette.rgb(ACCENTS[k % len(ACCENTS)]))


def _house(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    draw.polygon([(cx - r, cy), (cx, cy - r), (cx + r, cy)], fill="white")
    draw.rectangle([cx - r * 0.7, cy, cx + r * 0.7, cy + r * 0.8], fill="white")


def _heart(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    draw.ellipse([cx - r, cy - r * 0.7, cx, cy + r * 0.2], fill="white")
    draw.ellipse([cx, cy - r * 0.7, cx + r, cy + r * 0.2], fill="white")
    draw.polygon([(cx - r * 0.95, cy - r * 0.1), (cx + r * 0.95, cy - r * 0.1), (cx, cy + r)], fill="white")


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    angles = np.linspace(-np.pi / 2, 1.5 * np.pi, 10, endpoint=False)
    radii = np.where(np.arange(10) % 2, r * 0.45, r)
    draw.polygon(list(zip(cx + radii * np.cos(angles), cy + radii * np.sin(angles))), fill="white")


def _person(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    draw.ellipse([cx - r * 0.35, cy - r, cx + r * 0.35, cy - r * 0.3], fill="white")
    draw.pieslice([cx - r * 0.8, cy - r * 0.15, cx + r * 0.8, cy + r * 1.4], 180, 360, fill="white")


def _pie(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline="white", width=max(2, round(r / 4)))
    draw.pieslice([cx - r, cy - r, cx + r, cy + r], -90, 40, fill="white")


PICTOGRAMS = (_house, _heart, _star, _person, _pie)


def _gradient_scene(palette: Palette, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """Every part a linear gradient between its colour and a lighter or darker one, composited
    through its anti-aliased mask: the look of modern gradient vector illustration."""
    scene = compose(rng, width, height, ("seaside", "street", "character", "still_life", "animal"))
    pixels = np.empty((height, width, 3), np.float32)
    pixels[:] = _vertical_gradient(palette.colour(0), _lighter(palette.colour(0), 0.5), height)
    for part in scene.parts[1:] if scene.parts[0].backdrop else scene.parts:
        if not part.closed:
            continue
        _composite_gradient(pixels, part, palette.colour(part.colour), rng)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).resize(
        (width * SUPERSAMPLE, height * SUPERSAMPLE), Image.Resampling.NEAREST)
    _draw_parts(ImageDraw.Draw(image), palette, [p for p in scene.parts if not p.closed], 0)
    return image


def _composite_gradient(pixels: np.ndarray, part: Part, colour: np.ndarray, rng: np.random.Generator) -> None:
    height, width = pixels.shape[:2]
    x0, y0 = np.maximum(np.floor(part.points.min(0)).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(part.points.max(0)).astype(int) + 1, (width, height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    mask = Image.new("L", ((x1 - x0) * SUPERSAMPLE, (y1 - y0) * SUPERSAMPLE), 0)
    ImageDraw.Draw(mask).polygon(_scaled(part.points - (x0, y0)), fill=255)
    cover = np.asarray(mask.reduce(SUPERSAMPLE), dtype=np.float32)[..., None] / 255
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:y1 - y0, 0:x1 - x0].astype(np.float32)
    t = xs * np.cos(angle) + ys * np.sin(angle)
    t = ((t - t.min()) / max(float(np.ptp(t)), 1))[..., None]
    other = _lighter(colour, 0.45) if rng.random() < 0.5 else colour * 0.6
    region = pixels[y0:y1, x0:x1]
    region += (colour * (1 - t) + other * t - region) * cover


def _vertical_gradient(top: np.ndarray, bottom: np.ndarray, height: int) -> np.ndarray:
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    return top * (1 - t) + bottom * t


def _lighter(colour: np.ndarray, amount: float) -> np.ndarray:
    return colour + (255 - colour) * amount


def _rgb(colour: np.ndarray) -> tuple[int, int, int]:
    return tuple(int(c) for c in colour)


def _scaled(points: np.ndarray) -> list[tuple[float, float]]:
    return [tuple(p) for p in points * SUPERSAMPLE]
