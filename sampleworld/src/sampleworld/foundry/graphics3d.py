"""3-D graphics: smooth Phong-shaded models with specular highlights, cast shadows, reflections and depth of field."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import noise, raster
from .palettes import Palette, palette
from .scene import compose

STYLES = {
    "foundry_clay_toys": "toy-like clay characters render: saturated glossy models on a seamless studio sweep, "
                         "soft contact shadows and a blurred backdrop",
    "foundry_lowpoly_isle": "low-poly diorama: flat-shaded triangle facets, terrain and props under a gradient sky",
    "foundry_product_render": "product shot of one object on a glossy floor: strong specular, mirror reflection, "
                              "rim light and gradient backdrop",
}


def _backdrop(pal: Palette, width, height, floor_y) -> np.ndarray:
    """A seamless sweep: wall gradient curving into a floor that darkens toward the camera."""
    y = np.arange(height, dtype=np.float32)[:, None, None]
    t = np.clip(y / max(floor_y, 1), 0, 1)
    wall = pal.sky_top * (1 - t) + pal.sky_bottom * t
    floor = pal.sky_bottom * (1 - 0.35 * np.clip((y - floor_y) / max(height - floor_y, 1), 0, 1))
    base = np.where(y < floor_y, wall, floor) * pal.key
    return np.broadcast_to(base, (height, width, 3)).astype(np.float32)


def _shadows(scene, width, height, spread) -> np.ndarray:
    """Soft contact shadows: a blurred ellipse under each model, pushed away from the light."""
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for x, y, half in scene.feet:
        shift = -scene.light[0] * half * 0.6
        draw.ellipse([x - half * 1.05 + shift, y - half * 0.16, x + half * 1.05 + shift, y + half * 0.14], fill=200)
    return noise.blur(np.asarray(image, dtype=np.float32) / 255, max(1.5, spread))


def _shaded(scene, pal: Palette, gloss: float) -> tuple[np.ndarray, np.ndarray]:
    """Phong-lit colour of every part and the subject mask."""
    relief = raster.Relief(scene)
    label = raster.labels(scene.parts, scene.width, scene.height).astype(np.int32)
    table = np.array([[0, 0, 0]] + [pal.role(part.role) for part in scene.parts[:255]], np.float32)
    diffuse = relief.lambert(scene.light)
    spec = relief.specular(scene.light, 40) * gloss
    rim = relief.rim() ** 3
    ambient = 0.25 + 0.3 * pal.shadow
    colour = table[label] * (ambient + (1 - ambient) * diffuse)[..., None]
    colour = colour + (pal.light * spec[..., None]) + (pal.sky_top * 0.35 * rim[..., None])
    return colour, label > 0


def _clay(rng, pal, width, height):
    scene = compose(rng, width, height, kinds=("animal", "person", "bird", "tree", "flower", "car"),
                    framing=("close", "mid")[int(rng.integers(2))], ground="none")
    floor_y = max((y for _, y, _ in scene.feet), default=height) - height * 0.12
    back = _backdrop(pal, width, height, floor_y)
    back = back * (1 - 0.45 * _shadows(scene, width, height, min(width, height) / 40)[..., None])
    back = np.stack([noise.blur(back[..., c], 2.0) for c in range(3)], axis=2)  # depth of field
    colour, subject = _shaded(scene, pal, 0.55)
    return np.where(subject[..., None], colour, back)


def _product(rng, pal, width, height):
    scene = compose(rng, width, height, kinds=("still_life",), framing="close", ground="none")
    base = max((y for _, y, _ in scene.feet), default=height)
    lift = height * rng.uniform(0.12, 0.22)
    scene = type(scene)(scene.width, scene.height, [p.moved(0.8, width * 0.1, -lift - base * 0.2 + height * 0.2 - 0)
                                                    for p in scene.parts], None, "none", "close", scene.light,
                        [(x * 0.8 + width * 0.1, (y * 0.8 - lift - base * 0.2 + height * 0.2), h * 0.8)
                         for x, y, h in scene.feet])
    floor_y = int(np.clip(max(y for _, y, _ in scene.feet), 1, height - 1))
    back = _backdrop(pal, width, height, floor_y)
    back = back * (1 - 0.5 * _shadows(scene, width, height, min(width, height) / 60)[..., None])
    colour, subject = _shaded(scene, pal, 1.0)
    image = np.where(subject[..., None], colour, back)
    reach = min(floor_y, height - floor_y)
    if reach > 1:  # mirror the model in the glossy floor, fading with distance
        mirror = image[floor_y - reach:floor_y][::-1]
        mask = subject[floor_y - reach:floor_y][::-1]
        fade = (0.45 * (1 - np.arange(reach, dtype=np.float32) / reach) ** 2)[:, None] * mask
        below = image[floor_y:floor_y + reach]
        image[floor_y:floor_y + reach] = below * (1 - fade[..., None]) + mirror * fade[..., None]
    return image


def _lowpoly(rng, pal, width, height):
    scene = compose(rng, width, height, kinds=("tree", "building", "animal", "tree"), framing="wide",
                    ground="hills")
    relief = raster.Relief(scene)
    terrain = noise.field(rng, height, width, max(width, height) / 6) * min(width, height) * 0.15
    horizon = scene.horizon if scene.horizon is not None else height
    heights = relief.heights() + terrain * (np.arange(height)[:, None] > horizon)
    label = raster.labels(scene.parts, width, height)
    table = np.array([pal.sky_top] + [pal.role(part.role) for part in scene.parts[:255]], np.float32)
    cell = max(5.0, min(width, height) / rng.uniform(18, 26))
    gx = np.arange(-1, width / cell + 2) * cell
    gy = np.arange(-1, height / cell + 2) * cell
    px = gx[None, :] + rng.uniform(-0.35, 0.35, (gy.size, gx.size)) * cell
    py = gy[:, None] + rng.uniform(-0.35, 0.35, (gy.size, gx.size)) * cell
    hz = heights[np.clip(py.astype(int), 0, height - 1), np.clip(px.astype(int), 0, width - 1)]
    a = np.stack([px[:-1, :-1], py[:-1, :-1], hz[:-1, :-1]], -1).reshape(-1, 3)
    b = np.stack([px[:-1, 1:], py[:-1, 1:], hz[:-1, 1:]], -1).reshape(-1, 3)
    c = np.stack([px[1:, 1:], py[1:, 1:], hz[1:, 1:]], -1).reshape(-1, 3)
    d = np.stack([px[1:, :-1], py[1:, :-1], hz[1:, :-1]], -1).reshape(-1, 3)
    triangles = np.concatenate([np.stack([a, b, c], 1), np.stack([a, c, d], 1)])
    normal = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-9
    normal *= np.where(normal[:, 2:] < 0, -1, 1)
    centre = triangles.mean(axis=1)
    cx = np.clip(centre[:, 0].astype(int), 0, width - 1)
    cy = np.clip(centre[:, 1].astype(int), 0, height - 1)
    part = label[cy, cx]
    t = (cy / height)[:, None]
    sky = pal.sky_top * (1 - t) + pal.sky_bottom * t
    below = cy > (scene.horizon if scene.horizon is not None else height)
    base = np.where((part > 0)[:, None], table[part], np.where(below[:, None], pal.ground, sky))
    lit = pal.shadow * 0.6 + (1 - pal.shadow * 0.6) * np.clip(normal @ scene.light, 0, 1)
    lit = np.where((part > 0) | below, lit, 0.9 + 0.1 * lit)  # the sky is a backdrop, barely lit
    fills = np.clip(base * lit[:, None] * pal.key, 0, 255).astype(int).tolist()
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for tri, fill in zip(triangles[:, :, :2].tolist(), fills):
        draw.polygon([tuple(p) for p in tri], fill=tuple(fill))
    return np.asarray(image, dtype=np.float32)


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    pal = palette(mood, rng)
    image = {"foundry_clay_toys": _clay, "foundry_lowpoly_isle": _lowpoly,
             "foundry_product_render": _product}[style](rng, pal, width, height)
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
