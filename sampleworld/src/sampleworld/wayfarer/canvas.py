"""Raster primitives every medium shares: noise, anti-aliased masks, blurs, and the final image.

All pixels are float32 in [0, 1], shaped (h, w) for a single channel and (3, h, w) for colour:
colour planes rather than interleaved pixels, because numpy broadcasts a (h, w) mask or a
(3, 1, 1) colour over planes many times faster than over a trailing axis of length 3. A
medium combines its marks with plain numpy arithmetic and only becomes a PIL image at the
very end. Drawing itself is delegated to Pillow (C speed) on a supersampled canvas, which is
what gives crisp anti-aliased edges without per-pixel Python loops.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage

Points = np.ndarray  # (n, 2) float array of x, y pixel coordinates


def unit(w: int, h: int) -> float:
    """Scale of marks relative to a 600 px picture, so a stroke looks alike at any size."""
    return max(min(w, h), 120) / 600


def noise(rng: np.random.Generator, h: int, w: int, cell: float, octaves: int = 1) -> np.ndarray:
    """Smooth value noise with zero mean and unit spread whose blobs are about `cell` px wide.

    A coarse random grid is upsampled bicubically by Pillow, which is far cheaper than any
    Perlin implementation in numpy and looks the same once it is used as a texture. Octaves
    are summed on the finest octave's small grid, so only one full-size resize is paid.
    """
    cells = [max(1.0, cell / 2 ** k) for k in range(octaves)]
    fine = (max(2, round(w / cells[-1]) + 2), max(2, round(h / cells[-1]) + 2))
    total = np.zeros(fine[::-1], np.float32)
    for k, c in enumerate(cells):
        grid = rng.random((max(2, round(h / c) + 2), max(2, round(w / c) + 2)), dtype=np.float32)
        if grid.shape != total.shape:
            grid = np.asarray(Image.fromarray(grid).resize(fine, Image.Resampling.BICUBIC))
        total += np.float32(0.5 ** k) * grid
    total = np.asarray(Image.fromarray(total).resize((w, h), Image.Resampling.BICUBIC))
    return (total - total.mean()) / (total.std() + 1e-6)


def grain(rng: np.random.Generator, h: int, w: int, spread: float = 0.0) -> np.ndarray:
    """Pixel-scale random texture (the tooth of paper), standardised like `noise`."""
    field = rng.random((h, w), dtype=np.float32)
    field -= np.float32(0.5)
    if spread > 0:
        field = ndimage.gaussian_filter(field, spread)
    field /= field.std() + 1e-6
    return field


def blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of a (h, w) array that stays cheap for wide kernels."""
    if sigma <= 0:
        return a
    if sigma <= 4 or min(a.shape) < 64:
        return ndimage.gaussian_filter(a, sigma, mode="nearest", truncate=3.0)
    factor = int(sigma / 2)
    h, w = a.shape
    small = Image.fromarray(np.ascontiguousarray(a, np.float32)).reduce(factor)
    small = ndimage.gaussian_filter(np.asarray(small), sigma / factor, mode="nearest")
    return np.asarray(Image.fromarray(small).resize((w, h), Image.Resampling.BILINEAR))


