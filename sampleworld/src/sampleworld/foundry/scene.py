"""Compose a picture: which subjects, how many, at what framing, over which ground, lit from where."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import subjects
from .subjects import Part

FRAMINGS = ("close", "mid", "wide")
GROUNDS = ("horizon", "hills", "table", "none")


@dataclass(frozen=True)
class Scene:
    """Parts in pixel coordinates, back to front; backdrop parts have subject -1."""

    width: int
    height: int
    parts: list[Part]
    horizon: float | None
    ground: str
    framing: str
    light: np.ndarray  # unit vector: x right, y down, z toward the viewer
    feet: list[tuple[float, float, float]]  # (x, y, half width) where each subject meets the ground

    @property
    def subject_parts(self) -> list[Part]:
        return [part for part in self.parts if part.subject >= 0]


def _light(rng: np.random.Generator) -> np.ndarray:
    vector = np.array([rng.choice([-1, 1]) * rng.uniform(0.3, 0.8), -rng.uniform(0.3, 0.8), rng.uniform(0.5, 0.9)])
    return vector / np.linalg.norm(vector)


def _backdrop(rng, width, height, horizon, ground) -> list[Part]:
    parts = []
    if horizon is not None and rng.random() < 0.6:
        r = rng.uniform(0.05, 0.11) * min(width, height)
        x, y = rng.uniform(0.15, 0.85) * width, rng.uniform(0.25, 0.8) * horizon
        parts.append(Part("ellipse", np.array([[x - r, y - r], [x + r, y + r]]), "sun", bulge=0.0, subject=-1))
    if ground == "hills":
        for layer in range(2):
            xs = np.linspace(-0.05, 1.05, 9) * width
            ys = horizon + layer * 0.08 * height - rng.uniform(0.0, 0.15, xs.size) * height
            pts = np.column_stack([np.concatenate([xs, [width * 1.05, -0.05 * width]]),
                                   np.concatenate([ys, [height * 1.05, height * 1.05]])])
            parts.append(Part("poly", pts, "hill" if layer == 0 else "leaf", bulge=0.0, subject=-1))
    if ground == "table":
        pts = np.array([[-5, horizon], [width + 5, horizon], [width + 5, height + 5], [-5, height + 5]], float)
        parts.append(Part("poly", pts, "table", bulge=0.0, subject=-1))
    return parts


def _place(kind, rng, scale, x, base, index) -> list[Part]:
    parts = subjects.lettering(rng) if kind == "lettering" else subjects.KINDS[kind](rng)
    flip = bool(rng.random() < 0.5) and kind != "lettering"
    return [replace(part.moved(scale, x, base, flip), subject=index) for part in parts]


def compose(rng: np.random.Generator, width: int, height: int, kinds=None, framing=None, ground=None,
            count=None) -> Scene:
    """A seeded scene; styles may fix the kinds of subject, framing, ground or number to suit their genre."""
    kinds = list(kinds or list(subjects.KINDS))
    framing = framing or FRAMINGS[int(rng.integers(3))]
    ground = ground or GROUNDS[int(rng.integers(len(GROUNDS)))]
    if framing == "close":
        count = count or 1
    elif framing == "mid":
        count = count or int(rng.integers(1, 4))
    else:
        count = count or int(rng.integers(3, 8))
    horizon = None if ground == "none" else height * rng.uniform(0.45, 0.68 if framing != "wide" else 0.6)
    chosen = [kinds[int(rng.integers(len(kinds)))] for _ in range(count)]
    placements = []
    for i, kind in enumerate(chosen):
        span = subjects.WIDTHS[kind]
        if framing == "close":
            scale = min(height * rng.uniform(0.7, 1.0), width * rng.uniform(0.85, 1.1) / span)
            base = height * rng.uniform(0.9, 1.02)
            x = width * rng.uniform(0.4, 0.6)
        elif framing == "mid":
            scale = min(height * rng.uniform(0.35, 0.6), width * 0.9 / (span * count))
            base = height * rng.uniform(0.78, 0.92)
            x = width * (i + 0.5 + rng.uniform(-0.15, 0.15)) / count
        else:
            top = horizon if horizon is not None else height * 0.45
            base = rng.uniform(top + 0.05 * height, height * 0.98)
            scale = max(0.06 * height, (base - top) * rng.uniform(0.6, 1.3))
            scale = min(scale, width * 0.5 / span)
            x = rng.uniform(0.08, 0.92) * width
        placements.append((base, kind, scale, x))
    placements.sort(key=lambda item: item[0])
    parts = _backdrop(rng, width, height, horizon, ground)
    feet = []
    for index, (base, kind, scale, x) in enumerate(placements):
        parts += _place(kind, rng, scale, x, base, index)
        feet.append((x, base, scale * subjects.WIDTHS[kind] * 0.5))
    return Scene(width, height, parts[:250], horizon, ground, framing, _light(rng), feet)
