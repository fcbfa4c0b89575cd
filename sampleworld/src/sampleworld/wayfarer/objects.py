"""Still subjects: a still life on a table, flowers with leaves, abstract compositions."""

from __future__ import annotations

import numpy as np

from . import geometry as g
from .parts import Box, Part


def still_life(rng, b: Box, mood):
    """A vase (sometimes with flowers) and fruit on a table before a wall and a drape."""
    table = rng.uniform(0.58, 0.72)
    parts = [Part(g.rect(b.x0, b.y0, b.x1, b.y(table)), "wall", outline=False, role2="wall2")]
    if rng.random() < 0.6:
        parts.append(Part(g.blob(rng, b.x(rng.uniform(0.2, 0.8)), b.y(table - 0.15), b.w * 0.35,
                                 b.h * 0.3, 0.3), "drape", 0.35))
    parts.append(Part(g.rect(b.x0, b.y(table), b.x1, b.y1), "table", 0.0, role2="trunk"))
    parts.append(Part(np.array([[b.x0, b.y(table)], [b.x1, b.y(table)]]), "trunk", closed=False,
                      width=max(1.0, b.s * 0.006)))
    items = []
    vx = b.x(rng.uniform(0.25, 0.75))
    vbase = b.y(table + rng.uniform(0.1, 0.18))
    vh = b.h * rng.uniform(0.3, 0.45)
    widths = np.array([0.3, 0.5, 0.55, 0.35, 0.18, 0.22]) * vh * rng.uniform(0.6, 0.9)
    items.append((vbase, "vase", vx, vh, widths))
    for _ in range(rng.integers(2, 5)):
        fx = np.clip(vx + rng.choice([-1, 1]) * b.w * rng.uniform(0.15, 0.4), b.x(0.1), b.x(0.9))
        items.append((b.y(table + rng.uniform(0.12, 0.3)), "fruit", fx,
                      b.s * rng.uniform(0.06, 0.1), None))
    for base, what, x, size, widths in sorted(items, key=lambda t: t[0]):
        if what == "vase":
            parts.append(Part(g.ellipse(x + size * 0.25, base, size * 0.45, size * 0.08),
                              "table", outline=False, darken=0.6))
            if rng.random() < 0.6:
                for _ in range(rng.integers(3, 7)):
                    tip = (x + rng.normal(0, size * 0.35), base - size * rng.uniform(1.2, 1.6))
                    stem = g.bezier((x, base - size * 0.8), (x + rng.normal(0, size * 0.1),
                                                              base - size * 1.1), tip, n=12)
                    parts.append(Part(stem, "leaf", closed=False, width=max(1.0, size * 0.02)))
                    r = size * rng.uniform(0.08, 0.13)
                    parts.append(Part(g.star(tip[0], tip[1], r, r * 0.55, int(rng.integers(5, 8))),
                                      rng.choice(["flower", "flower2"]), 0.4))
            parts.append(Part(g.vase(x, base, size, widths), "vase", 0.9))
        else:
            parts.append(Part(g.ellipse(x + size * 0.4, base, size * 1.1, size * 0.25), "table",
                              outline=False, darken=0.6))
            parts.append(Part(g.blob(rng, x, base - size * 0.9, size, size * 0.95, 0.05),
                              rng.choice(["fruit", "fruit2", "leaf2"]), 1.0))
            parts.append(Part(np.array([[x, base - size * 1.8], [x + size * 0.15,
                                                                base - size * 2.1]]),
                              "trunk", closed=False, width=max(1.0, size * 0.08)))
    return parts


def flower(rng, b: Box, mood):
    """A few stemmed flowers with leaves; their heads droop when the mood is gloomy."""
    parts = [Part(b.all(), rng.choice(["wall", "sky"]), outline=False,
                  role2=rng.choice(["wall2", "sky_low"]))]
    n = int(rng.integers(1, 5))
    heads = []
    for i in range(n):
        hx = b.x((i + 0.5) / n + rng.normal(0, 0.05))
        hy = b.y(rng.uniform(0.2, 0.5))
        base = (b.x(0.5 + rng.normal(0, 0.1)), b.y1 + 2)
        stem = g.bezier(base, (hx + rng.normal(0, b.w * 0.1), b.y(0.75)), (hx, hy), n=24)
        parts.append(Part(g.thick(stem, b.s * 0.018), "leaf", 0.3))
        for _ in range(rng.integers(1, 3)):
            t = rng.integers(4, 14)
            lx, ly = stem[t]
            side = rng.choice([-1, 1])
            ll = b.s * rng.uniform(0.1, 0.18)
            tip = (lx + side * ll, ly - ll * rng.uniform(0.2, 0.6))
            mid = ((lx + tip[0]) / 2, (ly + tip[1]) / 2)
            leaf = np.vstack([g.bezier((lx, ly), (mid[0], mid[1] - ll * 0.35), tip, n=12),
                              g.bezier(tip, (mid[0], mid[1] + ll * 0.35), (lx, ly), n=12)])
            parts.append(Part(leaf, rng.choice(["leaf", "leaf2"]), 0.3))
        heads.append((hx, hy))
    for hx, hy in heads:
        r = b.s * rng.uniform(0.08, 0.15)
        k = int(rng.integers(5, 10))
        role = rng.choice(["flower", "flower2", "cloth2", "drape"])
        rot = rng.uniform(0, np.pi)
        droop = 0.55 if mood == "gloomy" else 1.0
        for j in range(k):
            a = rot + 2 * np.pi * j / k
            parts.append(Part(g.ellipse(hx + np.cos(a) * r * 0.6, hy + np.sin(a) * r * 0.6 * droop,
                                        r * 0.55, r * 0.24, angle=a, n=24), role, 0.4))
        parts.append(Part(g.ellipse(hx, hy, r * 0.3, r * 0.3, n=24), rng.choice(["trunk", "beak"]),
                          0.6))
    return parts


def abstract(rng, b: Box, mood):
    """Overlapping circles, bars, triangles and blobs in the abstract colour scheme."""
    parts = [Part(b.all(), "scheme0", outline=False, role2="scheme1")]
    for _ in range(rng.integers(5, 12)):
        role = f"scheme{rng.integers(0, 6)}"
        cx, cy = b.x(rng.uniform(0, 1)), b.y(rng.uniform(0, 1))
        size = b.s * rng.uniform(0.08, 0.35)
        kind = rng.integers(0, 4)
        if kind == 0:
            shape = g.ellipse(cx, cy, size, size)
        elif kind == 1:
            shape = g.rotate(g.rect(cx - size, cy - size * 0.4, cx + size, cy + size * 0.4),
                             rng.uniform(0, np.pi), cx, cy)
        elif kind == 2:
            shape = g.regular(cx, cy, size, 3, rng.uniform(0, np.pi))
        else:
            shape = g.blob(rng, cx, cy, size, size * 0.7, 0.4)
        parts.append(Part(shape, role, float(rng.choice([0.0, 0.6]))))
    return parts
