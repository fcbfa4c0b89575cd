"""Subjects an artwork may show, each a list of (kind, points, colour index) in pixels.

Counts, places and sizes are random so that no subject fixes where paint ends up.
"""

from __future__ import annotations

import numpy as np

Part = tuple[str, list, int]


def ellipse(cx: float, cy: float, rx: float, ry: float, colour: int) -> Part:
    return "ellipse", [[cx - rx, cy - ry], [cx + rx, cy + ry]], colour


def rectangle(x0: float, y0: float, x1: float, y1: float, colour: int) -> Part:
    return "polygon", [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], colour


def polygon(points, colour: int) -> Part:
    return "polygon", points, colour


def _ground(height: int, horizon: float | None, rng: np.random.Generator) -> float:
    return horizon if horizon is not None else height * rng.uniform(0.6, 0.9)


def landscape(rng, width, height, horizon) -> list[Part]:
    base = _ground(height, horizon, rng)
    sun = rng.uniform(0.05, 0.12) * width
    parts = [ellipse(rng.uniform(0.1, 0.9) * width, base * rng.uniform(0.15, 0.5), sun, sun, rng.integers(6))]
    xs = np.linspace(-10, width + 10, 24)
    for layer in range(rng.integers(1, 4)):
        top = base - rng.uniform(0.05, 0.3) * height + layer * 0.08 * height
        ridge = top + rng.uniform(10, 60) * np.sin(xs / width * rng.uniform(2, 9) + rng.uniform(0, 6))
        parts.append(polygon([*zip(xs, ridge), (width + 10, height + 10), (-10, height + 10)], rng.integers(6)))
    for _ in range(rng.integers(0, 7)):
        x, y, size = rng.uniform(0, width), rng.uniform(base, height), rng.uniform(0.04, 0.12) * width
        parts.append(rectangle(x - size * 0.12, y - size * 1.2, x + size * 0.12, y, rng.integers(6)))
        if rng.random() < 0.5:
            parts.append(ellipse(x, y - size * 1.6, size * 0.6, size * 0.7, rng.integers(6)))
        else:
            parts.append(polygon([(x - size * 0.6, y - size), (x + size * 0.6, y - size), (x, y - size * 2.8)],
                                 rng.integers(6)))
    return parts


def figures(rng, width, height, horizon) -> list[Part]:
    parts = []
    for _ in range(rng.integers(1, 4)):
        r = rng.uniform(0.08, 0.22) * min(width, height)
        cx, cy = rng.uniform(0.15, 0.85) * width, rng.uniform(0.25, 0.7) * height
        skin, hair, cloth = rng.integers(6, size=3)
        parts.append(ellipse(cx, cy + r * 2.4, r * 1.7, r * 1.3, cloth))
        parts.append(rectangle(cx - r * 0.3, cy + r * 0.6, cx + r * 0.3, cy + r * 1.3, skin))
        parts.append(ellipse(cx, cy, r * 0.8, r, skin))
        parts.append(polygon([(cx - r * 0.9, cy), (cx - r * 0.7, cy - r * 1.1), (cx + r * 0.7, cy - r * 1.1),
                              (cx + r * 0.9, cy), (cx + r * 0.5, cy - r * 0.6)], hair))
        for side in (-1, 1):
            parts.append(ellipse(cx + side * r * 0.33, cy - r * 0.05, r * 0.14, r * 0.1, hair + 1))
        parts.append(ellipse(cx, cy + r * 0.5, r * 0.3, r * 0.09, cloth + 2))
    return parts


def buildings(rng, width, height, horizon) -> list[Part]:
    base = _ground(height, horizon, rng)
    parts = []
    for _ in range(rng.integers(1, 6)):
        w = rng.uniform(0.12, 0.35) * width
        h = rng.uniform(0.2, 0.6) * base
        x0 = rng.uniform(-0.05, 0.9) * width
        wall, roof, glass = rng.integers(6, size=3)
        parts.append(rectangle(x0, base - h, x0 + w, base + 2, wall))
        if rng.random() < 0.6:
            parts.append(polygon([(x0 - w * 0.08, base - h), (x0 + w * 1.08, base - h),
                                  (x0 + w / 2, base - h - w * rng.uniform(0.3, 0.6))], roof))
        columns, rows = rng.integers(1, 5), rng.integers(1, 6)
        cell_w, cell_h = w / columns, h * 0.8 / rows
        for i in range(columns):
            for j in range(rows):
                x, y = x0 + (i + 0.25) * cell_w, base - h + (j + 0.3) * cell_h
                parts.append(rectangle(x, y, x + cell_w * 0.5, y + cell_h * 0.5, glass))
    return parts


