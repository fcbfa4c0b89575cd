"""Mark making shared by the line media: resampling, sketchy contours and hatching layers.

Lines are drawn with Pillow; a pressure-varying, broken stroke is a chain of short chunks
with their own width and darkness, with random gaps where the tool lifted.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw


def resample(points: np.ndarray, closed: bool, step: float) -> np.ndarray:
    """Points spaced about `step` pixels apart along the outline."""
    p = np.concatenate([points, points[:1]]) if closed else np.asarray(points, float)
    lengths = np.linalg.norm(np.diff(p, axis=0), axis=1)
    total = np.concatenate([[0], np.cumsum(lengths)])
    s = np.linspace(0, total[-1], max(2, int(total[-1] / step) + 1))
    return np.stack([np.interp(s, total, p[:, 0]), np.interp(s, total, p[:, 1])], axis=1)


def jitter(rng: np.random.Generator, points: np.ndarray, amount: float) -> np.ndarray:
    """The points displaced by a slow random drift, like an unsteady hand."""
    drift = np.cumsum(rng.normal(0, amount, points.shape), axis=0)
    drift -= np.linspace(0, 1, len(points))[:, None] * drift[-1:]
    return points + drift * 0.5


def polyline(draw: ImageDraw.ImageDraw, points: np.ndarray, fill, width: float, scale: int = 1) -> None:
    """A round-jointed line at the drawing's supersampling scale."""
    if len(points) >= 2:
        draw.line((np.asarray(points) * scale).ravel().tolist(), fill=fill, width=max(1, int(width * scale + 0.5)),
                  joint="curve")


def stroke(draw: ImageDraw.ImageDraw, rng: np.random.Generator, points: np.ndarray, colour: tuple[int, ...],
           width: float, pressure: float = 0.5, breaks: float = 0.1, scale: int = 1) -> None:
    """A hand stroke: chunks whose width and opacity follow a pressure curve, with lifts.

    `colour` is an RGB triple (pressure changes only the width) or a grey or RGBA tuple
    whose last value pressure scales too.
    """
    chunk, starts = 6, range(0, len(points) - 1, 6)
    presses = np.clip(1 - pressure + pressure * rng.random(len(starts)), 0.15, 1).tolist()
    lifts = (rng.random(len(starts)) < breaks).tolist()
    flat = (np.asarray(points) * scale).ravel().tolist()
    for start, press, lift in zip(starts, presses, lifts):
        if lift:
            continue
        fill = colour if len(colour) == 3 else colour[:-1] + (int(colour[-1] * press),)
        draw.line(flat[2 * start:2 * (start + chunk + 1)], fill=fill[0] if len(fill) == 1 else fill,
                  width=max(1, int(width * (0.6 + 0.5 * press) * scale + 0.5)), joint="curve")


def contour(draw: ImageDraw.ImageDraw, rng: np.random.Generator, points: np.ndarray, closed: bool,
            colour: tuple[int, ...], width: float, passes: int = 1, wobble: float = 0.5, breaks: float = 0.1,
            scale: int = 1) -> None:
    """A sketchy outline: `passes` jittered, broken strokes over the same path."""
    base = resample(points, closed, 4.0)
    for _ in range(passes):
        overshoot = rng.integers(0, 3)
        path = jitter(rng, base, wobble)
        path = path[overshoot:len(path) - int(rng.integers(0, 3))] if len(path) > 8 else path
        stroke(draw, rng, path, colour, width, breaks=breaks, scale=scale)


def hatch_layer(rng: np.random.Generator, height: int, width: int, angle: float, spacing: float, line: float,
                pressure: float = 0.5, breaks: float = 0.15, wobble: float = 0.0, dash: float = 0.0,
                box: tuple[float, float, float, float] | None = None) -> np.ndarray:
    """Darkness (0..1) of parallel strokes at `angle` radians over `box` (default: everything).

    Media mask the layer by a tone map, so the same strokes shade every region they cross.
    Strokes are chains of segments with their own pressure; `dash` > 0 keeps every other
    stretch of about that length (short hatching marks) instead of long lifts.
    """
    x0, y0, x1, y1 = box or (0, 0, width, height)
    reach, centre = np.hypot(x1 - x0, y1 - y0) + spacing, np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    direction, normal = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    offsets = np.arange(-reach / 2, reach / 2, spacing)
    offsets = offsets + rng.normal(0, spacing * 0.12, len(offsets))
    step = min(40.0, dash) if dash else 40.0
    along = np.arange(-reach / 2, reach / 2 + step, step)
    lines = (len(offsets), 1)
    sway = wobble * np.sin(along[None, :] / rng.uniform(30, 80, lines) + rng.uniform(0, 6, lines))
    across = offsets[:, None] + sway
    points = centre + along[None, :, None] * direction + across[..., None] * normal
    segments = np.concatenate([points[:, :-1], points[:, 1:]], axis=2).reshape(-1, 4)
    count = len(segments)
    keep = rng.random(count) >= breaks
    if dash:
        keep &= ((np.arange(len(along) - 1)[None, :] + rng.integers(0, 2, (len(offsets), 1))) % 2 == 0).ravel()
    press = np.clip(1 - pressure + pressure * rng.random(count), 0.15, 1)
    fills = (255 * press[keep]).astype(int).tolist()
    widths = np.maximum(1, (line * (0.6 + 0.5 * press[keep]) + 0.5).astype(int)).tolist()
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for segment, fill, size in zip(segments[keep].tolist(), fills, widths):
        draw.line(segment, fill=fill, width=size)
    return np.asarray(image, dtype=np.float32) / 255


def outlines(rng: np.random.Generator, parts, height: int, width: int, value: tuple[float, float], weight: float,
             passes: int, wobble: float, breaks: float) -> np.ndarray:
    """Darkness (0..1) of every part's contour, later parts hiding the lines they cover."""
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for part in parts:
        if part.closed and len(part.points) >= 3:
            draw.polygon(part.points.ravel().tolist(), fill=0)
        grey = (int(255 * rng.uniform(*value)),)
        contour(draw, rng, part.points, part.closed, grey, weight, passes, wobble, breaks)
    return np.asarray(image, np.float32) / 255
