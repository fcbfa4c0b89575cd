"""Vectorised mark patterns shared by the media: hatching, stippling, halftone screens and traced lines."""

from __future__ import annotations

import itertools

import numpy as np
from PIL import Image, ImageDraw

from . import noise


def _axes(height: int, width: int):
    return np.arange(height, dtype=np.float32)[:, None], np.arange(width, dtype=np.float32)[None, :]


def hatch(rng: np.random.Generator, height: int, width: int, angle: float, spacing: float, thickness: float,
          wobble: float = 0.0, dash: float | None = None, taper: bool = False) -> np.ndarray:
    """Coverage 0..1 of parallel lines; `dash` breaks them into strokes that long, `taper` fades their ends."""
    y, x = _axes(height, width)
    c, s = np.float32(np.cos(angle)), np.float32(np.sin(angle))
    across = (x * -s + y * c) / np.float32(spacing)
    if wobble:
        across += (noise.field(rng, height, width, 30) - 0.5) * np.float32(wobble / spacing)
    row = np.floor(across)
    distance = np.abs(across - row - 0.5) * np.float32(spacing)
    line = np.clip(np.float32(thickness / 2 + 0.5) - distance, 0, 1)
    if dash:
        rows = row.astype(np.int32)
        low = int(rows.min())
        offsets = rng.random(int(rows.max()) - low + 1, dtype=np.float32) * 7
        phase = (x * c + y * s) / np.float32(dash) + offsets[rows - low]
        phase -= np.floor(phase)
        if taper:
            shape = np.clip(phase * 4, 0, 1) * np.clip((0.85 - phase) * 4, 0, 1)
        else:
            shape = phase < 0.85
        line *= shape
    return line


def _lattice(pitch: int) -> np.ndarray:
    """Distance (in pitch units) to the nearest dot of a 45-degree screen: dots at a square's corners and centre."""
    y, x = _axes(pitch, pitch)
    corner = np.minimum(np.minimum(np.hypot(x, y), np.hypot(pitch - x, y)),
                        np.minimum(np.hypot(x, pitch - y), np.hypot(pitch - x, pitch - y)))
    centre = np.hypot(x - pitch / 2, y - pitch / 2)
    return np.minimum(corner, centre) / pitch


def halftone(tone: np.ndarray, cell: float) -> np.ndarray:
    """Coverage 0..1 of a printer's 45-degree dot screen whose dots grow with `tone` (0 none, 1 solid)."""
    height, width = tone.shape
    pitch = max(3, round(cell * np.sqrt(2)))
    distance = np.tile(_lattice(pitch), (height // pitch + 1, width // pitch + 1))[:height, :width]
    radius = np.sqrt(np.clip(tone, 0, 1)) * np.float32(0.52)
    return np.clip((radius - distance) * np.float32(pitch) + 0.5, 0, 1)


def stipple(rng: np.random.Generator, tone: np.ndarray, cell: int, radius: int) -> np.ndarray:
    """Coverage 0/1 of equal dots, one chance per `cell`-pixel square, kept with probability `tone`."""
    height, width = tone.shape
    rows, cols = height // cell + 1, width // cell + 1
    cy = (np.arange(rows)[:, None] + rng.random((rows, cols))) * cell
    cx = (np.arange(cols)[None, :] + rng.random((rows, cols))) * cell
    iy, ix = np.minimum(cy.astype(int), height - 1), np.minimum(cx.astype(int), width - 1)
    keep = rng.random((rows, cols)) < tone[iy, ix]
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    centres = np.column_stack([cx[keep], cy[keep]])
    for dx in range(radius):
        for dy in range(radius):
            if radius < 3 or (dx, dy) not in ((0, 0), (0, radius - 1), (radius - 1, 0), (radius - 1, radius - 1)):
                draw.point((centres + (dx, dy)).ravel().tolist(), fill=255)
    return np.asarray(image, dtype=np.float32) / 255


def trace(draw: ImageDraw.ImageDraw, path: np.ndarray, rng: np.random.Generator, jitter: float, width: float,
          fill, pieces: int = 1):
    """Draw a hand-traced copy of `path`: wobbled, and broken into `pieces` strokes that overlap a little."""
    count = len(path)
    if count < 2:
        return
    offsets = np.cumsum(rng.normal(0, jitter * 0.35, (count, 2)), axis=0)
    offsets -= np.linspace(0, 1, count)[:, None] * offsets[-1]
    wobbled = path + offsets + rng.normal(0, jitter * 0.5, 2)
    bounds = np.linspace(0, count - 1, pieces + 1).astype(int)
    for start, stop in itertools.pairwise(bounds):
        segment = wobbled[max(0, start - 1):stop + 1]
        if len(segment) >= 2:
            draw.line([tuple(p) for p in segment], fill=fill, width=max(1, round(width)), joint="curve")


def densify(path: np.ndarray, step: float) -> np.ndarray:
    """Resample a path so no two points are more than `step` apart (so a wobble can bend it)."""
    seg = np.linalg.norm(np.diff(path, axis=0), axis=1)
    total = np.concatenate([[0], np.cumsum(seg)])
    if total[-1] <= 0:
        return path
    samples = np.linspace(0, total[-1], max(2, int(total[-1] / step) + 1))
    return np.column_stack([np.interp(samples, total, path[:, 0]), np.interp(samples, total, path[:, 1])])
