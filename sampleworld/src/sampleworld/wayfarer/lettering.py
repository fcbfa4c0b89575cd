"""Marks that read as text without being any language: word bars and pseudo-letters.

Charts and interfaces show text as rows of words; comics show hand-lettered capitals. Both
are imitated here so that pictures carry the look of lettering without readable words.
"""

from __future__ import annotations

import numpy as np

from .canvas import Pad
from .geometry import rounded_rect

# Stroke skeletons of capital-like letters on a 2 x 3 grid of (column, row) points.
_LETTERS = (
    ((0, 3, 1, 0, 2, 3), (0.5, 1.5, 1.5, 1.5)),  # A
    ((0, 0, 0, 3), (0, 0, 2, 0), (0, 1.5, 1.6, 1.5), (0, 3, 2, 3)),  # E
    ((0, 0, 0, 3), (2, 0, 2, 3), (0, 1.5, 2, 1.5)),  # H
    ((0, 0, 0, 3, 2, 3),),  # L
    ((0, 3, 0, 0, 1, 1.5, 2, 0, 2, 3),),  # M
    ((0, 3, 0, 0, 2, 3, 2, 0),),  # N
    ((0, 0, 2, 0, 2, 3, 0, 3, 0, 0),),  # O
    ((0, 3, 0, 0, 2, 0, 2, 1.5, 0, 1.5), (0.8, 1.5, 2, 3)),  # R
    ((2, 0, 0, 0, 0, 1.5, 2, 1.5, 2, 3, 0, 3),),  # S
    ((0, 0, 2, 0), (1, 0, 1, 3)),  # T
    ((0, 0, 0, 3, 2, 3, 2, 0),),  # U
    ((0, 0, 1, 3, 2, 0),),  # V
    ((0, 0, 2, 3), (2, 0, 0, 3)),  # X
    ((0, 0, 1, 1.5, 2, 0), (1, 1.5, 1, 3)),  # Y
    ((0, 0, 2, 0, 0, 3, 2, 3),),  # Z
    ((1, 0, 1, 3),),  # I
)


def letters(rng: np.random.Generator, pad: Pad, box, rows: int, colour, weight: float,
            jitter: float = 0.0, gap: float = 0.35) -> None:
    """Hand-lettered pseudo-capitals filling `rows` centred lines inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    line_h = (y1 - y0) / rows
    cap = line_h * 0.62
    adv = cap * 0.62
    for r in range(rows):
        width = (x1 - x0) * (rng.uniform(0.7, 1.0) if r < rows - 1 or rows == 1 else
                             rng.uniform(0.35, 0.8))
        n = max(1, int(width / adv))
        start = (x0 + x1) / 2 - n * adv / 2
        top = y0 + r * line_h + (line_h - cap) / 2
        k = 0
        while k < n:
            word = int(rng.integers(2, 7))
            for _ in range(min(word, n - k)):
                letter = _LETTERS[rng.integers(len(_LETTERS))]
                lx = start + k * adv
                for stroke in letter:
                    pts = np.array(stroke, float).reshape(-1, 2)
                    pts = np.stack([lx + pts[:, 0] / 2 * adv * (1 - gap),
                                    top + pts[:, 1] / 3 * cap], 1)
                    if jitter:
                        pts = pts + rng.normal(0, jitter, pts.shape)
                    pad.line(pts, colour, weight)
                k += 1
            k += 1  # a space between words


def word_bars(rng: np.random.Generator, pad: Pad, x: float, y: float, width: float,
              height: float, rows: int, colour, gap: float = 0.6) -> None:
    """Rows of rounded word blocks, the way small type reads from a distance."""
    for r in range(rows):
        cx = x
        end = x + width * (rng.uniform(0.5, 0.9) if r == rows - 1 and rows > 1 else 1.0)
        top = y + r * height * (1 + gap)
        while cx < end - height:
            wlen = min(end - cx, height * rng.uniform(1.5, 5.0))
            pad.polygon(rounded_rect(cx, top, cx + wlen, top + height, height / 2, 4), colour)
            cx += wlen + height * 0.7
