"""Turn a subject's parts into pixels every medium can reinterpret.

`paint` rasterises the parts back to front and returns the shaded colour picture, a light
map (how lit each pixel is) and an id map (which part is on top).
Painterly media resample the colour, tonal media read the light and luminance, and line media
call `visible_contours`, which uses the id map to hide the contour a nearer part covers, so a
pen never draws the mountain's outline through the tree in front of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from . import geometry as g
from .canvas import Pad, from_image
from .palettes import Palette
from .parts import Part


@dataclass
class Painted:
    """The raster views of one subject (float32 except the ids)."""

    rgb: np.ndarray  # (3, h, w) shaded colour planes
    light: np.ndarray  # (h, w) light factor, 1 = as lit as a flat face, above 1 = highlight
    ids: np.ndarray  # (h, w) int32, 0 = nothing, i + 1 = parts[i]


def colour(part: Part, pal: Palette) -> np.ndarray:
    """The fill colour of a part (the first colour of a gradient)."""
    return role_colour(part.role, pal) * part.darken


def role_colour(role: str, pal: Palette) -> np.ndarray:
    """A palette role's colour; "scheme<n>" names the n-th colour of the abstract scheme."""
    if role.startswith("scheme"):
        return pal.scheme[int(role[6:]) % len(pal.scheme)]
    return pal[role]


def paint(parts: list[Part], pal: Palette, w: int, h: int, ss: int = 2) -> Painted:
    """Rasterise parts in order with anti-aliased edges, gradients and volume shading.

    Pixels no part covers stay white (bare paper, for the drawing media). Compositing goes
    through Pillow's masked paste, which is far cheaper than float numpy blending on large
    shapes; the light map is composited the same way, in 8 bits with 1.0 stored as 200.
    """
    canvas = Image.new("RGB", (w, h), (255, 255, 255))
    light = Image.new("L", (w, h), _LIT)
    id_img = Image.new("I", (w, h), 0)
    id_draw = ImageDraw.Draw(id_img)
    lit_front = pal.ambient + pal.key * pal.light[2]
    for i, part in enumerate(parts):
        x0, y0, x1, y1 = g.bounds(part.points)
        pad_w = part.width if not part.closed else 0
        bx0, by0 = max(0, int(x0 - pad_w - 1)), max(0, int(y0 - pad_w - 1))
        bx1, by1 = min(w, int(np.ceil(x1 + pad_w + 1))), min(h, int(np.ceil(y1 + pad_w + 1)))
        if bx1 <= bx0 or by1 <= by0:
            continue
        xy = part.points.ravel().tolist()
        if part.closed:
            id_draw.polygon(xy, fill=i + 1)
        else:
            id_draw.line(xy, fill=i + 1, width=max(1, round(part.width)))
        cover = None  # an axis-aligned background rectangle needs no anti-aliasing
        if not (part.closed and _is_box(part.points, bx0, by0, bx1, by1)):
            pad = Pad(bx1 - bx0, by1 - by0, 0.0, "L", ss)
            if part.closed:
                pad.polygon(part.points - (bx0, by0), 1.0)
            else:
                pad.line(part.points - (bx0, by0), 1.0, part.width)
            cover = pad.pil()
        box = (bx0, by0, bx1, by1)
        target = colour(part, pal)
        shaded = part.volume >= 0.2  # gentler rounding would not show
        if part.role2 is None and not shaded:
            canvas.paste(_rgb8(target), box, cover)
            light.paste(_LIT, box, cover)
            continue
        size = (by1 - by0, bx1 - bx0)
        if part.role2 is not None:
            t = np.clip((np.arange(by0, by1, dtype=np.float32) - y0) / max(1.0, y1 - y0), 0, 1)
            end = role_colour(part.role2, pal) * part.darken
            target = target + (end - target) * t[:, None, None]
        if not shaded:  # a plain gradient: stretch one column of colour across the box
            column = Image.fromarray(_u8(target[:, :, :]), "RGB")
            canvas.paste(column.resize((size[1], size[0]), Image.Resampling.NEAREST), box, cover)
            light.paste(_LIT, box, cover)
            continue
        shade = _volume(x0, y0, x1, y1, bx0, by0, bx1, by1, pal)
        shade = 1 + part.volume * (shade / lit_front - 1)
        canvas.paste(Image.fromarray(_u8(target * shade[..., None]), "RGB"), box, cover)
        light.paste(Image.fromarray(_u8(shade * np.float32(_LIT / 255)), "L"), box, cover)
    return Painted(from_image(canvas), np.asarray(light, np.float32) / _LIT,
                   np.asarray(id_img, np.int32))


