"""Pen and ink: near-constant-weight black or sepia lines on light paper, tone by marks only.

Real pen drawings have no grey: every tone is made of marks of one weight, crossed in more
directions as the shadow deepens (cross-hatching), packed as dots (stippling), or left out
for a pure contour drawing. Mood never darkens the paper; it shows in the subject and in how
heavily the shadows are built up.
"""

from __future__ import annotations

import numpy as np

from . import marks
from .canvas import Pad, blur, col, over, smoothstep, to_image, unit
from .drawing import study

# white, cream, ivory, bright white and a light buff
_PAPERS = ((0.97, 0.97, 0.95), (0.96, 0.93, 0.85), (0.94, 0.92, 0.87), (0.99, 0.99, 0.98),
           (0.92, 0.88, 0.8))
_BLACK = (0.05, 0.05, 0.07)
_SEPIA = (0.23, 0.13, 0.07)


def _finish(rng, w, h, ink_cover, ink, paper_colour):
    """Lay ink on paper; the ink's edge catches the paper fibres a little."""
    rgb, tooth = marks.paper(rng, h, w, paper_colour, tooth=0.025)
    fibre = (tooth - 0.5) * 4.5  # ink bleeds along the same fibres that make the tooth
    cover = smoothstep(0.2, 0.75, blur(ink_cover, 0.45) + 0.08 * fibre)
    density = 0.92 + 0.08 * np.clip(fibre, -1, 1)
    return to_image(over(rgb, col(ink), cover * density))


def _outlines(rng, w, h, contours, width, jitter, keep=1.0):
    pad = Pad(w, h, 0.0, "L", 2)
    chosen = [c for c in contours if rng.random() < keep]
    marks.hand_lines(rng, pad, chosen, width, 1.0, jitter)
    return pad.array()


def crosshatch(rng, mood, w, h):
    """Classic illustration inking: each darker value adds a hatching direction."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("landscape", "street", "still_life", "portrait", "animal", "bird"),
               margin=float(rng.choice([0.0, 0.06])), vignette=rng.random() < 0.4)
    width = max(1.0, 1.1 * u)
    cover = _outlines(rng, w, h, st.contours, width * 1.3, 0.6 * u)
    spacing = max(3.0, rng.uniform(4.5, 7.0) * u)
    base = rng.uniform(0.5, 1.1)
    stroke = spacing * rng.uniform(6, 14)
    # The first layer turns from object to object, as a draughtsman hatches each form apart.
    first = [marks.hatch(rng, h, w, base + turn, spacing, width, 0.5 * u, stroke, 0.06)
             for turn in (0.0, 0.6, -0.6)]
    pick = rng.integers(0, 3, len(st.parts) + 1)[st.painted.ids]
    layers = [(np.choose(pick, [f[0] for f in first]), np.choose(pick, [f[1] for f in first]),
               0.14)]
    for k, (turn, threshold) in enumerate(((np.pi / 2, 0.4), (np.pi / 4, 0.62),
                                           (-np.pi / 4, 0.84))):
        lines, value = marks.hatch(rng, h, w, base + turn + rng.normal(0, 0.05),
                                   spacing * (1.1 + 0.1 * k), width, 0.5 * u, stroke, 0.06)
        layers.append((lines, value, threshold))
    for lines, value, threshold in layers:
        wanted = smoothstep(threshold - 0.04, threshold + 0.14, st.tone)
        cover = np.maximum(cover, lines * (value < wanted * 1.15))
    ink = _SEPIA if rng.random() < 0.2 else _BLACK
    return _finish(rng, w, h, cover, ink, _PAPERS[rng.integers(len(_PAPERS))])


def stipple(rng, mood, w, h):
    """Scientific-illustration stippling: value is the density of identical dots."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("animal", "bird", "portrait", "still_life", "flower"),
               margin=float(rng.choice([0.04, 0.1])), vignette=rng.random() < 0.7)
    radius = max(0.75, rng.uniform(0.8, 1.2) * u)
    density = smoothstep(0.05, 1.0, st.tone) ** 1.15
    cover = marks.stipple(rng, density, cell=max(3.0, radius * 4.2), radius=radius, layers=4)
    cover = np.maximum(cover, _outlines(rng, w, h, st.contours, max(1.0, 0.9 * u), 0.5 * u,
                                        keep=0.45))
    ink = _SEPIA if rng.random() < 0.25 else _BLACK
    return _finish(rng, w, h, cover, ink, _PAPERS[rng.integers(len(_PAPERS))])


def contour(rng, mood, w, h):
    """A line drawing with a technical pen: the outline carries the picture."""
    u = unit(w, h)
    st = study(rng, mood, w, h, ("flower", "street", "still_life", "bird", "landscape", "animal"),
               margin=float(rng.choice([0.0, 0.05])), vignette=True)
    width = max(1.0, rng.uniform(1.0, 1.8) * u)
    cover = _outlines(rng, w, h, st.contours, width, 0.25 * u)
    spacing = max(3.0, 4.0 * u)
    lines, value = marks.hatch(rng, h, w, rng.uniform(0.6, 1.0), spacing, max(1.0, 0.9 * u),
                               wobble=0.3 * u, stroke=spacing * 5, gap=0.15)
    cover = np.maximum(cover, lines * (value < smoothstep(0.62, 0.85, st.tone)))
    ink = _SEPIA if rng.random() < 0.45 else _BLACK
    return _finish(rng, w, h, cover, ink, _PAPERS[rng.integers(len(_PAPERS))])


STYLES = {
    "crosshatch": ("pen drawing with steady outlines and tone built from up to four layers of "
                   "cross-hatching", crosshatch),
    "stipple": ("stippled ink study: tone made of dots of one pen size, few broken outlines, "
                "often a vignette on bare paper", stipple),
    "contour": ("technical-pen line drawing in black or sepia: clean even contours, hatching "
                "only in the deepest shadows", contour),
}
