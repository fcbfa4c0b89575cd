"""Signed distance fields: the family builds every subject from them instead of polygons.

A `Field` holds one distance per pixel (negative inside). Primitives are evaluated only in their
bounding box plus a margin, so a subject of many small parts stays cheap at full resolution, and
every medium can derive fills, contours, hatching masks and relief shading from the same numbers.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

FAR = np.float32(1e4)

Shape = tuple[tuple[float, float, float, float], Callable[[np.ndarray, np.ndarray], np.ndarray]]


class Field:
    """A distance field over an h x w image, combined primitive by primitive."""

    def __init__(self, height: int, width: int, margin: float = 24.0):
        self.d = np.full((height, width), FAR, np.float32)
        self.margin = margin

    def _window(self, box):
        height, width = self.d.shape
        x0, y0, x1, y1 = box
        m = self.margin
        c0, c1 = max(0, int(x0 - m)), min(width, int(math.ceil(x1 + m)) + 1)
        r0, r1 = max(0, int(y0 - m)), min(height, int(math.ceil(y1 + m)) + 1)
        if c0 >= c1 or r0 >= r1:
            return None
        xs = np.arange(c0, c1, dtype=np.float32)[None, :] + 0.5
        ys = np.arange(r0, r1, dtype=np.float32)[:, None] + 0.5
        return (slice(r0, r1), slice(c0, c1)), xs, ys

    def add(self, shape: Shape, smooth: float = 0.0) -> "Field":
        """Union with a shape; `smooth` > 0 blends the seam like clay (polynomial smooth minimum)."""
        window = self._window(shape[0])
        if window is not None:
            where, xs, ys = window
            a, b = self.d[where], shape[1](xs, ys)
            if smooth > 0:
                h = np.clip(0.5 + 0.5 * (b - a) / smooth, 0, 1)
                self.d[where] = b + (a - b) * h - smooth * h * (1 - h)
            else:
                self.d[where] = np.minimum(a, b)
        return self

    def cut(self, shape: Shape) -> "Field":
        """Subtract a shape (a window, an eye socket, a bite)."""
        window = self._window(shape[0])
        if window is not None:
            where, xs, ys = window
            self.d[where] = np.maximum(self.d[where], -shape[1](xs, ys))
        return self


def circle(cx, cy, r) -> Shape:
    return (cx - r, cy - r, cx + r, cy + r), lambda x, y: np.sqrt((x - cx) ** 2 + (y - cy) ** 2) - r


def ellipse(cx, cy, rx, ry, angle=0.0) -> Shape:
    """Ellipse distance to first order (value over gradient), so even thin ellipses keep crisp edges."""
    c, s = math.cos(angle), math.sin(angle)
    reach = max(rx, ry)

    def dist(x, y):
        u, v = (x - cx) * c + (y - cy) * s + 1e-3, (y - cy) * c - (x - cx) * s
        k = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
        grad = np.sqrt((u / (rx * rx)) ** 2 + (v / (ry * ry)) ** 2)
        return k * (k - 1) / np.maximum(grad, 1e-6)
    return (cx - reach, cy - reach, cx + reach, cy + reach), dist


def box(cx, cy, hw, hh, angle=0.0, round_=0.0) -> Shape:
    c, s = math.cos(angle), math.sin(angle)
    reach = math.hypot(hw, hh)

    def dist(x, y):
        u = np.abs((x - cx) * c + (y - cy) * s) - (hw - round_)
        v = np.abs((y - cy) * c - (x - cx) * s) - (hh - round_)
        outside = np.sqrt(np.maximum(u, 0) ** 2 + np.maximum(v, 0) ** 2)
        return outside + np.minimum(np.maximum(u, v), 0) - round_
    return (cx - reach, cy - reach, cx + reach, cy + reach), dist


def capsule(ax, ay, bx, by, ra, rb=None) -> Shape:
    """A limb: a segment with radius tapering from ra to rb."""
    rb = ra if rb is None else rb
    dx, dy = bx - ax, by - ay
    length2 = max(dx * dx + dy * dy, 1e-6)
    reach = max(ra, rb)

    def dist(x, y):
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / length2, 0, 1)
        return np.sqrt((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) - (ra + (rb - ra) * t)
    return (min(ax, bx) - reach, min(ay, by) - reach, max(ax, bx) + reach, max(ay, by) + reach), dist


def blob(cx, cy, r, rng: np.random.Generator, lobes: int = 5, wobble: float = 0.25) -> Shape:
    """An organic silhouette: a circle whose radius is a short random Fourier series of the angle."""
    ks = np.arange(2, 2 + lobes)
    amps = rng.uniform(0, wobble, lobes) / ks ** 0.7
    phases = rng.uniform(0, 2 * np.pi, lobes)
    reach = r * (1 + amps.sum())

    def dist(x, y):
        dx, dy = x - cx, y - cy
        rr = np.sqrt(dx * dx + dy * dy) + 1e-6
        c1, s1 = dx / rr, dy / rr
        ck, sk, radius = c1, s1, 1.0
        for a, p in zip(amps, phases):  # sin(k t + p) by the angle-addition recurrence, no trig per pixel
            ck, sk = ck * c1 - sk * s1, sk * c1 + ck * s1
            radius = radius + (a * math.cos(p)) * sk + (a * math.sin(p)) * ck
        return (rr - r * radius) * 0.8
    return (cx - reach, cy - reach, cx + reach, cy + reach), dist


def star(cx, cy, r_out, r_in, points=5, angle=0.0) -> Shape:
    """A star or burst from its polar profile: radius swings between r_in and r_out."""
    def dist(x, y):
        theta = np.arctan2(y - cy, x - cx) - angle
        saw = np.abs(((theta * points / (2 * np.pi)) % 1.0) - 0.5) * 2
        return (np.sqrt((x - cx) ** 2 + (y - cy) ** 2) - (r_in + (r_out - r_in) * saw)) * 0.7
    return (cx - r_out, cy - r_out, cx + r_out, cy + r_out), dist


def heart(cx, cy, r) -> Shape:
    """Two circles and a rotated square: the classic heart icon built from primitives."""
    lobe = r * 0.5
    def dist(x, y):
        left = np.sqrt((x - cx + lobe * 0.7) ** 2 + (y - cy + lobe * 0.4) ** 2) - lobe
        right = np.sqrt((x - cx - lobe * 0.7) ** 2 + (y - cy + lobe * 0.4) ** 2) - lobe
        return np.minimum(np.minimum(left, right), box(cx, cy + lobe * 0.35, lobe * 0.95, lobe * 0.95,
                                                       math.pi / 4)[1](x, y))
    return (cx - r, cy - r, cx + r, cy + r * 1.2), dist


def lathe(cx, top, bottom, profile: Callable[[np.ndarray], np.ndarray]) -> Shape:
    """A turned object (vase, bottle, cup): half-width `profile(t)` for t from top (0) to bottom (1)."""
    ts = np.linspace(0, 1, 64)
    reach = float(np.max(profile(ts)))

    def dist(x, y):
        t = (y - top) / max(bottom - top, 1e-3)
        side = np.abs(x - cx) - profile(np.clip(t, 0, 1))
        ends = np.maximum(top - y, y - bottom)
        return np.maximum(side * 0.8, ends)
    return (cx - reach, top, cx + reach, bottom), dist


def wave(base, amplitude, rng: np.random.Generator, width: float, harmonics: int = 4) -> Shape:
    """Everything below a wavy horizon (hills, waves, a table edge): distance is vertical offset."""
    freqs = rng.uniform(0.5, 1.5, harmonics) * np.arange(1, harmonics + 1) * 2 * np.pi / max(width, 1)
    amps = amplitude * rng.uniform(0.3, 1.0, harmonics) / np.arange(1, harmonics + 1)
    phases = rng.uniform(0, 2 * np.pi, harmonics)

    def dist(x, y):
        curve = base + sum(a * np.sin(f * x + p) for a, f, p in zip(amps, freqs, phases))
        return (curve - y) * 0.85
    return (-1e5, base - amplitude * 2, 1e5, 1e5), dist


def coverage(d: np.ndarray, soft: float = 1.0) -> np.ndarray:
    """Anti-aliased inside-ness from distance: a one-pixel ramp keeps edges crisp but smooth."""
    return np.clip(0.5 - d / soft, 0, 1)


def band(d: np.ndarray, width) -> np.ndarray:
    """Coverage of a contour line of `width` (scalar or per pixel) centred on the zero set."""
    return np.clip(0.5 * width + 0.5 - np.abs(d), 0, 1)


def relief(d: np.ndarray, radius: float, light=(-0.6, -0.7)) -> np.ndarray:
    """Lambert shading (0..1) of the field inflated into a rounded surface lit from `light` (x, y)."""
    if min(d.shape) < 2:
        return np.ones_like(d)
    inside = np.clip(-d / max(radius, 1.0), 0, 1)
    z = np.sqrt(1 - (1 - inside) ** 2) * radius
    gy, gx = np.gradient(z)
    lx, ly = light
    lz = 0.55
    shade = (-gx * lx - gy * ly + lz) / np.sqrt(gx * gx + gy * gy + 1) / math.sqrt(lx * lx + ly * ly + lz * lz)
    return np.clip(shade, 0, 1)


def shifted(d: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """The field moved by (dx, dy) pixels, for cast shadows and offset prints; edges are padded."""
    height, width = d.shape
    out = np.full_like(d, FAR)
    xs, xd = (slice(0, width - dx), slice(dx, width)) if dx >= 0 else (slice(-dx, width), slice(0, width + dx))
    ys, yd = (slice(0, height - dy), slice(dy, height)) if dy >= 0 else (slice(-dy, height), slice(0, height + dy))
    out[yd, xd] = d[ys, xs]
    return out
