"""Pen and ink: black (or sepia) lines of near-constant weight on light paper. Tone comes only
from how densely lines or dots are laid, never from grey wash: layered straight cross-hatching,
stippled dots, or form-following parallel hatching, with solid black in the deepest shadows."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.outsider.composition import Scene, compose
from sampleworld.outsider.inking import hatch_lines, part_outline, pressure_line
from sampleworld.outsider.palettes import Palette
from sampleworld.outsider.paper import lay
from sampleworld.outsider.shading import shade_for_drawing, shadow_side

BLACK_INK, WHITE_PAPER = np.array([16, 16, 18], np.float32), np.array([252, 252, 250], np.float32)
SEPIA_INK, CREAM_PAPER = np.array([88, 56, 30], np.float32), np.array([243, 234, 214], np.float32)
STYLES = {
    "crosshatch": "pen-and-ink illustration: even black contours, up to three layers of straight "
                  "cross-hatching by tone, solid blacks, white paper",
    "stipple": "stippled illustration with a technical pen: tone from thousands of ink dots, fine "
               "even contours",
    "sepia": "sepia quill sketch on cream paper: near-constant lines, parallel hatching on the shadow "
             "sides, a second layer in the darks, no wash",
}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    scene = compose(rng, width, height)
    shade = shade_for_drawing(scene, palette)
    if style == "stipple":
        ink = _stipple(rng, shade)
    elif style == "sepia":
        ink = _form_hatching(scene, rng, shade)
    else:
        ink = _crosshatch(scene, rng, shade)
    ink = np.maximum(ink, _contours(scene, rng, 1 if style == "stipple" else 2))
    ink = np.maximum(ink, ((shade > 0.75) & (shadow_side(scene) > 0.5)).astype(np.float32))  # solid blacks
    ink_colour, paper = (SEPIA_INK, CREAM_PAPER) if style == "sepia" else (BLACK_INK, WHITE_PAPER)
    return Image.fromarray(np.clip(lay(paper, ink_colour, ink), 0, 255).astype(np.uint8))


def _contours(scene: Scene, rng: np.random.Generator, weight: int) -> np.ndarray:
    image = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(image)
    for part in scene.parts:
        if part.backdrop and part.points[:, 1].min() <= 1:
            continue  # the sky's frame is the picture's edge, not a line
        pressure_line(draw, part_outline(part, rng, step=7, wobble=0.3), np.full(400, weight), 255)
    return np.asarray(image, dtype=np.float32) / 255


def _crosshatch(scene: Scene, rng: np.random.Generator, shade: np.ndarray) -> np.ndarray:
    """One layer of straight hatching per tone step, each turned a little further."""
    angle, spacing = rng.uniform(0.6, 1.0), rng.uniform(4, 6)
    ink = np.zeros(shade.shape, np.float32)
    for layer, threshold in enumerate((0.2, 0.45, 0.7)):
        image = Image.new("L", (scene.width, scene.height), 0)
        hatch_lines(ImageDraw.Draw(image), rng, scene.width, scene.height, angle + layer * 1.1, spacing, 255)
        ink = np.maximum(ink, np.asarray(image, dtype=np.float32) / 255 * (shade > threshold))
    return ink


def _stipple(rng: np.random.Generator, shade: np.ndarray) -> np.ndarray:
    """Random dots kept with a probability that grows with the tone, each two pixels wide."""
    height, width = shade.shape
    count = int(height * width * 0.22)
    ys, xs = rng.integers(0, height - 1, count), rng.integers(0, width - 1, count)
    kept = rng.random(count) < np.clip((shade[ys, xs] - 0.3) / 0.7, 0, 1) ** 1.2 * 0.6  # light passages stay bare
    ys, xs = ys[kept], xs[kept]
    ink = np.zeros(shade.shape, np.float32)
    for dy, dx in ((0, 0), (0, 1), (1, 0), (1, 1)):
        ink[ys + dy, xs + dx] = 1
    return ink


def _form_hatching(scene: Scene, rng: np.random.Generator, shade: np.ndarray) -> np.ndarray:
    """Parallel strokes at each figure's own angle over its shadow side, a second layer in the darks."""
    ink = np.zeros(shade.shape, np.float32)
    shadow = shadow_side(scene)
    spacing = rng.uniform(4.5, 7)
    first = rng.uniform(0.3, 1.3)
    for angle, where in ((first, (shadow > 0.4) | (shade > 0.55)), (first + 1.4, shade > 0.75)):
        image = Image.new("L", (scene.width, scene.height), 0)
        hatch_lines(ImageDraw.Draw(image), rng, scene.width, scene.height, angle, spacing, 255)
        ink = np.maximum(ink, np.asarray(image, dtype=np.float32) / 255 * where)
    return ink
