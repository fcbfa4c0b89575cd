"""The 20 interpretable features (`classifier.features`) of a batch, fast: what the feature
model reads when it trains and predicts.

Why a second implementation: `classifier.features` says what each feature is, one readable
numpy/scipy function at a time, and each of them walks the whole picture again (scipy's
filters, a Gaussian of three arrays among them). That cost about 10 ms a 256 px picture and
made a blended prediction three to four times slower than the CNN alone. Here the same
definitions are two compiled loops over a picture's pixels (numba, which releases the GIL)
and the one FFT (scipy's, as the reference), which compute every feature at once; the
structure tensor's Gaussian is evaluated across the rows only where a pixel is on an edge,
the one place the reference reads it. A test holds each feature equal to the reference
within float tolerance: the filters round to single precision where scipy's do, and sums
run in double precision (the reference's single-precision pairwise sums differ by an ulp).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.fft
from numba import njit

from classifier.features import (
    COHERENCE_SIGMA, COLOUR_LEVELS, DOMINANT_SHARE, EDGE, FEATURE_NAMES, FINE_PERIOD, FLAT, GENTLE, GREY_SPREAD,
    HIGH_FREQUENCY, INK_GREY, INK_VALUE, LOCAL_WINDOW, PAPER_SATURATION, PAPER_VALUE, PEAKS, STRAIGHT,
    _radial_frequency,
)
from storage.cpus import usable_cpus

GAUSSIAN_TRUNCATE = 4.0  # scipy.ndimage.gaussian_filter's default, which the reference uses
F32 = np.float32
# thresholds in single precision, as numpy compares the reference's float32 arrays with them
_EDGE, _FLAT, _STRAIGHT, _INK_GREY, _GREY_SPREAD = F32(EDGE), F32(FLAT), F32(STRAIGHT), F32(INK_GREY), F32(GREY_SPREAD)
_PAPER_VALUE, _PAPER_SATURATION, _INK_VALUE = F32(PAPER_VALUE), F32(PAPER_SATURATION), F32(INK_VALUE)
_GENTLE_LOW, _GENTLE_HIGH = F32(GENTLE[0]), F32(GENTLE[1])
_COLOURS = COLOUR_LEVELS**3


def _gaussian_kernel(sigma: float) -> np.ndarray:
    """scipy.ndimage's: exp(-x²/2σ²) over ±int(4σ + 0.5), normalised, in double precision."""
    radius = int(GAUSSIAN_TRUNCATE * sigma + 0.5)
    weights = np.exp(-0.5 / sigma**2 * np.arange(-radius, radius + 1) ** 2)
    return weights / weights.sum()


_GAUSSIAN = _gaussian_kernel(COHERENCE_SIGMA)


@njit(nogil=True, cache=True)
def _length(x, y):
    """hypot of two singles, rounded to single (exact in double: no overflow to guard)."""
    return np.float32(math.sqrt(np.float64(x) * x + np.float64(y) * y))


@njit(nogil=True, cache=True)
def _edge_padded(plane, radius):
    """The plane with `radius` pixels of border repeated around it (scipy's mode "nearest")."""
    height, width = plane.shape
    padded = np.empty((height + 2 * radius, width + 2 * radius), plane.dtype)
    for i in range(height + 2 * radius):
        source = plane[min(max(i - radius, 0), height - 1)]
        row = padded[i]
        row[radius:radius + width] = source
        row[:radius] = source[0]
        row[radius + width:] = source[width - 1]
    return padded


