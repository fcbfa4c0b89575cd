"""Polygon and polyline construction: the vocabulary subjects are built from.

Shapes are numpy (n, 2) arrays of x, y pixel coordinates. Closed shapes do not repeat their
first point. Keeping geometry separate from rendering lets every medium draw the same subject
its own way: filled, inked, hatched, washed or brushed.
"""

from __future__ import annotations

import numpy as np


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 64):
    """An ellipse rotated by `angle` radians."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], 1)


def blob(rng: np.random.Generator, cx, cy, rx, ry, wobble: float = 0.15, n: int = 64, angle=0.0):
    """An organic closed shape: an ellipse whose radius wanders by a few random harmonics."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones(n)
    for k in range(2, 6):
        r += wobble / k * rng.uniform(-1, 1) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    x, y = rx * r * np.cos(t), ry * r * np.sin(t)
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], 1)


def rect(x0, y0, x1, y1):
    """An axis-aligned rectangle."""
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], float)


def rounded_rect(x0, y0, x1, y1, r, n: int = 8):
    """A rectangle with circular corners of radius r."""
    r = max(0.0, min(r, (x1 - x0) / 2, (y1 - y0) / 2))
    pts = []
    for cx, cy, a0 in ((x1 - r, y0 + r, -np.pi / 2), (x1 - r, y1 - r, 0.0),
                       (x0 + r, y1 - r, np.pi / 2), (x0 + r, y0 + r, np.pi)):
        a = a0 + np.linspace(0, np.pi / 2, n)
        pts.append(np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1))
    return np.vstack(pts)


def star(cx, cy, r_out, r_in, k: int, angle: float = -np.pi / 2):
    """A k-pointed star (r_in == r_out gives a regular 2k-gon)."""
    a = angle + np.arange(2 * k) * np.pi / k
    r = np.where(np.arange(2 * k) % 2 == 0, r_out, r_in)
    return np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1)


def regular(cx, cy, r, k: int, angle: float = -np.pi / 2):
    """A regular k-gon."""
    a = angle + np.arange(k) * 2 * np.pi / k
    return np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1)


def bezier(*ctrl, n: int = 24):
    """A Bezier polyline of any degree through de Casteljau's construction."""
    t = np.linspace(0, 1, n)[:, None]
    layer = [np.broadcast_to(np.asarray(c, float), (n, 2)) for c in ctrl]
    while len(layer) > 1:
        layer = [(1 - t) * a + t * b for a, b in zip(layer[:-1], layer[1:])]
    return np.array(layer[0])


def vase(cx, base_y, height, widths, n: int = 40):
    """A lathe profile (vase, bottle, cup): `widths` are half-widths from foot to lip."""
    ys = np.linspace(base_y, base_y - height, n)
    hw = np.interp(np.linspace(0, 1, n), np.linspace(0, 1, len(widths)), widths)
    right = np.stack([cx + hw, ys], 1)
    left = np.stack([cx - hw[::-1], ys[::-1]], 1)
    return np.vstack([right, left])


def ridge(rng: np.random.Generator, x0, x1, y, amp, bottom, rough: float = 0.5, n: int = 96):
    """A hill or mountain silhouette: fractal 1-D noise along the top, flat along `bottom`."""
    xs = np.linspace(x0, x1, n)
    t = np.linspace(0, 1, n)
    top = np.zeros(n)
    for octave in range(5):
        f = 2 ** octave
        top += (rough ** octave) * np.sin(2 * np.pi * (f * rng.uniform(0.6, 1.4) * t
                                                      + rng.uniform(0, 1)))
    top = y - amp * (top - top.min()) / (np.ptp(top) + 1e-9)
    return np.vstack([np.stack([xs, top], 1), [[x1, bottom], [x0, bottom]]])


def thick(path, widths) -> np.ndarray:
    """A closed outline around a polyline with per-vertex `widths` (stems, tails, strokes)."""
    path = np.asarray(path, float)
    widths = np.broadcast_to(np.asarray(widths, float), (len(path),))
    tangent = np.gradient(path, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True) + 1e-9
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], 1) * (widths[:, None] / 2)
    return np.vstack([path + normal, (path - normal)[::-1]])


