"""Hand marks shared by the drawing media: wobbly contour passes, hatching fields, stippling.

A hand never draws a polygon exactly: contours are resampled, pushed by smooth random
offsets and drawn in several loose passes; hatching is many short, slightly bent lines.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage


def resample(points: np.ndarray, step: float, closed: bool = True) -> np.ndarray:
    """Points every `step` pixels along a polyline (closing it when asked)."""
    if closed:
        points = np.vstack([points, points[:1]])
    lengths = np.hypot(*np.diff(points, axis=0).T)
    total = np.concatenate([[0], np.cumsum(lengths)])
    at = np.linspace(0, total[-1], max(3, int(total[-1] / step)))
    return np.stack([np.interp(at, total, points[:, 0]), np.interp(at, total, points[:, 1])], 1)


def wobble(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Push points by a smooth random drift, as an unsteady hand does."""
    drift = rng.normal(0, amount, points.shape)
    return points + ndimage.gaussian_filter1d(drift, 3, axis=0, mode="nearest") * 2.5


def hand_contour(shape_points, rng, closed=True, jitter=1.5, overshoot=0.0) -> np.ndarray:
    """One pass of a hand-drawn contour, optionally overshooting its start and end."""
    line = wobble(resample(shape_points, 6, closed), rng, jitter)
    if overshoot and len(line) > 2:
        head = line[0] + (line[0] - line[1]) * overshoot
        tail = line[-1] + (line[-1] - line[-2]) * overshoot
        line = np.vstack([head, line, tail])
    return line


def draw_polyline(draw: ImageDraw.ImageDraw, line: np.ndarray, fill, width: float) -> None:
    draw.line([tuple(p) for p in line], fill=fill, width=max(1, int(round(width))), joint="curve")


def draw_pressure_line(draw, line, rng, fill: float, width: float, pieces: int = 6) -> None:
    """A stroke whose pressure (darkness and width) swells and fades along its length."""
    bounds = np.linspace(0, len(line) - 1, pieces + 1).astype(int)
    pressure = np.clip(np.sin(np.linspace(0.3, np.pi - 0.3, pieces)) + rng.normal(0, 0.15, pieces), 0.2, 1.2)
    for (a, b), p in zip(zip(bounds[:-1], bounds[1:]), pressure):
        if b > a:
            draw_polyline(draw, line[a:b + 1], int(fill * p), width * (0.6 + 0.5 * p))


def hatch_segments(rng, height, width, angle, spacing, dash=(40, 160), gap=(2, 12), bend=0.6):
    """Short parallel strokes covering the frame at `angle` (radians), `spacing` apart."""
    d, n = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    centre, reach = np.array([width / 2, height / 2]), np.hypot(width, height) / 2
    segments = []
    for offset in np.arange(-reach, reach, spacing):
        t = -reach + rng.uniform(0, dash[1])
        while t < reach:
            length = rng.uniform(*dash)
            start = centre + n * (offset + rng.normal(0, spacing * 0.08)) + d * t
            end = start + d * length + n * rng.normal(0, bend)
            segments.append((start, end))
            t += length + rng.uniform(*gap)
    return segments


def hatch_layer(rng, height, width, angle, spacing, line_width=1, dash=(40, 160), gap=(2, 12)) -> np.ndarray:
    """Coverage 0..1 of a hatching field over the whole frame (clip it with a tone mask)."""
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for start, end in hatch_segments(rng, height, width, angle, spacing, dash, gap):
        draw.line([tuple(start), tuple(end)], fill=255, width=line_width)
    return np.asarray(image, dtype=np.float32) / 255.0


def stipple_layer(rng, darkness: np.ndarray, density: float, dot: int = 2) -> np.ndarray:
    """Dots whose density follows `darkness` (0..1): coverage 0..1 of round ink dots."""
    seeds = rng.random(darkness.shape, dtype=np.float32) < darkness ** 1.4 * density
    if dot <= 1:
        return seeds.astype(np.float32)
    disk = np.hypot(*np.mgrid[-1:2, -1:2]) <= 1.0 if dot == 2 else np.hypot(*np.mgrid[-2:3, -2:3]) <= 1.6
    return ndimage.binary_dilation(seeds, structure=disk).astype(np.float32)


def tone_bands(values: np.ndarray, thresholds) -> list[np.ndarray]:
    """Masks of pixels darker than each threshold, lightest band first (where to hatch)."""
    return [(values < t).astype(np.float32) for t in thresholds]
