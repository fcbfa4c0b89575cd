"""The held-out-style set: the seven media drawn only in their held-out looks, styles that
`build_world` never draws, so a model scored on it is scored on art it has never seen the like of.

Layout (as the shifted set's): `directory/<medium key>/<n>.jpg`, `labels.csv` (path relative
to directory, medium, mood, look) and `heldout.json`, the build stamp.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sampleworld.builds import Progress, RenderJob, build_labelled_set
from sampleworld.media import HELD_OUT_LOOKS

FORMAT = 1
NOTICE = "synthetic artworks in held-out styles that training never sees, generated, not real data"


def build_heldout_set(directory: str | Path, n_images: int, seed: int = 2,
                      progress: Progress | None = None) -> pd.DataFrame:
    """Balanced over media (round robin), moods and held-out looks at random; returns the labels table."""
    def jobs(labels, rng):
        seeds = rng.integers(0, 2 ** 62, size=len(labels))
        labels["look"] = [HELD_OUT_LOOKS[medium][rng.integers(len(HELD_OUT_LOOKS[medium]))]
                          for medium in labels["medium"]]
        return [RenderJob(row.medium, row.mood, int(s), Path(row.path), look=row.look)
                for row, s in zip(labels.itertuples(), seeds)]

    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "notice": NOTICE}
    return build_labelled_set(directory, n_images, parameters, "heldout.json", jobs, progress)
