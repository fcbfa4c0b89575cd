"""Watercolour: transparent washes with wobbly, bleeding edges, dark drying rims, blooms,
pigment granulation and paper texture; white paper shows through and is left unpainted.

Washes are worked out at half resolution (they are soft anyway) and pigment is laid on paper
subtractively, as light passes through it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import blur, flat_colours, label_map, noise
from sampleworld.scene import Scene
from sampleworld.style import Style

LOOKS = {
    "washes": "full watercolour scene: thin background washes, hard dried rims, blooms, granulation",
    "loose": "loose wet-in-wet painting: colours bleeding into each other, lots of white paper",
    "vignette": "illustration vignette: the subject alone in layered glazes on white paper, crisp edges",
    "splash": "splashy watercolour: washes fading out at the paper's edge, splatter drops, heavy granulation",
}
# per look: wobble of the edges, bleed multiplier, pigment of the background (0 leaves it white)
SETTINGS = {"washes": (7, 1.0, 0.5), "loose": (12, 3.0, 0.3), "vignette": (4, 0.5, 0.0), "splash": (9, 1.5, 0.45)}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    wobble, bleed_factor, ground = SETTINGS[look]
    labels = label_map(scene)
    colours = flat_colours(scene, palette, labels)
    half = np.asarray(Image.fromarray(colours.astype(np.uint8)).reduce(2), dtype=np.float32)
    rows, cols = _wobble(rng, *half.shape[:2], amplitude=wobble * scale)
    pigment = (1 - half[rows, cols] / 255) * rng.uniform(0.75, 0.95)
    pigment[labels[::2, ::2][rows, cols] == 0] *= ground * rng.uniform(0.7, 1.3)  # thin washes behind the subject
    if look == "splash":
        pigment *= _fade(rng, *half.shape[:2])[..., None]
        pigment = np.maximum(pigment, _splatter(rng, half.shape[1], half.shape[0], palette))
    bleed = style.bleed * scale / 2 * bleed_factor
    soft = blur(pigment, bleed)
    rim = np.clip(soft - blur(pigment, bleed * 3), 0, 1) * rng.uniform(1.5, 2.5)
    bloom_size = (60 if look == "splash" else 30) * scale
    blooms = 0.75 + 0.45 * noise(rng, *half.shape[:2], bloom_size)[..., None]
    washes = np.clip(soft * blooms + rim, 0, 1)
    washes = np.asarray(Image.fromarray((washes * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BILINEAR),
                        dtype=np.float32) / 255
    grain = noise(rng, h, w, 2.5 * style.texture_scale * scale)
    paper_texture = noise(rng, h, w, 6 * style.texture_scale * scale)
    granulation = 0.45 if look == "splash" else 0.25
    settle = (0.8 + granulation * grain + 0.2 * paper_texture)[..., None]  # pigment settles in the paper's dips
    paper = palette.paper.astype(np.float32) * (1 - 0.07 * (paper_texture[..., None] - 0.5))
    return paper * (1 - np.clip(washes * settle, 0, 0.97))


def _wobble(rng: np.random.Generator, h: int, w: int, amplitude: float) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays that shift every pixel by smooth noise, so that wash edges meander like wet paint."""
    dy = ((noise(rng, h, w, 20) - 0.5) * 2 * amplitude).astype(np.int32)
    dx = ((noise(rng, h, w, 20) - 0.5) * 2 * amplitude).astype(np.int32)
    rows = np.clip(np.arange(h)[:, None] + dy, 0, h - 1)
    cols = np.clip(np.arange(w)[None, :] + dx, 0, w - 1)
    return rows, cols


def _fade(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """1 in the middle, falling irregularly to 0 towards the edges: the painting stops before the paper does."""
    y = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
    reach = 0.75 + 0.35 * noise(rng, h, w, 40)
    return np.clip((reach - np.maximum(np.abs(x), np.abs(y))) * 4, 0, 1)


def _splatter(rng: np.random.Generator, w: int, h: int, palette: Palette) -> np.ndarray:
    """Pigment of flicked drops: round blots of palette colours."""
    image = Image.new("RGB", (w, h), (0, 0, 0))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(15, 60))):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.5, 6) * w / 300
        colour = 255 - palette.colours[rng.integers(len(palette.colours))]
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(int(c * 0.85) for c in colour))
    return np.asarray(image, dtype=np.float32) / 255
