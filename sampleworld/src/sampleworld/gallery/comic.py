"""Comics: panels and gutters, black contours of varying weight, flat colour, screen tone, balloons.

Each panel is drawn as its own small picture (its subject fields live at panel size) and pasted onto
the page, so a page of six panels costs no more than one full-page drawing.
"""

from __future__ import annotations

import math

import numpy as np

from . import layout, marks, noise, palettes, shading, subjects
from .canvas import blank, fill, ink, over, to_image
from .fields import Field, band, box, ellipse, star

STYLES = {
    "gallery_newspaper_strip": "a coloured newspaper strip: a row of panels, flat colours, dot shading, balloons",
    "gallery_noir_screentone": "a black-and-white noir page: heavy spotted blacks, screentone greys, hatching",
    "gallery_pop_splash": "a pop-art splash panel: giant close-up, bold outlines, Ben-Day dots, a sound burst",
}

INK = np.array([0.06, 0.05, 0.07], np.float32)
CAST = ("figure", "face", "animal", "buildings", "landscape", "still_life")


def _colours(mood, rng, bw):
    if bw:
        return {"sky": 1.0, "far": 0.75, "ground": 0.8, "back": 0.85, "main": 1.0, "second": 0.7, "dark": 0.0,
                "accent": 0.55, "light": 1.0}
    cols = palettes.palette(mood, rng, len(subjects.ROLES), saturation=1.25)
    if mood in ("gloomy", "scary"):
        cols = cols * 0.6 + 0.25 * cols.mean(axis=1, keepdims=True) + 0.1
    return dict(zip(subjects.ROLES, cols))


def _balloon(rng, img, pw, ph, weight):
    """A white balloon with a tail and lettering, pinned near the top of the panel."""
    rx, ry = pw * rng.uniform(0.2, 0.32), ph * rng.uniform(0.1, 0.16)
    cx, cy = pw * rng.uniform(0.3, 0.7), ry + ph * 0.05
    field = Field(ph, pw, margin=weight + 2).add(ellipse(cx, cy, rx, ry))
    tip = (cx + rx * rng.uniform(-0.6, 0.6), cy + ry * 2.2)
    field.add(subjects.polygon([(cx - rx * 0.25, cy + ry * 0.5), (cx + rx * 0.05, cy + ry * 0.5), tip]), smooth=2)
    fill(img, field.d, (1, 1, 1))
    over(img, band(field.d, weight), INK)
    text = subjects.lettering(rng, ph, pw, (cx - rx * 0.62, cy - ry * 0.55, cx + rx * 0.62, cy + ry * 0.55),
                              max(3.0, ry * 0.42), weight=0.1)
    fill(img, text, INK)


def _flat(img, parts, colours):
    """Flat fills by painter's order without anti-aliasing: every seam is covered by an inked contour."""
    label = np.zeros(img.shape[:2], np.int16)
    for i, part in enumerate(parts, start=1):
        label[part.d < 0] = i
    table = np.concatenate([np.zeros((1, 3), np.float32),
                            np.array([np.broadcast_to(np.float32(colours[p.role]), 3) for p in parts], np.float32)])
    painted = label > 0
    img[painted] = table[label[painted]]
    return img


def _shadow(parts, rng, pw, ph):
    """Where the form turns from the light: the cel-shadow shape an inker would spot."""
    tones = {role: (0.0, 1.0) for role in ("main", "second", "back", "dark", "accent")}
    tones.update({role: (0.0, 0.0) for role in ("sky", "far", "ground", "light")})
    light = (rng.uniform(-0.9, 0.9), -0.7)
    return shading.tone_map(parts, tones, light, step=3, radius=min(pw, ph) * 0.25)


def _panel(mood, rng, pw, ph, bw, weight, kind=None, zoom=False, background=None):
    kind = kind or str(rng.choice(CAST))
    frame = layout.closeup(rng, pw, ph) if zoom else layout.full(pw, ph)
    parts = subjects.make(kind, rng, ph, pw, frame)
    colours = _colours(mood, rng, bw)
    img = background if background is not None else blank(ph, pw, 1.0 if bw else colours["sky"])
    if bw and rng.random() < 0.6:
        img = ink(img, marks.halftone(np.full((ph, pw), 0.25, np.float32), max(3.0, pw / 90)), INK)
    img = _flat(img, parts, colours)
    shadow = _shadow(parts, rng, pw, ph)
    figure = subjects.silhouette(parts)
    inside = np.clip(0.5 - figure, 0, 1)
    if bw:
        solid = np.clip((shadow - 0.62) * 20, 0, 1) * inside
        hatched = marks.hatch(ph, pw, math.radians(rng.uniform(30, 60)), max(3.0, weight * 2.2), max(1.0, weight * 0.4))
        img = ink(img, np.maximum(solid, hatched * np.clip((shadow - 0.42) * 20, 0, 1) * inside), INK)
    else:
        cel = np.clip((shadow - 0.5) * 20, 0, 1) * inside
        if rng.random() < 0.5:
            img *= 1 - 0.35 * cel[..., None]
        else:
            img = ink(img, marks.halftone(cel * 0.35, max(3.0, pw / 70), math.radians(15)), img * 0.45)
    wobble = 0.6 + 0.9 * noise.smooth(rng, ph, pw, max(pw, ph) / 6)
    lines = np.zeros((ph, pw), np.float32)
    for part in parts:
        if part.role not in ("sky", "light") or kind == "face":
            lines = np.maximum(lines, band(part.d, weight * wobble * (1.6 if part.d is figure else 1.0)))
    lines = np.maximum(lines, band(figure, weight * 1.5 * wobble))
    return ink(img, lines, INK)