@njit(nogil=True, cache=True)
def _down_columns(padded, kernel, height, divisor):
    """Correlate each column of an edge-padded plane with the symmetric `kernel` and divide by
    `divisor` (double precision, rounded to single as scipy's 1-D pass, which also pairs the
    taps of a symmetric kernel): height x padded width."""
    width, radius = padded.shape[1], len(kernel) // 2
    out = np.empty((height, width), np.float32)
    row = np.empty(width)
    for i in range(height):
        centre = kernel[radius]
        for j in range(width):
            row[j] = centre * padded[i + radius, j]
        for k in range(1, radius + 1):
            weight = kernel[radius + k]
            for j in range(width):
                row[j] += weight * (np.float64(padded[i + radius - k, j]) + np.float64(padded[i + radius + k, j]))
        for j in range(width):
            out[i, j] = row[j] / divisor
    return out


@njit(nogil=True, cache=True)
def _colour_pass(image, out, paper_value, paper_saturation, ink_value, grey_spread, levels, share):
    """Colour and tone features from each pixel alone; returns the grey picture (BT.601 luma)."""
    height, width = image.shape[0], image.shape[1]
    grey = np.empty((height, width), np.float32)
    colours = np.zeros(levels**3, np.int64)
    greys = np.zeros(256, np.int64)
    scale = np.float32(255)
    half, root = np.float32(0.5), np.float32(math.sqrt(3) / 2)
    w_r, w_g, w_b = np.float32(0.299), np.float32(0.587), np.float32(0.114)
    unit = np.empty(256, np.float32)  # each channel level as the reference divides it: u8 / 255 in single
    level = np.empty(256, np.int64)  # and its colour level, min(int(x * levels), levels - 1)
    for k in range(256):
        unit[k] = np.float32(k) / scale
        level[k] = min(int(unit[k] * np.float32(levels)), levels - 1)
    # sums: sat, sat², value, alpha, beta, |chroma|, rg, rg², yb, yb², paper, ink, grey-ish, g, g²
    s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = s8 = s9 = s13 = s14 = 0.0
    s10 = s11 = s12 = 0
    for i in range(height):
        for j in range(width):
            red, green, blue = image[i, j, 0], image[i, j, 1], image[i, j, 2]
            r, g, b = unit[red], unit[green], unit[blue]
            y = w_r * r + w_g * g + w_b * b
            grey[i, j] = y
            value = max(max(r, g), b)
            spread = value - min(min(r, g), b)
            saturation = spread / (value if value > 0 else np.float32(1))
            alpha, beta = r - (g + b) / np.float32(2), root * (g - b)
            rg, yb = r - g, (r + g) * half - b
            s0 += saturation
            s1 += np.float64(saturation) * saturation
            s2 += value
            s3 += alpha
            s4 += beta
            s5 += _length(alpha, beta)
            s6 += rg
            s7 += np.float64(rg) * rg
            s8 += yb
            s9 += np.float64(yb) * yb
            s10 += (value > paper_value) & (saturation < paper_saturation)
            s11 += value < ink_value
            s12 += spread < grey_spread
            s13 += y
            s14 += np.float64(y) * y
            colours[(level[red] * levels + level[green]) * levels + level[blue]] += 1
            greys[int(np.rint(y * scale))] += 1
    s = np.array([s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14])
    n = height * width
    out[0] = s[0] / n
    out[1] = math.sqrt(max(s[1] / n - out[0] ** 2, 0.0))
    out[2] = s[2] / n
    out[3] = 1 - math.hypot(s[3], s[4]) / s[5] if s[5] > 0 else 0.0
    rg_mean, yb_mean = s[6] / n, s[8] / n
    rg_std = math.sqrt(max(s[7] / n - rg_mean**2, 0.0))
    yb_std = math.sqrt(max(s[9] / n - yb_mean**2, 0.0))
    out[4] = math.hypot(rg_std, yb_std) + 0.3 * math.hypot(rg_mean, yb_mean)
    counts = np.sort(colours)[::-1]
    covered, total, target = 0, 0, share * n
    for count in counts:
        total += count
        if total >= target:
            break
        covered += 1
    out[5] = covered + 1
    out[6] = s[10] / n
    out[7] = s[11] / n
    entropy = 0.0
    for count in greys:
        if count > 0:
            p = count / n
            entropy -= p * math.log2(p)
    out[14] = entropy
    out[16] = s[12] / n
    mean = s[13] / n
    out[17] = math.sqrt(max(s[14] / n - mean**2, 0.0))
    return grey


