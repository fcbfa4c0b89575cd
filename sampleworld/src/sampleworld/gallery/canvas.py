"""The float RGB canvas every medium paints on, with compositing limited to where paint lands."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from .fields import coverage
from .palettes import to_image_array


def blank(h: int, w: int, colour) -> np.ndarray:
    return np.broadcast_to(np.asarray(colour, np.float32), (h, w, 3)).copy()


def _extent(alpha: np.ndarray):
    """Row and column slices that hold all non-zero alpha (None when nothing lands)."""
    rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
    if rows.size == 0:
        return None
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def _where(alpha: np.ndarray, cut: float):
    """Index for the pixels paint touches: a boolean mask when they are sparse (lines, dots), else a box."""
    touched = alpha > cut
    if np.count_nonzero(touched) < alpha.size * 0.25:
        return touched if touched.any() else None
    return _extent(touched)


def _mix(img, where, alpha, colour, multiply):
    a = alpha[where][..., None]
    c = colour[where] if np.ndim(colour) == 3 else np.asarray(colour, np.float32)
    sub = img[where]
    if multiply:
        img[where] = sub * (1 - a * (1 - c))
    else:
        img[where] = sub + (c - sub) * a
    return img


def over(img: np.ndarray, alpha: np.ndarray, colour) -> np.ndarray:
    """Opaque paint of `colour` (RGB or per-pixel RGB) laid over with coverage `alpha`."""
    where = _where(alpha, 0)
    return img if where is None else _mix(img, where, alpha, colour, False)


def fill(img: np.ndarray, d: np.ndarray, colour, soft: float = 1.0, opacity: float = 1.0) -> np.ndarray:
    """Flat fill of a distance field's inside with anti-aliased edges."""
    return over(img, coverage(d, soft) * opacity, colour)


def glaze(img: np.ndarray, alpha: np.ndarray, colour) -> np.ndarray:
    """Transparent pigment: multiplies what is below, so layers darken like real glazes."""
    where = _where(alpha, 0.002)
    return img if where is None else _mix(img, where, alpha, colour, True)


def gradient(h: int, w: int, c0, c1, angle: float = math.pi / 2, steps: int = 0) -> np.ndarray:
    """A linear ramp from c0 to c1 across the image along `angle`; `steps` > 0 bands it like print."""
    x, y = np.arange(w, dtype=np.float32)[None, :], np.arange(h, dtype=np.float32)[:, None]
    u = x * math.cos(angle) + y * math.sin(angle)
    corners = [0, w * math.cos(angle), h * math.sin(angle), w * math.cos(angle) + h * math.sin(angle)]
    t = (u - min(corners)) / max(max(corners) - min(corners), 1e-3)
    if steps:
        t = np.floor(t * steps) / max(steps - 1, 1)
    t = np.clip(t, 0, 1)[..., None]
    return np.asarray(c0, np.float32) * (1 - t) + np.asarray(c1, np.float32) * t


def ink(img: np.ndarray, amount: np.ndarray, colour) -> np.ndarray:
    """Paper darkened toward an ink or graphite colour by `amount` (in place, like `over`)."""
    return over(img, np.clip(amount, 0, 1), colour)


def to_image(img: np.ndarray) -> Image.Image:
    return Image.fromarray(to_image_array(img), mode="RGB")
