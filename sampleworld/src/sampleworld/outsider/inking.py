"""Lines drawn by hand with a tool, shared by the media that draw lines (comic brush, pen, pencil):
a polyline resampled into short segments, each laid with its own width and darkness, so weight
can swell and taper along the stroke as pressure does, or stay constant as a technical pen's."""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from sampleworld.outsider.canvas import value_noise
from sampleworld.outsider.composition import Part


def resampled(points: np.ndarray, closed: bool, step: float) -> np.ndarray:
    """The polyline (closed back to its start when `closed`) as points about `step` pixels apart."""
    if closed:
        points = np.concatenate([points, points[:1]])
    lengths = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate([[0], np.cumsum(lengths)])
    if along[-1] < step:
        return points
    stations = np.linspace(0, along[-1], int(along[-1] / step) + 1)
    return np.stack([np.interp(stations, along, points[:, 0]), np.interp(stations, along, points[:, 1])], 1)


def wobbled(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Points displaced by a smooth random drift, as an unsteady hand moves off the line."""
    drift = np.cumsum(rng.normal(0, amount, points.shape), axis=0)
    drift -= np.linspace(0, 1, len(points))[:, None] * drift[-1]  # come back to where the line should end
    return points + drift


def pressure_line(draw: ImageDraw.ImageDraw, points: np.ndarray, widths: np.ndarray, fills) -> None:
    """Segment by segment, each with its width and fill, round joints so thick lines stay whole."""
    for k in range(len(points) - 1):
        width = float(widths[k])
        fill = fills[k] if isinstance(fills, (list, np.ndarray)) else fills
        (x0, y0), (x1, y1) = points[k], points[k + 1]
        draw.line([(x0, y0), (x1, y1)], fill=fill, width=max(1, round(width)))
        if width >= 3:
            r = width / 2
            draw.ellipse([x1 - r, y1 - r, x1 + r, y1 + r], fill=fill)


def swelling_widths(rng: np.random.Generator, count: int, weight: float, taper: bool) -> np.ndarray:
    """Brush or nib weight along a stroke: slow swells around `weight`, thin at open ends."""
    phase = rng.uniform(0, 2 * np.pi)
    t = np.linspace(0, 1, max(count, 2))
    widths = weight * (1 + 0.45 * np.sin(phase + t * rng.uniform(3, 9)))
    if taper:
        widths *= np.clip(np.minimum(t, 1 - t) * 6, 0.25, 1)
    return widths


def part_outline(part: Part, rng: np.random.Generator, step: float, wobble: float) -> np.ndarray:
    return wobbled(resampled(part.points, part.closed, step), rng, wobble)


def hatch_lines(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, height: int, angle: float,
                spacing: float, fill: int | tuple, line_width: int = 1) -> None:
    """Parallel straight strokes across the whole picture at `angle`, about `spacing` apart.
    An integer `fill` that is a (low, high) pair draws each stroke with its own pressure."""
    reach = np.hypot(width, height)
    direction = np.array([np.cos(angle), np.sin(angle)]) * reach / 2
    across = np.array([-np.sin(angle), np.cos(angle)])
    centre = np.array([width / 2, height / 2])
    offsets = np.arange(-reach / 2, reach / 2, spacing)
    offsets = offsets + rng.uniform(-0.2, 0.2, offsets.size) * spacing
    pressures = rng.integers(*fill, size=offsets.size) if isinstance(fill, tuple) and len(fill) == 2 else None
    for k, offset in enumerate(offsets):
        base = centre + across * offset
        draw.line([tuple(base - direction), tuple(base + direction)],
                  fill=int(pressures[k]) if pressures is not None else fill, width=line_width)


def lifts(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """0-1 mask of where a hatching hand pressed (1) or lifted off (0): thresholded smooth noise."""
    return np.clip((value_noise(rng, height, width, cell) - 0.3) * 4, 0, 1)
