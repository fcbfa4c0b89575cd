"""Outdoor subjects: landscapes with hills, trees, clouds and cottages; streets with cars."""

from __future__ import annotations

import numpy as np

from . import geometry as g
from .parts import Box, Part


def _tree(rng, parts, x, base, size):
    """A deciduous or conifer tree standing at (x, base), `size` px tall."""
    if rng.random() < 0.55:
        trunk = g.resample(np.array([[x, base], [x + rng.normal(0, size * 0.04),
                                                 base - size * 0.55]]), size / 12, closed=False)
        parts.append(Part(g.thick(trunk, np.linspace(size * 0.09, size * 0.05, len(trunk))),
                          "trunk", 0.3))
        crown = g.blob(rng, x, base - size * 0.68, size * rng.uniform(0.28, 0.4),
                       size * rng.uniform(0.28, 0.36), 0.35)
        parts.append(Part(crown, "leaf", 0.75))
    else:
        parts.append(Part(g.rect(x - size * 0.03, base - size * 0.2, x + size * 0.03, base),
                          "trunk", 0.2))
        for k in range(3):
            w, top = size * (0.3 - 0.07 * k), base - size * (0.15 + 0.28 * k)
            parts.append(Part(np.array([[x - w, top], [x + w, top], [x, top - size * 0.42]]),
                              "leaf2", 0.35))


def _house(rng, parts, x, base, size):
    """A cottage: wall, pitched roof, door and a window."""
    w, h = size, size * rng.uniform(0.6, 0.8)
    parts.append(Part(g.rect(x - w / 2, base - h, x + w / 2, base), "wall", 0.15))
    parts.append(Part(np.array([[x - w * 0.6, base - h], [x + w * 0.6, base - h],
                                [x, base - h - size * rng.uniform(0.4, 0.6)]]), "roof", 0.2))
    parts.append(Part(g.rect(x - w * 0.1, base - h * 0.55, x + w * 0.1, base), "door"))
    side = rng.choice([-1, 1])
    parts.append(Part(g.rect(x + side * w * 0.22 - w * 0.1, base - h * 0.75,
                             x + side * w * 0.22 + w * 0.1, base - h * 0.45), "window"))


def _cloud(rng, cx, cy, size):
    """A cumulus: a flat base under a row of round lobes."""
    lobes = rng.uniform(-1.6, 1.6, 4) * size
    radii = rng.uniform(0.5, 1.0, 4) * size
    xs = np.linspace(cx - 2.2 * size, cx + 2.2 * size, 48)
    heights = np.sqrt(np.clip(radii[:, None] ** 2 - (xs[None] - cx - lobes[:, None]) ** 2, 0, None))
    top = cy - heights.max(0)
    keep = heights.max(0) > 0
    xs, top = xs[keep], top[keep]
    return np.vstack([np.stack([xs, top], 1), [[xs[-1], cy], [xs[0], cy]]])


def landscape(rng, b: Box, mood):
    """A graded sky with a sun or moon and clouds over ridges of hills, trees and a cottage."""
    parts = [Part(b.all(), "sky", outline=False, role2="sky_low")]
    horizon = rng.uniform(0.45, 0.66)
    sun_r = b.s * rng.uniform(0.05, 0.1)
    parts.append(Part(g.ellipse(b.x(rng.uniform(0.15, 0.85)), b.y(rng.uniform(0.1, horizon - 0.2)),
                                sun_r, sun_r), "sun"))
    for _ in range(rng.integers(0, 4)):
        parts.append(Part(_cloud(rng, b.x(rng.uniform(0.1, 0.9)),
                                 b.y(rng.uniform(0.08, horizon - 0.15)),
                                 b.s * rng.uniform(0.05, 0.1)), "cloud"))
    parts.append(Part(g.ridge(rng, b.x0, b.x1, b.y(horizon), b.h * rng.uniform(0.12, 0.3), b.y1,
                              0.55), "far", 0.1))
    water = rng.random() < 0.35
    if water:
        parts.append(Part(g.rect(b.x0, b.y(horizon), b.x1, b.y1), "water", role2="sky"))
    parts.append(Part(g.ridge(rng, b.x0, b.x1, b.y(horizon + 0.08), b.h * rng.uniform(0.05, 0.12),
                              b.y1, 0.4), "mid", 0.15))
    near_y = horizon + rng.uniform(0.15, 0.25)
    parts.append(Part(g.ridge(rng, b.x0, b.x1, b.y(near_y), b.h * 0.06, b.y1, 0.3), "ground", 0.1))
    things = []
    if rng.random() < 0.5:
        things.append((b.x(rng.uniform(0.2, 0.8)), b.y(horizon + 0.1), "house",
                       b.s * rng.uniform(0.12, 0.2)))
    for _ in range(rng.integers(1, 6)):
        v = rng.uniform(horizon + 0.1, 0.97)
        things.append((b.x(rng.uniform(0.03, 0.97)), b.y(v), "tree",
                       b.s * (0.15 + 0.5 * (v - horizon))))
    for x, base, what, size in sorted(things, key=lambda t: t[1]):
        (_house if what == "house" else _tree)(rng, parts, x, base, size)
    return parts


