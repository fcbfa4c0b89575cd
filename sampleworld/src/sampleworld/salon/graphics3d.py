"""3D graphics: ray-cast models with Phong shading, cast shadows, reflections and depth of field.

Frames are traced at a third of the size (smooth shading enlarges cleanly). Styles: a product-style
studio render of primitives on a glossy floor, a matte clay toy character with a blurred
background, and the classic chrome spheres over a checkerboard under a sky.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from . import palettes, surface
from .raytrace import Shape, camera, cast, dot

STYLES = {
    "salon_studio_render": "a studio product render: glossy primitives on a reflective seamless floor, soft light",
    "salon_clay_toy": "a matte clay-style toy character with soft shading and a shallow depth of field",
    "salon_chrome_checker": "a classic ray-tracer scene: mirror spheres and boxes over a receding checkerboard",
}


def _primitives(rng: np.random.Generator, colours: np.ndarray, mirror: float) -> list[Shape]:
    """A few spheres, capsules and boxes resting on the floor, spread out in front of the camera."""
    shapes = []
    for k in range(int(rng.integers(3, 6))):
        x, z = rng.uniform(-2.2, 2.2), rng.uniform(-1.5, 2.0)
        colour, shine = colours[k % len(colours)], rng.uniform(0.3, 1.0)
        kind = ("sphere", "capsule", "box")[int(rng.integers(3))]
        r = rng.uniform(0.4, 0.8)
        if kind == "sphere":
            shapes.append(Shape("sphere", np.array([x, r, z]), np.full(3, r), colour, shine, mirror * rng.random()))
        elif kind == "capsule":
            half = rng.uniform(0.2, 0.6)
            shapes.append(Shape("capsule", np.array([x, r * 0.7 + half, z]), np.array([r * 0.7, half, 0]), colour,
                                shine))
        else:
            size = rng.uniform(0.3, 0.6, 3)
            shapes.append(Shape("box", np.array([x, size[1], z]), size, colour, shine * 0.5))
    return shapes


def _toy(rng: np.random.Generator, colours: np.ndarray) -> list[Shape]:
    """A little creature: an egg body, a round head with eyes, stubby capsule arms and ears."""
    body, skin = rng.uniform(0.7, 1.0), colours[0]
    head = body * rng.uniform(0.6, 0.85)
    top = body * 1.6 + head * 0.8
    white, black = np.array([0.95, 0.95, 0.95]), np.array([0.05, 0.05, 0.06])
    shapes = [Shape("sphere", np.array([0, body * 0.9, 0]), np.array([body, body * 0.9, body * 0.85]), skin, 0.15),
              Shape("sphere", np.array([0, top, 0]), np.full(3, head), skin, 0.15)]
    for side in (-1, 1):
        shapes.append(Shape("sphere", np.array([side * head * 0.4, top + head * 0.15, -head * 0.8]),
                            np.full(3, head * 0.25), white, 0.6))
        shapes.append(Shape("sphere", np.array([side * head * 0.4, top + head * 0.15, -head * 1.02]),
                            np.full(3, head * 0.11), black, 0.9))
        shapes.append(Shape("capsule", np.array([side * body * 1.0, body * 0.9, 0]), np.array([body * 0.2, 0.2, 0]),
                            colours[1], 0.15))
        shapes.append(Shape("sphere", np.array([side * head * 0.7, top + head * 0.9, 0]),
                            np.array([head * 0.22, head * 0.35, head * 0.15]), colours[2], 0.15))
    for k in range(int(rng.integers(3, 7))):  # props far behind, for the blurred background
        r = rng.uniform(0.3, 0.8)
        shapes.append(Shape("sphere", np.array([rng.uniform(-6, 6), r, rng.uniform(5, 12)]), np.full(3, r),
                            colours[(k + 3) % 5], 0.5))
    return shapes


def _shade(shapes, O, D, light, sky_top, sky_bottom, floor_colour, checker, floor_gloss, bounce):
    """Colour of each ray: Lambert + Blinn-Phong under a point light with hard shadows."""
    t, normal, index = cast(shapes, O, D)
    P = O + D * np.minimum(t, 1e4)[:, None]
    sky = sky_bottom + (sky_top - sky_bottom) * np.clip(D[:, 1:2] * 2.5, 0, 1)
    base = np.zeros_like(D)
    shine = np.zeros(len(D))
    mirror = np.zeros(len(D))
    for k, shape in enumerate(shapes):
        hit = index == k
        base[hit], shine[hit], mirror[hit] = shape.colour, shape.shine, shape.mirror
    on_floor = index == -1
    if checker:
        squares = (np.floor(P[:, 0]) + np.floor(P[:, 2])) % 2
        base[on_floor] = np.where(squares[on_floor, None] > 0, floor_colour, floor_colour * 0.25)
    else:
        base[on_floor] = floor_colour
    shine[on_floor], mirror[on_floor] = 0.2, floor_gloss
    to_light = light - P
    distance = np.sqrt(dot(to_light, to_light))
    L = to_light / distance[:, None]
    lit = index > -2
    ts, _, _ = cast(shapes, P[lit] + normal[lit] * 2e-3, L[lit], floor=False)
    shadow = np.zeros(len(D))
    shadow[lit] = ts < distance[lit]
    diffuse = np.clip(dot(normal, L), 0, 1) * (1 - shadow)
    H = L - D
    H /= np.sqrt(dot(H, H))[:, None]
    specular = np.clip(dot(normal, H), 0, 1) ** (8 + 120 * shine) * shine * (1 - shadow)
    ambient = 0.22 + 0.18 * normal[:, 1]
    colour = base * (ambient + 0.85 * diffuse)[:, None] + specular[:, None]
    fog = np.clip((t - 12) / 25, 0, 1)[:, None]
    colour = colour * (1 - fog) + sky * fog
    colour[~lit] = sky[~lit]
    if bounce and (mirror > 0).any():
        shiny = mirror > 0
        R = D[shiny] - 2 * dot(D[shiny], normal[shiny])[:, None] * normal[shiny]
        reflected, _ = _shade(shapes, P[shiny] + normal[shiny] * 2e-3, R, light, sky_top, sky_bottom, floor_colour,
                              checker, 0.0, False)
        colour[shiny] = colour[shiny] * (1 - mirror[shiny, None]) + reflected * mirror[shiny, None]
    return colour, t


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A 3D render in `style`."""
    w, h = max(8, width // 3), max(8, height // 3)
    colours = palettes.colours(mood, rng, 6)
    top, bottom = palettes.sky(mood)
    light = np.array([rng.uniform(-6, 6), rng.uniform(6, 10), rng.uniform(-8, -2)])
    if style == "salon_clay_toy":
        shapes, eye, target = _toy(rng, colours), np.array([rng.uniform(-2, 2), 2.2, -6.5]), np.array([0, 1.6, 0])
        floor, checker, gloss = palettes.shade(colours[4], 1.3), False, 0.0
    elif style == "salon_chrome_checker":
        shapes = _primitives(rng, np.concatenate([colours, np.full((2, 3), 0.9)]), 0.9)
        eye, target = np.array([rng.uniform(-3, 3), rng.uniform(1.5, 3.5), -8]), np.array([0, 0.6, 0])
        floor, checker, gloss = palettes.shade(colours[5], 1.5), True, 0.15
    else:
        shapes = _primitives(rng, colours, 0.0)
        eye, target = np.array([rng.uniform(-2, 2), rng.uniform(2.5, 5), -8]), np.array([0, 0.5, 0])
        floor, checker, gloss = palettes.shade(bottom, 1.1), False, 0.3
        top = bottom = floor  # a seamless backdrop: floor and background one colour
    D = camera(w, h, eye, target, np.radians(rng.uniform(40, 55)))
    O = np.broadcast_to(eye, D.shape)
    colour, depth = _shade(shapes, O, D, light, top, bottom, floor, checker, gloss, True)
    frame = np.clip(colour.reshape(h, w, 3), 0, 1).astype(np.float32)
    if style == "salon_clay_toy":  # depth of field focused on the toy
        focus = np.linalg.norm(eye - target)
        spread = np.clip(np.abs(np.minimum(depth, 40) - focus) / focus, 0, 1).reshape(h, w, 1).astype(np.float32)
        frame = frame * (1 - spread) + surface.blur(frame, max(1.0, min(w, h) * 0.02)) * spread
    image = surface.to_image(frame).resize((width, height), Image.BICUBIC)
    return image
