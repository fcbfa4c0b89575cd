"""Scenes of the outsider family: subjects the training world never composes (still lifes, street
corners, portraits, animals, mountains by the sea, interiors, cartoon characters), each built
from polygons and strokes in pixel coordinates, back to front.

Every medium draws the same `Part`s its own way, so a scene says only *what* is where: outline,
palette role, and whether it is backdrop (sky, wall, ground) that vignette styles leave out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sampleworld.outsider.palettes import ACCENTS, DARK, GROUND, PALE, SKY

Box = tuple[float, float, float, float]  # left, top, width, height in pixels


@dataclass(frozen=True)
class Part:
    points: np.ndarray  # (n, 2) x, y in pixels
    colour: int  # a palette role
    closed: bool = True  # False: a stroke (a mouth, a mast, a branch), drawn as a line
    backdrop: bool = False  # sky, wall, ground or table top

    @property
    def centre(self) -> np.ndarray:
        return (self.points.min(0) + self.points.max(0)) / 2

    @property
    def radius(self) -> float:
        return float((self.points.max(0) - self.points.min(0)).max()) / 2


@dataclass(frozen=True)
class Scene:
    width: int
    height: int
    parts: list[Part]
    light: np.ndarray  # unit (x, y) direction the light comes from, in image coordinates
    subject: str

    @property
    def figures(self) -> list[Part]:
        return [part for part in self.parts if not part.backdrop]


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 40) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([cx + rx * np.cos(angle), cy + ry * np.sin(angle)], 1)


def rectangle(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], dtype=np.float64)


def compose(rng: np.random.Generator, width: int, height: int, subjects: tuple[str, ...] | None = None,
            box: Box | None = None) -> Scene:
    """A scene of one subject (drawn from `subjects`, default all) filling `box` (default the picture)."""
    name = str(rng.choice(subjects or tuple(SUBJECTS)))
    box = box or (0.0, 0.0, float(width), float(height))
    angle = rng.uniform(-2.6, -0.5)  # the light comes from above, left or right
    light = np.array([np.cos(angle), np.sin(angle)])
    return Scene(width, height, SUBJECTS[name](rng, box), light, name)


def _backdrop(box: Box, split: float, far: int = SKY, near: int = GROUND) -> list[Part]:
    """Two bands: sky or wall above `split` (a fraction of the box's height), ground or floor below."""
    x, y, w, h = box
    line = y + h * split
    return [Part(rectangle(x, y, x + w, line + 1), far, backdrop=True),
            Part(rectangle(x, line, x + w, y + h), near, backdrop=True)]


def still_life(rng: np.random.Generator, box: Box) -> list[Part]:
    x, y, w, h = box
    table = rng.uniform(0.55, 0.7)
    parts = _backdrop(box, table, SKY, GROUND)
    floor = y + h * (table + rng.uniform(0.1, 0.2))
    vase_x = x + w * rng.uniform(0.3, 0.45)
    parts.append(_vase(rng, vase_x, floor, w * rng.uniform(0.09, 0.14), h * rng.uniform(0.3, 0.45)))
    bottle_x = x + w * rng.uniform(0.6, 0.75)
    neck = w * rng.uniform(0.02, 0.03)
    bottle_top = floor - h * rng.uniform(0.35, 0.5)
    parts.append(Part(np.array([(bottle_x - neck * 2.5, floor), (bottle_x - neck * 2.5, bottle_top + h * 0.15),
                                (bottle_x - neck, bottle_top + h * 0.08), (bottle_x - neck, bottle_top),
                                (bottle_x + neck, bottle_top), (bottle_x + neck, bottle_top + h * 0.08),
                                (bottle_x + neck * 2.5, bottle_top + h * 0.15), (bottle_x + neck * 2.5, floor)]),
                      int(rng.choice(ACCENTS))))
    for _ in range(int(rng.integers(2, 5))):
        r = w * rng.uniform(0.04, 0.07)
        cx = x + w * rng.uniform(0.15, 0.9)
        parts.append(Part(ellipse(cx, floor + h * rng.uniform(0.0, 0.12) - r, r, r * 0.95), int(rng.choice(ACCENTS))))
    return parts


def _vase(rng: np.random.Generator, cx: float, floor: float, radius: float, height: float) -> Part:
    """A turned vessel: a profile bulging once and narrowing to a neck, mirrored."""
    t = np.linspace(0, 1, 14)
    bulge = rng.uniform(0.3, 0.6)
    profile = radius * (0.55 + 0.6 * np.exp(-((t - bulge) / 0.25) ** 2) - 0.2 * t)
    ys = floor - t * height
    right = np.stack([cx + profile, ys], 1)
    left = np.stack([cx - profile, ys], 1)[::-1]
    return Part(np.concatenate([right, left]), int(rng.choice(ACCENTS)))


def portrait(rng: np.random.Generator, box: Box) -> list[Part]:
    x, y, w, h = box
    cx = x + w * rng.uniform(0.42, 0.58)
    head_r = min(w, h) * rng.uniform(0.17, 0.23)
    cy = y + h * rng.uniform(0.35, 0.45)
    hair = int(rng.choice((DARK, *ACCENTS)))
    parts = [Part(rectangle(x, y, x + w, y + h), SKY, backdrop=True),
             Part(ellipse(cx, y + h * 1.02, w * 0.36, h * 0.3), int(rng.choice(ACCENTS))),
             Part(rectangle(cx - head_r * 0.35, cy + head_r * 0.6, cx + head_r * 0.35, cy + head_r * 1.6), PALE),
             Part(ellipse(cx, cy - head_r * 0.15, head_r * 1.12, head_r * 1.05), hair),
             Part(ellipse(cx, cy, head_r * 0.85, head_r * 1.1), PALE)]
    for side in (-1, 1):
        eye_x = cx + side * head_r * 0.36
        parts.append(Part(ellipse(eye_x, cy - head_r * 0.1, head_r * 0.15, head_r * 0.08, 16), DARK))
        parts.append(Part(np.array([(eye_x - head_r * 0.2, cy - head_r * 0.32), (eye_x + head_r * 0.2,
                                   cy - head_r * 0.36 - side * head_r * 0.03)]), DARK, closed=False))
    parts.append(Part(np.array([(cx, cy - head_r * 0.05), (cx - head_r * 0.1, cy + head_r * 0.3),
                                (cx + head_r * 0.05, cy + head_r * 0.35)]), DARK, closed=False))
    smile = rng.uniform(-0.1, 0.15) * head_r
    parts.append(Part(np.array([(cx - head_r * 0.3, cy + head_r * 0.55), (cx, cy + head_r * 0.55 + smile),
                                (cx + head_r * 0.3, cy + head_r * 0.55)]), ACCENTS[0], closed=False))
    return parts


def street(rng: np.random.Generator, box: Box) -> list[Part]:
    x, y, w, h = box
    kerb = rng.uniform(0.7, 0.82)
    parts = _backdrop(box, kerb)
    if rng.random() < 0.6:
        r = w * rng.uniform(0.05, 0.08)
        parts.append(Part(ellipse(x + w * rng.uniform(0.1, 0.9), y + h * rng.uniform(0.08, 0.2), r, r), PALE))
    left = x - w * rng.uniform(0, 0.05)
    while left < x + w:
        house_w = w * rng.uniform(0.16, 0.3)
        top = y + h * rng.uniform(0.25, 0.5)
        base = y + h * kerb
        colour = int(rng.choice(ACCENTS))
        parts.append(Part(rectangle(left, top, left + house_w, base), colour))
        if rng.random() < 0.6:
            parts.append(Part(np.array([(left - 4, top), (left + house_w / 2, top - house_w * rng.uniform(0.3, 0.6)),
                                        (left + house_w + 4, top)]), DARK))
        parts += _windows(rng, left, top, house_w, base - top)
        left += house_w + w * rng.uniform(0.0, 0.04)
    trunk_x = x + w * rng.uniform(0.1, 0.9)
    trunk = rectangle(trunk_x - w * 0.012, y + h * (kerb - 0.2), trunk_x + w * 0.012, y + h * (kerb + 0.05))
    parts.append(Part(trunk, DARK))
    parts.append(Part(ellipse(trunk_x, y + h * (kerb - 0.25), w * 0.08, h * 0.09), GROUND))
    return parts


def _windows(rng: np.random.Generator, left: float, top: float, width: float, height: float) -> list[Part]:
    columns, rows = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    pane_w, pane_h = width / (2 * columns + 1), height / (2.5 * rows + 1)
    lit = int(rng.choice((PALE, SKY)))
    return [Part(rectangle(left + pane_w * (1 + 2 * i), top + pane_h * (1 + 2.5 * j),
                           left + pane_w * (2 + 2 * i), top + pane_h * (2.6 + 2.5 * j)), lit)
            for i in range(columns) for j in range(rows)]


def seaside(rng: np.random.Generator, box: Box) -> list[Part]:
    x, y, w, h = box
    horizon = rng.uniform(0.45, 0.6)
    parts = _backdrop(box, horizon, SKY, int(rng.choice(ACCENTS)))
    r = w * rng.uniform(0.05, 0.09)
    parts.insert(1, Part(ellipse(x + w * rng.uniform(0.15, 0.85), y + h * horizon * rng.uniform(0.3, 0.7), r, r), PALE))
    for far, colour in ((True, int(rng.choice(ACCENTS))), (False, DARK)):
        peaks = int(rng.integers(3, 7))
        xs = np.linspace(x, x + w, peaks * 2 + 1)
        tops = y + h * horizon * np.where(np.arange(xs.size) % 2, rng.uniform(0.35, 0.75, xs.size), 0.95)
        if not far:
            xs, tops = xs[: xs.size // 2 + 1], tops[: xs.size // 2 + 1] + h * 0.05
        outline = np.concatenate([np.stack([xs, tops], 1), [(xs[-1], y + h * horizon), (xs[0], y + h * horizon)]])
        parts.insert(len(parts) - 1, Part(outline, colour))
    boat_x, boat_y = x + w * rng.uniform(0.35, 0.8), y + h * (horizon + rng.uniform(0.08, 0.25))
    size = w * rng.uniform(0.07, 0.12)
    parts.append(Part(np.array([(boat_x - size, boat_y), (boat_x + size, boat_y),
                                (boat_x + size * 0.7, boat_y + size * 0.35),
                                (boat_x - size * 0.7, boat_y + size * 0.35)]), DARK))
    parts.append(Part(np.array([(boat_x, boat_y - size * 1.6), (boat_x + size * 0.9, boat_y - size * 0.1),
                                (boat_x, boat_y - size * 0.1)]), PALE))
    for _ in range(int(rng.integers(2, 5))):
        bx, by, span = x + w * rng.uniform(0.1, 0.9), y + h * rng.uniform(0.08, 0.35), w * rng.uniform(0.015, 0.03)
        wings = np.array([(bx - span, by - span * 0.4), (bx, by), (bx + span, by - span * 0.5)])
        parts.append(Part(wings, DARK, closed=False))
    return parts


def animal(rng: np.random.Generator, box: Box) -> list[Part]:
    """A cat, fox or dog of sorts: body, legs, head, ears, tail, seen from the side."""
    x, y, w, h = box
    parts = _backdrop(box, rng.uniform(0.6, 0.75))
    coat = int(rng.choice((*ACCENTS, DARK)))
    cx, ground = x + w * rng.uniform(0.4, 0.6), y + h * rng.uniform(0.78, 0.88)
    body_w, body_h = w * rng.uniform(0.2, 0.28), h * rng.uniform(0.08, 0.12)
    body_y = ground - body_h * 2.2
    face = 1 if rng.random() < 0.5 else -1
    tail = np.array([(cx - face * body_w * 0.9, body_y), (cx - face * body_w * 1.3, body_y - body_h * 1.6),
                     (cx - face * body_w * 1.15, body_y - body_h * 2.4)])
    parts.append(Part(tail, coat, closed=False))
    for offset in (-0.7, -0.45, 0.45, 0.7):
        leg_x = cx + offset * body_w
        parts.append(Part(rectangle(leg_x - body_w * 0.07, body_y, leg_x + body_w * 0.07, ground), coat))
    parts.append(Part(ellipse(cx, body_y, body_w, body_h), coat))
    head_x, head_y, head_r = cx + face * body_w * 0.95, body_y - body_h * 1.3, body_h * rng.uniform(0.9, 1.2)
    for side in (-1, 1):
        ear_x = head_x + side * head_r * 0.5
        parts.append(Part(np.array([(ear_x - head_r * 0.35, head_y - head_r * 0.6), (ear_x + side * head_r * 0.15,
                                    head_y - head_r * 1.6), (ear_x + head_r * 0.35, head_y - head_r * 0.6)]), coat))
    parts.append(Part(ellipse(head_x, head_y, head_r, head_r * 0.9), coat))
    eye = ellipse(head_x + face * head_r * 0.35, head_y - head_r * 0.15, head_r * 0.16, head_r * 0.2, 16)
    nose = ellipse(head_x + face * head_r * 0.9, head_y + head_r * 0.2, head_r * 0.12, head_r * 0.1, 12)
    parts += [Part(eye, PALE), Part(nose, DARK)]
    return parts


def interior(rng: np.random.Generator, box: Box) -> list[Part]:
    x, y, w, h = box
    floor = rng.uniform(0.62, 0.75)
    parts = _backdrop(box, floor, PALE if rng.random() < 0.5 else SKY, GROUND)
    wx0, wy0 = x + w * rng.uniform(0.08, 0.4), y + h * rng.uniform(0.08, 0.15)
    wx1, wy1 = wx0 + w * rng.uniform(0.25, 0.4), y + h * rng.uniform(0.4, 0.5)
    parts.append(Part(rectangle(wx0 - 6, wy0 - 6, wx1 + 6, wy1 + 6), DARK))
    parts.append(Part(rectangle(wx0, wy0, wx1, wy1), SKY))
    midx, midy = (wx0 + wx1) / 2, (wy0 + wy1) / 2
    parts.append(Part(np.array([(midx, wy0), (midx, wy1)]), DARK, closed=False))
    parts.append(Part(np.array([(wx0, midy), (wx1, midy)]), DARK, closed=False))
    top = y + h * (floor + rng.uniform(0.0, 0.08))
    tx0, tx1 = x + w * rng.uniform(0.2, 0.4), x + w * rng.uniform(0.6, 0.85)
    colour = int(rng.choice(ACCENTS))
    parts.append(Part(rectangle(tx0, top, tx1, top + h * 0.03), colour))
    for leg in (tx0 + w * 0.02, tx1 - w * 0.04):
        parts.append(Part(rectangle(leg, top, leg + w * 0.02, y + h * 0.97), colour))
    lamp_x = tx0 + (tx1 - tx0) * rng.uniform(0.15, 0.4)
    shade = w * rng.uniform(0.05, 0.08)
    parts.append(Part(rectangle(lamp_x - 2, top - h * 0.15, lamp_x + 2, top), DARK))
    parts.append(Part(np.array([(lamp_x - shade * 0.5, top - h * 0.25), (lamp_x + shade * 0.5, top - h * 0.25),
                                (lamp_x + shade, top - h * 0.15), (lamp_x - shade, top - h * 0.15)]),
                      int(rng.choice(ACCENTS))))
    parts.append(_vase(rng, tx0 + (tx1 - tx0) * rng.uniform(0.6, 0.85), top, w * 0.03, h * 0.1))
    if rng.random() < 0.7:
        px = x + w * rng.uniform(0.6, 0.85)
        parts.append(Part(rectangle(px, y + h * 0.15, px + w * 0.12, y + h * 0.3), int(rng.choice(ACCENTS))))
    return parts


def character(rng: np.random.Generator, box: Box) -> list[Part]:
    """A cartoon mascot: round head on a rounded body, big eyes, a smile, stick arms."""
    x, y, w, h = box
    parts = _backdrop(box, rng.uniform(0.75, 0.85))
    cx = x + w * rng.uniform(0.4, 0.6)
    size = min(w, h) * rng.uniform(0.2, 0.27)
    head_y = y + h * rng.uniform(0.3, 0.4)
    body = int(rng.choice(ACCENTS))
    body_top, body_bottom = head_y + size * 0.7, head_y + size * 2.3
    for side in (-1, 1):
        parts.append(Part(np.array([(cx + side * size * 0.6, body_top + size * 0.4),
                                    (cx + side * size * 1.2, body_top + size * rng.uniform(-0.4, 0.6)),
                                    (cx + side * size * 1.4, body_top + size * rng.uniform(-0.9, 0.3))]),
                          DARK, closed=False))
        parts.append(Part(rectangle(cx + side * size * 0.35 - size * 0.12, body_bottom - size * 0.2,
                                    cx + side * size * 0.35 + size * 0.12, body_bottom + size * 0.45), DARK))
    parts.append(Part(np.concatenate([ellipse(cx, body_top + size * 0.4, size * 0.7, size * 0.45, 20)[10:],
                                      ellipse(cx, body_bottom - size * 0.3, size * 0.7, size * 0.3, 20)[:11]]), body))
    parts.append(Part(ellipse(cx, head_y, size, size * 0.92), int(rng.choice((PALE, *ACCENTS)))))
    for side in (-1, 1):
        ex = cx + side * size * 0.35
        parts.append(Part(ellipse(ex, head_y - size * 0.1, size * 0.22, size * 0.26, 24), PALE))
        parts.append(Part(ellipse(ex + size * 0.05, head_y - size * 0.05, size * 0.1, size * 0.12, 16), DARK))
    parts.append(Part(np.array([(cx - size * 0.35, head_y + size * 0.35), (cx, head_y + size * 0.55),
                                (cx + size * 0.35, head_y + size * 0.35)]), DARK, closed=False))
    return parts


SUBJECTS: dict[str, Callable[[np.random.Generator, Box], list[Part]]] = {
    "still_life": still_life, "portrait": portrait, "street": street, "seaside": seaside,
    "animal": animal, "interior": interior, "character": character,
}