@njit(nogil=True, cache=True)
def _texture_pass(grey, power, frequency, out, kernel, edge, straight, ink_grey, flat, gentle_low, gentle_high,
                  window, high_frequency, fine_frequency, peaks):
    """Edge, line, texture and spectrum features of the grey picture and its power spectrum.
    Filters as scipy.ndimage computes them: in double precision, rounded to single after
    each 1-D pass, borders repeated ("nearest")."""
    height, width = grey.shape
    radius, half = len(kernel) // 2, window // 2
    # Sobel: the difference along an axis, then 1-2-1 across it, each pass rounded to single
    g = _edge_padded(grey, 1)
    dx = np.empty((height + 2, width), np.float32)
    dy = np.empty((height, width + 2), np.float32)
    for i in range(height + 2):
        for j in range(width):
            dx[i, j] = np.float64(g[i, j + 2]) - np.float64(g[i, j])
    for i in range(height):
        for j in range(width + 2):
            dy[i, j] = np.float64(g[i + 2, j]) - np.float64(g[i, j])
    eighth = np.float32(8)
    products = np.empty((3, height, width), np.float32)
    on_edge = np.zeros((height, width), np.bool_)
    edges_n, magnitudes, ink, smooth = 0, 0.0, 0, 0
    for i in range(height):
        for j in range(width):
            x = np.float32(np.float64(dx[i, j]) + 2.0 * dx[i + 1, j] + dx[i + 2, j]) / eighth
            y = np.float32(np.float64(dy[i, j]) + 2.0 * dy[i, j + 1] + dy[i, j + 2]) / eighth
            products[0, i, j], products[1, i, j], products[2, i, j] = x * x, y * y, x * y
            magnitude = _length(x, y)
            if magnitude > edge:
                on_edge[i, j] = True
                edges_n += 1
                magnitudes += magnitude
            smooth += magnitude > gentle_low and magnitude <= gentle_high
            ink += grey[i, j] < ink_grey
    # structure tensor: the Gaussian down the columns everywhere, across the rows only at the
    # edge pixels, the one place the feature reads it
    # (padded on all sides first: filtering the columns keeps the rows' repeated borders)
    xx = _down_columns(_edge_padded(products[0], radius), kernel, height, 1.0)
    yy = _down_columns(_edge_padded(products[1], radius), kernel, height, 1.0)
    xy = _down_columns(_edge_padded(products[2], radius), kernel, height, 1.0)
    straight_n = 0
    centre = kernel[radius]
    for i in range(height):
        for j in range(width):
            if not on_edge[i, j]:
                continue
            t0, t1, t2 = centre * xx[i, j + radius], centre * yy[i, j + radius], centre * xy[i, j + radius]
            for k in range(1, radius + 1):
                weight, left, right = kernel[radius + k], j + radius - k, j + radius + k
                t0 += weight * (np.float64(xx[i, left]) + xx[i, right])
                t1 += weight * (np.float64(yy[i, left]) + yy[i, right])
                t2 += weight * (np.float64(xy[i, left]) + xy[i, right])
            jxx, jyy, jxy = np.float32(t0), np.float32(t1), np.float32(t2)
            trace = jxx + jyy
            coherence = _length(jxx - jyy, np.float32(2) * jxy)
            straight_n += coherence / (trace if trace > 0 else np.float32(1)) > straight
    # 5 x 5 mean of grey and grey² (uniform_filter: down the columns, then across the rows)
    box = np.full(window, 1.0)
    padded = _edge_padded(grey, half)
    means = _down_columns(padded, box, height, window)
    squares = _down_columns(padded * padded, box, height, window)
    deviation, flat_n = 0.0, 0
    for i in range(height):
        first, second = 0.0, 0.0  # running sums, as scipy's uniform filter keeps them (exact in double)
        for k in range(window - 1):
            first += means[i, k]
            second += squares[i, k]
        for j in range(width):
            first += means[i, j + window - 1]
            second += squares[i, j + window - 1]
            mean, mean_square = np.float32(first / window), np.float32(second / window)
            first -= means[i, j]
            second -= squares[i, j]
            local = np.float32(math.sqrt(max(mean_square - mean * mean, np.float32(0))))
            deviation += local
            flat_n += local < flat
    # spectrum: energy above a frequency, and the strongest fine frequencies
    total_power, high = 0.0, 0.0
    strongest = np.zeros(peaks)  # ascending
    for i in range(height):
        for j in range(width):
            p = np.float64(power[i, j])
            total_power += p
            if frequency[i, j] > high_frequency:
                high += p
            if frequency[i, j] >= fine_frequency and p > strongest[0]:
                k = 0
                while k + 1 < peaks and strongest[k + 1] < p:
                    strongest[k] = strongest[k + 1]
                    k += 1
                strongest[k] = p
    n = height * width
    out[8] = edges_n / n
    out[9] = magnitudes / edges_n if edges_n else 0.0
    out[10] = straight_n / edges_n if edges_n else 0.0
    out[11] = ink / (edges_n / 2) if edges_n else 0.0
    out[12] = deviation / n
    out[13] = high / total_power if total_power > 0 else 0.0
    out[15] = strongest.sum() / total_power if total_power > 0 else 0.0
    out[18] = flat_n / n
    out[19] = smooth / n


