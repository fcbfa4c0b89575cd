"""3D renders by per-pixel ray casting: every pixel's ray is intersected analytically with spheres,
boxes and a floor plane, then lit with Lambert diffuse and Blinn-Phong specular highlights, soft
shadows from the spheres, contact occlusion, a mirror-like floor reflection, fog towards the
horizon and depth of field. Traced at about a third of the size and smoothly enlarged, as a render is anti-aliased."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from sampleworld.outsider.canvas import broad_blur
from sampleworld.outsider.palettes import ACCENTS, DARK, PALE, Palette

STYLES = {
    "studio": "product-style render: glossy and matte spheres and boxes on a seamless studio "
              "backdrop, soft shadows, a faint floor reflection",
    "horizon": "3D scene to the horizon: objects on a chequered plane receding in perspective, sky "
               "gradient, fog and depth of field",
    "character": "cute 3D character render: a round creature built of spheres with glossy eyes, "
                 "soft studio light",
}
NO_HIT = np.float32(1e9)
TRACE_SCALE = 0.36  # rays per output pixel, per side


@dataclass(frozen=True)
class Solid:
    kind: str  # "sphere" or "box"
    a: np.ndarray  # sphere centre, or box low corner
    b: np.ndarray | float  # sphere radius, or box high corner
    colour: np.ndarray
    gloss: float  # 0 matte .. 1 glossy


def render(palette: Palette, rng: np.random.Generator, width: int, height: int, style: str) -> Image.Image:
    w, h = round(width * TRACE_SCALE), round(height * TRACE_SCALE)
    solids = _character(palette, rng) if style == "character" else _arrangement(palette, rng, style)
    origin, directions = _camera(rng, w, h, style)
    light = _unit(np.array([rng.uniform(-0.8, 0.8), rng.uniform(0.6, 1.2), rng.uniform(-0.9, -0.2)]))
    t, normals, colours, gloss = _trace(origin, directions, solids, floor=True)
    points = origin + directions * np.minimum(t, 200)[:, None]
    on_floor = colours[:, 0] < 0  # the floor is marked by a negative colour, filled in below
    colours[on_floor] = _floor_colour(points[on_floor], palette, style)
    image = _shade(points, normals, directions, colours, gloss, solids, light, palette)
    image = _reflect(image, points, directions, on_floor, solids, light, palette, 0.15 if style == "studio" else 0.25)
    background = _background(directions, palette, style)
    if style == "horizon":
        fog = np.clip(t / 60, 0, 1) ** 1.5
    else:  # a seamless sweep: the floor fades into the backdrop, the solids stay clear
        fog = np.where(on_floor | (t >= NO_HIT), np.clip(t / 25, 0, 1) ** 1.2, 0)
    image = image * (1 - fog[:, None]) + background * fog[:, None]
    picture = Image.fromarray(np.clip(image.reshape(h, w, 3), 0, 255).astype(np.uint8)).resize(
        (width, height), Image.Resampling.BICUBIC)
    if style == "horizon":
        picture = _depth_of_field(picture, t.reshape(h, w), rng)
    return picture


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.sqrt(_dot(v, v))[..., None]


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot products of (n, 3) arrays (einsum: numpy's sum over a short last axis is slow)."""
    return np.einsum("...i,...i->...", a, b)


def _camera(rng: np.random.Generator, w: int, h: int, style: str) -> tuple[np.ndarray, np.ndarray]:
    """A pinhole camera a little above the floor, looking slightly down at the scene's middle."""
    height = rng.uniform(1.2, 2.0) if style != "horizon" else rng.uniform(0.9, 1.6)
    yaw = rng.uniform(-0.6, 0.6)
    origin = np.array([6.0 * np.sin(yaw), height, -6.0 * np.cos(yaw)], np.float32)
    forward = _unit(np.array([0, 0.8, 0], np.float32) - origin)
    right = _unit(np.cross(np.array([0, 1, 0], np.float32), forward))
    up = np.cross(forward, right)
    span = np.tan(np.radians(rng.uniform(22, 30)))
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xs / w - 0.5) * 2 * span * w / h
    v = -(ys / h - 0.5) * 2 * span
    directions = forward + u.reshape(-1, 1) * right + v.reshape(-1, 1) * up
    return origin, _unit(directions).astype(np.float32)


def _arrangement(palette: Palette, rng: np.random.Generator, style: str) -> list[Solid]:
    """Three to seven spheres and boxes standing on the floor, spread in depth for the horizon style."""
    solids = []
    depth = 10 if style == "horizon" else 2.5
    for _ in range(int(rng.integers(3, 8))):
        colour = palette.colour(int(rng.choice((*ACCENTS, PALE)))).astype(np.float32)
        x, z = rng.uniform(-2.6, 2.6), rng.uniform(-1.5, depth)
        size = rng.uniform(0.3, 0.75)
        gloss = float(rng.choice((0.0, 0.5, 1.0)))
        if rng.random() < 0.6:
            solids.append(Solid("sphere", np.array([x, size, z], np.float32), size, colour, gloss))
        else:
            tall = size * rng.uniform(1, 2)
            solids.append(Solid("box", np.array([x - size, 0, z - size], np.float32),
                                np.array([x + size, tall, z + size], np.float32), colour, gloss))
    return solids


