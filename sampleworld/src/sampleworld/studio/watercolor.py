"""Watercolour: transparent washes glazed over white paper that shows through, with granulating
pigment, dark dried edges, blooms, wet-in-wet bleeds and white left unpainted."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import moods, paper, subjects
from .tools import blur, hsv, noise, to_array, to_image

STYLES = {
    "studio_wet_landscape": "wet-in-wet landscape with a taped white margin: bled sky, layered hill washes with "
                            "hard dried edges, blot trees, unpainted clouds",
    "studio_botanical_wash": "loose botanical watercolour on white: glazed transparent petals and leaves, "
                             "blooms and backruns, most of the sheet left bare",
    "studio_line_and_wash": "urban sketch in line and wash: thin brown pen lines of houses and trees with "
                            "washes spilling past them and fading out at the edges",
}


class Washes:
    """Transparent glazes accumulated as transmitted light at a third of the size, where wet edges are cheap."""

    def __init__(self, width: int, height: int, rng: np.random.Generator):
        self.rng = rng
        self.width, self.height = width, height
        self.w, self.h = max(2, width // 3), max(2, height // 3)
        self.light = np.ones((self.h, self.w, 3), dtype=np.float32)
        self.unit = max(0.7, min(self.w, self.h) / 100)
        self.fields = {cell: noise(rng, 2 * self.h, 2 * self.w, self.unit * cell) for cell in (4, 15, 30)}

    def field(self, cell: int) -> np.ndarray:
        """A window of a shared noise field, placed anew for every use (cheaper than fresh noise, as uneven)."""
        dy, dx = int(self.rng.integers(0, self.h)), int(self.rng.integers(0, self.w))
        return self.fields[cell][dy:dy + self.h, dx:dx + self.w]

    def shape(self, polygons) -> np.ndarray:
        image = Image.new("L", (self.w, self.h), 0)
        draw = ImageDraw.Draw(image)
        for points in polygons:
            draw.polygon([(x * self.w / self.width, y * self.h / self.height) for x, y in points], fill=255)
        return to_array(image)

    def wash(self, area: np.ndarray, colour: np.ndarray, strength: float, wet: float = 1.0) -> None:
        """Lay one glaze: ragged spread, pigment pooled in the dried edge, uneven density, maybe a bloom."""
        spread = blur(area, self.unit * wet * 2)
        ragged = spread + (self.field(4 if wet < 1.5 else 15) - 0.5) * 0.35
        alpha = np.clip((ragged - 0.3) * 5, 0, 1)
        edge = np.clip(alpha - blur(alpha, self.unit * 1.5), 0, 1)
        alpha = alpha * (0.6 + 0.4 * self.field(15)) + 1.0 * edge
        if self.rng.random() < 0.6:  # a bloom: water pushed back into drying paint leaves a pale ring
            cy, cx = self.rng.integers(0, self.h), self.rng.integers(0, self.w)
            y, x = np.ogrid[:self.h, :self.w]
            r = np.sqrt((y - cy) ** 2 + (x - cx) ** 2) / (self.unit * self.rng.uniform(8, 20))
            r = r * (0.85 + 0.3 * self.field(4))
            alpha = alpha * np.where(r < 1, 0.45, 1) + (np.abs(r - 1) < 0.08) * alpha * 0.8
        absorbed = 1 - np.clip(alpha * strength, 0, 1.5)[..., None] * (1 - colour)[None, None] * 0.7
        self.light *= np.clip(absorbed, 0, 1)

    def finish(self, base: np.ndarray, grain: np.ndarray, lines: np.ndarray | None = None) -> np.ndarray:
        up = np.stack([np.asarray(Image.fromarray(self.light[..., c]).resize((self.width, self.height),
                                                                            Image.BILINEAR)) for c in range(3)], -1)
        dark = (1 - up) * (0.7 + 0.6 * grain[..., None])  # pigment settles in the paper's pits
        out = base * (1 - dark)
        if lines is not None:
            out = out * (1 - lines[..., None] * 0.75) + np.array([0.25, 0.18, 0.12]) * lines[..., None] * 0.75
        return out


def _colour(mood, rng, hue=None):
    spec = moods.mood(mood)
    if hue is None:
        return moods.colours(mood, rng, 1)[0]
    return hsv(hue, spec.saturation[1], spec.value[1])


def _landscape(washes, mood, rng, w, h):
    spec = moods.mood(mood)
    margin = 0.06
    y = np.linspace(0, 1, washes.h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, washes.w, dtype=np.float32)[None]
    inside = ((x > margin) & (x < 1 - margin) & (y > margin) & (y < 1 - margin)).astype(np.float32)
    clouds = washes.field(30) < (0.45 if spec.shadow < 0.5 else 0.3)
    sky_area = inside * (y < 0.62) * np.where(clouds, 0.0, 1.0)
    washes.wash(sky_area, hsv(*spec.sky[0]), 0.7 + 0.6 * spec.shadow, wet=3.0)
    washes.wash(inside * (y < 0.62) * (y > 0.35) * 1.0, hsv(*spec.sky[1]), 0.5, wet=3.0)
    xs = np.linspace(0, w, 50)
    for i, depth in enumerate((0.5, 0.62, 0.75)):
        ridge = h * (depth - 0.1 * np.abs(np.sin(xs / w * rng.uniform(2, 5) + rng.uniform(0, 6))))
        hill = washes.shape([[(0, h), *zip(xs.tolist(), ridge.tolist()), (w, h)]]) * inside
        washes.wash(hill, _colour(mood, rng), 0.6 + 0.25 * i + spec.shadow * 0.5, wet=1.0)
    trees = subjects.scene(["tree"] * int(rng.integers(2, 5)), w, h, rng, horizon=0.72, scale=0.22)
    washes.wash(washes.shape([p.points for p in trees]) * inside, _colour(mood, rng, 0.3) * 0.6,
                1.2 + spec.shadow, wet=0.7)


def _botanical(washes, mood, rng, w, h):
    spec = moods.mood(mood)
    flowers = [subjects.flower(rng.uniform(0.2, 0.8) * w, rng.uniform(0.65, 0.95) * h,
                               min(w, h) * rng.uniform(0.25, 0.4), rng) for _ in range(int(rng.integers(2, 5)))]
    for group in (flowers[::2], flowers[1::2]):
        petals = [p.points for parts in group for p in parts if p.role == "petal"]
        if petals:
            colour = _colour(mood, rng)
            washes.wash(washes.shape(petals[::2]), colour, 0.9 + spec.shadow * 0.6, wet=0.8)
            washes.wash(washes.shape(petals[1::2]), colour, 0.7 + spec.shadow * 0.6, wet=0.8)  # glazed overlaps
    everything = [p for parts in flowers for p in parts]
    washes.wash(washes.shape([p.points for p in everything if p.role == "stem"]), hsv(0.3, 0.55, 0.6), 1.0, wet=0.6)
    washes.wash(washes.shape([p.points for p in everything if p.role == "centre"]), _colour(mood, rng, 0.1) * 0.7,
                1.2, wet=0.5)
    if spec.shadow > 0.5:  # a dark loose background wash, kept away from the sheet's edges
        y = np.linspace(-1, 1, washes.h, dtype=np.float32)[:, None]
        x = np.linspace(-1, 1, washes.w, dtype=np.float32)[None]
        washes.wash((x * x + y * y < 0.5).astype(np.float32), _colour(mood, rng) * 0.5, 0.6, wet=4.0)


def _line_and_wash(washes, mood, rng, w, h):
    spec = moods.mood(mood)
    names = [("house", "tower", "tree")[int(i)] for i in rng.integers(0, 3, int(rng.integers(3, 6)))]
    parts = subjects.scene(names, w, h, rng, horizon=0.7, scale=0.35)
    y = np.linspace(-1, 1, washes.h, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, washes.w, dtype=np.float32)[None]
    fade = np.clip(1.4 - (x * x + y * y) ** 1.5 - 0.5 * washes.field(30), 0, 1)
    washes.wash(fade * (y < 0.2), hsv(*spec.sky[0]), 0.6 + spec.shadow, wet=3.0)
    for role in ("wall", "roof", "leaf", "trunk", "window"):
        chosen = [p.points + rng.normal(0, min(w, h) * 0.02, 2) for p in parts if p.role == role]
        if chosen:
            washes.wash(washes.shape(chosen) * fade, _colour(mood, rng), 0.8 + spec.shadow * 0.5, wet=0.8)
    image = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(image)
    width = max(1, int(min(w, h) / 400))
    for part in parts:
        ring = part.points + rng.normal(0, 1.0, part.points.shape)
        draw.line([tuple(p) for p in np.concatenate([ring, ring[:1]]).tolist()], fill=255, width=width)
    draw.line([(0, h * 0.8), (w, h * 0.8)], fill=255, width=width)
    return to_array(image)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    relief = paper.tooth(rng, height, width, coarse=2.0)
    base = paper.sheet(rng, height, width, "white", relief)
    washes = Washes(width, height, rng)
    lines = {"studio_wet_landscape": _landscape, "studio_botanical_wash": _botanical,
             "studio_line_and_wash": _line_and_wash}[style](washes, mood, rng, width, height)
    return to_image(washes.finish(base, relief, lines))
