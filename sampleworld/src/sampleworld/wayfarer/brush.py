"""Opaque brush and knife strokes with relief, for oil paint.

Strokes are drawn by Pillow as polygons filled with their index into an integer id map.
The id map lets every pixel look up its own stroke's colours, angle, start and thickness, so
the bristle grooves, the streaks of unmixed colour and the dry-brush break-up at a stroke's
end are computed for the whole canvas at once. A height field built from them is then lit from
one side, which is what makes impasto read as raised paint with glinting ridges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .canvas import blur, smoothstep


@dataclass
class Strokes:
    """A batch of straight strokes (all arrays have one entry per stroke)."""

    x: np.ndarray
    y: np.ndarray
    angle: np.ndarray
    length: np.ndarray
    width: np.ndarray
    colour: np.ndarray  # (n, 3)
    second: np.ndarray  # (n, 3) the colour picked up further along, streaked into the first
    thickness: np.ndarray  # paint load, 0..1


def orientation(lum: np.ndarray, sigma: float, fallback: np.ndarray, weight: float = 1.0):
    """Stroke directions that follow the forms: along edges, `fallback` where there are none."""
    gy, gx = np.gradient(blur(lum, 1.5))
    jxx, jyy, jxy = blur(gx * gx, sigma), blur(gy * gy, sigma), blur(gx * gy, sigma)
    strength = np.sqrt((jxx - jyy) ** 2 + 4 * jxy ** 2)
    coherent = weight * smoothstep(0.0, np.percentile(strength, 90) + 1e-6, strength)
    edge = 0.5 * np.arctan2(2 * jxy, jxx - jyy) + np.pi / 2
    c = coherent * np.cos(2 * edge) + (1 - coherent) * np.cos(2 * fallback)
    s = coherent * np.sin(2 * edge) + (1 - coherent) * np.sin(2 * fallback)
    return (0.5 * np.arctan2(s, c)).astype(np.float32)


def sample_strokes(rng, ref: np.ndarray, angles: np.ndarray, spacing: float, length: float,
                   width: float, jitter: float, where: np.ndarray | None = None,
                   load=(0.55, 1.0), scale: int = 1) -> Strokes:
    """Strokes on a jittered grid, coloured from `ref` and aligned with `angles`.

    where (0..1) thins the grid out; load is the range of paint thickness. angles and where
    may be `scale` times coarser than ref: they are only read at the strokes' centres.
    """
    h, w = ref.shape[1:]
    gy, gx = np.mgrid[0:h / spacing, 0:w / spacing].astype(np.float32)
    x = ((gx + rng.random(gx.shape, dtype=np.float32)) * spacing).ravel()
    y = ((gy + rng.random(gy.shape, dtype=np.float32)) * spacing).ravel()
    keep = (x < w) & (y < h)
    x, y = x[keep], y[keep]
    ix, iy = x.astype(np.int64), y.astype(np.int64)
    if where is not None:
        chosen = rng.random(len(x)) < where[iy // scale, ix // scale]
        x, y, ix, iy = x[chosen], y[chosen], ix[chosen], iy[chosen]
    order = rng.permutation(len(x))
    x, y, ix, iy = x[order], y[order], ix[order], iy[order]
    n = len(x)
    angle = angles[iy // scale, ix // scale] + rng.normal(0, 0.12, n).astype(np.float32)
    length = length * rng.uniform(0.7, 1.3, n)
    colour = ref[:, iy, ix].T * (1 + rng.normal(0, jitter, (n, 1)))
    colour += rng.normal(0, jitter * 0.5, (n, 3))
    fx = np.clip(x + np.cos(angle) * length * 0.5, 0, w - 1).astype(np.int64)
    fy = np.clip(y + np.sin(angle) * length * 0.5, 0, h - 1).astype(np.int64)
    second = ref[:, fy, fx].T * (1 + rng.normal(0, jitter, (n, 1)))
    return Strokes(x, y, angle, length, width * rng.uniform(0.8, 1.2, n), np.clip(colour, 0, 1),
                   np.clip(second, 0, 1), rng.uniform(*load, n))


class Canvas:
    """Accumulates strokes; `finish` lights their relief."""

    def __init__(self, w: int, h: int, underpainting: np.ndarray):
        self.w, self.h = w, h
        self.under = underpainting
        self.ids = Image.new("I", (w, h), 0)
        self.batches: list[Strokes] = []
        self.count = 0

    def lay(self, strokes: Strokes, taper: float = 0.35, knife: bool = False) -> None:
        """Draw strokes as tapered quads (brush) or sheared slabs (palette knife)."""
        c, s = np.cos(strokes.angle), np.sin(strokes.angle)
        hl, hw = strokes.length / 2, strokes.width / 2
        if knife:
            along = np.array([-1, 1, 1.15, -0.85])
            across = np.array([-1, -1, 1, 1])
        else:
            along = np.array([-1, -0.7, 0.8, 1.0, 0.8, -0.7])
            across = np.array([0, -1, -1, 0, 1, 1]) * np.array([1, 1 - taper, 1, 1, 1, 1 - taper])
        u, v = hl[:, None] * along, hw[:, None] * across  # along and across each stroke
        px = strokes.x[:, None] + c[:, None] * u - s[:, None] * v
        py = strokes.y[:, None] + s[:, None] * u + c[:, None] * v
        draw = ImageDraw.Draw(self.ids)
        for k, pts in enumerate(np.stack([px, py], -1).reshape(len(px), -1).tolist(),
                                self.count + 1):
            draw.polygon(pts, fill=k)
        self.batches.append(strokes)
        self.count += len(strokes.x)

    def finish(self, rng, light=(-0.6, -0.8), relief: float = 1.0, bristle: float = 1.0,
               weave: float = 6.0, lumpy: np.ndarray | None = None, pitch: float = 2.5,
               streak: float = 0.1, wedge: float = 0.0) -> np.ndarray:
        """Colour plus lit relief: bristle grooves, dry-brush ends, heaped lips, canvas weave.

        Where no stroke landed, the thin underpainting shows the canvas weave. lumpy
        optionally scales paint thickness per pixel (thick lights, thin darks). pitch is the
        groove spacing in px and streak how much of each stroke's second colour is dragged
        along the grooves, the unmixed streaks of a loaded brush or knife. wedge > 0 makes
        each stroke thicken towards its end, as a knife pushes paint into a raised lip.
        """
        sid = np.asarray(self.ids, np.int32)
        rgb = self._gather("colour", sid)
        per = {name: np.concatenate([np.zeros(1, np.float32)] +
                                    [getattr(b, name).astype(np.float32) for b in self.batches])
               for name in ("angle", "x", "y", "length", "thickness")}
        per["thickness"][0] = 0.0
        h, w = sid.shape
        ys = np.arange(h, dtype=np.float32)[:, None]
        xs = np.arange(w, dtype=np.float32)[None, :]
        c_, s_ = np.take(np.cos(per["angle"]), sid), np.take(np.sin(per["angle"]), sid)
        dx, dy = xs - np.take(per["x"], sid), ys - np.take(per["y"], sid)
        t = dx * c_ + dy * s_
        t *= np.take(1 / np.maximum(per["length"], 1), sid)
        t += 0.5
        np.clip(t, 0, 1, out=t)  # 0 where the stroke starts, 1 where the brush lifts
        pos = dy * c_ - dx * s_
        pos *= np.float32(1 / pitch)
        pos += np.take(rng.uniform(0, 512, len(per["x"])).astype(np.float32), sid)
        i0 = np.floor(pos)
        f = pos - i0
        i0 = i0.astype(np.int32) & 511
        table = rng.random(514).astype(np.float32)
        table = np.clip(((table[:-2] + 2 * table[1:-1] + table[2:]) / 4 - 0.5) * 1.8 + 0.5, 0, 1)
        table = np.append(table, table[0])
        lo = np.take(table, i0)
        groove = lo + (np.take(table, i0 + 1) - lo) * (f * f * (3 - 2 * f))
        thick = np.take(per["thickness"], sid)
        if lumpy is not None:
            thick *= lumpy
        dry = np.clip(t * 2.5 - 1.5, 0, 1) * (1.1 - np.minimum(thick, 1.0))  # paint runs out
        cover = np.clip((groove - dry) * np.float32(1 / 0.12) + 1, 0, 1)
        cover *= sid > 0
        weave_px = np.float32(2 * np.pi / max(3.0, weave))
        canvas = np.sin(xs * weave_px) * np.sin(ys * weave_px)
        height = thick * (0.3 + wedge * t) + groove * np.float32(0.35 * bristle)
        height *= cover
        height *= np.float32(relief)
        height += 0.05 * canvas * (1 - cover)
        height = blur(height, 0.8)
        hy, hx = np.gradient(height)
        slope = hx * np.float32(-2.0 * light[0]) - hy * np.float32(2.0 * light[1])
        spec = np.clip(slope - 0.12, 0, None)
        spec *= np.sqrt(spec) * 0.8
        second = self._gather("second", sid)
        mix = np.clip((groove - 0.35) * np.float32(streak / 0.4), 0, streak)
        rgb += (second - rgb) * mix
        under = self.under * (1 + 0.06 * canvas)
        rgb -= under
        rgb *= cover
        rgb += under
        rgb *= 1 + np.clip(slope, -0.4, 0.4)
        rgb += spec
        return rgb

    def _gather(self, name: str, sid: np.ndarray) -> np.ndarray:
        """Each pixel's stroke colour `name` as planes (bare canvas gets black)."""
        table = np.concatenate([np.zeros((1, 3), np.float32)] +
                               [getattr(b, name).astype(np.float32) for b in self.batches])
        out = np.empty((3,) + sid.shape, np.float32)
        for c in range(3):  # one flat take per plane is several times faster than a 2-D one
            np.take(np.ascontiguousarray(table[:, c]), sid, out=out[c])
        return out
