"""Pen and ink: near-constant-weight black (or sepia) lines on light paper, cross-hatching and stippling, no wash."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import marks, paper, raster
from .scene import compose

STYLES = {
    "foundry_fine_liner": "technical fine-liner drawing: thin even contours and dense layered cross-hatching, "
                          "lots of small detail",
    "foundry_stipple": "stippled ink illustration: bold outlines, form and shadow built from equal dots",
    "foundry_sepia_nib": "dip-pen sketch in sepia ink on cream paper: parallel and cross hatching, loose contours",
}
_DENSITY = {"happy": 0.75, "peaceful": 0.85, "gloomy": 1.0, "scary": 1.15}
_INK = {"foundry_sepia_nib": np.array([98.0, 66.0, 40.0], np.float32)}
_BLACK = np.array([18.0, 18.0, 22.0], np.float32)


def _tone(scene, mood) -> tuple[np.ndarray, np.ndarray]:
    """How dark each pixel should read (0..1) from the subjects' shading, and the subject mask."""
    light = raster.Relief(scene).lambert(scene.light)
    subject = raster.labels(scene.parts, scene.width, scene.height) > 0
    tone = np.where(subject, 1 - light, 0.0).astype(np.float32)
    if scene.horizon is not None:
        y = np.arange(scene.height, dtype=np.float32)[:, None]
        ground = np.clip((y - scene.horizon) / scene.height * 1.6, 0, 0.45)
        tone = np.where(subject, tone, ground)
    return np.clip(tone * _DENSITY[mood], 0, 1), subject


def _contours(scene, weight, rng, wobble) -> np.ndarray:
    layer = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(layer)
    for part in scene.parts:
        raster.draw_part(draw, part, 0)
        if wobble:
            path = marks.densify(raster.outline(part), 6.0)
            marks.trace(draw, path, rng, wobble, weight, 255, pieces=int(rng.integers(1, 3)))
        else:
            raster.draw_part(draw, part, 0, outline=255, weight=weight)
            raster.draw_part(draw, part, 0)
    return np.asarray(layer, dtype=np.float32) / 255


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    side = min(width, height)
    if style == "foundry_fine_liner":
        scene = compose(rng, width, height, framing=("mid", "wide")[int(rng.integers(2))])
        tone, _ = _tone(scene, mood)
        spacing = max(2.5, side / 120)
        ink = np.zeros_like(tone)
        base = rng.uniform(0, np.pi)
        for offset, threshold in ((0.0, 0.15), (np.pi / 2, 0.4), (np.pi / 4, 0.65)):
            lines = marks.hatch(rng, height, width, base + offset, spacing, 1.0, wobble=spacing * 0.4)
            ink = np.maximum(ink, lines * (tone > threshold))
        weight = 1.0
        ink = np.maximum(ink, _contours(scene, weight, rng, 0.0))
        colour, sheet = _BLACK, paper.WHITE
    elif style == "foundry_stipple":
        scene = compose(rng, width, height, framing=("close", "mid")[int(rng.integers(2))], ground="none")
        tone, _ = _tone(scene, mood)
        cell = max(3, round(side / 130))
        ink = marks.stipple(rng, tone ** 1.3 * 0.9, cell, max(1, round(cell / 3)))
        ink = np.maximum(ink, _contours(scene, max(2.0, side / 160), rng, 0.0))
        colour, sheet = _BLACK, paper.WHITE
    else:
        scene = compose(rng, width, height)
        tone, _ = _tone(scene, mood)
        spacing = max(3.0, side / 80)
        angle = rng.uniform(0.5, 1.1)
        ink = marks.hatch(rng, height, width, angle, spacing, 1.4, wobble=spacing, dash=spacing * 10) * (tone > 0.25)
        cross = marks.hatch(rng, height, width, angle + 1.3, spacing, 1.4, wobble=spacing, dash=spacing * 8)
        ink = np.maximum(ink, cross * (tone > 0.55))
        ink = np.maximum(ink, _contours(scene, max(1.0, side / 300), rng, max(1.5, side / 250)))
        colour, sheet = _INK[style], paper.CREAM
    tooth = paper.tooth(rng, height, width, 2.0)
    ink = np.clip(ink * (0.8 + 0.4 * tooth), 0, 1)[..., None]  # ink skips a little on the paper's tooth
    base = paper.sheet(rng, sheet, tooth, 0.03)
    return Image.fromarray(np.clip(base * (1 - ink) + colour * ink, 0, 255).astype(np.uint8))
