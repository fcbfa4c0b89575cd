"""What the world and the labelled sets share: rendering many artworks to files on every core,
a stamp that makes rebuilding the same folder with the same arguments return at once, and the
folder-per-medium layout of a labelled set."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd

from sampleworld.outsider import render_outsider
from sampleworld.render import render_artwork
from sampleworld.style import DEFAULT, SHIFTED
from sampleworld.vocabulary import MEDIA, MOODS
from sampleworld.wayfarer import render_wayfarer

STYLES = {style.name: style for style in (DEFAULT, SHIFTED)}
# The families no training world draws from: name -> renderer, called with the job's look as its style.
HELDOUT_RENDERERS = {"outsider": render_outsider, "wayfarer": render_wayfarer}
JPEG_QUALITY = 90
SERIAL_BELOW = 16  # fewer images than this are not worth starting processes for


@dataclass(frozen=True)
class RenderJob:
    medium: str
    mood: str
    seed: int
    path: Path  # .png files are written as PNG, anything else as JPEG
    width: int = 600
    style: str = DEFAULT.name
    look: str | None = None  # None: one of the medium's training looks (or held-out styles), drawn by the seed
    family: str = "training"  # "training": `render_artwork`; else a key of HELDOUT_RENDERERS, look its style


Progress = Callable[[int, int], None]  # called with (artworks done, artworks in all) after each one


def render_files(jobs: Iterable[RenderJob], progress: Progress | None = None) -> None:
    """Render and save every job, on a process pool sized to the machine's cores."""
    jobs = list(jobs)
    for folder in {job.path.parent for job in jobs}:
        folder.mkdir(parents=True, exist_ok=True)
    if len(jobs) < SERIAL_BELOW:
        _report(map(_render_file, jobs), len(jobs), progress)
        return
    with Pool(len(os.sched_getaffinity(0))) as pool:
        _report(pool.imap_unordered(_render_file, jobs, chunksize=4), len(jobs), progress)


def _report(finished: Iterable[None], total: int, progress: Progress | None) -> None:
    for done, _ in enumerate(finished, 1):
        if progress:
            progress(done, total)


def _render_file(job: RenderJob) -> None:
    if job.family in HELDOUT_RENDERERS:
        image = HELDOUT_RENDERERS[job.family](job.medium, job.mood, job.seed, width=job.width, style=job.look)
    else:
        image = render_artwork(job.medium, job.mood, job.seed, width=job.width, style=STYLES[job.style],
                               look=job.look)
    if job.path.suffix == ".png":
        image.save(job.path, "PNG", compress_level=1)
    else:
        image.save(job.path, "JPEG", quality=JPEG_QUALITY)


def stamp_matches(path: Path, parameters: dict) -> bool:
    """True when `path` records a finished build made with exactly these parameters."""
    try:
        return json.loads(path.read_text()) == parameters
    except (OSError, ValueError):
        return False


def write_stamp(path: Path, parameters: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(parameters, indent=2) + "\n")
    os.replace(temporary, path)


def build_labelled_set(directory: str | Path, n_images: int, parameters: dict, stamp: str,
                       jobs: Callable[[pd.DataFrame, np.random.Generator], list[RenderJob]],
                       progress: Progress | None = None) -> pd.DataFrame:
    """A set balanced over media (round robin), moods at random: `directory/<medium>/<n>.jpg`,
    `labels.csv` (path relative to directory, medium, mood, plus the columns `jobs` adds) and the
    stamp. `jobs(labels, rng)` adds its columns to `labels` and says how to render each row."""
    if n_images < 1:
        raise ValueError(f"a labelled set needs at least one image, not {n_images}")
    directory = Path(directory)
    if stamp_matches(directory / stamp, parameters):
        return pd.read_csv(directory / "labels.csv", keep_default_na=False)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / stamp).unlink(missing_ok=True)
    rng = np.random.default_rng([parameters["seed"], 11])
    media = [MEDIA[i % len(MEDIA)] for i in range(n_images)]
    labels = pd.DataFrame({
        "path": [f"{medium}/{i:05d}.jpg" for i, medium in enumerate(media)],
        "medium": media,
        "mood": np.asarray(MOODS)[rng.integers(len(MOODS), size=n_images)],
    })
    render_files([replace_path(job, directory) for job in jobs(labels, rng)], progress)
    labels.to_csv(directory / "labels.csv", index=False)
    write_stamp(directory / stamp, parameters)
    return labels


def replace_path(job: RenderJob, directory: Path) -> RenderJob:
    """The job with its path made absolute under `directory`."""
    return dataclasses.replace(job, path=directory / job.path)
