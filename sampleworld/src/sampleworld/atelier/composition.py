"""Scene composition of the atelier: what is drawn and where, as plain polygons.

A scene is a back-to-front list of shapes (figures, faces, animals, still lifes, landscapes,
streets, lettering, icons, abstracts, patterns) placed at a seeded scale and position. Each
medium decides how to turn the same shapes into marks: fills, contours, hatching, washes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

SUBJECTS = ("figure", "face", "animal", "still_life", "flowers", "landscape", "street",
            "lettering", "icons", "abstract", "pattern")


@dataclass
class Shape:
    """One region (closed polygon) or line (open polyline with a width) of a scene."""

    points: np.ndarray
    colour: int  # index into the picture's palette
    tone: float  # 0 = dark .. 1 = light, for media without colour
    closed: bool = True
    width: float = 0.0


@dataclass
class Scene:
    shapes: list[Shape]
    subject: str
    horizon: float | None  # y of a horizon in pixels, None for a plain ground


# ---- geometry -------------------------------------------------------------------------

def ellipse(cx, cy, rx, ry, angle=0.0, count=36) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, count, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], axis=1)


def rect(x0, y0, x1, y1) -> np.ndarray:
    return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], float)


def limb(p0, p1, width0, width1=None) -> np.ndarray:
    """A tapered bar from p0 to p1 as a polygon (arms, legs, trunks, strokes of letters)."""
    width1 = width0 if width1 is None else width1
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    n = np.array([-d[1], d[0]]) / (np.hypot(*d) + 1e-9)
    return np.array([p0 + n * width0 / 2, p1 + n * width1 / 2, p1 - n * width1 / 2, p0 - n * width0 / 2])


def ridge(rng, x0, x1, y, amplitude, bottom, count=24) -> np.ndarray:
    """A hill or mountain band: a wavy top edge at `y` closed down to `bottom`."""
    xs = np.linspace(x0, x1, count)
    ys = y + amplitude * np.cumsum(rng.normal(0, 1, count)) / np.sqrt(count) * 2
    ys = np.convolve(np.pad(ys, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    return np.concatenate([np.stack([xs, ys], 1), [(x1, bottom), (x0, bottom)]])


class Box:
    """The frame a subject is drawn into; unit coordinates (0..1) map into it."""

    def __init__(self, x0, y0, x1, y1):
        self.x0, self.y0, self.w, self.h = x0, y0, x1 - x0, y1 - y0

    def at(self, u, v):
        return self.x0 + u * self.w, self.y0 + v * self.h

    def pts(self, uv) -> np.ndarray:
        uv = np.asarray(uv, float)
        return np.stack([self.x0 + uv[:, 0] * self.w, self.y0 + uv[:, 1] * self.h], 1)

    def ellipse(self, u, v, ru, rv, angle=0.0):
        return ellipse(*self.at(u, v), ru * self.w, rv * self.h, angle)

    def rect(self, u0, v0, u1, v1):
        return rect(*self.at(u0, v0), *self.at(u1, v1))

    def limb(self, uv0, uv1, width0, width1=None):
        scale = min(self.w, self.h)
        return limb(self.at(*uv0), self.at(*uv1), width0 * scale, (width1 or width0) * scale)


# ---- subjects: each returns shapes inside a box ---------------------------------------

def figure(rng, box: Box) -> list[Shape]:
    swing = rng.uniform(-0.12, 0.12, 4)
    skin, shirt, legs = rng.permutation(6)[:3]
    shapes = [Shape(box.limb((0.44, 0.58), (0.4 + swing[0], 0.97), 0.16, 0.1), legs, 0.3),
              Shape(box.limb((0.56, 0.58), (0.6 + swing[1], 0.97), 0.16, 0.1), legs, 0.3),
              Shape(box.pts([(0.38, 0.25), (0.62, 0.25), (0.6, 0.6), (0.4, 0.6)]), shirt, 0.55),
              Shape(box.limb((0.4, 0.28), (0.28 + swing[2], 0.58), 0.12, 0.08), shirt, 0.5),
              Shape(box.limb((0.6, 0.28), (0.72 + swing[3], 0.58), 0.12, 0.08), shirt, 0.5),
              Shape(box.ellipse(0.5, 0.14, 0.09, 0.09 * box.w / box.h * 1.1), skin, 0.85)]
    return shapes


def face(rng, box: Box) -> list[Shape]:
    hair, skin, eye, cloth = rng.permutation(6)[:4]
    squash = rng.uniform(0.85, 1.1)
    shapes = [Shape(box.ellipse(0.5, 1.05, 0.48, 0.3), cloth, 0.45),
              Shape(box.rect(0.42, 0.6, 0.58, 0.85), skin, 0.75),
              Shape(box.ellipse(0.5, 0.36, 0.3, 0.32 * squash), hair, 0.2),
              Shape(box.ellipse(0.5, 0.45, 0.24, 0.3 * squash), skin, 0.85)]
    for side in (-1, 1):
        u = 0.5 + side * 0.1
        shapes += [Shape(box.ellipse(u, 0.42, 0.05, 0.025), 5, 0.97),
                   Shape(box.ellipse(u + rng.uniform(-0.01, 0.01), 0.42, 0.022, 0.022), eye, 0.1),
                   Shape(box.limb((u - 0.05, 0.36), (u + 0.05, 0.35 + side * 0.01), 0.015), hair, 0.15)]
    shapes += [Shape(box.pts([(0.5, 0.44), (0.47, 0.54), (0.52, 0.54)]), skin, 0.65),
               Shape(box.ellipse(0.5, 0.62, 0.07, rng.uniform(0.015, 0.035)), 0, 0.35)]
    return shapes


def animal(rng, box: Box) -> list[Shape]:
    fur, spot, eye = rng.permutation(6)[:3]
    head_u = rng.choice([0.22, 0.78])
    side = 1 if head_u > 0.5 else -1
    shapes = [Shape(box.limb((0.5 - side * 0.3, 0.55), (0.5 - side * 0.45, 0.2), 0.05, 0.03), fur, 0.4)]
    for u in (0.3, 0.4, 0.6, 0.7):
        shapes.append(Shape(box.limb((u, 0.6), (u + rng.uniform(-0.04, 0.04), 0.95), 0.07), fur, 0.4))
    shapes += [Shape(box.ellipse(0.5, 0.58, 0.3, 0.17), fur, 0.5),
               Shape(box.ellipse(0.45, 0.6, 0.1, 0.08), spot, 0.3)]
    for du in (-0.06, 0.06):
        shapes.append(Shape(box.pts([(head_u + du - 0.05, 0.3), (head_u + du, 0.12), (head_u + du + 0.05, 0.3)]), fur, 0.45))
    shapes += [Shape(box.ellipse(head_u, 0.36, 0.13, 0.12), fur, 0.55),
               Shape(box.ellipse(head_u - 0.045, 0.34, 0.018, 0.022), eye, 0.05),
               Shape(box.ellipse(head_u + 0.045, 0.34, 0.018, 0.022), eye, 0.05),
               Shape(box.ellipse(head_u + side * 0.02, 0.41, 0.025, 0.015), 0, 0.1)]
    return shapes


def still_life(rng, box: Box) -> list[Shape]:
    table, vase, fruit, cloth = rng.permutation(6)[:4]
    neck = rng.uniform(0.05, 0.09)
    body = np.array([(0.5 - neck, 0.12), (0.5 + neck, 0.12), (0.5 + neck, 0.25), (0.62, 0.45),
                     (0.6, 0.7), (0.54, 0.78), (0.46, 0.78), (0.4, 0.7), (0.38, 0.45), (0.5 - neck, 0.25)])
    body[:, 0] += rng.uniform(-0.25, -0.1)
    shapes = [Shape(box.rect(-0.1, 0.72, 1.1, 1.1), table, 0.45),
              Shape(box.pts([(0.45, 0.74), (1.0, 0.7), (1.05, 1.0), (0.35, 1.0)]), cloth, 0.8),
              Shape(box.pts(body), vase, 0.35)]
    for i in range(rng.integers(2, 5)):
        u, r = 0.55 + i * 0.12 + rng.uniform(-0.03, 0.03), rng.uniform(0.05, 0.08)
        shapes.append(Shape(box.ellipse(u, 0.8 - r, r, r * box.w / box.h), (fruit + i % 2) % 6, 0.6 - 0.1 * (i % 2)))
    return shapes


def landscape(rng, box: Box) -> list[Shape]:
    sky, far, near, sun, trunk, leaves = range(6)
    horizon = rng.uniform(0.35, 0.65)
    x0, x1, y1 = box.x0 - 5, box.x0 + box.w + 5, box.y0 + box.h + 5
    top = lambda v: box.y0 + v * box.h  # noqa: E731
    shapes = [Shape(box.rect(-0.02, -0.02, 1.02, 1.02), sky, 0.9),
              Shape(box.ellipse(rng.uniform(0.15, 0.85), horizon - rng.uniform(0.15, 0.3), 0.06, 0.06 * box.w / box.h), sun, 0.97),
              Shape(ridge(rng, x0, x1, top(horizon - 0.1), 0.12 * box.h, y1), far, 0.65),
              Shape(ridge(rng, x0, x1, top(horizon), 0.05 * box.h, y1), near, 0.5),
              Shape(ridge(rng, x0, x1, top(horizon + 0.2), 0.04 * box.h, y1), (near + 3) % 6, 0.35)]
    for _ in range(rng.integers(1, 4)):
        u, size = rng.uniform(0.05, 0.95), rng.uniform(0.1, 0.25)
        base = horizon + rng.uniform(0.05, 0.3)
        shapes += [Shape(box.limb((u, base), (u, base - size), 0.02 * size * 5), trunk, 0.2),
                   Shape(box.ellipse(u, base - size * 1.2, size * 0.35, size * 0.55 * box.w / box.h), leaves, 0.3)]
    return shapes


def street(rng, box: Box) -> list[Shape]:
    shapes = [Shape(box.rect(-0.02, -0.02, 1.02, 0.8), 0, 0.92), Shape(box.rect(-0.02, 0.8, 1.02, 1.02), 1, 0.4)]
    u = -0.05
    while u < 1.0:
        w, top = rng.uniform(0.15, 0.3), rng.uniform(0.1, 0.5)
        wall = int(rng.integers(2, 6))
        shapes.append(Shape(box.rect(u, top, u + w, 0.82), wall, rng.uniform(0.4, 0.8)))
        if rng.random() < 0.5:
            shapes.append(Shape(box.pts([(u - 0.01, top), (u + w / 2, top - 0.08), (u + w + 0.01, top)]), 1, 0.25))
        for wy in np.arange(top + 0.05, 0.7, 0.09):
            for wx in np.arange(u + 0.03, u + w - 0.05, 0.06):
                shapes.append(Shape(box.rect(wx, wy, wx + 0.035, wy + 0.05), 5, 0.15))
        shapes.append(Shape(box.rect(u + w * 0.4, 0.72, u + w * 0.6, 0.82), 1, 0.1))
        u += w + rng.uniform(0, 0.03)
    shapes.append(Shape(box.pts([(0.45, 0.8), (0.55, 0.8), (0.8, 1.02), (0.2, 1.02)]), 2, 0.6))
    return shapes


def lettering(rng, box: Box) -> list[Shape]:
    shapes = []
    rows = int(rng.integers(1, 4))
    for r in range(rows):
        v0, v1 = 0.1 + r * 0.8 / rows, 0.1 + (r + 0.75) * 0.8 / rows
        colour, count = int(rng.integers(6)), int(rng.integers(3, 8))
        for i in range(count):
            u0, u1 = 0.05 + i * 0.9 / count, 0.05 + (i + 0.8) * 0.9 / count
            glyph = Box(*box.at(u0, v0), *box.at(u1, v1))
            shapes += [Shape(glyph.limb(a, b, 0.18), colour, 0.1) for a, b in _glyph_strokes(rng)]
    return shapes


def _glyph_strokes(rng):
    """Two to four bars between corner and edge points: reads as a letter without being one."""
    anchors = [(0.1, 0.05), (0.9, 0.05), (0.1, 0.95), (0.9, 0.95), (0.5, 0.05), (0.5, 0.95), (0.1, 0.5), (0.9, 0.5)]
    picks = rng.integers(len(anchors), size=(int(rng.integers(2, 5)), 2))
    return [(anchors[a], anchors[b]) for a, b in picks if a != b] or [(anchors[0], anchors[2])]


def icons(rng, box: Box) -> list[Shape]:
    cols, rows = int(rng.integers(2, 5)), int(rng.integers(2, 4))
    shapes = []
    for r in range(rows):
        for c in range(cols):
            cell = Box(*box.at(c / cols + 0.02, r / rows + 0.02), *box.at((c + 1) / cols - 0.02, (r + 1) / rows - 0.02))
            back, front = rng.permutation(6)[:2]
            shapes.append(Shape(cell.ellipse(0.5, 0.5, 0.42, 0.42 * cell.w / cell.h), back, 0.7))
            shapes += _icon_glyph(rng, cell, front)
    return shapes


def _icon_glyph(rng, cell: Box, colour) -> list[Shape]:
    kind = rng.integers(4)
    if kind == 0:  # house
        return [Shape(cell.rect(0.32, 0.48, 0.68, 0.72), colour, 0.2),
                Shape(cell.pts([(0.26, 0.5), (0.5, 0.28), (0.74, 0.5)]), colour, 0.2)]
    if kind == 1:  # heart-ish / drop
        return [Shape(cell.pts([(0.5, 0.28), (0.68, 0.55), (0.5, 0.72), (0.32, 0.55)]), colour, 0.2)]
    if kind == 2:  # person
        return [Shape(cell.ellipse(0.5, 0.38, 0.08, 0.08 * cell.w / cell.h), colour, 0.2),
                Shape(cell.ellipse(0.5, 0.68, 0.17, 0.12), colour, 0.2)]
    return [Shape(cell.rect(0.3, 0.3 + i * 0.15, 0.7, 0.38 + i * 0.15), colour, 0.2) for i in range(3)]


def abstract(rng, box: Box) -> list[Shape]:
    shapes = []
    for _ in range(int(rng.integers(5, 12))):
        u, v, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.05, 0.3)
        colour, tone = int(rng.integers(6)), rng.uniform(0.1, 0.9)
        kind = rng.integers(3)
        if kind == 0:
            points = box.ellipse(u, v, r, r * box.w / box.h)
        elif kind == 1:
            angles = np.sort(rng.uniform(0, 2 * np.pi, rng.integers(3, 6)))
            points = box.pts(np.stack([u + r * np.cos(angles), v + r * np.sin(angles)], 1))
        else:
            points = box.limb((u - r, v - r), (u + r, v + rng.uniform(-r, r)), rng.uniform(0.03, 0.12))
        shapes.append(Shape(points, colour, tone))
    return shapes


def pattern(rng, box: Box) -> list[Shape]:
    count = int(rng.integers(4, 9))
    step = 1.0 / count
    a, b = rng.permutation(6)[:2]
    motif = rng.integers(3)
    shapes = []
    for r in range(int(count * box.h / box.w) + 2):
        for c in range(count + 1):
            u, v = (c + 0.5 * (r % 2)) * step, r * step * box.w / box.h
            cell = Box(*box.at(u - step / 2, v - step / 2), *box.at(u + step / 2, v + step / 2))
            colour, tone = (a, 0.3) if (r + c) % 2 else (b, 0.6)
            if motif == 0:
                shapes.append(Shape(cell.ellipse(0.5, 0.5, 0.3, 0.3), colour, tone))
            elif motif == 1:
                shapes.append(Shape(cell.pts([(0.5, 0.1), (0.9, 0.5), (0.5, 0.9), (0.1, 0.5)]), colour, tone))
            else:
                shapes.append(Shape(cell.pts([(0.2, 0.8), (0.5, 0.2), (0.8, 0.8)]), colour, tone))
    return shapes


def flowers(rng, box: Box) -> list[Shape]:
    """A bunch of stems with leaves and round flower heads of petals (florals, botanicals)."""
    stem, leaf, petal, heart = 1, 2, int(rng.integers(3, 6)), 0
    shapes = []
    for _ in range(int(rng.integers(2, 6))):
        top = (rng.uniform(0.2, 0.8), rng.uniform(0.12, 0.5))
        shapes.append(Shape(box.limb((0.5 + rng.uniform(-0.05, 0.05), 1.0), top, 0.02, 0.012), stem, 0.4))
        leaf_v = rng.uniform(top[1] + 0.1, 0.9)
        leaf_u = 0.5 + (top[0] - 0.5) * (1 - leaf_v) / (1 - top[1])
        shapes.append(Shape(box.ellipse(leaf_u + 0.05, leaf_v, 0.07, 0.025, rng.uniform(-0.8, 0.8)), leaf, 0.45))
        radius = rng.uniform(0.06, 0.12)
        for angle in np.linspace(0, 2 * np.pi, int(rng.integers(5, 9)), endpoint=False):
            u, v = top[0] + np.cos(angle) * radius * 0.6, top[1] + np.sin(angle) * radius * 0.6 * box.w / box.h
            shapes.append(Shape(ellipse(*box.at(u, v), radius * 0.55 * box.w, radius * 0.28 * box.w, angle), petal, 0.7))
        shapes.append(Shape(box.ellipse(*top, radius * 0.3, radius * 0.3 * box.w / box.h), heart, 0.3))
    return shapes


_BUILDERS = dict(flowers=flowers, figure=figure, face=face, animal=animal, still_life=still_life, landscape=landscape,
                 street=street, lettering=lettering, icons=icons, abstract=abstract, pattern=pattern)
_FULL_FRAME = ("landscape", "street", "pattern", "abstract", "icons")


def compose(rng, width: int, height: int, subjects=SUBJECTS, margin: float = 0.06) -> Scene:
    """Pick a subject among `subjects` and place it: full frame, centred, off-centre, close or far."""
    subject = str(rng.choice(subjects))
    if subject in _FULL_FRAME:
        box = Box(0, 0, width, height)
    else:
        scale = rng.uniform(0.45, 0.95)
        w, h = width * scale, height * scale
        if subject in ("figure", "face"):
            w = min(w, h * rng.uniform(0.5, 0.8))
        cx = rng.uniform(margin * width + w / 2, max(margin * width + w / 2, width * (1 - margin) - w / 2))
        cy = rng.uniform(margin * height + h / 2, max(margin * height + h / 2, height * (1 - margin) - h / 2))
        box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    shapes = _BUILDERS[subject](rng, box)
    horizon = box.y0 + box.h * 0.5 if subject == "landscape" else None
    return Scene(shapes, subject, horizon)


def label_map(scene: Scene, height: int, width: int, scale: float = 1.0) -> np.ndarray:
    """Which shape (index + 1, 0 = none) covers each pixel, painted back to front."""
    image = Image.new("I", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for index, shape in enumerate(scene.shapes, start=1):
        points = [tuple(p) for p in shape.points * scale]
        if shape.closed:
            draw.polygon(points, fill=index)
        else:
            draw.line(points, fill=index, width=max(1, int(shape.width * scale)))
    return np.asarray(image, dtype=np.int32)


def shading(labels: np.ndarray, scene: Scene, light=(-0.6, -0.8)) -> np.ndarray:
    """Per-pixel -1 (lit side) .. 1 (shadow side) across each shape, from a light direction."""
    centres = np.array([[0, 0]] + [s.points.mean(0) for s in scene.shapes], np.float32)
    radii = np.array([1] + [np.ptp(s.points, 0).max() / 2 + 1 for s in scene.shapes], np.float32)
    ys, xs = np.mgrid[0:labels.shape[0], 0:labels.shape[1]].astype(np.float32)
    along = (xs - centres[labels, 0]) * -light[0] + (ys - centres[labels, 1]) * -light[1]
    return np.clip(along / radii[labels], -1, 1) * (labels > 0)


def edges(labels: np.ndarray) -> np.ndarray:
    """True where a pixel borders a different shape (the contours of the scene)."""
    edge = np.zeros(labels.shape, bool)
    edge[:, 1:] |= labels[:, 1:] != labels[:, :-1]
    edge[1:, :] |= labels[1:, :] != labels[:-1, :]
    return edge


def tone_map(scene: Scene, height: int, width: int, modelling: float = 0.3, ground: float = 1.0):
    """Lightness 0..1 of the scene for monochrome media, lit from the upper left, and its labels."""
    labels = label_map(scene, height, width)
    tones = np.array([ground] + [s.tone for s in scene.shapes], np.float32)
    values = tones[labels] - modelling * shading(labels, scene)
    return np.clip(values, 0, 1), labels
