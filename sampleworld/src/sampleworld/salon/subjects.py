"""Subjects drawn in a unit box: figures, faces, animals, still lifes, buildings, plants, icons.

A subject is a list of `Part`s, painted in order (back to front). Each part carries a tone
(0 light .. 1 dark) for media that shade by value and a palette slot for media that colour.
Media place subjects with `place` and decide how to mark them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .shapes import arc, blob, ellipse, heart, limb, spline, star, wave


@dataclass(frozen=True)
class Part:
    """One outline: closed parts are filled shapes, open ones are drawn lines."""

    points: np.ndarray
    closed: bool = True
    tone: float = 0.5
    colour: int = 0


def place(parts: list[Part], cx: float, cy: float, size: float, mirror: bool = False) -> list[Part]:
    """The subject scaled so its unit box is `size` pixels, centred on (cx, cy)."""
    placed = []
    for part in parts:
        p = part.points - 0.5
        if mirror:
            p = p * np.array([-1.0, 1.0])
        placed.append(replace(part, points=p * size + np.array([cx, cy])))
    return placed


def figure(rng: np.random.Generator) -> list[Part]:
    """A standing or striding person with a bent-limb pose."""
    hip, neck = np.array([0.5, 0.58]), np.array([0.5 + rng.uniform(-0.04, 0.04), 0.28])
    head = Part(ellipse(neck[0] + rng.uniform(-0.02, 0.02), 0.18, 0.065, 0.08, rng.uniform(-0.3, 0.3)), tone=0.3,
                colour=1)
    torso = Part(spline([neck + (-0.1, 0.02), neck + (0.1, 0.02), hip + (0.08, 0), hip + (0.06, 0.05),
                         hip + (-0.06, 0.05), hip + (-0.08, 0)]), tone=0.6, colour=0)
    parts = []
    for side in (-1, 1):
        knee = hip + (side * rng.uniform(0.02, 0.1), rng.uniform(0.15, 0.19))
        foot = knee + (side * rng.uniform(-0.06, 0.08), rng.uniform(0.16, 0.19))
        parts.append(Part(limb(spline([hip + (side * 0.04, 0.03), knee, foot], closed=False, per=6), 0.04, 0.025),
                          tone=0.7, colour=2))
        shoulder = neck + (side * 0.09, 0.04)
        elbow = shoulder + (side * rng.uniform(0.02, 0.1), rng.uniform(0.08, 0.14))
        hand = elbow + (side * rng.uniform(-0.08, 0.1), rng.uniform(-0.12, 0.12))
        parts.append(Part(limb(spline([shoulder, elbow, hand], closed=False, per=6), 0.03, 0.018), tone=0.55,
                          colour=0))
    return parts[:2] + [torso] + parts[2:] + [head]


def face(rng: np.random.Generator) -> list[Part]:
    """A head-and-shoulders portrait with hair, eyes, nose and mouth."""
    cx, tilt = 0.5 + rng.uniform(-0.05, 0.05), rng.uniform(-0.12, 0.12)
    shoulders = Part(spline([(0.05, 1.0), (0.12, 0.8), (0.4, 0.72), (0.6, 0.72), (0.88, 0.8), (0.95, 1.0)]),
                     tone=0.7, colour=0)
    neck = Part(limb(np.array([[cx, 0.55], [cx, 0.78]]), 0.07, 0.08), tone=0.45, colour=1)
    hair = Part(blob(rng, cx, 0.36, 0.26, 0.3), tone=0.85, colour=2)
    skin = Part(ellipse(cx, 0.42, 0.17, 0.22, tilt), tone=0.3, colour=1)
    parts = [shoulders, neck, hair, skin]
    for side in (-1, 1):
        eye = (cx + side * 0.07, 0.39)
        parts.append(Part(ellipse(*eye, 0.035, 0.016, tilt), tone=0.1, colour=3))
        parts.append(Part(ellipse(*eye, 0.012, 0.012), tone=0.95, colour=4))
        parts.append(Part(arc(eye[0], 0.37, 0.045, np.pi * 1.15, np.pi * 1.85, 8), closed=False, tone=0.9))
    parts.append(Part(np.array([[cx, 0.41], [cx - 0.015, 0.48], [cx + 0.01, 0.49]]), closed=False, tone=0.7))
    smile = rng.uniform(-0.02, 0.03)
    parts.append(Part(spline([(cx - 0.06, 0.54), (cx, 0.55 + smile), (cx + 0.06, 0.54)], closed=False, per=6),
                      closed=False, tone=0.8))
    return parts


def animal(rng: np.random.Generator) -> list[Part]:
    """A sitting cat, a bird on a branch or a fish, picked by the seed."""
    kind = int(rng.integers(3))
    if kind == 0:
        body = Part(spline([(0.5, 0.35), (0.68, 0.55), (0.7, 0.88), (0.3, 0.88), (0.32, 0.55)]), tone=0.6)
        tail = Part(limb(spline([(0.68, 0.85), (0.85, 0.8), (0.88, 0.6)], closed=False, per=6), 0.03, 0.015),
                    tone=0.7)
        head = Part(ellipse(0.5, 0.3, 0.13, 0.11), tone=0.55)
        ears = [Part(np.array([[0.5 + s * 0.13, 0.28], [0.5 + s * 0.12, 0.13], [0.5 + s * 0.03, 0.21]]), tone=0.7)
                for s in (-1, 1)]
        eyes = [Part(ellipse(0.5 + s * 0.05, 0.29, 0.02, 0.012), tone=0.05, colour=3) for s in (-1, 1)]
        return [tail, body] + ears + [head] + eyes
    if kind == 1:
        branch = Part(limb(np.array([[0.0, 0.75], [0.5, 0.72], [1.0, 0.78]]), 0.025, 0.015), tone=0.8, colour=2)
        body = Part(spline([(0.3, 0.45), (0.45, 0.35), (0.65, 0.42), (0.7, 0.6), (0.55, 0.72), (0.35, 0.62)]),
                    tone=0.5)
        wing = Part(spline([(0.4, 0.5), (0.6, 0.47), (0.78, 0.72), (0.55, 0.62)]), tone=0.75, colour=1)
        head = Part(ellipse(0.35, 0.38, 0.1, 0.09), tone=0.45)
        beak = Part(np.array([[0.26, 0.36], [0.15, 0.4], [0.27, 0.42]]), tone=0.3, colour=4)
        eye = Part(ellipse(0.33, 0.36, 0.015, 0.015), tone=0.05, colour=3)
        return [branch, body, wing, head, beak, eye]
    body = Part(spline([(0.15, 0.5), (0.4, 0.32), (0.7, 0.4), (0.8, 0.5), (0.7, 0.6), (0.4, 0.66)]), tone=0.5)
    tail = Part(np.array([[0.75, 0.5], [0.95, 0.32], [0.9, 0.5], [0.95, 0.68]]), tone=0.7, colour=1)
    fin = Part(spline([(0.4, 0.34), (0.5, 0.2), (0.6, 0.36)], closed=True, per=6), tone=0.7, colour=1)
    eye = Part(ellipse(0.26, 0.47, 0.02, 0.02), tone=0.05, colour=3)
    stripes = [Part(arc(0.35 + 0.12 * k, 0.5, 0.14, -0.9, 0.9, 10), closed=False, tone=0.8) for k in range(3)]
    return [tail, fin, body, eye] + stripes


def still_life(rng: np.random.Generator) -> list[Part]:
    """A vase or bottle with fruit on a table edge."""
    table = Part(np.array([[0.0, 0.72], [1.0, 0.7], [1.0, 1.0], [0.0, 1.0]]), tone=0.65, colour=2)
    neck, belly = rng.uniform(0.04, 0.08), rng.uniform(0.13, 0.2)
    x, top = rng.uniform(0.32, 0.45), rng.uniform(0.18, 0.3)
    right = np.array([[x + neck, top], [x + neck * 0.8, top + 0.1], [x + belly, 0.5], [x + belly * 0.8, 0.7],
                      [x + 0.06, 0.76]])
    left = right[::-1] * np.array([-1, 1]) + np.array([2 * x, 0])
    vase = Part(spline(np.concatenate([right, left]), per=8), tone=0.55, colour=0)
    fruit = [Part(blob(rng, rng.uniform(0.6, 0.85), 0.7 - r * 0.4, r, 0.1), tone=rng.uniform(0.3, 0.7),
                  colour=int(rng.integers(1, 5))) for r in rng.uniform(0.06, 0.1, int(rng.integers(2, 4)))]
    return [table, vase] + fruit


def building(rng: np.random.Generator) -> list[Part]:
    """A house or tower with a gable or dome roof, windows and a door."""
    w, h = rng.uniform(0.35, 0.6), rng.uniform(0.35, 0.55)
    x0, y1 = 0.5 - w / 2, 0.92
    y0 = y1 - h
    wall = Part(np.array([[x0, y0], [x0 + w, y0], [x0 + w, y1], [x0, y1]]), tone=0.35, colour=0)
    if rng.random() < 0.6:
        roof = Part(np.array([[x0 - 0.04, y0], [0.5, y0 - rng.uniform(0.15, 0.3)], [x0 + w + 0.04, y0]]), tone=0.8,
                    colour=1)
    else:
        roof = Part(np.concatenate([arc(0.5, y0, w / 2, np.pi, 2 * np.pi, 20)]), tone=0.8, colour=1)
    parts = [wall, roof]
    cols, rows = int(rng.integers(2, 5)), int(rng.integers(1, 4))
    for i in range(cols):
        for j in range(rows):
            wx, wy = x0 + w * (i + 0.3) / cols, y0 + h * (j + 0.2) / (rows + 1)
            ww, wh = w * 0.4 / cols, h * 0.45 / (rows + 1)
            parts.append(Part(np.array([[wx, wy], [wx + ww, wy], [wx + ww, wy + wh], [wx, wy + wh]]), tone=0.9,
                              colour=3))
    door = Part(np.concatenate([arc(0.5, y1 - 0.12, 0.045, np.pi, 2 * np.pi, 10), [[0.545, y1], [0.455, y1]]]),
                tone=0.95, colour=2)
    return parts + [door]


def tree(rng: np.random.Generator) -> list[Part]:
    """A trunk with branches under a cluster of leafy blobs."""
    base = np.array([0.5, 0.95])
    trunk = Part(limb(spline([base, base + (rng.uniform(-0.05, 0.05), -0.3), (0.5, 0.35)], closed=False, per=6),
                      0.05, 0.02), tone=0.8, colour=2)
    crowns = [Part(blob(rng, 0.5 + rng.normal(0, 0.12), 0.35 + rng.normal(0, 0.08), rng.uniform(0.12, 0.2), 0.35),
                   tone=rng.uniform(0.4, 0.7), colour=int(rng.integers(0, 2))) for _ in range(int(rng.integers(3, 6)))]
    return [trunk] + crowns


def flower(rng: np.random.Generator) -> list[Part]:
    """A stem with leaves and a head of petals."""
    head = np.array([0.5 + rng.uniform(-0.1, 0.1), 0.3])
    stem = Part(limb(spline([(0.5, 0.98), (0.45, 0.65), head], closed=False, per=8), 0.015, 0.01), tone=0.7,
                colour=1)
    leaves = [Part(spline([(0.48, 0.75 - k * 0.12), (0.48 + s * 0.15, 0.65 - k * 0.12),
                           (0.48 + s * 0.3, 0.7 - k * 0.14), (0.48 + s * 0.12, 0.78 - k * 0.12)], per=6), tone=0.6,
                   colour=1) for k, s in enumerate((-1, 1))]
    count, length = int(rng.integers(5, 10)), rng.uniform(0.12, 0.2)
    petals = [Part(ellipse(*(head + length * 0.8 * np.array([np.cos(a), np.sin(a)])), length, length * 0.4, a),
                   tone=0.35, colour=0) for a in np.linspace(0, 2 * np.pi, count, endpoint=False) + rng.uniform(0, 1)]
    centre = Part(ellipse(*head, length * 0.45, length * 0.45), tone=0.8, colour=4)
    return [stem] + leaves + petals + [centre]


def icon(rng: np.random.Generator) -> list[Part]:
    """A pictogram: heart, star, drop, bolt, leaf, moon or sun on a round badge."""
    badge = Part(ellipse(0.5, 0.5, 0.45, 0.45, n=64), tone=0.3, colour=0)
    kind = int(rng.integers(7))
    if kind == 0:
        glyph = heart(0.5, 0.5, 0.25)
    elif kind == 1:
        glyph = star(0.5, 0.52, 0.3, int(rng.integers(5, 8)))
    elif kind == 2:
        glyph = spline([(0.5, 0.2), (0.66, 0.5), (0.62, 0.7), (0.5, 0.76), (0.38, 0.7), (0.34, 0.5)], per=8)
    elif kind == 3:
        glyph = np.array([[0.56, 0.18], [0.33, 0.55], [0.48, 0.55], [0.42, 0.82], [0.67, 0.45], [0.52, 0.45]])
    elif kind == 4:
        glyph = spline([(0.28, 0.72), (0.35, 0.35), (0.72, 0.26), (0.65, 0.62)], per=8)
    elif kind == 5:
        t = np.linspace(-np.pi / 2, np.pi / 2, 30)
        outer = np.stack([0.5 + 0.28 * np.cos(t), 0.5 + 0.28 * np.sin(t)], 1)
        inner = np.stack([0.5 + 0.12 * np.cos(t[::-1]), 0.5 + 0.28 * np.sin(t[::-1])], 1)
        glyph = np.concatenate([outer, inner]) - np.array([0.06, 0])
    else:
        glyph = star(0.5, 0.5, 0.3, 12, 0.7)
    return [badge, Part(glyph, tone=0.9, colour=1)]


def abstract(rng: np.random.Generator) -> list[Part]:
    """Overlapping blobs, rings and arcs for non-figurative compositions."""
    parts = []
    for k in range(int(rng.integers(4, 8))):
        cx, cy, r = rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85), rng.uniform(0.08, 0.3)
        if rng.random() < 0.6:
            parts.append(Part(blob(rng, cx, cy, r, rng.uniform(0.1, 0.5)), tone=rng.random(), colour=k % 5))
        else:
            parts.append(Part(arc(cx, cy, r, rng.uniform(0, 3), rng.uniform(3.5, 6.3)), closed=False,
                              tone=rng.random(), colour=k % 5))
    return parts


def landscape(rng: np.random.Generator) -> list[Part]:
    """Receding hill bands to the bottom of the box, with a sun or moon above."""
    parts = [Part(ellipse(rng.uniform(0.15, 0.85), rng.uniform(0.1, 0.3), 0.07, 0.07), tone=0.05, colour=4)]
    bands = int(rng.integers(3, 5))
    for k in range(bands):
        ridge = wave(-0.05, 1.05, 0.4 + 0.5 * k / bands, 0.08 / (k + 1), rng)
        parts.append(Part(np.concatenate([ridge, [[1.05, 1.05], [-0.05, 1.05]]]), tone=0.3 + 0.6 * k / bands,
                          colour=k % 3))
    return parts


SUBJECTS = {"figure": figure, "face": face, "animal": animal, "still_life": still_life, "building": building,
            "tree": tree, "flower": flower, "icon": icon, "abstract": abstract, "landscape": landscape}


def glyphs(rng: np.random.Generator, x: float, y: float, height: float, count: int) -> list[np.ndarray]:
    """Open polylines that read as hand or type lettering: bars, bowls and diagonals."""
    strokes, advance = [], height * 0.7
    for k in range(count):
        left = x + k * advance
        kind = int(rng.integers(5))
        if kind == 0:
            strokes.append(np.array([[left, y], [left, y + height]]))
        elif kind == 1:
            strokes.append(arc(left + height * 0.25, y + height * 0.6, height * 0.3, 0.3, 2 * np.pi - 0.3, 14))
        elif kind == 2:
            strokes.append(np.array([[left, y + height], [left + height * 0.25, y], [left + height * 0.5, y + height]]))
        elif kind == 3:
            strokes.append(np.array([[left, y + height], [left, y], [left + height * 0.45, y + height],
                                     [left + height * 0.45, y]]))
        else:
            strokes.append(spline([(left + height * 0.45, y), (left, y + height * 0.3),
                                   (left + height * 0.45, y + height * 0.7), (left, y + height)], closed=False, per=5))
    return strokes
