"""3D graphics: rendered geometry with the lighting a renderer computes, not a hand paints.

Two styles ray trace solids (smooth Lambert and Phong shading, specular highlights, soft cast
shadows on a receding floor, reflections, fog and depth of field); the third rasterises a
flat-shaded low-poly terrain in perspective, the faceted look of real-time game art.
"""

from __future__ import annotations

import numpy as np

from .canvas import Pad, to_image
from .geometry import regular
from .palettes import Palette, palette, shade
from .raytrace import Camera, Solid, World, render

_SUN = {
    "happy": ((1.0, 0.95, 0.85), 1.0, 0.0), "peaceful": ((1.0, 0.97, 0.95), 0.75, 0.1),
    "gloomy": ((0.62, 0.67, 0.78), 0.55, 0.0), "scary": ((0.95, 0.35, 0.28), 0.9, 0.6),
}
_FOG = {"happy": 0.01, "peaceful": 0.03, "gloomy": 0.07, "scary": 0.05}


def _sun(pal: Palette, rng):
    """Direction towards the sun in world space (y up, camera looking along +z)."""
    lift = rng.uniform(0.35, 0.9) if pal.mood != "scary" else rng.uniform(0.15, 0.5)
    v = np.array([pal.light[0], lift, rng.uniform(-0.8, 0.3)], np.float32)
    return v / np.linalg.norm(v)


def _world(pal: Palette, rng, solids, floor, floor2=None, gloss=0.0, backdrop=False):
    tint, power, rim = _SUN[pal.mood]
    sky, low = pal["sky"], pal["sky_low"]
    if backdrop:  # a studio sweep: the floor melts into the wall
        low = floor
        sky = shade(floor, 1.15) if pal.mood != "scary" else shade(floor, 0.6)
    return World(solids, sky, low, floor, _sun(pal, rng), floor2, rng.uniform(0.6, 1.4), gloss,
                 np.float32(tint) * power, pal.ambient, _FOG[pal.mood] * (3 if backdrop else 1),
                 rim, pal.accent, rng.uniform(0.04, 0.12), 9.0 if backdrop else 4.0)


def _material(rng, colour):
    kind = rng.choice(["plastic", "matte", "metal", "plastic"])
    if kind == "plastic":
        return dict(colour=colour, specular=0.6, shininess=float(rng.uniform(30, 90)))
    if kind == "matte":
        return dict(colour=colour, specular=0.05, shininess=10.0)
    return dict(colour=shade(colour, 1.3), specular=0.9, shininess=150.0, mirror=0.6)


def studio_primitives(rng, mood, w, h):
    """The classic renderer test scene: simple solids whose shading shows the lighting model."""
    pal = palette(mood, rng)
    solids, placed = [], []
    for k in range(int(rng.integers(3, 7))):
        for _ in range(20):
            x, z = rng.uniform(-2.4, 2.4), rng.uniform(-1.2, 3.0)
            size = rng.uniform(0.35, 0.9)
            if all(np.hypot(x - px, z - pz) > size + ps + 0.1 for px, pz, ps in placed):
                break
        placed.append((x, z, size))
        mat = _material(rng, pal.scheme[k % len(pal.scheme)])
        kind = rng.choice(["sphere", "sphere", "box", "pill"])
        if kind == "sphere":
            solids.append(Solid("ellipsoid", np.float32([x, size, z]), np.float32([size] * 3),
                                **mat))
        elif kind == "pill":
            solids.append(Solid("ellipsoid", np.float32([x, size * 1.4, z]),
                                np.float32([size * 0.7, size * 1.4, size * 0.7]), **mat))
        else:
            half = np.float32([size, size * rng.uniform(0.5, 1.2), size]) * 0.8
            solids.append(Solid("box", np.float32([x, half[1], z]), half,
                                yaw=float(rng.uniform(0, np.pi / 2)), **mat))
    base = pal["ground"] if rng.random() < 0.5 else pal["road"]
    checker = rng.random() < 0.4
    world = _world(pal, rng, solids, shade(base, 1.2), shade(base, 0.75) if checker else None,
                   gloss=float(rng.uniform(0.2, 0.6)), backdrop=rng.random() < 0.4)
    cam = Camera(np.float32([rng.uniform(-1.5, 1.5), rng.uniform(1.2, 3.0), rng.uniform(-8, -6)]),
                 np.float32([0, 0.5, 1.0]), float(rng.uniform(35, 50)))
    focus = float(np.linalg.norm(solids[int(rng.integers(len(solids)))].centre - cam.eye))
    blur = float(rng.choice([0.0, rng.uniform(0.6, 1.4)]))
    return to_image(render(world, cam, w, h, focus, blur))


