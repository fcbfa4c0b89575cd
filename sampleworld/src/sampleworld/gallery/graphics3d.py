"""3D graphics: smooth shaded models with specular highlights, cast shadows, perspective floors,
reflections and depth of field. Two styles ray-trace analytic primitives; one inflates the family's
2-D distance-field subjects into clay-like surfaces and shades their normals."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageFilter

from . import layout, palettes, subjects, tracer
from .palettes import to_image_array

STYLES = {
    "gallery_studio_primitives": "a studio still life of glossy spheres and boxes on a reflective floor, shallow focus",
    "gallery_clay_character": "a soft clay-render character or icon on a seamless sweep backdrop with contact shadow",
    "gallery_city_blocks": "an architectural massing render: sunlit box buildings, long shadows, sky and haze",
}

SCALE = 2


def _unit(v):
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v)


def _shade_objects(scene, points, dirs, index, light, light_col, ambient, shadows=True):
    n = tracer.normals(scene, points, index)
    colour, shine = tracer.materials(scene, index)
    diffuse = np.clip(n @ light, 0, 1)
    if shadows:
        diffuse = diffuse * (1 - 0.85 * tracer.shadowed(scene, points + n * 1e-2, light))
    half = light - dirs
    half /= np.linalg.norm(half, axis=1, keepdims=True)
    spec = np.clip((n * half).sum(axis=1), 0, 1) ** np.maximum(shine, 1) * (shine > 0)
    sky_fill = (0.55 + 0.45 * n[:, 1:2]) * ambient
    return colour * (sky_fill + diffuse[:, None] * light_col) + spec[:, None] * light_col * 0.8, n


def _render(scene, w, h, eye, target, fov, light, mood, sky, floor, reflect=0.0, fog=0.0, windows=False,
            focus=None, blur=0.0):
    rw, rh = max(2, w // SCALE), max(2, h // SCALE)
    eye = np.asarray(eye, np.float32)
    dirs, cull = tracer.camera_rays(rw, rh, eye, target, fov)
    light_col = palettes.light_colour(mood) * (0.5 + 0.6 * palettes.brightness(mood))
    ambient = np.asarray(sky[1], np.float32) * 0.5 + 0.08
    up = np.clip(dirs[:, 1:2] * 2.5 + 0.2, 0, 1)
    out = sky[1] * (1 - up) + sky[0] * up
    depth = np.full(dirs.shape[0], 60.0, np.float32)
    t_obj, index = tracer.trace(scene, eye, dirs, cull)
    t_floor = tracer.floor_hit(eye, dirs)
    on_floor = t_floor < np.minimum(t_obj, 200)
    if on_floor.any():
        p = eye + dirs[on_floor] * t_floor[on_floor, None]
        base = np.broadcast_to(np.asarray(floor[0], np.float32), p.shape).copy()
        if floor[1] is not None:
            checker = ((np.floor(p[:, 0]) + np.floor(p[:, 2])) % 2)[:, None]
            fade = np.exp(-t_floor[on_floor] / 12)[:, None]  # distant squares average out instead of aliasing
            base = base * (1 - checker) + np.asarray(floor[1], np.float32) * checker
            base = base * fade + (np.asarray(floor[0]) + floor[1]) / 2 * (1 - fade)
        lit = light[1] * (1 - 0.7 * tracer.shadowed(scene, p, light))
        colour = base * (ambient + lit[:, None] * light_col)
        if reflect > 0:
            rdirs = dirs[on_floor] * np.array([1, -1, 1], np.float32)
            t_r, idx_r = tracer.trace(scene, p, rdirs)
            hit = idx_r >= 0
            if hit.any():
                rp = p[hit] + rdirs[hit] * t_r[hit, None]
                mirrored, _ = _shade_objects(scene, rp, rdirs[hit], idx_r[hit], light, light_col, ambient, False)
                colour[hit] = colour[hit] * (1 - reflect) + mirrored * reflect
        out[on_floor] = colour
        depth[on_floor] = t_floor[on_floor]
    on_obj = (index >= 0) & (t_obj <= t_floor)
    if on_obj.any():
        p = eye + dirs[on_obj] * t_obj[on_obj, None]
        colour, n = _shade_objects(scene, p, dirs[on_obj], index[on_obj], light, light_col, ambient)
        if windows:
            u = np.where(np.abs(n[:, 0]) > 0.5, p[:, 2], p[:, 0]) * 3
            glass = ((u % 1) < 0.55) & ((p[:, 1] * 2.5 % 1) < 0.5) & (np.abs(n[:, 1]) < 0.5)
            lamp = np.array([1.0, 0.8, 0.45], np.float32) if mood in ("gloomy", "scary") else sky[0] * 0.6
            colour[glass] = colour[glass] * 0.35 + lamp * 0.5
        out[on_obj] = colour
        depth[on_obj] = t_obj[on_obj]
    if fog > 0:
        haze = (1 - np.exp(-depth * fog))[:, None]
        out = out * (1 - haze) + sky[1] * haze
    img = Image.fromarray(to_image_array(out.reshape(rh, rw, 3)), mode="RGB")
    if focus is not None and blur > 0:  # depth of field, worked at render resolution before upscaling
        soft = img.filter(ImageFilter.GaussianBlur(blur / SCALE))
        amount = np.clip(np.abs(depth - focus) / focus * 1.5, 0, 1).reshape(rh, rw)
        img = Image.composite(soft, img, Image.fromarray((amount * 255).astype(np.uint8), mode="L"))
    return img.resize((w, h), Image.BICUBIC)


def _sky(mood, rng, studio):
    top, bottom = palettes.sky(mood, rng)
    if studio:
        grey = np.float32(palettes.brightness(mood))
        return top * 0.3 + grey * 0.55, bottom * 0.3 + grey * 0.6
    return top, bottom


def _studio(mood, rng, w, h):
    scene = tracer.Scene()
    cols = palettes.palette(mood, rng, 6, saturation=1.1)
    placed = []
    for i in range(int(rng.integers(3, 7))):
        for _ in range(10):
            x, z, r = rng.uniform(-2.2, 2.2), rng.uniform(-1.5, 2.0), rng.uniform(0.35, 0.9)
            if all(math.hypot(x - px, z - pz) > r + pr + 0.05 for px, pz, pr in placed):
                break
        placed.append((x, z, r))
        shine = float(rng.choice([0, 12, 40, 90]))
        if rng.random() < 0.6:
            scene.spheres.append(((x, r, z), r, cols[i % 6], shine))
        else:
            scene.boxes.append(((x - r * 0.8, 0, z - r * 0.8), (x + r * 0.8, r * rng.uniform(1, 2.4), z + r * 0.8),
                                cols[i % 6], shine))
    angle, dist = rng.uniform(-0.6, 0.6), rng.uniform(5.5, 8)
    eye = (math.sin(angle) * dist, rng.uniform(1.2, 3.5), -math.cos(angle) * dist)
    light = _unit((rng.uniform(-1, 1), rng.uniform(0.8, 1.6), rng.uniform(-1, 0.2)))
    floor_col = np.full(3, 0.7, np.float32) * palettes.brightness(mood)
    floor = (floor_col, floor_col * 0.5 if rng.random() < 0.5 else None)
    return _render(scene, w, h, eye, (0, 0.6, 0.3), math.radians(rng.uniform(35, 55)), light, mood,
                   _sky(mood, rng, True), floor, reflect=rng.uniform(0.15, 0.45), focus=dist,
                   blur=max(0.5, min(w, h) / 180))


def _city(mood, rng, w, h):
    scene = tracer.Scene()
    cols = palettes.palette(mood, rng, 4, saturation=0.35)
    pitch = rng.uniform(1.6, 2.4)
    for gx in range(-4, 5):
        for gz in range(-1, 8):
            if rng.random() < 0.25:
                continue
            x, z, s = gx * pitch, gz * pitch, pitch * rng.uniform(0.3, 0.42)
            tall = rng.uniform(0.8, 5.0) * (1.4 if abs(gx) < 2 else 1.0)
            scene.boxes.append(((x - s, 0, z - s), (x + s, tall, z + s), 0.55 + 0.45 * cols[int(rng.integers(4))], 0))
    aerial = rng.random() < 0.5
    eye = (rng.uniform(-2, 2), rng.uniform(9, 14) if aerial else rng.uniform(1.0, 2.0), -rng.uniform(7, 11))
    target = (0, 0 if aerial else 2.0, 6)
    sun = _unit((rng.uniform(-1, 1), rng.uniform(0.35, 0.9), rng.uniform(-0.3, 0.8)))
    ground = np.array([0.55, 0.55, 0.52], np.float32) * palettes.brightness(mood)
    return _render(scene, w, h, eye, target, math.radians(rng.uniform(45, 65)), sun, mood, _sky(mood, rng, False),
                   (ground, None), fog=rng.uniform(0.01, 0.04), windows=rng.random() < 0.7)


def _clay(mood, rng, w, h):
    """Subjects inflated into 2.5-D: height from the distance inside each part, normals from its slope."""
    rw, rh = max(2, w // SCALE), max(2, h // SCALE)
    kind = str(rng.choice(["figure", "animal", "icon", "abstract", "flowers", "face"]))
    frame = layout.vignette(rng, rw, rh)
    parts = [p for p in subjects.make(kind, rng, rh, rw, frame) if p.role not in ("sky", "ground", "far")]
    top, bottom = _sky(mood, rng, True)
    v = np.linspace(0, 1, rh, dtype=np.float32)[:, None, None]
    out = np.broadcast_to(top * (1 - v) + bottom * v, (rh, rw, 3)).copy()
    silhouette = subjects.silhouette(parts)
    floor_y = int(min(rh - 1, frame[3]))
    shadow = np.clip(1 - np.maximum(silhouette, 0) / max(2.0, rh * 0.04), 0, 1)
    shadow = np.asarray(Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(
        max(1.0, rh / 60))), np.float32) / 255
    contact = np.exp(-((np.arange(rh)[:, None] - floor_y) / max(2.0, rh * 0.03)) ** 2) * shadow.max(axis=0)
    out *= (1 - 0.45 * np.maximum(shadow * 0.6, contact))[..., None]
    light = _unit((rng.uniform(-0.8, -0.2), -rng.uniform(0.4, 0.9), 0.8))
    half = _unit(light + np.array([0, 0, 1], np.float32))
    light_col = palettes.light_colour(mood) * (0.55 + 0.5 * palettes.brightness(mood))
    cols = palettes.palette(mood, rng, len(parts), saturation=0.9)
    radius = max(3.0, min(rw, rh) * rng.uniform(0.04, 0.08))
    for part, colour in zip(parts, cols):
        d = part.d
        inside = np.clip(-d / radius, 0, 1)
        z = np.sqrt(1 - (1 - inside) ** 2) * radius
        gy, gx = np.gradient(z)
        norm = np.sqrt(gx * gx + gy * gy + 1)
        nx, ny, nz = -gx / norm, -gy / norm, 1 / norm
        diffuse = np.clip(nx * light[0] + ny * light[1] + nz * light[2], 0, 1)
        spec = np.clip(nx * half[0] + ny * half[1] + nz * half[2], 0, 1) ** 40
        rim = (1 - nz) ** 3
        shaded = colour * (0.3 + 0.75 * diffuse[..., None] * light_col) + (0.6 * spec + 0.15 * rim)[..., None]
        a = np.clip(0.5 - d, 0, 1)[..., None]
        out = out * (1 - a) + shaded * a
    img = Image.fromarray(to_image_array(out), mode="RGB").resize((w, h), Image.BICUBIC)
    return img


def render(style: str, mood: str, rng: np.random.Generator, w: int, h: int):
    draw = {"gallery_studio_primitives": _studio, "gallery_clay_character": _clay, "gallery_city_blocks": _city}
    return draw[style](mood, rng, w, h)
