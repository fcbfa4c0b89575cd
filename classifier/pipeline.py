"""Pictures → tensors the model takes: uint8 RGB, `size` x `size`.

Two doors, one resize. Files of the image store go through `tf.data` (parallel decode,
resize, shuffle, prefetch; for training, a cache chosen by `classifier.caching`). A single
file from elsewhere (`predict FILE`, an outside labelled set) is first made exactly what the
crawler would have stored (`storage.imaging.load_rgb`: EXIF upright, RGB, longest side 256),
then resized by the same `resize_for_model`, so both doors hand the model the same picture.

Unreadable files are dropped, not fatal: the store's decode runs under `ignore_errors`, and
each element carries the number of its file. A training split is first sorted into the files
that decode and the others: by the pass that fills a memory or disk cache, or, when
streaming, by a scan that decodes JPEGs at 1/8 scale (libjpeg still reads every byte, so a
truncated file fails there too). The kept files are numbered 0..K-1; labels are looked up by
that number, so a file that fails later can never shift a label onto another picture.

Order: the training split is shuffled once by the run's seed, then each epoch reshuffles
the kept numbers with a seeded buffer. A streamed split shuffles (number, path) pairs before
decoding, a cached one shuffles (number, image) after the cache, with the same seed and
buffer size: the same permutation of the same numbers, hence the same batches in each mode
when the decode keeps its order (`deterministic=True`). Without it, parallel decode hands
on whichever image is ready first, which is faster.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from classifier.caching import DISK, MEMORY, NONE, decoded_bytes, disk_cache_dir
from classifier.feature_kernels import batch_features
from classifier.features import FEATURE_NAMES
from storage.config import DEFAULT_LONGEST_SIDE, is_url
from storage.image_store import read_address
from storage.imaging import InvalidImage, encode_image

log = logging.getLogger(__name__)

AUTOTUNE = tf.data.AUTOTUNE
SHUFFLE_BUFFER_ROWS = 2**20  # numbers (with a path, or a cached image's reference) reshuffled each epoch
DISK_SHUFFLE_BUFFER_BYTES = 512 * 2**20  # a disk-cached split reshuffles among this much of decoded images
SCAN_RATIO = 8  # the readability scan decodes JPEGs at 1/8 scale
FILE_LOADER_THREADS = 4  # Pillow releases the GIL while decoding
KEPT_FILE = "kept.npy"


def resize_for_model(images: tf.Tensor, size: int) -> tf.Tensor:
    """uint8 RGB of any size → uint8 `size` x `size` (aspect not kept: the whole picture stays in).

    A picture shrunk on both sides is area-averaged: as free of aliasing as an antialiased
    bilinear resize at the factors the store needs (256 px to 128-256 px), at a third of its
    cost, which is most of what a streamed epoch spends outside the model. A picture that
    must grow on a side is interpolated bilinearly, since area sampling would make blocks.
    """
    shape = tf.shape(images)
    shrinks = tf.logical_and(shape[-3] >= size, shape[-2] >= size)
    resized = tf.cond(shrinks, lambda: tf.image.resize(images, (size, size), method="area"),
                      lambda: tf.image.resize(images, (size, size), method="bilinear", antialias=True))
    return tf.cast(tf.clip_by_value(tf.round(resized), 0, 255), tf.uint8)


def _reader(paths: list[str]):
    """How a dataset of these store addresses reads one: TensorFlow's own file reader for
    local files; the store's (fsspec) for URLs, which TensorFlow cannot open, in the
    map's parallel threads."""
    if not any(is_url(path) for path in paths):
        return tf.io.read_file

    def read(path: tf.Tensor) -> tf.Tensor:
        data = tf.numpy_function(lambda address: read_address(address.decode()), [path], tf.string, stateful=False)
        data.set_shape([])
        return data
    return read


def _decode_file(read, path: tf.Tensor, size: int) -> tf.Tensor:
    image = tf.io.decode_image(read(path), channels=3, expand_animations=False)
    return resize_for_model(image, size)


def _numbered_paths(paths: list[str]) -> tf.data.Dataset:
    return tf.data.Dataset.from_tensor_slices((tf.range(len(paths), dtype=tf.int64), tf.constant(paths, tf.string)))


