"""The TFRecord format of our shards: one `tf.train.Example` per image, read back with
`tf.io.parse_single_example(record, FEATURE_SPEC)` (or `parse_example` on a batch).

| feature | type | value |
| --- | --- | --- |
| `image` | bytes | the stored file, as the crawler stored it (JPEG, or PNG), not re-encoded |
| `id` | int64 | the image's row id in the status database |
| `key` | bytes | the id zero-padded to 12 digits, as the manifest and tar shards key it |
| `medium` | int64 | index into `classifier.dataset.MEDIUM_KEYS`, -1 without a label |
| `emotion` | int64 | index into `EMOTION_KEYS`, -1 without a mood |
| `split` | bytes | `train`, `val`, `test` or `unsplit` |
| `source` | bytes | `bam`, `public_art`, ... |
| `sha1` | bytes | the SHA-1 the crawler recorded of the download |
"""

from __future__ import annotations

import tensorflow as tf

from classifier.dataset import EMOTION_KEYS, MEDIUM_KEYS, NO_LABEL
from classifier.shards.layout import image_key

FEATURE_SPEC = {
    "image": tf.io.FixedLenFeature([], tf.string),
    "id": tf.io.FixedLenFeature([], tf.int64),
    "key": tf.io.FixedLenFeature([], tf.string),
    "medium": tf.io.FixedLenFeature([], tf.int64, default_value=NO_LABEL),
    "emotion": tf.io.FixedLenFeature([], tf.int64, default_value=NO_LABEL),
    "split": tf.io.FixedLenFeature([], tf.string),
    "source": tf.io.FixedLenFeature([], tf.string),
    "sha1": tf.io.FixedLenFeature([], tf.string, default_value=""),
}


def code(key, vocabulary: list[str]) -> int:
    """A label's index, or NO_LABEL for none (or one outside the vocabulary)."""
    return vocabulary.index(key) if isinstance(key, str) and key in vocabulary else NO_LABEL


def example(row, data: bytes) -> bytes:
    """One serialized record of a manifest row (`layout.ROW_COLUMNS`) and its stored bytes."""
    def ints(value):
        return tf.train.Feature(int64_list=tf.train.Int64List(value=[int(value)]))

    def strings(value):
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value if isinstance(value, bytes) else
                                                                     str(value).encode()]))

    return tf.train.Example(features=tf.train.Features(feature={
        "image": strings(data), "id": ints(row.id), "key": strings(image_key(row.id)),
        "medium": ints(code(row.medium, MEDIUM_KEYS)), "emotion": ints(code(row.emotion, EMOTION_KEYS)),
        "split": strings(row.split), "source": strings(row.source),
        "sha1": strings(row.sha1 if isinstance(row.sha1, str) else ""),
    })).SerializeToString()


def write(path: str, records) -> None:
    """`records` (serialized examples) into one uncompressed TFRecord file."""
    with tf.io.TFRecordWriter(path) as writer:
        for record in records:
            writer.write(record)