_LIT = 200  # the light map stores light 1.0 as 200 of 255, leaving room for highlights


def _u8(a: np.ndarray) -> np.ndarray:
    a = np.multiply(a, np.float32(255), dtype=np.float32)
    a += np.float32(0.5)
    return np.clip(a, 0, 255, out=a).astype(np.uint8)


def _rgb8(c) -> tuple[int, ...]:
    return tuple(int(v) for v in _u8(np.asarray(c, np.float32)))


def _is_box(points, bx0, by0, bx1, by1) -> bool:
    """Whether a polygon is an axis-aligned rectangle that fills the pixel box exactly."""
    if len(points) != 4:
        return False
    xs, ys = np.unique(np.round(points[:, 0], 3)), np.unique(np.round(points[:, 1], 3))
    return (len(xs) == 2 and len(ys) == 2 and xs[0] <= bx0 + 1 and ys[0] <= by0 + 1
            and xs[1] >= bx1 - 1 and ys[1] >= by1 - 1 and float(xs[0]).is_integer()
            and float(ys[0]).is_integer())


def _volume(x0, y0, x1, y1, bx0, by0, bx1, by1, pal: Palette) -> np.ndarray:
    """Lambert light on the ellipsoid that fills the part's bounding box."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rx, ry = max(1.0, (x1 - x0) / 2), max(1.0, (y1 - y0) / 2)
    u = ((np.arange(bx0, bx1, dtype=np.float32) + 0.5 - cx) / rx)[None, :]
    v = ((np.arange(by0, by1, dtype=np.float32) + 0.5 - cy) / ry)[:, None]
    r2 = np.minimum(u * u + v * v, 1.0)
    nz = np.sqrt(1.0 - r2)
    lam = np.clip(u * pal.light[0] + v * pal.light[1] + nz * pal.light[2], 0, 1)
    return (pal.ambient + pal.key * lam).astype(np.float32)


def visible_contours(parts: list[Part], ids: np.ndarray, step: float = 2.0,
                     min_points: int = 3) -> list[tuple[int, np.ndarray]]:
    """The stretches of each outlined part's contour that nothing nearer covers.

    Each contour point is probed just inside its own part; where the id map shows another
    part on top there, the point is hidden. Returns (part index, polyline) pairs.
    """
    h, w = ids.shape
    runs = []
    for i, part in enumerate(parts):
        if not part.outline:
            continue
        pts = g.resample(part.points, step, closed=part.closed)
        probe = g.offset(pts, -1.5) if part.closed and len(pts) > 3 else pts
        px, py = np.round(probe[:, 0]).astype(int), np.round(probe[:, 1]).astype(int)
        inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
        seen = np.zeros(len(pts), bool)
        seen[inside] = ids[py[inside], px[inside]] == i + 1
        if part.closed and seen.all():
            runs.append((i, np.vstack([pts, pts[:1]])))
            continue
        if part.closed and seen.any():  # start at a hidden point so no run wraps around
            shift = int(np.argmin(seen))
            pts, seen = np.roll(pts, -shift, 0), np.roll(seen, -shift)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], seen.astype(np.int8), [0]])))
        for a, b in zip(edges[::2], edges[1::2]):
            if b - a >= min_points:
                runs.append((i, pts[a:b]))
    return runs