def _eyes(pal, rng, head, hr, glow, solids):
    """Two glossy eyes with pupils on the front of a head (glowing when scary)."""
    er = hr * rng.uniform(0.2, 0.3)
    for side in (-1, 1):
        eye = head + (side * hr * 0.38, hr * 0.1, -hr * 0.82)
        solids.append(Solid("ellipsoid", eye, np.float32([er, er * 1.15, er * 0.6]),
                            colour=pal["eye"] if glow else np.float32([0.97, 0.97, 0.97]),
                            specular=0.9, shininess=120.0))
        solids.append(Solid("ellipsoid", eye + (0, -er * 0.1, -er * 0.5),
                            np.float32([er * 0.5, er * 0.6, er * 0.3]) * (0.6 if glow else 1),
                            colour=np.float32([0.03, 0.03, 0.04]), specular=1.0, shininess=200.0))


def _creature(pal, rng, skin, mood):
    """A soft-toy creature: egg body, round head, ears or horns, stubby limbs."""
    body = dict(colour=skin, specular=0.5, shininess=float(rng.uniform(20, 50)))
    fat = rng.uniform(0.75, 1.05)
    solids = [Solid("ellipsoid", np.float32([0, 1.0, 0]), np.float32([0.8 * fat, 1.0, 0.7 * fat]),
                    **body)]
    hr = rng.uniform(0.6, 0.8)
    head = np.float32([0, 1.9 + hr * 0.6, -0.05])
    solids.append(Solid("ellipsoid", head, np.float32([hr, hr * 0.92, hr]), **body))
    ears = rng.choice(["round", "long", "horns", "none"] if mood != "scary" else ["horns"])
    for side in (-1, 1):
        if ears == "round":
            solids.append(Solid("ellipsoid", head + (side * hr * 0.7, hr * 0.75, 0.1),
                                np.float32([0.25, 0.25, 0.12]) * hr / 0.7, **body))
        elif ears == "long":
            solids.append(Solid("ellipsoid", head + (side * hr * 0.4, hr * 1.3, 0.1),
                                np.float32([0.14, 0.5, 0.1]) * hr / 0.7, **body))
        elif ears == "horns":
            solids.append(Solid("ellipsoid", head + (side * hr * 0.55, hr * 0.95, 0.0),
                                np.float32([0.09, 0.3, 0.09]) * hr / 0.7,
                                colour=shade(pal["light"], 0.9), specular=0.8, shininess=80.0))
        solids.append(Solid("ellipsoid", np.float32([side * 0.85 * fat, 1.05, -0.05]),
                            np.float32([0.22, 0.48, 0.22]), **body))
        solids.append(Solid("ellipsoid", np.float32([side * 0.4, 0.14, -0.2]),
                            np.float32([0.3, 0.15, 0.38]), **body))
    _eyes(pal, rng, head, hr, mood == "scary", solids)
    solids.append(Solid("ellipsoid", head + (0, -hr * 0.2, -hr * 0.92),
                        np.float32([0.09] * 3) * hr / 0.5, colour=shade(skin, 0.6),
                        specular=0.7, shininess=60.0))
    return solids, head


