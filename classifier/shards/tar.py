"""The WebDataset format of our shards, as img2dataset writes it: a POSIX tar in which each
image is a group of members sharing its key: `<key>.jpg` (or `.png`: the stored file, not
re-encoded), `<key>.json` (the manifest row: id, source, project, split, labels, scores,
sha1) and `<key>.cls` (the medium's index into `MEDIUM_KEYS`, -1 without a label), read by
`webdataset.WebDataset(urls)` as one sample per key.

Members carry no time stamp, owner or mode of their own (mtime 0, root, 0644), so the same
rows make the same bytes.
"""

from __future__ import annotations

import io
import json
import math
import tarfile

import pandas as pd

from classifier.dataset import MEDIUM_KEYS
from classifier.shards.layout import image_key
from classifier.shards.records import code


def _member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.uname, info.gname = len(data), 0, 0o644, "root", "root"
    archive.addfile(info, io.BytesIO(data))


def metadata(row) -> dict:
    """The manifest row of a sample, as JSON values (a missing label or score is null)."""
    def plain(value):
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value

    return {"id": int(row.id), "key": image_key(row.id), "source": row.source, "source_id": row.source_id,
            "project": None if pd.isna(row.project_id) else int(row.project_id),
            "split": row.split, "medium": plain(row.medium), "emotion": plain(row.emotion),
            "medium_score": plain(row.medium_score), "emotion_score": plain(row.emotion_score),
            "sha1": plain(row.sha1)}


def write(path: str, samples) -> None:
    """`samples` of `(row, stored bytes, extension)` into one tar file."""
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        for row, data, extension in samples:
            key = image_key(row.id)
            _member(archive, f"{key}.{extension}", data)
            _member(archive, f"{key}.json", json.dumps(metadata(row), sort_keys=True).encode())
            _member(archive, f"{key}.cls", str(code(row.medium, MEDIUM_KEYS)).encode())
