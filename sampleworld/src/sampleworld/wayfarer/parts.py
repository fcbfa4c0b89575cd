"""The vocabulary of subjects: a `Part` (one shape with a palette role) and a `Box` to place it.

A subject is a back-to-front list of parts inside a box: polygons (or open polylines) that
name a palette role and say how round they are. Parts carry no style, so the same cat can be
inked for a comic, hatched in pen, washed in watercolour or brushed in oils.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import geometry as g


@dataclass(frozen=True)
class Part:
    """One shape of a subject.

    volume: 0 for a flat shape, up to 1 for one shaded as a rounded solid.
    outline: whether line media draw its contour (backgrounds and skies are not outlined).
    width: stroke width in px for open polylines (closed=False); ignored for polygons.
    darken: multiplies the role colour (cast shadows, shaded sides).
    role2: a second role the fill grades to, top to bottom (skies, walls).
    """

    points: np.ndarray
    role: str
    volume: float = 0.0
    outline: bool = True
    closed: bool = True
    width: float = 0.0
    darken: float = 1.0
    role2: str | None = None


class Box:
    """Maps unit coordinates inside a box to pixels, so subjects are resolution-free."""

    def __init__(self, box):
        self.x0, self.y0, self.x1, self.y1 = box
        self.w, self.h = self.x1 - self.x0, self.y1 - self.y0
        self.s = min(self.w, self.h)

    def x(self, u):
        """Pixel x of horizontal fraction u."""
        return self.x0 + np.asarray(u) * self.w

    def y(self, v):
        """Pixel y of vertical fraction v."""
        return self.y0 + np.asarray(v) * self.h

    def all(self):
        """The whole box as a rectangle (backgrounds)."""
        return g.rect(self.x0, self.y0, self.x1, self.y1)
