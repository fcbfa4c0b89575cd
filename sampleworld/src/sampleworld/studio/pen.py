"""Pen and ink: lines of near-constant weight on light paper; tone only by cross-hatching or
stippling, never by grey wash. Black ink, except the one style drawn in sepia on purpose."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from . import ink, moods, paper, subjects
from .tools import to_array, to_image

STYLES = {
    "studio_crosshatch_city": "urban pen sketch on white paper: street of houses and towers in steady black "
                              "lines, tone built from one to three hatching directions",
    "studio_stipple_study": "stippling illustration on cream paper: a face, animal or flower made of black dots "
                            "dense in shadow, sparse in light, with a thin contour",
    "studio_sepia_botanical": "sepia-ink botanical plate: flowers and leaves in fine brown contour, parallel "
                              "hatching on leaves, a small hand-lettered label",
}

BLACK = np.array([0.06, 0.06, 0.07], dtype=np.float32)
SEPIA = np.array([0.36, 0.22, 0.12], dtype=np.float32)


def _inked(parts, w, h, rng, unit, weight, levels=(0.3, 0.55, 0.8), hatched=None):
    """Contour plus cross-hatching per part, each part hiding the marks behind it; every tone step past a
    level adds one more direction of lines."""
    layer = Image.new("L", (w, h), 0)
    angles = rng.uniform(0, np.pi, 1) + np.array([0.0, 1.1, 0.55])
    width = max(1, int(round(unit * 1.3)))
    for part in parts:
        x0, y0 = np.floor(np.maximum(part.points.min(axis=0) - width - 2, 0)).astype(int)
        x1, y1 = np.ceil(np.minimum(part.points.max(axis=0) + width + 2, (w, h))).astype(int)
        if x1 <= x0 or y1 <= y0:
            continue
        points = part.points - (x0, y0)  # work in the part's own box: cheap at any picture size
        tone = min(1.0, part.tone * weight)
        lines = Image.new("L", (x1 - x0, y1 - y0), 0)
        draw = ImageDraw.Draw(lines)
        for level, angle in zip(levels, angles, strict=True):
            if tone > level and (hatched is None or part.role in hatched):
                ink.hatch(draw, (0, 0, x1 - x0, y1 - y0), angle, unit * rng.uniform(3.5, 5), rng, fill=255,
                          width=max(1, int(unit)), wobble=unit * 0.3)
        shape = Image.new("L", lines.size, 0)
        ImageDraw.Draw(shape).polygon([tuple(p) for p in points.tolist()], fill=255)
        lines = ImageChops.multiply(lines, shape)
        ring = points + rng.normal(0, unit * 0.3, points.shape)
        draw.line([tuple(p) for p in np.concatenate([ring, ring[:1]]).tolist()], fill=255, width=width,
                  joint="curve")
        region = layer.crop((x0, y0, x1, y1))
        layer.paste(ImageChops.lighter(ImageChops.multiply(region, ImageChops.invert(shape)), lines), (x0, y0))
    return layer


def _contours(parts, w, h, rng, unit):
    layer = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(layer)
    for part in parts:
        ring = part.points + rng.normal(0, unit * 0.3, part.points.shape)
        draw.line([tuple(p) for p in np.concatenate([ring, ring[:1]]).tolist()], fill=255,
                  width=max(1, int(round(unit * 1.3))), joint="curve")
    return layer


def _city(mood, rng, w, h, unit, weight):
    names = [("house", "tower", "tree", "person")[int(i)] for i in rng.choice(4, int(rng.integers(4, 7)),
                                                                                p=[0.35, 0.4, 0.15, 0.1])]
    parts = subjects.scene(names, w, h, rng, horizon=0.68, scale=0.38)
    layer = _inked(parts, w, h, rng, unit, weight)
    draw = ImageDraw.Draw(layer)
    for y in np.linspace(h * 0.75, h, 5):  # street: receding lines
        draw.line([(0, y), (w, y + rng.normal(0, h * 0.01))], fill=255, width=max(1, int(unit)))
    if weight > 1:  # night sky: wide hatching above the roofs
        sky = Image.new("L", (w, h), 0)
        ink.hatch(ImageDraw.Draw(sky), (0, 0, w, h * 0.4), 0.2, unit * 4, rng, fill=255, width=max(1, int(unit)),
                  wobble=unit * 0.4)
        layer = ImageChops.lighter(layer, sky)
    return layer


def _stipple(mood, rng, w, h, unit, weight):
    name = ("face", "cat", "bird", "flower")[int(rng.integers(4))]
    size = min(w * 0.8, h * 0.6) * {"face": 1.0, "cat": 0.9, "bird": 1.1, "flower": 0.8}[name]
    parts = subjects.SUBJECTS[name](w * 0.5, h * 0.9, size, rng)
    tone = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(tone)
    for part in parts:
        draw.polygon(part.flat(), fill=int(255 * min(1.0, part.tone * weight * 0.8)))
    density = to_array(tone)
    x = np.linspace(-1, 1, w, dtype=np.float32)[None]
    y = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    density = density * np.clip(0.55 + 0.6 * (x + y * 0.5), 0.1, 1.2)  # light from upper left
    density += 0.05 * (y > 0.8)  # a stippled ground
    dot = max(1.0, unit * 1.2)
    seeds = rng.random((h, w), dtype=np.float32) < density * 0.3 / (dot * dot)
    dots = Image.fromarray(seeds.astype(np.uint8) * 255)
    if dot > 1.5:
        dots = dots.filter(ImageFilter.MaxFilter(3 if dot < 2.5 else 5))
    outline = _contours([p for p in parts if p.tone < 0.9], w, h, rng, unit * 0.7)
    return ImageChops.lighter(dots, outline)


def _botanical(mood, rng, w, h, unit, weight):
    count = int(rng.integers(1, 3)) if w > h * 0.8 else 1
    parts = []
    for i in range(count):
        x = w * (i + 0.5) / count + rng.normal(0, w * 0.03)
        size = min(w / count * 0.7, h * 0.5)
        parts += subjects.flower(x, h * 0.86, size, rng)
        for side in (-1, 1):  # leaves up the stem
            y = h * 0.86 - size * rng.uniform(0.3, 0.7)
            parts.append(subjects.Part(subjects.ellipse(x + side * size * 0.2, y, size * 0.22, size * 0.07,
                                                        turn=-side * 0.5), "stem", 0.6))
    layer = _inked(parts, w, h, rng, unit * 0.8, weight * 1.2, levels=(0.25, 0.45, 0.95))
    draw = ImageDraw.Draw(layer)
    label = (w * 0.3, h * 0.9, w * 0.7, h * 0.97)
    ink.lettering(draw, label, rng, fill=255, size=max(3.0, h * 0.025))
    border = max(2, int(unit * 6))
    draw.rectangle([border, border, w - border, h - border], outline=255, width=max(1, int(unit)))
    return layer


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    unit = max(1.0, min(width, height) / 320)
    weight = moods.mood(mood).ink_weight
    kind = {"studio_crosshatch_city": "white", "studio_stipple_study": "cream", "studio_sepia_botanical": "cream"}
    relief = paper.tooth(rng, height, width)
    base = paper.sheet(rng, height, width, kind[style], relief)
    drawer = {"studio_crosshatch_city": _city, "studio_stipple_study": _stipple, "studio_sepia_botanical": _botanical}
    coverage = to_array(drawer[style](mood, rng, width, height, unit, weight))[..., None]
    colour = SEPIA if style == "studio_sepia_botanical" else BLACK
    coverage = coverage * (0.88 + 0.12 * relief[..., None])  # ink thins a little on the tooth's peaks
    return to_image(base * (1 - coverage) + colour * coverage)
