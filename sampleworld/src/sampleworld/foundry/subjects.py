"""Procedural subjects as 2-D parts in a unit box (base at y=0, top at y=-1, x centred on 0).

Each part is a filled shape with a colour role and a bulge (how much it swells toward the
viewer), so a medium can fill it, outline it, shade it as a dome or hatch it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Part:
    """One shape: 'ellipse' (pts = two bbox corners), 'poly', 'line' (thick polyline, `width`) or 'ring'."""

    shape: str
    pts: np.ndarray
    role: str
    width: float = 0.0
    bulge: float = 1.0
    subject: int = 0

    def moved(self, scale: float, dx: float, dy: float, flip: bool = False) -> Part:
        pts = self.pts * [(-1 if flip else 1), 1]
        if flip and self.shape in ("ellipse", "ring"):
            pts = pts[::-1]
        return replace(self, pts=pts * scale + [dx, dy], width=self.width * scale)


def _ell(cx, cy, rx, ry, role, bulge=1.0):
    return Part("ellipse", np.array([[cx - rx, cy - ry], [cx + rx, cy + ry]], float), role, bulge=bulge)


def _poly(points, role, bulge=1.0):
    return Part("poly", np.array(points, float), role, bulge=bulge)


def _line(points, width, role, bulge=1.0):
    return Part("line", np.array(points, float), role, width, bulge)


def person(rng):
    shoulder, head, stride = rng.uniform(0.1, 0.15), rng.uniform(0.065, 0.085), rng.uniform(0.0, 0.12)
    hip, neck = -0.46, -0.8
    parts = [_line([(-0.05, hip), (-0.05 - stride, -0.01)], 0.07, "cloth2"),
             _line([(0.05, hip), (0.05 + stride, -0.01)], 0.07, "cloth2")]
    if rng.random() < 0.4:  # a skirt or coat
        parts.append(_poly([(-0.09, hip - 0.05), (0.09, hip - 0.05), (0.17, -0.2), (-0.17, -0.2)], "cloth"))
    parts.append(_poly([(-shoulder, neck), (shoulder, neck), (0.1, hip), (-0.1, hip)], "cloth"))
    for side in (-1, 1):
        angle = rng.uniform(-0.3, 2.4)
        elbow = (side * (shoulder + 0.05 * np.sin(angle)), neck + 0.17 * np.cos(angle) * 0.9)
        hand = (elbow[0] + side * 0.12 * np.sin(angle * 1.2), elbow[1] + 0.15 * np.cos(angle * 1.3))
        parts.append(_line([(side * shoulder * 0.85, neck + 0.03), elbow, hand], 0.055, "cloth"))
        parts.append(_ell(hand[0], hand[1], 0.03, 0.03, "skin"))
    top = neck - head * 2.1
    parts.append(_ell(0.0, top + head * 0.85, head * 1.12, head * 1.0, "hair"))
    parts.append(_ell(0.0, top + head * 1.1, head, head * 1.1, "skin"))
    return parts


def animal(rng):
    tall = rng.uniform(0.55, 0.75)
    body_y = -tall * 0.55
    parts = [_line([(-0.34, body_y), (-0.55, body_y - rng.uniform(0.1, 0.35))], 0.07, "fur")]  # tail
    for x in (-0.28, -0.18, 0.18, 0.28):
        parts.append(_line([(x, body_y), (x + rng.uniform(-0.04, 0.04), -0.01)], 0.08, "fur"))
    parts.append(_ell(0.0, body_y, 0.38, tall * 0.22, "fur"))
    head_x, head_y, r = 0.38, body_y - tall * 0.3, tall * 0.2
    pointed = rng.random() < 0.5  # cat ears or floppy dog ears
    for dx in (-0.6, 0.5):
        if pointed:
            parts.append(_poly([(head_x + dx * r, head_y - 0.4 * r), (head_x + (dx + 0.2) * r, head_y - 1.6 * r),
                                (head_x + (dx + 0.5) * r, head_y - 0.6 * r)], "fur"))
        else:
            parts.append(_ell(head_x + dx * r * 1.2, head_y + 0.1 * r, 0.35 * r, 0.8 * r, "hair"))
    parts.append(_ell(head_x, head_y, r, r * 0.9, "fur"))
    parts.append(_ell(head_x + 0.35 * r, head_y - 0.15 * r, 0.12 * r, 0.12 * r, "dark", 0.3))
    parts.append(_ell(head_x + 0.9 * r, head_y + 0.2 * r, 0.15 * r, 0.12 * r, "dark", 0.3))
    return parts


def bird(rng):
    parts = [_line([(-0.05, -0.35), (-0.07, 0.0)], 0.025, "dark"), _line([(0.05, -0.35), (0.07, 0.0)], 0.025, "dark"),
             _poly([(-0.3, -0.5), (-0.62, -0.62), (-0.58, -0.4)], "cloth")]
    parts.append(_ell(0.0, -0.5, 0.32, 0.2, "accent"))
    parts.append(_ell(0.28, -0.72, 0.14, 0.13, "accent"))
    parts.append(_poly([(0.38, -0.76), (0.56, -0.7), (0.39, -0.66)], "sun", 0.3))
    lift = rng.uniform(-0.2, 0.25)
    parts.append(_poly([(-0.2, -0.55), (0.15, -0.55), (-0.25, -0.75 - lift), (-0.4, -0.5 - lift * 0.4)], "cloth"))
    parts.append(_ell(0.32, -0.75, 0.025, 0.025, "dark", 0.2))
    return parts


def tree(rng):
    trunk = rng.uniform(0.05, 0.09)
    parts = [_poly([(-trunk * 1.4, 0), (trunk * 1.4, 0), (trunk, -0.55), (-trunk, -0.55)], "wood")]
    if rng.random() < 0.35:  # conifer
        for i in range(3):
            y = -0.25 - i * 0.22
            w = 0.42 - i * 0.1
            parts.append(_poly([(-w, y), (w, y), (0, y - 0.38)], "leaf"))
        return parts
    for _ in range(int(rng.integers(3, 6))):
        cx, cy = rng.uniform(-0.22, 0.22), rng.uniform(-0.8, -0.55)
        r = rng.uniform(0.18, 0.28)
        parts.append(_ell(cx, cy, r, r * rng.uniform(0.8, 1.0), "leaf"))
    return parts


def flower(rng):
    parts = [_line([(0, 0), (rng.uniform(-0.08, 0.08), -0.45), (0, -0.7)], 0.03, "leaf", 0.5),
             _ell(-0.12, -0.3, 0.12, 0.045, "leaf"), _ell(0.11, -0.42, 0.11, 0.04, "leaf")]
    petals, length = int(rng.integers(5, 9)), rng.uniform(0.12, 0.17)
    for angle in np.linspace(0, 2 * np.pi, petals, endpoint=False) + rng.uniform(0, 1):
        px, py = np.cos(angle) * length, -0.75 + np.sin(angle) * length
        parts.append(_ell(px, py, length * 0.6, length * 0.6, "petal"))
    parts.append(_ell(0, -0.75, 0.07, 0.07, "sun"))
    return parts


def car(rng):
    long = rng.uniform(0.9, 1.2)
    h = 0.45
    parts = [_poly([(-long / 2, -0.12), (long / 2, -0.12), (long / 2, -h * 0.55), (long * 0.3, -h * 0.62),
                    (long * 0.15, -h), (-long * 0.25, -h), (-long * 0.38, -h * 0.62), (-long / 2, -h * 0.55)], "body")]
    parts.append(_poly([(-long * 0.22, -h * 0.92), (-long * 0.03, -h * 0.92), (-long * 0.03, -h * 0.65),
                        (-long * 0.33, -h * 0.65)], "glass", 0.2))
    parts.append(_poly([(long * 0.02, -h * 0.92), (long * 0.13, -h * 0.92), (long * 0.26, -h * 0.65),
                        (long * 0.02, -h * 0.65)], "glass", 0.2))
    for x in (-long * 0.3, long * 0.3):
        parts.append(_ell(x, -0.12, 0.12, 0.12, "dark"))
        parts.append(_ell(x, -0.12, 0.05, 0.05, "metal"))
    return parts


def bicycle(rng):
    r = rng.uniform(0.2, 0.25)
    back, front, crank = (-0.38, -r), (0.38, -r), (-0.02, -r)
    seat, bar = (-0.12, -r - 0.38), (0.28, -r - 0.42)
    parts = [Part("ring", np.array([[x - r, -2 * r], [x + r, 0]], float), "dark", 0.035) for x in (back[0], front[0])]
    parts.append(_line([back, crank, seat, back], 0.03, "accent", 0.4))
    parts.append(_line([crank, (0.22, -r - 0.35), seat], 0.03, "accent", 0.4))
    parts.append(_line([front, bar, (0.18, bar[1] - 0.02)], 0.03, "metal", 0.4))
    parts.append(_line([(seat[0] - 0.07, seat[1] - 0.02), (seat[0] + 0.06, seat[1] - 0.02)], 0.04, "dark", 0.4))
    return parts


def building(rng):
    w, h = rng.uniform(0.35, 0.55), rng.uniform(0.6, 0.85)
    parts = [_poly([(-w, 0), (w, 0), (w, -h), (-w, -h)], "wall", 0.15)]
    if rng.random() < 0.6:
        parts.append(_poly([(-w * 1.1, -h), (w * 1.1, -h), (0, -1.0)], "roof", 0.3))
    rows, cols = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    for i in range(rows):
        for j in range(cols):
            x = -w + (j + 0.5) * 2 * w / cols
            y = -h + (i + 0.5) * (h - 0.25) / rows
            ww, wh = w / cols * 0.45, (h - 0.25) / rows * 0.3
            parts.append(_poly([(x - ww, y - wh), (x + ww, y - wh), (x + ww, y + wh), (x - ww, y + wh)], "glass", 0))
    parts.append(_poly([(-0.07, 0), (0.07, 0), (0.07, -0.2), (-0.07, -0.2)], "wood", 0))
    return parts


def still_life(rng):
    parts = []
    neck, belly = rng.uniform(0.05, 0.09), rng.uniform(0.18, 0.26)
    ys = np.linspace(0, -0.85, 12)
    radius = neck + (belly - neck) * np.sin(np.clip((ys + 0.85) / 0.85, 0, 1) * np.pi * 0.9) ** 1.5
    profile = [(-r, y) for r, y in zip(radius, ys)] + [(r, y) for r, y in zip(radius[::-1], ys[::-1])]
    parts.append(_poly(profile, "body"))
    for _ in range(int(rng.integers(1, 4))):
        x, r = rng.choice([-1, 1]) * rng.uniform(0.3, 0.5), rng.uniform(0.08, 0.13)
        parts.append(_ell(x, -r, r, r * 0.95, rng.choice(["accent", "petal", "sun"])))
    if rng.random() < 0.5:  # a cup
        x = rng.uniform(-0.6, -0.45)
        parts.append(Part("ring", np.array([[x - 0.14, -0.22], [x - 0.04, -0.1]], float), "cloth", 0.025))
        parts.append(_poly([(x - 0.1, -0.26), (x + 0.1, -0.26), (x + 0.08, 0), (x - 0.08, 0)], "cloth"))
    return parts


_GLYPHS = {
    "A": [[(0, 1), (0.5, 0), (1, 1)], [(0.25, 0.6), (0.75, 0.6)]], "E": [[(1, 0), (0, 0), (0, 1), (1, 1)],
                                                                      [(0, 0.5), (0.7, 0.5)]],
    "H": [[(0, 0), (0, 1)], [(1, 0), (1, 1)], [(0, 0.5), (1, 0.5)]], "L": [[(0, 0), (0, 1), (1, 1)]],
    "T": [[(0, 0), (1, 0)], [(0.5, 0), (0.5, 1)]], "V": [[(0, 0), (0.5, 1), (1, 0)]],
    "N": [[(0, 1), (0, 0), (1, 1), (1, 0)]], "M": [[(0, 1), (0, 0), (0.5, 0.6), (1, 0), (1, 1)]],
    "O": [[(0.5, 0), (1, 0.3), (1, 0.7), (0.5, 1), (0, 0.7), (0, 0.3), (0.5, 0)]], "Z": [[(0, 0), (1, 0), (0, 1),
                                                                                          (1, 1)]],
    "K": [[(0, 0), (0, 1)], [(1, 0), (0, 0.55), (1, 1)]], "W": [[(0, 0), (0.25, 1), (0.5, 0.4), (0.75, 1), (1, 0)]],
}


def lettering(rng, count: int | None = None):
    """Block capitals of a made-up word, `count` letters long, one unit tall in all."""
    count = count or int(rng.integers(3, 6))
    letters = rng.choice(list(_GLYPHS), count)
    advance = 0.8
    start = -advance * count / 2
    parts = []
    for i, letter in enumerate(letters):
        for stroke in _GLYPHS[letter]:
            pts = [(start + i * advance + x * 0.6, -1 + y) for x, y in stroke]
            parts.append(_line(pts, 0.16, "letter", 0.6))
    return parts


KINDS = {"person": person, "animal": animal, "bird": bird, "tree": tree, "flower": flower, "car": car,
         "bicycle": bicycle, "building": building, "still_life": still_life}
WIDTHS = {"person": 0.45, "animal": 1.2, "bird": 1.0, "tree": 0.8, "flower": 0.5, "car": 1.2, "bicycle": 1.0,
          "building": 1.1, "still_life": 1.2, "lettering": 3.0}
