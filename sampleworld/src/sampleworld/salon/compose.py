"""Composition: where subjects go and how big, so styles differ in layout and scale."""

from __future__ import annotations

import numpy as np

from .subjects import SUBJECTS, Part, place


def single(rng: np.random.Generator, names: tuple[str, ...], width: int, height: int,
           fill: float = 0.85) -> list[Part]:
    """One subject, large, on a rule-of-thirds point or centred."""
    name = names[int(rng.integers(len(names)))]
    size = min(width, height) * rng.uniform(fill * 0.8, fill)
    cx = width * rng.choice([0.5, 0.42, 0.58]) + rng.normal(0, width * 0.02)
    cy = height * rng.uniform(0.45, 0.55)
    return place(SUBJECTS[name](rng), cx, cy, size, mirror=bool(rng.random() < 0.5))


def group(rng: np.random.Generator, names: tuple[str, ...], width: int, height: int, count: int,
          ground: float = 0.75) -> list[Part]:
    """Several subjects standing along a ground line, smaller ones further back."""
    parts = []
    for k in np.argsort(rng.random(count)):
        depth = rng.uniform(0.5, 1.0)
        size = min(height * 0.8, width * 1.5 / count) * depth
        cx = width * (k + 0.5 + rng.uniform(-0.3, 0.3)) / count
        cy = height * ground - size * 0.45 + height * 0.08 * depth
        parts += place(SUBJECTS[names[int(rng.integers(len(names)))]](rng), cx, cy, size, bool(rng.random() < 0.5))
    return parts


def grid(rng: np.random.Generator, names: tuple[str, ...], width: int, height: int,
         cell: float) -> list[tuple[tuple[float, float, float], list[Part]]]:
    """Subjects in a regular grid of cells about `cell` pixels wide; returns (cx, cy, size) with each."""
    cols, rows = max(1, round(width / cell)), max(1, round(height / cell))
    step_x, step_y = width / cols, height / rows
    size = min(step_x, step_y) * 0.78
    cells = []
    for j in range(rows):
        for i in range(cols):
            cx, cy = step_x * (i + 0.5), step_y * (j + 0.5)
            subject = SUBJECTS[names[int(rng.integers(len(names)))]](rng)
            cells.append(((cx, cy, size), place(subject, cx, cy, size)))
    return cells
