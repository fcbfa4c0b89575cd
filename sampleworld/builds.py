"""What the world and the shifted set share: rendering many artworks to files on every core,
and a stamp that makes rebuilding the same folder with the same arguments return at once."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

from sampleworld.render import render_artwork
from sampleworld.style import DEFAULT, SHIFTED

STYLES = {style.name: style for style in (DEFAULT, SHIFTED)}
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
    image = render_artwork(job.medium, job.mood, job.seed, width=job.width, style=STYLES[job.style])
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
