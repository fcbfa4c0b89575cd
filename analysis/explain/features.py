"""The interpretable features (`classifier.features`) of stored images for the surrogate,
computed once per image and kept in a run's cache file, so a second `medium explain` (or
one that was interrupted) reads them instead of computing them again."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import UnidentifiedImageError
from tqdm import tqdm

from classifier.features import FEATURE_NAMES, FEATURE_VERSION, Picture, picture_features

log = logging.getLogger(__name__)


def image_features(ids: np.ndarray, paths: list[str], cache: Path) -> pd.DataFrame:
    """Features of stored images, one row per id (`FEATURE_NAMES` columns, NaN where a file
    could not be read), from `cache` (an .npz of ids, names, version and values) where it
    holds them; the rest are computed with a progress bar and added to the cache."""
    known = _cached(cache)
    missing = [(image_id, path) for image_id, path in zip(ids, paths) if int(image_id) not in known.index]
    if missing:
        rows = [_features_or_nan(path) for _, path in tqdm(missing, desc="features", unit="image", disable=None)]
        computed = pd.DataFrame(rows, index=[int(image_id) for image_id, _ in missing], columns=FEATURE_NAMES)
        known = pd.concat([known, computed])
        _write_cache(cache, known)
    return known.loc[[int(image_id) for image_id in ids]]


def _features_or_nan(path: str) -> np.ndarray:
    try:
        return picture_features(Picture.open(path))
    except (OSError, UnidentifiedImageError, ValueError) as error:
        log.warning("cannot read %s for its features: %s", path, error)
        return np.full(len(FEATURE_NAMES), np.nan)


def _cached(cache: Path) -> pd.DataFrame:
    """The cached rows, or none if the cache is absent or from other feature definitions."""
    empty = pd.DataFrame(columns=FEATURE_NAMES, dtype=np.float64)
    if not cache.is_file():
        return empty
    with np.load(cache) as stored:
        if int(stored["version"]) != FEATURE_VERSION or stored["names"].tolist() != FEATURE_NAMES:
            return empty
        return pd.DataFrame(stored["values"], index=stored["ids"], columns=FEATURE_NAMES)


def _write_cache(cache: Path, frame: pd.DataFrame) -> None:
    """Written to a temporary name, then renamed: an interrupted run leaves the old cache."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f".{cache.stem}.partial.npz")
    np.savez(partial, ids=frame.index.to_numpy(np.int64), names=np.array(FEATURE_NAMES),
             version=FEATURE_VERSION, values=frame.to_numpy(np.float64))
    partial.replace(cache)
