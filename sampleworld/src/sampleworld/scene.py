"""What an artwork shows, before any medium draws it: a background and a list of flat shapes.

Every medium renders the same `Scene` its own way, so the subject never tells the medium.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sampleworld import subjects
from sampleworld.palette import N_COLOURS


@dataclass(frozen=True)
class Shape:
    kind: str  # "ellipse" (points = one bounding box row x0, y0, x1, y1) or "polygon"
    points: np.ndarray
    colour: int  # index into the palette's colours

    @property
    def xy(self) -> list[float]:
        """The coordinates as Pillow's ImageDraw wants them."""
        return self.points.ravel().tolist()

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        flat = self.points.reshape(-1, 2)
        x0, y0 = np.floor(flat.min(0)).astype(int)
        x1, y1 = np.ceil(flat.max(0)).astype(int)
        return int(x0), int(y0), int(x1) + 1, int(y1) + 1


@dataclass(frozen=True)
class Scene:
    width: int
    height: int
    horizon: float | None  # y of the sky/ground split in pixels, None for a plain background
    shapes: tuple[Shape, ...]
    light: tuple[float, float]  # unit vector in image coordinates pointing towards the light


SUBJECTS = (
    subjects.landscape, subjects.figures, subjects.buildings,
    subjects.still_life, subjects.abstract, subjects.animals,
    subjects.portrait, subjects.lettering, subjects.icons,
)
UNGROUNDED = (subjects.abstract, subjects.portrait, subjects.lettering, subjects.icons)  # often without a horizon


def compose_scene(rng: np.random.Generator, width: int, height: int) -> Scene:
    """A random subject, sometimes with a second one in front, at random places and scales."""
    main = SUBJECTS[rng.integers(len(SUBJECTS))]
    horizon = None if main in UNGROUNDED and rng.random() < 0.6 else height * rng.uniform(0.45, 0.8)
    parts = main(rng, width, height, horizon)
    if rng.random() < 0.3:
        parts += SUBJECTS[rng.integers(len(SUBJECTS))](rng, width, height, horizon)
    shapes = tuple(Shape(kind, np.asarray(points, dtype=float), int(colour) % N_COLOURS)
                   for kind, points, colour in parts)
    angle = rng.uniform(-np.pi * 0.9, -np.pi * 0.1)  # light from above, left or right
    return Scene(width, height, horizon, shapes, (float(np.cos(angle)), float(np.sin(angle))))
