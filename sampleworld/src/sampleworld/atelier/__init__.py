"""Atelier: a second training renderer family, written apart from sampleworld.media.

Each medium has three or four styles that vary ground, subject, scale of marks, composition,
palette and light while keeping what fixes the medium in real art, so that a classifier
trained on every family learns the medium rather than one house look.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor

_MODULES = {"3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oilpaint,
            "pen_ink": pen_ink, "vectorart": vectorart, "watercolor": watercolor}

ATELIER_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in _MODULES.items()}


def render_atelier(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                   style: str | None = None) -> Image.Image:
    """An RGB artwork of `medium` in `mood`, the same pixels for the same arguments."""
    if medium not in _MODULES or mood not in MOODS:
        raise ValueError(f"unknown medium or mood: {medium!r}, {mood!r}")
    rng = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood)])
    if height is None:
        height = int(np.random.default_rng(seed).integers(400, 901))
    styles = sorted(ATELIER_STYLES[medium])
    style = style or styles[int(rng.integers(len(styles)))]
    if style not in ATELIER_STYLES[medium]:
        raise ValueError(f"unknown {medium} style: {style!r}")
    image = _MODULES[medium].render(style, mood, rng, width, height)
    return image.convert("RGB")
