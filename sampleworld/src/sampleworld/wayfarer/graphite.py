"""Graphite: grey pencil on light paper, where the paper's tooth shows through every tone.

Pencil never reaches black: even a soft lead leaves a grey with a slight sheen, and a light
stroke only catches the peaks of the paper grain, so tone looks speckled until pressure fills
the valleys. Sketches keep their searching, retraced lines and faint construction lines;
studies add tone smudged with a stump, hatching, and highlights lifted with an eraser.
"""

from __future__ import annotations

import numpy as np

from . import geometry as g
from . import marks
from .canvas import Pad, blur, col, noise, over, smoothstep, to_image, unit
from .drawing import Study, study

# white cartridge, cream, grey-white, bright white, and a light toned (tan) sketch paper
_PAPERS = ((0.96, 0.96, 0.94), (0.95, 0.93, 0.87), (0.93, 0.93, 0.92), (0.98, 0.97, 0.95),
           (0.9, 0.87, 0.82))


def _lay(rng, w, h, darkness, paper_colour, lead):
    """Deposit graphite of `darkness` in [0, 1] on toothy paper.

    Light pressure only marks the grain's peaks; heavy pressure fills the valleys too. The
    lead's darkest grey (`lead`, 0.2-0.4) keeps the result from ever being black.
    """
    rgb, tooth = marks.paper(rng, h, w, paper_colour, tooth=0.035)
    d = np.clip(darkness, 0, 1)
    catch = smoothstep(0.0, 1.0, tooth * 1.5 + d * 0.7 - 0.35)
    graphite = col([lead, lead * 1.01, lead * 1.06])
    sheen = 0.04 * smoothstep(0.6, 1.0, d)  # burnished soft lead catches light
    return to_image(over(rgb, graphite, d * (0.35 + 0.65 * catch)) + sheen)


def _construction(rng, w, h, st: Study, u):
    """Faint straight guide lines: horizon, axes and boxes around the main forms."""
    lines = [np.array([[0, h * rng.uniform(0.3, 0.7)], [w, h * rng.uniform(0.3, 0.7)]])]
    big = sorted((p for p in st.parts if p.outline and p.closed),
                 key=lambda p: -np.ptp(p.points[:, 0]) * np.ptp(p.points[:, 1]))[:5]
    for part in big:
        x0, y0, x1, y1 = g.bounds(part.points)
        if (x1 - x0) > 0.9 * w:
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        lines.append(np.array([[cx, y0 - 0.1 * (y1 - y0)], [cx, y1 + 0.1 * (y1 - y0)]]))
        if rng.random() < 0.5:
            lines.append(g.ellipse(cx, cy, (x1 - x0) / 2, (y1 - y0) / 2, rng.normal(0, 0.05),
                                   n=40)[list(range(40)) + [0]])
        else:
            lines.append(np.vstack([g.rect(x0, y0, x1, y1), [[x0, y0]]]))
    pad = Pad(w, h, 0.0, "L", 2)
    marks.hand_lines(rng, pad, lines, max(1.0, 0.8 * u), rng.uniform(0.16, 0.26), 0.6 * u,
                     overshoot=14 * u)
    return pad.array()


def _contours(rng, w, h, st: Study, u, value, passes, width):
    """Searching contour lines: broken into strokes, retraced, pressure swelling and fading."""
    pieces = []
    for pts in st.contours:
        while len(pts) > 4:
            cut = int(rng.integers(15, 60))
            pieces.append(pts[:cut + 1])
            pts = pts[cut - int(rng.integers(0, 3)):]
        if len(pts) >= 2:
            pieces.append(pts)
    pad = Pad(w, h, 0.0, "L", 2)
    marks.hand_lines(rng, pad, pieces, width, value, 1.1 * u, passes=passes, pressure=0.6,
                     overshoot=6 * u)
    return pad.array()


def _hatching(rng, w, h, tone, u, angle, spacing, threshold):
    """Pencil hatching: strokes of varying pressure where the tone is darker than threshold."""
    cover, value = marks.hatch(rng, h, w, angle, spacing, max(1.0, 1.3 * u), 0.8 * u,
                               stroke=spacing * rng.uniform(3, 6), gap=0.12)
    wanted = smoothstep(threshold, threshold + 0.3, tone)
    return cover * (value < wanted) * (0.45 + 0.55 * value / np.maximum(wanted, 1e-3))