def _decoded(numbered: tf.data.Dataset, read, size: int, deterministic: bool) -> tf.data.Dataset:
    return (numbered.map(lambda number, path: (number, _decode_file(read, path, size)), num_parallel_calls=AUTOTUNE,
                         deterministic=deterministic)
            .ignore_errors(log_warning=True))


def store_images(paths: list[str], size: int, *, deterministic: bool = True) -> tf.data.Dataset:
    """`(row index, uint8 image)` for each file that decodes; the others are left out."""
    return _decoded(_numbered_paths(paths), _reader(paths), size, deterministic)


def with_features(batches: tf.data.Dataset) -> tf.data.Dataset:
    """`(numbers, images)` batches → `(numbers, images, features)`: the 20 interpretable
    features of each picture (`classifier.feature_kernels`) computed in the input pipeline,
    beside the next batches' decode, while the model reads the batch before."""
    def attach(numbers, images):
        features = tf.numpy_function(batch_features, [images], tf.float64, stateful=False)
        return numbers, images, tf.ensure_shape(features, (None, len(FEATURE_NAMES)))

    return batches.map(attach, num_parallel_calls=AUTOTUNE, deterministic=True)


def readable(paths: list[str]) -> np.ndarray:
    """The sorted indices of the files that decode, found at a fraction of a full decode's cost."""
    read = _reader(paths)

    def check(number, path):
        data = read(path)
        shape = tf.cond(tf.io.is_jpeg(data),
                        lambda: tf.shape(tf.io.decode_jpeg(data, channels=3, ratio=SCAN_RATIO)),
                        lambda: tf.shape(tf.io.decode_image(data, channels=3, expand_animations=False)))
        return number, shape

    checked = (_numbered_paths(paths).map(check, num_parallel_calls=AUTOTUNE, deterministic=False)
               .ignore_errors(log_warning=True).map(lambda number, _: number))
    return np.sort(np.fromiter(checked.as_numpy_iterator(), dtype=np.int64, count=-1))


