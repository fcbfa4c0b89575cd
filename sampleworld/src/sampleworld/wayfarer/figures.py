"""Living subjects: portraits, cats and dogs, birds on a branch.

Mood changes what they do, not their colour: a smile or a frown, closed or staring eyes.
"""

from __future__ import annotations

import numpy as np

from . import geometry as g
from .parts import Box, Part


def _eye(parts, cx, cy, r, mood):
    """An eye whose shape carries the mood: closed when peaceful, staring when scary."""
    if mood == "peaceful":
        arc = g.bezier((cx - r, cy), (cx, cy + r * 0.8), (cx + r, cy), n=12)
        parts.append(Part(arc, "hair", closed=False, width=max(1.0, r * 0.25)))
        return
    open_y = {"gloomy": 0.45, "happy": 0.7, "scary": 0.95}[mood]
    parts.append(Part(g.ellipse(cx, cy, r, r * open_y, n=32), "light", 0.2))
    pr = r * (0.3 if mood == "scary" else 0.5)
    parts.append(Part(g.ellipse(cx, cy + r * 0.05, pr, pr, n=24), "pupil"))
    if mood == "gloomy":  # heavy lid
        parts.append(Part(g.bezier((cx - r * 1.1, cy - r * 0.2), (cx, cy - r * 0.6),
                                   (cx + r * 1.1, cy - r * 0.2), n=12),
                          "hair", closed=False, width=max(1.0, r * 0.2)))


def _mouth(cx, cy, w, mood):
    """The mouth polyline (or open-mouth polygon) for a mood."""
    if mood == "scary":
        return Part(g.ellipse(cx, cy + w * 0.1, w * 0.45, w * 0.35, n=32), "pupil")
    bend = {"happy": 0.45, "peaceful": 0.18, "gloomy": -0.25}[mood]
    return Part(g.bezier((cx - w / 2, cy), (cx, cy + bend * w), (cx + w / 2, cy), n=16), "lips",
                closed=False, width=max(1.0, w * 0.08))


def portrait(rng, b: Box, mood):
    """Head and shoulders against a wall, whose eyes, brows and mouth show the mood."""
    parts = [Part(b.all(), "wall", outline=False, role2="wall2")]
    cx, cy = b.x(rng.uniform(0.38, 0.62)), b.y(rng.uniform(0.36, 0.46))
    rx, ry = b.s * rng.uniform(0.15, 0.2), b.s * rng.uniform(0.2, 0.25)
    long_hair = rng.random() < 0.5
    if long_hair:
        parts.append(Part(g.blob(rng, cx, cy + ry * 0.35, rx * 1.35, ry * 1.3, 0.12), "hair", 0.4))
    sw = rx * rng.uniform(2.2, 3.0)
    shoulders = np.vstack([g.bezier((cx - sw, b.y1 + 2), (cx - sw, cy + ry * 1.5),
                                    (cx - rx * 0.5, cy + ry * 1.25), n=16),
                           g.bezier((cx + rx * 0.5, cy + ry * 1.25), (cx + sw, cy + ry * 1.5),
                                    (cx + sw, b.y1 + 2), n=16)])
    parts.append(Part(g.rect(cx - rx * 0.4, cy + ry * 0.6, cx + rx * 0.4, cy + ry * 1.4), "skin",
                      0.5))
    parts.append(Part(shoulders, rng.choice(["cloth", "cloth2"]), 0.5))
    for side in (-1, 1):
        parts.append(Part(g.ellipse(cx + side * rx * 0.98, cy + ry * 0.05, rx * 0.18, ry * 0.25),
                          "skin", 0.5))
    parts.append(Part(g.ellipse(cx, cy, rx, ry), "skin", 0.85))
    top = g.ellipse(cx, cy - ry * 0.15, rx * 1.08, ry * 0.95, n=64)
    fringe = top[top[:, 1] < cy - ry * rng.uniform(0.3, 0.5)]
    parts.append(Part(fringe, "hair", 0.5))
    er, ey = rx * 0.2, cy - ry * 0.08
    for side in (-1, 1):
        ex = cx + side * rx * 0.4
        tilt = {"gloomy": 0.25, "scary": -0.3}.get(mood, 0.0) * side
        parts.append(Part(np.array([[ex - er * 1.1, ey - er * (1.6 + tilt)],
                                    [ex + er * 1.1, ey - er * (1.6 - tilt)]]),
                          "hair", closed=False, width=max(1.0, er * 0.35)))
        _eye(parts, ex, ey, er, mood)
    parts.append(Part(g.bezier((cx, ey + er), (cx - rx * 0.12, cy + ry * 0.3), (cx + rx * 0.05,
                                                                               cy + ry * 0.33)),
                      "hair", closed=False, width=max(1.0, er * 0.2), darken=0.8))
    parts.append(_mouth(cx, cy + ry * 0.55, rx * 0.6, mood))
    return parts


