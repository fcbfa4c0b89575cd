"""Watercolour: transparent washes on white paper that stay light and let the paper show.

Washes are glazes of pigment (optical density added layer over layer), their edges either
dried hard with a darker rim or bled soft wet-in-wet; pigment granulates in the paper's
grain, blooms push pigment into cauliflower rims, and highlights are left unpainted.
Washes are computed at half size (they are soft anyway) and granulated at full size.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import compose
from .palettes import mood_palette
from .strokes import draw_polyline, hand_contour

STYLES = {
    "atelier_wet_landscape": "loose landscape or street: wet-in-wet sky, hard-edged washes, blooms, white left below",
    "atelier_botanical": "botanical / floral study on white with a faint pencil under-drawing and crisp dark rims",
    "atelier_loose_portrait": "loose portrait or animal: bleeding soft edges, big white reserves, granulating pigment",
    "atelier_line_and_wash": "line and wash (urban sketch): pen lines with light transparent washes over them",
}

SUBJECTS = {
    "atelier_wet_landscape": ("landscape", "landscape", "street"),
    "atelier_botanical": ("flowers", "flowers", "still_life"),
    "atelier_loose_portrait": ("face", "figure", "animal"),
    "atelier_line_and_wash": ("street", "still_life", "figure", "animal"),
}
PAPER = np.array([0.985, 0.98, 0.955], np.float32)


def render(style, mood, rng, width, height) -> Image.Image:
    palette = mood_palette(mood, rng)
    scene = compose(rng, width, height, SUBJECTS[style], margin=0.05)
    half = (height // 2, width // 2)
    soft = {"atelier_wet_landscape": 0.4, "atelier_botanical": 0.1,
            "atelier_loose_portrait": 0.6, "atelier_line_and_wash": 0.2}[style]
    density = np.zeros(half + (3,), np.float32)
    for colour, points, load in _colour_groups(rng, scene, palette, mood, width, height):
        absorb = 1.0 - np.asarray(colour, np.float32) / 255.0
        density += _wash(rng, points, half, soft)[..., None] * (absorb * 0.9 + 0.08) * load
    density *= _reserve_whites(rng, half, scene.subject)[..., None]
    rgb = _on_paper(rng, density, height, width)
    if style == "atelier_botanical" or (style == "atelier_loose_portrait" and rng.random() < 0.5):
        rgb = _lines(rng, rgb, scene, (0.55, 0.55, 0.56), 0.35)
    if style == "atelier_line_and_wash":
        rgb = _lines(rng, rgb, scene, (0.16, 0.12, 0.1), 0.9)
    return canvas.to_image(rgb)


def _colour_groups(rng, scene, palette, mood, width, height):
    """Shapes of one colour are painted as one wash, as a painter does with one mix,
    over a loose background wash that carries the mood (a light tint, or a dark sky)."""
    groups: dict[int, list[np.ndarray]] = {}
    for shape in scene.shapes:
        groups.setdefault(shape.colour, []).append(shape.points)
    ground = palette.dark if mood in ("gloomy", "scary") else palette.light
    inset = rng.uniform(0.0, 0.12, (4, 2)) * [(1, 1), (-1, 1), (-1, -1), (1, -1)] + [(0, 0), (1, 0), (1, 1), (0, 1)]
    background = [(ground, [inset * (width, height)], 0.5)] if mood in ("gloomy", "scary") or rng.random() < 0.6 else []
    return background + [(palette.colour(index), points, 1.0) for index, points in sorted(groups.items())]


def _wash(rng, polygons, size, softness) -> np.ndarray:
    """Pigment density of one wash: ragged edge, dark dried rim or soft bleed, uneven flow, blooms."""
    height, width = size
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for points in polygons:
        draw.polygon([tuple(p) for p in points / 2], fill=255)
    mask = np.asarray(image, np.float32) / 255.0
    unit = width / 300  # sizes below are tuned for a 600-pixel-wide picture
    wet = rng.random() < softness
    spread = canvas.blur(mask, unit * (rng.uniform(4, 9) if wet else rng.uniform(1.2, 2.5)))
    ragged = spread + (canvas.smooth_noise(rng, height, width, 6 * unit) - 0.5) * 0.5
    body = np.clip((ragged - 0.45) * (3 if wet else 12), 0, 1)
    rim = np.clip(body - canvas.blur(body, 3 * unit), 0, 1) * (0.6 if wet else 2.2)
    flow = 0.45 + 0.55 * canvas.smooth_noise(rng, height, width, 50 * unit)
    strength = rng.uniform(0.35, 0.75)
    return (body * flow + rim) * strength * _blooms(rng, body)


def _blooms(rng, body) -> np.ndarray:
    """Cauliflowers: water pushed back into a drying wash leaves a pale centre and a dark jagged rim."""
    height, width = body.shape
    factor = np.ones_like(body)
    inside = np.argwhere(body > 0.9)
    for _ in range(int(rng.integers(0, 3)) if len(inside) else 0):
        y, x = inside[rng.integers(len(inside))]
        radius = rng.uniform(0.04, 0.12) * width
        ys, xs = np.ogrid[0:height, 0:width]
        distance = np.hypot(ys - y, xs - x) / radius
        distance += (canvas.smooth_noise(rng, height, width, 4) - 0.5) * 0.5
        factor *= np.where(distance < 1, 0.55, 1.0) + np.exp(-((distance - 1) / 0.08) ** 2) * 0.8
    return factor


def _reserve_whites(rng, size, subject) -> np.ndarray:
    """Paper left unpainted: soft patches, and the lower part of landscapes fading out."""
    height, width = size
    keep = np.clip((canvas.smooth_noise(rng, height, width, 45) - 0.12) * 5, 0, 1)
    if subject in ("landscape", "street"):
        fade = np.linspace(1.2, rng.uniform(-0.4, 0.3), height, dtype=np.float32)[:, None]
        keep = keep * np.clip(fade, 0, 1)
    return keep


def _on_paper(rng, density, height, width) -> np.ndarray:
    """Upscale the washes and let the pigment settle into the grain (granulation)."""
    grains = canvas.smooth_noise(rng, height, width, 2.5) * 0.6 + rng.random((height, width), dtype=np.float32) * 0.4
    full = np.stack([canvas.resize(density[..., c] / 2.5, height, width) * 2.5 for c in range(3)], axis=2)
    full *= (0.7 + 0.6 * grains)[..., None]
    texture = (0.985 + 0.03 * canvas.smooth_noise(rng, height, width, 3))[..., None]
    return PAPER * texture * np.exp(-full * 1.6)


def _lines(rng, rgb, scene, colour, strength) -> np.ndarray:
    height, width = rgb.shape[:2]
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for shape in scene.shapes:
        draw_polyline(draw, hand_contour(shape.points, rng, shape.closed, 1.2, overshoot=rng.uniform(0, 1.5)), 255, 1)
    return canvas.mix(rgb, np.asarray(colour, np.float32), np.asarray(image, np.float32) / 255.0 * strength)
