"""Where a training run keeps its decoded images between epochs, and why there.

`memory` decodes each file once and holds every image (`size`² x 3 bytes each) in RAM: the
fastest epochs, but 140,000 images at 256 px are 27 GB. `none` streams: each epoch reads and
decodes the JPEGs again, in parallel, and memory stays flat whatever the set's size. `disk`
writes the decoded images once under `$MEDIUM_HOME/cache/`, keyed by the image size and the
set, and later epochs and runs read them back: about ten times the JPEG bytes, traded for
the decode. `auto` takes `memory` when the set fits a budget (half of the memory the machine
has available when training starts), else `none`.

Light on purpose (no TensorFlow): the CLI and the tests read it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

AUTO, MEMORY, DISK, NONE = "auto", "memory", "disk", "none"
CACHE_CHOICES = (AUTO, MEMORY, DISK, NONE)
MEMORY_BUDGET_FRACTION = 0.5  # of the available memory: the model, batches and Python need the rest
CACHE_DIR = "cache"


@dataclass(frozen=True)
class CacheChoice:
    cache: str  # memory | disk | none
    reason: str  # one sentence a user reads in the log


def decoded_bytes(n_images: int, size: int) -> int:
    """What `n_images` decoded `size` x `size` RGB images take in memory (uint8)."""
    return n_images * size * size * 3


def memory_budget() -> int:
    """Bytes the memory cache may take: a fixed share of what the machine has available now."""
    import psutil

    return int(psutil.virtual_memory().available * MEMORY_BUDGET_FRACTION)


def choose_cache(requested: str, n_images: int, size: int, budget: int | None = None) -> CacheChoice:
    """The cache to use for `n_images` images of `size` px; `auto` compares their decoded size
    with `budget` (default: `memory_budget()`)."""
    if requested not in CACHE_CHOICES:
        raise ValueError(f"unknown cache {requested!r}")
    needed = decoded_bytes(n_images, size)
    if requested != AUTO:
        return CacheChoice(requested, f"{requested} cache as asked ({n_images:,} images, {_gb(needed)} decoded)")
    budget = memory_budget() if budget is None else budget
    if needed <= budget:
        return CacheChoice(MEMORY, f"memory cache: {n_images:,} decoded images take {_gb(needed)}, "
                                   f"within the {_gb(budget)} budget")
    return CacheChoice(NONE, f"streaming from the image store without a cache: {n_images:,} decoded images "
                             f"would take {_gb(needed)}, over the {_gb(budget)} budget")


def disk_cache_dir(home: Path, paths: list[str], size: int) -> Path:
    """`HOME/cache/<size>px-<digest of the paths in order>`: one set, one size, one folder.
    The order is part of the key because the cache keeps it (the training split is shuffled
    once by the run's seed before caching)."""
    digest = hashlib.sha1("\n".join(paths).encode()).hexdigest()[:16]
    return home / CACHE_DIR / f"{size}px-{len(paths)}-{digest}"


def _gb(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.2f} GB"
