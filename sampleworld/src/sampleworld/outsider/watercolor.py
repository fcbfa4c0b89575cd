"""Watercolour: transparent washes on white paper. Each wash is laid as pigment that absorbs light
(Beer-Lambert: washes multiply, never cover), with a wandering edge, a darker rim where it dried,
blooms of back-run water, granulation in the paper's grain, and white paper left unpainted at the
margins and in the highlights. Washes are worked out at half resolution, as wet paint is soft."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sampleworld.outsider.canvas import value_noise
from sampleworld.outsider.composition import Part, Scene, compose
from sampleworld.outsider.inking import wobbled, resampled
from sampleworld.outsider.palettes import Palette

PAPER = np.array([253, 252, 248], np.float32)
STYLES = {
    "wash": "watercolour scene in transparent washes: a graded sky, hard dried edges, blooms, "
            "granulation, a white margin and white highlights left unpainted",
    "wet_in_wet": "loose wet-in-wet watercolour: colours bleeding into each other on damp paper, "
                  "soft edges, blooms, much white paper",
    "vignette": "watercolour vignette: the subject alone in layered glazes with crisp dried edges, "
                "a pale shadow wash, white paper all around",
}
# per style: how far washes bleed (px at half size), how much the edges wander, pigment strength
WETNESS = {"wash": (1.5, 2.0, 1.0), "wet_in_wet": (6.0, 4.0, 0.8), "vignette": (0.8, 1.2, 1.1)}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    scene = compose(rng, width // 2, height // 2)
    bleed, wander, strength = WETNESS[style]
    density = np.zeros((height // 2, width // 2, 3), np.float32)  # optical density per channel
    parts = scene.figures if style == "vignette" else scene.parts
    if style == "vignette":
        density += _shadow_wash(scene, palette, rng)
    for part in parts:
        if part.closed:
            _wash(density, scene, part, palette, rng, bleed, wander, strength)
    density *= _margin(rng, scene, style)[..., None]
    full = np.stack([np.asarray(Image.fromarray(density[..., c]).resize((width, height), Image.Resampling.BILINEAR))
                     for c in range(3)], -1)
    grain = value_noise(rng, height, width, 1.6)
    full *= (0.8 + 0.45 * grain)[..., None]  # pigment settles in the dips of the paper
    paper = PAPER * (0.985 + 0.03 * value_noise(rng, height, width, 5))[..., None]
    return Image.fromarray(np.clip(paper * np.exp(-full), 0, 255).astype(np.uint8))


def _absorbance(colour: np.ndarray) -> np.ndarray:
    """Optical density of a pigment that, laid once, leaves paper looking like `colour`."""
    return -np.log(np.clip(colour / 255, 0.04, 1))


def _wash(density: np.ndarray, scene: Scene, part: Part, palette: Palette, rng: np.random.Generator,
          bleed: float, wander: float, strength: float) -> None:
    """Add one wash to `density`: a wandering shape, bled soft, pigment pooled dark at its dried
    rim, with blooms, and a highlight of white paper kept on the lit side of some figures.
    Worked in the part's own padded box, which is all the wash can reach."""
    outline = wobbled(resampled(part.points, True, 6), rng, wander)
    pad = int(bleed * 3 + 8)
    x0, y0 = np.maximum(np.floor(outline.min(0)).astype(int) - pad, 0)
    x1, y1 = np.minimum(np.ceil(outline.max(0)).astype(int) + pad, (scene.width, scene.height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).polygon([tuple(p) for p in outline - (x0, y0)], fill=255)
    wet = np.asarray(mask.filter(ImageFilter.GaussianBlur(bleed)), dtype=np.float32) / 255
    inner = np.asarray(mask.filter(ImageFilter.GaussianBlur(bleed + 3)), dtype=np.float32) / 255
    rim = np.clip(wet - inner, 0, 1) * rng.uniform(1.0, 2.0)
    bloom = 0.55 + 0.6 * value_noise(rng, y1 - y0, x1 - x0, rng.uniform(12, 30))
    pigment = wet * bloom + rim
    if not part.backdrop and rng.random() < 0.4:
        pigment *= 1 - _highlight(part, scene.light, x0, y0, x1, y1)
    amount = rng.uniform(0.55, 0.9) * (0.6 if part.backdrop else 1) * strength
    density[y0:y1, x0:x1] += pigment[..., None] * _absorbance(palette.colour(part.colour)) * amount


def _highlight(part: Part, light: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """A soft-edged sliver of untouched paper on the figure's lit side, in the box's coordinates."""
    centre = part.centre + light * part.radius * 0.45
    ys = (np.arange(y0, y1, dtype=np.float32)[:, None] - centre[1]) * 1.6
    xs = np.arange(x0, x1, dtype=np.float32)[None, :] - centre[0]
    return np.clip(1.5 - np.hypot(xs, ys) / (part.radius * 0.2), 0, 1)


def _shadow_wash(scene: Scene, palette: Palette, rng: np.random.Generator) -> np.ndarray:
    """A pale blue-grey pool under the subject, the only ground a vignette has."""
    bottom = max(part.points[:, 1].max() for part in scene.figures)
    left = min(part.points[:, 0].min() for part in scene.figures)
    right = max(part.points[:, 0].max() for part in scene.figures)
    mask = Image.new("L", (scene.width, scene.height), 0)
    ImageDraw.Draw(mask).ellipse([left - 10, bottom - 8, right + 10, bottom + 10], fill=255)
    wet = np.asarray(mask.filter(ImageFilter.GaussianBlur(4)), dtype=np.float32)[..., None] / 255
    return wet * _absorbance(palette.colour(7) * 0.3 + 160) * rng.uniform(0.8, 1.4)


def _margin(rng: np.random.Generator, scene: Scene, style: str) -> np.ndarray:
    """1 where the brush reached, 0 in an irregular white border it never touched."""
    if style == "vignette":
        return np.ones((scene.height, scene.width), np.float32)
    ys = np.linspace(-1, 1, scene.height, dtype=np.float32)[:, None]
    xs = np.linspace(-1, 1, scene.width, dtype=np.float32)[None, :]
    reach = rng.uniform(0.86, 0.95) + 0.08 * (value_noise(rng, scene.height, scene.width, 25) - 0.5)
    edge = np.maximum(np.abs(xs), np.abs(ys))
    return np.clip((reach - edge) * 40, 0, 1)
