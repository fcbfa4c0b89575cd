"""`medium import-bam`: BAM metadata → one `images` row per module with a usable label.

Two passes over the file keep memory flat: the first streams only numbers (ids,
codes, scores) to pick labels, filter, sample and split; the second streams `src`
and upserts the chosen rows in one transaction, so an import lands whole or not at all.
Re-running is idempotent and never touches the fate (status, file) of a row; it keeps
stored splits too, unless asked to re-split (`resplit`), which moves whole projects.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, func, select, update
from tqdm import tqdm

from storage.bam_labels import DEAD_PREFIX, NO_LABEL, read_labels
from storage.bam_options import SOURCE, ImportOptions
from storage.bamfile import open_bam
from storage.db import open_database
from storage.errors import UserError
from storage.labels import EMOTIONS, MEDIA
from storage.models import Image, Status
from storage.splits import assign_splits
from storage.upsert import upsert

log = logging.getLogger(__name__)

WRITE_BATCH_ROWS = 20_000
_MEDIA_KEYS = np.array(list(MEDIA), dtype=object)
_EMOTION_KEYS = np.array(list(EMOTIONS), dtype=object)


@dataclass
class ImportSummary:
    labelled: int = 0  # modules of the file with a usable label
    imported: int = 0  # rows written (new or updated)
    dead: int = 0  # of those, known dead links stored as missing
    new: int = 0  # rows that were not in the database before
    projects: int = 0  # projects dealt into splits by this import (all of them with `resplit`)
    per_class: dict[str, int] = field(default_factory=dict)


def import_bam(path: str | Path, db_url: str, options: ImportOptions = ImportOptions(),
               *, progress: bool | None = None) -> ImportSummary:
    """Import `path` into the database at `db_url`, which is opened only once the file
    has proved usable: bad input leaves no trace, not even an empty database."""
    options = options.checked()
    with contextlib.closing(open_bam(path, options.labels)) as bam:
        chunks = []
        with tqdm(desc="reading labels", unit=" modules", disable=True if progress is False else None) as bar:  # None: terminals only
            for chunk in read_labels(bam, options.labels):
                chunks.append(chunk)
                bar.update(len(chunk))
        labelled = pd.concat(chunks, ignore_index=True)
        summary = ImportSummary(labelled=len(labelled))
        chosen = _choose(labelled, options)
        if chosen.empty:
            raise UserError(f"no module of {path} has a usable label with these options")
        engine = open_database(db_url)
        chosen["split"], summary.projects = _splits(chosen, engine, options)
        log.info("importing %d of %d labelled modules", len(chosen), len(labelled))
        before = _count(engine)
        overwrite = (*_LABEL_COLUMNS, "split") if options.resplit else _LABEL_COLUMNS
        keep_first = () if options.resplit else ("split",)
        with engine.begin() as connection:
            for rows in _rows_with_src(bam, chosen, options.labels):
                upsert(connection, Image.__table__, rows, update=overwrite, keep_first=keep_first)
            if options.resplit:
                _move_projects(connection, chosen)
    summary.imported = len(chosen)
    summary.dead = int(chosen["dead"].sum())
    summary.new = _count(engine) - before
    classes = pd.Series(_MEDIA_KEYS[chosen["medium"].to_numpy()]).value_counts()
    summary.per_class = {str(key): int(n) for key, n in classes.items()}
    return summary


_LABEL_COLUMNS = ("medium", "medium_score", "medium_margin", "emotion", "emotion_score",
                  "emotion_margin", "label_source")


def _choose(labelled: pd.DataFrame, options: ImportOptions) -> pd.DataFrame:
    """Drop weak labels and other classes, then draw the balanced sample if asked."""
    keep = labelled["medium"] != NO_LABEL
    if options.min_score is not None:
        keep &= labelled["medium_score"] >= options.min_score
        labelled.loc[labelled["emotion_score"] < options.min_score, "emotion"] = NO_LABEL
    if options.min_margin is not None:
        keep &= labelled["medium_margin"] >= options.min_margin
        labelled.loc[labelled["emotion_margin"] < options.min_margin, "emotion"] = NO_LABEL
    if options.media:
        codes = [list(MEDIA).index(key) for key in options.media]
        keep &= labelled["medium"].isin(codes)
    chosen = labelled[keep]
    if options.per_class is not None:
        chosen = _balanced_sample(chosen[~chosen["dead"]], options.per_class, options.seed)
    return chosen.reset_index(drop=True)


def _balanced_sample(rows: pd.DataFrame, per_class: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    picked = []
    for code, members in rows.groupby("medium").indices.items():
        if len(members) < per_class:
            log.warning("only %d modules of %s, fewer than --per-class %d", len(members), MEDIA[_MEDIA_KEYS[code]], per_class)
        picked.append(rng.choice(members, size=min(per_class, len(members)), replace=False))
    return rows.iloc[np.sort(np.concatenate(picked))]


def _splits(chosen: pd.DataFrame, engine: Engine, options: ImportOptions) -> tuple[np.ndarray, int]:
    """Splits for live rows (dead links get none, they will never be fetched), and the
    number of projects dealt anew. Projects already split keep their split unless `resplit`."""
    split = np.full(len(chosen), None, dtype=object)
    live = ~chosen["dead"].to_numpy()
    fixed = {} if options.resplit else _stored_splits(engine)
    projects = chosen["project_id"].to_numpy()[live]
    split[live] = assign_splits(chosen["medium"].to_numpy()[live], projects,
                                fractions=options.fractions, seed=options.seed, fixed=fixed)
    return split, len(set(projects.tolist()) - set(fixed))


def _stored_splits(engine: Engine) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(connection.execute(
            select(Image.project_id, Image.split)
            .where(Image.source == SOURCE, Image.split.is_not(None), Image.project_id.is_not(None))
            .distinct()
        ).all())


def _move_projects(connection: Connection, chosen: pd.DataFrame) -> None:
    """Give every split row of a re-split project its new split, so a project never spans
    two splits (also rows this import did not choose)."""
    dealt = chosen.loc[chosen["split"].notna(), ["project_id", "split"]].drop_duplicates("project_id")
    images = Image.__table__
    statement = (update(images)
                 .where(images.c.source == SOURCE, images.c.project_id == bindparam("project"),
                        images.c.split.is_not(None))
                 .values(split=bindparam("new_split")))
    connection.execute(statement, [{"project": int(project), "new_split": split}
                                   for project, split in dealt.itertuples(index=False)])


def _rows_with_src(bam, chosen: pd.DataFrame, strategy: str):
    """Second pass: stream (mid, src), join the chosen rows, yield batches of row dicts."""
    chosen = chosen.sort_values("mid", kind="stable").reset_index(drop=True)
    mids = chosen["mid"].to_numpy()
    for chunk in pd.read_sql_query("SELECT mid, src FROM modules", bam, chunksize=WRITE_BATCH_ROWS):
        chunk_mids = chunk["mid"].to_numpy()
        where = np.minimum(np.searchsorted(mids, chunk_mids), len(mids) - 1)
        hit = mids[where] == chunk_mids
        if hit.any():
            yield _records(chosen.iloc[where[hit]], chunk["src"].to_numpy()[hit], strategy)


def _records(labels: pd.DataFrame, src: np.ndarray, strategy: str) -> list[dict]:
    """Row dicts built column-wise (`tolist` gives plain Python values; a DataFrame's
    `to_dict` boxes each cell and was a third of the import's time)."""
    dead = labels["dead"].to_numpy()
    emotion = labels["emotion"].to_numpy()
    project = labels["project_id"].to_numpy()
    columns = {
        "source_id": labels["mid"].astype(str).tolist(),
        "project_id": np.where(project >= 0, project, None).tolist(),
        "url": src.tolist(),
        "medium": _MEDIA_KEYS[labels["medium"].to_numpy()].tolist(),
        "emotion": np.where(emotion == NO_LABEL, None, _EMOTION_KEYS[np.maximum(emotion, 0)]).tolist(),
        "split": labels["split"].astype(object).where(labels["split"].notna(), None).tolist(),
        "status": np.where(dead, Status.MISSING.value, Status.PENDING.value).tolist(),
        "error": np.where(dead, f"dead link: {DEAD_PREFIX} images are gone from Behance", None).tolist(),
    }
    for column in ("medium_score", "medium_margin", "emotion_score", "emotion_margin"):
        values = labels[column].to_numpy(dtype=float)
        columns[column] = np.where(np.isnan(values), None, values).tolist()
    constant = {"source": SOURCE, "label_source": strategy, "attempts": 0}
    names = list(columns)
    return [dict(zip(names, values), **constant) for values in zip(*columns.values())]


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Image).where(Image.source == SOURCE)).scalar_one()