@dataclass(frozen=True)
class DecodedSplit:
    """The files of one split that decode, numbered 0..K-1 in the order given, and how
    their images are read each epoch: from a cache (`cached` holds `(number, image)`) or
    decoded again (`cached` is None)."""

    kept: np.ndarray  # indices of the given paths, in order
    paths: list[str]  # of the kept files
    size: int
    cache: str
    cached: tf.data.Dataset | None

    def images(self, *, shuffle_seed: int | None = None, deterministic: bool = True) -> tf.data.Dataset:
        """`(number, uint8 image)` of every kept file; reshuffled each epoch when `shuffle_seed` is given."""
        if self.cached is None:
            numbered = _numbered_paths(self.paths)
            if shuffle_seed is not None:
                numbered = numbered.shuffle(self._shuffle_buffer(), seed=shuffle_seed, reshuffle_each_iteration=True)
            return _decoded(numbered, _reader(self.paths), self.size, deterministic)
        if shuffle_seed is None:
            return self.cached
        return self.cached.shuffle(self._shuffle_buffer(), seed=shuffle_seed, reshuffle_each_iteration=True)

    def _shuffle_buffer(self) -> int:
        if self.cache == DISK:
            return max(1, min(len(self.kept), DISK_SHUFFLE_BUFFER_BYTES // decoded_bytes(1, self.size)))
        return max(1, min(len(self.kept), SHUFFLE_BUFFER_ROWS))


def decode_split(paths: list[str], size: int, cache: str, *, home: Path | None = None,
                 deterministic: bool = True) -> DecodedSplit:
    """Sort a split's files into those that decode and the others (counted in the log), and
    prepare its images in `cache` (`memory`, `disk` under `home`, or `none`)."""
    if cache == MEMORY:
        kept, cached = _filled(store_images(paths, size, deterministic=deterministic).cache())
    elif cache == DISK:
        kept, cached = _disk_cached(paths, size, home, deterministic)
    elif cache == NONE:
        kept, cached = readable(paths), None
    else:
        raise ValueError(f"unknown cache {cache!r}")
    warn_skipped(len(paths) - len(kept), len(paths))
    if cached is not None:
        positions = tf.constant(kept)
        cached = (cached.map(lambda index, image: (tf.searchsorted(positions, index[None])[0], image))
                  .apply(tf.data.experimental.assert_cardinality(len(kept))))
    return DecodedSplit(kept, [paths[index] for index in kept], size, cache, cached)


def _filled(dataset: tf.data.Dataset) -> tuple[np.ndarray, tf.data.Dataset]:
    """Iterate a caching dataset once (which fills its cache); return the indices it carried."""
    kept = np.sort(np.fromiter(dataset.map(lambda index, _: index).as_numpy_iterator(), dtype=np.int64, count=-1))
    return kept, dataset


def _disk_cached(paths: list[str], size: int, home: Path, deterministic: bool) -> tuple[np.ndarray, tf.data.Dataset]:
    """Decode into `HOME/cache/<key>/` once, through a private folder renamed when complete
    (a killed run leaves no half cache behind to be read); later runs read it back."""
    folder = disk_cache_dir(home, paths, size)
    if (folder / KEPT_FILE).is_file():
        log.info("reusing the disk cache %s", folder)
    else:
        partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        log.info("decoding %d images into the disk cache %s", len(paths), folder)
        kept, _ = _filled(store_images(paths, size, deterministic=deterministic).cache(str(partial / "images")))
        np.save(partial / KEPT_FILE, kept)
        try:
            partial.rename(folder)
        except OSError:  # another run finished the same cache first
            shutil.rmtree(partial, ignore_errors=True)
    return np.load(folder / KEPT_FILE), store_images(paths, size).cache(str(folder / "images"))


def warn_skipped(skipped: int, total: int) -> None:
    if skipped:
        log.warning("skipped %d of %d image files that could not be decoded", skipped, total)


def labelled_batches(images: tf.data.Dataset, targets: dict[str, np.ndarray], weights: dict[str, np.ndarray],
                     batch_size: int, *, deterministic: bool = True) -> tf.data.Dataset:
    """`(images, targets, sample weights)` batches; `targets` and `weights` are arrays per head,
    indexed by the number each image of `images` carries."""
    targets = {head: tf.constant(values) for head, values in targets.items()}
    weights = {head: tf.constant(values) for head, values in weights.items()}

    def attach(number, image):
        return (image, {head: tf.gather(values, number) for head, values in targets.items()},
                {head: tf.gather(values, number) for head, values in weights.items()})

    return (images.map(attach, num_parallel_calls=AUTOTUNE, deterministic=deterministic)
            .batch(batch_size).prefetch(AUTOTUNE))


def load_file(path: str | Path, size: int, longest_side: int = DEFAULT_LONGEST_SIDE) -> np.ndarray:
    """One file exactly as a crawled picture reaches the model: encoded as the crawler stores it
    (at the store's recorded `longest_side`), then decoded by the same TensorFlow decoder and
    resized for the model (Pillow's and TensorFlow's JPEG decoders differ by a few levels);
    raises `InvalidImage`."""
    stored, _ = encode_image(read_address(str(path)), longest=longest_side)
    return resize_for_model(tf.io.decode_jpeg(stored, channels=3), size).numpy()


def load_files(paths: list[str], size: int, longest_side: int = DEFAULT_LONGEST_SIDE
               ) -> tuple[np.ndarray, np.ndarray, dict[str, str]]:
    """`(images, indices that loaded, {path: why not} for the others)`; the caller says what
    it skipped, in its own words."""
    def attempt(path):
        try:
            return load_file(path, size, longest_side), None
        except (InvalidImage, OSError) as error:
            return None, str(error) or type(error).__name__

    with ThreadPoolExecutor(FILE_LOADER_THREADS) as pool:
        results = list(pool.map(attempt, paths))
    kept = np.array([index for index, (image, _) in enumerate(results) if image is not None], dtype=np.int64)
    problems = {paths[index]: problem for index, (_, problem) in enumerate(results) if problem is not None}
    images = np.stack([results[index][0] for index in kept]) if len(kept) else np.zeros((0, size, size, 3), np.uint8)
    return images, kept, problems