def animal(rng, b: Box, mood):
    """A sitting cat or dog on a floor, seen from the front."""
    parts = [Part(g.rect(b.x0, b.y0, b.x1, b.y(0.75)), "wall", outline=False, role2="wall2"),
             Part(g.rect(b.x0, b.y(0.75), b.x1, b.y1), "table", outline=False)]
    dog = rng.random() < 0.4
    cx, base = b.x(rng.uniform(0.4, 0.6)), b.y(rng.uniform(0.85, 0.92))
    size = b.s * rng.uniform(0.55, 0.75)
    fur = "fur" if rng.random() < 0.7 else "fur2"
    parts.append(Part(g.ellipse(cx, base, size * 0.45, size * 0.06), "table", outline=False,
                      darken=0.6))
    side = rng.choice([-1, 1])
    tail = g.bezier((cx + side * size * 0.2, base - size * 0.05),
                    (cx + side * size * 0.6, base - size * 0.05),
                    (cx + side * size * 0.55, base - size * 0.5), n=20)
    parts.append(Part(g.thick(tail, np.linspace(size * 0.09, size * 0.04, 20)), fur, 0.4))
    parts.append(Part(g.blob(rng, cx, base - size * 0.3, size * 0.3, size * 0.32, 0.08), fur, 0.75))
    hx, hy, hr = cx + rng.normal(0, size * 0.03), base - size * 0.72, size * 0.2
    if dog:
        for s in (-1, 1):
            parts.append(Part(g.ellipse(hx + s * hr * 0.95, hy + hr * 0.35, hr * 0.28, hr * 0.65,
                                        angle=s * 0.35), fur, 0.4, darken=0.75))
    else:
        for s in (-1, 1):
            ear = np.array([[hx + s * hr * 0.3, hy - hr * 0.7], [hx + s * hr * 0.95, hy - hr * 0.2],
                            [hx + s * hr * 0.85, hy - hr * 1.35]])
            parts.append(Part(ear, fur, 0.2))
            inner = (ear - ear.mean(0)) * 0.5 + ear.mean(0) + (0, hr * 0.05)
            parts.append(Part(inner, "lips", outline=False))
    parts.append(Part(g.ellipse(hx, hy, hr * 1.05, hr * 0.92), fur, 0.8))
    parts.append(Part(g.ellipse(hx, hy + hr * 0.45, hr * 0.45, hr * 0.3), fur, 0.5,
                      darken=1.15 if fur == "fur" else 1.6))
    for s in (-1, 1):
        ex, ey, er = hx + s * hr * 0.42, hy - hr * 0.1, hr * 0.2
        if mood == "peaceful":
            _eye(parts, ex, ey, er, mood)
        else:
            parts.append(Part(g.ellipse(ex, ey, er, er * 0.85, n=24), "eye", 0.3))
            slit = er * (0.25 if dog is False and mood != "gloomy" else 0.6)
            parts.append(Part(g.ellipse(ex, ey, slit, er * 0.8, n=24), "pupil"))
    parts.append(Part(g.ellipse(hx, hy + hr * 0.3, hr * 0.14, hr * 0.1, n=16),
                      "pupil" if dog else "lips"))
    if not dog:
        for s in (-1, 1):
            for k in (-1, 0, 1):
                parts.append(Part(np.array([[hx + s * hr * 0.3, hy + hr * 0.45],
                                            [hx + s * hr * 1.3, hy + hr * (0.35 + 0.15 * k)]]),
                                  "pupil", closed=False, width=max(1.0, hr * 0.02)))
    return parts


