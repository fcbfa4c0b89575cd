"""Watercolour: transparent washes on white paper that never hide it.

The picture is painted as separate washes over each visible shape, so neighbouring washes
overlap (and darken, as glazes multiply) or leave slivers of white between them, as real
washes laid around shapes do. Skies go on wet-in-wet, whites are saved or blotted out rather
than painted, and shadows are glazed over dried colour.
"""

from __future__ import annotations

import numpy as np

from . import geometry as g
from . import marks, scene, subjects
from .canvas import Pad, blur, noise, smoothstep, unit
from .palettes import palette, shade
from .washes import Sheet

_PAPERS = ((0.98, 0.98, 0.96), (0.97, 0.96, 0.92), (0.99, 0.99, 0.99))


def _regions(painted: scene.Painted, parts):
    """(part, visible mask, origin) for each part that shows."""
    h, w = painted.ids.shape
    for i, part in enumerate(parts):
        x0, y0, x1, y1 = g.bounds(part.points)
        pad = int(part.width) + 2
        x0, y0 = max(0, int(x0) - pad), max(0, int(y0) - pad)
        x1, y1 = min(w, int(x1) + pad + 1), min(h, int(y1) + pad + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        local = (painted.ids[y0:y1, x0:x1] == i + 1).astype(np.float32)
        if local.sum() >= 4:
            yield part, local, (x0, y0)


def _painted_area(rng, w, h, u):
    """The patch of paper a painter covers: inside a taped border, or a loose vignette."""
    ys, xs = np.ogrid[:h, :w]
    inset = rng.uniform(0.02, 0.06)
    edge = np.minimum(np.minimum(xs, w - 1 - xs) / w, np.minimum(ys, h - 1 - ys) / h)
    if rng.random() < 0.5:  # masking tape: a crisp straight edge
        return smoothstep(inset, inset + 1.5 / min(w, h), edge).astype(np.float32)
    edge = edge + 0.012 * noise(rng, h, w, 60 * u, 3)
    return smoothstep(inset, inset + 0.006, edge).astype(np.float32)


def _setup(rng, mood, w, h, kinds, margin=0.0):
    pal = palette(mood, rng)
    kind = kinds[int(rng.integers(len(kinds)))]
    mx, my = w * margin, h * margin
    parts = subjects.build(kind, rng, (mx, my, w - mx, h - my), mood)
    painted = scene.paint(parts, pal, w, h)
    sheet = Sheet(rng, w, h, _PAPERS[rng.integers(len(_PAPERS))], unit(w, h))
    return pal, parts, painted, sheet


def _glaze_shadow(sheet, painted, local, origin, colour, density=0.45):
    """A second wash over the shaded side of a dried rounded shape."""
    x0, y0 = origin
    light = painted.light[y0:y0 + local.shape[0], x0:x0 + local.shape[1]]
    shadow = local * smoothstep(0.95, 0.75, light)
    if shadow.sum() > 4:
        sheet.wash(shadow, shade(colour, 0.7), density, edge=0.8, rough=1.2, origin=origin)


def wet_landscape(rng, mood, w, h):
    """The watercolourist's classic: sky wet-in-wet first, land in glazes on top."""
    u = unit(w, h)
    pal, parts, painted, sheet = _setup(rng, mood, w, h, ("landscape",))
    clouds = []
    for part, local, origin in _regions(painted, parts):
        col = scene.colour(part, pal)
        if part.role == "sky":
            ys = (np.arange(local.shape[0], dtype=np.float32)[:, None] + origin[1]) / h
            blend = np.clip(ys * 1.6 + 0.25 * noise(rng, *local.shape, 60 * u), 0, 1)
            sheet.wash(local * (1 - blend), col, 0.75, soft=10 * u, blooms=int(rng.integers(0, 3)),
                       origin=origin)
            sheet.wash(local * blend, pal["sky_low"], 0.6, soft=14 * u, origin=origin)
        elif part.role == "cloud":
            clouds.append(part.points)
        elif part.role == "sun":
            continue  # saved white
        else:
            gran = 0.6 if part.role in ("far", "mid") else 0.35
            sheet.wash(local, col, rng.uniform(0.7, 0.95), edge=0.9, rough=1.3, granulation=gran,
                       blooms=int(rng.random() < 0.25), origin=origin)
            if part.volume > 0.3:
                _glaze_shadow(sheet, painted, local, origin, col)
    if clouds:
        sheet.lift(blur(_polys(w, h, clouds), 4 * u), 0.9)
    return sheet.image(_painted_area(rng, w, h, u))


def _polys(w, h, polys):
    pad = Pad(w, h, 0.0, "L", 1)
    for pts in polys:
        pad.polygon(pts, 1.0)
    return pad.array()


def botanical(rng, mood, w, h):
    """Botanical illustration: a careful subject on untouched paper, edges kept crisp."""
    u = unit(w, h)
    pal, parts, painted, sheet = _setup(rng, mood, w, h, ("flower", "bird", "still_life"),
                                        margin=rng.uniform(0.04, 0.1))
    lines = Pad(w, h, 0.0, "L", 2)
    contours = [pts for _, pts in scene.visible_contours(parts, painted.ids)]
    marks.hand_lines(rng, lines, contours, max(1.0, 0.8 * u), rng.uniform(0.15, 0.3), 0.7 * u)
    sheet.mark(lines.array())
    for part, local, origin in _regions(painted, parts):
        if not part.outline:
            if rng.random() < 0.35:  # a loose, pale halo of background wash
                sheet.wash(local * smoothstep(0.9, 0.2, _radial(local, origin, w, h)),
                           scene.colour(part, pal), 0.35, soft=18 * u, origin=origin)
            continue
        col = scene.colour(part, pal)
        x0, y0 = origin
        light = painted.light[y0:y0 + local.shape[0], x0:x0 + local.shape[1]]
        saved = local * (1 - smoothstep(1.03, 1.1, light)) if part.volume > 0.3 else local
        sheet.wash(saved, col, rng.uniform(0.55, 0.85), edge=1.0, rough=0.8,
                   granulation=0.25, origin=origin)
        if part.volume > 0.2:
            _glaze_shadow(sheet, painted, local, origin, col, 0.55)
    return sheet.image()


def _radial(local, origin, w, h):
    ys = np.arange(local.shape[0], dtype=np.float32)[:, None] + origin[1]
    xs = np.arange(local.shape[1], dtype=np.float32)[None, :] + origin[0]
    return np.hypot((xs - w / 2) / (w / 2), (ys - h / 2) / (h / 2))


def urban_sketch(rng, mood, w, h):
    """Sketching on location: quick, loose washes that miss their lines."""
    u = unit(w, h)
    pal, parts, painted, sheet = _setup(rng, mood, w, h, ("street", "street", "landscape"))
    loose = rng.uniform(2, 6) * u
    for part, local, origin in _regions(painted, parts):
        if rng.random() < 0.12:
            continue  # left as white paper
        col = scene.colour(part, pal)
        if part.role == "sky":
            ys = (np.arange(local.shape[0], dtype=np.float32)[:, None] + origin[1]) / h
            patch = local * smoothstep(0.15, -0.1, ys - 0.5 + 0.2 * noise(rng, *local.shape,
                                                                        50 * u))
            sheet.wash(patch, col, 0.6, soft=8 * u, blooms=int(rng.integers(0, 2)), origin=origin)
            continue
        shift = rng.normal(0, loose, 2)
        sheet.wash(local, col, rng.uniform(0.6, 0.9), edge=0.8, rough=2.0, granulation=0.4,
                   origin=origin, shift=shift)
        if part.role in ("wall", "wall2", "door") and local.shape[1] > 6:
            side = local.copy()
            side[:, : int(local.shape[1] * rng.uniform(0.55, 0.8))] = 0
            sheet.wash(side, shade(pal["far"], 0.8), 0.45, edge=0.6, rough=1.5, origin=origin)
    drops = Pad(w, h, 0.0, "L", 2)
    for _ in range(int(rng.integers(6, 30))):
        r = rng.uniform(0.8, 4) * u
        drops.ellipse(rng.uniform(0, w), rng.uniform(0, h), r, r * rng.uniform(0.7, 1.0), 1.0)
    sheet.wash(drops.array(), pal.scheme[0], 0.9, edge=1.2, rough=0.3)
    return sheet.image(_painted_area(rng, w, h, u) if rng.random() < 0.6 else None)


STYLES = {
    "wet_landscape": ("landscape watercolour: wet-in-wet sky with blooms, granulating hill "
                      "washes, blotted clouds, white paper margin", wet_landscape),
    "botanical": ("botanical study on white paper: hard-edged transparent glazes over a faint "
                  "pencil underdrawing, highlights saved white", botanical),
    "urban_sketch": ("loose urban sketch: misregistered washes, glazed shadow sides, a partial "
                     "sky, splatters and much bare paper", urban_sketch),
}
