"""Watercolour: transparent washes that multiply over white paper, bleed wet-in-wet, dry with hard dark
edges, bloom and granulate, and leave paper bare for the lights."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import marks, noise, paper, raster
from .palettes import palette
from .scene import compose

STYLES = {
    "foundry_loose_wash": "loose plein-air watercolour: wet-in-wet sky, broad washes with blooms and hard dried "
                          "edges, white paper left for the lights",
    "foundry_botanical_vignette": "botanical/still-life study: a single subject in layered glazes over a faint "
                                  "pencil drawing, floating on bare white paper",
    "foundry_ink_and_wash": "urban-sketch line and wash: dark pen lines with quick washes that slip off the lines",
}
WORK_SIDE = 360  # washes are solved this small: pigment edges are soft anyway


def _absorb(colour: np.ndarray) -> np.ndarray:
    """Optical density per channel of a pigment that at full strength reads as `colour` over white."""
    return -np.log(np.clip(np.asarray(colour, np.float32), 45, 250) / 255).astype(np.float32)


def _wash(rng, mask: np.ndarray, bleed: float, strength: float) -> np.ndarray:
    """Pigment density of one wash: bled, mottled, with the dark rim a drying puddle leaves."""
    h, w = mask.shape
    soft = noise.blur(mask, bleed) if bleed > 0.3 else mask
    mottle = noise.field(rng, h, w, max(4.0, w / 10))
    rim = np.clip(mask - noise.blur(mask, 1.5), 0, 1)
    density = soft * (0.6 + 0.55 * mottle) + rim * 0.9
    return density * strength


def _bloom(rng, density: np.ndarray, count: int, size: float):
    """Back-runs: water dropped into a damp wash pushes pigment out into a cauliflower ring."""
    h, w = density.shape
    image = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(image)
    for _ in range(count):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), size * rng.uniform(0.5, 1.2)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
    spot = noise.blur(np.asarray(image, dtype=np.float32) / 255, 1.0)
    ring = np.clip(spot - noise.blur(spot, 2.0), 0, 1)
    return density * (1 - 0.55 * spot) + ring * 0.6 * (density > 0.05)


def _layers(rng, style, mood, width, height):
    pal = palette(mood, rng)
    k = min(1.0, WORK_SIDE / max(width, height))
    sw, sh = max(2, round(width * k)), max(2, round(height * k))
    if style == "foundry_botanical_vignette":
        scene = compose(rng, width, height, kinds=("flower", "still_life", "bird", "tree"), framing="close",
                        ground="none")
    elif style == "foundry_ink_and_wash":
        scene = compose(rng, width, height, kinds=("building", "car", "person", "tree", "bicycle"), framing="wide",
                        ground="horizon")
    else:
        scene = compose(rng, width, height, framing=("mid", "wide")[int(rng.integers(2))],
                        ground=("horizon", "hills")[int(rng.integers(2))])
    label = raster.labels(scene.parts, sw, sh, k).astype(np.int32)
    light = np.asarray(Image.fromarray(raster.Relief(scene).lambert(scene.light), mode="F").resize((sw, sh),
                                                                                                   Image.BILINEAR))
    dark = {"happy": 0.75, "peaceful": 0.7, "gloomy": 1.0, "scary": 1.2}[mood]
    absorbance = np.zeros((sh, sw, 3), np.float32)
    y = np.arange(sh, dtype=np.float32)[:, None] / sh
    horizon = (scene.horizon or height) / height
    if style != "foundry_botanical_vignette":
        clouds = noise.fbm(rng, sh, sw, sw / 3)
        sky = np.clip((clouds - 0.4) * 2, 0, 1) * (y < horizon + 0.02) * np.clip(1.3 - y / max(horizon, 0.1), 0, 1)
        sky = noise.blur(sky, 4.0)  # wet-in-wet: the sky was laid on damp paper
        mix = noise.field(rng, sh, sw, sw / 2)[..., None]
        tint = _absorb(pal.sky_top) * (1 - mix) + _absorb(pal.sky_bottom) * mix
        absorbance += tint * (sky * 0.7 * dark)[..., None]
        ground = (y > horizon) & (label == 0) & (noise.fbm(rng, sh, sw, sw / 4) > 0.3)
        absorbance += _absorb(pal.ground)[None, None, :] * _wash(rng, ground.astype(np.float32), 1.5,
                                                                  0.45 * dark)[..., None]
    table = np.array([[0, 0, 0]] + [_absorb(pal.role(part.role)) for part in scene.parts[:255]], np.float32)
    shift = tuple(rng.integers(-3, 4, 2)) if style == "foundry_ink_and_wash" else (0, 0)
    label = np.roll(label, shift, axis=(0, 1))
    light = np.roll(light, shift, axis=(0, 1))
    mask = (label > 0) & (light < (0.93 if style != "foundry_ink_and_wash" else 0.8))
    if style == "foundry_ink_and_wash":
        mask &= noise.field(rng, sh, sw, sw / 6) > 0.3  # quick washes skip parts of the drawing
    edges = np.zeros_like(mask)
    edges[1:] |= label[1:] != label[:-1]
    edges[:, 1:] |= label[:, 1:] != label[:, :-1]
    mask = mask.astype(np.float32)
    density = _wash(rng, mask * ~edges, 0.7, 0.75 * dark)
    density += _wash(rng, mask * (light < 0.5), 0.8, 0.45 * dark)  # a shadow glaze once the first dried
    if rng.random() < 0.6:
        density = _bloom(rng, density, int(rng.integers(1, 4)), sw / 14)
    absorbance += table[label] * density[..., None]
    return scene, absorbance


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    scene, absorbance = _layers(rng, style, mood, width, height)
    full = np.stack([np.asarray(Image.fromarray(absorbance[..., c], mode="F").resize((width, height),
                                                                                     Image.BILINEAR))
                     for c in range(3)], axis=2)
    tooth = paper.tooth(rng, height, width, 2.5)
    granulation = (0.75 + 0.5 * tooth)[..., None]  # pigment settles in the paper's pits
    sheet = paper.sheet(rng, np.array([252, 251, 248], np.float32), tooth, 0.025)
    image = sheet * np.exp(-full * granulation)
    if style != "foundry_loose_wash":
        line = Image.new("L", (width, height), 0)
        draw = ImageDraw.Draw(line)
        ink = style == "foundry_ink_and_wash"
        for part in scene.subject_parts:
            path = marks.densify(raster.outline(part), 6.0)
            marks.trace(draw, path, rng, 1.5, max(1.0, min(width, height) / (250 if ink else 500)),
                        230 if ink else 90, pieces=2)
        amount = (np.asarray(line, dtype=np.float32) / 255)[..., None]
        colour = np.array([30, 28, 35] if ink else [120, 118, 115], np.float32)
        image = image * (1 - amount) + colour * amount
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
