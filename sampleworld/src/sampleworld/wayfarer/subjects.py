"""Procedural subjects: landscapes, portraits, animals, still lifes, streets, flowers, abstracts.

`build` lays out one subject of a kind inside a box and returns its parts, back to front (see
`parts`). Subjects carry no style and take their colours from the palette by role; mood only
changes what a subject does (a smile, closed eyes, a bared mouth).
"""

from __future__ import annotations

import numpy as np

from . import figures, objects, outdoors
from .parts import Box, Part

_BUILDERS = {
    "landscape": outdoors.landscape, "street": outdoors.street, "portrait": figures.portrait,
    "animal": figures.animal, "bird": figures.bird, "still_life": objects.still_life,
    "flower": objects.flower, "abstract": objects.abstract,
}


def build(kind: str, rng: np.random.Generator, box, mood: str) -> list[Part]:
    """The parts of one subject of `kind` filling `box` (x0, y0, x1, y1)."""
    return _BUILDERS[kind](rng, Box(box), mood)
