"""Subjects as layered distance fields: figures, faces, animals, still lifes, landscapes, buildings,
icons, lettering and abstracts, each placed inside a frame box so a medium can draw one big close-up,
a full scene, a vignette or a sheet of small studies from the same generators.

A subject is a list of `Part`s painted back to front; the role says what a part is ("sky", "ground",
"far", "main", "second", "dark", "accent", "light") so each medium can choose its own colour or tone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .fields import Field, blob, box, capsule, circle, ellipse, heart, lathe, star, wave

FAR_INSIDE = 1e4
ROLES = ("sky", "far", "ground", "back", "main", "second", "dark", "accent", "light")


@dataclass
class Part:
    role: str
    d: np.ndarray


class Frame:
    """Frame-relative placement: u, v in 0..1 across the box, sizes relative to its short side."""

    def __init__(self, box_: tuple[float, float, float, float]):
        self.x0, self.y0, self.x1, self.y1 = box_
        self.size = max(4.0, min(self.x1 - self.x0, self.y1 - self.y0))

    def x(self, u):
        return self.x0 + (self.x1 - self.x0) * u

    def y(self, v):
        return self.y0 + (self.y1 - self.y0) * v

    def s(self, k):
        return self.size * k


def polygon(points) -> tuple:
    """A convex polygon as the maximum of its edge half-planes (exact inside, near enough outside)."""
    pts = np.asarray(points, np.float32)
    centre = pts.mean(axis=0)
    edges = []
    for a, b in zip(pts, np.roll(pts, -1, axis=0)):
        nx, ny = b[1] - a[1], a[0] - b[0]
        norm = math.hypot(nx, ny) or 1.0
        nx, ny = nx / norm, ny / norm
        if nx * (centre[0] - a[0]) + ny * (centre[1] - a[1]) > 0:
            nx, ny = -nx, -ny
        edges.append((nx, ny, nx * a[0] + ny * a[1]))

    def dist(x, y):
        out = None
        for nx, ny, c in edges:
            e = nx * x + ny * y - c
            out = e if out is None else np.maximum(out, e)
        return out
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    return (x0, y0, x1, y1), dist


def _field(h, w, *shapes, smooth=0.0, margin=24.0) -> np.ndarray:
    field = Field(h, w, margin=max(margin, smooth * 2))
    for shape in shapes:
        field.add(shape, smooth=smooth)
    return field.d


def figure(rng, h, w, f: Frame) -> list[Part]:
    """A standing or gesturing person: capsule limbs smooth-blended into one body, clothes, hair."""
    cx, top, scale = f.x(0.5 + rng.uniform(-0.08, 0.08)), f.y(0.08), (f.y1 - f.y0) * 0.84
    head_r = scale * 0.075
    neck = (cx, top + head_r * 2.3)
    hip = (cx + rng.uniform(-0.03, 0.03) * scale, top + scale * 0.52)
    shoulder = top + scale * 0.22
    limbs = [circle(cx, top + head_r, head_r), capsule(*neck, *hip, scale * 0.055, scale * 0.045)]
    for side in (-1, 1):
        sx = cx + side * scale * 0.1
        a1 = math.pi / 2 + side * rng.uniform(0.15, 1.6)
        elbow = (sx + math.cos(a1) * scale * 0.16, shoulder + math.sin(a1) * scale * 0.16)
        a2 = a1 + side * rng.uniform(-0.9, 0.3)
        hand = (elbow[0] + math.cos(a2) * scale * 0.15, elbow[1] + math.sin(a2) * scale * 0.15)
        limbs += [capsule(sx, shoulder, *elbow, scale * 0.032, scale * 0.026),
                  capsule(*elbow, *hand, scale * 0.026, scale * 0.02), circle(*hand, scale * 0.025)]
        knee = (hip[0] + side * scale * rng.uniform(0.03, 0.09), hip[1] + scale * 0.22)
        foot = (knee[0] + side * scale * rng.uniform(-0.03, 0.06), top + scale * 0.9)
        limbs += [capsule(hip[0] + side * scale * 0.04, hip[1], *knee, scale * 0.045, scale * 0.034),
                  capsule(*knee, *foot, scale * 0.034, scale * 0.024)]
    body = _field(h, w, *limbs, smooth=scale * 0.02)
    torso = _field(h, w, box(cx, (shoulder + hip[1]) / 2 + scale * 0.02, scale * 0.12, scale * 0.17, 0,
                             scale * 0.04))
    torso = np.maximum(torso, body - scale * 0.012)
    hair = _field(h, w, blob(cx, top + head_r * 0.7, head_r * 1.08, rng, 4, 0.2))
    hair = np.maximum(hair, -(top + head_r * 0.9 - np.arange(h, dtype=np.float32)[:, None]))
    return [Part("main", body), Part("second", torso), Part("dark", hair)]


def face(rng, h, w, f: Frame) -> list[Part]:
    """A portrait head and shoulders: oval head, hair mass, eyes, brows, nose, mouth."""
    cx, cy, r = f.x(0.5 + rng.uniform(-0.06, 0.06)), f.y(0.45), f.s(0.3)
    tilt = rng.uniform(-0.15, 0.15)
    hair = _field(h, w, blob(cx, cy - r * 0.25, r * 1.18, rng, 5, 0.3))
    shoulders = _field(h, w, ellipse(cx, cy + r * 2.1, r * 1.9, r * 0.9))
    head = _field(h, w, ellipse(cx, cy, r * 0.8, r, tilt), capsule(cx, cy + r * 0.8, cx, cy + r * 1.5, r * 0.32),
                  smooth=r * 0.1)
    ex, ey = r * 0.34, cy - r * 0.08
    c, s = math.cos(tilt), math.sin(tilt)
    eyes = [ellipse(cx + side * ex * c, ey + side * ex * s, r * 0.13, r * 0.07, tilt) for side in (-1, 1)]
    pupils = [circle(cx + side * ex * c, ey + side * ex * s, r * 0.055) for side in (-1, 1)]
    brows = [capsule(cx + side * ex * 0.6, ey - r * 0.2, cx + side * ex * 1.35, ey - r * 0.24 + rng.uniform(-1, 1)
                     * r * 0.05, r * 0.03) for side in (-1, 1)]
    nose = capsule(cx, ey + r * 0.05, cx + r * 0.06, cy + r * 0.32, r * 0.035, r * 0.06)
    mouth_open = rng.uniform(0.02, 0.09)
    mouth = ellipse(cx, cy + r * 0.55, r * 0.25, r * mouth_open)
    return [Part("dark", hair), Part("second", shoulders), Part("main", head),
            Part("light", _field(h, w, *eyes)), Part("dark", _field(h, w, *pupils, *brows)),
            Part("back", _field(h, w, nose)), Part("accent", _field(h, w, mouth))]


def animal(rng, h, w, f: Frame) -> list[Part]:
    """A cat, a bird or a fish, each a few blended ellipses and capsules with a wedge or two."""
    kind = rng.integers(3)
    cx, cy, r = f.x(0.5), f.y(0.55), f.s(0.22)
    flip = 1 if rng.random() < 0.5 else -1
    if kind == 0:
        hx, hy = cx + flip * r * 1.1, cy - r * 0.8
        tail = [(cx - flip * r * 1.2, cy)]
        for _ in range(3):
            tail.append((tail[-1][0] - flip * r * rng.uniform(0.2, 0.5), tail[-1][1] - r * rng.uniform(0.2, 0.5)))
        legs = [capsule(cx + dx * r, cy + r * 0.3, cx + dx * r * 1.05, cy + r * 1.0, r * 0.14) for dx in (-0.8, 0.8)]
        body = _field(h, w, ellipse(cx, cy, r * 1.25, r * 0.6), circle(hx, hy, r * 0.5), *legs,
                      *[capsule(*a, *b, r * 0.11) for a, b in zip(tail, tail[1:])], smooth=r * 0.15)
        ears = [polygon([(hx + e * r * 0.1, hy - r * 0.3), (hx + e * r * 0.5, hy - r * 0.25),
                         (hx + e * r * 0.4, hy - r * 0.8)]) for e in (-1, 1)]
        body = np.minimum(body, _field(h, w, *ears))
        eyes = [ellipse(hx + e * r * 0.2, hy - r * 0.05, r * 0.08, r * 0.11) for e in (-1, 1)]
        return [Part("main", body), Part("dark", _field(h, w, *eyes)),
                Part("accent", _field(h, w, polygon([(hx - r * 0.07, hy + r * 0.12), (hx + r * 0.07, hy + r * 0.12),
                                                      (hx, hy + r * 0.2)])))]
    if kind == 1:
        hx, hy = cx + flip * r * 0.8, cy - r * 0.55
        body = _field(h, w, ellipse(cx, cy, r, r * 0.65, flip * 0.3), circle(hx, hy, r * 0.42), smooth=r * 0.2)
        tail = polygon([(cx - flip * r * 0.7, cy + r * 0.1), (cx - flip * r * 1.6, cy + r * 0.1),
                        (cx - flip * r * 1.5, cy + r * 0.5)])
        wing = _field(h, w, blob(cx - flip * r * 0.1, cy, r * 0.55, rng, 3, 0.35))
        beak = polygon([(hx + flip * r * 0.35, hy - r * 0.12), (hx + flip * r * 0.35, hy + r * 0.12),
                        (hx + flip * r * 0.8, hy)])
        legs = [capsule(cx + dx * r, cy + r * 0.5, cx + dx * r, cy + r * 1.1, r * 0.04) for dx in (-0.2, 0.15)]
        return [Part("main", np.minimum(body, _field(h, w, tail))), Part("second", wing),
                Part("accent", _field(h, w, beak, *legs)),
                Part("dark", _field(h, w, circle(hx + flip * r * 0.12, hy - r * 0.08, r * 0.08)))]
    body = _field(h, w, ellipse(cx, cy, r * 1.3, r * 0.6),
                  polygon([(cx - flip * r * 1.1, cy), (cx - flip * r * 1.9, cy - r * 0.6),
                           (cx - flip * r * 1.8, cy + r * 0.6)]), smooth=r * 0.15)
    fin = _field(h, w, polygon([(cx - r * 0.3, cy - r * 0.5), (cx + r * 0.3, cy - r * 0.5),
                                (cx - flip * r * 0.4, cy - r * 1.0)]))
    stripes = np.maximum(body + r * 0.05, np.abs(((np.arange(w, dtype=np.float32) - cx) % (r * 0.5)) - r * 0.25)
                         - r * 0.08)
    return [Part("main", np.minimum(body, fin)), Part("second", stripes),
            Part("dark", _field(h, w, circle(cx + flip * r * 0.8, cy - r * 0.12, r * 0.1)))]


def still_life(rng, h, w, f: Frame) -> list[Part]:
    """A table edge with a turned vase or bottle and round fruit: silhouettes from profile curves."""
    table = f.y(rng.uniform(0.68, 0.8))
    rows = np.arange(h, dtype=np.float32)[:, None]
    ground = np.broadcast_to(table - rows, (h, w)).copy()
    vx, height = f.x(rng.uniform(0.3, 0.55)), (table - f.y(0.1)) * rng.uniform(0.75, 1.0)
    belly, neck, lip = f.s(rng.uniform(0.12, 0.2)), f.s(rng.uniform(0.03, 0.07)), f.s(rng.uniform(0.05, 0.1))
    bulge = rng.uniform(0.45, 0.75)

    def profile(t):
        return (lip * np.exp(-(t / 0.08) ** 2) + neck + (belly - neck) * np.exp(-((t - bulge) / 0.25) ** 2)
                * np.minimum(1, t * 4))
    vase = _field(h, w, lathe(vx, table - height, table, profile))
    fruit = [circle(f.x(u), table - f.s(k) * 0.9, f.s(k)) for u, k in
             zip(rng.uniform(0.62, 0.9, 2), rng.uniform(0.06, 0.1, 2))]
    stems = [capsule(f.x(0.62), table - f.s(0.2), f.x(0.63), table - f.s(0.26), f.s(0.008))]
    drape = _field(h, w, blob(f.x(0.2), table, f.s(0.2), rng, 5, 0.4))
    drape = np.maximum(drape, (table - 0.1 * f.size) - rows)
    return [Part("ground", ground), Part("back", drape), Part("main", vase), Part("second", _field(h, w, *fruit)),
            Part("dark", _field(h, w, *stems)),
            Part("light", _field(h, w, ellipse(vx - belly * 0.35, table - height * (1 - bulge), belly * 0.12,
                                               height * 0.12)))]


def landscape(rng, h, w, f: Frame) -> list[Part]:
    """Sky, sun, far and near hills from wavy horizons, a lake and a few blob-crowned trees."""
    sky = np.full((h, w), -FAR_INSIDE, np.float32)
    horizon = f.y(rng.uniform(0.45, 0.65))
    width = f.x1 - f.x0
    sun = _field(h, w, circle(f.x(rng.uniform(0.15, 0.85)), f.y(rng.uniform(0.12, 0.3)), f.s(rng.uniform(0.05, 0.1))))
    far = _field(h, w, wave(horizon - f.s(0.04), f.s(0.08), rng, width))
    near = _field(h, w, wave(horizon + f.s(0.12), f.s(0.06), rng, width))
    lake = _field(h, w, ellipse(f.x(rng.uniform(0.3, 0.7)), horizon + f.s(0.06), width * 0.3, f.s(0.03)))
    trunks, crowns = [], []
    for u in rng.uniform(0.05, 0.95, rng.integers(2, 6)):
        x, base, tall = f.x(u), horizon + f.s(rng.uniform(0.15, 0.35)), f.s(rng.uniform(0.15, 0.35))
        trunks.append(capsule(x, base, x + rng.uniform(-0.02, 0.02) * tall, base - tall, tall * 0.05, tall * 0.03))
        crowns.append(blob(x, base - tall, tall * rng.uniform(0.3, 0.45), rng, 6, 0.3))
    return [Part("sky", sky), Part("light", sun), Part("far", far), Part("light", lake), Part("ground", near),
            Part("dark", _field(h, w, *trunks)), Part("second", _field(h, w, *crowns, smooth=f.s(0.02)))]



def _window_grid(x, top, bw, bh, pitch) -> tuple:
    """Rows of windows across one block face: a periodic box pattern clipped to the facade."""
    inner = box(x + bw / 2, top + bh / 2 - pitch * 0.2, bw / 2 - pitch * 0.3, bh / 2 - pitch * 0.7)

    def dist(xs, ys):
        wx = np.abs(((xs - x) % pitch) - pitch / 2) - pitch * 0.25
        wy = np.abs(((ys - top) % (pitch * 1.3)) - pitch * 0.65) - pitch * 0.35
        return np.maximum(np.maximum(wx, wy), inner[1](xs, ys))
    return inner[0], dist


def buildings(rng, h, w, f: Frame) -> list[Part]:
    """A street of blocks with gables, domes and periodic window grids, against a sky."""
    ground_y = f.y(rng.uniform(0.75, 0.9))
    rows = np.arange(h, dtype=np.float32)[:, None]
    sky = np.full((h, w), -FAR_INSIDE, np.float32)
    ground = np.broadcast_to(ground_y - rows, (h, w)).copy()
    blocks, roofs, windows = Field(h, w), Field(h, w), Field(h, w, margin=2)
    x = f.x0 - f.s(0.05)
    while x < f.x1:
        bw, bh = f.s(rng.uniform(0.15, 0.35)), f.s(rng.uniform(0.2, 0.6))
        cx, top = x + bw / 2, ground_y - bh
        blocks.add(box(cx, ground_y - bh / 2, bw / 2, bh / 2))
        if rng.random() < 0.5:
            roofs.add(polygon([(x - bw * 0.05, top), (x + bw * 1.05, top), (cx, top - bw * rng.uniform(0.25, 0.6))]))
        elif rng.random() < 0.5:
            roofs.add(circle(cx, top, bw * 0.3))
        windows.add(_window_grid(x, top, bw, bh, max(4.0, bw / rng.integers(2, 5))))
        x += bw + f.s(rng.uniform(0.0, 0.06))
    return [Part("sky", sky), Part("ground", ground), Part("main", blocks.d), Part("dark", roofs.d),
            Part("light", windows.d)]


def icon(rng, h, w, f: Frame, kind: int | None = None) -> list[Part]:
    """One pictogram: heart, star, cloud, drop, house, gear, sun or leaf, centred in the frame."""
    kind = int(rng.integers(8)) if kind is None else kind % 8
    cx, cy, r = f.x(0.5), f.y(0.5), f.s(0.36)
    if kind == 0:
        main = _field(h, w, heart(cx, cy, r))
    elif kind == 1:
        main = _field(h, w, star(cx, cy, r, r * 0.45, 5, -math.pi / 2))
    elif kind == 2:
        main = _field(h, w, circle(cx - r * 0.35, cy + r * 0.1, r * 0.4), circle(cx + r * 0.15, cy - r * 0.15, r * 0.5),
                      box(cx, cy + r * 0.3, r * 0.75, r * 0.2, 0, r * 0.2), smooth=r * 0.1)
    elif kind == 3:
        main = _field(h, w, circle(cx, cy + r * 0.3, r * 0.55),
                      polygon([(cx - r * 0.5, cy + r * 0.15), (cx + r * 0.5, cy + r * 0.15), (cx, cy - r)]),
                      smooth=r * 0.08)
    elif kind == 4:
        main = _field(h, w, box(cx, cy + r * 0.3, r * 0.6, r * 0.5),
                      polygon([(cx - r * 0.85, cy - r * 0.1), (cx + r * 0.85, cy - r * 0.1), (cx, cy - r * 0.9)]))
        main = np.maximum(main, -_field(h, w, box(cx, cy + r * 0.5, r * 0.15, r * 0.3)))
    elif kind == 5:
        main = np.maximum(_field(h, w, star(cx, cy, r, r * 0.72, 8)), -_field(h, w, circle(cx, cy, r * 0.3)))
    elif kind == 6:
        main = _field(h, w, circle(cx, cy, r * 0.5), star(cx, cy, r, r * 0.6, 12))
    else:
        leaf = np.maximum(_field(h, w, circle(cx - r * 0.4, cy, r * 0.8)),
                          _field(h, w, circle(cx + r * 0.4, cy, r * 0.8)))
        main = np.minimum(leaf, _field(h, w, capsule(cx, cy + r * 0.5, cx + r * 0.1, cy + r, r * 0.06)))
    return [Part("main", main)]


def lettering(rng, h, w, box_: tuple[float, float, float, float], size: float, weight: float = 0.12) -> np.ndarray:
    """Rows of invented capital-like glyphs, each two to four strokes on a 3 x 4 grid of anchors."""
    x0, y0, x1, y1 = box_
    size = max(size, 3.0)
    shapes = []
    y = y0 + size * 0.5
    while y + size * 0.5 <= y1 + 1e-3:
        x = x0 + rng.uniform(0, size * 0.3)
        while x + size * 0.7 <= x1:
            anchors = [(x + i * size * 0.3, y - size * 0.45 + j * size * 0.3) for i in range(3) for j in range(4)]
            for _ in range(rng.integers(2, 5)):
                a, b = rng.choice(len(anchors), 2, replace=False)
                shapes.append(capsule(*anchors[a], *anchors[b], size * weight))
            x += size * (0.85 if rng.random() > 0.15 else 1.4)
        y += size * 1.35
    return _field(h, w, *shapes, margin=4) if shapes else np.full((h, w), FAR_INSIDE, np.float32)


def flowers(rng, h, w, f: Frame) -> list[Part]:
    """A spray of flowers: petals as ellipses turned about each centre, stems and pointed leaves."""
    petals, hearts, stems, leaves = Field(h, w), Field(h, w), Field(h, w), Field(h, w)
    for _ in range(int(rng.integers(1, 5))):
        cx, cy, r = f.x(rng.uniform(0.2, 0.8)), f.y(rng.uniform(0.15, 0.55)), f.s(rng.uniform(0.13, 0.26))
        n, turn = int(rng.integers(5, 9)), rng.uniform(0, math.pi)
        for k in range(n):
            a = turn + 2 * math.pi * k / n
            petals.add(ellipse(cx + math.cos(a) * r * 0.6, cy + math.sin(a) * r * 0.6, r * 0.55, r * 0.25, a))
        hearts.add(circle(cx, cy, r * 0.22))
        base = (f.x(0.5 + rng.uniform(-0.1, 0.1)), f.y(1.0))
        stems.add(capsule(cx, cy, *base, r * 0.06, r * 0.08))
        for t in rng.uniform(0.35, 0.8, 2):
            lx, ly = cx + (base[0] - cx) * t, cy + (base[1] - cy) * t
            side = 1 if rng.random() < 0.5 else -1
            leaves.add(ellipse(lx + side * r * 0.5, ly - r * 0.1, r * 0.55, r * 0.16, side * rng.uniform(0.3, 0.7)))
    return [Part("second", stems.d), Part("back", leaves.d), Part("main", petals.d), Part("accent", hearts.d)]


def abstract(rng, h, w, f: Frame) -> list[Part]:
    """Blobs, rings and a sweeping band: shape and colour without a subject."""
    parts = []
    roles = ["main", "second", "accent", "dark", "light", "back"]
    for i in range(rng.integers(4, 8)):
        cx, cy, r = f.x(rng.random()), f.y(rng.random()), f.s(rng.uniform(0.08, 0.3))
        kind = rng.integers(3)
        if kind == 0:
            d = _field(h, w, blob(cx, cy, r, rng, 5, 0.45))
        elif kind == 1:
            d = np.abs(_field(h, w, circle(cx, cy, r), margin=r)) - r * rng.uniform(0.08, 0.25)
        else:
            d = np.abs(_field(h, w, wave(cy, r, rng, f.x1 - f.x0), margin=r)) - r * 0.2
        parts.append(Part(roles[i % len(roles)], d))
    return parts


SUBJECTS = {"figure": figure, "face": face, "animal": animal, "still_life": still_life, "landscape": landscape,
            "buildings": buildings, "flowers": flowers, "icon": icon, "abstract": abstract}


def make(name: str, rng: np.random.Generator, h: int, w: int, frame=None) -> list[Part]:
    """Subject `name` laid out inside `frame` (default: the whole image)."""
    return SUBJECTS[name](rng, h, w, Frame(frame or (0.0, 0.0, float(w), float(h))))


def silhouette(parts: list[Part], skip=("sky", "ground", "far")) -> np.ndarray:
    """Union of the figure parts: the outline a draughtsman would trace."""
    fields = [p.d for p in parts if p.role not in skip]
    return np.minimum.reduce(fields) if fields else np.full(parts[0].d.shape, FAR_INSIDE, np.float32)
