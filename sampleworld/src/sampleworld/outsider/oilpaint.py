"""Oil paint: an opaque, fully covered canvas. A blurred underpainting is covered by brush strokes,
each a short curved path that follows the flow of the forms, laid with PIL's wide lines in a colour
picked from the reference beneath it and jittered; every stroke also raises paint on a height
map, whose relief, lit from one side, gives impasto ridges, their highlights and the canvas weave
showing through where paint is thin."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sampleworld.outsider.canvas import broad_blur, value_noise
from sampleworld.outsider.composition import compose
from sampleworld.outsider.palettes import Palette
from sampleworld.outsider.shading import flat_picture, shadow_side

STYLES = {
    "alla_prima": "alla prima oil sketch: loose strokes following the forms, blended wet into wet, "
                  "impasto ridges catching the light, canvas weave in thin places",
    "impasto": "thick impasto painting: short heavy swirling strokes of broken colour with strong relief",
    "tenebrist": "old-master oil manner: dark warm ground, a pool of light on the subject, small "
                 "blended strokes and glazed shadows",
}
# per style: brush width (px at 600 wide), stroke length in brush widths, colour jitter, relief
BRUSHES = {"alla_prima": (12, 4.0, 9, 0.5), "impasto": (9, 2.5, 18, 1.0), "tenebrist": (8, 3.0, 6, 0.35)}


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    scene = compose(rng, width, height)
    reference = np.asarray(flat_picture(scene, palette), dtype=np.float32)
    reference = reference * (1 - 0.35 * shadow_side(scene))[..., None]
    if style == "tenebrist":
        reference *= _pool_of_light(rng, height, width)[..., None]
    reference = np.asarray(Image.fromarray(np.clip(reference, 0, 255).astype(np.uint8)).filter(
        ImageFilter.BoxBlur(2)))
    canvas = broad_blur(Image.fromarray(reference), 12).convert("RGBA")  # the underpainting
    canvas.putalpha(0)  # alpha holds the paint's height: none yet
    _paint(canvas, reference, rng, style, width / 600)
    pixels = np.asarray(canvas.convert("RGB"), dtype=np.float32)
    height_map = np.asarray(canvas.getchannel("A").filter(ImageFilter.BoxBlur(1)), dtype=np.float32) / 255
    return Image.fromarray(np.clip(_lit(pixels, height_map, BRUSHES[style][3]), 0, 255).astype(np.uint8))


def _pool_of_light(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    ys = np.linspace(-1, 1, height, dtype=np.float32)[:, None] - rng.uniform(-0.3, 0.1)
    xs = np.linspace(-1, 1, width, dtype=np.float32)[None, :] - rng.uniform(-0.3, 0.3)
    return np.clip(1.15 - 0.8 * np.hypot(xs, ys), 0.15, 1.0)


def _flow(reference: np.ndarray, rng: np.random.Generator, swirl_turns: float) -> np.ndarray:
    """Stroke direction per pixel: along the contours of the reference's tone, and where the tone is
    flat, one broad direction bent by slow noise through up to `swirl_turns` turns."""
    grey = Image.fromarray(reference).convert("L")
    gy, gx = np.gradient(np.asarray(broad_blur(grey, 6), dtype=np.float32))
    swirl = rng.uniform(0, np.pi) + (value_noise(rng, grey.height, grey.width, 150) - 0.5) * 2 * np.pi * swirl_turns
    along = np.arctan2(gy, gx) + np.pi / 2
    strong = np.clip(np.hypot(gx, gy) / 3, 0, 1)
    return np.where(strong > 0.3, along, swirl)


def _paint(canvas: Image.Image, reference: np.ndarray, rng: np.random.Generator, style: str, scale: float) -> None:
    """Lay strokes on a jittered grid in random order, each a three-segment curve along the flow,
    writing colour and paint height (alpha) at once."""
    brush, length, jitter, _ = BRUSHES[style]
    brush *= scale
    height, width = reference.shape[:2]
    step = brush * length * 0.85
    ys, xs = np.mgrid[0:height:brush * 1.2, 0:width:step].reshape(2, -1)
    count = xs.size
    order = rng.permutation(count)
    xs, ys = (xs + rng.uniform(0, step, count))[order], (ys + rng.uniform(0, brush, count))[order]
    flow = _flow(reference, rng, swirl_turns=1.5 if style == "impasto" else 0.2)
    paths = [np.stack([xs, ys], 1)]
    for _ in range(3):
        x, y = paths[-1].T
        angle = flow[np.clip(y.astype(int), 0, height - 1), np.clip(x.astype(int), 0, width - 1)]
        paths.append(paths[-1] + np.stack([np.cos(angle), np.sin(angle)], 1) * brush * length / 3)
    paths = np.stack(paths, 1)
    start = paths[:, 0].astype(int)
    colours = reference[np.clip(start[:, 1], 0, height - 1), np.clip(start[:, 0], 0, width - 1)]
    shifts = rng.normal(0, jitter, (count, 1)) + rng.normal(0, jitter * 0.3, (count, 3))  # mostly in value
    loads = rng.integers(170, 256, (count, 1))
    fills = np.concatenate([np.clip(colours + shifts, 0, 255), loads], 1).astype(int).tolist()
    widths = np.maximum(2, (brush * rng.uniform(0.7, 1.3, count)).astype(int)).tolist()
    draw = ImageDraw.Draw(canvas)
    for path, fill, width in zip(paths.tolist(), fills, widths):
        draw.line([tuple(p) for p in path], fill=tuple(fill), width=width)


def _lit(pixels: np.ndarray, height_map: np.ndarray, relief: float) -> np.ndarray:
    """Paint relief lit from the upper left: ridges lighter on one flank, darker on the other, a
    sheen on the steepest lit flanks (towards a light paint colour, never paper white), and the
    canvas weave beneath."""
    gy, gx = np.gradient(height_map)
    facing = -(gx + gy) * 0.7 * relief * 5
    h, w = height_map.shape
    threads = np.sin(np.arange(max(h, w), dtype=np.float32) * 2.1)
    weave = threads[:h, None] * threads[None, :w]
    paint = pixels * 0.92 * (1 + np.clip(facing, -0.22, 0.06))[..., None]  # no paint is as white as paper
    sheen = (np.clip(facing - 0.4, 0, 1) * 0.5)[..., None]
    return paint + (240 - paint) * sheen + (weave * 4)[..., None]
