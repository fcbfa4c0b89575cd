"""The held-out-style sets: the seven media drawn by a renderer family no training world draws
from, sharing none of their scenes, palettes or marks, so a model scored on one is scored on
media, not on our renderers.

Two such families, for two jobs. `outsider` is the one the recipe was chosen on: its failures
were looked at, so it is no longer wholly untouched by our choices (its code still is).
`wayfarer` was written later, apart from all the others, and is never used to choose
anything: its score is the one that says how far the choices themselves were fitted.

Layout (as the shifted set's): `directory/<medium key>/<n>.jpg`, `labels.csv` (path relative
to directory, medium, mood, look) and `heldout.json`, the build stamp. `look` names the style
as `<family>:<style>` (see `HELDOUT_FAMILIES`), apart from any training look's name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sampleworld.builds import Progress, RenderJob, build_labelled_set
from sampleworld.outsider import OUTSIDER_STYLES
from sampleworld.wayfarer import WAYFARER_STYLES

FORMAT = 2
# family -> medium -> {style: what it imitates}; the first is the one choices were made on
HELDOUT_FAMILIES = {"outsider": OUTSIDER_STYLES, "wayfarer": WAYFARER_STYLES}
NOTICE = ("synthetic artworks drawn by the {family} renderer family, written apart from the six that draw the "
          "training world, generated, not real data")


def build_heldout_set(directory: str | Path, n_images: int, seed: int = 2, progress: Progress | None = None,
                      family: str = "outsider") -> pd.DataFrame:
    """Balanced over media (round robin), moods and the family's styles at random; returns the labels table."""
    if family not in HELDOUT_FAMILIES:
        raise ValueError(f"unknown held-out family {family!r}; known: {', '.join(HELDOUT_FAMILIES)}")
    family_styles = HELDOUT_FAMILIES[family]

    def jobs(labels, rng):
        seeds = rng.integers(0, 2 ** 62, size=len(labels))
        styles = [tuple(family_styles[medium])[rng.integers(len(family_styles[medium]))]
                  for medium in labels["medium"]]
        labels["look"] = [f"{family}:{style}" for style in styles]
        return [RenderJob(row.medium, row.mood, int(s), Path(row.path), look=style, family=family)
                for row, s, style in zip(labels.itertuples(), seeds, styles)]

    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "family": family,
                  "notice": NOTICE.format(family=family)}
    return build_labelled_set(directory, n_images, parameters, "heldout.json", jobs, progress)
