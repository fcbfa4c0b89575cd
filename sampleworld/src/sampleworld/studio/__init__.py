"""Studio: a training renderer family written apart from the other families.

Each medium has three styles that differ in ground (white or cream sheet, flat colour, full bleed,
dark), subject, scale of marks and composition, while keeping what fixes the medium in real art,
so that a classifier trained on several independently written families learns the medium itself.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oil, pen, vector, watercolor

_MODULES = {"3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oil, "pen_ink": pen,
            "vectorart": vector, "watercolor": watercolor}

STUDIO_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in _MODULES.items()}


def render_studio(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                  style: str | None = None) -> Image.Image:
    """An RGB artwork of `medium` in `mood`, the same pixels for the same arguments."""
    if medium not in _MODULES or mood not in MOODS:
        raise ValueError(f"unknown medium or mood: {medium!r}, {mood!r}")
    if height is None:
        height = int(np.random.default_rng([seed, 0x57D]).integers(400, 901))
    styles = sorted(STUDIO_STYLES[medium])
    picker = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood), 0x57D])
    style = style or styles[int(picker.integers(len(styles)))]
    if style not in STUDIO_STYLES[medium]:
        raise ValueError(f"unknown {medium} style: {style!r}")
    rng = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood), styles.index(style), 0x57D])
    image = _MODULES[medium].render(style, mood, rng, int(width), int(height))
    if image.size != (width, height):
        image = image.resize((width, height), Image.BILINEAR)
    return image.convert("RGB")
