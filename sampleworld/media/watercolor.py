"""Watercolour: transparent washes with wobbly, bleeding edges, dark drying rims, blooms,
pigment granulation and paper texture; white paper shows through the thin background washes.

Washes are worked out at half resolution (they are soft anyway) and pigment is laid on paper
subtractively, as light passes through it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.palette import Palette
from sampleworld.raster import blur, flat_colours, label_map, noise
from sampleworld.scene import Scene
from sampleworld.style import Style


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style) -> np.ndarray:
    h, w = scene.height, scene.width
    scale = w / 600
    labels = label_map(scene)
    colours = flat_colours(scene, palette, labels)
    half = np.asarray(Image.fromarray(colours.astype(np.uint8)).reduce(2), dtype=np.float32)
    rows, cols = _wobble(rng, *half.shape[:2], amplitude=7 * scale)
    pigment = (1 - half[rows, cols] / 255) * rng.uniform(0.75, 0.95)
    pigment[labels[::2, ::2][rows, cols] == 0] *= rng.uniform(0.35, 0.65)  # thin washes behind the subject
    bleed = style.bleed * scale / 2
    soft = blur(pigment, bleed)
    rim = np.clip(soft - blur(pigment, bleed * 3), 0, 1) * rng.uniform(1.5, 2.5)
    blooms = 0.75 + 0.45 * noise(rng, *half.shape[:2], 30 * scale)[..., None]
    washes = np.clip(soft * blooms + rim, 0, 1)
    washes = np.asarray(Image.fromarray((washes * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BILINEAR),
                        dtype=np.float32) / 255
    grain = noise(rng, h, w, 2.5 * style.texture_scale * scale)
    paper_texture = noise(rng, h, w, 6 * style.texture_scale * scale)
    settle = (0.8 + 0.25 * grain + 0.2 * paper_texture)[..., None]  # pigment settles in the paper's dips
    paper = palette.paper.astype(np.float32) * (1 - 0.07 * (paper_texture[..., None] - 0.5))
    return paper * (1 - np.clip(washes * settle, 0, 0.97))


def _wobble(rng: np.random.Generator, h: int, w: int, amplitude: float) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays that shift every pixel by smooth noise, so that wash edges meander like wet paint."""
    dy = ((noise(rng, h, w, 20) - 0.5) * 2 * amplitude).astype(np.int32)
    dx = ((noise(rng, h, w, 20) - 0.5) * 2 * amplitude).astype(np.int32)
    rows = np.clip(np.arange(h)[:, None] + dy, 0, h - 1)
    cols = np.clip(np.arange(w)[None, :] + dx, 0, w - 1)
    return rows, cols
