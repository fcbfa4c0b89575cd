"""Paper and graphite-on-paper helpers shared by the drawing media (pencil, pen): the tooth of a
sheet as fine random relief, and laying a dark medium onto a paper colour by coverage."""

from __future__ import annotations

import numpy as np

from sampleworld.outsider.canvas import soften


def tooth(rng: np.random.Generator, height: int, width: int, fineness: float = 0.6) -> np.ndarray:
    """0-1 relief of the paper's grain: per-pixel randomness blurred just below a pixel, so
    graphite dragged across it catches on the peaks and skips the dips."""
    return soften(rng.random((height, width), dtype=np.float32), fineness)


def lay(paper: np.ndarray, medium: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Float RGB of `medium` (an RGB triple) over `paper` (an RGB triple) with 0-1 `coverage`."""
    coverage = np.clip(coverage, 0, 1, dtype=np.float32)[..., None]
    return paper + (medium - paper).astype(np.float32) * coverage
