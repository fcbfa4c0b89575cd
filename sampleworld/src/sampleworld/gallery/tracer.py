"""A tiny vectorised ray tracer: analytic spheres, axis-aligned boxes and a floor plane, with a pinhole
camera. Every ray of the image is intersected at once, so shadows and floor reflections are just more
batches of rays; there is no mesh and no rasterising."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

INF = np.float32(1e9)


@dataclass
class Scene:
    spheres: list = field(default_factory=list)   # (centre xyz, radius, colour rgb, shininess)
    boxes: list = field(default_factory=list)     # (min xyz, max xyz, colour rgb, shininess)


def camera_rays(w: int, h: int, eye, target, fov: float):
    """Unit ray directions for every pixel (h*w x 3, row-major, y up) and the camera's culling keys."""
    eye, target = np.asarray(eye, np.float32), np.asarray(target, np.float32)
    forward = target - eye
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, [0, 1, 0]).astype(np.float32)
    right /= np.linalg.norm(right) or 1.0
    up = np.cross(right, forward)
    scale = np.tan(fov / 2)
    u = (np.arange(w, dtype=np.float32) + 0.5 - w / 2) / (h / 2) * scale
    v = (h / 2 - np.arange(h, dtype=np.float32) - 0.5) / (h / 2) * scale
    dirs = forward + u[None, :, None] * right + v[:, None, None] * up
    dirs = dirs.reshape(-1, 3)
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    return dirs, GridCull(eye, forward, right, up, u, v)


def _sphere(origin, dirs, centre, radius):
    oc = origin - centre
    b = (oc * dirs).sum(axis=-1)
    c = (oc * oc).sum(axis=-1) - radius * radius
    disc = b * b - c
    root = np.sqrt(np.maximum(disc, 0))
    t = -b - root
    t = np.where(t > 1e-3, t, -b + root)
    return np.where((disc > 0) & (t > 1e-3), t, INF)


def _box(origin, dirs, lo, hi):
    """Slab test, axis by axis on 1-D arrays (cheaper than reducing over a length-3 last axis)."""
    near, far = None, None
    for k in range(3):
        d = dirs[:, k]
        inv = 1.0 / np.where(np.abs(d) < 1e-9, 1e-9, d)
        t0, t1 = (lo[k] - origin[:, k]) * inv, (hi[k] - origin[:, k]) * inv
        lo_t, hi_t = np.minimum(t0, t1), np.maximum(t0, t1)
        near = lo_t if near is None else np.maximum(near, lo_t)
        far = hi_t if far is None else np.minimum(far, hi_t)
    t = np.where(near > 1e-3, near, far)
    return np.where((far >= near) & (t > 1e-3), t, INF)


def _corners(lo, hi):
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])], np.float32)


def _bounds(scene: Scene):
    """Each object's bounding-box corners (8 x 3), in the order objects are numbered."""
    spheres = [_corners(np.subtract(c, r), np.add(c, r)) for c, r, *_ in scene.spheres]
    return spheres + [_corners(lo, hi) for lo, hi, *_ in scene.boxes]


class GridCull:
    """Culling for camera rays: a ray's image-plane coordinates (u, v) are its column and row, so the
    rays that can hit an object are the pixel rectangle its projected bounding corners span."""

    def __init__(self, eye, forward, right, up, u, v):
        self.eye, self.forward, self.right, self.up = eye, forward, right, up
        self.u, self.v_desc = u, -v

    def select(self, corners):
        rel = corners - self.eye
        depth = rel @ self.forward
        if not np.all(depth > 1e-3):
            return None
        cu, cv = (rel @ self.right) / depth, -(rel @ self.up) / depth
        c0, c1 = np.searchsorted(self.u, [cu.min(), cu.max()])
        r0, r1 = np.searchsorted(self.v_desc, [cv.min(), cv.max()])
        cols = np.arange(max(c0 - 1, 0), min(c1 + 1, self.u.size))
        rows = np.arange(max(r0 - 1, 0), min(r1 + 1, self.v_desc.size))
        return (rows[:, None] * self.u.size + cols[None, :]).ravel()


