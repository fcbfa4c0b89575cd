"""Pencil sketch: grey graphite on light paper. Strokes vary in pressure, tone is hatched or smudged,
construction lines stay visible, and the paper's tooth breaks every mark. Never black."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from . import moods, paper, subjects
from .tools import blur, noise, to_array, to_image

STYLES = {
    "studio_figure_study": "life-drawing study on white paper: a figure or portrait over light construction "
                           "lines, pressure-varied contours, diagonal hatching",
    "studio_tonal_landscape": "smudged tonal landscape on cream paper: blended graphite masses, erased lights, "
                              "loose directional strokes, unfinished edges",
    "studio_still_life_hatch": "academic still life: vase, fruit and boxes built from cross-hatching by tone, "
                               "ellipse construction and a hatched cast shadow",
}

LEAD = np.array([0.3, 0.3, 0.32], dtype=np.float32)  # burnished graphite grey, the darkest it ever gets


class Sheet:
    """Layers of graphite strokes; layers combine like repeated pencil passes (never past solid lead)."""

    def __init__(self, width: int, height: int, rng: np.random.Generator):
        self.width, self.height, self.rng = width, height, rng
        self.light = Image.new("L", (width, height), 255)  # what paper still shows through
        self.unit = max(1.0, min(width, height) / 300)

    def layer(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        image = Image.new("L", (self.width, self.height), 0)
        return image, ImageDraw.Draw(image)

    def keep(self, image: Image.Image | np.ndarray, clip: Image.Image | np.ndarray | None = None) -> None:
        image, clip = _as_mask(image), None if clip is None else _as_mask(clip)
        if clip is not None:
            image = ImageChops.multiply(image, clip)
        self.light = ImageChops.multiply(self.light, ImageChops.invert(image))

    def line(self, draw, a, b, pressure: float, width: float) -> None:
        """A stroke that starts and ends light and presses in the middle, in three segments."""
        (ax, ay), (bx, by) = a, b
        r = self.rng.random(4).tolist()
        bend = (r[0] - 0.5) * 0.08
        nx, ny = -(by - ay) * bend, (bx - ax) * bend
        points = [(ax, ay), (ax + (bx - ax) * 0.3 + nx, ay + (by - ay) * 0.3 + ny),
                  (ax + (bx - ax) * 0.7 + nx, ay + (by - ay) * 0.7 + ny), (bx, by)]
        width = max(1, int(round(width)))
        for i, k in enumerate((0.55, 1.0, 0.6)):
            value = int(min(1.0, pressure * k * (0.8 + 0.3 * r[i + 1])) * 255)
            draw.line([points[i], points[i + 1]], fill=value, width=width)

    def hatch(self, clip: np.ndarray, angle: float, spacing: float, pressure: float, box=None) -> None:
        image, draw = self.layer()
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        reach = np.hypot(x1 - x0, y1 - y0) / 2
        direction = np.array([np.cos(angle), np.sin(angle)])
        normal = np.array([-direction[1], direction[0]])
        offsets = np.arange(-reach, reach, max(spacing, 1.5))
        count = len(offsets)
        lengths = reach * self.rng.uniform(0.6, 1.0, count)
        mids = (centre + normal * (offsets + self.rng.normal(0, spacing * 0.2, count))[:, None]
                + direction * self.rng.normal(0, reach * 0.2, count)[:, None])
        starts, ends = mids - direction * lengths[:, None], mids + direction * lengths[:, None]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            self.line(draw, start, end, pressure, self.unit)
        self.keep(image, clip)

    def outline(self, part: subjects.Part, pressure: float, width: float, loose: float = 1.0) -> None:
        image, draw = self.layer()
        points = part.points
        for _ in range(2):  # a sketcher goes round twice, never on the same track
            wobble = self.rng.normal(0, loose * self.unit, points.shape)
            ring = np.concatenate([points + wobble, points[:1] + wobble[:1]])
            for i in range(0, len(ring) - 1, 3):
                segment = ring[i:i + 4]
                if len(segment) > 1:
                    self.line(draw, segment[0].tolist(), segment[-1].tolist(), pressure * (0.6 + 0.4 * (i % 7) / 6),
                              width)
        self.keep(image)

    def finish(self, tooth: np.ndarray, base: np.ndarray, weight: float) -> np.ndarray:
        dark = np.clip((1 - to_array(self.light)) * weight, 0, 1)
        bite = np.clip(0.45 + 1.1 * (tooth - 0.5) + dark * 0.5, 0, 1)  # light pressure catches only the peaks
        dark = np.clip(dark * bite, 0, 1)
        return base * (1 - dark[..., None]) + LEAD * dark[..., None]


def _as_mask(values: Image.Image | np.ndarray) -> Image.Image:
    if isinstance(values, Image.Image):
        return values
    return Image.fromarray((np.clip(values, 0, 1) * 255).astype(np.uint8))


def _masks(parts, width, height):
    masks = []
    for part in parts:
        image = Image.new("L", (width, height), 0)
        ImageDraw.Draw(image).polygon(part.flat(), fill=255)
        masks.append(image)
    return masks


def _bounds(part, pad=4):
    x0, y0 = part.points.min(axis=0) - pad
    x1, y1 = part.points.max(axis=0) + pad
    return (x0, y0, x1, y1)


def _figure(sheet, mood, rng, w, h):
    name = ("face", "person", "cat")[int(rng.integers(3))]
    size = min(w * 0.8, h * 0.62) * {"face": 1.0, "person": 0.8, "cat": 0.9}[name]
    parts = subjects.SUBJECTS[name](w * rng.uniform(0.42, 0.58), h * 0.93, size, rng)
    image, draw = sheet.layer()
    for part in parts[:4]:  # construction: long faint axes and ellipses
        x0, y0, x1, y1 = _bounds(part, 0)
        sheet.line(draw, ((x0 + x1) / 2, y0 - size * 0.15), ((x0 + x1) / 2, y1 + size * 0.1), 0.25, 1)
        draw.ellipse([x0, y0, x1, y1], outline=45, width=1)
    sheet.keep(image)
    angle = rng.uniform(0.6, 1.0)
    for part, clip in zip(parts, _masks(parts, w, h), strict=True):
        if part.tone > 0.35:
            sheet.hatch(clip, angle, sheet.unit * (5 - 3 * part.tone), 0.45 + 0.35 * part.tone, _bounds(part))
        sheet.outline(part, 0.75, sheet.unit * rng.uniform(1.2, 2.4), loose=1.5)
    floor = np.zeros((h, w), np.float32)
    floor[int(h * 0.93):] = 0.6
    sheet.hatch(floor, 0.05, sheet.unit * 4, 0.35, (0, h * 0.9, w, h))


def _landscape(sheet, mood, rng, w, h):
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    tones = np.broadcast_to(0.18 * y, (h, w)).copy()
    xs = np.linspace(0, w, 60)
    for depth in (0.55, 0.68, 0.82):
        ridge = h * (depth - 0.12 * np.abs(np.sin(xs / w * rng.uniform(2, 6) + rng.uniform(0, 6))))
        image = Image.new("L", (w, h), 0)
        ImageDraw.Draw(image).polygon([(0, h), *zip(xs.tolist(), ridge.tolist()), (w, h)], fill=255)
        tones = np.maximum(tones, to_array(image) * (0.2 + 0.6 * (depth - 0.5)))
    parts = subjects.scene(["tree", "tree", "house"], w, h, rng, horizon=0.75, scale=0.3)
    for part, clip in zip(parts, _masks(parts, w, h), strict=True):
        tones = np.maximum(tones, to_array(clip) * (0.3 + 0.5 * part.tone))
    smudge = blur(tones, sheet.unit * 4) * (0.85 + 0.3 * rng.random((h, w), dtype=np.float32))
    eraser, draw = sheet.layer()
    for _ in range(int(rng.integers(3, 8))):  # erased lights: a few soft swipes across the masses
        x, yy = rng.uniform(0, w), rng.uniform(h * 0.5, h * 0.95)
        draw.line([(x, yy), (x + rng.uniform(0.1, 0.3) * w, yy + rng.normal(0, 0.03) * h)], fill=255,
                  width=max(2, int(sheet.unit * 3)))
    sheet.keep(np.clip(smudge - blur(to_array(eraser), sheet.unit * 2) * 0.3, 0, 1))
    image, draw = sheet.layer()
    for _ in range(int(200 * w * h / 360000) + 20):  # loose directional strokes over the masses
        x, yy = rng.uniform(0, w), rng.uniform(h * 0.5, h)
        length = rng.uniform(8, 30) * sheet.unit
        sheet.line(draw, (x, yy), (x + length, yy + rng.normal(0, 0.15) * length), 0.45, sheet.unit)
    sheet.keep(image)
    for part in parts:
        sheet.outline(part, 0.55, sheet.unit, loose=1.0)
    edge = np.minimum(np.minimum(y, 1 - y) * h, np.minimum(np.linspace(0, 1, w), np.linspace(1, 0, w))[None] * w)
    fade = np.clip(edge / (min(w, h) * 0.08) - 0.2 + 0.4 * rng.random((h, w), dtype=np.float32), 0, 1)
    sheet.light = _as_mask(1 - (1 - to_array(sheet.light)) * fade)  # the drawing stops before the sheet does


def _still_life(sheet, mood, rng, w, h):
    size = min(w, h) * 0.55
    parts = subjects.vase(w * 0.5, h * 0.8, size, rng)
    shadow = subjects.ellipse(w * 0.64, h * 0.81, size * 0.65, size * 0.1)
    image, draw = sheet.layer()
    draw.polygon([tuple(p) for p in shadow.tolist()], fill=255)
    box = (w * 0.64 - size * 0.7, h * 0.81 - size * 0.12, w * 0.64 + size * 0.7, h * 0.81 + size * 0.12)
    sheet.hatch(image, 0.15, sheet.unit * 3, 0.8, box)
    sheet.hatch(image, -0.6, sheet.unit * 3.5, 0.6, box)
    light = rng.uniform(-0.3, 0.3)
    for part, clip in zip(parts, _masks(parts, w, h), strict=True):
        x0, y0, x1, y1 = _bounds(part, 0)
        across = (np.arange(w, dtype=np.float32)[None] - (x0 + x1) / 2) / max((x1 - x0) / 2, 1)
        side = np.clip(across + 0.3 + light, 0, 1) * to_array(clip)
        sheet.hatch(side, 1.25, sheet.unit * 3, 0.6, _bounds(part))
        sheet.hatch(side * (across > 0.4), -0.5, sheet.unit * 3, 0.55, _bounds(part))
        sheet.outline(part, 0.8, sheet.unit * 1.5)
        construction, draw = sheet.layer()
        draw.ellipse([x0, y0 - (y1 - y0) * 0.05, x1, y0 + (y1 - y0) * 0.1], outline=70, width=1)
        draw.line([((x0 + x1) / 2, y0 - size * 0.1), ((x0 + x1) / 2, y1 + size * 0.1)], fill=60, width=1)
        sheet.keep(construction)
    table, draw = sheet.layer()
    draw.line([(0, h * 0.82), (w, h * 0.8)], fill=150, width=max(1, int(sheet.unit * 1.5)))
    sheet.keep(table)


def _atmosphere(mood, rng, w, h):
    """Dark moods rub a smudged vignette into the sheet; bright ones leave the corners clean."""
    level = {"happy": 0.0, "peaceful": 0.05, "gloomy": 0.22, "scary": 0.32}[mood]
    y = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, w, dtype=np.float32)[None]
    return level * np.clip((x * x + y * y) * 0.7 + 0.4 * noise(rng, h, w, max(4.0, min(w, h) / 6)) - 0.2, 0, 1)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    kind = {"studio_figure_study": "white", "studio_tonal_landscape": "cream", "studio_still_life_hatch": "cool"}
    relief = paper.tooth(rng, height, width, coarse=2.5)
    base = paper.sheet(rng, height, width, kind[style], relief)
    sheet = Sheet(width, height, rng)
    {"studio_figure_study": _figure, "studio_tonal_landscape": _landscape,
     "studio_still_life_hatch": _still_life}[style](sheet, mood, rng, width, height)
    sheet.keep(_atmosphere(mood, rng, width, height))
    return to_image(sheet.finish(relief, base, moods.mood(mood).ink_weight))