def soften(rgb: np.ndarray, sigma: float) -> np.ndarray:
    """Blur colour planes through Pillow (8-bit, but many times faster than scipy)."""
    if sigma <= 0:
        return rgb
    image = to_image(rgb)
    factor = int(sigma / 1.5)
    if factor >= 2:  # wide blurs: blur a shrunken copy and stretch it back
        w, h = image.size
        small = image.reduce(factor).filter(ImageFilter.GaussianBlur(sigma / factor))
        return from_image(small.resize((w, h), Image.Resampling.BICUBIC))
    return from_image(image.filter(ImageFilter.GaussianBlur(sigma)))


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """Hermite ramp from 0 at e0 to 1 at e1: soft thresholds for marks and edges."""
    t = np.subtract(x, e0, dtype=np.float32)
    t *= np.float32(1.0 / (e1 - e0))
    np.clip(t, 0.0, 1.0, out=t)
    return t * t * (3 - 2 * t)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of colour planes."""
    return rgb[0] * np.float32(0.2126) + rgb[1] * np.float32(0.7152) + rgb[2] * np.float32(0.0722)


def col(colour) -> np.ndarray:
    """A colour as a (3, 1, 1) array, ready to broadcast over planes."""
    return np.asarray(colour, np.float32).reshape(3, 1, 1)


def fill(h: int, w: int, colour) -> np.ndarray:
    """Colour planes of one colour."""
    out = np.empty((3, h, w), np.float32)
    for plane, value in zip(out, np.asarray(colour, np.float32)):
        plane.fill(value)
    return out


def over(base: np.ndarray, ink, cover: np.ndarray) -> np.ndarray:
    """Lay `ink` (a colour or planes) over `base` planes with coverage `cover` (h, w)."""
    return base + (ink - base) * cover


def to_image(rgb: np.ndarray) -> Image.Image:
    """Quantise colour planes to an 8-bit PIL image."""
    planes = []
    for plane in rgb:
        v = np.multiply(plane, np.float32(255))
        v += np.float32(0.5)
        planes.append(Image.fromarray(np.clip(v, 0, 255, out=v).astype(np.uint8), "L"))
    return Image.merge("RGB", planes)


def from_image(image: Image.Image) -> np.ndarray:
    """Float array of a PIL image: L -> (h, w), RGB -> colour planes (3, h, w)."""
    if image.mode == "L":
        return np.asarray(image, np.float32) / np.float32(255)
    return np.stack([np.asarray(band, np.float32) for band in image.split()]) / np.float32(255)


class Pad:
    """A supersampled Pillow canvas: draw in output pixels, read back anti-aliased.

    Coordinates and widths are given at output scale and multiplied by the supersampling
    factor here, so callers never think about the factor.
    """

    def __init__(self, w: int, h: int, background, mode: str = "RGB", ss: int = 3):
        self.w, self.h, self.ss, self.mode = w, h, ss, mode
        self.image = Image.new(mode, (w * ss, h * ss), _ink(background, mode))
        self.draw = ImageDraw.Draw(self.image)

    @classmethod
    def over(cls, rgb: np.ndarray, ss: int = 3) -> Pad:
        """A pad that starts from the colour planes `rgb`, to draw more on top of them."""
        h, w = rgb.shape[1:]
        pad = cls(w, h, (0, 0, 0), "RGB", ss)
        pad.image = to_image(rgb).resize(pad.image.size, Image.Resampling.NEAREST)
        pad.draw = ImageDraw.Draw(pad.image)
        return pad

    def _xy(self, pts: Points) -> list[float]:
        return (np.asarray(pts, np.float64) * self.ss).ravel().tolist()

    def polygon(self, pts: Points, colour) -> None:
        """Fill a polygon."""
        if len(pts) >= 3:
            self.draw.polygon(self._xy(pts), fill=_ink(colour, self.mode))

    def line(self, pts: Points, colour, width: float, closed: bool = False) -> None:
        """Stroke a polyline `width` px wide with round joins and caps."""
        pts = np.asarray(pts, np.float64)
        if closed:
            pts = np.vstack([pts, pts[:1]])
        if len(pts) >= 2:
            ink = _ink(colour, self.mode)
            wpx = max(1, round(width * self.ss))
            self.draw.line(self._xy(pts), fill=ink, width=wpx, joint="curve")
            if wpx > 2:  # round caps, which Pillow does not draw
                r = wpx / 2
                for x, y in (pts[0] * self.ss, pts[-1] * self.ss):
                    self.draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, colour) -> None:
        """Fill an axis-aligned ellipse."""
        s = self.ss
        self.draw.ellipse(((cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s),
                          fill=_ink(colour, self.mode))

    def pil(self) -> Image.Image:
        """The drawing at output size, each pixel the mean of its subpixels."""
        return self.image.reduce(self.ss) if self.ss > 1 else self.image

    def array(self) -> np.ndarray:
        """The drawing as floats: (h, w) coverage for L, colour planes for RGB."""
        return from_image(self.pil())


def _ink(colour, mode: str):
    """Pillow fill value for a float colour (a scalar for L, a triple for RGB)."""
    if mode == "L":
        return int(min(max(float(colour), 0.0), 1.0) * 255 + 0.5)
    return tuple(int(min(max(float(c), 0.0), 1.0) * 255 + 0.5) for c in colour)
