"""Transparent watercolour washes on a sheet of paper, modelled as absorbed light.

Each wash adds pigment absorbance (minus the log of its colour) times a density field, and
the sheet's colour is the paper times exp(-absorbance): overlapping washes multiply like real
glazes and nothing opaque can hide the paper. Within a wash, pigment is uneven, collects at
the dried edge (the dark rim of a wash left to dry), settles into the paper's valleys
(granulation) and is pushed out of "blooms" where wetter water flowed back. Work is confined
to each wash's bounding box, so a page of a hundred small washes stays cheap.
"""

from __future__ import annotations

import numpy as np

from .canvas import blur, col, noise, over, smoothstep, to_image
from .marks import paper


class Sheet:
    """A sheet of watercolour paper that accumulates washes."""

    def __init__(self, rng: np.random.Generator, w: int, h: int, colour, unit: float):
        self.rng, self.w, self.h, self.u = rng, w, h, unit
        self.paper, self.tooth = paper(rng, h, w, colour, tooth=0.05)
        # Edge wander and pigment mottling are cut from one field each, at a random offset
        # per wash: one noise synthesis instead of two per wash.
        self.wander = noise(rng, h, w, 9 * unit, 2)
        self.mottle = noise(rng, h, w, 35 * unit, 2)
        self.absorb = np.zeros((3, h, w), np.float32)

    def _cut(self, field: np.ndarray, lh: int, lw: int) -> np.ndarray:
        oy = self.rng.integers(self.h - lh + 1)
        ox = self.rng.integers(self.w - lw + 1)
        return field[oy:oy + lh, ox:ox + lw]

    def wash(self, region: np.ndarray, colour, density: float = 0.8, edge: float = 0.7,
             rough: float = 1.0, soft: float = 0.0, granulation: float = 0.3, blooms: int = 0,
             origin=(0, 0), shift=(0, 0)) -> None:
        """Lay one wash of `colour` over the float mask `region` (0..1) placed at `origin`.

        soft > 0 is wet-in-wet: the edge diffuses over `soft` px and never dries hard.
        rough scales the ragged wandering of a hard edge; shift misregisters the wash from
        its shape, as loose painting does.
        """
        u = self.u
        pad = int(3 * max(soft, 2.5 * u) + 6 * u * rough) + 2
        left, top = int(origin[0] + shift[0]), int(origin[1] + shift[1])
        x0, y0 = max(0, left - pad), max(0, top - pad)
        x1 = min(self.w, left + region.shape[1] + pad)
        y1 = min(self.h, top + region.shape[0] + pad)
        if x1 <= x0 or y1 <= y0:
            return
        m = np.zeros((y1 - y0, x1 - x0), np.float32)
        cx0, cy0 = max(x0, left), max(y0, top)
        cx1, cy1 = min(x1, left + region.shape[1]), min(y1, top + region.shape[0])
        if cx1 <= cx0 or cy1 <= cy0:
            return
        m[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0] = region[cy0 - top:cy1 - top, cx0 - left:cx1 - left]
        lh, lw = m.shape
        rng = self.rng
        if soft > 0:
            m = blur(m, soft)
            d = m * density * (1 + 0.22 * self._cut(self.mottle, lh, lw))
        else:
            soft_edge = blur(m, 2 * u)
            m = smoothstep(0.38, 0.62, soft_edge + 0.1 * rough * self._cut(self.wander, lh, lw))
            d = m * density * (1 + 0.22 * self._cut(self.mottle, lh, lw))
            if edge > 0:  # pigment carried to the rim as the wash dried
                rim = np.clip(1.15 - soft_edge, 0, 1)
                d *= 1 + edge * rim * np.sqrt(rim)
        for _ in range(blooms):
            inside = np.argwhere(m > 0.9)
            if len(inside) == 0:
                break
            cy, cx = inside[rng.integers(len(inside))]
            r = rng.uniform(12, 45) * u
            yy, xx = np.ogrid[:lh, :lw]
            dist = np.hypot(yy - cy, xx - cx) / r + 0.18 * noise(rng, lh, lw, 6 * u)
            b = smoothstep(1.0, 0.85, dist)
            rim = smoothstep(0.75, 0.95, dist) * smoothstep(1.1, 0.95, dist)
            d = d * (1 - 0.55 * b) + 0.6 * density * rim * m
        sl = np.s_[y0:y1, x0:x1]
        settle = 1 + granulation * 1.4 * (0.5 - self.tooth[sl])  # pigment sinks into the valleys
        d = np.clip(d * settle, 0, None)
        k = -np.log(np.clip(col(colour), 0.03, 0.995))
        self.absorb[:, y0:y1, x0:x1] += d * k

    def lift(self, region: np.ndarray, amount: float) -> None:
        """Lift pigment where `region` is set (blotted clouds, scraped highlights)."""
        self.absorb *= 1 - amount * region

    def mark(self, darkness: np.ndarray, lead: float = 0.45) -> None:
        """Pencil underdrawing on the bare paper, which the washes then cover."""
        self.paper = over(self.paper, np.float32(lead), darkness)

    def image(self, painted_area: np.ndarray | None = None):
        """The sheet as an image; outside `painted_area` (if given) the paper stays bare."""
        absorb = self.absorb if painted_area is None else self.absorb * painted_area
        return to_image(self.paper * np.exp(-absorb))
