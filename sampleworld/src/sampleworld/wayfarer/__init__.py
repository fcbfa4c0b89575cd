"""Wayfarer: an independent renderer family that draws artworks in the seven media.

It exists to be a second held-out family for the sample world: a model trained on other
families and scored here shows whether it learnt what a medium looks like (graphite grain,
watercolour blooms, impasto ridges, halftone dots ...) rather than one renderer's habits.
Nothing here borrows from the other families; only the media and mood names are shared.

Every medium offers two or three styles, each imitating one kind of real artwork; the style,
subject, composition, palette and marks are all drawn from numpy generators seeded by the
call's arguments, so the same arguments give the same pixels in any process.
"""

from __future__ import annotations

import zlib

import numpy as np
from PIL import Image

from sampleworld.vocabulary import MEDIA, MOODS

from . import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor

__all__ = ["WAYFARER_STYLES", "render_wayfarer", "wayfarer_style"]

_MODULES = {
    "3d_graphics": graphics3d, "comic": comic, "graphite": graphite, "oilpaint": oilpaint,
    "pen_ink": pen_ink, "vectorart": vectorart, "watercolor": watercolor,
}

WAYFARER_STYLES: dict[str, dict[str, str]] = {
    medium: {key: description for key, (description, _) in _MODULES[medium].STYLES.items()}
    for medium in MEDIA
}

_FAMILY = zlib.crc32(b"wayfarer")


def _key(text: str) -> int:
    """A stable integer for a name (Python's hash() changes between processes)."""
    return zlib.crc32(text.encode())


def _seed(seed: int) -> int:
    """Seeds may be any int; SeedSequence wants a non-negative one."""
    return int(seed) % (1 << 64)


def _check(medium: str, mood: str | None = None) -> None:
    if medium not in WAYFARER_STYLES:
        raise ValueError(f"unknown medium {medium!r}; known media are {', '.join(MEDIA)}.")
    if mood is not None and mood not in MOODS:
        raise ValueError(f"unknown mood {mood!r}; known moods are {', '.join(MOODS)}.")


def wayfarer_style(medium: str, seed: int) -> str:
    """The style `render_wayfarer` uses for this medium and seed when none is asked for."""
    _check(medium)
    styles = list(WAYFARER_STYLES[medium])
    rng = np.random.default_rng([_seed(seed), _FAMILY, _key("style"), _key(medium)])
    return styles[int(rng.integers(len(styles)))]


def render_wayfarer(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                    style: str | None = None) -> Image.Image:
    """Render one artwork as an RGB image of size (width, height).

    height=None draws a height between 400 and 900 from the seed alone, so a seed gives the
    same picture shape in every medium.
    """
    _check(medium, mood)
    if style is None:
        style = wayfarer_style(medium, seed)
    elif style not in WAYFARER_STYLES[medium]:
        raise ValueError(f"unknown {medium} style {style!r}; known styles are "
                         f"{', '.join(WAYFARER_STYLES[medium])}.")
    if height is None:
        height = int(np.random.default_rng([_seed(seed), _FAMILY, _key("height")])
                     .integers(400, 901))
    width, height = int(width), int(height)
    if width < 16 or height < 16:
        raise ValueError(f"artworks must be at least 16x16 pixels, not {width}x{height}.")
    rng = np.random.default_rng([_seed(seed), _FAMILY, _key(medium), _key(style), _key(mood)])
    _, draw = _MODULES[medium].STYLES[style]
    image = draw(rng, mood, width, height)
    return image if image.mode == "RGB" else image.convert("RGB")