def _character(palette: Palette, rng: np.random.Generator) -> list[Solid]:
    skin = palette.colour(int(rng.choice(ACCENTS))).astype(np.float32)
    white, black = np.array([245, 245, 245], np.float32), palette.colour(DARK).astype(np.float32) * 0.5
    body, head = rng.uniform(0.8, 1.0), rng.uniform(0.65, 0.85)
    head_y = body * 1.7 + head * 0.6
    solids = [Solid("sphere", np.array([0, body, 0.5], np.float32), body, skin, 0.3),
              Solid("sphere", np.array([0, head_y, 0.2], np.float32), head, skin, 0.3)]
    for side in (-1, 1):
        eye = np.array([side * head * 0.38, head_y + head * 0.15, 0.2 - head * 0.8], np.float32)
        solids.append(Solid("sphere", eye, head * 0.28, white, 1.0))
        solids.append(Solid("sphere", eye + np.array([0, 0, -head * 0.2], np.float32), head * 0.13, black, 1.0))
        solids.append(Solid("sphere", np.array([side * body * 0.55, 0.25, 0.0], np.float32), 0.3, skin * 0.8, 0.3))
        solids.append(Solid("sphere", np.array([side * head * 0.7, head_y + head * 0.8, 0.3], np.float32),
                            head * 0.3, skin * 0.85, 0.3))
    for _ in range(int(rng.integers(0, 4))):  # toys lying around
        size = rng.uniform(0.2, 0.45)
        solids.append(Solid("sphere", np.array([rng.uniform(-2.5, 2.5), size, rng.uniform(-1.5, 2)], np.float32),
                            size, palette.colour(int(rng.choice(ACCENTS))).astype(np.float32), 1.0))
    return solids


def _hit_sphere(origin: np.ndarray, directions: np.ndarray, solid: Solid) -> np.ndarray:
    offset = origin - solid.a
    b = _dot(directions, offset)
    c = _dot(offset, offset) - solid.b ** 2
    disc = b * b - c
    t = -b - np.sqrt(np.maximum(disc, 0))
    return np.where((disc > 0) & (t > 1e-3), t, NO_HIT)


