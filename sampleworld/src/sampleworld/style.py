"""Renderer parameters that a distribution shift changes while the media stay recognisable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """Knobs shared by every medium; SHIFTED moves each of them a visible step away from DEFAULT."""

    name: str
    width_range: tuple[int, int]  # widths the dataset builders draw (Behance "disp" images are 600)
    height_range: tuple[int, int]  # image heights are drawn from this range when none is given
    hue_shift: float  # degrees added to every palette hue
    saturation: float  # multiplies palette saturation
    stroke_scale: float  # multiplies outline widths, brush sizes and hatch line widths
    texture_scale: float  # multiplies the feature size of paper grain, granulation and canvas
    line_spacing: float  # hatching period in pixels at 600 px width
    halftone_spacing: float  # comic dot pitch in pixels at 600 px width
    paper_tints: tuple[tuple[int, int, int], ...]  # papers the drawing and watercolour media use
    bleed: float  # watercolour bleed radius in pixels


DEFAULT = Style(
    name="default",
    width_range=(600, 600),
    height_range=(400, 900),
    hue_shift=0.0,
    saturation=1.0,
    stroke_scale=1.0,
    texture_scale=1.0,
    line_spacing=15.0,
    halftone_spacing=14.0,
    paper_tints=((250, 248, 240), (245, 240, 225), (238, 238, 232), (250, 244, 232)),
    bleed=5.0,
)

SHIFTED = Style(
    name="shifted",
    width_range=(420, 820),
    height_range=(300, 1100),
    hue_shift=28.0,
    saturation=0.8,
    stroke_scale=1.45,
    texture_scale=0.65,
    line_spacing=11.0,
    halftone_spacing=19.0,
    paper_tints=((236, 228, 206), (226, 232, 238), (240, 226, 214), (232, 236, 222)),
    bleed=9.0,
)
