"""Lettering-like marks: rows of tiny hand-drawn glyphs for balloons, captions and titles.

Not a font: a few short strokes per glyph, so the text reads as writing at a glance.
"""

from __future__ import annotations

from PIL import ImageDraw


def write_line(draw: ImageDraw.ImageDraw, rng, x0, y0, x1, size, fill, weight=1) -> None:
    """Glyph-like marks from x0 to x1 on a baseline at y0 + size, with word gaps."""
    x = x0
    while x + size * 0.6 < x1:
        for _ in range(int(rng.integers(2, 4))):
            a = (x + rng.uniform(0, 0.6) * size, y0 + rng.choice([0, 0.5, 1]) * size)
            b = (x + rng.uniform(0, 0.6) * size, y0 + rng.choice([0, 0.5, 1]) * size)
            draw.line([a, b], fill=fill, width=weight)
        x += size * (0.75 if rng.random() > 0.18 else 1.5)


def write_block(draw, rng, box, size, fill, weight=1) -> None:
    """Lines of glyph marks filling a box (x0, y0, x1, y1), each line a bit shorter or longer."""
    x0, y0, x1, y1 = box
    y = y0
    while y + size < y1:
        write_line(draw, rng, x0 + rng.uniform(0, size), y, x1 - rng.uniform(0, 3 * size), size, fill, weight)
        y += size * 1.6


def balloon(draw, rng, cx, cy, rx, ry, tail_to, ink=(0, 0, 0), paper=(255, 255, 255), weight=2) -> None:
    """A speech balloon with a tail pointing at `tail_to`, and lettering inside."""
    tail = [(cx - rx * 0.25, cy), (cx + rx * 0.25, cy), tuple(tail_to)]
    draw.polygon(tail, fill=paper, outline=ink, width=weight)
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=paper, outline=ink, width=weight)
    draw.polygon([(cx - rx * 0.22, cy), (cx + rx * 0.22, cy), (cx, cy + ry * 0.9)], fill=paper)
    size = max(4, ry * 0.28)
    write_block(draw, rng, (cx - rx * 0.65, cy - ry * 0.5, cx + rx * 0.65, cy + ry * 0.6), size, ink,
                max(1, int(size / 5)))