def still_life(rng, width, height, horizon) -> list[Part]:
    table = _ground(height, horizon, rng)
    parts = [rectangle(-5, table, width + 5, height + 5, rng.integers(6))]
    for _ in range(rng.integers(2, 7)):
        x, size, colour = rng.uniform(0.1, 0.9) * width, rng.uniform(0.05, 0.16) * width, rng.integers(6)
        y = table + rng.uniform(0.0, 0.15) * (height - table)
        kind = rng.integers(3)
        if kind == 0:  # vase
            parts.append(rectangle(x - size * 0.25, y - size * 2.6, x + size * 0.25, y - size * 1.2, colour))
            parts.append(ellipse(x, y - size, size, size, colour))
        elif kind == 1:  # bottle
            parts.append(rectangle(x - size * 0.4, y - size * 2.2, x + size * 0.4, y, colour))
            parts.append(rectangle(x - size * 0.12, y - size * 3.1, x + size * 0.12, y - size * 2.2, colour + 1))
        else:  # fruit
            parts.append(ellipse(x, y - size * 0.6, size * 0.7, size * 0.6, colour))
    return parts


def abstract(rng, width, height, horizon) -> list[Part]:
    parts = []
    for _ in range(rng.integers(4, 21)):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        size, colour = rng.uniform(0.03, 0.25) * min(width, height), rng.integers(6)
        kind = rng.integers(4)
        if kind == 0:
            parts.append(ellipse(x, y, size, size * rng.uniform(0.5, 1.5), colour))
        elif kind == 1:
            parts.append(rectangle(x - size, y - size * rng.uniform(0.3, 1.2), x + size, y + size, colour))
        else:
            corners = 3 if kind == 2 else rng.integers(5, 9)
            angles = np.sort(rng.uniform(0, 2 * np.pi, corners))
            radii = size * rng.uniform(0.5, 1.3, corners)
            parts.append(polygon(np.stack([x + radii * np.cos(angles), y + radii * np.sin(angles)], 1), colour))
    return parts


def animals(rng, width, height, horizon) -> list[Part]:
    base = _ground(height, horizon, rng)
    parts = []
    for _ in range(rng.integers(1, 4)):
        size = rng.uniform(0.08, 0.2) * width
        x, facing = rng.uniform(0.15, 0.85) * width, rng.choice([-1, 1])
        y = min(base + rng.uniform(-0.05, 0.2) * height, height - size * 0.4)
        fur, spot = rng.integers(6, size=2)
        for leg in (-0.6, -0.3, 0.3, 0.6):
            parts.append(rectangle(x + leg * size - size * 0.08, y, x + leg * size + size * 0.08,
                                   y + size * 0.55, fur))
        parts.append(polygon([(x - facing * size, y - size * 0.1), (x - facing * size * 1.5, y - size * 0.7),
                              (x - facing * size * 1.35, y - size * 0.75)], fur))
        parts.append(ellipse(x, y - size * 0.1, size, size * 0.5, fur))
        hx, hy = x + facing * size * 1.0, y - size * 0.55
        for ear in (-0.25, 0.25):
            parts.append(polygon([(hx + ear * size - size * 0.12, hy - size * 0.2), (hx + ear * size + size * 0.12,
                                  hy - size * 0.2), (hx + ear * size, hy - size * 0.6)], fur))
        parts.append(ellipse(hx, hy, size * 0.4, size * 0.35, fur))
        parts.append(ellipse(hx + facing * size * 0.15, hy - size * 0.05, size * 0.06, size * 0.06, spot))
    return parts


