"""Mark-making as vectorised fields: hatching, stippling, halftone screens and hand-drawn strokes.

Each function returns coverage in 0..1 for a whole image in a few array operations, so mark scale
can range from hair-fine to bold without a per-mark Python loop.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw


def _coords(h: int, w: int):
    return np.arange(w, dtype=np.float32)[None, :], np.arange(h, dtype=np.float32)[:, None]


def hatch(h: int, w: int, angle: float, spacing: float, width: float, wobble: np.ndarray | None = None) -> np.ndarray:
    """Parallel lines of constant `width` every `spacing` pixels; `wobble` (pixels) bends them by hand."""
    x, y = _coords(h, w)
    u = x * math.cos(angle) + y * math.sin(angle)
    if wobble is not None:
        u = u + wobble
    t = np.abs((u % spacing) - spacing / 2)
    return np.clip(width / 2 + 0.5 - t, 0, 1)


def tonal_hatch(tone: np.ndarray, angles, spacing: float, width: float, wobble=None, soft: float = 0.04):
    """Cross-hatching by tone: layer k of lines appears where darkness passes (k + 1) / (layers + 1)."""
    h, w = tone.shape
    out = np.zeros((h, w), np.float32)
    for k, angle in enumerate(angles):
        threshold = (k + 1) / (len(angles) + 1)
        gate = np.clip((tone - threshold) / soft + 0.5, 0, 1)
        out = np.maximum(out, hatch(h, w, angle, spacing, width, wobble) * gate)
    return out


def halftone(tone: np.ndarray, cell: float, angle: float = math.pi / 4) -> np.ndarray:
    """A printed dot screen: dots on a rotated lattice whose area follows the tone (0 none, 1 solid)."""
    h, w = tone.shape
    x, y = _coords(h, w)
    c, s = math.cos(angle), math.sin(angle)
    u, v = (x * c + y * s) % cell - cell / 2, (y * c - x * s) % cell - cell / 2
    dist = np.sqrt(u * u + v * v)
    radius = cell * 0.75 * np.sqrt(np.clip(tone, 0, 1))
    return np.clip(radius - dist + 0.5, 0, 1)


def stipple(rng: np.random.Generator, tone: np.ndarray, cell: int, radius: float) -> np.ndarray:
    """Ink dots, one candidate per jittered grid cell, kept with probability equal to the tone there."""
    h, w = tone.shape
    cell = max(2, int(cell))
    gh, gw = h // cell + 1, w // cell + 1
    jitter = cell / 2 - radius - 0.5
    jx = cell / 2 + rng.uniform(-1, 1, (gh, gw)).astype(np.float32) * max(jitter, 0)
    jy = cell / 2 + rng.uniform(-1, 1, (gh, gw)).astype(np.float32) * max(jitter, 0)
    sampled = tone[np.minimum(np.arange(gh) * cell + cell // 2, h - 1)][:, np.minimum(np.arange(gw) * cell + cell // 2,
                                                                                      w - 1)]
    keep = (rng.random((gh, gw)) < sampled ** 1.2).astype(np.float32)
    r = radius * rng.uniform(0.8, 1.2, (gh, gw)).astype(np.float32)
    iy, ix = np.arange(h) // cell, np.arange(w) // cell
    dx = (np.arange(w, dtype=np.float32) % cell)[None, :] - jx[iy][:, ix]
    dy = (np.arange(h, dtype=np.float32) % cell)[:, None] - jy[iy][:, ix]
    return np.clip(r[iy][:, ix] - np.sqrt(dx * dx + dy * dy) + 0.5, 0, 1) * keep[iy][:, ix]


def strokes(rng: np.random.Generator, h: int, w: int, paths, width: float) -> np.ndarray:
    """Hand strokes along polylines (list of N x 2 arrays) at random pressure, drawn with Pillow; returns coverage."""
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    for path in paths:
        pts = [tuple(p) for p in np.asarray(path).tolist()]
        if len(pts) > 1:
            draw.line(pts, fill=int(rng.integers(150, 256)), width=max(1, int(round(width))), joint="curve")
    return np.asarray(canvas, np.float32) / 255


def construction(rng: np.random.Generator, frame, count: int) -> list[np.ndarray]:
    """An artist's blocking-in: long straight axes and loose ellipses that overshoot the subject."""
    x0, y0, x1, y1 = frame
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    paths = []
    for _ in range(count):
        if rng.random() < 0.5:
            a = rng.uniform(0, math.pi)
            ox, oy = cx + rng.normal(0, rx * 0.2), cy + rng.normal(0, ry * 0.3)
            reach = max(rx, ry) * rng.uniform(0.6, 1.1)
            paths.append(np.array([[ox - math.cos(a) * reach, oy - math.sin(a) * reach],
                                   [ox + math.cos(a) * reach, oy + math.sin(a) * reach]]))
        else:
            t = np.linspace(0, 2 * math.pi * rng.uniform(0.8, 1.1), 40)
            ex, ey = cx + rng.normal(0, rx * 0.3), cy + rng.normal(0, ry * 0.3)
            er, eq = rx * rng.uniform(0.15, 0.5), ry * rng.uniform(0.1, 0.4)
            paths.append(np.stack([ex + er * np.cos(t), ey + eq * np.sin(t)], axis=1))
    return paths


def hatch_strokes(rng: np.random.Generator, tone: np.ndarray, angle: float, length: float, spacing: float,
                  width: float, jitter: float = 0.25) -> np.ndarray:
    """Short hand-drawn hatching strokes: candidates on a grid aligned with the stroke direction, kept where
    the tone asks for them and drawn with a pressure that follows the tone."""
    h, w = tone.shape
    c, s = math.cos(angle), math.sin(angle)
    reach = math.hypot(w, h) / 2
    along = np.arange(-reach, reach, max(length, 2.0))
    across = np.arange(-reach, reach, max(spacing, 1.0))
    a, b = np.meshgrid(along, across)
    a = a + rng.uniform(-0.5, 0.5, a.shape) * length
    b = b + rng.normal(0, spacing * jitter, b.shape)
    x, y = w / 2 + a * c - b * s, h / 2 + a * s + b * c
    inside = (x >= 0) & (x < w) & (y >= 0) & (y < h)
    x, y = x[inside], y[inside]
    t = tone[y.astype(int), x.astype(int)]
    keep = rng.random(t.shape) < t * 1.5
    x, y, t = x[keep], y[keep], t[keep]
    half = length * rng.uniform(0.3, 0.55, x.shape)
    bend = rng.normal(0, 0.08, x.shape)
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    line_width = max(1, int(round(width)))
    for x0, y0, hl, tv, bv in zip(x.tolist(), y.tolist(), half.tolist(), t.tolist(), bend.tolist()):
        ca, sa = math.cos(angle + bv), math.sin(angle + bv)
        draw.line((x0 - ca * hl, y0 - sa * hl, x0 + ca * hl, y0 + sa * hl), fill=int(90 + 165 * min(tv, 1.0)),
                  width=line_width)
    return np.asarray(canvas, np.float32) / 255
