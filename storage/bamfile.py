"""Open and check a BAM metadata SQLite file before anything is read from it.

Every way the file can be wrong becomes one sentence (a `UserError`), raised before the
status database is touched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.errors import UserError
from storage.labels import EMOTION_COLUMNS, MEDIA_COLUMNS

SQLITE_MAGIC = b"SQLite format 3\x00"
LABEL_TABLES = {"scores": "scores", "crowd": "crowd_labels", "automatic": "automatic_labels"}


def open_bam(path: str | Path, labels: str) -> sqlite3.Connection:
    """A read-only connection to a BAM file that has what the `labels` strategy needs."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the BAM .sqlite file in it")
    if not path.is_file():
        raise UserError(f"BAM file not found: {path}")
    with path.open("rb") as head:
        if head.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise UserError(f"{path} is not a SQLite database")
    connection = sqlite3.connect(f"file:{path.absolute()}?mode=ro", uri=True)
    try:
        _check(connection, path, labels)
    except Exception:
        connection.close()
        raise
    return connection


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return {name for (name,) in rows}


def _check(connection: sqlite3.Connection, path: Path, labels: str) -> None:
    try:
        tables = _tables(connection)
    except sqlite3.DatabaseError as error:
        raise UserError(f"{path} is not a readable SQLite database ({error})") from None
    if "modules" not in tables:
        raise UserError(f"{path} has no 'modules' table, so it is not a BAM metadata file")
    missing_module_columns = {"mid", "project_id", "src"} - set(columns(connection, "modules"))
    if missing_module_columns:
        raise UserError(f"'modules' in {path} lacks the columns: {', '.join(sorted(missing_module_columns))}")
    table = LABEL_TABLES[labels]
    if table not in tables:
        raise UserError(f"{path} has no '{table}' table, which --labels {labels} reads")
    if labels in ("scores", "automatic"):
        missing = [c for c in MEDIA_COLUMNS if c not in columns(connection, table)]
        if missing:
            raise UserError(f"'{table}' in {path} lacks the media columns: {', '.join(missing)}")


def has_emotions(connection: sqlite3.Connection, table: str) -> bool:
    return set(EMOTION_COLUMNS) <= set(columns(connection, table))
