"""3D graphics: a tiny numpy ray tracer (spheres on a floor: Lambert and Phong shading, soft cast
shadows, contact occlusion, floor reflections, depth of field) and a flat-shaded low-poly mesh."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import moods
from .tools import blur, hsv, mix, noise, to_image

STYLES = {
    "studio_product_spheres": "abstract product render: glossy spheres on a seamless gradient cyclorama with "
                              "soft shadows, floor reflections and shallow depth of field",
    "studio_lowpoly_landscape": "low-poly landscape: flat-shaded triangulated hills and cone trees in "
                                "perspective under a gradient sky with distance fog",
    "studio_toy_character": "toy-like character render: a clay creature built of spheres with glossy eyes on a "
                            "coloured backdrop, contact shadow and rim light",
}


def _normalise(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _hit(origin, direction, centre, radius):
    """Distance along each ray to a sphere (inf where missed)."""
    oc = origin - centre
    b = (oc * direction).sum(-1)
    c = (oc * oc).sum(-1) - radius * radius
    disc = b * b - c
    t = -b - np.sqrt(np.maximum(disc, 0))
    return np.where((disc > 0) & (t > 1e-3), t, np.inf)


def _trace(spheres, mood, rng, w, h, backdrop, floor_colour):
    spec = moods.mood(mood)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    aspect = w / h
    eye = np.array([0.0, 1.2, -5.0], np.float32)
    direction = _normalise(np.stack([(x / w - 0.5) * aspect * 0.9, (0.5 - y / h) * 0.9 - 0.12,
                                     np.ones_like(x)], -1))
    light = _normalise(np.array([rng.uniform(-1, 1), 1.4, -0.6], np.float32))
    nearest, which = np.full((h, w), np.inf, np.float32), np.full((h, w), -1)
    for i, (centre, radius, _, _) in enumerate(spheres):
        t = _hit(eye, direction, centre, radius)
        closer = t < nearest
        nearest, which = np.where(closer, t, nearest), np.where(closer, i, which)
    floor_t = np.where(direction[..., 1] < 0, -eye[1] / np.minimum(direction[..., 1], -1e-6), np.inf)
    on_floor = (floor_t < nearest) & np.isfinite(floor_t)
    fade = np.clip((floor_t - 3) / 12, 0, 1)  # the cyclorama: floor melts into the backdrop
    image = np.broadcast_to(backdrop, (h, w, 3)).copy()
    point = eye + direction * np.where(on_floor, floor_t, 0)[..., None]
    shade = np.ones((h, w), np.float32)
    for centre, radius, _, _ in spheres:  # soft shadow toward the light and contact occlusion
        to_centre = centre - point
        along = (to_centre * light).sum(-1)
        miss = np.sqrt(np.maximum((to_centre * to_centre).sum(-1) - along * along, 0))
        shade *= np.where(along > 0, np.clip((miss - radius * 0.6) / (radius * 0.9), 0, 1), 1) * 0.55 + 0.45
        shade *= 1 - 0.5 * np.clip(radius * radius / np.maximum((to_centre * to_centre).sum(-1), 1e-3), 0, 1)
    floor = floor_colour * (0.55 + 0.45 * shade)[..., None]
    bounce = direction * np.array([1, -1, 1], np.float32)  # the mirror ray off the floor
    reflected, reflect_t = np.zeros((h, w, 3), np.float32), np.full((h, w), np.inf, np.float32)
    for centre, radius, colour, _ in spheres:
        t = _hit(point, bounce, centre, radius)
        closer = on_floor & (t < reflect_t)
        reflect_t = np.where(closer, t, reflect_t)
        reflected = np.where(closer[..., None], colour * 0.8, reflected)
    floor = np.where(np.isfinite(reflect_t)[..., None], mix(floor, reflected, 0.3), floor)
    image = np.where(on_floor[..., None], mix(floor, backdrop, fade[..., None]), image)
    hit_point = eye + direction * np.where(np.isfinite(nearest), nearest, 0)[..., None]
    for i, (centre, radius, colour, gloss) in enumerate(spheres):
        inside = which == i
        if not inside.any():
            continue
        normal = (hit_point[inside] - centre) / radius
        view = -direction[inside]
        lambert = np.clip(normal @ light, 0, 1)
        half = _normalise(light + view)
        specular = np.clip((normal * half).sum(-1), 0, 1) ** gloss
        rim = np.clip(1 - (normal * view).sum(-1), 0, 1) ** 3
        sky = 0.5 + 0.5 * normal[:, 1]
        lit = colour * (0.18 + 0.22 * sky + (0.85 - 0.4 * spec.shadow) * lambert)[:, None]
        image[inside] = lit + (specular * 0.9 + rim * 0.25)[:, None]
    depth = np.where(np.isfinite(nearest), nearest, np.where(on_floor, floor_t, 30))
    return image, depth


def _spheres(style, mood, rng):
    picks = moods.colours(mood, rng, 6)
    if style == "studio_toy_character":
        body = picks[0]
        eye = np.array([0.04, 0.04, 0.05], np.float32)
        x = rng.uniform(-0.4, 0.4)
        return [(np.array([x, 0.75, 0.5], np.float32), 0.75, body, 12.0),
                (np.array([x, 1.85, 0.4], np.float32), 0.6, body, 12.0),
                (np.array([x - 0.45, 2.35, 0.45], np.float32), 0.22, body, 12.0),
                (np.array([x + 0.45, 2.35, 0.45], np.float32), 0.22, body, 12.0),
                (np.array([x - 0.22, 1.95, -0.12], np.float32), 0.12, eye, 80.0),
                (np.array([x + 0.22, 1.95, -0.12], np.float32), 0.12, eye, 80.0),
                (np.array([x, 1.75, -0.2], np.float32), 0.09, picks[1], 40.0),
                (np.array([x + 1.6, 0.3, -0.4], np.float32), 0.3, picks[2], 30.0)]
    spheres = []
    for _ in range(int(rng.integers(3, 6))):
        radius = float(rng.uniform(0.3, 0.9))
        centre = np.array([rng.uniform(-2.2, 2.2), radius, rng.uniform(-1.2, 3.5)], np.float32)
        spheres.append((centre, radius, picks[int(rng.integers(6))], float(rng.choice([20.0, 60.0, 200.0]))))
    return spheres


def _raytraced(style, mood, rng, width, height):
    w, h = max(8, width // 3), max(8, height // 3)
    spec = moods.mood(mood)
    top, low = hsv(*spec.sky[0]), hsv(*spec.sky[1])
    if style == "studio_toy_character":
        top = low = moods.colours(mood, rng, 1)[0] * 0.9 + 0.05
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    backdrop = top * (1 - t) + low * t
    floor_colour = low * 0.9
    image, depth = _trace(_spheres(style, mood, rng), mood, rng, w, h, backdrop, floor_colour)
    if style == "studio_product_spheres":  # depth of field: far things soften
        focus = float(np.percentile(depth[depth < 30], 30)) if (depth < 30).any() else 5.0
        soft = blur(image, max(1.0, w / 120))
        image = mix(image, soft, np.clip(np.abs(depth - focus) / 4, 0, 1))
    big = np.stack([np.asarray(Image.fromarray(np.ascontiguousarray(image[..., c])).resize((width, height),
                                                                                          Image.BICUBIC))
                    for c in range(3)], -1)
    return to_image(big)


def _lowpoly(mood, rng, width, height):
    spec = moods.mood(mood)
    sky = np.broadcast_to(moods.sky(mood, height), (height, width, 3))
    image = to_image(sky)
    draw = ImageDraw.Draw(image)
    cols, rows = 16, 12
    heights = noise(rng, rows, cols, 3.0) * 2.2 * np.clip(np.linspace(0.1, 1.6, rows), 0, 1)[:, None]
    xs = np.linspace(-8, 8, cols)
    zs = np.linspace(2, 30, rows)
    horizon = height * 0.42
    light = np.array([rng.uniform(-0.7, 0.7), 1.0, -0.5])
    light /= np.linalg.norm(light)
    grass, rock = moods.colours(mood, rng, 2)
    fog = hsv(*spec.sky[1])
    draw.rectangle([0, horizon, width, height], fill=tuple(int(v * 255) for v in np.clip(grass * 0.6, 0, 1)))

    def project(x, y, z):
        return width / 2 + x / z * width * 0.9, horizon + (2.6 - y) / z * width * 0.9

    for r in range(rows - 2, -1, -1):  # far to near
        for c in range(cols - 1):
            quad = [(xs[c], heights[r, c], zs[r]), (xs[c + 1], heights[r, c + 1], zs[r]),
                    (xs[c + 1], heights[r + 1, c + 1], zs[r + 1]), (xs[c], heights[r + 1, c], zs[r + 1])]
            for tri in ((quad[0], quad[1], quad[2]), (quad[0], quad[2], quad[3])):
                a, b, d = (np.array(p) for p in tri)
                normal = np.cross(b - a, d - a)
                normal = normal / (np.linalg.norm(normal) + 1e-9) * np.sign(normal[1] or 1)
                lit = 0.35 + 0.65 * max(0.0, float(normal @ light))
                base = mix(grass, rock, min(1.0, float(a[1]) / 2.2))
                colour = mix(base * lit, fog, min(1.0, float(a[2]) / 34))
                draw.polygon([project(*p) for p in tri], fill=tuple(int(v * 255) for v in np.clip(colour, 0, 1)))
            if rng.random() < 0.12:  # a cone tree: one lit and one shaded face
                x, y, z = xs[c] + 0.5, heights[r, c], zs[r] + 0.5
                tip, left, mid, right = (project(x, y + 1.6, z), project(x - 0.4, y, z), project(x + 0.05, y - 0.1, z),
                                         project(x + 0.4, y, z))
                leaf = hsv(0.33, 0.5, 0.55) * spec.value[1]
                for face, k in (((tip, left, mid), 1.0), ((tip, mid, right), 0.6)):
                    colour = mix(leaf * k, fog, min(1.0, z / 34))
                    draw.polygon(face, fill=tuple(int(v * 255) for v in np.clip(colour, 0, 1)))
    return image


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    if style == "studio_lowpoly_landscape":
        return _lowpoly(mood, rng, width, height)
    return _raytraced(style, mood, rng, width, height)
