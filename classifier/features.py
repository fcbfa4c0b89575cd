"""Interpretable features of a picture: numbers a person can check by eye (how much paper
shows, how regular the dots are, how smooth the shading is). Two models read them: the
run's feature model (`classifier.feature_model`), which learns the media from them beside
the CNN, and the explain surrogate, which learns the CNN's decisions from them.

Each feature is one small function of a `Picture`, registered under its readable name;
its docstring says how it is computed. Everything is vectorised numpy/scipy, in floats 0..1.
This is the definition; `classifier.feature_kernels` computes the same numbers for a batch
at a quarter of the cost, and a test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import scipy.fft
from PIL import Image
from scipy import ndimage

from storage.image_store import open_address

FEATURE_VERSION = 2  # bump when a definition changes: cached values are then recomputed
EDGE = 0.1  # Sobel magnitude (grey levels per pixel) above which a pixel is on an edge
GENTLE = (0.002, 0.05)  # magnitudes of a smooth gradient: neither flat nor an edge
FLAT = 0.02  # local standard deviation below which a region is flat
LOCAL_WINDOW = 5  # pixels, side of the window for local statistics
STRAIGHT = 0.8  # orientation coherence above which an edge pixel lies on a straight line
COHERENCE_SIGMA = 2.0  # pixels, smoothing of the structure tensor
PAPER_VALUE, PAPER_SATURATION, INK_VALUE = 0.9, 0.1, 0.2
GREY_SPREAD = 0.08  # max-min of R, G, B below which a pixel is grey
INK_GREY = 0.5  # grey level below which a pixel is ink, for stroke width
COLOUR_LEVELS = 8  # per channel, when counting dominant colours
DOMINANT_SHARE = 0.9  # dominant colours are the fewest that cover this share of pixels
PEAKS = 8  # strongest frequencies counted by periodicity
FINE_PERIOD = 16  # pixels: periodicity looks at patterns no coarser than this
HIGH_FREQUENCY = 0.25  # cycles per pixel above which spectral energy counts as fine detail


class Picture:
    """An RGB picture (float32, 0..1) and the arrays that several features share."""

    def __init__(self, rgb: np.ndarray):
        self.rgb = np.asarray(rgb, dtype=np.float32)

    @classmethod
    def open(cls, path: str | Path) -> "Picture":
        with Image.open(open_address(path)) as image:
            return cls(np.asarray(image.convert("RGB"), dtype=np.float32) / 255)

    @cached_property
    def planes(self) -> np.ndarray:
        """R, G and B as three contiguous planes (reductions over them are fast)."""
        return np.ascontiguousarray(np.moveaxis(self.rgb, -1, 0))

    @cached_property
    def grey(self) -> np.ndarray:
        """ITU-R BT.601 luma."""
        r, g, b = self.planes
        return np.float32(0.299) * r + np.float32(0.587) * g + np.float32(0.114) * b

    @cached_property
    def value(self) -> np.ndarray:
        """HSV value: the brightest channel."""
        return np.maximum(np.maximum(self.planes[0], self.planes[1]), self.planes[2])

    @cached_property
    def channel_spread(self) -> np.ndarray:
        """Brightest minus darkest channel."""
        return self.value - np.minimum(np.minimum(self.planes[0], self.planes[1]), self.planes[2])

    @cached_property
    def saturation(self) -> np.ndarray:
        """HSV saturation: the channel spread relative to the value (0 for black)."""
        return self.channel_spread / np.where(self.value > 0, self.value, 1)

    @cached_property
    def chroma(self) -> np.ndarray:
        """Each pixel's point on the hue plane (alpha, beta): its direction is the hue, its
        length how colourful the pixel is (0 for greys)."""
        r, g, b = self.planes
        return np.stack([r - (g + b) / 2, np.float32(np.sqrt(3) / 2) * (g - b)])

    @cached_property
    def gradient(self) -> np.ndarray:
        """Sobel magnitude in grey levels per pixel (a unit step gives 0.5 on each side)."""
        gx = ndimage.sobel(self.grey, axis=1, mode="nearest") / 8
        gy = ndimage.sobel(self.grey, axis=0, mode="nearest") / 8
        return np.stack([gx, gy])

    @cached_property
    def magnitude(self) -> np.ndarray:
        return np.hypot(*self.gradient)

    @cached_property
    def edges(self) -> np.ndarray:
        return self.magnitude > EDGE

    @cached_property
    def local_std(self) -> np.ndarray:
        mean = ndimage.uniform_filter(self.grey, LOCAL_WINDOW, mode="nearest")
        square = ndimage.uniform_filter(self.grey**2, LOCAL_WINDOW, mode="nearest")
        return np.sqrt(np.clip(square - mean**2, 0, None))

    @cached_property
    def power(self) -> np.ndarray:
        """Power spectrum of the grey image without its mean (DC is then zero), in single
        precision as the picture is (a third of numpy's double-precision FFT time)."""
        spectrum = scipy.fft.fft2(self.grey - self.grey.mean())
        return spectrum.real**2 + spectrum.imag**2

    @property
    def frequency(self) -> np.ndarray:
        """Radial frequency of each spectrum bin, in cycles per pixel (0 .. 0.71)."""
        return _radial_frequency(self.grey.shape)


@lru_cache(maxsize=8)
def _radial_frequency(shape: tuple[int, int]) -> np.ndarray:
    """The same for every picture of a size: computed once per size (a batch shares one)."""
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    frequency = np.hypot(fy, fx)
    frequency.flags.writeable = False
    return frequency


FEATURES: dict[str, Callable[[Picture], float]] = {}


def feature(function: Callable[[Picture], float]) -> Callable[[Picture], float]:
    """Register a feature under its readable name: the function's name with spaces."""
    FEATURES[function.__name__.replace("_", " ")] = function
    return function


def _share(mask: np.ndarray) -> float:
    return float(mask.mean())


# colour

@feature
def mean_saturation(p: Picture) -> float:
    """Mean HSV saturation: 0 for greys, 1 for pure colours."""
    return float(p.saturation.mean())


@feature
def saturation_spread(p: Picture) -> float:
    """Standard deviation of HSV saturation: flat fills are narrow, washes and shading wide."""
    return float(p.saturation.std())


@feature
def mean_brightness(p: Picture) -> float:
    """Mean HSV value (the brightest channel): dark, moody pictures are low."""
    return float(p.value.mean())


@feature
def hue_spread(p: Picture) -> float:
    """Circular spread of hue, weighted by how colourful each pixel is: 1 minus the length
    of the mean hue-plane vector over the mean vector length (0 for one hue or none, near
    1 for many hues)."""
    lengths = np.hypot(*p.chroma).sum()
    if lengths == 0:
        return 0.0
    return float(1 - np.hypot(*p.chroma.sum(axis=(1, 2))) / lengths)


@feature
def colourfulness(p: Picture) -> float:
    """Hasler and Süsstrunk's colourfulness (2003) on 0..1 RGB: spread plus 0.3 times the
    mean of the opponent channels R-G and (R+G)/2-B."""
    r, g, b = p.planes
    rg, yb = r - g, (r + g) / 2 - b
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


@feature
def dominant_colours(p: Picture) -> float:
    """The fewest colours (RGB cut into 8 levels a channel) that cover 90% of the pixels:
    1 for a flat picture, few for vector art, many for paintings and renders."""
    levels = np.minimum((p.planes * COLOUR_LEVELS).astype(np.intp), COLOUR_LEVELS - 1)
    codes = (levels[0] * COLOUR_LEVELS + levels[1]) * COLOUR_LEVELS + levels[2]
    counts = np.sort(np.bincount(codes.ravel()))[::-1]
    return float(np.searchsorted(np.cumsum(counts), DOMINANT_SHARE * codes.size) + 1)


@feature
def paper_white_share(p: Picture) -> float:
    """Share of near-white paper: HSV value above 0.9 and saturation below 0.1."""
    return _share((p.value > PAPER_VALUE) & (p.saturation < PAPER_SATURATION))


@feature
def ink_black_share(p: Picture) -> float:
    """Share of near-black ink: HSV value below 0.2."""
    return _share(p.value < INK_VALUE)


# edges and lines

@feature
def edge_density(p: Picture) -> float:
    """Share of pixels on an edge: Sobel gradient magnitude above 0.1 grey levels a pixel
    (a one-pixel line on white lights the two columns beside it)."""
    return _share(p.edges)


@feature
def edge_sharpness(p: Picture) -> float:
    """Mean gradient magnitude on edge pixels: crisp outlines are high, bleeding
    watercolour edges low; 0 without edges."""
    return float(p.magnitude[p.edges].mean()) if p.edges.any() else 0.0


@feature
def straight_line_share(p: Picture) -> float:
    """Share of edge pixels whose neighbourhood has one orientation: the structure
    tensor's coherence ((l1-l2)/(l1+l2), smoothed over sigma 2 px) above 0.8."""
    if not p.edges.any():
        return 0.0
    gx, gy = p.gradient
    jxx, jyy, jxy = (ndimage.gaussian_filter(a, COHERENCE_SIGMA, mode="nearest") for a in (gx * gx, gy * gy, gx * gy))
    trace = jxx + jyy
    coherence = np.hypot(jxx - jyy, 2 * jxy) / np.where(trace > 0, trace, 1)
    return _share(coherence[p.edges] > STRAIGHT)


@feature
def stroke_width(p: Picture) -> float:
    """Typical width of dark strokes in pixels: ink pixels (grey below 0.5) per pixel of
    stroke length, taking the length as half the edge pixels; 0 without edges."""
    edges = int(p.edges.sum())
    return float((p.grey < INK_GREY).sum() / (edges / 2)) if edges else 0.0


# texture

@feature
def local_variance(p: Picture) -> float:
    """Mean standard deviation of grey in 5 x 5 windows: grain, brush marks, hatching."""
    return float(p.local_std.mean())


@feature
def high_frequency_energy(p: Picture) -> float:
    """Share of the spectral energy (mean removed) above 0.25 cycles per pixel: fine
    detail such as paper grain and noise; 0 for a flat picture."""
    total = p.power.sum()
    return float(p.power[p.frequency > HIGH_FREQUENCY].sum() / total) if total > 0 else 0.0


@feature
def entropy(p: Picture) -> float:
    """Shannon entropy in bits of the 256-level grey histogram: 0 for one grey, 8 at most."""
    counts = np.bincount(np.round(p.grey * 255).astype(np.int64).ravel(), minlength=256)
    probabilities = counts[counts > 0] / counts.sum()
    return float(-(probabilities * np.log2(probabilities)).sum())


@feature
def periodicity(p: Picture) -> float:
    """Share of the spectral energy (mean removed) in the 8 strongest frequencies with a
    period of at most 16 pixels: near 1 for halftone dots or regular hatching, near 0
    for smooth or irregular pictures."""
    total = p.power.sum()
    if total == 0:
        return 0.0
    fine = p.power[p.frequency >= 1 / FINE_PERIOD]
    peaks = np.partition(fine, -PEAKS)[-PEAKS:] if fine.size > PEAKS else fine
    return float(peaks.sum() / total)


# tone

@feature
def grey_share(p: Picture) -> float:
    """Share of grey pixels, whose R, G and B differ by less than 0.08: greyscale-ness."""
    return _share(p.channel_spread < GREY_SPREAD)


@feature
def contrast(p: Picture) -> float:
    """RMS contrast: the standard deviation of grey."""
    return float(p.grey.std())


@feature
def flat_region_share(p: Picture) -> float:
    """Share of pixels in flat regions: grey standard deviation below 0.02 in 5 x 5."""
    return _share(p.local_std < FLAT)


# gradients

@feature
def smooth_gradient_share(p: Picture) -> float:
    """Share of pixels on gentle slopes (gradient 0.002..0.05 grey levels a pixel): smooth
    shading of renders and washes, neither flat fill nor edge."""
    low, high = GENTLE
    return _share((p.magnitude > low) & (p.magnitude <= high))


FEATURE_NAMES = list(FEATURES)


def picture_features(picture: Picture) -> np.ndarray:
    """Every feature of one picture, in `FEATURE_NAMES` order."""
    return np.array([function(picture) for function in FEATURES.values()], dtype=np.float64)


def describe(name: str) -> str:
    """A feature's docstring as one line, for the report."""
    return " ".join(FEATURES[name].__doc__.split())
