"""Which stored image goes to which shard: a plan that depends on the database alone, so an
export of an unchanged database plans the same shards and finds them written.

Per split (`train`, `val`, `test`, and `unsplit` for images without one, such as public
art), rows in id order are cut into shards of at most `images` images and, if given, about
`max_bytes` stored bytes (a shard holds at least one image). A shard is named
`<split>-<number>.<ext>`; its fingerprint is a hash of what goes into it (ids, checksums,
labels, splits), so a changed row changes its shard's fingerprint and only that shard is
written again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import pandas as pd

UNSPLIT = "unsplit"
SPLIT_ORDER = ("train", "val", "test", UNSPLIT)
EXTENSIONS = {"tfrecord": "tfrecord", "webdataset": "tar"}
SHARD_NAME = re.compile(r"(?P<split>[a-z]+)-(?P<number>\d{5})\.(?P<ext>tfrecord|tar)")
STATS_SUFFIX = ".stats.json"
# the manifest's columns beside shard and key, as the database names them (project_id as project)
ROW_COLUMNS = ("id", "source", "source_id", "project_id", "split", "medium", "emotion", "medium_score",
               "emotion_score", "sha1", "path", "bytes")


@dataclass(frozen=True)
class Shard:
    name: str
    split: str
    rows: pd.DataFrame  # ROW_COLUMNS

    @property
    def fingerprint(self) -> str:
        content = self.rows[["id", "sha1", "medium", "emotion", "split", "path"]].astype(str).to_numpy().tolist()
        return hashlib.sha1(json.dumps(content).encode()).hexdigest()


def image_key(image_id: int) -> str:
    """A sample's key in a shard: the image id, zero-padded (a WebDataset key has no dot)."""
    return f"{int(image_id):012d}"


def plan(rows: pd.DataFrame, file_format: str, images: int, max_bytes: int | None = None) -> list[Shard]:
    """The shards of `rows` (ROW_COLUMNS, any order)."""
    rows = rows.assign(split=rows["split"].fillna(UNSPLIT)).sort_values("id", kind="stable")
    shards = []
    for split in sorted(rows["split"].unique(), key=lambda name: (SPLIT_ORDER + (name,)).index(name)):
        of_split = rows[rows["split"] == split].reset_index(drop=True)
        start, number = 0, 0
        sizes = of_split["bytes"].fillna(0).astype("int64").to_numpy()
        while start < len(of_split):
            end = min(start + images, len(of_split))
            if max_bytes is not None:
                total, cut = 0, start
                while cut < end and (cut == start or total + sizes[cut] <= max_bytes):
                    total += sizes[cut]
                    cut += 1
                end = cut
            shards.append(Shard(f"{split}-{number:05d}.{EXTENSIONS[file_format]}", split,
                                of_split.iloc[start:end].reset_index(drop=True)))
            start, number = end, number + 1
    return shards
