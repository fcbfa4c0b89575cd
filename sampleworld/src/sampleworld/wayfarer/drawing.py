"""What the two dry drawing media (pen and graphite) share: subject, tone and outlines.

A drawing starts from a painted subject seen only as tone: dark where the colour picture is
dark, heavier when the mood is gloomy or scary. Backgrounds may be left as bare paper (a
vignette, as most sketchbook studies are) and contours come from the visible outline runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import scene, subjects
from .canvas import blur, luminance, smoothstep
from .palettes import palette


@dataclass
class Study:
    """A subject prepared for drawing."""

    tone: np.ndarray  # (h, w) in [0, 1], 1 = darkest
    contours: list  # polylines of the visible outlines
    parts: list
    painted: scene.Painted


def study(rng: np.random.Generator, mood: str, w: int, h: int, kinds, margin: float = 0.0,
          vignette: bool = False) -> Study:
    """Pick a subject among `kinds`, lay it out with `margin` and read it as tone.

    The tone is stretched between the picture's own darkest and lightest parts, so a dark
    scary scene still reads as a subject; the mood then bends it darker or lighter.
    """
    pal = palette(mood, rng)
    kind = kinds[int(rng.integers(len(kinds)))]
    mx, my = w * margin, h * margin
    parts = subjects.build(kind, rng, (mx, my, w - mx, h - my), mood)
    painted = scene.paint(parts, pal, w, h)
    tone = 1.0 - luminance(painted.rgb)
    lo, hi = np.percentile(tone[painted.ids > 0], (3, 98)) if painted.ids.any() else (0, 1)
    tone = 0.92 * np.clip((tone - lo) / max(0.25, hi - lo), 0, 1) ** (1.0 / pal.pressure)
    tone[painted.ids == 0] = 0.0
    if vignette:
        bare = [0] + [i + 1 for i, p in enumerate(parts) if not p.outline]
        background = np.isin(painted.ids, bare)
        ys, xs = np.ogrid[:h, :w]
        fade = np.hypot((xs - w / 2) / (w / 2), (ys - h / 2) / (h / 2))
        keep = np.where(background, 0.25 * smoothstep(1.0, 0.3, fade), 1.0)
        tone = tone * blur(keep.astype(np.float32), max(1.0, min(w, h) / 60))
    contours = [pts for _, pts in scene.visible_contours(parts, painted.ids, step=2.0)]
    return Study(tone.astype(np.float32), contours, parts, painted)
