"""Write a SQLite file with the real BAM tables and columns, at any size up to the 2.3M-row file.

Rows are generated in chunks (see `modules.py`) and inserted in one transaction with journaling
off, into a temporary file that is renamed into place only when complete.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from sampleworld.labels import AUTOMATIC_NEGATIVE_BELOW, AUTOMATIC_POSITIVE_ABOVE, all_scores, crowd_votes
from sampleworld.modules import LICENSES, module_chunks
from sampleworld.vocabulary import MEDIA, MOODS, SCORE_COLUMNS

SCHEMA = f"""
CREATE TABLE modules (mid INTEGER PRIMARY KEY, project_id INTEGER, src TEXT, mature_content BOOLEAN, license TEXT);
CREATE TABLE scores (mid INTEGER, {", ".join(f"{c} REAL" for c in SCORE_COLUMNS)});
CREATE TABLE crowd_labels (mid INTEGER, attribute TEXT, label TEXT, PRIMARY KEY (mid, attribute));
CREATE TABLE automatic_labels (mid INTEGER PRIMARY KEY, {", ".join(f"{c} TEXT" for c in SCORE_COLUMNS)});
CREATE TABLE crowd_raw_hits (hit_id TEXT PRIMARY KEY, worker_id TEXT, attribute TEXT, submitted TEXT);
CREATE TABLE crowd_raw_choices (hit_id TEXT, mid INTEGER, choice TEXT);
CREATE TABLE crowd_raw_captions (mid INTEGER, worker_id TEXT, caption TEXT);
"""
EXTRA_STREAM = 2 ** 32 - 1  # a seed stream no chunk index reaches
RAW_HITS = 12  # the raw crowd tables only need to exist with a few plausible rows
CAPTIONS = ("a cat sitting on a wall", "two people talking in a street", "a house by a lake at dusk",
            "flowers in a blue vase", "a bird on a branch", "an abstract pattern of circles")


def write_bam_file(path: str | os.PathLike, n_modules: int, seed: int = 0,
                   extra_modules: pd.DataFrame | None = None) -> Path:
    """Write `n_modules` generated modules, then `extra_modules` (columns mid, project_id, src,
    medium, mood) with confident scores, e.g. the world's fault modules. Returns the path."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.executescript(SCHEMA)
        connection.execute("BEGIN")
        for index, chunk in enumerate(module_chunks(n_modules, seed)):
            rng = np.random.default_rng([seed, index, 1])
            _insert_modules(connection, chunk.mid, chunk.project_id, chunk.src, chunk.mature,
                            np.asarray(LICENSES, dtype=object)[chunk.license])
            scored = chunk.scored
            _insert_scores(connection, chunk.mid[scored], all_scores(rng, chunk.medium[scored], chunk.mood[scored]))
            votes = crowd_votes(rng, chunk.mid, chunk.medium, chunk.mood)
            connection.executemany("INSERT INTO crowd_labels VALUES (?, ?, ?)", zip(*(v.tolist() for v in votes)))
            if index == 0:
                _insert_raw_crowd_work(connection, rng, *votes)
        if extra_modules is not None and len(extra_modules):
            _insert_extra(connection, extra_modules, seed)
        _derive_automatic_labels(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.close()
        temporary.unlink(missing_ok=True)
        raise
    connection.close()
    os.replace(temporary, path)
    return path


def _insert_modules(connection, mid, project_id, src, mature, licence) -> None:
    connection.executemany("INSERT INTO modules VALUES (?, ?, ?, ?, ?)", zip(
        mid.tolist(), project_id.tolist(), src, mature.astype(int).tolist(), licence.tolist()))


def _insert_scores(connection, mid: np.ndarray, scores: np.ndarray) -> None:
    marks = ", ".join("?" * (1 + scores.shape[1]))
    connection.executemany(f"INSERT INTO scores VALUES ({marks})", zip(mid.tolist(), *scores.round(4).T.tolist()))


def _insert_extra(connection, extra: pd.DataFrame, seed: int) -> None:
    rng = np.random.default_rng([seed, EXTRA_STREAM])
    mid = extra["mid"].to_numpy(np.int64)
    _insert_modules(connection, mid, extra["project_id"].to_numpy(np.int64), extra["src"].tolist(),
                    np.zeros(len(mid), dtype=bool), np.full(len(mid), LICENSES[0], dtype=object))
    medium = extra["medium"].map(MEDIA.index).to_numpy()
    mood = extra["mood"].map(MOODS.index).to_numpy()
    _insert_scores(connection, mid, all_scores(rng, medium, mood, noisy=False))


def _derive_automatic_labels(connection) -> None:
    """Automatic labels of every scored module, in SQL: positive where confident, negative where far off."""
    cases = ", ".join(
        f"CASE WHEN {c} >= {AUTOMATIC_POSITIVE_ABOVE} THEN 'positive' "
        f"WHEN {c} < {AUTOMATIC_NEGATIVE_BELOW} THEN 'negative' ELSE 'unsure' END" for c in SCORE_COLUMNS)
    connection.execute(f"INSERT INTO automatic_labels SELECT mid, {cases} FROM scores")


def _insert_raw_crowd_work(connection, rng, mids, attributes, labels) -> None:
    """A dozen HITs behind the first crowd votes: the raw tables exist in real files but go unread."""
    count = min(RAW_HITS, len(mids))
    hits = ["3" + rng.bytes(14).hex().upper() for _ in range(count)]
    workers = ["A" + rng.bytes(6).hex().upper() for _ in range(count)]
    connection.executemany("INSERT INTO crowd_raw_hits VALUES (?, ?, ?, ?)", [
        (hit, worker, attributes[i], f"2016-0{1 + i % 9}-1{i % 10}T12:00:00Z")
        for i, (hit, worker) in enumerate(zip(hits, workers))])
    connection.executemany("INSERT INTO crowd_raw_choices VALUES (?, ?, ?)", [
        (hit, int(mids[i]), labels[i]) for i, hit in enumerate(hits)])
    connection.executemany("INSERT INTO crowd_raw_captions VALUES (?, ?, ?)", [
        (int(mids[i]), worker, CAPTIONS[i % len(CAPTIONS)]) for i, worker in enumerate(workers)])
