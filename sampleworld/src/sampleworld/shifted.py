"""The shifted set: the same seven media drawn in the SHIFTED style (other sizes, palettes, stroke
widths, textures and papers) in their training looks, as a folder per class: a mild shift, kept
beside the held-out-style set (`heldout.py`), which is the honest test of transfer.

Layout: `directory/<medium key>/<n>.jpg`, `labels.csv` (path relative to directory, medium,
mood) and `shifted.json`, the build stamp.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sampleworld.builds import Progress, RenderJob, build_labelled_set
from sampleworld.style import SHIFTED

FORMAT = 2
NOTICE = "synthetic shifted-style artworks, generated, not real data"


def build_shifted_set(directory: str | Path, n_images: int, seed: int = 1,
                      progress: Progress | None = None) -> pd.DataFrame:
    """Balanced over media (round robin), moods at random; returns the labels table."""
    def jobs(labels, rng):
        widths = rng.integers(*SHIFTED.width_range, size=len(labels), endpoint=True)
        seeds = rng.integers(0, 2 ** 62, size=len(labels))
        return [RenderJob(row.medium, row.mood, int(s), Path(row.path), int(w), SHIFTED.name)
                for row, s, w in zip(labels.itertuples(), seeds, widths)]

    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "notice": NOTICE}
    return build_labelled_set(directory, n_images, parameters, "shifted.json", jobs, progress)