_ORDER = ("mean saturation", "saturation spread", "mean brightness", "hue spread", "colourfulness",
          "dominant colours", "paper white share", "ink black share", "edge density", "edge sharpness",
          "straight line share", "stroke width", "local variance", "high frequency energy", "entropy",
          "periodicity", "grey share", "contrast", "flat region share", "smooth gradient share")
_TO_NAMES = np.array([_ORDER.index(name) for name in FEATURE_NAMES])  # the kernels' slots → FEATURE_NAMES


def picture_features_fast(image: np.ndarray) -> np.ndarray:
    """Every feature of one uint8 RGB picture (H x W x 3), in `FEATURE_NAMES` order."""
    out = np.zeros(len(_ORDER))
    grey = _colour_pass(np.ascontiguousarray(image, dtype=np.uint8), out, _PAPER_VALUE, _PAPER_SATURATION,
                        _INK_VALUE, _GREY_SPREAD, COLOUR_LEVELS, DOMINANT_SHARE)
    spectrum = scipy.fft.fft2(grey - grey.mean())  # as the reference: single precision, mean removed
    power = spectrum.real**2 + spectrum.imag**2
    _texture_pass(grey, power, _radial_frequency(grey.shape), out, _GAUSSIAN, _EDGE, _STRAIGHT, _INK_GREY, _FLAT,
                  _GENTLE_LOW, _GENTLE_HIGH, LOCAL_WINDOW, HIGH_FREQUENCY, 1 / FINE_PERIOD, PEAKS)
    return out[_TO_NAMES]


def batch_features(images: np.ndarray, threads: int | None = None) -> np.ndarray:
    """Every feature of each uint8 RGB picture of a batch (N x H x W x 3), as an N x features
    array, one picture per thread (the compiled loops and the FFT release the GIL)."""
    images = np.asarray(images)
    if not len(images):
        return np.zeros((0, len(FEATURE_NAMES)))
    threads = threads or usable_cpus()
    if threads == 1 or len(images) == 1:
        return np.stack([picture_features_fast(image) for image in images])
    with ThreadPoolExecutor(min(threads, len(images))) as pool:
        return np.stack(list(pool.map(picture_features_fast, images)))
