"""Salon: a third training renderer family, written apart from sampleworld.media and atelier.

Each medium has three styles that vary ground, subject, scale of marks, composition, palette
and light while keeping what fixes the medium in real art, so that a classifier trained on
several independently written families learns the medium rather than one house look.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oil, pen, vector, watercolor

_MODULES = {"3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oil, "pen_ink": pen,
            "vectorart": vector, "watercolor": watercolor}

SALON_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in _MODULES.items()}


def render_salon(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                 style: str | None = None) -> Image.Image:
    """An RGB artwork of `medium` in `mood`, the same pixels for the same arguments."""
    if medium not in _MODULES or mood not in MOODS:
        raise ValueError(f"unknown medium or mood: {medium!r}, {mood!r}")
    rng = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood), 0x5A1])
    if height is None:
        height = int(np.random.default_rng([seed, 0x5A1]).integers(400, 901))
    styles = sorted(SALON_STYLES[medium])
    style = style or styles[int(rng.integers(len(styles)))]
    if style not in SALON_STYLES[medium]:
        raise ValueError(f"unknown {medium} style: {style!r}")
    image = _MODULES[medium].render(style, mood, rng, int(width), int(height))
    return image.convert("RGB")
