"""Foundry: a training renderer family written apart from the others.

Every picture starts from a procedurally built subject (people, animals, plants, vehicles,
buildings, still life, lettering) made of 2-D parts with a dome height map, at a seeded framing
and ground; each medium's module turns that subject into its own marks, so a classifier learns
the medium's marks rather than one family's house look.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oil, pen, vector, watercolor

_MODULES = {"3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oil, "pen_ink": pen,
            "vectorart": vector, "watercolor": watercolor}

FOUNDRY_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in _MODULES.items()}


def render_foundry(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                   style: str | None = None) -> Image.Image:
    """An RGB artwork of `medium` in `mood`, the same pixels for the same arguments."""
    if medium not in _MODULES or mood not in MOODS:
        raise ValueError(f"unknown medium or mood: {medium!r}, {mood!r}")
    if height is None:
        height = int(np.random.default_rng([seed, 0xF0D]).integers(400, 901))
    rng = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood), 0xF0D])
    styles = sorted(FOUNDRY_STYLES[medium])
    style = style or styles[int(rng.integers(len(styles)))]
    if style not in FOUNDRY_STYLES[medium]:
        raise ValueError(f"unknown {medium} style: {style!r}")
    image = _MODULES[medium].render(style, mood, rng, int(width), int(height))
    return image.convert("RGB")
