"""Ink marks shared by comic and pen: contours of varying weight, hatching, halftone dots, lettering."""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw


def contour(draw: ImageDraw.ImageDraw, points: np.ndarray, weight: float, rng: np.random.Generator,
            fill=0, swell: float = 0.6, closed: bool = True) -> None:
    """A brush-like line whose weight swells and thins along the path (closed polygons by default)."""
    pts = np.concatenate([points, points[:1]]) if closed else points
    count = len(pts) - 1
    phase = rng.uniform(0, 6.3)
    widths = weight * (1 + swell * np.sin(np.linspace(0, 2 * np.pi, count) * rng.integers(1, 3) + phase))
    for (a, b), width in zip(zip(pts[:-1].tolist(), pts[1:].tolist(), strict=True), widths, strict=True):
        width = max(1, int(round(width)))
        draw.line([tuple(a), tuple(b)], fill=fill, width=width)
        if width > 2:
            r = width / 2
            draw.ellipse([b[0] - r, b[1] - r, b[0] + r, b[1] + r], fill=fill)


def hatch(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], angle: float, spacing: float,
          rng: np.random.Generator, fill=0, width: int = 1, wobble: float = 0.0) -> None:
    """Parallel lines over a box (clip with a mask afterwards); `wobble` jitters them like a hand."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    reach = np.hypot(x1 - x0, y1 - y0) / 2 + spacing
    direction = np.array([np.cos(angle), np.sin(angle)])
    normal = np.array([-direction[1], direction[0]])
    for offset in np.arange(-reach, reach, max(spacing, 1.0)):
        jitter = rng.normal(0, wobble, 4) if wobble else np.zeros(4)
        start = np.array([cx, cy]) + normal * (offset + jitter[0]) - direction * reach * (1 + 0.1 * jitter[1])
        end = np.array([cx, cy]) + normal * (offset + jitter[2]) + direction * reach * (1 + 0.1 * jitter[3])
        draw.line([tuple(start), tuple(end)], fill=fill, width=width)


def halftone(height: int, width: int, tone: np.ndarray | float, cell: float, angle: float = 0.785) -> np.ndarray:
    """A dot screen (1 where ink): dots on a rotated grid whose area follows `tone` (0 none .. 1 solid)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    c, s = np.cos(angle), np.sin(angle)
    u, v = (x * c + y * s) / cell, (-x * s + y * c) / cell
    du, dv = u - np.round(u), v - np.round(v)
    distance = np.sqrt(du * du + dv * dv)
    return (distance < np.sqrt(np.asarray(tone, dtype=np.float32) / np.pi)).astype(np.float32)


def lettering(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], rng: np.random.Generator,
              fill=0, size: float = 10) -> None:
    """Rows of letter-like strokes filling a box: reads as hand lettering without any real text."""
    x0, y0, x1, y1 = box
    size = max(3.0, size)
    width = max(1, int(size / 5))
    y = y0 + size * 0.2
    while y + size <= y1:
        x = x0 + rng.uniform(0, size)
        while x + size * 0.7 <= x1:
            for _ in range(int(rng.integers(2, 6))):  # a word
                if x + size * 0.7 > x1:
                    break
                for _ in range(int(rng.integers(1, 3))):
                    a = (x + rng.uniform(0, 0.6) * size, y + rng.choice([0.0, 0.5, 1.0]) * size)
                    b = (x + rng.uniform(0, 0.6) * size, y + rng.choice([0.0, 0.5, 1.0]) * size)
                    draw.line([a, b], fill=fill, width=width)
                x += size * 0.75
            x += size * 0.6
        y += size * 1.5
