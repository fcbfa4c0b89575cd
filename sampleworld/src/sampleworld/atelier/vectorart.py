"""Vector art: flat or linearly graded fills with crisp anti-aliased geometric edges.

Real flat illustration is mostly spot art on white or a light plain ground, icon sets,
isometric blocks and gradient scenes; never texture or noise. Everything is drawn at twice
the size and reduced with LANCZOS, which gives the clean anti-aliasing of a vector renderer.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .composition import Scene, compose, ellipse
from .palettes import mood_palette

STYLES = {
    "atelier_spot": "spot illustration: flat-filled character or object on white with a pale backdrop blob",
    "atelier_iconset": "icon set / infographic: rows of flat icons with even outlines on a light ground",
    "atelier_isometric": "isometric illustration: flat three-tone blocks and buildings on a light or plain ground",
    "atelier_gradient_scene": "full-bleed flat scene with linear gradient fills (sky, hills, shapes)",
}

SUPER = 2


def render(style, mood, rng, width, height) -> Image.Image:
    palette = mood_palette(mood, rng)
    draw_style = {"atelier_spot": _spot, "atelier_iconset": _iconset,
                  "atelier_isometric": _isometric, "atelier_gradient_scene": _gradient_scene}[style]
    big = draw_style(rng, palette, width * SUPER, height * SUPER, mood)
    return big.resize((width, height), Image.LANCZOS)


def _light_ground(rng, palette, mood):
    if mood in ("happy", "peaceful") or rng.random() < 0.5:
        return (255, 255, 255) if rng.random() < 0.6 else tuple(int(255 - (255 - c) * 0.15) for c in palette.light)
    return palette.light


def _paint(image: Image.Image, points: np.ndarray, colour, lower=None, shadow_shift=None) -> None:
    """Fill one polygon flat; `lower` grades it linearly downwards, `shadow_shift` adds a flat shadow."""
    x0, y0 = np.floor(points.min(0)).astype(int) - 1
    x1, y1 = np.ceil(points.max(0)).astype(int) + 1
    size = (max(1, x1 - x0), max(1, y1 - y0))
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon([tuple(p) for p in points - (x0, y0)], fill=255)
    if lower is None:
        fill = Image.new("RGB", size, colour)
    else:
        fill = canvas.gradient_image(size[0], size[1], colour, lower)
    image.paste(fill, (x0, y0), mask)
    if shadow_shift is not None:
        lit = Image.new("L", size, 0)
        ImageDraw.Draw(lit).polygon([tuple(p) for p in points - (x0, y0) + shadow_shift * np.ptp(points, 0)], fill=255)
        shadow = Image.fromarray(np.minimum(np.asarray(mask), 255 - np.asarray(lit)))
        image.paste(tuple(int(c * 0.78) for c in colour), (x0, y0), shadow)


def _fill_scene(image, scene: Scene, palette, two_tone=False, graded=False):
    shift = np.array([-0.12, -0.1]) if two_tone else None
    for shape in scene.shapes:
        colour = palette.colour(shape.colour)
        big = np.ptp(shape.points, 0).min() > image.width / 12
        lower = tuple(int(c * 0.72) for c in colour) if graded and big else None
        _paint(image, shape.points, colour, lower, shift)


def _spot(rng, palette, width, height, mood):
    ground = _light_ground(rng, palette, mood)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    scene = compose(rng, width, height, ("figure", "face", "animal", "still_life"), margin=0.15)
    xs, ys = np.concatenate([s.points for s in scene.shapes]).T
    cx, cy, r = xs.mean(), ys.mean(), max(np.ptp(xs), np.ptp(ys)) * rng.uniform(0.5, 0.65)
    blob = tuple(int(255 - (255 - c) * 0.3) for c in palette.colour(5))
    draw.polygon([tuple(p) for p in ellipse(cx, cy, r, r * rng.uniform(0.7, 1.0), rng.uniform(0, 3), 64)], fill=blob)
    _fill_scene(image, scene, palette, two_tone=rng.random() < 0.6)
    if rng.random() < 0.4:
        _outline(ImageDraw.Draw(image), scene, palette.dark, width // 250)
    return image


def _outline(draw, scene, colour, weight):
    for shape in scene.shapes:
        draw.polygon([tuple(p) for p in shape.points], outline=colour, width=max(2, weight))


def _iconset(rng, palette, width, height, mood):
    ground = _light_ground(rng, palette, mood)
    image = Image.new("RGB", (width, height), ground)
    scene = compose(rng, width, height, ("icons",), margin=0.04)
    _fill_scene(image, scene, palette, graded=rng.random() < 0.3)
    if rng.random() < 0.6:
        _outline(ImageDraw.Draw(image), scene, palette.dark, width // 200)
    return image


def _iso_block(draw, x, y, size, lift, colour):
    """An isometric box whose bottom-front corner sits at (x, y)."""
    dx, dy = size * 0.866, size * 0.5
    top = [(x, y - lift), (x + dx, y - dy - lift), (x, y - 2 * dy - lift), (x - dx, y - dy - lift)]
    left = [(x, y), (x - dx, y - dy), (x - dx, y - dy - lift), (x, y - lift)]
    right = [(x, y), (x + dx, y - dy), (x + dx, y - dy - lift), (x, y - lift)]
    shade = lambda k: tuple(int(c * k) for c in colour)  # noqa: E731
    draw.polygon(top, fill=shade(1.0))
    draw.polygon(left, fill=shade(0.8))
    draw.polygon(right, fill=shade(0.62))


def _isometric(rng, palette, width, height, mood):
    ground = _light_ground(rng, palette, mood) if rng.random() < 0.7 else palette.light
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    size = width / rng.uniform(9, 16)
    n = int(rng.integers(3, 6))
    ox, oy = width / 2, height / 2 + n * size * 0.5
    plate = [(ox, oy + size * 0.5), (ox + n * size * 0.866 + size, oy - n * size * 0.5),
             (ox, oy - n * size - size * 0.5), (ox - n * size * 0.866 - size, oy - n * size * 0.5)]
    draw.polygon(plate, fill=tuple(int(c * 0.9) for c in palette.colour(0)))
    for i in range(n - 1, -1, -1):  # back rows first
        for j in range(n - 1, -1, -1):
            if rng.random() < 0.45:
                continue
            x = ox + (j - i) * size * 0.866
            y = oy - (i + j) * size * 0.5
            _iso_block(draw, x, y, size * 0.95, size * rng.uniform(0.3, 3.0), palette.colour(int(rng.integers(1, 6))))
    return image


def _gradient_scene(rng, palette, width, height, mood):
    sky_top = tuple(int(c * 0.75) for c in palette.colour(0))
    image = canvas.gradient_image(width, height, sky_top, palette.light)
    scene = compose(rng, width, height, ("landscape", "street", "abstract", "animal", "figure"))
    if scene.subject == "landscape":
        scene.shapes = scene.shapes[1:]  # the gradient is the sky
    _fill_scene(image, scene, palette, graded=True)
    return image
