"""Array helpers every studio medium shares: smooth noise, cheap blur, colour conversion, masks.

All work on float32 arrays in 0..1 (H x W or H x W x 3) so that media compose by plain arithmetic.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage


def noise(rng: np.random.Generator, height: int, width: int, cell: float) -> np.ndarray:
    """Smooth value noise in 0..1 whose blobs are about `cell` pixels wide (resized random grid)."""
    grid_h, grid_w = max(2, int(height / cell) + 2), max(2, int(width / cell) + 2)
    grid = Image.fromarray(rng.random((grid_h, grid_w), dtype=np.float32))
    return np.asarray(grid.resize((width, height), Image.BICUBIC), dtype=np.float32).clip(0, 1)


def blur(array: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur that stays fast for wide sigmas by blurring a shrunken copy."""
    if sigma < 0.5:
        return array
    step = max(1, int(sigma / 3))
    if step == 1 or min(array.shape[:2]) < 4 * step:
        spread = (sigma, sigma, 0)[: array.ndim]
        return ndimage.gaussian_filter(array, spread, mode="nearest")
    height, width = array.shape[:2]
    small = array[::step, ::step]
    spread = (sigma / step, sigma / step, 0)[: array.ndim]
    small = ndimage.gaussian_filter(small, spread, mode="nearest")
    zoom = (height / small.shape[0], width / small.shape[1], 1)[: array.ndim]
    return ndimage.zoom(small, zoom, order=1, mode="nearest", grid_mode=True)[:height, :width]


def hsv(h: float, s: float, v: float) -> np.ndarray:
    """One RGB colour (0..1) from hue in turns, saturation and value."""
    h = (h % 1.0) * 6
    i, f = int(h), h - int(h)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    return np.array([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i % 6], dtype=np.float32)


def mix(a: np.ndarray, b: np.ndarray, t: np.ndarray | float) -> np.ndarray:
    """Linear blend; `t` may be a mask (H x W) to lay colour `b` over image `a`."""
    t = np.asarray(t, dtype=np.float32)
    if t.ndim == 2 and np.ndim(a) == 3 or t.ndim == 2 and np.ndim(b) == 3:
        t = t[..., None]
    return a + (b - a) * t


def to_array(image: Image.Image, width: int | None = None, height: int | None = None) -> np.ndarray:
    """A PIL mask or image as float 0..1, shrunk (antialiased) to width x height when given."""
    if width and (image.width, image.height) != (width, height):
        image = image.resize((width, height), Image.BOX)
    return np.asarray(image, dtype=np.float32) / 255.0


def to_image(rgb: np.ndarray) -> Image.Image:
    """Float 0..1 RGB to an 8-bit PIL image."""
    return Image.fromarray((np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")
