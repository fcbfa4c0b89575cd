"""Pictures → tensors the model takes: uint8 RGB, `size` x `size`.

Two doors, one resize. Files of the image store go through `tf.data` (parallel decode,
resize, uint8 cache, shuffle, prefetch). A single file from elsewhere (`predict FILE`, an
outside labelled set) is first made exactly what the crawler would have stored
(`storage.imaging.load_rgb`: EXIF upright, RGB, the store's recorded longest side), then resized by the same
`resize_for_model`, so both doors hand the model the same picture.

Unreadable files are dropped, not fatal: the store's decode runs under `ignore_errors`,
each element carries the index of its file, and the indices that come through say which
files survived. For training, that first pass is the one that fills the cache, so counting
costs no extra decode. This catches every way a file can fail (truncated, not an image,
vanished) at the one place that decodes, instead of a second validating pass over every
file before training.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import tensorflow as tf

from storage.imaging import DEFAULT_LONGEST_SIDE, InvalidImage, load_rgb, resize_longest

log = logging.getLogger(__name__)

AUTOTUNE = tf.data.AUTOTUNE
SHUFFLE_BUFFER = 8192  # images; rows are shuffled once before caching, this reshuffles each epoch
FILE_LOADER_THREADS = 4  # Pillow releases the GIL while decoding


def resize_for_model(images: tf.Tensor, size: int) -> tf.Tensor:
    """uint8 RGB of any size → uint8 `size` x `size` (aspect not kept: the whole picture stays in)."""
    resized = tf.image.resize(images, (size, size), method="bilinear", antialias=True)
    return tf.cast(tf.clip_by_value(tf.round(resized), 0, 255), tf.uint8)


def _decode_file(path: tf.Tensor, size: int) -> tf.Tensor:
    image = tf.io.decode_image(tf.io.read_file(path), channels=3, expand_animations=False)
    return resize_for_model(image, size)


def store_images(paths: list[str], size: int) -> tf.data.Dataset:
    """`(row index, uint8 image)` for each file that decodes; the others are left out."""
    return (tf.data.Dataset.from_tensor_slices((tf.range(len(paths), dtype=tf.int64), tf.constant(paths, tf.string)))
            .map(lambda index, path: (index, _decode_file(path, size)), num_parallel_calls=AUTOTUNE)
            .ignore_errors(log_warning=True))


def cached_store_images(paths: list[str], size: int) -> tuple[tf.data.Dataset, np.ndarray]:
    """`(i, uint8 image)` cached in memory, where image i is `paths[kept[i]]`; and `kept`,
    the indices of the paths that decoded, in order.

    Iterating it once here fills the cache; later passes (epochs) read from memory.
    """
    dataset = store_images(paths, size).cache()
    kept = np.sort(np.fromiter(dataset.map(lambda index, _: index).as_numpy_iterator(), dtype=np.int64, count=-1))
    warn_skipped(len(paths) - len(kept), len(paths))
    positions = tf.constant(kept)
    renumbered = dataset.map(lambda index, image: (tf.searchsorted(positions, index[None])[0], image))
    return renumbered.apply(tf.data.experimental.assert_cardinality(len(kept))), kept


def warn_skipped(skipped: int, total: int) -> None:
    if skipped:
        log.warning("skipped %d of %d image files that could not be decoded", skipped, total)


def labelled_batches(decoded: tf.data.Dataset, targets: dict[str, np.ndarray], weights: dict[str, np.ndarray],
                     batch_size: int, *, shuffle_seed: int | None = None) -> tf.data.Dataset:
    """`(images, targets, sample weights)` batches; `targets` and `weights` are arrays per head,
    indexed by the number each image of `decoded` carries."""
    targets = {head: tf.constant(values) for head, values in targets.items()}
    weights = {head: tf.constant(values) for head, values in weights.items()}

    def attach(index, image):
        return (image, {head: tf.gather(values, index) for head, values in targets.items()},
                {head: tf.gather(values, index) for head, values in weights.items()})

    dataset = decoded
    if shuffle_seed is not None:
        dataset = dataset.shuffle(SHUFFLE_BUFFER, seed=shuffle_seed, reshuffle_each_iteration=True)
    return dataset.map(attach, num_parallel_calls=AUTOTUNE).batch(batch_size).prefetch(AUTOTUNE)


def load_file(path: str | Path, size: int, longest_side: int = DEFAULT_LONGEST_SIDE) -> np.ndarray:
    """One file as the crawler stored its pictures (at the store's recorded `longest_side`),
    resized for the model; raises `InvalidImage`."""
    image, _ = load_rgb(path, draft_longest=longest_side)
    stored = np.asarray(resize_longest(image, longest_side))
    return resize_for_model(stored, size).numpy()


def load_files(paths: list[str], size: int, longest_side: int = DEFAULT_LONGEST_SIDE
               ) -> tuple[np.ndarray, np.ndarray, dict[str, str]]:
    """`(images, indices that loaded, {path: why not} for the others)`."""
    def attempt(path):
        try:
            return load_file(path, size, longest_side), None
        except (InvalidImage, OSError) as error:
            return None, str(error) or type(error).__name__

    with ThreadPoolExecutor(FILE_LOADER_THREADS) as pool:
        results = list(pool.map(attempt, paths))
    kept = np.array([index for index, (image, _) in enumerate(results) if image is not None], dtype=np.int64)
    problems = {paths[index]: problem for index, (_, problem) in enumerate(results) if problem is not None}
    warn_skipped(len(problems), len(paths))
    images = np.stack([results[index][0] for index in kept]) if len(kept) else np.zeros((0, size, size, 3), np.uint8)
    return images, kept, problems
