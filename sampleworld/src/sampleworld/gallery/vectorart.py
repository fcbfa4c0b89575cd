"""Vector art: flat or linearly graded fills with crisp anti-aliased edges, few colours, clean geometry."""

from __future__ import annotations

import math

import numpy as np

from . import layout, palettes, subjects
from .canvas import blank, fill, gradient, over, to_image
from .fields import Field, band, box, circle, shifted

STYLES = {
    "gallery_travel_poster": "a screen-printed travel poster: banded sky, flat layered scene, a title block",
    "gallery_icon_sheet": "a sheet of app or web icons in round badges, filled or line-only, on white",
    "gallery_flat_character": "a flat-design spot illustration: one character or object on a backdrop shape",
}


def _role_colours(mood, rng, n=7):
    cols = palettes.palette(mood, rng, n)
    return dict(zip(subjects.ROLES, np.roll(cols, int(rng.integers(n)), axis=0).tolist() + cols.tolist()))


def _poster(mood, rng, w, h):
    top, bottom = palettes.sky(mood, rng)
    img = gradient(h, w, top, bottom, math.pi / 2, steps=int(rng.integers(4, 9)))
    colours = _role_colours(mood, rng)
    title_h = h * rng.uniform(0.14, 0.22)
    at_top = rng.random() < 0.4
    scene_box = (0, title_h, w, h) if at_top else (0, 0, w, h - title_h)
    kind = "landscape" if rng.random() < 0.6 else "buildings"
    for part in subjects.make(kind, rng, h, w, scene_box):
        if part.role != "sky":
            fill(img, part.d, colours[part.role])
    band_top = 0 if at_top else h - title_h
    img[int(band_top):int(band_top + title_h)] = colours["dark"]
    text = subjects.lettering(rng, h, w, (w * 0.08, band_top + title_h * 0.2, w * 0.92, band_top + title_h * 0.8),
                              title_h * 0.5, weight=0.13)
    fill(img, text, colours["light"] if np.mean(colours["dark"]) < 0.5 else (0.08, 0.08, 0.1))
    if rng.random() < 0.6:
        inset = max(2.0, min(w, h) * 0.03)
        frame = Field(h, w, margin=0).add(box(w / 2, h / 2, w / 2 - inset, h / 2 - inset)).d
        over(img, band(frame, max(1.5, inset * 0.3)), (0.97, 0.95, 0.9))
    return img


def _icon_sheet(mood, rng, w, h):
    img = blank(h, w, palettes.paper(mood, rng, "white"))
    colours = palettes.palette(mood, rng, 5)
    cols = max(1, int(round(w / max(min(w, h) / rng.uniform(1.5, 2.8), 16))))
    rows = max(1, int(round(h / (w / cols))))
    line_only = rng.random() < 0.4
    rounded = rng.random() < 0.5
    weight = max(1.5, min(w / cols, h / rows) * rng.uniform(0.03, 0.06))
    start = int(rng.integers(8))
    for r in range(rows):
        for c in range(cols):
            cw, ch = w / cols, h / rows
            cx, cy, s = (c + 0.5) * cw, (r + 0.5) * ch, min(cw, ch) * 0.4
            colour = colours[(r * cols + c) % len(colours)]
            badge_shape = box(cx, cy, s, s, 0, s * 0.3) if rounded else circle(cx, cy, s)
            badge = Field(h, w, margin=4).add(badge_shape).d
            glyph = subjects.icon(rng, h, w, subjects.Frame((cx - s * 0.8, cy - s * 0.8, cx + s * 0.8, cy + s * 0.8)),
                                  start + r * cols + c)[0].d
            if line_only:
                over(img, band(badge, weight), colour)
                over(img, band(glyph, weight), colour)
            else:
                fill(img, shifted(badge, int(s * 0.08), int(s * 0.1)), colour * 0.6)
                fill(img, badge, colour)
                fill(img, glyph, (0.98, 0.98, 0.97) if colour.mean() < 0.6 else (0.1, 0.1, 0.14))
    return img


def _flat_character(mood, rng, w, h):
    colours = _role_colours(mood, rng)
    ground = palettes.paper(mood, rng, "white") if rng.random() < 0.5 else np.array(colours["sky"]) * 0.3 + 0.7
    if mood == "scary":
        ground = ground * 0.35
    img = blank(h, w, ground)
    backdrop = palettes.palette(mood, rng, 1)[0]
    cx, cy = w * rng.uniform(0.4, 0.6), h * rng.uniform(0.4, 0.6)
    back = Field(h, w).add(circle(cx, cy, min(w, h) * rng.uniform(0.3, 0.45))).d
    img = over(img, np.clip(0.5 - back, 0, 1), gradient(h, w, backdrop, backdrop * 0.75, rng.uniform(0, math.pi)))
    frame = layout.vignette(rng, w, h)
    kind = str(rng.choice(["figure", "animal", "face", "still_life", "abstract"]))
    parts = [p for p in subjects.make(kind, rng, h, w, frame) if p.role not in ("ground", "sky")]
    outline = rng.random() < 0.5
    weight = max(1.5, min(w, h) * rng.uniform(0.006, 0.014))
    dark = np.array(colours["dark"]) * 0.3
    shadow = subjects.silhouette(parts)
    fill(img, shifted(shadow, int(w * 0.02), int(h * 0.025)), backdrop * 0.55, opacity=0.9)
    for part in parts:
        fill(img, part.d, colours[part.role])
        if outline:
            over(img, band(part.d, weight), dark)
    return img


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_travel_poster": _poster, "gallery_icon_sheet": _icon_sheet,
            "gallery_flat_character": _flat_character}[style]
    return to_image(draw(mood, rng, w, h))