def _car(parts, x, base, size):
    """A side-on car: body, cabin, windows and wheels."""
    parts.append(Part(g.rounded_rect(x - size, base - size * 0.55, x + size, base - size * 0.15,
                                     size * 0.15), "car", 0.4))
    parts.append(Part(np.array([[x - size * 0.6, base - size * 0.55], [x - size * 0.35,
                                                                     base - size * 0.9],
                                [x + size * 0.35, base - size * 0.9], [x + size * 0.65,
                                                                     base - size * 0.55]]),
                      "car", 0.3))
    parts.append(Part(np.array([[x - size * 0.48, base - size * 0.58], [x - size * 0.3,
                                                                      base - size * 0.82],
                                [x + size * 0.3, base - size * 0.82], [x + size * 0.5,
                                                                     base - size * 0.58]]),
                      "window", 0.2))
    for s in (-0.6, 0.6):
        parts.append(Part(g.ellipse(x + s * size, base - size * 0.17, size * 0.2, size * 0.2, n=32),
                          "pupil", 0.5))
        parts.append(Part(g.ellipse(x + s * size, base - size * 0.17, size * 0.09, size * 0.09,
                                    n=24), "road", 0.2, darken=1.6))


def street(rng, b: Box, mood):
    """A row of town houses with window grids (more lit at night moods), a road and a car."""
    parts = [Part(b.all(), "sky", outline=False, role2="sky_low")]
    ground = b.y(rng.uniform(0.75, 0.86))
    x = b.x0 - rng.uniform(0, b.w * 0.1)
    while x < b.x1:
        bw = b.w * rng.uniform(0.14, 0.3)
        top = ground - b.h * rng.uniform(0.3, 0.65)
        role = rng.choice(["wall", "wall2", "door"])
        parts.append(Part(g.rect(x, top, x + bw, ground), role, 0.1))
        if rng.random() < 0.4:
            parts.append(Part(np.array([[x - bw * 0.05, top], [x + bw * 1.05, top],
                                        [x + bw / 2, top - bw * 0.4]]), "roof", 0.15))
        cols = max(1, int(bw / (b.s * 0.07)))
        rows = max(1, int((ground - top) / (b.s * 0.1)) - 1)
        ww, wh = bw / cols * 0.45, (ground - top) / (rows + 1) * 0.45
        lit = rng.random((rows, cols)) < (0.5 if mood in ("scary", "gloomy") else 0.15)
        for r in range(rows):
            for c in range(cols):
                wx = x + bw * (c + 0.5) / cols
                wy = top + (ground - top) * (r + 0.5) / (rows + 1)
                parts.append(Part(g.rect(wx - ww / 2, wy - wh / 2, wx + ww / 2, wy + wh / 2),
                                  "sun" if lit[r, c] else "window"))
        dx = x + bw * rng.uniform(0.3, 0.7)
        parts.append(Part(g.rect(dx - bw * 0.08, ground - (ground - top) / (rows + 1) * 0.7,
                                 dx + bw * 0.08, ground), "door", darken=0.7))
        x += bw + b.w * rng.uniform(0.0, 0.04)
    parts.append(Part(g.rect(b.x0, ground, b.x1, b.y1), "road", outline=False))
    parts.append(Part(np.array([[b.x0, ground], [b.x1, ground]]), "dark", closed=False,
                      width=max(1.0, b.s * 0.008)))
    if rng.random() < 0.7:
        _car(parts, b.x(rng.uniform(0.25, 0.75)), b.y(0.97) if b.y1 - ground > b.s * 0.12
             else b.y1 - 2, b.s * rng.uniform(0.13, 0.2))
    if rng.random() < 0.5:
        lx = b.x(rng.uniform(0.05, 0.95))
        parts.append(Part(np.array([[lx, ground + b.s * 0.05], [lx, ground - b.h * 0.35]]), "dark",
                          closed=False, width=max(1.0, b.s * 0.012)))
        parts.append(Part(g.ellipse(lx, ground - b.h * 0.36, b.s * 0.025, b.s * 0.025, n=16),
                          "sun"))
    return parts