def bird(rng, b: Box, mood):
    """A songbird perched on a leafy branch against the sky."""
    parts = [Part(b.all(), "sky", outline=False, role2="sky_low")]
    by = b.y(rng.uniform(0.68, 0.8))
    branch = g.bezier((b.x0 - 5, by + b.h * 0.05), (b.x(0.5), by - b.h * 0.05), (b.x1 + 5, by),
                      n=24)
    parts.append(Part(g.thick(branch, np.linspace(b.s * 0.05, b.s * 0.025, 24)), "trunk", 0.4))
    for _ in range(rng.integers(2, 6)):
        t = rng.integers(2, 22)
        lx, ly = branch[t]
        ang = rng.uniform(-2.6, -0.5) if rng.random() < 0.5 else rng.uniform(0.5, 2.2)
        leaf_len = b.s * rng.uniform(0.06, 0.1)
        ex, ey = lx + np.cos(ang) * leaf_len, ly + np.sin(ang) * leaf_len
        mx, my, nx, ny = (lx + ex) / 2, (ly + ey) / 2, -np.sin(ang), np.cos(ang)
        leaf = np.vstack([g.bezier((lx, ly), (mx + nx * leaf_len * 0.35, my + ny * leaf_len * 0.35),
                                   (ex, ey), n=10),
                          g.bezier((ex, ey), (mx - nx * leaf_len * 0.35, my - ny * leaf_len * 0.35),
                                   (lx, ly), n=10)])
        parts.append(Part(leaf, "leaf", 0.3))
    size = b.s * rng.uniform(0.35, 0.5)
    cx = b.x(rng.uniform(0.35, 0.65))
    cy = by - b.h * 0.05 - size * 0.35
    face = rng.choice([-1, 1])
    body_role = rng.choice(["cloth2", "cloth", "flower2", "fur"])
    parts.append(Part(np.array([[cx - face * size * 0.3, cy + size * 0.1],
                                [cx - face * size * 0.85, cy + size * 0.45],
                                [cx - face * size * 0.75, cy + size * 0.6]]), body_role, 0.2,
                      darken=0.7))
    for s in (-0.08, 0.08):
        parts.append(Part(np.array([[cx + s * size, cy + size * 0.3],
                                    [cx + s * size * 1.3, by - b.h * 0.04]]), "beak", closed=False,
                          width=max(1.0, size * 0.025)))
    parts.append(Part(g.ellipse(cx, cy, size * 0.42, size * 0.3, angle=-face * 0.35), body_role,
                      0.8))
    parts.append(Part(g.ellipse(cx + face * size * 0.12, cy + size * 0.1, size * 0.22,
                                size * 0.16, angle=-face * 0.3), "light", 0.5))
    hx, hy = cx + face * size * 0.32, cy - size * 0.28
    parts.append(Part(g.ellipse(hx, hy, size * 0.2, size * 0.19), body_role, 0.8))
    parts.append(Part(g.blob(rng, cx - face * size * 0.08, cy - size * 0.02, size * 0.3,
                             size * 0.15, 0.1, angle=-face * 0.5), body_role, 0.4, darken=0.75))
    parts.append(Part(np.array([[hx + face * size * 0.17, hy - size * 0.05],
                                [hx + face * size * 0.42, hy + size * 0.02],
                                [hx + face * size * 0.17, hy + size * 0.07]]), "beak", 0.2))
    er = size * (0.05 if mood != "scary" else 0.07)
    parts.append(Part(g.ellipse(hx + face * size * 0.07, hy - size * 0.03, er, er, n=16),
                      "eye" if mood == "scary" else "pupil"))
    return parts
