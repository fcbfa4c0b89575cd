"""Pencil: grey graphite on light paper, never colour and never quite black. Every mark is a
stroke drawn with varying pressure (light construction lines, repeated contours, hatching that
breaks where the hand lifts), then smudged with a stump in the tonal style, and finally broken up
by the paper's tooth."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.outsider.canvas import soften, value_noise
from sampleworld.outsider.composition import Part, Scene, compose, ellipse
from sampleworld.outsider.inking import hatch_lines, lifts, part_outline, pressure_line, swelling_widths
from sampleworld.outsider.palettes import Palette
from sampleworld.outsider.paper import lay, tooth
from sampleworld.outsider.shading import shade_for_drawing

GRAPHITE = np.array([62, 63, 68], np.float32)
STYLES = {
    "study": "observational pencil study: light construction lines, pressure-varying contours drawn "
             "twice, broken hatching and cross-hatching by tone, paper tooth",
    "tonal": "blended tonal pencil drawing: smudged graphite tone rubbed in with a stump, lifted "
             "highlights, soft contours",
    "sketchbook": "sketchbook page of small gestural sketches, quick scribbled hatching, on white or "
                  "grey-toned paper",
}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    paper = _paper_colour(rng, style)
    if style == "sketchbook":
        scenes = [compose(rng, width, height, None, box) for box in _sketch_boxes(rng, width, height)]
    else:
        scenes = [compose(rng, width, height)]
    graphite = np.zeros((height, width), np.float32)
    for scene in scenes:
        graphite = np.maximum(graphite, _draw_scene(scene, palette, rng, style))
    grain = tooth(rng, height, width)
    deposit = graphite * (0.45 + 0.8 * grain) * (0.85 + 0.3 * value_noise(rng, height, width, 40))
    pixels = lay(paper, GRAPHITE, np.clip(deposit + 0.03 * (1 - grain), 0, 0.88))  # the bare paper's grain too
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _paper_colour(rng: np.random.Generator, style: str) -> np.ndarray:
    if style == "sketchbook" and rng.random() < 0.4:
        return np.full(3, rng.uniform(200, 220), np.float32)  # grey toned paper
    return np.array([250, 249, 246], np.float32) - rng.uniform(0, 6)


def _sketch_boxes(rng: np.random.Generator, width: int, height: int) -> list[tuple[float, float, float, float]]:
    """Two to four loose cells on the page, each holding one small sketch."""
    rows = 2 if height > 500 else 1
    columns = int(rng.integers(1, 3))
    cell_w, cell_h = width / columns, height / rows
    return [(cell_w * c + rng.uniform(0, 0.08) * cell_w, cell_h * r + rng.uniform(0, 0.08) * cell_h,
             cell_w * rng.uniform(0.85, 0.95), cell_h * rng.uniform(0.85, 0.95))
            for r in range(rows) for c in range(columns)]


def _draw_scene(scene: Scene, palette: Palette, rng: np.random.Generator, style: str) -> np.ndarray:
    shade = shade_for_drawing(scene, palette)
    if style == "sketchbook":
        parts = scene.figures
        shade *= _mask_of(parts, scene)
    else:
        parts = scene.parts
    if style == "tonal":
        tone = soften(shade * 0.7, 5) * (0.8 + 0.35 * _streaks(rng, scene, rng.uniform(-0.8, -0.4)))
        tone = np.clip(tone - _lifted_highlights(rng, scene), 0, 1)
        return np.maximum(tone, _contours(scene, parts, rng, strength=0.35, passes=1))
    hatching = _hatching(rng, scene, shade, style)
    lines = _contours(scene, parts, rng, strength=0.8 if style == "study" else 0.95, passes=2)
    marks = np.maximum(hatching, lines)
    if style == "study":
        marks = np.maximum(marks, _construction(scene, parts, rng))
    return marks


def _mask_of(parts: list[Part], scene: Scene) -> np.ndarray:
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    for part in parts:
        if part.closed:
            draw.polygon([tuple(p) for p in part.points], fill=255)
    return np.asarray(image, dtype=np.float32) / 255


def _contours(scene: Scene, parts: list[Part], rng: np.random.Generator, strength: float, passes: int) -> np.ndarray:
    """Each outline drawn `passes` times with a wandering hand; pressure sets darkness and width."""
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    for part in parts:
        for _ in range(passes):
            line = part_outline(part, rng, step=6, wobble=0.5)
            pressure = np.clip(swelling_widths(rng, len(line), 1.0, taper=True), 0.2, 1.5)
            fills = (np.clip(pressure * strength, 0, 1) * 255).astype(int).tolist()
            pressure_line(draw, line, 1 + pressure, fills)
    return np.asarray(image, dtype=np.float32) / 255


def _hatching(rng: np.random.Generator, scene: Scene, shade: np.ndarray, style: str) -> np.ndarray:
    """Layers of broken parallel strokes, each layer admitted where the tone passes its threshold."""
    angle = rng.uniform(0.5, 1.2) if style == "study" else rng.uniform(1.0, 1.4)
    spacing = rng.uniform(4, 6) if style == "study" else rng.uniform(5, 8)
    total = np.zeros(shade.shape, np.float32)
    for layer, threshold in enumerate((0.25, 0.5, 0.72)[: 3 if style == "study" else 2]):
        image = Image.new("L", (scene.width, scene.height), 0)
        hatch_lines(ImageDraw.Draw(image), rng, scene.width, scene.height, angle + layer * 0.9, spacing, (110, 210))
        admitted = np.clip((shade - threshold) * 5, 0, 1) * lifts(rng, scene.height, scene.width, spacing * 4)
        total = np.maximum(total, np.asarray(image, dtype=np.float32) / 255 * admitted)
    return total


def _streaks(rng: np.random.Generator, scene: Scene, angle: float) -> np.ndarray:
    """Stretched noise along one direction: the grain a stump leaves when it rubs tone in."""
    noise = Image.fromarray((rng.random((scene.height // 8 + 2, scene.width // 2 + 2)) * 255).astype(np.uint8))
    streaked = noise.resize((scene.width, scene.height), Image.Resampling.BILINEAR)  # the stretch: 4 times along
    streaked = streaked.rotate(np.degrees(angle), resample=Image.Resampling.BILINEAR)
    left, top = scene.width // 4, scene.height // 4
    streaked = streaked.crop((left, top, left + scene.width // 2, top + scene.height // 2))
    return np.asarray(streaked.resize((scene.width, scene.height), Image.Resampling.BILINEAR), dtype=np.float32) / 255


def _lifted_highlights(rng: np.random.Generator, scene: Scene) -> np.ndarray:
    """Strokes of a kneaded eraser across the figures' lit sides."""
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    for part in scene.figures:
        if part.closed and rng.random() < 0.6:
            centre = part.centre + scene.light * part.radius * 0.4
            reach = part.radius * 0.3
            draw.line([tuple(centre - (reach, -reach * 0.3)), tuple(centre + (reach, -reach * 0.3))], fill=255,
                      width=max(2, round(part.radius * 0.06)))
    return soften(np.asarray(image, dtype=np.float32) / 255, 3) * 0.6


def _construction(scene: Scene, parts: list[Part], rng: np.random.Generator) -> np.ndarray:
    """Faint guide lines: a centre axis and an enclosing ellipse for the larger figures."""
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    fill = int(rng.uniform(50, 80))
    for part in parts:
        if part.backdrop or not part.closed or part.radius < scene.width * 0.06 or rng.random() < 0.4:
            continue
        (x0, y0), (x1, y1) = part.points.min(0), part.points.max(0)
        cx = (x0 + x1) / 2
        draw.line([(cx, y0 - 15), (cx, y1 + 15)], fill=fill, width=1)
        guide = ellipse(cx, (y0 + y1) / 2, (x1 - x0) * 0.55, (y1 - y0) * 0.55, 36)
        draw.line([tuple(p) for p in guide] + [tuple(guide[0])], fill=fill, width=1)
    return np.asarray(image, dtype=np.float32) / 255
