"""`medium export`: the stored (`done`) images of the status database as shards and one
Parquet manifest, written so that a killed export resumes and an unchanged one writes nothing.

The output is a folder or any store URL, written through the image store's interface
(`storage.image_store`): each file appears whole or not at all (a local file is renamed into
place, an object is one PUT). A shard is built in a local temporary file, then stored; then
its stats record (`<shard>.stats.json`: images, their bytes, the file's size, the fingerprint of its
rows, the ids whose file was missing). A shard whose stats record holds the plan's fingerprint is complete
and skipped; any other is (re)written. The manifest (`manifest.parquet`) lists every exported
image with its shard and key, and is written last, only when it changed. In a local folder,
shards the plan no longer has (the database shrank) are removed after it.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from tqdm import tqdm

from classifier.shards import layout
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.image_store import ImageStore, LocalStore, address_exists, open_store
from storage.models import Image, Status
from storage.store import recorded_store

log = logging.getLogger(__name__)

MANIFEST = "manifest.parquet"
FORMAT_KEY = b"medium.format"
DEFAULT_IMAGES = 5000  # ~100 MB of 256 px JPEGs: TensorFlow's advice is shards of 100 MB or more
MANIFEST_COLUMNS = ("id", "source", "source_id", "project", "split", "medium", "emotion", "medium_score",
                    "emotion_score", "sha1", "bytes", "shard", "key")


def stored_rows(engine) -> pd.DataFrame:
    """Every `done` image with a stored file, `layout.ROW_COLUMNS`."""
    columns = [getattr(Image, name) for name in layout.ROW_COLUMNS]
    query = select(*columns).where(Image.status == Status.DONE, Image.path.is_not(None)).order_by(Image.id)
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(query).all(), columns=list(layout.ROW_COLUMNS))


def export(config: Config, out: str | Path, file_format: str, images: int = DEFAULT_IMAGES,
           max_bytes: int | None = None, progress: bool | None = None) -> dict:
    """Write the shards `out` (a folder or a store URL) lacks and the manifest; returns what
    was done (shards written and kept, images, bytes, missing files, seconds)."""
    started = time.perf_counter()
    engine = open_database(config.db_url, create=False)
    source = recorded_store(engine, config).images
    shards = layout.plan(stored_rows(engine), file_format, images, max_bytes)
    if not shards:
        raise UserError("no stored (done) images to export; crawl some first (`scrapy crawl bam_images`)")
    target = open_store(out)
    target.prepare_for_writing()
    _check_format(target, file_format)
    written, stats = 0, []
    with tqdm(total=sum(len(shard.rows) for shard in shards), desc=f"export {file_format}", unit="img",
              disable=None if progress is None else not progress) as bar:
        for shard in shards:
            record = _stats(target, shard)
            if record is None or record.get("fingerprint") != shard.fingerprint or not _exists(target, shard.name):
                record = _write_shard(target, shard, source, file_format)
                written += 1
            stats.append(record)
            bar.update(len(shard.rows))
    manifest = _manifest(shards, stats)
    manifest_written = _write_manifest(target, manifest, file_format)
    removed = _remove_stale(target, {shard.name for shard in shards}, file_format)
    return {"format": file_format, "out": str(target), "shards": len(shards), "shards_written": written,
            "shards_removed": removed, "manifest_written": manifest_written, "images": len(manifest),
            "bytes": int(sum(record["bytes"] for record in stats)),
            "missing_files": int(sum(len(record["missing"]) for record in stats)),
            "seconds": round(time.perf_counter() - started, 2)}


def _exists(target: ImageStore, name: str) -> bool:
    return address_exists(target.address(name))


def _check_format(target: ImageStore, file_format: str) -> None:
    """One folder, one format: its manifest names the shards of one."""
    if _exists(target, MANIFEST):
        recorded = (pq.read_schema(io.BytesIO(target.read(MANIFEST))).metadata or {}).get(FORMAT_KEY, b"").decode()
        if recorded and recorded != file_format:
            raise UserError(f"{target} holds a {recorded} export; export {file_format} shards into another folder")


def _stats(target: ImageStore, shard: layout.Shard) -> dict | None:
    name = f"{shard.name}{layout.STATS_SUFFIX}"
    try:
        return json.loads(target.read(name)) if _exists(target, name) else None
    except (OSError, ValueError):
        return None


def _write_shard(target: ImageStore, shard: layout.Shard, source: ImageStore, file_format: str) -> dict:
    """Build the shard in a local temporary file, store it whole, then its stats record."""
    missing, sizes = [], []

    def samples():
        for row in shard.rows.itertuples(index=False):
            try:
                data = source.read(row.path)
            except (OSError, UserError):
                log.warning("image %d: its stored file %s cannot be read; left out", row.id, source.address(row.path))
                missing.append(int(row.id))
                continue
            sizes.append(len(data))
            yield row, data

    with tempfile.TemporaryDirectory(prefix="medium-shard-") as folder:
        built = str(Path(folder) / shard.name)
        if file_format == "tfrecord":
            from classifier.shards import records

            records.write(built, (records.example(row, data) for row, data in samples()))
        else:
            from classifier.shards import tar

            tar.write(built, ((row, data, _extension(row.path)) for row, data in samples()))
        data = Path(built).read_bytes()
        target.write(shard.name, data)
    record = {"shard": shard.name, "format": file_format, "split": shard.split, "images": len(sizes),
              "bytes": int(sum(sizes)), "file_bytes": len(data), "fingerprint": shard.fingerprint,
              "missing": missing}
    target.write(f"{shard.name}{layout.STATS_SUFFIX}", (json.dumps(record, indent=2) + "\n").encode())
    return record


def _extension(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return "jpg" if suffix in ("", "jpeg") else suffix


def _manifest(shards: list[layout.Shard], stats: list[dict]) -> pd.DataFrame:
    frames = []
    for shard, record in zip(shards, stats):
        rows = shard.rows[~shard.rows["id"].isin(record["missing"])]
        frames.append(rows.assign(shard=shard.name, key=[layout.image_key(i) for i in rows["id"]]))
    frame = pd.concat(frames, ignore_index=True).rename(columns={"project_id": "project"})
    return frame[list(MANIFEST_COLUMNS)]


def _write_manifest(target: ImageStore, manifest: pd.DataFrame, file_format: str) -> bool:
    """Written only when it differs from the one there; True if written."""
    table = pa.Table.from_pandas(manifest, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), FORMAT_KEY: file_format.encode()})
    if _exists(target, MANIFEST):
        try:
            if pq.read_table(io.BytesIO(target.read(MANIFEST))).equals(table):
                return False
        except (OSError, pa.ArrowInvalid):
            pass  # damaged: written anew
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    target.write(MANIFEST, buffer.getvalue())
    return True


def _remove_stale(target: ImageStore, planned: set[str], file_format: str) -> int:
    """In a local folder, the shards of this format (and their stats) the plan no longer has;
    returns how many were removed."""
    if not isinstance(target, LocalStore):
        return 0
    removed = 0
    for path in target.root.iterdir():
        match = layout.SHARD_NAME.fullmatch(path.name)
        if match and match["ext"] == layout.EXTENSIONS[file_format] and path.name not in planned:
            path.unlink()
            (target.root / f"{path.name}{layout.STATS_SUFFIX}").unlink(missing_ok=True)
            removed += 1
    return removed