def _robot(pal, rng, skin, mood):
    """A toy robot of rounded-looking boxes with an antenna."""
    metal = dict(colour=skin, specular=0.8, shininess=float(rng.uniform(60, 140)))
    trim = dict(colour=shade(skin, 0.55), specular=0.6, shininess=40.0)
    bw, bh = rng.uniform(0.6, 0.85), rng.uniform(0.6, 0.8)
    solids = [Solid("box", np.float32([0, 0.5 + bh, 0]), np.float32([bw, bh, 0.5]), **metal)]
    hs = rng.uniform(0.45, 0.6)
    head = np.float32([0, 0.5 + 2 * bh + 0.1 + hs, 0])
    solids.append(Solid("box", head, np.float32([hs * 1.2, hs, hs]), **metal))
    solids.append(Solid("box", head + (0, hs + 0.25, 0), np.float32([0.04, 0.25, 0.04]), **trim))
    solids.append(Solid("ellipsoid", head + (0, hs + 0.55, 0), np.float32([0.11] * 3),
                        colour=pal.accent, specular=0.9, shininess=100.0))
    for side in (-1, 1):
        solids.append(Solid("box", np.float32([side * (bw + 0.18), 0.5 + bh * 1.2, 0]),
                            np.float32([0.14, bh * 0.7, 0.14]), **trim))
        solids.append(Solid("box", np.float32([side * bw * 0.45, 0.25, 0]),
                            np.float32([0.17, 0.25, 0.2]), **trim))
    solids.append(Solid("box", np.float32([0, 0.5 + bh, -0.5]), np.float32([bw * 0.5, bh * 0.3,
                                                                             0.02]),
                        colour=pal.scheme[int(rng.integers(len(pal.scheme)))], specular=0.9,
                        shininess=80.0))
    _eyes(pal, rng, head + (0, 0, -hs * 0.2), hs, mood == "scary", solids)
    return solids, head


def toy_character(rng, mood, w, h):
    """Character art as 3D studios present it: smooth toy-like forms, soft studio light."""
    pal = palette(mood, rng)
    skin = pal.scheme[int(rng.integers(len(pal.scheme)))]
    solids, head = (_robot if rng.random() < 0.35 else _creature)(pal, rng, skin, mood)
    for _ in range(int(rng.integers(0, 3))):
        r = rng.uniform(0.25, 0.5)
        x = rng.choice([-1, 1]) * rng.uniform(1.6, 2.5)
        solids.append(Solid("ellipsoid", np.float32([x, r, rng.uniform(-1.0, 1.0)]),
                            np.float32([r] * 3),
                            **_material(rng, pal.scheme[int(rng.integers(6))])))
    floor = pal.scheme[int(rng.integers(len(pal.scheme)))] if rng.random() < 0.5 else pal["wall"]
    world = _world(pal, rng, solids, shade(floor, 1.1), gloss=float(rng.uniform(0.0, 0.3)),
                   backdrop=True)
    world.rim = max(world.rim, 0.25)
    cam = Camera(np.float32([rng.uniform(-1.2, 1.2), rng.uniform(1.2, 2.4), -7.5]),
                 np.float32([0, 1.4, 0]), float(rng.uniform(32, 42)))
    focus = float(np.linalg.norm(head - cam.eye))
    return to_image(render(world, cam, w, h, focus, float(rng.choice([0.0, 0.8]))))


def _terrain(rng, nx, nz):
    """Heights on a grid: ridged hills rising towards the back, a valley in the middle."""
    x = np.linspace(-1, 1, nx)[None, :]
    z = np.linspace(0, 1, nz)[:, None]
    hgt = np.zeros((nz, nx))
    for k in range(1, 5):
        hgt += rng.uniform(0.5, 1.0) / k * np.sin(k * 3.1 * x + rng.uniform(0, 6)) * np.cos(
            k * 2.3 * z * 3 + rng.uniform(0, 6))
    valley = 1 - np.exp(-(x - rng.uniform(-0.4, 0.4)) ** 2 / 0.08)
    return (0.4 + hgt * 0.35) * (0.4 + 1.6 * z) * (0.3 + 0.7 * valley)


