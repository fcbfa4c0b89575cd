"""The hidden truth and the published metadata of the world's modules, generated in chunks.

Each chunk is drawn from its own seed (`seed`, chunk index), so the BAM writer and the world
builder regenerate exactly the same modules without ever holding millions of rows at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sampleworld.vocabulary import DEAD_PREFIX, LIVE_PREFIX, MEDIA, MOODS

CHUNK_ROWS = 50_000
MEDIUM_PRIOR = np.array([0.13, 0.13, 0.15, 0.14, 0.15, 0.16, 0.14])  # in MEDIA order
PROJECT_SIZES = np.arange(1, 9)
PROJECT_SIZE_PRIOR = np.array([0.3, 0.2, 0.15, 0.1, 0.09, 0.07, 0.05, 0.04])
SAME_MEDIUM_IN_PROJECT = 0.9
SAME_MOOD_IN_PROJECT = 0.7
PNG_SHARE = 0.05
DEAD_SHARE = 0.02
SCORED_SHARE = 0.96
MATURE_SHARE = 0.03
LICENSES = (
    "All Rights Reserved",
    "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
    "Creative Commons Attribution-NonCommercial 4.0 International",
    "Creative Commons Attribution-ShareAlike 4.0 International",
    "Creative Commons Attribution 4.0 International",
)
LICENSE_PRIOR = np.array([0.7, 0.15, 0.07, 0.04, 0.04])
MID_SPAN = 400_000_000  # mids spread over 100,001 .. 800,100,000: 6 to 9 digits, never sequential
FIRST_MID = 100_000
FIRST_PROJECT = 10_000_000
SRC_HASH = np.uint64(0x9E3779B97F4A7C15)  # odd, so mid -> mid * SRC_HASH mod 2**52 is one-to-one


@dataclass(frozen=True)
class ModuleChunk:
    mid: np.ndarray  # int64
    project_id: np.ndarray  # int64
    src: list[str]
    dead: np.ndarray  # bool
    medium: np.ndarray  # index into MEDIA, the truth
    mood: np.ndarray  # index into MOODS, the truth
    mature: np.ndarray  # bool
    license: np.ndarray  # index into LICENSES
    scored: np.ndarray  # bool: has a `scores` row


def module_chunks(n_modules: int, seed: int) -> Iterator[ModuleChunk]:
    mid_gap = max(1, MID_SPAN // max(n_modules, 1))
    last_mid, last_project = FIRST_MID, FIRST_PROJECT
    for index, start in enumerate(range(0, n_modules, CHUNK_ROWS)):
        rng = np.random.default_rng([seed, index])
        chunk = _chunk(rng, min(CHUNK_ROWS, n_modules - start), last_mid, mid_gap, last_project)
        last_mid, last_project = int(chunk.mid[-1]), int(chunk.project_id[-1])
        yield chunk


def _chunk(rng: np.random.Generator, n: int, last_mid: int, mid_gap: int, last_project: int) -> ModuleChunk:
    mid = last_mid + np.cumsum(rng.integers(1, 2 * mid_gap, n, endpoint=True))
    sizes = rng.choice(PROJECT_SIZES, size=n, p=PROJECT_SIZE_PRIOR)
    project_of_module = np.repeat(np.arange(n), sizes)[:n]
    project_ids = last_project + np.cumsum(rng.integers(1, 400, n))
    medium = _inherit(rng, project_of_module, len(MEDIA), MEDIUM_PRIOR, SAME_MEDIUM_IN_PROJECT)
    mood = _inherit(rng, project_of_module, len(MOODS), None, SAME_MOOD_IN_PROJECT)
    dead = rng.random(n) < DEAD_SHARE
    png = rng.random(n) < PNG_SHARE
    return ModuleChunk(
        mid=mid,
        project_id=project_ids[project_of_module],
        src=cdn_urls(rng, mid, png, dead),
        dead=dead,
        medium=medium,
        mood=mood,
        mature=rng.random(n) < MATURE_SHARE,
        license=rng.choice(len(LICENSES), size=n, p=LICENSE_PRIOR),
        scored=rng.random(n) < SCORED_SHARE,
    )


def _inherit(rng, project_of_module: np.ndarray, n_classes: int, prior, keep: float) -> np.ndarray:
    """Each module takes its project's class with probability `keep`, else one of its own."""
    per_project = rng.choice(n_classes, size=project_of_module.max() + 1, p=prior)[project_of_module]
    own = rng.choice(n_classes, size=len(project_of_module), p=prior)
    return np.where(rng.random(len(project_of_module)) < keep, per_project, own).astype(np.int8)


def cdn_urls(rng: np.random.Generator, mid: np.ndarray, png: np.ndarray, dead: np.ndarray) -> list[str]:
    """Behance-like `src` URLs: 10 random hex digits, then 13 derived from the mid, so names never collide."""
    first = rng.integers(0, 16 ** 10, len(mid)).tolist()
    second = ((mid.astype(np.uint64) * SRC_HASH) & np.uint64(16 ** 13 - 1)).tolist()
    prefix = np.where(dead, DEAD_PREFIX, LIVE_PREFIX).tolist()
    extension = np.where(png, ".png", ".jpg").tolist()
    return [f"{p}{a:010x}.{b:013x}{e}" for p, a, b, e in zip(prefix, first, second, extension)]


def modules_truth(n_modules: int, seed: int = 0) -> pd.DataFrame:
    """Every module's mid, project, src, dead flag and true medium and mood (keys)."""
    frames = [pd.DataFrame({
        "mid": chunk.mid, "project_id": chunk.project_id, "src": chunk.src, "dead": chunk.dead,
        "medium": np.asarray(MEDIA)[chunk.medium], "mood": np.asarray(MOODS)[chunk.mood],
    }) for chunk in module_chunks(n_modules, seed)]
    columns = ["mid", "project_id", "src", "dead", "medium", "mood"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

