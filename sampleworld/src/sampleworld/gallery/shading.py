"""Light on a subject, worked out on a coarse grid: tone (for drawing media) and colour (for paint).

Tone and colour vary slowly, so they are computed every `step` pixels and resized back; crisp edges
come later from the full-resolution fields, which keeps every medium inside its time budget.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from .fields import coverage, relief
from .subjects import Part


def upsample(small: np.ndarray, w: int, h: int) -> np.ndarray:
    """Bilinear resize of a 2-D or H x W x C float array to w x h."""
    if small.ndim == 2:
        return np.asarray(Image.fromarray(small.astype(np.float32), mode="F").resize((w, h), Image.BILINEAR))
    return np.stack([upsample(small[..., c], w, h) for c in range(small.shape[2])], axis=-1)


def coarse(d: np.ndarray, step: int) -> np.ndarray:
    """The field sampled every `step` pixels, rescaled so distances stay in coarse-pixel units."""
    h, w = d.shape
    return d[min(step // 2, h - 1)::step, min(step // 2, w - 1)::step] / step


def tone_map(parts: list[Part], tones: dict[str, tuple[float, float]], light=(-0.6, -0.7), step: int = 3,
             radius: float = 40.0) -> np.ndarray:
    """Darkness 0..1 per pixel: each part's base darkness plus modelling where it turns from the light."""
    h, w = parts[0].d.shape
    out = None
    for part in parts:
        base, model = tones.get(part.role, (0.3, 0.4))
        small = coarse(part.d, step)
        cover = coverage(small, 1.0)
        value = base + model * (1 - relief(small, radius / step, light)) if model else base
        out = cover * value if out is None else out * (1 - cover) + cover * value
    return np.clip(upsample(out, w, h), 0, 1)


def colour_map(parts: list[Part], colours: dict[str, np.ndarray], background: np.ndarray, light=(-0.6, -0.7),
               step: int = 2, radius: float = 50.0, modelling: float = 0.6, soft: float = 1.0) -> np.ndarray:
    """RGB per pixel: parts filled with their role's colour, shaded toward dark on the side away from light."""
    h, w = parts[0].d.shape
    hs, ws = coarse(parts[0].d, step).shape
    background = np.asarray(background, np.float32)
    if background.ndim == 3:  # a painted ground (a sky ramp): resample it to the coarse grid
        rows = np.linspace(0, background.shape[0] - 1, hs).astype(int)
        cols = np.linspace(0, background.shape[1] - 1, ws).astype(int)
        background = background[rows][:, cols]
    out = np.broadcast_to(background, (hs, ws, 3)).copy()
    for part in parts:
        small = coarse(part.d, step)
        cover = coverage(small, soft)[..., None]
        colour = np.asarray(colours[part.role], np.float32)
        if modelling and part.role not in ("sky", "ground", "far"):
            shade = relief(small, radius / step, light)[..., None]
            colour = colour * (1 - modelling + modelling * shade) + 0.15 * modelling * shade ** 8
        out = out * (1 - cover) + cover * colour
    return upsample(out, w, h)