def lowpoly_terrain(rng, mood, w, h):
    """Game-style terrain: few polygons, one flat colour per facet, depth by fog."""
    pal = palette(mood, rng)
    nx, nz = int(rng.integers(14, 24)), int(rng.integers(10, 16))
    heights = _terrain(rng, nx, nz) * rng.uniform(2.0, 3.5)
    xs, zs = np.meshgrid(np.linspace(-12, 12, nx), np.linspace(0.5, 22, nz))
    xs = xs + rng.uniform(-0.35, 0.35, xs.shape)
    zs = zs + rng.uniform(-0.35, 0.35, zs.shape)
    water = rng.uniform(0.2, 0.6) if rng.random() < 0.6 else -1.0
    ys = np.maximum(heights, water)
    verts = np.stack([xs, ys, zs], -1)
    cam = np.array([rng.uniform(-1, 1), rng.uniform(2.5, 4.5), -2.0])
    pitch = rng.uniform(0.12, 0.3)
    sun = np.array([pal.light[0], rng.uniform(0.3, 0.8), rng.uniform(-0.2, 0.6)])
    sun /= np.linalg.norm(sun)
    tint, power, _ = _SUN[pal.mood]
    rel = verts - cam
    cy, sy = np.cos(pitch), np.sin(pitch)
    yc, zc = rel[..., 1] * cy + rel[..., 2] * sy, -rel[..., 1] * sy + rel[..., 2] * cy
    focal = 0.5 * w / np.tan(np.radians(rng.uniform(30, 40)))
    sx, sy_ = w / 2 + rel[..., 0] / zc * focal, h * 0.42 - yc / zc * focal
    horizon = h * 0.42 - np.tan(-pitch) * focal * -1
    pad = Pad(w, h, shade(pal["ground"], 0.8), "RGB", 3)
    steps = 6
    for i in range(steps):  # a banded, faceted sky
        y0 = horizon * i / steps
        t = i / (steps - 1)
        pad.polygon(np.array([[0, y0], [w, y0], [w, horizon + 2], [0, horizon + 2]]),
                    pal["sky"] + (pal["sky_low"] - pal["sky"]) * t)
    sun_xy = (w * rng.uniform(0.2, 0.8), horizon * rng.uniform(0.25, 0.7))
    pad.polygon(regular(*sun_xy, min(w, h) * rng.uniform(0.05, 0.09), 8, rng.uniform(0, 1)),
                pal["sun"])
    faces = []
    for j in range(nz - 1):
        for i in range(nx - 1):
            a, b, c, d = (j, i), (j, i + 1), (j + 1, i), (j + 1, i + 1)
            for tri in ((a, b, c), (b, d, c)) if (i + j) % 2 else ((a, b, d), (a, d, c)):
                faces.append(tri)
    idx = np.array(faces)  # (n, 3, 2)
    p3 = verts[idx[..., 0], idx[..., 1]]
    p2 = np.stack([sx[idx[..., 0], idx[..., 1]], sy_[idx[..., 0], idx[..., 1]]], -1)
    depth = zc[idx[..., 0], idx[..., 1]].mean(1)
    normal = np.cross(p3[:, 1] - p3[:, 0], p3[:, 2] - p3[:, 0])
    normal *= np.sign(normal[:, 1:2]) / (np.linalg.norm(normal, axis=1, keepdims=True) + 1e-9)
    lam = np.clip(normal @ sun, 0, 1)
    height = p3[:, :, 1].mean(1)
    top = heights.max()
    bands = [(water + 0.01, pal["water"]), (top * 0.35, pal["ground"]), (top * 0.6, pal["leaf"]),
             (top * 0.8, pal["far"]), (np.inf, pal["cloud"])]
    fog_colour = pal["sky_low"]
    jitter = rng.uniform(-0.07, 0.07, len(idx))
    for k in np.argsort(-depth):
        base = next(c for limit, c in bands if height[k] <= limit)
        if zc[idx[k, :, 0], idx[k, :, 1]].min() < 0.3:
            continue  # behind the eye
        facet = 1 + jitter[k]  # low-poly artists nudge each facet's shade
        col = base * (pal.ambient + power * np.float32(tint) * lam[k]) * facet
        fog = 1 - np.exp(-_FOG[pal.mood] * 0.8 * depth[k])
        col = col + (fog_colour - col) * fog
        pad.polygon(p2[k], np.clip(col, 0, 1))
        pad.line(p2[k], np.clip(col, 0, 1), 0.6, closed=True)
    return pad.pil()


STYLES = {
    "studio_primitives": ("ray-traced spheres, pills and boxes in plastic, matte and chrome on a "
                          "receding glossy floor: shadows, reflections, depth of field",
                          studio_primitives),
    "toy_character": ("a glossy cartoon creature of ellipsoids or a toy robot of boxes on a "
                      "studio sweep, with soft shadows, rim light and specular eyes",
                      toy_character),
    "lowpoly_terrain": ("flat-shaded low-poly landscape in perspective: faceted hills, water and "
                        "snow caps fading into fog under a banded sky", lowpoly_terrain),
}
