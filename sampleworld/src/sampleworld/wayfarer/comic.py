"""Comics: black ink contours of swelling weight, flat colour, dots, panels and balloons.

A page is cut into panels with white gutters; each panel is inked part by part (a black
silhouette a little larger than the shape, then the flat fill on top, so the visible ring is
the contour and nearer parts cover farther lines). Shadows are hard cel shapes, backgrounds
get Ben-Day dots, and balloons and captions carry hand-lettered pseudo-text. The manga style
prints the same page in black and white with screentone for every grey.
"""

from __future__ import annotations

import numpy as np

from . import geometry as g
from . import lettering, subjects
from .canvas import Pad, col, fill, luminance, over, to_image, unit
from .marks import halftone
from .palettes import Palette, hsv, palette, shade
from .scene import colour as part_colour, role_colour

_INK = np.float32([0.04, 0.04, 0.05])
_PAPER = np.float32([0.98, 0.97, 0.94])


def _split(rng, box, depth, smallest):
    """Cut a page into panels of at least `smallest` px area: tiers, then cuts within them."""
    x0, y0, x1, y1 = box
    if depth == 0 or (x1 - x0) * (y1 - y0) < smallest:
        return [box]
    horizontal = (y1 - y0) > (x1 - x0) * rng.uniform(0.6, 1.3)
    t = rng.uniform(0.35, 0.65)
    if horizontal:
        cut = y0 + t * (y1 - y0)
        halves = [(x0, y0, x1, cut), (x0, cut, x1, y1)]
    else:
        cut = x0 + t * (x1 - x0)
        halves = [(x0, y0, cut, y1), (cut, y0, x1, y1)]
    out = []
    for half in halves:
        out += _split(rng, half, depth - 1 if rng.random() < 0.8 else 0, smallest)
    return out


def _ink_parts(pad: Pad, parts, pal: Palette, weight, grey: bool):
    """Ink and fill parts back to front; contours swell on the side away from the light.

    The light is turned to come from the side, as inkers light faces, so cel shadows read as
    the far cheek rather than a beard.
    """
    lx, ly = pal.light[:2]
    light = np.array([np.copysign(max(abs(lx), 0.8), lx), 0.5 * ly])
    light /= np.linalg.norm(light)
    for part in parts:
        paint = part_colour(part, pal)
        if grey:  # manga keeps most areas light: greys become sparse screentone
            paint = np.float32([0.4 + 0.6 * luminance(paint)] * 3)
        if not part.closed:
            pad.line(part.points, _INK, max(part.width * 0.8, weight * 0.8))
            continue
        if part.outline:
            pts = g.resample(part.points, max(2.0, weight), closed=True)
            facing = g.normals(pts) @ light
            swell = weight * (0.55 + 0.9 * np.clip(-facing, 0, 1))
            pad.polygon(g.offset(pts, swell), _INK)
        else:
            pts = part.points
        if part.role2 is not None and not grey:
            paint = (paint + role_colour(part.role2, pal) * part.darken) / 2
        pad.polygon(pts, paint)
        if part.volume > 0.25 and part.outline:  # a crescent of cel shadow
            x0, y0, x1, y1 = g.bounds(pts)
            centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
            reach = 0.16 * min(x1 - x0, y1 - y0)  # shrink and shift: the lit part stays inside
            lit = centre + (pts - centre) * 0.84 + light * reach
            pad.polygon(pts, shade(paint, 0.62))
            pad.polygon(lit, paint)


