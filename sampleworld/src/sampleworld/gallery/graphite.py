"""Pencil: silver-grey graphite on light paper, strokes that break on the paper's tooth, pressure that
wanders, smudged tone, hatching and the construction lines of a drawing still being found."""

from __future__ import annotations

import math

import numpy as np

from . import layout, marks, noise, palettes, shading, subjects
from .canvas import blank, ink, to_image
from .fields import band

STYLES = {
    "gallery_study_sheet": "a sketchbook page of several quick figure, head and animal studies with blocking-in lines",
    "gallery_smudged_still": "a finished tonal still life or portrait: blended smudged shading, hatching, cast shadow",
    "gallery_hatched_outdoor": "a loose outdoor sketch: landscape or street drawn in short directional hatching",
}

TONES = {"sky": (0.0, 0.0), "far": (0.18, 0.0), "ground": (0.1, 0.0), "back": (0.25, 0.4), "main": (0.05, 0.7),
         "second": (0.25, 0.55), "dark": (0.6, 0.3), "accent": (0.4, 0.3), "light": (0.0, 0.0)}


def _graphite(mood):
    """Graphite is never black: a slightly warm or silver mid-dark grey, a little deeper for dark moods."""
    depth = palettes.ink_depth(mood)
    return np.array([0.42, 0.41, 0.42], np.float32) - 0.12 * depth


def _sketchy_contour(rng, d, h, w, width, strength, passes=2):
    """A contour restated a few times, each pass slightly off the true edge, fading in and out with pressure."""
    drift = noise.smooth(rng, h, w, max(h, w) / 6) - 0.5
    lift = np.clip(noise.smooth(rng, h, w, max(8.0, max(h, w) / 25)) * 2.2 - 0.4, 0, 1)
    out = np.zeros((h, w), np.float32)
    for k in range(passes):
        offset = drift * width * (2.5 if k % 2 else -1.5) + rng.uniform(-0.5, 0.5) * width
        pressure = lift if k % 2 == 0 else 1 - lift * 0.7
        out = np.maximum(out, band(d + offset, width * rng.uniform(0.8, 1.3)) * pressure * strength)
    return out


def _finish(mood, rng, paper, amount, h, w, tooth_strength=0.5):
    """Lay graphite down through the paper's tooth: light pressure only catches the peaks."""
    tooth = noise.grain(rng, h, w, stretch=rng.uniform(1.0, 2.5))
    pressure = 0.65 + 0.35 * noise.fbm(rng, h, w, max(h, w) / 4, 2)
    catch = (1 - tooth_strength) + 2 * tooth_strength * tooth  # peaks take graphite, valleys stay paper
    laid = np.clip(amount * pressure * catch * 1.3, 0, 1)
    img = blank(h, w, paper)
    img *= (1 - 0.06 * (tooth - 0.5))[..., None]
    return to_image(ink(img, laid * 0.95, _graphite(mood)))


def _study(rng, fw, fh, width):
    """One small study drawn in its own cell: blocking-in lines, a restated outline, a little hatching."""
    kind = str(rng.choice(["figure", "face", "animal", "figure"]))
    parts = subjects.make(kind, rng, fh, fw)
    amount = marks.strokes(rng, fh, fw, marks.construction(rng, layout.full(fw, fh), int(rng.integers(2, 6))),
                           width * 0.8) * 0.45
    tone = shading.tone_map(parts, TONES, (-0.7, -0.6), step=4, radius=fh * 0.1)
    hatching = marks.hatch(fh, fw, math.radians(rng.uniform(30, 70)), max(2.5, fw * 0.025), width)
    amount = np.maximum(amount, hatching * np.clip(tone - 0.3, 0, 1) * 1.2)
    amount = np.maximum(amount, _sketchy_contour(rng, subjects.silhouette(parts), fh, fw, width * 1.3, 0.95, 3))
    for part in parts:
        if part.role in ("dark", "accent", "second"):
            amount = np.maximum(amount, _sketchy_contour(rng, part.d, fh, fw, width, 0.7, 1))
    return amount


