"""Vector art: flat or linearly graded fills with crisp anti-aliased geometric edges.

Everything is drawn as polygons on a 3x supersampled canvas and averaged down, with no
texture or noise anywhere: the look of artwork exported from a vector editor. Styles cover
icon sets, flat illustrations (with hard-edged cel shadows and optional uniform outlines)
and infographics.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import geometry as g
from . import icons, lettering, subjects
from .canvas import Pad
from .palettes import palette, shade
from .scene import colour as part_colour, role_colour

_SS = 3


def _ground(rng, mood):
    """The artboard: white or a pale tint, dark for scary (and sometimes gloomy)."""
    if mood == "scary" or (mood == "gloomy" and rng.random() < 0.4):
        return np.array(rng.choice([(0.08, 0.07, 0.09), (0.12, 0.1, 0.14), (0.16, 0.17, 0.2)]),
                        np.float32)
    options = {"happy": [(1, 1, 1), (1.0, 0.97, 0.9), (0.99, 0.99, 0.97)],
               "peaceful": [(1, 1, 1), (0.94, 0.97, 0.95), (0.97, 0.96, 0.93)],
               "gloomy": [(0.93, 0.94, 0.95), (0.97, 0.97, 0.97), (0.86, 0.88, 0.9)]}[mood]
    return np.array(options[rng.integers(len(options))], np.float32)


def _gradient(pad: Pad, pts, top, bottom) -> None:
    """Fill a polygon with a vertical linear gradient from `top` to `bottom`."""
    x0, y0, x1, y1 = g.bounds(pts)
    s = pad.ss
    bx0, by0 = max(0, int(np.floor(x0 * s))), max(0, int(np.floor(y0 * s)))
    bx1 = min(pad.image.width, int(np.ceil(x1 * s)) + 1)
    by1 = min(pad.image.height, int(np.ceil(y1 * s)) + 1)
    if bx1 <= bx0 or by1 <= by0:
        return
    t = np.clip((np.arange(by0, by1) / s - y0) / max(1e-6, y1 - y0), 0, 1)[:, None, None]
    column = np.asarray(top, np.float32) + (np.asarray(bottom, np.float32) - top) * t
    ramp = Image.fromarray((np.clip(column, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")
    ramp = ramp.resize((bx1 - bx0, by1 - by0), Image.Resampling.NEAREST)
    if len(pts) == 4 and len(np.unique(pts[:, 0])) == 2 and len(np.unique(pts[:, 1])) == 2:
        pad.image.paste(ramp, (bx0, by0))  # a rectangle is its own bounding box
        return
    mask = Image.new("L", ramp.size, 0)
    ImageDraw.Draw(mask).polygon([(x * s - bx0, y * s - by0) for x, y in pts.tolist()], fill=255)
    pad.image.paste(ramp, (bx0, by0), mask)


def _long_shadow(shape, window, length):
    """The flat-design long shadow a shape casts across its tile, clipped to the tile."""
    swept = g.hull(np.vstack([shape, shape + length]))
    return g.clip_convex(swept, window)


def flat_icons(rng, mood, w, h):
    """An icon set as designers deliver it: one tile shape, one treatment, many glyphs."""
    pal = palette(mood, rng)
    ground = _ground(rng, mood)
    pad = Pad(w, h, ground, "RGB", _SS)
    cols = int(rng.integers(1, 5))
    rows = max(1, round(cols * h / w + rng.uniform(-0.4, 0.4)))
    cell = min(w / cols, h / rows)
    size = cell * rng.uniform(0.32, 0.42)
    tile = rng.choice(["circle", "rounded", "hexagon", "squircle", "none"])
    outline = rng.random() < 0.3
    long_shadow = tile != "none" and rng.random() < 0.45
    glyph_ink = rng.choice(["light", "dark", "colour"])
    dark_ink = shade(pal.scheme[0], 0.25) if mood != "scary" else np.float32([0.02] * 3)
    names = rng.permutation(list(icons.GLYPHS))
    ox, oy = (w - cols * cell) / 2, (h - rows * cell) / 2
    for k in range(rows * cols):
        cx = ox + (k % cols + 0.5) * cell
        cy = oy + (k // cols + 0.5) * cell
        base = pal.scheme[k % len(pal.scheme)]
        window = {"circle": g.ellipse(cx, cy, size, size, n=72),
                  "rounded": g.rounded_rect(cx - size, cy - size, cx + size, cy + size,
                                            size * 0.35, 12),
                  "hexagon": g.regular(cx, cy, size * 1.08, 6, 0.0),
                  "squircle": g.rounded_rect(cx - size, cy - size, cx + size, cy + size,
                                             size * 0.6, 16),
                  "none": None}[tile]
        if window is None:  # a bare glyph: the scheme colour that stands out most
            ink = max(pal.scheme, key=lambda c: abs(float(c.mean() - ground.mean())))
        elif glyph_ink == "light":
            ink = np.float32([1, 1, 1])
        elif glyph_ink == "dark":
            ink = dark_ink
        else:
            ink = pal.scheme[(k + 3) % len(pal.scheme)]
        back = base if window is not None else ground
        if window is not None:
            if rng.random() < 0.3:
                _gradient(pad, window, shade(base, 1.25), shade(base, 0.85))
            else:
                pad.polygon(window, base)
        shapes = icons.glyph(names[k % len(names)], cx, cy, size * 0.55)
        if long_shadow:
            for pts, kind in shapes:
                if kind == "fg":
                    pad.polygon(_long_shadow(pts, window, size * 1.5), shade(base, 0.8))
        for pts, kind in shapes:
            pad.polygon(pts, ink if kind == "fg" else back)
        if outline:
            width = size * 0.05
            if window is not None:
                pad.line(window, dark_ink, width, closed=True)
            for pts, kind in shapes:
                pad.line(pts, dark_ink, width * 0.8, closed=True)
    return pad.pil()


def flat_scene(rng, mood, w, h):
    """Editorial flat illustration: the subject reduced to shapes, shading to one shadow."""
    pal = palette(mood, rng)
    kind = rng.choice(["landscape", "landscape", "street", "flower", "bird", "animal", "portrait",
                       "abstract"])
    parts = subjects.build(str(kind), rng, (0, 0, w, h), mood)
    pad = Pad(w, h, _ground(rng, mood), "RGB", _SS)
    outline = rng.random() < 0.35
    ink = shade(pal["dark"], 0.6)
    width = max(1.0, min(w, h) * rng.uniform(0.004, 0.008))
    light = pal.light[:2] / (np.linalg.norm(pal.light[:2]) + 1e-9)
    for part in parts:
        col = part_colour(part, pal)
        if not part.closed:
            pad.line(part.points, col, max(part.width, width))
            continue
        if part.role2 is not None:
            _gradient(pad, part.points, col, role_colour(part.role2, pal) * part.darken)
        else:
            pad.polygon(part.points, col)
        if part.volume > 0.25:  # a hard-edged shadow on the side away from the light
            centre = part.points.mean(0)
            pad.polygon(g.clip_half(part.points, centre, -light), shade(col, 0.78))
        if outline and part.outline:
            pad.line(part.points, ink, width, closed=True)
    return pad.pil()


def _card_bars(rng, pad, box, colours, axis):
    x0, y0, x1, y1 = box
    n = int(rng.integers(3, 9))
    values = rng.uniform(0.15, 1.0, n)
    bw = (x1 - x0) / n
    for i, v in enumerate(values):
        top = y1 - v * (y1 - y0)
        pad.polygon(g.rounded_rect(x0 + bw * (i + 0.18), top, x0 + bw * (i + 0.82), y1,
                                   bw * 0.12, 4), colours[i % 2 if rng.random() < 0.8 else 2])
    pad.line(np.array([[x0, y1], [x1, y1]]), axis, max(1.0, (x1 - x0) * 0.006))


def _card_donut(rng, pad, box, colours, back):
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = min(x1 - x0, y1 - y0) / 2
    cuts = np.sort(rng.uniform(0, 1, int(rng.integers(2, 5))))
    start = -np.pi / 2
    for i, end in enumerate(np.append(cuts, 1.0)):
        a = np.linspace(start, -np.pi / 2 + end * 2 * np.pi, 48)
        pad.polygon(np.vstack([[[cx, cy]], np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1)]),
                    colours[i % len(colours)])
        start = a[-1]
    if rng.random() < 0.7:
        pad.polygon(g.ellipse(cx, cy, r * 0.58, r * 0.58, n=72), back)


def _card_line(rng, pad, box, colours, axis):
    x0, y0, x1, y1 = box
    n = int(rng.integers(5, 10))
    xs = np.linspace(x0, x1, n)
    ys = y1 - (y1 - y0) * np.clip(np.cumsum(rng.normal(0.08, 0.18, n)) + 0.4, 0.05, 0.95)
    pad.polygon(np.vstack([np.stack([xs, ys], 1), [[x1, y1], [x0, y1]]]), shade(colours[0], 1.8))
    weight = max(1.0, (x1 - x0) * 0.012)
    pad.line(np.stack([xs, ys], 1), colours[0], weight)
    for x, y in zip(xs, ys):
        pad.ellipse(x, y, weight * 1.8, weight * 1.8, colours[1])
    pad.line(np.array([[x0, y1], [x1, y1]]), axis, max(1.0, weight * 0.5))


def infographic(rng, mood, w, h):
    """A dashboard or report page: charts on cards, text as word blocks."""
    pal = palette(mood, rng)
    ground = _ground(rng, mood)
    dark_ground = ground.mean() < 0.5
    pad = Pad(w, h, ground, "RGB", _SS)
    text = np.float32([0.85] * 3) if dark_ground else np.float32([0.25, 0.27, 0.3])
    card = shade(ground, 1.6) if dark_ground else np.float32([1, 1, 1]) * (
        0.94 if ground.mean() > 0.97 else 1.0)
    m = min(w, h) * 0.05
    lettering.word_bars(rng, pad, m, m, w * rng.uniform(0.4, 0.7), max(2.0, h * 0.035), 1,
                        pal.scheme[0])
    lettering.word_bars(rng, pad, m, m + h * 0.07, w * 0.5, max(1.0, h * 0.014), 2, text)
    top = m + h * 0.14
    cols = int(rng.integers(1, 3)) if w < 1.3 * h else 2
    rows = int(rng.integers(1, 3))
    cw, ch = (w - m * (cols + 1)) / cols, (h - top - m * rows) / rows
    colours = [pal.scheme[i] for i in rng.permutation(len(pal.scheme))]
    for r in range(rows):
        for c in range(cols):
            x0, y0 = m + c * (cw + m), top + r * (ch + m)
            pad.polygon(g.rounded_rect(x0, y0, x0 + cw, y0 + ch, min(cw, ch) * 0.06, 8), card)
            lettering.word_bars(rng, pad, x0 + cw * 0.08, y0 + ch * 0.07, cw * 0.5,
                                max(1.0, ch * 0.035), 1, text)
            inner = (x0 + cw * 0.1, y0 + ch * 0.22, x0 + cw * 0.9, y0 + ch * 0.9)
            chart = rng.integers(0, 3)
            if chart == 0:
                _card_bars(rng, pad, inner, colours, text)
            elif chart == 1:
                side = min(inner[2] - inner[0], inner[3] - inner[1])
                donut = (inner[0], inner[1], inner[0] + side, inner[1] + side)
                _card_donut(rng, pad, donut, colours, card)
                lx = donut[2] + cw * 0.06
                for i in range(3):
                    ly = inner[1] + side * (0.2 + 0.25 * i)
                    pad.polygon(g.rounded_rect(lx, ly, lx + side * 0.1, ly + side * 0.1,
                                               side * 0.02, 3), colours[i])
                    lettering.word_bars(rng, pad, lx + side * 0.16, ly + side * 0.02,
                                        max(1.0, inner[2] - lx - side * 0.2), side * 0.06, 1,
                                        text)
            else:
                _card_line(rng, pad, inner, colours, text)
    return pad.pil()


STYLES = {
    "flat_icons": ("a set of flat app icons: pictograms on circle, hexagon or rounded tiles, "
                   "optional long shadows and uniform outlines", flat_icons),
    "flat_scene": ("flat vector illustration: geometric scene in solid or linearly graded "
                   "fills, hard cel shadows, optional even outlines", flat_scene),
    "infographic": ("flat infographic: cards with bar, donut and line charts, legend swatches "
                    "and word-bar text on a plain ground", infographic),
}
