"""Curve geometry for subjects: ellipses, wobbly blobs, Catmull-Rom splines, tapered limbs.

All functions return (n, 2) float arrays of x, y points; y grows downwards as in images.
"""

from __future__ import annotations

import numpy as np


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 48) -> np.ndarray:
    """Points around an ellipse rotated by `angle` radians."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], axis=1)


def blob(rng: np.random.Generator, cx: float, cy: float, r: float, wobble: float = 0.2, n: int = 64,
         squash: float = 1.0) -> np.ndarray:
    """An organic closed outline: a circle whose radius carries a few random harmonics."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    radius = np.ones(n)
    for k in range(2, 6):
        radius += wobble / k * rng.uniform(-1, 1) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    return np.stack([cx + r * radius * np.cos(t), cy + squash * r * radius * np.sin(t)], axis=1)


def spline(control: np.ndarray, closed: bool = True, per: int = 10) -> np.ndarray:
    """A smooth Catmull-Rom curve through the control points (bezier-like silhouettes)."""
    p = np.asarray(control, dtype=float)
    if closed:
        p = np.concatenate([p[-1:], p, p[:2]])
    else:
        p = np.concatenate([p[:1], p, p[-1:]])
    t = np.linspace(0, 1, per, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
    if not closed:
        out.append(p[-2:-1])
    return np.concatenate(out)


def limb(points: np.ndarray, r0: float, r1: float) -> np.ndarray:
    """A tapered closed outline around an open polyline (arms, legs, stems, tails)."""
    p = np.asarray(points, dtype=float)
    d = np.gradient(p, axis=0)
    d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)
    normal = np.stack([-d[:, 1], d[:, 0]], axis=1)
    r = np.linspace(r0, r1, len(p))[:, None]
    return np.concatenate([p + normal * r, p[-1:] + d[-1:] * r1, (p - normal * r)[::-1]])


def star(cx: float, cy: float, r: float, points: int = 5, inner: float = 0.45, turn: float = 0.0) -> np.ndarray:
    """A star polygon with `points` spikes."""
    t = np.arange(points * 2) * np.pi / points - np.pi / 2 + turn
    radius = np.where(np.arange(points * 2) % 2 == 0, r, r * inner)
    return np.stack([cx + radius * np.cos(t), cy + radius * np.sin(t)], axis=1)


def heart(cx: float, cy: float, r: float, n: int = 60) -> np.ndarray:
    """The classic parametric heart."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return np.stack([cx + x * r / 17, cy + y * r / 17], axis=1)


def arc(cx: float, cy: float, r: float, start: float, end: float, n: int = 24) -> np.ndarray:
    """An open circular arc from `start` to `end` radians."""
    t = np.linspace(start, end, n)
    return np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], axis=1)


def wave(x0: float, x1: float, y: float, amplitude: float, rng: np.random.Generator, n: int = 40) -> np.ndarray:
    """An open wavy horizontal line, e.g. a ridge or a horizon."""
    x = np.linspace(x0, x1, n)
    phase, freq = rng.uniform(0, 2 * np.pi, 2), rng.uniform(1.0, 4.0, 2)
    yy = y + amplitude * (np.sin(freq[0] * np.pi * x + phase[0]) + 0.5 * np.sin(freq[1] * 3 * x + phase[1]))
    return np.stack([x, yy], axis=1)