def _studies(mood, rng, w, h):
    paper = palettes.paper(mood, rng, "white" if rng.random() < 0.5 else "cream")
    amount = np.zeros((h, w), np.float32)
    width = max(1.2, min(w, h) * rng.uniform(0.004, 0.006))
    for x0, y0, x1, y1 in layout.sheet(rng, w, h):
        c0, r0 = max(0, int(x0)), max(0, int(y0))
        c1, r1 = min(w, max(c0 + 1, int(x1))), min(h, max(r0 + 1, int(y1)))
        cell = amount[r0:r1, c0:c1]
        np.maximum(cell, _study(rng, c1 - c0, r1 - r0, width), out=cell)
    return _finish(mood, rng, paper, amount, h, w, 0.6)


def _smudged(mood, rng, w, h):
    paper = palettes.paper(mood, rng, str(rng.choice(["cream", "toned", "white"])))
    kind = str(rng.choice(["still_life", "face", "animal"]))
    frame = layout.closeup(rng, w, h) if kind == "face" and rng.random() < 0.5 else layout.vignette(rng, w, h)
    parts = subjects.make(kind, rng, h, w, frame)
    tone = shading.tone_map(parts, TONES, (-0.6, -0.75), step=4, radius=min(w, h) * 0.12)
    outline = subjects.silhouette(parts)
    reach = 18.0 / 8  # falloff ends inside the fields' 24-pixel margin, so no window edges show
    shadow = shading.upsample(np.clip(1 - shading.coarse(outline, 8) / reach, 0, 1), w, h)
    shift = max(1, int(min(w, h) * 0.04))
    shadow = np.roll(np.roll(shadow, shift, 0), shift, 1) * 0.3 * np.clip(0.5 + outline / 4, 0, 1)
    smudge = np.maximum(tone * 0.7, shadow)
    width = max(1.2, min(w, h) * 0.0035)
    hatching = marks.tonal_hatch(tone, [math.radians(rng.uniform(35, 55)), math.radians(rng.uniform(110, 140))],
                                 max(2.5, min(w, h) * 0.009), width, noise.smooth(rng, h, w, 40) * 4, soft=0.15)
    amount = np.maximum(smudge, hatching * 0.55 * np.clip(tone * 1.5, 0, 1))
    amount = np.maximum(amount, _sketchy_contour(rng, outline, h, w, width * 1.5, 0.8, 2))
    for part in parts:
        if part.role in ("dark", "accent", "second"):
            amount = np.maximum(amount, _sketchy_contour(rng, part.d, h, w, width, 0.55, 1))
    return _finish(mood, rng, paper, amount, h, w, 0.7)


def _outdoor(mood, rng, w, h):
    paper = palettes.paper(mood, rng, str(rng.choice(["white", "cream"])))
    kind = "landscape" if rng.random() < 0.5 else "buildings"
    parts = subjects.make(kind, rng, h, w, layout.full(w, h) if rng.random() < 0.6 else layout.vignette(rng, w, h))
    tones = dict(TONES, sky=(0.0, 0.0), ground=(0.12, 0.0), far=(0.3, 0.0), main=(0.2, 0.6), dark=(0.75, 0.2))
    tone = shading.tone_map(parts, tones, (rng.uniform(-0.9, 0.9), -0.6), step=4, radius=min(w, h) * 0.08)
    scale = min(w, h) * rng.uniform(0.6, 1.6)
    angle = math.radians(rng.choice([40, 50, 60, 130]))
    strokes = marks.hatch_strokes(rng, tone, angle, max(4.0, scale * 0.05), max(2.0, scale * 0.008),
                                  max(1.0, scale * 0.002))
    width = max(1.2, min(w, h) * 0.0035)
    amount = strokes
    for part in parts:
        if part.role not in ("sky",):
            amount = np.maximum(amount, _sketchy_contour(rng, part.d, h, w, width, 0.7, 1))
    return _finish(mood, rng, paper, amount, h, w, 0.6)


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_study_sheet": _studies, "gallery_smudged_still": _smudged, "gallery_hatched_outdoor": _outdoor}
    return draw[style](mood, rng, w, h)