def line_sketch(rng, mood, w, h):
    """An artist finding a form: guides first, then contours drawn and redrawn, little tone."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("portrait", "animal", "bird", "still_life", "flower", "street",
                                 "landscape"), margin=rng.uniform(0.04, 0.12), vignette=True)
    dark = _construction(rng, w, h, st, u)
    dark = dark + _contours(rng, w, h, st, u, rng.uniform(0.5, 0.75), 2, rng.uniform(1.0, 1.6) * u)
    if rng.random() < 0.6:  # a few quick shadow hatches
        dark = dark + 0.5 * _hatching(rng, w, h, st.tone, u, rng.uniform(-1.2, -0.7),
                                      max(3.0, 5 * u), 0.6)
    lead = rng.uniform(0.3, 0.4)
    return _lay(rng, w, h, dark, _PAPERS[rng.integers(len(_PAPERS))], lead)


def tonal_study(rng, mood, w, h):
    """A finished study: tone rubbed in and hatched over, lights lifted with the eraser."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("still_life", "portrait", "animal", "bird", "flower"),
               margin=rng.uniform(0.0, 0.08), vignette=rng.random() < 0.6)
    smudge = blur(st.tone, rng.uniform(3, 7) * u)
    smudge = smudge * (1 + 0.12 * noise(rng, h, w, 40 * u, 2))
    dark = 0.72 * smudge ** 1.1
    dark = dark + 0.45 * _hatching(rng, w, h, st.tone, u, rng.uniform(-0.95, -0.65),
                                   max(3.0, 4.5 * u), 0.35)
    eraser = Pad(w, h, 0.0, "L", 2)
    lit = np.argwhere((st.painted.light > 1.02) & (st.painted.ids > 0))
    for _ in range(int(rng.integers(2, 7)) if len(lit) else 0):
        y, x = lit[rng.integers(len(lit))]
        ang = rng.uniform(0, np.pi)
        length = rng.uniform(10, 30) * u
        eraser.line(np.array([[x - np.cos(ang) * length, y - np.sin(ang) * length],
                              [x + np.cos(ang) * length, y + np.sin(ang) * length]]), 1.0,
                    rng.uniform(4, 9) * u)
    dark = dark * (1 - 0.8 * blur(eraser.array(), 0.8))
    dark = dark + _contours(rng, w, h, st, u, rng.uniform(0.45, 0.7), 1, 1.3 * u)
    lead = rng.uniform(0.2, 0.3)
    return _lay(rng, w, h, dark, _PAPERS[rng.integers(len(_PAPERS))], lead)


def hatched(rng, mood, w, h):
    """Tone built only from strokes, as quick location drawings are."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("landscape", "street", "animal", "still_life"),
               margin=rng.uniform(0.0, 0.06), vignette=rng.random() < 0.3)
    spacing = max(3.0, rng.uniform(4, 6) * u)
    angle = rng.uniform(-1.2, -0.7)
    dark = 0.8 * _hatching(rng, w, h, st.tone, u, angle, spacing, 0.1)
    dark = dark + 0.7 * _hatching(rng, w, h, st.tone, u, angle + rng.uniform(0.7, 1.1),
                                  spacing * 1.2, 0.5)
    dark = dark + 0.25 * blur(st.tone, 2 * u) ** 2
    dark = dark + _contours(rng, w, h, st, u, 0.5, 1, 1.1 * u)
    lead = rng.uniform(0.24, 0.34)
    return _lay(rng, w, h, dark, _PAPERS[rng.integers(len(_PAPERS))], lead)


STYLES = {
    "line_sketch": ("light pencil sketch: retraced searching contours over faint construction "
                    "lines and guide boxes, almost no tone", line_sketch),
    "tonal_study": ("shaded pencil study: stump-smudged tone, hatching, eraser-lifted "
                    "highlights, paper tooth through the grey", tonal_study),
    "hatched": ("pencil drawing whose tone is directional hatching in two layers of varying "
                "pressure, lighter outlines", hatched),
}
