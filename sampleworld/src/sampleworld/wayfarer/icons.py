"""Flat pictograms for badges and app icons, each a few geometric primitives.

A glyph is a list of (shape, ink) pairs in a unit square centred on the origin, where ink
"fg" is the glyph colour and "bg" cuts back to the tile colour (a door, a moon's bite).
"""

from __future__ import annotations

import numpy as np

from . import geometry as g


def _heart():
    t = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return [(np.stack([x, y], 1) / 17, "fg")]


def _house():
    return [(g.rect(-0.6, -0.1, 0.6, 0.75), "fg"),
            (np.array([[-0.85, -0.05], [0, -0.8], [0.85, -0.05]]), "fg"),
            (g.rect(-0.15, 0.3, 0.15, 0.75), "bg")]


def _sun():
    rays = [(g.rotate(np.array([[-0.08, -0.62], [0.08, -0.62], [0, -0.95]]), a, 0, 0), "fg")
            for a in np.arange(8) * np.pi / 4]
    return rays + [(g.ellipse(0, 0, 0.48, 0.48), "fg")]


def _cloud():
    return [(g.ellipse(-0.35, 0.15, 0.35, 0.35), "fg"), (g.ellipse(0.1, -0.05, 0.45, 0.45), "fg"),
            (g.ellipse(0.5, 0.2, 0.3, 0.3), "fg"), (g.rounded_rect(-0.7, 0.1, 0.8, 0.5, 0.2), "fg")]


def _drop():
    body = g.ellipse(0, 0.25, 0.5, 0.5)
    return [(np.vstack([[[0, -0.85]], body[body[:, 1] > 0.05]]), "fg"), (body, "fg")]


def _leaf():
    upper = g.bezier((-0.7, 0.7), (-0.7, -0.5), (0.7, -0.7))
    lower = g.bezier((0.7, -0.7), (0.6, 0.6), (-0.7, 0.7))
    return [(np.vstack([upper, lower]), "fg"),
            (g.thick(g.bezier((-0.55, 0.55), (0.1, -0.05), (0.55, -0.55), n=8), 0.07), "bg")]


def _bolt():
    return [(np.array([[0.15, -0.9], [-0.5, 0.1], [-0.05, 0.1], [-0.2, 0.9], [0.5, -0.15],
                       [0.05, -0.15]]), "fg")]


def _moon():
    return [(g.ellipse(0, 0, 0.75, 0.75), "fg"), (g.ellipse(0.35, -0.25, 0.6, 0.6), "bg")]


def _cat():
    return [(np.array([[-0.65, -0.2], [-0.55, -0.85], [-0.1, -0.45]]), "fg"),
            (np.array([[0.65, -0.2], [0.55, -0.85], [0.1, -0.45]]), "fg"),
            (g.ellipse(0, 0.1, 0.7, 0.6), "fg"), (g.ellipse(-0.27, 0.0, 0.1, 0.14), "bg"),
            (g.ellipse(0.27, 0.0, 0.1, 0.14), "bg"),
            (np.array([[-0.08, 0.22], [0.08, 0.22], [0, 0.32]]), "bg")]


def _tree():
    return [(g.rect(-0.1, 0.2, 0.1, 0.85), "fg"), (g.ellipse(0, -0.2, 0.6, 0.6), "fg")]


def _camera():
    return [(g.rounded_rect(-0.85, -0.45, 0.85, 0.6, 0.15), "fg"),
            (g.rect(-0.3, -0.65, 0.3, -0.4), "fg"), (g.ellipse(0, 0.07, 0.36, 0.36), "bg"),
            (g.ellipse(0, 0.07, 0.22, 0.22), "fg")]


def _note():
    return [(g.ellipse(-0.25, 0.55, 0.3, 0.22, -0.4), "fg"), (g.rect(-0.02, -0.8, 0.1, 0.55), "fg"),
            (np.array([[0.1, -0.8], [0.6, -0.45], [0.6, -0.2], [0.1, -0.5]]), "fg")]


def _search():
    return [(g.ellipse(-0.15, -0.15, 0.55, 0.55), "fg"),
            (g.ellipse(-0.15, -0.15, 0.36, 0.36), "bg"),
            (g.rotate(g.rect(0.25, -0.1, 0.95, 0.12), np.pi / 4, 0.25, 0.0), "fg")]


def _check():
    return [(g.thick(np.array([[-0.6, 0.0], [-0.15, 0.45], [0.65, -0.45]]), 0.28), "fg")]


def _bell():
    side = g.bezier((0, -0.75), (0.55, -0.7), (0.5, 0.3), (0.75, 0.5))
    body = np.vstack([side, [[-0.75, 0.5]], g.bezier((-0.5, 0.3), (-0.55, -0.7), (0, -0.75))[1:]])
    return [(body, "fg"), (g.ellipse(0, 0.62, 0.17, 0.17), "fg")]


def _star():
    return [(g.star(0, 0.05, 0.9, 0.38, 5), "fg")]


GLYPHS = {
    "heart": _heart, "house": _house, "sun": _sun, "cloud": _cloud, "drop": _drop,
    "leaf": _leaf, "bolt": _bolt, "moon": _moon, "cat": _cat, "tree": _tree,
    "camera": _camera, "note": _note, "search": _search, "check": _check, "bell": _bell,
    "star": _star,
}


def glyph(name: str, cx: float, cy: float, size: float):
    """The shapes of glyph `name` scaled to half-size `size` around (cx, cy)."""
    return [(pts * size + (cx, cy), ink) for pts, ink in GLYPHS[name]()]
