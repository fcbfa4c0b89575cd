"""Pencil sketch: grey graphite on light paper, pressure-varied traced lines, hatching, smudge and paper tooth."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import marks, noise, paper, raster
from .scene import compose

STYLES = {
    "foundry_contour_study": "life-drawing contour study: searching outlines traced two or three times over light "
                             "construction lines, almost no tone",
    "foundry_tonal_render": "academic tonal pencil render on cream paper: directional hatching, smudged blending "
                            "and cast shadows, visible tooth",
    "foundry_sketchbook_page": "sketchbook page of several small studies: loose scribble shading, guide lines and "
                               "handwritten-looking notes",
}
_PRESSURE = {"happy": 0.7, "peaceful": 0.8, "gloomy": 1.0, "scary": 1.15}
_LEAD = np.array([62.0, 64.0, 68.0])  # fully pressed graphite: dark grey with a faint sheen, never black


def _lay(sheet: np.ndarray, density: np.ndarray, tooth: np.ndarray) -> np.ndarray:
    """Graphite catches on the paper's high points: the tooth thins every mark a little."""
    catch = np.clip(density * (0.55 + 0.6 * tooth), 0, 1)[..., None]
    return sheet * (1 - catch) + _LEAD * catch


def _contours(draw, rng, scene, weight, passes, pressure, erase=True):
    """Each part traced `passes` times (searching lines), earlier parts hidden where later ones sit on them."""
    for part in scene.subject_parts:
        if erase:
            raster.draw_part(draw, part, 0)
        path = marks.densify(raster.outline(part), max(4.0, weight * 4))
        for _ in range(passes):
            value = int(255 * np.clip(pressure * rng.uniform(0.55, 1.0), 0, 1))
            marks.trace(draw, path, rng, weight * 1.2, weight * rng.uniform(0.7, 1.4), value,
                        pieces=int(rng.integers(1, 4)))


def _construction(draw, rng, scene, weight):
    """Faint guide lines: a plumb line and a few long straight strokes through each subject."""
    for x, y, half in scene.feet:
        top = y - half * 2.5
        draw.line([(x, top), (x + rng.normal(0, 2), y + half * 0.1)], fill=70, width=max(1, round(weight * 0.6)))
        for _ in range(2):
            yy = rng.uniform(top, y)
            draw.line([(x - half * 1.4, yy + rng.normal(0, 5)), (x + half * 1.4, yy + rng.normal(0, 5))], fill=55,
                      width=max(1, round(weight * 0.5)))
        draw.ellipse([x - half, y - half * 0.15, x + half, y + half * 0.15], outline=60, width=1)


def _contour_study(rng, mood, width, height):
    scene = compose(rng, width, height, framing=("close", "mid")[int(rng.integers(2))], ground="none")
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    weight = max(1.0, min(width, height) / 260)
    _construction(draw, rng, scene, weight)
    _contours(draw, rng, scene, weight, int(rng.integers(2, 4)), _PRESSURE[mood])
    density = np.asarray(layer, dtype=np.float32) / 255
    return density, paper.WHITE


def _tone(rng, scene, mood):
    relief = raster.Relief(scene)
    light = relief.lambert(scene.light)
    label = raster.labels(scene.parts, scene.width, scene.height)
    subject = label > 0
    tone = np.where(subject, (1 - light) * 0.9 + 0.1, 0.0)
    h, w = tone.shape
    if scene.horizon is not None:
        y = np.arange(h, dtype=np.float32)[:, None]
        tone = tone + np.where(~subject, np.clip((y - scene.horizon) / h, 0, 0.3), 0)
    shadow = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(shadow)
    for x, y, half in scene.feet:
        shift = -np.sign(scene.light[0]) * half * 0.7
        sd.ellipse([x - half + min(0, shift), y - half * 0.18, x + half + max(0, shift), y + half * 0.12], fill=170)
    shadow_tone = noise.blur(np.asarray(shadow, dtype=np.float32) / 255, max(2.0, w / 120))
    return np.clip((tone + shadow_tone * (~subject)) * _PRESSURE[mood], 0, 1)


def _tonal_render(rng, mood, width, height):
    scene = compose(rng, width, height, framing=("close", "mid", "wide")[int(rng.integers(3))])
    tone = _tone(rng, scene, mood)
    spacing = max(2.5, min(width, height) / 90)
    angle = rng.uniform(0.6, 1.0)
    density = noise.blur(tone, max(2.0, spacing * 1.5)) * 0.4  # smudged graphite
    for layer, (offset, threshold) in enumerate(((0.0, 0.12), (0.9, 0.35), (-0.7, 0.6))):
        strokes = marks.hatch(rng, height, width, angle + offset, spacing, max(1.0, spacing * 0.4), wobble=spacing,
                              dash=spacing * rng.uniform(6, 12), taper=True)
        density = np.maximum(density, strokes * np.clip((tone - threshold) * 3, 0, 1) * 0.85)
    layer = Image.new("L", (width, height), 0)
    _contours(ImageDraw.Draw(layer), rng, scene, max(1.0, min(width, height) / 300), 1, 0.55, erase=False)
    density = np.maximum(density, np.asarray(layer, dtype=np.float32) / 255)
    return density, paper.CREAM


def _notes(draw, rng, x, y, w, weight):
    """Lines of small looping scribbles where an artist jots notes beside a study."""
    for row in range(int(rng.integers(1, 4))):
        xs = np.arange(x, x + w * rng.uniform(0.4, 1.0), max(2.0, weight * 2.5))
        ys = y + row * weight * 9 + np.sin(xs * 0.9) * weight * 2 + rng.normal(0, 0.4, xs.size)
        if xs.size > 1:
            draw.line(list(zip(xs, ys)), fill=150, width=1)


def _sketchbook(rng, mood, width, height):
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    cols, rows = (2, 2) if width > 160 and height > 160 else (1, 1)
    if rng.random() < 0.4 and height > width * 1.2:
        cols, rows = 1, 3
    weight = max(1.0, min(width, height) / 280)
    parts, feet = [], []
    for r in range(rows):
        for c in range(cols):
            cw, ch = width // cols, height // rows
            sub = compose(rng, cw, int(ch * 0.82), framing="close", ground="none")
            parts += [part.moved(1.0, c * cw, r * ch) for part in sub.parts]
            feet += [(x + c * cw, y + r * ch, half) for x, y, half in sub.feet]
            _notes(draw, rng, c * cw + cw * 0.1, r * ch + ch * 0.88, cw * 0.7, weight)
    page = type(sub)(width, height, parts[:255], None, "none", "close", sub.light, feet)
    _construction(draw, rng, page, weight)
    _contours(draw, rng, page, weight, 2, _PRESSURE[mood] * 0.9)
    scribble = marks.hatch(rng, height, width, rng.uniform(0.3, 1.3), max(2.5, weight * 3), weight * 1.2,
                           wobble=weight * 8, dash=weight * 25)
    density = scribble * (_tone(rng, page, mood) > 0.35) * 0.6
    density = np.maximum(density, np.asarray(layer, dtype=np.float32) / 255)
    return density, paper.WHITE


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    density, colour = {"foundry_contour_study": _contour_study, "foundry_tonal_render": _tonal_render,
                       "foundry_sketchbook_page": _sketchbook}[style](rng, mood, width, height)
    tooth = paper.tooth(rng, height, width, 2.0)
    image = _lay(paper.sheet(rng, colour, tooth, 0.08), np.clip(density, 0, 1), tooth)
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
