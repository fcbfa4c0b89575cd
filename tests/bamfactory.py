"""Tiny BAM-schema files with labels we choose, for exact assertions on the importer."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from storage.labels import EMOTION_COLUMNS, MEDIA_COLUMNS

CONTENT_COLUMNS = tuple(f"content_{c}" for c in
                        ("bicycle", "bird", "building", "cars", "cat", "dog", "flower", "people", "tree"))
LIVE = "https://mir-s3-cdn-cf.behance.net/project_modules/disp/"
DEAD = "https://mir-cdn.behance.net/v1/rendition/project_modules/disp/"


@dataclass
class Module:
    mid: int
    project_id: int
    medium: str | None = None  # the key whose media score is highest
    emotion: str | None = None
    top: float = -0.5  # the winning score
    margin: float = 3.0  # the lead over every other score
    emotion_margin: float | None = None  # the emotion's lead; `margin` if None
    dead: bool = False
    crowd: dict[str, str] = field(default_factory=dict)  # attribute -> positive/negative/unsure

    @property
    def src(self) -> str:
        return f"{DEAD if self.dead else LIVE}{self.mid:010x}.{self.project_id:013x}.jpg"


def scores_row(module: Module) -> dict[str, float]:
    row = dict.fromkeys(CONTENT_COLUMNS, -10.0)
    row |= dict.fromkeys(MEDIA_COLUMNS, module.top - module.margin)
    emotion_margin = module.margin if module.emotion_margin is None else module.emotion_margin
    row |= dict.fromkeys(EMOTION_COLUMNS, module.top - emotion_margin)
    row[f"media_{module.medium}"] = module.top
    if module.emotion:
        row[f"emotion_{module.emotion}"] = module.top
    return row


def write_bam(path: Path, modules: list[Module], *, drop_score_columns: tuple[str, ...] = (),
              tables: tuple[str, ...] = ("modules", "scores", "crowd_labels", "automatic_labels"),
              automatic_as_view: bool = False) -> Path:
    connection = sqlite3.connect(path)
    score_columns = [c for c in (*CONTENT_COLUMNS, *EMOTION_COLUMNS, *MEDIA_COLUMNS) if c not in drop_score_columns]
    if "modules" in tables:
        connection.execute("CREATE TABLE modules (mid INTEGER PRIMARY KEY, project_id INTEGER, src TEXT, "
                           "mature_content BOOLEAN, license TEXT)")
        connection.executemany("INSERT INTO modules VALUES (?, ?, ?, 0, 'cc-by')",
                               [(m.mid, m.project_id, m.src) for m in modules])
    if "scores" in tables:
        connection.execute(f"CREATE TABLE scores (mid INTEGER, {', '.join(c + ' REAL' for c in score_columns)})")
        rows = [(m.mid, *(scores_row(m)[c] for c in score_columns)) for m in modules if m.medium]
        connection.executemany(f"INSERT INTO scores VALUES ({', '.join('?' * (len(score_columns) + 1))})", rows)
    if "crowd_labels" in tables:
        connection.execute("CREATE TABLE crowd_labels (mid INTEGER, attribute TEXT, label TEXT, PRIMARY KEY (mid, attribute))")
        connection.executemany("INSERT INTO crowd_labels VALUES (?, ?, ?)",
                               [(m.mid, a, label) for m in modules for a, label in m.crowd.items()])
    if "automatic_labels" in tables:
        attributes = (*CONTENT_COLUMNS, *EMOTION_COLUMNS, *MEDIA_COLUMNS)
        table = "automatic_labels_data" if automatic_as_view else "automatic_labels"
        connection.execute(f"CREATE TABLE {table} (mid INTEGER PRIMARY KEY, {', '.join(a + ' TEXT' for a in attributes)})")
        rows = [(m.mid, *("positive" if a in (f"media_{m.medium}", f"emotion_{m.emotion}") else "negative"
                          for a in attributes)) for m in modules if m.medium]
        connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * (len(attributes) + 1))})", rows)
        if automatic_as_view:
            connection.execute(f"CREATE VIEW automatic_labels AS SELECT * FROM {table}")
    connection.commit()
    connection.close()
    return path
