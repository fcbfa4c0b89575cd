"""Subjects as lists of polygons with a role and a tone, so each medium can fill, outline, hatch
or paint the same things its own way (houses, trees, people, cats, birds, flowers, vases, faces)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Part:
    """One closed shape: outline points (N x 2, pixels), a role for colouring, a tone 0 light .. 1 dark."""

    points: np.ndarray
    role: str
    tone: float

    def flat(self) -> list[tuple[float, float]]:
        return [tuple(p) for p in self.points.tolist()]


def ellipse(cx: float, cy: float, rx: float, ry: float, turn: float = 0.0, count: int = 36) -> np.ndarray:
    a = np.linspace(0, 2 * np.pi, count, endpoint=False)
    x, y = rx * np.cos(a), ry * np.sin(a)
    c, s = np.cos(turn), np.sin(turn)
    return np.stack([cx + x * c - y * s, cy + x * s + y * c], axis=1)


def box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], dtype=float)


def house(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    w, h = size * rng.uniform(0.7, 1.1), size * rng.uniform(0.5, 0.8)
    roof = size * rng.uniform(0.3, 0.5)
    parts = [Part(box(x - w / 2, base - h, x + w / 2, base), "wall", 0.25),
             Part(np.array([(x - w * 0.6, base - h), (x, base - h - roof), (x + w * 0.6, base - h)]), "roof", 0.7)]
    for fx in (-0.28, 0.28):
        cx, cy, s = x + fx * w, base - h * 0.62, w * 0.12
        parts.append(Part(box(cx - s, cy - s, cx + s, cy + s), "window", 0.85))
    parts.append(Part(box(x - w * 0.09, base - h * 0.42, x + w * 0.09, base), "door", 0.75))
    return parts


def tower(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    w, h = size * rng.uniform(0.35, 0.6), size * rng.uniform(1.2, 2.2)
    parts = [Part(box(x - w / 2, base - h, x + w / 2, base), "wall", float(rng.uniform(0.2, 0.5)))]
    rows, cols = int(h / (w * 0.35)), 3
    for r in range(1, rows):
        for c in range(cols):
            cx, cy = x - w / 2 + w * (c + 0.5) / cols, base - h + r * h / rows
            parts.append(Part(box(cx - w * 0.08, cy - w * 0.1, cx + w * 0.08, cy + w * 0.08), "window", 0.85))
    return parts


def tree(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    h = size * rng.uniform(1.0, 1.4)
    parts = [Part(np.array([(x - size * 0.06, base), (x - size * 0.03, base - h * 0.55),
                            (x + size * 0.03, base - h * 0.55), (x + size * 0.06, base)]), "trunk", 0.7)]
    if rng.random() < 0.5:
        for i in range(3):
            top = base - h * (0.45 + 0.2 * i) - size * 0.3
            wide = size * (0.5 - 0.12 * i)
            parts.append(Part(np.array([(x - wide, top + size * 0.45), (x, top - size * 0.1),
                                        (x + wide, top + size * 0.45)]), "leaf", 0.55 + 0.1 * i))
    else:
        for dx, dy, r in ((0, -0.8, 0.42), (-0.28, -0.6, 0.3), (0.28, -0.62, 0.32)):
            parts.append(Part(ellipse(x + dx * size, base + dy * h, r * size, r * size * 0.9), "leaf", 0.5))
    return parts


def person(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    h = size * 1.6
    lean = rng.uniform(-0.08, 0.08) * size
    head = h * 0.11
    parts = [Part(np.array([(x - h * 0.07, base), (x - h * 0.02, base - h * 0.45), (x + h * 0.02, base - h * 0.45),
                            (x + h * 0.07, base), (x + h * 0.035, base), (x, base - h * 0.35),
                            (x - h * 0.035, base)]), "cloth2", 0.75),
             Part(np.array([(x - h * 0.12, base - h * 0.42), (x - h * 0.1 + lean, base - h * 0.75),
                            (x + h * 0.1 + lean, base - h * 0.75), (x + h * 0.12, base - h * 0.42)]), "cloth", 0.5),
             Part(ellipse(x + lean, base - h * 0.75 - head, head * 0.85, head), "skin", 0.2)]
    return parts


def cat(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    s = size * 0.6
    flip = 1 if rng.random() < 0.5 else -1
    body = ellipse(x, base - s * 0.45, s * 0.7, s * 0.45)
    hx, hy = x + flip * s * 0.55, base - s * 1.0
    head = ellipse(hx, hy, s * 0.32, s * 0.28)
    ears = [np.array([(hx + d * s * 0.28, hy - s * 0.1), (hx + d * s * 0.2, hy - s * 0.45),
                      (hx + d * s * 0.05, hy - s * 0.22)]) for d in (-1, 1)]
    tail = np.array([(x - flip * s * 0.6, base - s * 0.5), (x - flip * s * 1.1, base - s * 1.1),
                     (x - flip * s * 1.0, base - s * 1.2), (x - flip * s * 0.5, base - s * 0.7)])
    return [Part(tail, "fur", 0.6), Part(body, "fur", 0.55), *[Part(e, "fur", 0.6) for e in ears],
            Part(head, "fur", 0.5), Part(ellipse(hx - s * 0.1, hy, s * 0.05, s * 0.06), "eye", 0.9),
            Part(ellipse(hx + s * 0.1, hy, s * 0.05, s * 0.06), "eye", 0.9)]


def bird(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    s = size * 0.5
    body = ellipse(x, base - s, s * 0.6, s * 0.38, turn=-0.3)
    head = ellipse(x + s * 0.5, base - s * 1.35, s * 0.25, s * 0.25)
    beak = np.array([(x + s * 0.72, base - s * 1.42), (x + s * 1.0, base - s * 1.3), (x + s * 0.72, base - s * 1.28)])
    wing = np.array([(x - s * 0.3, base - s * 1.1), (x + s * 0.25, base - s * 1.05), (x - s * 0.1, base - s * 0.75),
                     (x - s * 0.7, base - s * 0.7)])
    tail = np.array([(x - s * 0.5, base - s * 0.8), (x - s * 1.1, base - s * 0.55), (x - s * 1.0, base - s * 0.85)])
    return [Part(tail, "feather", 0.6), Part(body, "feather", 0.45), Part(wing, "feather2", 0.65),
            Part(head, "feather", 0.45), Part(beak, "beak", 0.3),
            Part(ellipse(x + s * 0.58, base - s * 1.4, s * 0.05, s * 0.05), "eye", 0.95)]


def flower(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    h = size * rng.uniform(1.0, 1.5)
    cx, cy, r = x, base - h, size * 0.22
    stem = np.array([(x - size * 0.02, base), (x - size * 0.02, cy), (x + size * 0.02, cy), (x + size * 0.02, base)])
    leaf = ellipse(x + size * 0.15, base - h * 0.4, size * 0.18, size * 0.06, turn=-0.6)
    count = int(rng.integers(5, 9))
    petals = [Part(ellipse(cx + r * np.cos(a), cy + r * np.sin(a), r * 0.75, r * 0.35, turn=a), "petal", 0.35)
              for a in np.linspace(0, 2 * np.pi, count, endpoint=False) + rng.uniform(0, 1)]
    return [Part(stem, "stem", 0.6), Part(leaf, "stem", 0.55), *petals, Part(ellipse(cx, cy, r * 0.45, r * 0.45),
                                                                             "centre", 0.8)]


def vase(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    w, h = size * rng.uniform(0.35, 0.5), size * rng.uniform(0.8, 1.2)
    u = np.linspace(0, 1, 24)
    profile = w * np.interp(u, [0, 0.1, 0.4, 0.7, 0.85, 0.95, 1], [0.5, 0.8, 1.0, 0.55, 0.3, 0.35, 0.42])
    ys = base - h * u
    outline = np.concatenate([np.stack([x + profile, ys], 1), np.stack([x - profile, ys], 1)[::-1]])
    fruit = [Part(ellipse(x + d * size * 0.55, base - size * 0.16, size * 0.17, size * 0.16), "fruit", 0.45)
             for d in (-1, 1)]
    return [Part(outline, "pot", 0.5), *fruit]


def face(x: float, base: float, size: float, rng: np.random.Generator) -> list[Part]:
    r = size * 0.5
    cy = base - r * 1.9
    neck = box(x - r * 0.32, cy + r * 0.8, x + r * 0.32, base - r * 0.3)
    shoulders = np.array([(x - r * 1.6, base), (x - r * 0.9, base - r * 0.55), (x + r * 0.9, base - r * 0.55),
                          (x + r * 1.6, base)])
    hair = ellipse(x, cy - r * 0.25, r * 0.95, r * 0.9)
    head = ellipse(x, cy, r * 0.75, r * 0.98)
    eyes = [Part(ellipse(x + d * r * 0.3, cy - r * 0.1, r * 0.12, r * 0.06), "eye", 0.9) for d in (-1, 1)]
    mouth = Part(ellipse(x, cy + r * 0.48, r * 0.2, r * 0.05), "mouth", 0.7)
    nose = Part(np.array([(x, cy - r * 0.05), (x + r * 0.08, cy + r * 0.25), (x - r * 0.06, cy + r * 0.25)]),
                "skin", 0.4)
    return [Part(shoulders, "cloth", 0.7), Part(neck, "skin", 0.45), Part(hair, "hair", 0.85),
            Part(head, "skin", 0.3), *eyes, nose, mouth]


SUBJECTS = {"house": house, "tower": tower, "tree": tree, "person": person, "cat": cat, "bird": bird,
            "flower": flower, "vase": vase, "face": face}


def scene(names: list[str], width: int, height: int, rng: np.random.Generator, horizon: float,
          scale: float = 0.25) -> list[Part]:
    """Subjects spread along a ground line at `horizon` (share of height), larger ones in front."""
    parts: list[Part] = []
    size = min(width, height) * scale
    slots = np.sort(rng.uniform(0.12, 0.88, len(names)))
    for name, slot in zip(names, slots, strict=True):
        base = height * (horizon + rng.uniform(0.02, 0.12) * (1 - horizon))
        parts += SUBJECTS[name](slot * width, base, size * rng.uniform(0.8, 1.2), rng)
    return parts
