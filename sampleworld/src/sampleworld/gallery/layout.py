"""Framing: where on the sheet a subject goes, so works range from tight crops to sheets of studies."""

from __future__ import annotations

import numpy as np

Box = tuple[float, float, float, float]


def full(w: int, h: int) -> Box:
    return (0.0, 0.0, float(w), float(h))


def closeup(rng: np.random.Generator, w: int, h: int) -> Box:
    """A frame larger than the image: the subject is cropped like a detail or a zoomed shot."""
    zoom = rng.uniform(1.2, 1.7)
    fw, fh = w * zoom, h * zoom
    ox, oy = rng.uniform(0, fw - w), rng.uniform(0, fh - h) * 0.6
    return (-ox, -oy, fw - ox, fh - oy)


def vignette(rng: np.random.Generator, w: int, h: int) -> Box:
    """A smaller frame floating on the sheet, with margins left bare."""
    k = rng.uniform(0.55, 0.78)
    cx, cy = w * rng.uniform(0.45, 0.55), h * rng.uniform(0.45, 0.55)
    return (cx - w * k / 2, cy - h * k / 2, cx + w * k / 2, cy + h * k / 2)


def sheet(rng: np.random.Generator, w: int, h: int, most: int = 6) -> list[Box]:
    """Several studies on one sheet: an irregular grid of cells, each slightly shrunk and shifted."""
    cols = int(rng.integers(1, 4)) if w >= h else int(rng.integers(1, 3))
    rows = int(rng.integers(1, 3)) if w >= h else int(rng.integers(2, 4))
    if cols * rows == 1:
        cols = 2
    cells = []
    cw, ch = w / cols, h / rows
    for r in range(rows):
        for c in range(cols):
            if len(cells) >= most:
                break
            k = rng.uniform(0.75, 0.92)
            cx, cy = (c + 0.5) * cw + rng.uniform(-0.05, 0.05) * cw, (r + 0.5) * ch + rng.uniform(-0.05, 0.05) * ch
            cells.append((cx - cw * k / 2, cy - ch * k / 2, cx + cw * k / 2, cy + ch * k / 2))
    return cells


def panels(rng: np.random.Generator, w: int, h: int, gutter: float, margin: float) -> list[Box]:
    """A comic page cut into 1..6 panels by recursive guillotine splits; never cuts below a few pixels."""
    boxes = [(margin, margin, w - margin, h - margin)]
    for _ in range(int(rng.integers(1, 6))):
        index = int(np.argmax([(b[2] - b[0]) * (b[3] - b[1]) for b in boxes]))
        x0, y0, x1, y1 = boxes[index]
        vertical = (x1 - x0) > (y1 - y0) * rng.uniform(0.7, 1.4)
        span = (x1 - x0) if vertical else (y1 - y0)
        if span < 2 * gutter + 24:
            break
        cut = rng.uniform(0.35, 0.65) * span
        if vertical:
            pair = [(x0, y0, x0 + cut - gutter / 2, y1), (x0 + cut + gutter / 2, y0, x1, y1)]
        else:
            pair = [(x0, y0, x1, y0 + cut - gutter / 2), (x0, y0 + cut + gutter / 2, x1, y1)]
        boxes[index:index + 1] = pair
    return boxes