def _page(mood, rng, w, h, bw, layout_boxes, weight, zoom_all=False, balloons=0.7):
    page = blank(h, w, palettes.paper(mood, rng, "white") if bw or mood != "scary" else (0.1, 0.08, 0.08))
    for x0, y0, x1, y1 in layout_boxes:
        c0, r0, c1, r1 = int(round(x0)), int(round(y0)), int(round(x1)), int(round(y1))
        pw, ph = max(1, c1 - c0), max(1, r1 - r0)
        c0, r0 = min(max(c0, 0), w - 1), min(max(r0, 0), h - 1)
        pw, ph = min(pw, w - c0), min(ph, h - r0)
        panel = _panel(mood, rng, pw, ph, bw, weight, zoom=zoom_all or rng.random() < 0.35)
        if rng.random() < balloons and pw > 20 and ph > 20:
            _balloon(rng, panel, pw, ph, max(1.0, weight * 0.8))
        border = Field(ph, pw, margin=0).add(box(pw / 2, ph / 2, pw / 2, ph / 2)).d
        page[r0:r0 + ph, c0:c0 + pw] = ink(panel, band(border, max(2.0, weight * 1.3) * 2), INK)
    return page


def _strip(mood, rng, w, h):
    gutter, margin = max(2.0, min(w, h) * 0.025), max(1.0, min(w, h) * 0.04)
    tiers = max(1, int(round(h / max(w * rng.uniform(0.35, 0.5), 1))))
    boxes = []
    tier_h = (h - 2 * margin - gutter * (tiers - 1)) / tiers
    for t in range(tiers):
        y0 = margin + t * (tier_h + gutter)
        cuts = np.sort(rng.uniform(0.25, 0.75, int(rng.integers(1, 3)))) if w > 3 * h / tiers * 0.6 else np.array([])
        edges = np.concatenate([[0], cuts, [1]]) * (w - 2 * margin) + margin
        boxes += [(a + (gutter / 2 if i else 0), y0, b - (gutter / 2 if i < len(edges) - 2 else 0), y0 + tier_h)
                  for i, (a, b) in enumerate(zip(edges, edges[1:]))]
    return _page(mood, rng, w, h, False, boxes, max(1.2, min(w, h) * rng.uniform(0.004, 0.008)))


def _noir(mood, rng, w, h):
    gutter, margin = max(2.0, min(w, h) * 0.03), max(1.0, min(w, h) * 0.04)
    boxes = layout.panels(rng, w, h, gutter, margin)
    return _page(mood, rng, w, h, True, boxes, max(1.2, min(w, h) * rng.uniform(0.004, 0.009)), balloons=0.5)


def _splash(mood, rng, w, h):
    weight = max(2.0, min(w, h) * rng.uniform(0.01, 0.018))
    cols = palettes.palette(mood, rng, 2, saturation=1.4)
    page = ink(blank(h, w, cols[0]), marks.halftone(np.full((h, w), 0.3, np.float32), max(4.0, min(w, h) / 40)),
               cols[1] * 0.7)
    kind = str(rng.choice(["face", "figure", "animal"]))
    page = _panel(mood, rng, w, h, False, weight, kind=kind, zoom=kind != "figure", background=page)
    size = min(w, h)
    burst = Field(h, w, margin=weight + 2).add(star(w * 0.25, h * 0.16, size * 0.22, size * 0.13,
                                                    int(rng.integers(9, 15)), rng.uniform(0, 1)))
    fill(page, burst.d, palettes.MOOD_RECIPES[mood].accent)
    over(page, band(burst.d, weight), INK)
    text = subjects.lettering(rng, h, w, (w * 0.25 - size * 0.14, h * 0.16 - size * 0.05, w * 0.25 + size * 0.14,
                                          h * 0.16 + size * 0.05), max(4.0, size * 0.08), weight=0.16)
    fill(page, text, INK)
    return page


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_newspaper_strip": _strip, "gallery_noir_screentone": _noir, "gallery_pop_splash": _splash}[style]
    return to_image(draw(mood, rng, w, h))
