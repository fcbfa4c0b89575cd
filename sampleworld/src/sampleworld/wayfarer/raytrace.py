"""A small vectorised ray tracer: ellipsoids and boxes on a floor, lit by one sun.

Enough of a renderer to produce what 3D graphics look like: perspective on a receding floor,
Lambert and Blinn-Phong shading, soft cast shadows and contact occlusion, floor reflections
(by tracing the mirrored scene), mirror-like materials, fog, depth of field and clean
anti-aliased silhouettes. Every ray is a numpy array element; each solid is only intersected
inside the screen rectangle it (or its shadow, or its reflection) can cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from .canvas import from_image, smoothstep, to_image


@dataclass
class Solid:
    """An ellipsoid (size = radii) or a box turned by `yaw` (size = half extents)."""

    kind: str
    centre: np.ndarray
    size: np.ndarray
    colour: np.ndarray
    yaw: float = 0.0
    specular: float = 0.4
    shininess: float = 40.0
    mirror: float = 0.0


@dataclass
class World:
    solids: list[Solid]
    sky_top: np.ndarray
    horizon: np.ndarray
    floor: np.ndarray
    light: np.ndarray  # unit vector towards the sun (y up)
    floor2: np.ndarray | None = None  # checker colour
    tile: float = 1.0
    gloss: float = 0.0  # floor reflectivity
    sun: np.ndarray = field(default_factory=lambda: np.ones(3, np.float32))
    ambient: float = 0.45
    fog: float = 0.02
    rim: float = 0.0
    rim_colour: np.ndarray = field(default_factory=lambda: np.ones(3, np.float32))
    softness: float = 0.08
    fog_start: float = 4.0  # haze begins this far from the eye


@dataclass
class Camera:
    eye: np.ndarray
    target: np.ndarray
    fov: float = 40.0


def _v(c) -> np.ndarray:
    """A 3-vector shaped to broadcast over (3, ...) planes."""
    return np.asarray(c, np.float32).reshape((3,) + (1,) * 2)


def _dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _norm(v):
    return v / np.sqrt(np.maximum(_dot(v, v), 1e-12))


def _basis(cam: Camera):
    f = np.asarray(cam.target, np.float32) - cam.eye
    f /= np.linalg.norm(f)
    r = np.cross(np.float32([0, 1, 0]), f)
    r /= np.linalg.norm(r)
    return f, r, np.cross(f, r)


def _rays(cam: Camera, w: int, h: int) -> np.ndarray:
    """Unit view directions as (3, h, w) planes."""
    f, r, u = _basis(cam)
    t = np.tan(np.radians(cam.fov) / 2)
    xs = ((np.arange(w, dtype=np.float32) + 0.5) / w * 2 - 1) * np.float32(t * w / h)
    ys = (1 - (np.arange(h, dtype=np.float32) + 0.5) / h * 2) * np.float32(t)
    d = _v(f) + _v(r) * xs[None, None, :] + _v(u) * ys[None, :, None]
    return _norm(d.astype(np.float32))


def _project(cam: Camera, pts, w, h):
    """Screen x, y of world points (None for points behind the eye)."""
    f, r, u = _basis(cam)
    rel = np.asarray(pts, np.float32) - cam.eye
    z = rel @ f
    if np.any(z <= 0.05):
        return None
    t = np.tan(np.radians(cam.fov) / 2)
    x = (rel @ r) / z / (t * w / h)
    y = (rel @ u) / z / t
    return np.stack([(x + 1) / 2 * w, (1 - y) / 2 * h], 1)


def _rect(cam, pts, w, h, pad=3):
    """Screen rectangle (y0, y1, x0, x1) covering world points; the whole frame if unsure."""
    p = _project(cam, pts, w, h)
    if p is None:
        return 0, h, 0, w
    x0, y0 = np.floor(p.min(0)).astype(int) - pad
    x1, y1 = np.ceil(p.max(0)).astype(int) + pad
    return max(0, y0), min(h, y1), max(0, x0), min(w, x1)


def _corners(s: Solid, mirror=False):
    r = float(np.linalg.norm(s.size)) if s.kind == "box" else float(s.size.max())
    c = s.centre * (1, -1, 1) if mirror else s.centre
    return c + np.array([[a, b, e] for a in (-r, r) for b in (-r, r) for e in (-r, r)])


def _rotate_y(v, yaw):
    c, s = np.float32(np.cos(yaw)), np.float32(np.sin(yaw))
    return np.stack([c * v[0] - s * v[2], v[1], s * v[0] + c * v[2]])


def _hit(s: Solid, o, d, mirror=False):
    """Distance along each ray to the solid (inf on a miss) and the world normal there.

    o is the ray origin (a 3-vector, or planes like d), d the (3, ...) directions.
    """
    centre = _v(s.centre * (1, -1, 1) if mirror else s.centre).reshape((3,) + (1,) * (d.ndim - 1))
    size = _v(s.size).reshape(centre.shape)
    o = o.reshape((3,) + (1,) * (d.ndim - 1)) if o.ndim == 1 else o
    if s.kind == "ellipsoid":
        oc, dd = (o - centre) / size, d / size
        a, b = _dot(dd, dd), _dot(oc, dd)
        c = _dot(oc, oc) - 1
        disc = b * b - a * c
        t = (-b - np.sqrt(np.maximum(disc, 0))) / a
        t = np.where((disc > 0) & (t > 1e-3), t, np.inf).astype(np.float32)
        p = o + d * np.where(np.isfinite(t), t, 0)
        return t, _norm((p - centre) / (size * size))
    ol = _rotate_y(np.broadcast_to(o - centre, d.shape), -s.yaw)
    dl = _rotate_y(d, -s.yaw)
    dl = np.where(np.abs(dl) < 1e-6, np.float32(1e-6), dl)
    t1, t2 = (-size - ol) / dl, (size - ol) / dl
    near, far = np.minimum(t1, t2), np.maximum(t1, t2)
    tmin, tmax = near.max(0), far.min(0)
    t = np.where((tmax >= tmin) & (tmin > 1e-3), tmin, np.inf).astype(np.float32)
    axis = near.argmax(0)
    n = np.zeros(d.shape, np.float32)
    np.put_along_axis(n, axis[None], -np.sign(np.take_along_axis(dl, axis[None], 0)), 0)
    return t, _rotate_y(n, s.yaw)


def _occlusion(s: Solid, p, light, softness):
    """How much of the sun the solid hides from points p (1 = fully shadowed)."""
    if s.kind == "ellipsoid":
        size = _v(s.size)
        oc, ld = (p - _v(s.centre)) / size, light / s.size
        along = -(oc[0] * ld[0] + oc[1] * ld[1] + oc[2] * ld[2]) / float(ld @ ld)
        closest = oc + along * _v(ld)
        dist = np.sqrt(_dot(closest, closest))
        pen = 0.03 + softness * np.maximum(along, 0) * float(np.linalg.norm(ld))
        return np.where(along > 0, smoothstep(1 + pen, 1 - pen, dist), 0.0)
    t, _ = _hit(s, p + _v(light) * 1e-3, np.broadcast_to(_v(light), p.shape).astype(np.float32))
    return np.isfinite(t).astype(np.float32)


def _sky(world: World, d):
    t = np.sqrt(np.clip(d[1], 0, 1))
    top, low = world.sky_top.reshape((3,) + (1,) * (d.ndim - 1)), world.horizon.reshape(
        (3,) + (1,) * (d.ndim - 1))
    return low + (top - low) * t


def _blurred(rgb: np.ndarray, factor: int) -> np.ndarray:
    """A cheap wide blur: shrink by `factor` and stretch back (for depth of field)."""
    h, w = rgb.shape[1:]
    small = to_image(rgb).reduce(factor).resize((w, h), Image.Resampling.BICUBIC)
    return from_image(small)


def _shadows(world, cam, p, ids, normal, light, w, h):
    """Soft cast shadows and contact occlusion, traced at reduced resolution and stretched back.

    Both are soft, so the lost detail does not show; a solid never shadows itself here
    (its own dark side comes from the Lambert term).
    """
    step = 3 if min(w, h) >= 360 else 2 if min(w, h) >= 160 else 1
    p, ids, normal = p[:, ::step, ::step], ids[::step, ::step], normal[:, ::step, ::step]
    lh, lw = ids.shape
    hit = ids >= 0
    shadow = np.zeros((lh, lw), np.float32)
    contact = np.ones((lh, lw), np.float32)
    for k, s in enumerate(world.solids, 1):
        c = s.centre
        reach = float(np.linalg.norm(s.size))
        if reach < 0.12:
            continue  # eyes and buttons: their shadows would be a pixel or two
        foot = c - light * (c[1] / max(light[1], 0.05))
        span = np.array([foot + np.float32([a, 0, b]) * reach * 1.5 for a in (-1, 1)
                         for b in (-1, 1)])
        y0, y1, x0, x1 = (v // step for v in _rect(cam, np.vstack([_corners(s), span]), w, h))
        if y1 <= y0 or x1 <= x0:
            continue
        sl = np.s_[y0:y1 + 1, x0:x1 + 1]
        mine = ids[sl] == k
        ps = p[(slice(None),) + sl]
        occ = _occlusion(s, ps, light, world.softness) * (hit[sl] & ~mine)
        np.maximum(shadow[sl], occ, out=shadow[sl])
        rel = _v(c) - ps
        dist2 = np.maximum(_dot(rel, rel), 1e-6)
        facing = np.clip(_dot(normal[(slice(None),) + sl], rel) / np.sqrt(dist2), 0, 1)
        contact[sl] *= 1 - np.where(mine, 0, 0.7 * np.minimum(1, reach * reach * 0.5 / dist2)
                                    * facing)
    if step == 1:
        return shadow, contact
    return tuple(np.asarray(Image.fromarray(a).resize((w, h), Image.Resampling.BILINEAR))
                 for a in (shadow, contact))


def render(world: World, cam: Camera, w: int, h: int, focus: float | None = None,
           blur: float = 0.0) -> np.ndarray:
    """Ray trace the world to (3, h, w) colour planes.

    blur > 0 adds depth of field focused at distance `focus`.
    """
    d = _rays(cam, w, h)
    eye = np.asarray(cam.eye, np.float32)
    down = d[1] < -1e-4
    depth = np.where(down, -eye[1] / np.where(down, d[1], -1), np.inf).astype(np.float32)
    ids = np.where(down, 0, -1).astype(np.int32)
    normal = np.zeros((3, h, w), np.float32)
    normal[1] = 1
    for k, s in enumerate(world.solids, 1):
        y0, y1, x0, x1 = _rect(cam, _corners(s), w, h)
        if y1 <= y0 or x1 <= x0:
            continue
        t, n = _hit(s, eye, d[:, y0:y1, x0:x1])
        near = t < depth[y0:y1, x0:x1]
        depth[y0:y1, x0:x1] = np.where(near, t, depth[y0:y1, x0:x1])
        ids[y0:y1, x0:x1] = np.where(near, k, ids[y0:y1, x0:x1])
        normal[:, y0:y1, x0:x1] = np.where(near, n, normal[:, y0:y1, x0:x1])
    hit = ids >= 0
    p = _v(eye) + d * np.where(hit, depth, 0)
    light = np.asarray(world.light, np.float32)
    shadow, contact = _shadows(world, cam, p, ids, normal, light, w, h)
    albedo_tab = np.stack([world.floor] + [s.colour for s in world.solids]).astype(np.float32).T
    spec_tab = np.array([0.15 * world.gloss] + [s.specular for s in world.solids], np.float32)
    shine_tab = np.array([30.0] + [s.shininess for s in world.solids], np.float32)
    mirror_tab = np.array([0.0] + [s.mirror for s in world.solids], np.float32)
    idx = np.maximum(ids, 0)
    albedo = np.take(albedo_tab, idx, axis=1)
    floor = ids == 0
    if world.floor2 is not None:
        checker = (np.floor(p[0] / world.tile) + np.floor(p[2] / world.tile)) % 2
        albedo = np.where(floor & (checker > 0), _v(world.floor2), albedo)
    unshadowed = 1 - shadow
    lit = np.clip(_dot(normal, _v(light)), 0, 1) * unshadowed
    up = normal[1] * 0.5
    ambient = (_v(world.sky_top) * (0.5 + up) + _v(world.floor) * (0.5 - up)) * (
        world.ambient * contact)
    ambient += _v(world.sun) * lit
    colour = albedo * ambient
    half = _norm(_v(light) - d)
    nh = _dot(normal, half)
    glint = (nh > 0.6) & (np.take(spec_tab, idx) > 0)
    gi = idx[glint]
    spec = spec_tab[gi] * nh[glint] ** shine_tab[gi] * unshadowed[glint]
    colour[:, glint] += spec * world.sun[:, None]
    facing = np.clip(-_dot(d, normal), 0, 1)
    if world.rim > 0:
        rim = 1 - facing
        rim *= rim * rim * world.rim * (ids > 0)
        colour += _v(world.rim_colour) * rim
    shiny = (np.take(mirror_tab, idx) > 0) & (ids > 0)
    if shiny.any():
        ds, ns = d[:, shiny], normal[:, shiny]
        bounce = ds - 2 * _dot(ds, ns) * ns
        env = np.where(bounce[1] > 0, _sky(world, bounce), world.floor[:, None] * 0.7)
        fres = mirror_tab[idx[shiny]] * (0.4 + 0.6 * (1 - facing[shiny]) ** 2)
        colour[:, shiny] += (env - colour[:, shiny]) * fres
    if world.gloss > 0 and floor.any():
        refl = _sky(world, d * _v([1, -1, 1]))
        rdepth = np.full((h, w), np.inf, np.float32)
        for s in world.solids:
            if float(s.size.max()) < 0.12:
                continue  # too small to see in a blurry floor reflection
            y0, y1, x0, x1 = _rect(cam, _corners(s, mirror=True), w, h)
            if y1 <= y0 or x1 <= x0:
                continue
            sl = np.s_[y0:y1, x0:x1]
            t, n = _hit(s, eye, d[:, y0:y1, x0:x1], mirror=True)
            near = (t < rdepth[sl]) & floor[sl] & (t > depth[sl])
            rdepth[sl] = np.where(near, t, rdepth[sl])
            bright = world.ambient + world.sun[:, None, None] * np.clip(
                n[0] * light[0] - n[1] * light[1] + n[2] * light[2], 0, 1)
            refl[:, y0:y1, x0:x1] = np.where(near, _v(s.colour) * bright, refl[:, y0:y1, x0:x1])
        grazing = 1 - np.clip(-d[1], 0, 1)
        grazing *= grazing
        fres = world.gloss * (0.25 + 0.75 * grazing * grazing) * floor
        colour += (refl - colour) * fres
    haze = 1 - np.exp(-world.fog * np.maximum(np.where(hit, depth, 0) - world.fog_start, 0))
    colour += (_v(world.horizon) - colour) * haze
    colour = np.where(hit, colour, _sky(world, d))
    colour = np.clip(colour, 0, 1)
    if blur > 0 and focus is not None:
        coc = np.clip(np.abs(1 / np.where(hit, depth, 1e6) - 1 / focus) * focus * blur, 0, 1)
        colour += (_blurred(colour, 4) - colour) * coc
    edge = np.zeros((h, w), bool)
    edge[:, 1:] |= ids[:, 1:] != ids[:, :-1]
    edge[1:, :] |= ids[1:, :] != ids[:-1, :]
    ey, ex = np.nonzero(edge)
    box = np.zeros((3, len(ey)), np.float32)
    for dy in (-1, 0, 1):  # average each silhouette pixel with its neighbours
        for dx in (-1, 0, 1):
            box += colour[:, np.clip(ey + dy, 0, h - 1), np.clip(ex + dx, 0, w - 1)]
    colour[:, ey, ex] = box / 9
    return colour
