"""The shifted set: the same seven media drawn in the SHIFTED style (other sizes, palettes, stroke
widths, textures and papers), as a folder per class, to test transfer to a different dataset.

Layout: `directory/<medium key>/<n>.jpg`, `labels.csv` (path relative to directory, medium,
mood) and `shifted.json`, the build stamp.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sampleworld.builds import Progress, RenderJob, render_files, stamp_matches, write_stamp
from sampleworld.style import SHIFTED
from sampleworld.vocabulary import MEDIA, MOODS

FORMAT = 1
NOTICE = "synthetic shifted-style artworks, generated, not real data"


def build_shifted_set(directory: str | Path, n_images: int, seed: int = 1,
                      progress: Progress | None = None) -> pd.DataFrame:
    """Balanced over media (round robin), moods at random; returns the labels table."""
    if n_images < 1:
        raise ValueError(f"a shifted set needs at least one image, not {n_images}")
    directory = Path(directory)
    parameters = {"format": FORMAT, "n_images": n_images, "seed": seed, "notice": NOTICE}
    if stamp_matches(directory / "shifted.json", parameters):
        return pd.read_csv(directory / "labels.csv")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "shifted.json").unlink(missing_ok=True)
    rng = np.random.default_rng([seed, 11])
    media = [MEDIA[i % len(MEDIA)] for i in range(n_images)]
    labels = pd.DataFrame({
        "path": [f"{medium}/{i:05d}.jpg" for i, medium in enumerate(media)],
        "medium": media,
        "mood": np.asarray(MOODS)[rng.integers(len(MOODS), size=n_images)],
    })
    widths = rng.integers(*SHIFTED.width_range, size=n_images, endpoint=True)
    seeds = rng.integers(0, 2 ** 62, size=n_images)
    render_files([RenderJob(row.medium, row.mood, int(s), directory / row.path, int(w), SHIFTED.name)
                  for row, s, w in zip(labels.itertuples(), seeds, widths)], progress)
    labels.to_csv(directory / "labels.csv", index=False)
    write_stamp(directory / "shifted.json", parameters)
    return labels
