"""The surrogate's inputs: the interpretable features (`classifier.features`) of stored images
**as the run's model sees them** (decoded and resized to its square input by the same
`store_images` that prediction uses), so a feature name means the same number on the explain
page as in the feature model. Computed once per image and kept in the run's cache file, so a
second `medium explain` (or one that was interrupted) reads them instead."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from classifier.feature_kernels import batch_features
from classifier.features import FEATURE_NAMES, FEATURE_VERSION
from classifier.pipeline import store_images

BATCH = 64


def model_input_features(ids: np.ndarray, paths: list[str], size: int, cache: Path) -> pd.DataFrame:
    """Features of stored images at the model's `size`, one row per id (`FEATURE_NAMES`
    columns, NaN where a file does not decode), from `cache` (an .npz of ids, names, version,
    size and values) where it holds them; the rest are computed and added to the cache."""
    known = _cached(cache, size)
    missing = [(int(image_id), path) for image_id, path in zip(ids, paths) if int(image_id) not in known.index]
    if missing:
        computed = pd.DataFrame(np.nan, index=[image_id for image_id, _ in missing], columns=FEATURE_NAMES)
        batches = store_images([path for _, path in missing], size).batch(BATCH).as_numpy_iterator()
        for numbers, images in batches:
            computed.iloc[numbers] = batch_features(images)
        known = pd.concat([known, computed])
        _write_cache(cache, known, size)
    return known.loc[[int(image_id) for image_id in ids]]


def _cached(cache: Path, size: int) -> pd.DataFrame:
    """The cached rows, or none if the cache is absent, of another size or of other feature
    definitions."""
    empty = pd.DataFrame(columns=FEATURE_NAMES, dtype=np.float64)
    if not cache.is_file():
        return empty
    with np.load(cache) as stored:
        if ("size" not in stored or int(stored["size"]) != size or int(stored["version"]) != FEATURE_VERSION
                or stored["names"].tolist() != FEATURE_NAMES):
            return empty
        return pd.DataFrame(stored["values"], index=stored["ids"], columns=FEATURE_NAMES)


def _write_cache(cache: Path, frame: pd.DataFrame, size: int) -> None:
    """Written to a temporary name, then renamed: an interrupted run leaves the old cache."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f".{cache.stem}.partial.npz")
    np.savez(partial, ids=frame.index.to_numpy(np.int64), names=np.array(FEATURE_NAMES),
             version=FEATURE_VERSION, size=size, values=frame.to_numpy(np.float64))
    partial.replace(cache)