def normals(poly) -> np.ndarray:
    """Outward unit normals at the vertices of a closed polygon."""
    poly = np.asarray(poly, float)
    tangent = _next(poly) - np.concatenate((poly[-1:], poly[:-1]))
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True) + 1e-9
    normal = np.stack([tangent[:, 1], -tangent[:, 0]], 1)
    return -normal if signed_area(poly) < 0 else normal


def offset(poly, dist) -> np.ndarray:
    """Move every vertex of a closed polygon outwards (dist > 0) along its normal.

    `dist` may vary per vertex, which is how comic contours get their swelling weight.
    """
    poly = np.asarray(poly, float)
    dist = np.broadcast_to(np.asarray(dist, float), (len(poly),))
    return poly + normals(poly) * dist[:, None]


def signed_area(poly) -> float:
    """Shoelace area, positive for clockwise order in image (y-down) coordinates."""
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * float(np.dot(x, _next(y)) - np.dot(y, _next(x)))


def _next(a: np.ndarray) -> np.ndarray:
    """Each vertex's successor around a closed polygon (np.roll, without its overhead)."""
    return np.concatenate((a[1:], a[:1]))


def resample(poly, step: float, closed: bool = True) -> np.ndarray:
    """Points spaced about `step` px apart along the outline, so jitter has even density."""
    pts = np.vstack([poly, poly[:1]]) if closed else np.asarray(poly, float)
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)])
    n = max(4, int(s[-1] / max(step, 1e-3)))
    t = np.linspace(0, s[-1], n, endpoint=not closed)
    return np.stack([np.interp(t, s, pts[:, 0]), np.interp(t, s, pts[:, 1])], 1)


def wobble(rng: np.random.Generator, poly, amount: float, closed: bool = True, waves: int = 6):
    """Displace an outline sideways by smooth random waves: the unsteadiness of a hand."""
    poly = np.asarray(poly, float)
    n = len(poly)
    t = np.linspace(0, 1, n, endpoint=not closed)[:, None, None]
    k = np.arange(1, waves + 1)[None, :, None]
    amp = rng.normal(0, 1, (1, waves, 2)) * (amount / k)
    phase = rng.uniform(0, 2 * np.pi, (1, waves, 2))
    return poly + (amp * np.sin(2 * np.pi * k * t + phase)).sum(1)


def rotate(pts, angle: float, cx: float, cy: float) -> np.ndarray:
    """Rotate points about (cx, cy)."""
    c, s = np.cos(angle), np.sin(angle)
    p = np.asarray(pts, float) - (cx, cy)
    return np.stack([c * p[:, 0] - s * p[:, 1], s * p[:, 0] + c * p[:, 1]], 1) + (cx, cy)


def bounds(pts) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a point set."""
    pts = np.asarray(pts)
    return (float(pts[:, 0].min()), float(pts[:, 1].min()),
            float(pts[:, 0].max()), float(pts[:, 1].max()))


def clip_half(poly, point, normal) -> np.ndarray:
    """The part of a closed polygon on the side of a line that `normal` points to."""
    poly = np.asarray(poly, float)
    side = (poly - point) @ np.asarray(normal, float)
    nxt, side_n = _next(poly), _next(side)
    inside = side >= 0
    crossing = inside != (side_n >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(crossing, side / (side - side_n), 0.0)
    candidates = np.stack([poly, poly + t[:, None] * (nxt - poly)], 1)
    return candidates[np.stack([inside, crossing], 1)]


def hull(points) -> np.ndarray:
    """Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms."""
    pts = sorted(map(tuple, np.asarray(points, float).tolist()))
    if len(pts) < 3:
        return np.array(pts)

    def half(seq):
        """One chain of the hull: keep only left turns."""
        out = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    return np.array(half(pts) + half(pts[::-1]))


def clip_convex(poly, window) -> np.ndarray:
    """The part of `poly` inside the convex polygon `window` (Sutherland-Hodgman)."""
    window = np.asarray(window, float)
    centre = window.mean(0)
    for i in range(len(window)):
        a, b = window[i], window[(i + 1) % len(window)]
        normal = np.array([-(b - a)[1], (b - a)[0]])
        if np.dot(centre - a, normal) < 0:
            normal = -normal
        poly = clip_half(poly, a, normal)
        if len(poly) < 3:
            return poly
    return poly
