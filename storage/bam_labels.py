"""The three ways to pick a label per BAM module, each streaming slim chunks.

Every strategy yields DataFrames with the same columns, one row per labelled module:
`mid`, `project_id`, `dead` (its src has the known dead prefix), `medium` and `emotion`
as small integer codes (-1 = no label; codes index `MEDIA` / `EMOTIONS`), and the
scores and margins behind them (NaN where the strategy has none). Ids are int32 where
they fit, scores float32: 2.3M modules stay a few tens of MB.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import numpy as np
import pandas as pd

from storage.bamfile import has_emotions
from storage.errors import UserError
from storage.labels import EMOTION_COLUMNS, MEDIA_COLUMNS

DEAD_PREFIX = "https://mir-cdn.behance.net/v1/rendition/"
CHUNK_ROWS = 100_000
NO_LABEL = -1
SLIM_COLUMNS = ("mid", "project_id", "dead", "medium", "medium_score", "medium_margin",
                "emotion", "emotion_score", "emotion_margin")

_MODULE_COLUMNS = f"m.mid, m.project_id, substr(m.src, 1, {len(DEAD_PREFIX)}) = '{DEAD_PREFIX}' AS dead"


def read_labels(connection: sqlite3.Connection, strategy: str, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    reader = {"scores": _from_scores, "crowd": _from_crowd, "automatic": _from_automatic}[strategy]
    for chunk in reader(connection, chunk_rows):
        yield _slim(chunk)


def _from_scores(connection: sqlite3.Connection, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Argmax of the media scores (and of the emotion scores), with the top score and the
    margin to the runner-up. Modules without a `scores` row get no label."""
    emotions = EMOTION_COLUMNS if has_emotions(connection, "scores") else ()
    score_columns = (*MEDIA_COLUMNS, *emotions)
    sql = (f"SELECT {_MODULE_COLUMNS}, {', '.join(f's.{c}' for c in score_columns)} "
           "FROM scores s JOIN modules m ON m.mid = s.mid")
    dtypes = dict.fromkeys(score_columns, "float32")
    chunks = pd.read_sql_query(sql, connection, chunksize=chunk_rows, dtype=dtypes)
    while True:
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        except ValueError:  # a score that is not a number: say where, if it is one
            _raise_on_text_score(connection, score_columns)
            raise
        chunk = chunk.dropna(subset=list(MEDIA_COLUMNS))
        _argmax_into(chunk, "medium", chunk[list(MEDIA_COLUMNS)].to_numpy())
        if emotions:
            _argmax_into(chunk, "emotion", chunk[list(emotions)].to_numpy())
        else:
            chunk["emotion"] = NO_LABEL
        yield chunk


def _raise_on_text_score(connection: sqlite3.Connection, columns: tuple[str, ...]) -> None:
    """A `UserError` naming the first module (by mid) with text (or bytes) in a score column,
    and that column. Looked for only once reading failed, so a sound file pays nothing."""
    not_number = " OR ".join(f"typeof({column}) NOT IN ('real', 'integer', 'null')" for column in columns)
    found = connection.execute(f"SELECT mid, {', '.join(columns)} FROM scores WHERE {not_number} "
                               "ORDER BY mid LIMIT 1").fetchone()
    if found is None:
        return
    mid, *values = found
    column, value = next((column, value) for column, value in zip(columns, values)
                         if value is not None and not isinstance(value, (int, float)))
    raise UserError(f"the scores table has {value!r} in column {column} of mid {mid}, where a number belongs; "
                    "the file is damaged or not BAM's")


def _argmax_into(chunk: pd.DataFrame, head: str, scores: np.ndarray) -> None:
    order = np.argsort(-scores, axis=1)
    rows = np.arange(len(scores))
    top = scores[rows, order[:, 0]]
    chunk[head] = order[:, 0]
    chunk[f"{head}_score"] = top
    chunk[f"{head}_margin"] = top - scores[rows, order[:, 1]]


def _from_crowd(connection: sqlite3.Connection, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Modules with exactly one `positive` media attribute; the emotion likewise, if any."""
    sql = f"""
        SELECT {_MODULE_COLUMNS},
               SUM(c.attribute LIKE 'media\\_%' ESCAPE '\\') AS n_media,
               MAX(CASE WHEN c.attribute LIKE 'media\\_%' ESCAPE '\\' THEN c.attribute END) AS media_attribute,
               SUM(c.attribute LIKE 'emotion\\_%' ESCAPE '\\') AS n_emotion,
               MAX(CASE WHEN c.attribute LIKE 'emotion\\_%' ESCAPE '\\' THEN c.attribute END) AS emotion_attribute
        FROM crowd_labels c JOIN modules m ON m.mid = c.mid
        WHERE c.label = 'positive'
        GROUP BY c.mid
        HAVING n_media = 1"""
    for chunk in pd.read_sql_query(sql, connection, chunksize=chunk_rows):
        chunk["medium"] = _codes(chunk["media_attribute"], MEDIA_COLUMNS)
        chunk["emotion"] = _codes(chunk["emotion_attribute"].where(chunk["n_emotion"] == 1), EMOTION_COLUMNS)
        yield chunk


def _from_automatic(connection: sqlite3.Connection, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The file's own `automatic_labels`: exactly one positive media column per module."""
    emotions = EMOTION_COLUMNS if has_emotions(connection, "automatic_labels") else ()
    label_columns = (*MEDIA_COLUMNS, *emotions)
    sql = (f"SELECT {_MODULE_COLUMNS}, {', '.join(f'a.{c}' for c in label_columns)} "
           "FROM automatic_labels a JOIN modules m ON m.mid = a.mid")
    for chunk in pd.read_sql_query(sql, connection, chunksize=chunk_rows):
        chunk["medium"] = _single_positive(chunk[list(MEDIA_COLUMNS)])
        chunk = chunk[chunk["medium"] != NO_LABEL].copy()
        chunk["emotion"] = _single_positive(chunk[list(emotions)]) if emotions else NO_LABEL
        yield chunk


def _single_positive(labels: pd.DataFrame) -> np.ndarray:
    positive = (labels == "positive").to_numpy()
    return np.where(positive.sum(axis=1) == 1, positive.argmax(axis=1), NO_LABEL)


def _codes(attributes: pd.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    return pd.Categorical(attributes, categories=list(vocabulary)).codes


def _slim(chunk: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(chunk)))
    out["mid"] = pd.to_numeric(chunk["mid"].to_numpy(), downcast="integer")
    out["project_id"] = pd.to_numeric(chunk["project_id"].fillna(-1).to_numpy(), downcast="integer")
    out["dead"] = chunk["dead"].fillna(0).to_numpy(dtype=bool)
    for head in ("medium", "emotion"):
        out[head] = np.asarray(chunk[head], dtype=np.int8)
        for suffix in ("score", "margin"):
            column = f"{head}_{suffix}"
            out[column] = chunk[column].to_numpy(dtype=np.float32) if column in chunk else np.float32(np.nan)
    return out
