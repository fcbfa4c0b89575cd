"""Mark-making shared by the drawing media: paper, hatching, stipple, halftone, hand lines.

Each function returns a coverage map in [0, 1] (how much of a pixel the mark covers) that a
medium then composites in its own colour of ink, graphite or print. Hatching, stippling and
halftone are computed as vectorised fields over the whole picture rather than drawn mark by
mark, which keeps a full-page cross-hatch to a few dozen numpy operations.
"""

from __future__ import annotations

import numpy as np

from . import geometry as g
from .canvas import Pad, col, grain, noise


def paper(rng: np.random.Generator, h: int, w: int, colour, tooth: float = 0.03):
    """Paper colour with gentle mottling and a tooth; returns (rgb, tooth height in [0, 1]).

    The tooth is returned too because graphite and dry-brush marks catch on its peaks.
    """
    height = 0.55 * grain(rng, h, w, 0.7) + 0.45 * noise(rng, h, w, 3.0)
    height = np.clip(0.5 + 0.22 * height, 0, 1)
    mottle = noise(rng, h, w, max(h, w) / 5, 2)
    tone = 1 + tooth * (height - 0.5) * 1.6 + 0.006 * mottle
    return np.clip(col(colour) * tone, 0, 1), height


def _coords(h: int, w: int):
    return (np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :])


def hatch(rng: np.random.Generator, h: int, w: int, angle: float, spacing: float, width: float,
          wobble: float = 0.0, stroke: float = 0.0, gap: float = 0.0):
    """Parallel lines at `angle`, returned as (coverage, per-stroke random value in [0, 1)).

    stroke > 0 cuts every line into strokes about that long (each with its own random value,
    which callers compare with the local tone to decide which strokes to keep) and tapers
    their ends; gap is the fraction of each stroke's length left blank between strokes.
    """
    ys, xs = _coords(h, w)
    c, s = np.float32(np.cos(angle)), np.float32(np.sin(angle))
    across = ys * (c / spacing) - xs * (s / spacing) + np.float32(rng.uniform(0, 1))
    if wobble > 0:
        across += noise(rng, h, w, spacing * 8) * np.float32(wobble / spacing)
    line = np.floor(across)
    dist = across - line
    dist -= 0.5
    np.abs(dist, out=dist)
    dist *= np.float32(spacing)  # px from the line's centre
    half = np.float32(width / 2 + 0.5)
    if stroke <= 0:
        return np.clip(half - dist, 0, 1), np.zeros((h, w), np.float32)
    idx = line.astype(np.int32) & 4095
    table = rng.random(4096, dtype=np.float32)
    pos = xs * (c / stroke) + ys * (s / stroke) + table[idx] * 4
    seg = np.floor(pos)
    frac = pos - seg
    value = table[(idx * 131 + seg.astype(np.int32) * 977) & 4095]
    end = np.float32(1 - gap)
    taper = np.minimum(frac, end - frac) * np.float32(1 / 0.12)  # thin at both ends
    np.clip(taper, 0, 1, out=taper)
    taper *= np.float32(0.6 * width / 2)
    taper += np.float32(0.4 * width / 2 + 0.5)
    taper -= dist
    np.clip(taper, 0, 1, out=taper)
    taper *= frac < end
    return taper, value


def stipple(rng: np.random.Generator, density: np.ndarray, cell: float, radius: float,
            layers: int = 4) -> np.ndarray:
    """Dots of one size whose number follows `density` in [0, 1]: a pen stippling tone.

    Candidate dots sit one per cell of a jittered grid, a few grids deep; a dot is kept when
    the density at its place asks for that many layers. Kept dots are splatted with an
    anti-aliased disc, so they may straddle cells and the grid does not show.
    """
    h, w = density.shape
    ny, nx = int(h / cell) + 1, int(w / cell) + 1
    gy, gx = np.mgrid[0:ny, 0:nx].astype(np.float32)
    xs, ys = [], []
    for layer in range(layers):
        x = (gx + rng.random((ny, nx), dtype=np.float32)) * cell
        y = (gy + rng.random((ny, nx), dtype=np.float32)) * cell
        inside = (x < w) & (y < h)
        x, y = x[inside], y[inside]
        want = density[y.astype(np.int64), x.astype(np.int64)] * layers - layer
        keep = rng.random(len(x), dtype=np.float32) < want
        xs.append(x[keep])
        ys.append(y[keep])
    return splat(np.concatenate(xs), np.concatenate(ys), radius, h, w)


def splat(x: np.ndarray, y: np.ndarray, radius: float, h: int, w: int) -> np.ndarray:
    """Coverage of anti-aliased discs of `radius` centred at (x, y)."""
    out = np.zeros(h * w, np.float32)
    reach = int(np.ceil(radius + 0.5))
    ix, iy = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            px, py = ix + dx, iy + dy
            cover = np.clip(radius + 0.5 - np.hypot(px + 0.5 - x, py + 0.5 - y), 0, 1)
            ok = (px >= 0) & (px < w) & (py >= 0) & (py < h) & (cover > 0)
            np.maximum.at(out, py[ok] * w + px[ok], cover[ok])
    return out.reshape(h, w)


def halftone(tone: np.ndarray, cell: float, angle: float, gain: float = 1.0) -> np.ndarray:
    """Printed halftone dots on a rotated grid, dot area proportional to `tone` in [0, 1]."""
    h, w = tone.shape
    ys, xs = _coords(h, w)
    c, s = np.cos(angle), np.sin(angle)
    u, v = (xs * c + ys * s) / cell, (-xs * s + ys * c) / cell
    du, dv = u - np.floor(u) - 0.5, v - np.floor(v) - 0.5
    dist = np.sqrt(du * du + dv * dv) * cell
    radius = cell * 0.72 * np.sqrt(np.clip(tone * gain, 0, 1))
    return np.clip(radius - dist + 0.5, 0, 1)


def hand_lines(rng: np.random.Generator, pad: Pad, lines, width: float, value: float,
               jitter: float, passes: int = 1, pressure: float = 0.0, overshoot: float = 0.0):
    """Draw polylines as a hand would: wobbling, sometimes retraced, pressure rising and falling.

    pressure > 0 splits each line into short pieces of varying darkness and width (pencil);
    pressure = 0 keeps the weight constant (technical pen). overshoot extends line ends, as
    quick sketches run past corners.
    """
    for pts in lines:
        pts = np.asarray(pts, float)
        if len(pts) < 2:
            continue
        if overshoot > 0:
            d0, d1 = pts[0] - pts[1], pts[-1] - pts[-2]
            d0 /= np.linalg.norm(d0) + 1e-9
            d1 /= np.linalg.norm(d1) + 1e-9
            pts = np.vstack([pts[:1] + d0 * overshoot * rng.random(), pts,
                             pts[-1:] + d1 * overshoot * rng.random()])
        pts = g.resample(pts, max(1.5, width * 1.5), closed=False)
        for _ in range(passes):
            trace = g.wobble(rng, pts, jitter, closed=False) if jitter > 0 else pts
            if pressure <= 0:
                pad.line(trace, value, width)
                continue
            n = len(trace)
            piece = int(rng.integers(4, 9))
            starts = np.arange(0, n - 1, piece)
            swell = np.sin(np.linspace(0, np.pi, n)[starts]) ** 0.6
            press = (1 - pressure) + pressure * swell * rng.uniform(0.55, 1.0, len(starts))
            for a, p in zip(starts.tolist(), press.tolist()):
                pad.line(trace[a:a + piece + 1], value * p, width * (0.6 + 0.5 * p))
