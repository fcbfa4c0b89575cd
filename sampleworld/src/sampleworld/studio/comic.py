"""Comic: black ink contours of varying weight over flat colour, halftone dots and screen tone,
panels with gutters, speech balloons with lettering-like marks."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import ink, moods, subjects
from .tools import hsv

STYLES = {
    "studio_comic_page": "western comic-book page: a grid of colour panels with white gutters, inked figures and "
                         "houses, halftone shadows, speech balloons",
    "studio_manga_tone": "black-and-white manga page: screentone dots, speed lines, solid black hair and shadows, "
                         "tall balloons",
    "studio_pop_splash": "full-bleed pop-art splash panel: one big inked face or animal over Ben-Day dots, a "
                         "sound-effect burst and a caption box",
}

INK = (18, 16, 20)


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(int(round(c * 255)) for c in np.clip(colour, 0, 1))


def _cast(parts, w, h, offset):
    """Shadow rim: where the subjects are but their copy shifted toward the light is not."""
    lit, body = Image.new("L", (w, h), 0), Image.new("L", (w, h), 0)
    draw_lit, draw_body = ImageDraw.Draw(lit), ImageDraw.Draw(body)
    for part in parts:
        draw_body.polygon(part.flat(), fill=255)
        draw_lit.polygon([(x - offset, y - offset) for x, y in part.flat()], fill=255)
    return (np.asarray(body) > 0) & (np.asarray(lit) == 0)


def _cast_subjects(w, h, rng, big):
    if big:
        name = ("face", "cat", "person", "bird")[int(rng.integers(4))]
        size = min(w, h * 0.7) * (0.75 if name == "face" else 0.6)
        return subjects.SUBJECTS[name](w * rng.uniform(0.4, 0.6), h * 1.02 if name == "face" else h * 0.92,
                                       size, rng)
    names = [("house", "tree", "person", "tower", "cat")[int(i)] for i in rng.integers(0, 5, int(rng.integers(2, 4)))]
    return subjects.scene(names, w, h, rng, horizon=0.72, scale=0.35)


def _panel(w, h, mood, rng, colour: bool):
    """One panel as an RGB array: ground, inked subject, dotted shadow."""
    spec = moods.mood(mood)
    picks = moods.colours(mood, rng, 6)
    sky = hsv(*spec.sky[1]) if colour else np.ones(3)
    image = Image.new("RGB", (w, h), _rgb(sky))
    draw = ImageDraw.Draw(image)
    big = rng.random() < 0.45
    weight = max(1.0, min(w, h) / 90)
    if not colour and rng.random() < 0.6:  # manga speed lines radiate from the focus
        cx, cy = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.3, 0.6)
        for a in rng.uniform(0, 2 * np.pi, int(rng.integers(40, 90))):
            r0 = rng.uniform(0.3, 0.5) * max(w, h)
            draw.line([(cx + np.cos(a) * r0, cy + np.sin(a) * r0),
                       (cx + np.cos(a) * 2 * max(w, h), cy + np.sin(a) * 2 * max(w, h))], fill=INK,
                      width=max(1, int(weight * rng.uniform(0.3, 1.2))))
    elif not big:
        draw.rectangle([0, h * 0.72, w, h], fill=_rgb(picks[0] * 0.8 if colour else (0.85, 0.85, 0.85)))
    parts = _cast_subjects(w, h, rng, big)
    role_colour = {}
    for part in parts:
        if colour:
            fill = role_colour.setdefault(part.role, picks[int(rng.integers(6))] if part.role != "skin"
                                          else hsv(0.07, 0.4, 0.97 * spec.value[1]))
        else:
            fill = (0.05, 0.05, 0.06) if part.role in ("hair", "eye", "window", "door") else (1, 1, 1)
        draw.polygon(part.flat(), fill=_rgb(fill))
    pixels = np.asarray(image, dtype=np.float32) / 255
    shade = _cast(parts, w, h, max(2.0, min(w, h) * 0.04))
    dots = ink.halftone(h, w, 0.35 if colour else 0.5, max(3.0, weight * 2.5))
    pixels = np.where((shade & (dots > 0))[..., None], pixels * 0.25, pixels)
    if colour:  # a dotted sky gradient, the printed look of old comics
        ramp = np.linspace(0.45, 0.0, h, dtype=np.float32)[:, None]
        sky_dots = ink.halftone(h, w, np.broadcast_to(ramp, (h, w)), max(3.0, weight * 3), angle=0.26) > 0
        pixels = np.where((sky_dots & (pixels.sum(axis=2) == pixels[0, 0].sum()))[..., None], picks[1] * 0.8, pixels)
    elif rng.random() < 0.7:
        tone = ink.halftone(h, w, np.broadcast_to(np.linspace(0.5, 0.05, h, dtype=np.float32)[:, None], (h, w)),
                            max(3.0, weight * 2))
        pixels = np.where(((tone > 0) & (pixels.min(axis=2) > 0.95) & ~_cast(parts, w, h, 0))[..., None],
                          0.1, pixels)
    image = Image.fromarray((pixels * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for part in parts:
        ink.contour(draw, part.points, weight * rng.uniform(0.8, 1.6), rng, fill=INK)
    if spec.shadow > 0.5:  # night: heavy black spotting
        draw.rectangle([0, 0, w, h * rng.uniform(0.05, 0.2)], fill=INK)
    return image


def _balloon(draw, x, y, w, h, rng, size):
    draw.polygon([(x + w * 0.3, y + h * 0.8), (x + w * 0.2 + rng.uniform(-1, 1) * w * 0.2, y + h * 1.4),
                  (x + w * 0.5, y + h * 0.85)], fill="white", outline=INK, width=2)
    draw.ellipse([x, y, x + w, y + h], fill="white", outline=INK, width=max(2, int(size / 4)))
    ink.lettering(draw, (x + w * 0.2, y + h * 0.22, x + w * 0.8, y + h * 0.8), rng, fill=INK, size=size)


def _layout(w, h, rng):
    gutter = max(2, int(min(w, h) * 0.025))
    rows = int(rng.integers(2, 4)) if h > 120 else 1
    boxes = []
    cuts = np.sort(rng.uniform(0.25, 0.75, rows - 1)) if rows > 1 else np.array([])
    edges = np.concatenate([[0], cuts, [1]]) * (h - gutter)
    for top, bottom in zip(edges[:-1], edges[1:], strict=True):
        cols = int(rng.integers(1, 3)) if w > 120 else 1
        split = rng.uniform(0.35, 0.65)
        xs = [0, split, 1] if cols == 2 else [0, 1]
        for left, right in zip(xs[:-1], xs[1:], strict=True):
            box = (int(gutter + left * (w - gutter)), int(top + gutter), int(right * (w - gutter)), int(bottom))
            if box[2] - box[0] > 8 and box[3] - box[1] > 8:
                boxes.append(box)
    return boxes or [(0, 0, w, h)], gutter


def _page(mood, rng, w, h, colour):
    page = Image.new("RGB", (w, h), (250, 250, 248))
    draw = ImageDraw.Draw(page)
    boxes, gutter = _layout(w, h, rng)
    for x0, y0, x1, y1 in boxes:
        page.paste(_panel(x1 - x0, y1 - y0, mood, rng, colour), (x0, y0))
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=INK, width=max(1, gutter // 2))
        pw, ph = x1 - x0, y1 - y0
        if rng.random() < 0.7 and pw > 40 and ph > 40:
            bw, bh = pw * rng.uniform(0.3, 0.5), ph * rng.uniform(0.2, 0.35)
            if not colour:
                bw, bh = bw * 0.6, bh * 1.5
            _balloon(draw, x0 + rng.uniform(0.05, 0.95) * (pw - bw), y0 + ph * 0.05, bw, bh, rng,
                     max(4, min(pw, ph) / 22))
    return page


def _splash(mood, rng, w, h):
    picks = moods.colours(mood, rng, 3)
    back = np.asarray(Image.new("RGB", (w, h), _rgb(picks[0] * 0.6 + 0.4)), dtype=np.float32) / 255
    y, x = np.mgrid[0:h, 0:w]
    tone = 0.15 + 0.5 * (x / max(w, 1)) * (y / max(h, 1))
    dots = ink.halftone(h, w, tone, max(4.0, min(w, h) / 45))
    back = np.where(dots[..., None] > 0, picks[1] * 0.8, back)
    image = Image.fromarray((back * 255).astype(np.uint8))
    panel = _panel(w, h, mood, rng, colour=True)
    mask = Image.fromarray((np.abs(np.asarray(panel, dtype=np.int16) - np.asarray(panel)[0, 0]).sum(axis=2) > 6)
                           .astype(np.uint8) * 255)
    image.paste(panel, mask=mask)
    draw = ImageDraw.Draw(image)
    cx, cy, r = w * rng.uniform(0.65, 0.8), h * rng.uniform(0.2, 0.3), min(w, h) * rng.uniform(0.16, 0.24)
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    radii = np.where(np.arange(24) % 2 == 0, r, r * 0.6) * rng.uniform(0.85, 1.15, 24)
    burst = list(zip((cx + radii * np.cos(angles)).tolist(), (cy + radii * np.sin(angles)).tolist(), strict=True))
    draw.polygon(burst, fill=_rgb(hsv(0.14, 0.9, 1.0) if mood == "happy" else picks[2]), outline=INK,
                 width=max(2, int(r / 15)))
    ink.lettering(draw, (cx - r * 0.45, cy - r * 0.25, cx + r * 0.5, cy + r * 0.3), rng, fill=INK, size=r / 3)
    cap_h = max(6, h * 0.12)
    draw.rectangle([w * 0.03, h * 0.03, w * 0.5, h * 0.03 + cap_h], fill=_rgb(hsv(0.13, 0.5, 1.0)), outline=INK,
                   width=max(1, int(min(w, h) / 150)))
    ink.lettering(draw, (w * 0.05, h * 0.04, w * 0.48, h * 0.03 + cap_h), rng, fill=INK, size=cap_h / 4)
    border = max(2, int(min(w, h) / 60))
    draw.rectangle([0, 0, w - 1, h - 1], outline=INK, width=border)
    return image


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    if style == "studio_pop_splash":
        return _splash(mood, rng, width, height)
    return _page(mood, rng, width, height, colour=style == "studio_comic_page")
