"""`medium samples`: a grid of stored images per medium and one per mood, to see the data
before training on it."""

from __future__ import annotations

from pathlib import Path

from classifier.dataset import HEADS, NO_LABEL, labelled_images
from classifier.plots import image_grid
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.store import recorded_store

SAMPLES_DIR = "samples"


def sample_grids(config: Config, per_class: int = 8, *, seed: int = 0, out_dir: Path | None = None) -> list[Path]:
    """Write `samples_medium.png` and `samples_emotion.png` (by default under
    `$MEDIUM_HOME/samples/`): `per_class` random images of each class, with its count."""
    if per_class < 1:
        raise UserError(f"--per-class must be at least 1, got {per_class}")
    engine = open_database(config.db_url, create=False)
    frame = labelled_images(engine, recorded_store(engine, config).images)
    if frame.empty:
        raise UserError("no stored images with a label yet; import and crawl some first")
    out_dir = Path(out_dir) if out_dir else config.home / SAMPLES_DIR
    written = []
    for head, keys in HEADS.items():
        groups = frame[frame[head] != NO_LABEL].groupby(head)
        rows = {keys[code]: list(group["path"].sample(min(per_class, len(group)), random_state=seed))
                for code, group in groups}
        counts = {keys[code]: len(group) for code, group in groups}
        title = f"Stored images per {head}: {per_class} at random per class (stored count in brackets)"
        written.append(image_grid(rows, title, out_dir / f"samples_{head}.png", counts=counts))
    return written
