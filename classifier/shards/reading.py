"""Training from TFRecord shards (`medium train --data SHARDS`): the shards of `medium export`
read with `interleave` (several shards at once), parallel decode and prefetch, the pictures
resized by the same `resize_for_model`, and labels, weights and splits taken from the status
database as when training from files.

Before anything is read, the folder is checked against the database, each failure one
sentence: it must hold shards and their manifest, every shard as long as its stats record
says (a truncated copy is caught here, not mid-epoch), and every image of the manifest must
be the database's (same id, source id and checksum, same split): shards exported from another
database, or before a re-split, are refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import tensorflow as tf

from classifier.caching import DISK, MEMORY
from classifier.pipeline import AUTOTUNE, resize_for_model
from classifier.shards import layout
from classifier.shards.export import MANIFEST, stored_rows
from classifier.shards.records import FEATURE_SPEC
from storage.errors import UserError

INTERLEAVE = 4  # shards read at once: enough to mix splits' shards and hide one file's latency
SHUFFLE_BUFFER = 8192  # records reshuffled among, beyond the shuffled order of the shards


@dataclass(frozen=True)
class ShardFolder:
    """A checked export: per split its TFRecord files, and the manifest."""

    folder: Path
    files: dict[str, list[str]]
    manifest: pd.DataFrame


def open_shards(location: str) -> ShardFolder:
    """The TFRecord export at `location` (a folder or file:// URL), checked for shards, a
    manifest and whole files; a `UserError` naming what is wrong otherwise."""
    folder = Path(location.removeprefix("file://"))
    if "://" in str(folder):
        raise UserError(f"--data {location}: training reads shards from a local folder (copy them there first)")
    if not folder.is_dir():
        raise UserError(f"--data {location}: no such folder")
    names = sorted(path.name for path in folder.iterdir() if layout.SHARD_NAME.fullmatch(path.name)
                   and path.name.endswith(".tfrecord"))
    if not names:
        raise UserError(f"--data {location} holds no TFRecord shards; write them with "
                        f"`medium export --format tfrecord --out {location}`")
    if not (folder / MANIFEST).is_file():
        raise UserError(f"--data {location} has shards but no {MANIFEST}; export them again")
    files: dict[str, list[str]] = {}
    for name in names:
        stats = _stats(folder, name)
        size = (folder / name).stat().st_size
        if stats is None or stats.get("file_bytes") != size:
            raise UserError(f"shard {folder / name} is incomplete or damaged ({size:,} bytes, its stats record says "
                            f"{(stats or {}).get('file_bytes', 'nothing')}); export again to rewrite it")
        files.setdefault(layout.SHARD_NAME.fullmatch(name)["split"], []).append(str(folder / name))
    return ShardFolder(folder, files, pq.read_table(folder / MANIFEST).to_pandas())


def _stats(folder: Path, name: str) -> dict | None:
    try:
        return json.loads((folder / f"{name}{layout.STATS_SUFFIX}").read_text())
    except (OSError, ValueError):
        return None


def matched(shards: ShardFolder, images: pd.DataFrame, engine) -> pd.DataFrame:
    """The labelled database rows (`classifier.dataset.labelled_images`) that the shards hold,
    after checking that every image of the manifest is this database's (same id, source,
    source id and sha1) and in the same split as the database says now."""
    manifest = shards.manifest.set_index("id")
    database = stored_rows(engine).set_index("id").reindex(manifest.index)
    own = np.ones(len(manifest), bool)
    for column in ("source", "source_id", "sha1"):  # the same image: where it came from, what was downloaded
        own &= manifest[column].fillna("").to_numpy() == database[column].fillna("").to_numpy()
    if not own.all():
        raise UserError(f"the shards in {shards.folder} were not exported from this database ({(~own).sum():,} of "
                        f"{len(manifest):,} images are not its own); export this database's images")
    moved = manifest["split"].fillna(layout.UNSPLIT).to_numpy() != database["split"].fillna(layout.UNSPLIT).to_numpy()
    if moved.any():
        raise UserError(f"{moved.sum():,} images of the shards in {shards.folder} are in another split in the "
                        "database now; export again")
    return images[images["id"].isin(manifest.index)].reset_index(drop=True)


class ShardSplit:
    """One split's pictures from its shards, numbered by their row in the split's frame (the
    labels are looked up by that number, as for files): the `DecodedSplit` of shards."""

    def __init__(self, files: list[str], ids: np.ndarray, size: int, cache: str, home: Path | None = None):
        self.files, self.size, self.cache = files, size, cache
        self.kept = np.arange(len(ids))
        self._numbers = tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(tf.constant(ids, tf.int64), tf.constant(self.kept, tf.int64)), -1)
        self._cached = None
        if cache == MEMORY:
            self._cached = self._decoded(None, deterministic=True).cache()
            for _ in self._cached:  # filled once, here, as a file split's cache is
                pass
        elif cache == DISK:
            self._cached = self._decoded(None, deterministic=True).cache(str(self._disk_cache(home) / "images"))

    def images(self, *, shuffle_seed: int | None = None, deterministic: bool = True) -> tf.data.Dataset:
        """`(number, uint8 image)` of every picture of the split that this database labels
        (a cache keeps image ids, so another run's numbering reads it too)."""
        if self._cached is None:
            pictures = self._decoded(shuffle_seed, deterministic)
        else:
            pictures = (self._cached if shuffle_seed is None else
                        self._cached.shuffle(SHUFFLE_BUFFER, seed=shuffle_seed, reshuffle_each_iteration=True))
        return (pictures.map(lambda image_id, image: (self._numbers.lookup(image_id), image))
                .filter(lambda number, _: number >= 0))  # an image the database does not label for this run

    def _disk_cache(self, home: Path | None) -> Path:
        """`HOME/cache/shards-<key>/`, filled once through a private folder renamed when
        complete (a killed run leaves no half cache to be read), then reused."""
        stamp = [(name, os.stat(name).st_size, os.stat(name).st_mtime_ns) for name in self.files]
        key = hashlib.sha1(json.dumps([stamp, self.size]).encode()).hexdigest()[:16]
        folder = (home or Path(".")) / "cache" / f"shards-{key}"
        if not folder.is_dir():
            partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for _ in self._decoded(None, deterministic=True).cache(str(partial / "images")):
                pass
            try:
                partial.rename(folder)
            except OSError:  # another run finished the same cache first
                shutil.rmtree(partial, ignore_errors=True)
        return folder

    def _decoded(self, shuffle_seed: int | None, deterministic: bool) -> tf.data.Dataset:
        files = tf.data.Dataset.from_tensor_slices(self.files)
        if shuffle_seed is not None:
            files = files.shuffle(len(self.files), seed=shuffle_seed, reshuffle_each_iteration=True)
        records = files.interleave(tf.data.TFRecordDataset, cycle_length=min(INTERLEAVE, len(self.files)),
                                   num_parallel_calls=AUTOTUNE, deterministic=deterministic)
        if shuffle_seed is not None:
            records = records.shuffle(SHUFFLE_BUFFER, seed=shuffle_seed, reshuffle_each_iteration=True)

        def decode(record):
            parsed = tf.io.parse_single_example(record, FEATURE_SPEC)
            image = tf.io.decode_image(parsed["image"], channels=3, expand_animations=False)
            return parsed["id"], resize_for_model(image, self.size)

        return records.map(decode, num_parallel_calls=AUTOTUNE, deterministic=deterministic).ignore_errors(
            log_warning=True)
