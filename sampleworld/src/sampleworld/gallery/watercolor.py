"""Watercolour as optical density: each wash adds pigment that absorbs light (Beer-Lambert), so layers
glaze darker, paper shows through thin washes and untouched paper stays white. Washes have jagged
dried edges with a pigment rim, wet-in-wet bleeding, blooms, and granulation in the paper's tooth."""

from __future__ import annotations

import numpy as np

from . import layout, noise, palettes, shading, subjects
from .canvas import to_image
from .fields import coverage

STYLES = {
    "gallery_wet_landscape": "a plein-air landscape: wet-in-wet sky, layered hills, ragged unpainted margins",
    "gallery_botanical_glaze": "a botanical study of flowers in crisp overlapping glazes on a lot of white paper",
    "gallery_urban_wash": "a loose urban sketch: misregistered washes over buildings, blooms and splatter",
}

STEP = 2


def _absorb(colour) -> np.ndarray:
    """Pigment as absorption per channel: a wash of density 1 turns white paper into `colour`."""
    return -np.log(np.clip(np.asarray(colour, np.float32), 0.04, 1.0))


class Washes:
    """Optical density accumulated on a coarse grid, finished once at full size."""

    def __init__(self, rng, w, h):
        self.rng, self.w, self.h = rng, w, h
        self.hs, self.ws = -(-h // STEP), -(-w // STEP)
        self.od = np.zeros((self.hs, self.ws, 3), np.float32)
        self.edge_noise = noise.fbm(rng, self.hs, self.ws, max(4.0, min(self.hs, self.ws) / 10), 3) - 0.5
        self.wet = noise.fbm(rng, self.hs, self.ws, max(4.0, min(self.hs, self.ws) / 4), 2)

    def wash(self, d, colour, density=1.0, rim=1.0, ragged=3.0, soft=1.0, offset=(0, 0)):
        """One wash over a field's inside: ragged edge, darker dried rim, uneven wetness."""
        small = shading.coarse(d, STEP)[:self.hs, :self.ws]
        if offset != (0, 0):
            small = np.roll(small, offset, (0, 1))
        jag = small + self.edge_noise[:small.shape[0], :small.shape[1]] * ragged
        alpha = coverage(jag, soft)
        if not alpha.any():
            return
        pooled = alpha * density * (0.55 + 0.7 * self.wet[:small.shape[0], :small.shape[1]])
        pooled = pooled * (1 + rim * np.exp(np.minimum(jag, 0) / 1.5))
        self.od[:small.shape[0], :small.shape[1]] += pooled[..., None] * _absorb(colour)

    def bleed(self, mask, top, bottom, density):
        """Wet-in-wet: two pigments run into each other down a region with soft, wandering borders."""
        t = np.linspace(0, 1, self.hs, dtype=np.float32)[:, None] + (self.wet - 0.5) * 0.6
        t = np.clip(t, 0, 1)[..., None]
        self.od += (mask * density)[..., None] * ((1 - t) * _absorb(top) + t * _absorb(bottom))

    def bloom(self, count, size):
        """Cauliflower blooms: water pushed into a damp wash leaves a pale centre and a dark frill."""
        for _ in range(count):
            cy, cx, r = self.rng.uniform(0, self.hs), self.rng.uniform(0, self.ws), size * self.rng.uniform(0.5, 1.2)
            y, x = np.ogrid[:self.hs, :self.ws]
            ring = (np.sqrt((y - cy) ** 2 + (x - cx) ** 2) - r) / r + self.edge_noise * 0.8
            self.od *= (1 - 0.45 * np.clip(-ring * 4, 0, 1) + 0.5 * np.exp(-(ring * 8) ** 2))[..., None]

    def spare(self, d, amount=0.95):
        """Keep paper white where a highlight is reserved (sun, windows, glints)."""
        small = shading.coarse(d, STEP)[:self.hs, :self.ws]
        self.od[:small.shape[0], :small.shape[1]] *= (1 - amount * coverage(small, 1.0))[..., None]

    def finish(self, paper, margin=None):
        """Upsample, let pigment granulate into the paper's tooth, and print onto the paper."""
        od = shading.upsample(self.od, self.w, self.h)
        tooth = noise.grain(self.rng, self.h, self.w)
        settle = noise.smooth(self.rng, self.h, self.w, 3.0)
        od *= (0.78 + 0.2 * tooth + 0.3 * settle)[..., None]
        if margin is not None:
            od *= margin[..., None]
        img = np.asarray(paper, np.float32) * (1 - 0.05 * (settle - 0.5))[..., None]
        return to_image(img * np.exp(-od))


def _margin(rng, w, h, inset):
    """A ragged unpainted border: paint stops short of the paper edge the way a loose painter leaves it."""
    y, x = np.ogrid[:h, :w]
    edge = np.minimum(np.minimum(x, w - 1 - x), np.minimum(y, h - 1 - y)).astype(np.float32)
    ragged = edge - inset + (noise.smooth(rng, h, w, max(6.0, min(w, h) / 12)) - 0.5) * inset * 1.2
    return np.clip(ragged / max(2.0, inset * 0.15), 0, 1)


def _pigments(mood, rng, n):
    cols = palettes.palette(mood, rng, n, saturation=0.9)
    if mood in ("happy", "peaceful"):
        cols = 0.25 + 0.75 * cols
    return cols


def _landscape(mood, rng, w, h):
    washes = Washes(rng, w, h)
    parts = subjects.make("landscape", rng, h, w, layout.full(w, h))
    top, bottom = palettes.sky(mood, rng)
    fade = np.linspace(0, rng.uniform(1.0, 1.6), washes.hs, dtype=np.float32)[:, None]
    clouds = np.clip((washes.wet - 0.62) * 6, 0, 1)  # paper left bare where clouds would be
    washes.bleed(np.clip(1.1 - fade - washes.edge_noise, 0, 1) * (1 - clouds), top, bottom, 0.8)
    cols = _pigments(mood, rng, len(subjects.ROLES))
    for part, colour in zip(parts, cols):
        if part.role == "light":
            washes.spare(part.d, 0.7)
        elif part.role != "sky":
            washes.wash(part.d, colour, density=rng.uniform(0.6, 1.0), ragged=rng.uniform(1.5, 4))
    washes.bloom(int(rng.integers(0, 3)), min(washes.hs, washes.ws) * 0.12)
    return washes.finish(palettes.paper(mood, rng, "white"), _margin(rng, w, h, min(w, h) * rng.uniform(0.03, 0.1)))


def _botanical(mood, rng, w, h):
    washes = Washes(rng, w, h)
    parts = subjects.make("flowers", rng, h, w, layout.vignette(rng, w, h) if rng.random() < 0.6 else None)
    cols = _pigments(mood, rng, 6)
    role_colour = {"second": cols[0] * 0.6 + [0.1, 0.3, 0.05], "back": cols[1] * 0.5 + [0.1, 0.35, 0.1],
                   "main": cols[2], "accent": cols[3] * 0.6}
    for part in parts:
        colour = np.clip(role_colour[part.role], 0, 1)
        washes.wash(part.d, colour, density=0.55, rim=1.0, ragged=1.0)
        if part.role in ("main", "back"):  # a second, smaller glaze over the shadow side
            shift = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
            washes.wash(part.d + min(w, h) * 0.012, colour, density=0.45, rim=1.2, ragged=1.5, offset=shift)
    return washes.finish(palettes.paper(mood, rng, "white"))


def _urban(mood, rng, w, h):
    washes = Washes(rng, w, h)
    frame = layout.full(w, h) if rng.random() < 0.5 else layout.vignette(rng, w, h)
    parts = subjects.make("buildings", rng, h, w, frame)
    top, bottom = palettes.sky(mood, rng)
    sky_mask = np.clip(1 - np.linspace(0, 1.6, washes.hs, dtype=np.float32)[:, None] - washes.edge_noise, 0, 1)
    washes.bleed(np.broadcast_to(sky_mask, (washes.hs, washes.ws)), top, bottom, 0.7)
    cols = _pigments(mood, rng, 5)
    for i, part in enumerate(parts):
        if part.role == "light":
            washes.spare(part.d, 0.6)
        elif part.role != "sky":
            shift = (int(rng.integers(-4, 5)), int(rng.integers(-4, 5)))
            washes.wash(part.d, cols[i % len(cols)], density=rng.uniform(0.5, 0.9), ragged=4.0, offset=shift)
    washes.bloom(int(rng.integers(1, 4)), min(washes.hs, washes.ws) * 0.1)
    splats = washes.rng.random((washes.hs, washes.ws)) > 0.9985
    washes.od += (splats.astype(np.float32) * 2.5)[..., None] * _absorb(cols[0])
    return washes.finish(palettes.paper(mood, rng, "white"), _margin(rng, w, h, min(w, h) * 0.05))


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_wet_landscape": _landscape, "gallery_botanical_glaze": _botanical, "gallery_urban_wash": _urban}
    return draw[style](mood, rng, w, h)