def _balloon(rng, pad: Pad, box, target, u, caption: bool, grey: bool):
    """A speech balloon with a tail towards `target`, or a rectangular caption box."""
    x0, y0, x1, y1 = box
    bw = (x1 - x0) * rng.uniform(0.35, 0.55)
    bh = max(16 * u, (y1 - y0) * rng.uniform(0.14, 0.22))
    edge = max(1.0, 1.6 * u)
    if caption:
        cx0, cy0 = x0 + edge * 3, y0 + edge * 3
        fill = np.float32([1, 1, 1]) if grey else hsv(rng.uniform(40, 55), 0.45, 1.0)
        box_pts = g.rect(cx0, cy0, cx0 + bw, cy0 + bh)
        pad.polygon(g.offset(box_pts, edge), _INK)
        pad.polygon(box_pts, fill)
        inner = (cx0 + bw * 0.08, cy0 + bh * 0.15, cx0 + bw * 0.92, cy0 + bh * 0.85)
    else:
        cx = np.clip(target[0] + rng.uniform(-0.3, 0.3) * (x1 - x0), x0 + bw / 2 + 4,
                     x1 - bw / 2 - 4)
        cy = y0 + bh / 2 + (y1 - y0) * rng.uniform(0.04, 0.1)
        shape = g.ellipse(cx, cy, bw / 2, bh / 2, n=64)
        base = np.array([cx + rng.uniform(-0.2, 0.2) * bw, cy + bh * 0.3])
        tip = base + (np.asarray(target) - base) * rng.uniform(0.3, 0.6)
        tail = np.array([base + (-bw * 0.08, 0), tip, base + (bw * 0.08, 0)])
        for pts in (shape, tail):
            pad.polygon(g.offset(pts, edge) if pts is shape else pts + (0, edge), _INK)
        pad.polygon(tail, (1, 1, 1))
        pad.polygon(shape, (1, 1, 1))
        inner = (cx - bw * 0.33, cy - bh * 0.3, cx + bw * 0.33, cy + bh * 0.3)
    rows = int(np.clip((inner[3] - inner[1]) / (13 * u), 1, 3))
    lettering.letters(rng, pad, inner, rows, _INK, max(1.0, 1.2 * u), jitter=0.2 * u)


def _dots_background(rng, panel: np.ndarray, back_mask: np.ndarray, colour, u, grey: bool):
    """Ben-Day dots (or a manga screentone) graded across a panel's background."""
    h, w = back_mask.shape
    ramp = np.linspace(rng.uniform(0.0, 0.3), rng.uniform(0.5, 0.9), h, dtype=np.float32)
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    dots = halftone(np.broadcast_to(ramp[:, None], (h, w)), max(3.0, 6 * u), np.pi / 4)
    ink = _INK if grey else shade(colour, 0.6)
    return over(panel, col(ink), dots * back_mask)


def _panel(rng, mood, pal, pw, ph, u, grey, kinds, weight):
    """One inked panel as a float RGB array."""
    kind = kinds[int(rng.integers(len(kinds)))]
    zoom = rng.uniform(1.0, 1.5)
    cx, cy = pw / 2 + rng.uniform(-0.1, 0.1) * pw, ph / 2 + rng.uniform(0, 0.15) * ph
    box = (cx - pw * zoom / 2, cy - ph * zoom / 2, cx + pw * zoom / 2, cy + ph * zoom / 2)
    parts = subjects.build(kind, rng, box, mood)
    pad = Pad(pw, ph, (1, 1, 1), "RGB", 3)
    _ink_parts(pad, parts, pal, weight, grey)
    panel = pad.array()
    if rng.random() < 0.55 and not parts[0].outline:
        back = Pad(pw, ph, 0.0, "L", 1)
        back.polygon(parts[0].points, 1.0)
        for part in parts[1:]:
            if part.closed:
                back.polygon(part.points if not part.outline else
                             g.offset(g.resample(part.points, 3.0), weight * 1.5), 0.0)
        panel = _dots_background(rng, panel, back.array(), part_colour(parts[0], pal), u, grey)
    speaker = [p for p in parts if p.role in ("skin", "fur", "fur2", "cloth2", "car")]
    target = speaker[-1].points.mean(0) if speaker else np.array([pw / 2, ph * 0.6])
    return panel, target


def _screentone(rgb: np.ndarray, u: float) -> np.ndarray:
    """Print a grey page in pure black and white: solid blacks, dotted greys, white paper."""
    tone = 1 - luminance(rgb)
    dots = halftone(np.clip((tone - 0.1) / 0.75, 0, 1), max(3.0, 4.5 * u), np.pi / 4)
    ink = np.where(tone > 0.88, 1.0, np.where(tone < 0.12, 0.0, dots))
    ink = np.maximum(ink, np.clip((tone - 0.92) * 12, 0, 1))  # keep anti-aliased black lines
    return over(col(_PAPER), col(_INK), ink)