def _hit_box(origin: np.ndarray, directions: np.ndarray, solid: Solid) -> tuple[np.ndarray, np.ndarray]:
    """Slab test; returns the entry distance and the axis (0, 1, 2) of the face entered."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t0 = (solid.a - origin) / directions
        t1 = (solid.b - origin) / directions
    near, far = np.minimum(t0, t1), np.maximum(t0, t1)
    entry = np.maximum(np.maximum(near[:, 0], near[:, 1]), near[:, 2])
    leave = np.minimum(np.minimum(far[:, 0], far[:, 1]), far[:, 2])
    hit = (leave >= entry) & (entry > 1e-3)
    axis = np.where(near[:, 0] == entry, 0, np.where(near[:, 1] == entry, 1, 2))
    return np.where(hit, entry, NO_HIT), axis


def _trace(origin: np.ndarray, directions: np.ndarray, solids: list[Solid], floor: bool):
    """Nearest hit per ray: distance, normal, colour (-1 for the floor) and gloss."""
    n = len(directions)
    t = np.full(n, NO_HIT, np.float32)
    normals = np.zeros((n, 3), np.float32)
    normals[:, 1] = 1
    colours = np.zeros((n, 3), np.float32)
    gloss = np.zeros(n, np.float32)
    if floor:
        with np.errstate(divide="ignore"):
            floor_t = np.where(directions[:, 1] < -1e-4, -origin[..., 1] / directions[:, 1], NO_HIT)
        t = np.minimum(t, floor_t).astype(np.float32)
        colours[t < NO_HIT] = -1
    for solid in solids:
        if solid.kind == "sphere":
            hit_t = _hit_sphere(origin, directions, solid)
        else:
            hit_t, axis = _hit_box(origin, directions, solid)
        nearer = hit_t < t
        t = np.where(nearer, hit_t, t)
        points = (origin[nearer] if origin.ndim > 1 else origin) + directions[nearer] * hit_t[nearer, None]
        if solid.kind == "sphere":
            normals[nearer] = (points - solid.a) / solid.b
        else:
            face = np.zeros((int(nearer.sum()), 3), np.float32)
            face[np.arange(len(face)), axis[nearer]] = -np.sign(directions[nearer, axis[nearer]])
            normals[nearer] = face
        colours[nearer] = solid.colour
        gloss[nearer] = solid.gloss
    return t, normals, colours, gloss


def _floor_colour(points: np.ndarray, palette: Palette, style: str) -> np.ndarray:
    base = palette.colour(1).astype(np.float32) * 0.5 + palette.colour(0) * 0.5
    if style != "horizon":
        return np.broadcast_to(base, points.shape).copy()
    chequer = (np.floor(points[:, 0]) + np.floor(points[:, 2])) % 2
    return np.where(chequer[:, None] > 0, base * 1.15, palette.colour(1) * 0.8)


def _shade(points, normals, directions, colours, gloss, solids, light, palette) -> np.ndarray:
    """Blinn-Phong with soft sphere shadows, sky-tinted ambient light and contact occlusion."""
    halfway = _unit(light - directions)
    lit = _soft_shadow(points + normals * 2e-3, light, solids)
    diffuse = np.clip(normals @ light, 0, 1) * lit
    specular = np.clip(_dot(normals, halfway), 0, 1) ** 60 * gloss * lit
    sky = palette.colour(0).astype(np.float32) / 255
    ambient = (0.25 + 0.2 * normals[:, 1:2]) * sky * _occlusion(points, normals, solids)[:, None]
    key = 1.1 - 0.3 * palette.darkness
    return colours * (ambient + key * diffuse[:, None]) + (255 * key * specular)[:, None]


def _soft_shadow(points: np.ndarray, light: np.ndarray, solids: list[Solid]) -> np.ndarray:
    """1 lit .. 0 in shadow: penumbrae from how near the light ray passes to each sphere; boxes cast hard shadows."""
    lit = np.ones(len(points), np.float32)
    for solid in solids:
        if solid.kind == "sphere":
            to_centre = solid.a - points
            along = to_centre @ light
            miss = np.sqrt(np.maximum(_dot(to_centre, to_centre) - along ** 2, 0))
            shade = np.clip((miss - solid.b * 0.85) / (0.12 * np.maximum(along, 1e-3) + 0.05), 0, 1)
            lit *= np.where(along > 0, shade, 1)
        else:
            hit_t, _ = _hit_box(points, np.broadcast_to(light, points.shape), solid)
            lit *= np.where(hit_t < NO_HIT, 0.0, 1.0)
    return lit


def _occlusion(points: np.ndarray, normals: np.ndarray, solids: list[Solid]) -> np.ndarray:
    """Darkening where a sphere is close and faces the surface: contact shadows under each ball."""
    open_sky = np.ones(len(points), np.float32)
    for solid in solids:
        if solid.kind != "sphere":
            continue
        to_centre = solid.a - points
        distance2 = np.maximum(_dot(to_centre, to_centre), 1e-6)
        facing = np.clip(_dot(normals, to_centre) / np.sqrt(distance2), 0, 1)
        open_sky *= 1 - 0.8 * facing * np.clip(solid.b ** 2 / distance2, 0, 1)
    return open_sky


def _reflect(image, points, directions, on_floor, solids, light, palette, strength) -> np.ndarray:
    """Mix into the floor what a mirror ray from it sees of the solids."""
    mirrored = directions[on_floor] * np.array([1, -1, 1], np.float32)
    t, normals, colours, gloss = _trace(points[on_floor] + mirrored * 1e-3, mirrored, solids, floor=False)
    seen = t < NO_HIT
    if not seen.any():
        return image
    shaded = _shade(points[on_floor][seen] + mirrored[seen] * t[seen, None], normals[seen], mirrored[seen],
                    colours[seen], gloss[seen], solids, light, palette)
    rows = np.flatnonzero(on_floor)[seen]
    image[rows] = image[rows] * (1 - strength) + shaded * strength
    return image


def _background(directions: np.ndarray, palette: Palette, style: str) -> np.ndarray:
    """Sky for the horizon style, a seamless studio sweep otherwise: a gradient on the ray's height."""
    up = np.clip(directions[:, 1:2] * 2.5 + 0.3, 0, 1)
    top = palette.colour(0).astype(np.float32)
    low = top * 0.55 + 110 * (1 - palette.darkness) if style == "horizon" else top * 0.75 + palette.colour(PALE) * 0.25
    return low * (1 - up) + top * up


def _depth_of_field(picture: Image.Image, depth: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """Blend towards a blurred copy as the surface lies further from the focal distance."""
    focus = np.float32(rng.uniform(5, 8))
    blur_amount = np.clip(np.abs(np.minimum(depth, 100) - focus) / focus, 0, 1)
    weight = np.asarray(Image.fromarray((blur_amount * 255).astype(np.uint8)).resize(picture.size), dtype=np.float32)
    sharp = np.asarray(picture, dtype=np.float32)
    soft = np.asarray(broad_blur(picture, 5), dtype=np.float32)
    mixed = sharp + (soft - sharp) * (weight[..., None] / 255)
    return Image.fromarray(np.clip(mixed, 0, 255).astype(np.uint8))
