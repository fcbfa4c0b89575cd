"""The held-out-style set: the seven media drawn by the outsider family (`sampleworld.outsider`),
written apart from the six training families and sharing none of their scenes, palettes or
marks, so a model scored on it is scored on media, not on our renderers.

Layout (as the shifted set's): `directory/<medium key>/<n>.jpg`, `labels.csv` (path relative
to directory, medium, mood, look) and `heldout.json`, the build stamp. `look` names the outsider
style as `outsider:<style>` (see `OUTSIDER_STYLES`), apart from any training look's name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sampleworld.builds import Progress, RenderJob, build_labelled_set
from sampleworld.outsider import OUTSIDER_STYLES

FORMAT = 2
NOTICE = ("synthetic artworks drawn by a renderer family written apart from the six that draw the training world, "
          "generated, not real data")
LOOK_PREFIX = "outsider:"


def build_heldout_set(directory: str | Path, n_images: int, seed: int = 2,
                      progress: Progress | None = None) -> pd.DataFrame:
    """Balanced over media (round robin), moods and outsider styles at random; returns the labels table."""
    def jobs(labels, rng):
        seeds = rng.integers(0, 2 ** 62, size=len(labels))
        styles = [tuple(OUTSIDER_STYLES[medium])[rng.integers(len(OUTSIDER_STYLES[medium]))]
                  for medium in labels["medium"]]
        labels["look"] = [LOOK_PREFIX + style for style in styles]
        return [RenderJob(row.medium, row.mood, int(s), Path(row.path), look=style, family="outsider")
                for row, s, style in zip(labels.itertuples(), seeds, styles)]

    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "notice": NOTICE}
    return build_labelled_set(directory, n_images, parameters, "heldout.json", jobs, progress)