class ParallelCull:
    """Culling for parallel rays (toward a distant light): rays are sorted by their position across the
    beam, and an object only meets the run of rays its projected corners cover."""

    def __init__(self, points, direction):
        a = np.cross(direction, [0.0, 0.0, 1.0] if abs(direction[2]) < 0.9 else [1.0, 0.0, 0.0]).astype(np.float32)
        a /= np.linalg.norm(a)
        self.basis = np.stack([a, np.cross(direction, a).astype(np.float32)], axis=1)
        keys = points @ self.basis
        self.order = np.argsort(keys[:, 0])
        self.sorted_a, self.b = keys[self.order, 0], keys[self.order, 1]

    def select(self, corners):
        keys = corners @ self.basis
        i0, i1 = np.searchsorted(self.sorted_a, [keys[:, 0].min(), keys[:, 0].max()])
        b = self.b[i0:i1]
        return self.order[i0:i1][(b >= keys[:, 1].min()) & (b <= keys[:, 1].max())]


def trace(scene: Scene, origin, dirs, cull=None):
    """Nearest hit per ray: distance (INF for none) and object index (-1 none; spheres first, then boxes)."""
    best = np.full(dirs.shape[0], INF, np.float32)
    index = np.full(dirs.shape[0], -1, np.int32)
    origin = np.broadcast_to(np.asarray(origin, np.float32), dirs.shape)
    objects = [(_sphere, (np.asarray(c, np.float32), r)) for c, r, *_ in scene.spheres]
    objects += [(_box, (np.asarray(lo, np.float32), np.asarray(hi, np.float32))) for lo, hi, *_ in scene.boxes]
    for i, ((hit, args), corners) in enumerate(zip(objects, _bounds(scene))):
        rays = cull.select(corners) if cull is not None else None
        if rays is None:
            t = hit(origin, dirs, *args)
            closer = t < best
            best[closer], index[closer] = t[closer], i
        elif rays.size:
            t = hit(origin[rays], dirs[rays], *args)
            closer = t < best[rays]
            best[rays[closer]], index[rays[closer]] = t[closer], i
    return best, index


def normals(scene: Scene, points, index):
    """Surface normals at hit points: radial for spheres, the dominant face axis for boxes."""
    out = np.zeros_like(points)
    for i, (centre, radius, *_rest) in enumerate(scene.spheres):
        mine = index == i
        out[mine] = (points[mine] - np.asarray(centre, np.float32)) / radius
    for j, (lo, hi, *_rest) in enumerate(scene.boxes):
        mine = index == len(scene.spheres) + j
        lo, hi = np.asarray(lo, np.float32), np.asarray(hi, np.float32)
        local = (points[mine] - (lo + hi) / 2) / ((hi - lo) / 2)
        axis = np.abs(local).argmax(axis=1)
        n = np.zeros_like(local)
        n[np.arange(len(axis)), axis] = np.sign(local[np.arange(len(axis)), axis])
        out[mine] = n
    return out


def materials(scene: Scene, index):
    """Colour and shininess per ray from the object it hit."""
    table = [(s[2], s[3]) for s in scene.spheres] + [(b[2], b[3]) for b in scene.boxes]
    colours = np.array([np.asarray(c, np.float32) for c, _ in table] + [np.zeros(3, np.float32)], np.float32)
    shine = np.array([s for _, s in table] + [0.0], np.float32)
    return colours[index], shine[index]


def floor_hit(origin, dirs, height=0.0):
    """Distance to the horizontal floor plane, INF where the ray looks up."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (height - origin[..., 1]) / dirs[:, 1]
    return np.where((t > 1e-3) & np.isfinite(t), t, INF).astype(np.float32)


def shadowed(scene: Scene, points, light_dir):
    """True where something blocks the way from a point toward the light."""
    start = points + light_dir * 1e-2
    t, _ = trace(scene, start, np.broadcast_to(light_dir, points.shape), ParallelCull(start, light_dir))
    return t < INF