def portrait(rng, width, height, horizon) -> list[Part]:
    """One large face and shoulders, the commonest subject of sketches and illustrations."""
    r = rng.uniform(0.2, 0.32) * min(width, height)
    cx, cy = rng.uniform(0.35, 0.65) * width, rng.uniform(0.35, 0.5) * height
    skin, hair, cloth, eyes = rng.integers(6, size=4)
    parts = [ellipse(cx, cy + r * 2.6, r * 2.0, r * 1.4, cloth),
             rectangle(cx - r * 0.35, cy + r * 0.6, cx + r * 0.35, cy + r * 1.5, skin),
             polygon([(cx - r * 1.05, cy + r * 0.4), (cx - r * 0.95, cy - r * 1.05), (cx, cy - r * 1.35),
                      (cx + r * 0.95, cy - r * 1.05), (cx + r * 1.05, cy + r * 0.4)], hair),
             ellipse(cx, cy, r * 0.8, r * 1.05, skin)]
    for side in (-1, 1):
        parts.append(ellipse(cx + side * r * 0.32, cy - r * 0.1, r * 0.16, r * 0.09, eyes))
        parts.append(ellipse(cx + side * r * 0.32, cy - r * 0.1, r * 0.06, r * 0.06, eyes + 3))
    parts.append(polygon([(cx, cy - r * 0.05), (cx - r * 0.12, cy + r * 0.3), (cx + r * 0.1, cy + r * 0.32)], skin + 1))
    parts.append(ellipse(cx, cy + r * 0.55, r * 0.28, r * 0.08, skin + 2))
    return parts


def lettering(rng, width, height, horizon) -> list[Part]:
    """A word of block letters, each built from bars, as on posters, covers and signs."""
    count = int(rng.integers(3, 8))
    size = min(width / (count + 1), height * 0.3) * rng.uniform(0.7, 1.0)
    x, y = (width - size * count) / 2, rng.uniform(0.15, 0.75) * height
    bar = size * rng.uniform(0.14, 0.22)
    colour = rng.integers(6)
    parts = []
    for _ in range(count):
        w = size * 0.8
        bars = [(0, 0, bar, size)] if rng.random() < 0.8 else []
        for _ in range(rng.integers(1, 4)):
            if rng.random() < 0.5:  # a horizontal bar at the top, middle or bottom
                top = rng.choice([0, (size - bar) / 2, size - bar])
                bars.append((0, top, w, top + bar))
            else:  # a vertical one at the middle or the right
                left = rng.choice([(w - bar) / 2, w - bar])
                bars.append((left, 0, left + bar, size))
        parts += [rectangle(x + a, y + b, x + c, y + d, colour) for a, b, c, d in bars]
        x += size
    return parts


def icons(rng, width, height, horizon) -> list[Part]:
    """A few simple pictograms (a badge with a symbol), centred and spaced as in an icon set."""
    count = int(rng.integers(1, 4))
    size = min(width / count, height) * rng.uniform(0.25, 0.4)
    parts = []
    for k in range(count):
        cx, cy = width * (k + 0.5) / count, height * rng.uniform(0.4, 0.6)
        badge, symbol = rng.integers(6, size=2)
        parts.append(ellipse(cx, cy, size, size, badge) if rng.random() < 0.5
                     else rectangle(cx - size, cy - size, cx + size, cy + size, badge))
        kind = rng.integers(3)
        if kind == 0:  # a star
            angles = np.linspace(-np.pi / 2, 1.5 * np.pi, 11)[:-1]
            radii = np.where(np.arange(10) % 2, 0.25, 0.6) * size
            parts.append(polygon(np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], 1), symbol))
        elif kind == 1:  # a house
            parts.append(rectangle(cx - size * 0.4, cy - size * 0.1, cx + size * 0.4, cy + size * 0.5, symbol))
            parts.append(polygon([(cx - size * 0.55, cy - size * 0.1), (cx + size * 0.55, cy - size * 0.1),
                                  (cx, cy - size * 0.6)], symbol))
        else:  # a drop
            parts.append(ellipse(cx, cy + size * 0.15, size * 0.35, size * 0.35, symbol))
            parts.append(polygon([(cx - size * 0.33, cy + size * 0.05), (cx + size * 0.33, cy + size * 0.05),
                                  (cx, cy - size * 0.6)], symbol))
    return parts
