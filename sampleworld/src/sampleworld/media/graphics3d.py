"""3D renders: every shape becomes a smooth Lambert/Phong-shaded solid with specular highlights,
standing on a floor with soft contact shadows; no texture, no outlines."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import blur, draw_shape
from sampleworld.scene import Scene, Shape
from sampleworld.style import Style

LOOKS = {
    "studio": "product-style render: glossy coloured solids in a seamless studio gradient",
    "clay": "clay render: one matte neutral material, soft light, no specular, plain light ground",
    "depth_of_field": "cinematic render: sharp foreground, blurred background objects, mirror-like floor",
    "night": "moody render: dark ground, a key light and a coloured rim light on very glossy solids",
}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    h, w = scene.height, scene.width
    light = np.array([scene.light[0], scene.light[1], rng.uniform(0.6, 1.2)], dtype=np.float32)
    light /= np.linalg.norm(light)
    halfway = light + np.array([0, 0, 1], dtype=np.float32)
    halfway /= np.linalg.norm(halfway)
    shininess = rng.uniform(20, 80) * (3 if look == "night" else 1)
    gloss = {"clay": 0.0, "night": 300.0}.get(look, 230.0)
    rim = palette.colours[int(rng.integers(len(palette.colours)))] * 1.2
    clay = np.full(3, rng.uniform(170, 225), np.float32) * np.array([1.0, 0.97, 0.93], np.float32)
    backdrop = _studio(scene, palette)
    if look == "clay":
        backdrop = backdrop * 0.25 + np.float32(190)
    elif look == "night":
        backdrop = backdrop * 0.18
    image = backdrop * (1 - 0.6 * _contact_shadows(scene, rng))[..., None]
    in_back = len(scene.shapes) // 2 if look == "depth_of_field" else 0
    for index, shape in enumerate(scene.shapes):
        if index == in_back and in_back:
            image = blur(image, rng.uniform(3, 7) * w / 600, peak=255)  # depth of field: the back goes soft
        x0, y0, x1, y1 = shape.bbox
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        normals, coverage = (_ellipsoid if shape.kind == "ellipse" else _inflated)(shape, x0, y0, x1, y1)
        diffuse = np.clip(normals @ light, 0, 1)
        specular = np.clip(normals @ halfway, 0, 1) ** shininess
        base = clay if look == "clay" else palette.colours[shape.colour].astype(np.float32)
        shaded = base * (0.3 + 0.8 * diffuse)[..., None] + gloss * specular[..., None]
        if look == "night":
            shaded = shaded * 0.7 + rim * ((1 - normals[..., 2]) ** 3)[..., None]
        region = image[y0:y1, x0:x1]
        region += (shaded - region) * coverage[..., None]
    if look == "depth_of_field" and scene.horizon is not None:
        _reflect(image, int(scene.horizon), rng.uniform(0.2, 0.4))
    return image


def _reflect(image: np.ndarray, floor: int, strength: float) -> None:
    """Mirror what stands above the floor line into the floor, faintly."""
    depth = min(floor, image.shape[0] - floor)
    if depth > 1:
        mirrored = image[floor - depth:floor][::-1]
        image[floor:floor + depth] = image[floor:floor + depth] * (1 - strength) + mirrored * strength


def _studio(scene: Scene, palette: Palette) -> np.ndarray:
    """A seamless backdrop: a smooth gradient, and a floor that darkens towards the viewer."""
    t = np.linspace(0, 1, scene.height, dtype=np.float32)[:, None]
    column = palette.sky[0] * (1 - t) + palette.sky[1] * t
    if scene.horizon is not None:
        floor = int(scene.horizon)
        depth = np.linspace(0, 1, scene.height - floor, dtype=np.float32)[:, None]
        column[floor:] = palette.ground * (1.1 - 0.4 * depth)
    return np.broadcast_to(column[:, None, :], (scene.height, scene.width, 3)).astype(np.float32).copy()


def _contact_shadows(scene: Scene, rng: np.random.Generator) -> np.ndarray:
    """Blurred ellipses under each shape, pushed away from the light."""
    mask = Image.new("L", (scene.width, scene.height), 0)
    draw = ImageDraw.Draw(mask)
    push = -scene.light[0] * rng.uniform(10, 40) * scene.width / 600
    for shape in scene.shapes:
        x0, y0, x1, y1 = shape.bbox
        rx, ry = (x1 - x0) * 0.55, max(4.0, (y1 - y0) * 0.08)
        cx = (x0 + x1) / 2 + push
        draw.ellipse([cx - rx, y1 - ry, cx + rx, y1 + ry], fill=255)
    return blur(np.asarray(mask, dtype=np.float32) / 255, 12 * scene.width / 600)


def _ellipsoid(shape: Shape, x0: int, y0: int, x1: int, y1: int):
    """Normals of the ellipsoid whose silhouette is the shape's ellipse, and an antialiased coverage."""
    (ex0, ey0), (ex1, ey1) = shape.points
    cx, cy, rx, ry = (ex0 + ex1) / 2, (ey0 + ey1) / 2, max((ex1 - ex0) / 2, 1), max((ey1 - ey0) / 2, 1)
    ny = ((np.arange(y0, y1, dtype=np.float32) + 0.5 - cy) / ry)[:, None]
    nx = ((np.arange(x0, x1, dtype=np.float32) + 0.5 - cx) / rx)[None, :]
    r2 = nx * nx + ny * ny
    nz = np.sqrt(np.clip(1 - r2, 0, 1))
    normals = np.stack(np.broadcast_arrays(nx, ny, nz), -1)
    coverage = np.clip((1 - r2) * min(rx, ry) / 2, 0, 1)
    return normals, coverage


def _inflated(shape: Shape, x0: int, y0: int, x1: int, y1: int):
    """Normals of the shape's silhouette inflated like a cushion: a blurred mask used as height."""
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    draw_shape(ImageDraw.Draw(mask), Shape(shape.kind, shape.points - [x0, y0], shape.colour), fill=255)
    coverage = np.asarray(mask, dtype=np.float32) / 255
    radius = max(1.5, 0.12 * min(x1 - x0, y1 - y0))
    height = blur(coverage, radius) * radius
    gy, gx = np.gradient(height)
    normals = np.stack([-gx, -gy, np.ones_like(gx)], -1)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    return normals, coverage
