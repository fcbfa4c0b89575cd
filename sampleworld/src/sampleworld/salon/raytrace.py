"""A tiny vectorised ray caster: spheres, ellipsoids, capsules and boxes over a floor plane.

Every function takes arrays of rays (origins O and unit directions D, shape (n, 3)) and
answers for all of them at once, so a half-size frame costs a few dozen numpy passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FAR = 1e9


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot products of two (n, 3) arrays (einsum is far faster than sum(axis=1))."""
    return np.einsum("ij,ij->i", a, b)


@dataclass(frozen=True)
class Shape:
    """One model: kind is 'sphere' (centre, radius per axis), 'capsule' (centre, radius, half height) or 'box'."""

    kind: str
    centre: np.ndarray
    size: np.ndarray
    colour: np.ndarray
    shine: float = 0.5
    mirror: float = 0.0


def _sphere(shape: Shape, O: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ellipsoid hits by scaling space to a unit sphere."""
    o, d = (O - shape.centre) / shape.size, D / shape.size
    a, b, c = dot(d, d), dot(o, d), dot(o, o) - 1
    disc = b * b - a * c
    root = np.sqrt(np.maximum(disc, 0))
    t = (-b - root) / a
    t = np.where(t > 1e-3, t, (-b + root) / a)
    t = np.where((disc > 0) & (t > 1e-3), t, FAR)
    normal = (o + d * t[:, None]) / shape.size
    return t, normal


def _capsule(shape: Shape, O: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertical capsule: a y-axis cylinder between two sphere caps."""
    radius, half = float(shape.size[0]), float(shape.size[1])
    o = O - shape.centre
    a = D[:, 0] ** 2 + D[:, 2] ** 2
    b = o[:, 0] * D[:, 0] + o[:, 2] * D[:, 2]
    c = o[:, 0] ** 2 + o[:, 2] ** 2 - radius ** 2
    disc = b * b - a * c
    t = (-b - np.sqrt(np.maximum(disc, 0))) / np.maximum(a, 1e-9)
    y = o[:, 1] + D[:, 1] * t
    t = np.where((disc > 0) & (t > 1e-3) & (np.abs(y) <= half), t, FAR)
    p = o + D * t[:, None]
    normal = p * np.array([1.0, 0.0, 1.0])
    for cap in (half, -half):
        ball = Shape("sphere", shape.centre + np.array([0, cap, 0]), np.full(3, radius), shape.colour)
        tc, nc = _sphere(ball, O, D)
        closer = tc < t
        t, normal = np.where(closer, tc, t), np.where(closer[:, None], nc, normal)
    return t, normal


def _box(shape: Shape, O: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Axis-aligned box by the slab method."""
    inv = 1 / np.where(np.abs(D) < 1e-9, 1e-9, D)
    t0, t1 = (shape.centre - shape.size - O) * inv, (shape.centre + shape.size - O) * inv
    near, far = np.minimum(t0, t1), np.maximum(t0, t1)
    t_in, t_out = near.max(1), far.min(1)
    t = np.where((t_in <= t_out) & (t_in > 1e-3), t_in, FAR)
    axis = near.argmax(1)
    normal = np.zeros_like(O)
    normal[np.arange(len(O)), axis] = -np.sign(D[np.arange(len(O)), axis])
    return t, normal


_HIT = {"sphere": _sphere, "capsule": _capsule, "box": _box}


def _candidates(shape: Shape, O: np.ndarray, D: np.ndarray) -> np.ndarray:
    """Indices of the rays that pass through the shape's bounding sphere (cheap culling)."""
    reach = float(np.linalg.norm(shape.size)) + (float(shape.size[0]) if shape.kind == "capsule" else 0.0)
    oc = shape.centre - O
    along = dot(oc, D)
    miss = dot(oc, oc) - along * along
    return np.flatnonzero((miss <= reach * reach) & (along > -reach))


def cast(shapes: list[Shape], O: np.ndarray, D: np.ndarray, floor: bool = True):
    """(distance, unit normal, index) of the nearest hit; index -1 is the floor y=0, -2 nothing."""
    t = np.full(len(D), FAR)
    normal = np.zeros_like(D)
    O = np.ascontiguousarray(np.broadcast_to(O, D.shape))
    index = np.full(len(D), -2)
    if floor:
        tf = np.where(D[:, 1] < -1e-6, -O[:, 1] / np.minimum(D[:, 1], -1e-6), FAR)
        tf = np.where(tf > 1e-3, tf, FAR)
        t, index = tf.copy(), np.where(tf < FAR, -1, -2)
        normal[:] = (0, 1, 0)
    for k, shape in enumerate(shapes):
        rays = _candidates(shape, O, D)
        if len(rays) == 0:
            continue
        tk, nk = _HIT[shape.kind](shape, O[rays], D[rays])
        closer = tk < t[rays]
        rays = rays[closer]
        t[rays], index[rays], normal[rays] = tk[closer], k, nk[closer]
    normal /= np.sqrt(np.maximum(dot(normal, normal), 1e-18))[:, None]
    return t, normal, index


def camera(width: int, height: int, eye: np.ndarray, target: np.ndarray, fov: float) -> np.ndarray:
    """Unit ray directions (height*width, 3) of a pinhole camera."""
    forward = (target - eye) / np.linalg.norm(target - eye)
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    scale = np.tan(fov / 2)
    ys, xs = np.mgrid[0:height, 0:width]
    u = (2 * (xs + 0.5) / width - 1) * scale * width / max(width, height)
    v = (1 - 2 * (ys + 0.5) / height) * scale * height / max(width, height)
    D = forward + u.reshape(-1, 1) * right + v.reshape(-1, 1) * up
    return D / np.linalg.norm(D, axis=1, keepdims=True)
