"""3D graphics: smooth Lambert/Phong shading, specular highlights, cast shadows and reflections.

Objects are shaded per pixel from analytic normals (spheres, cylinders, metaball blobs) or per
face (boxes, low-poly meshes), set on a studio backdrop or a perspective floor, with soft
contact shadows, mirrored reflections on glossy floors and depth-of-field blur behind.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import canvas
from .palettes import mood_palette

STYLES = {
    "atelier_studio_render": "studio render of primitives (spheres, boxes, cylinders) on a seamless sweep, soft shadows",
    "atelier_lowpoly": "low-poly flat-shaded terrain or landscape with faceted triangles under a gradient sky",
    "atelier_toy_character": "glossy toy character made of spheres, shallow depth of field behind it",
    "atelier_glossy_blobs": "organic metaball blobs, glossy Phong highlights, reflective floor with perspective grid",
}

LIGHT = np.array([-0.5, -0.65, 0.58], np.float32) / np.linalg.norm([-0.5, -0.65, 0.58])
HALFWAY = (LIGHT + [0, 0, 1]) / np.linalg.norm(LIGHT + [0, 0, 1])


def render(style, mood, rng, width, height) -> Image.Image:
    palette = mood_palette(mood, rng)
    draw_style = {"atelier_studio_render": _studio, "atelier_lowpoly": _lowpoly,
                  "atelier_toy_character": _toy, "atelier_glossy_blobs": _blobs}[style]
    return canvas.to_image(draw_style(rng, palette, width, height))


def phong(normal, colour, shininess=40.0, ambient=0.28, gloss=0.7) -> np.ndarray:
    """Colour of surface points with unit normals (..., 3) under the key light."""
    diffuse = np.clip(normal @ LIGHT, 0, 1)[..., None]
    specular = np.clip(normal @ HALFWAY, 0, 1)[..., None] ** shininess * gloss
    rim = (1 - np.abs(normal[..., 2:3])) ** 3 * 0.15
    return np.asarray(colour, np.float32) / 255 * (ambient + (1 - ambient) * diffuse) + specular + rim


def _backdrop(rng, palette, width, height, horizon) -> np.ndarray:
    """A studio sweep: wall graded into a floor, lightest where the key light lands."""
    wall = np.float32(palette.light) / 255
    top = wall * rng.uniform(0.55, 0.8)
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    sweep = np.where(t < horizon, top + (wall - top) * (t / horizon), wall * (1 - 0.35 * (t - horizon)))
    xs = np.linspace(-1, 1, width, dtype=np.float32)[None, :, None]
    return np.broadcast_to(sweep * (1 - 0.12 * xs ** 2), (height, width, 3)).copy()


def _shadow(rgb, cx, cy, rx, ry, strength=0.55):
    height, width = rgb.shape[:2]
    image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(image).ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=int(255 * strength))
    blurred = canvas.blur(np.asarray(image, np.float32) / 255, max(2, ry * 0.8))
    return rgb * (1 - blurred[..., None])


def sphere(rgb, cx, cy, r, colour, alpha=1.0, shininess=40.0):
    """Paint a Phong-shaded sphere with an anti-aliased silhouette."""
    height, width = rgb.shape[:2]
    x0, x1 = int(max(0, cx - r - 1)), int(min(width, cx + r + 2))
    y0, y1 = int(max(0, cy - r - 1)), int(min(height, cy + r + 2))
    if x1 <= x0 or y1 <= y0:
        return
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    nx, ny = (xs - cx) / r, (ys - cy) / r
    d2 = nx ** 2 + ny ** 2
    nz = np.sqrt(np.clip(1 - d2, 0, 1))
    shaded = phong(np.stack([nx, ny, nz], -1), colour, shininess)
    cover = (np.clip((1 - np.sqrt(d2)) * r, 0, 1) * alpha)[..., None]
    rgb[y0:y1, x0:x1] = rgb[y0:y1, x0:x1] * (1 - cover) + shaded * cover


def cylinder(rgb, cx, base, r, tall, colour):
    """An upright cylinder: body shaded across its width, a lit elliptical top."""
    height, width = rgb.shape[:2]
    x0, x1 = int(max(0, cx - r)), int(min(width, cx + r))
    y0, y1 = int(max(0, base - tall)), int(min(height, base))
    if x1 <= x0 or y1 <= y0:
        return
    nx = (np.arange(x0, x1, dtype=np.float32) - cx) / r
    normal = np.stack([nx, np.zeros_like(nx), np.sqrt(np.clip(1 - nx ** 2, 0, 1))], -1)
    rgb[y0:y1, x0:x1] = phong(normal, colour)[None, :, :]
    top = np.array([0, -0.9, 0.44], np.float32)
    cap = Image.new("L", (width, height), 0)
    ImageDraw.Draw(cap).ellipse([cx - r, base - tall - r * 0.3, cx + r, base - tall + r * 0.3], fill=255)
    mask = (np.asarray(cap, np.float32) / 255)[..., None]
    rgb[:] = rgb * (1 - mask) + phong(top, colour) * mask


def box(rgb, cx, base, size, colour):
    """A cube seen from slightly above: three flat-shaded faces."""
    image = canvas.to_image(rgb)
    draw = ImageDraw.Draw(image)
    s, d = size, size * 0.45
    front = [(cx - s / 2, base), (cx + s / 2, base), (cx + s / 2, base - s), (cx - s / 2, base - s)]
    side = [(cx + s / 2, base), (cx + s / 2 + d, base - d * 0.6), (cx + s / 2 + d, base - s - d * 0.6), (cx + s / 2, base - s)]
    top = [(cx - s / 2, base - s), (cx + s / 2, base - s), (cx + s / 2 + d, base - s - d * 0.6), (cx - s / 2 + d, base - s - d * 0.6)]
    for face, normal in ((front, [0, 0, 1]), (side, [1, 0, 0.3]), (top, [0, -1, 0.3])):
        normal = np.float32(normal) / np.linalg.norm(normal)
        draw.polygon(face, fill=tuple(int(c * 255) for c in np.clip(phong(normal, colour, gloss=0.15), 0, 1)))
    rgb[:] = canvas.from_image(image)


def _studio(rng, palette, width, height):
    horizon = rng.uniform(0.45, 0.65)
    rgb = _backdrop(rng, palette, width, height, horizon)
    count = int(rng.integers(2, 6))
    objects = sorted(((rng.uniform(0.15, 0.85) * width, rng.uniform(horizon + 0.05, 0.9) * height,
                       rng.uniform(0.06, 0.16) * width, int(rng.integers(3)), palette.colour(i)) for i in range(count)),
                     key=lambda o: o[1])
    for x, base, r, _, _ in objects:
        rgb = _shadow(rgb, x + r * 0.5, base, r * 1.2, r * 0.3)
    for x, base, r, kind, colour in objects:
        if kind == 0:
            sphere(rgb, x, base + r * 0.3, r, colour, alpha=0.18)  # reflection in the glossy floor
            sphere(rgb, x, base - r, r, colour)
        elif kind == 1:
            cylinder(rgb, x, base, r * 0.8, r * 2.2, colour)
        else:
            box(rgb, x, base, r * 1.6, colour)
    return rgb


def _lowpoly(rng, palette, width, height):
    horizon = rng.uniform(0.3, 0.5) * height
    sky_top = np.float32(palette.light) * rng.uniform(0.5, 0.8)
    image = canvas.to_image(np.broadcast_to(np.linspace(sky_top / 255, np.float32(palette.light) / 255, height)[:, None, :],
                                            (height, width, 3)))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, horizon, width, height], fill=tuple(int(c * 0.6) for c in palette.colour(4)))
    cols, rows = int(rng.integers(8, 15)), int(rng.integers(6, 10))
    depth = np.linspace(0, 1, rows + 1) ** 1.6  # rows crowd towards the horizon
    ys = horizon + depth * (height * 1.05 - horizon)
    xs = np.linspace(-0.1, 1.1, cols + 1) * width
    lift = rng.uniform(0, 1, (rows + 1, cols + 1)) * (0.2 + depth[:, None]) * height * rng.uniform(0.1, 0.3)
    lift[:, :] += np.abs(np.sin(np.linspace(0, rng.uniform(2, 6), cols + 1)))[None, :] * height * 0.15 * (1 - depth[:, None])
    points = np.stack([xs[None, :] + rng.normal(0, width / cols * 0.2, (rows + 1, cols + 1)),
                       ys[:, None] - lift, lift], -1)
    for r in range(rows):
        for c in range(cols):
            a, b, cc, d = points[r, c], points[r, c + 1], points[r + 1, c], points[r + 1, c + 1]
            for tri in ((a, b, cc), (b, d, cc)):
                draw.polygon([tuple(p[:2]) for p in tri], fill=_facet_colour(tri, palette, r / rows))
    return canvas.from_image(image)


def _facet_colour(tri, palette, depth):
    (x0, y0, z0), (x1, y1, z1), (x2, y2, z2) = tri
    normal = np.cross([x1 - x0, z1 - z0, y1 - y0], [x2 - x0, z2 - z0, y2 - y0]).astype(np.float32)
    normal = np.array([normal[0], -normal[2], abs(normal[1])], np.float32)
    normal /= np.linalg.norm(normal) + 1e-6
    colour = palette.colour(1 + int(depth * 3))
    return tuple(int(c * 255) for c in np.clip(phong(normal, colour, gloss=0.05, ambient=0.35), 0, 1))


def _toy(rng, palette, width, height):
    horizon = rng.uniform(0.5, 0.7)
    rgb = _backdrop(rng, palette, width, height, horizon)
    for _ in range(int(rng.integers(2, 5))):  # out-of-focus props behind the character
        sphere(rgb, rng.uniform(0, width), rng.uniform(0.2, horizon) * height, rng.uniform(0.04, 0.1) * width,
               palette.colour(int(rng.integers(6))))
    rgb = np.stack([canvas.blur(rgb[..., c], 6) for c in range(3)], axis=2)
    scale = rng.uniform(0.12, 0.2) * width
    cx, ground = rng.uniform(0.35, 0.65) * width, rng.uniform(horizon + 0.15, 0.95) * height
    body, head, limbs = palette.colour(0), palette.colour(1), palette.colour(2)
    rgb = _shadow(rgb, cx + scale * 0.4, ground, scale * 1.3, scale * 0.3)
    for side in (-1, 1):
        sphere(rgb, cx + side * scale * 0.45, ground - scale * 0.25, scale * 0.3, limbs)
    sphere(rgb, cx, ground - scale * 1.0, scale, body)
    for side in (-1, 1):
        sphere(rgb, cx + side * scale * 0.55, ground - scale * 2.6, scale * 0.32, head)
        sphere(rgb, cx + side * scale * 1.05, ground - scale * 1.1, scale * 0.28, limbs)
    sphere(rgb, cx, ground - scale * 2.05, scale * 0.8, head)
    for side in (-1, 1):
        sphere(rgb, cx + side * scale * 0.3, ground - scale * 2.15, scale * 0.16, (250, 250, 250), shininess=80)
        sphere(rgb, cx + side * scale * 0.3, ground - scale * 2.1, scale * 0.08, (20, 20, 25), shininess=120)
    return rgb


def _blobs(rng, palette, width, height):
    horizon = rng.uniform(0.4, 0.6) * height
    rgb = _backdrop(rng, palette, width, height, horizon / height)
    image = canvas.to_image(rgb)
    draw = ImageDraw.Draw(image)
    vanish = width * rng.uniform(0.3, 0.7)
    grid = tuple(int(c * 0.75) for c in palette.light)
    for x in np.linspace(-width, 2 * width, 25):
        draw.line([(vanish, horizon), (x, height)], fill=grid, width=1)
    for t in np.linspace(0, 1, 10) ** 2:
        draw.line([(0, horizon + t * (height - horizon)), (width, horizon + t * (height - horizon))], fill=grid)
    rgb = canvas.from_image(image)
    half = (height // 2, width // 2)
    ys, xs = np.mgrid[0:half[0], 0:half[1]].astype(np.float32)
    field, gx, gy = np.zeros(half, np.float32), np.zeros(half, np.float32), np.zeros(half, np.float32)
    centre_y = horizon / 2 + rng.uniform(0.05, 0.2) * half[0]
    for _ in range(int(rng.integers(3, 7))):
        bx, by = rng.uniform(0.25, 0.75) * half[1], centre_y + rng.normal(0, 0.12) * half[0]
        r2 = (rng.uniform(0.06, 0.13) * half[1]) ** 2
        d2 = (xs - bx) ** 2 + (ys - by) ** 2 + 1
        field += r2 / d2
        gx += -2 * r2 * (xs - bx) / d2 ** 2
        gy += -2 * r2 * (ys - by) / d2 ** 2
    normal = np.stack([-gx, -gy, np.full_like(gx, 0.02)], -1)
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    shaded = phong(normal, palette.colour(int(rng.integers(6))), shininess=60, gloss=0.9)
    cover = np.clip((field - 1) * 8, 0, 1)
    shaded = np.stack([canvas.resize(np.clip(shaded[..., c], 0, 1), height, width) for c in range(3)], axis=2)
    cover = canvas.resize(cover, height, width)
    floor_y = int(min(height - 1, np.argwhere(cover.any(1)).max() + 1)) if cover.any() else height
    rgb = _shadow(rgb, width / 2, floor_y, width * 0.3, height * 0.03, 0.5)
    reflected = np.zeros_like(cover)
    span = min(floor_y, height - floor_y)
    reflected[floor_y:floor_y + span] = cover[floor_y - span:floor_y][::-1] * 0.25
    mirror = np.zeros_like(shaded)
    mirror[floor_y:floor_y + span] = shaded[floor_y - span:floor_y][::-1]
    rgb = rgb * (1 - reflected[..., None]) + mirror * reflected[..., None]
    return rgb * (1 - cover[..., None]) + shaded * cover[..., None]