def _page(rng, mood, w, h, grey):
    u = unit(w, h)
    pal = palette(mood, rng)
    gutter = max(3.0, min(w, h) * rng.uniform(0.018, 0.03))
    boxes = _split(rng, (gutter, gutter, w - gutter, h - gutter), int(rng.integers(2, 4)),
                   0.06 * w * h)
    page = fill(h, w, _PAPER)
    border = max(1.0, 2.2 * u)
    weight = max(1.0, rng.uniform(1.6, 2.6) * u)
    kinds = ("portrait", "portrait", "animal", "street", "landscape", "bird", "still_life")
    frame = Pad(w, h, 0.0, "L", 2)
    for x0, y0, x1, y1 in boxes:
        x0, y0 = int(x0 + gutter / 2), int(y0 + gutter / 2)
        x1, y1 = int(x1 - gutter / 2), int(y1 - gutter / 2)
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        panel, target = _panel(rng, mood, pal, x1 - x0, y1 - y0, u, grey, kinds, weight)
        if rng.random() < 0.6:
            talk = Pad.over(panel)
            _balloon(rng, talk, (0, 0, x1 - x0, y1 - y0), target, u, rng.random() < 0.3, grey)
            panel = talk.array()
        page[:, y0:y1, x0:x1] = panel
        frame.line(g.rect(x0, y0, x1, y1), 1.0, border, closed=True)
    if grey:
        page = _screentone(page, u)
    return to_image(over(page, col(_INK), frame.array()))


def colour_page(rng, mood, w, h):
    """American-style colour page: several beats of one story, dots for the flat tints."""
    return _page(rng, mood, w, h, grey=False)


def manga_page(rng, mood, w, h):
    """The same page language printed in one ink, as manga is: greys exist only as dots."""
    return _page(rng, mood, w, h, grey=True)


def splash_panel(rng, mood, w, h):
    """One big moment: heavier inks and a sound effect that breaks out of the picture."""
    u = unit(w, h)
    pal = palette(mood, rng)
    weight = max(1.0, rng.uniform(2.5, 4.0) * u)
    grey = rng.random() < 0.2
    kinds = ("portrait", "animal", "bird", "street")
    panel, target = _panel(rng, mood, pal, w, h, u, grey, kinds, weight)
    pad = Pad.over(panel)
    cx, cy = w * rng.uniform(0.25, 0.75), h * rng.uniform(0.15, 0.3)
    r = min(w, h) * rng.uniform(0.16, 0.24)
    k = int(rng.integers(9, 15))
    burst = g.star(cx, cy, r, r * 0.6, k, rng.uniform(0, np.pi))
    burst = (cx, cy) + (burst - (cx, cy)) * rng.uniform(0.8, 1.2, (2 * k, 1))
    pad.polygon(g.offset(burst, weight * 1.2), _INK)
    pad.polygon(burst, (1, 1, 1) if grey else pal.accent if mood != "gloomy" else
                hsv(50, 0.8, 1.0))
    lettering.letters(rng, pad, (cx - r * 0.55, cy - r * 0.3, cx + r * 0.55, cy + r * 0.3), 1,
                      _INK, max(1.5, r * 0.09))
    _balloon(rng, pad, (0, 0, w, h), target, u, True, grey)
    out = pad.array()
    if grey:
        out = _screentone(out, u)
    frame = Pad(w, h, 0.0, "L", 2)
    frame.line(g.rect(1, 1, w - 1, h - 1), 1.0, max(2.0, 4 * u), closed=True)
    return to_image(over(out, col(_INK), frame.array()))


STYLES = {
    "colour_page": ("coloured comic page: panels in white gutters, swelling black inks, flat "
                    "colour with cel shadows, Ben-Day dots, balloons", colour_page),
    "manga_page": ("black-and-white manga page: the same inking printed with screentone "
                   "greys, solid blacks and lettered balloons", manga_page),
    "splash_panel": ("single splash panel: a big heavily inked subject, dotted background, "
                     "jagged sound-effect burst and a caption box", splash_panel),
}
