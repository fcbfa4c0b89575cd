"""Gallery: a third training renderer family, written apart from sampleworld.media and atelier.

Subjects are signed distance fields rather than polygons, marks are vectorised fields (hatching,
stipple, halftone, washes as optical density, strokes with paint height) and 3D is ray-traced, so the
family's house look differs from the others while each medium keeps what fixes it in real art.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor

_MODULES = {"3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oilpaint,
            "pen_ink": pen_ink, "vectorart": vectorart, "watercolor": watercolor}

GALLERY_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in _MODULES.items()}


def render_gallery(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                   style: str | None = None) -> Image.Image:
    """An RGB artwork of `medium` in `mood`, exactly width x height, the same pixels for the same arguments."""
    if medium not in _MODULES or mood not in MOODS:
        raise ValueError(f"unknown medium or mood: {medium!r}, {mood!r}")
    rng = np.random.default_rng([seed, MEDIA.index(medium), MOODS.index(mood), 0x6A11])
    if height is None:
        height = int(np.random.default_rng([seed, 0x6A11]).integers(400, 901))
    styles = sorted(GALLERY_STYLES[medium])
    style = style or styles[int(rng.integers(len(styles)))]
    if style not in GALLERY_STYLES[medium]:
        raise ValueError(f"unknown {medium} style: {style!r}")
    return _MODULES[medium].render(style, mood, rng, int(width), int(height)).convert("RGB")
