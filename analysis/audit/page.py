"""The audit's page: per head and published class, its most suspect images as pictures beside
the published and the suggested label. Jinja2 with autoescape, so every text from data
(a source id, a label) shows as text; the pictures are small copies inside the folder, named
by image id, so the folder can be opened from file:// or copied whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from analysis.explain.figures import thumbnail
from storage.labels import display_name

PAGE = "index.html"
PICTURES_DIR = "images"


def top_suspects(suspects: pd.DataFrame, head: str, per_class: int) -> list[tuple[str, pd.DataFrame]]:
    """`(published class, its `per_class` most suspect flagged rows)` for each class of a head
    with any, the class with most flagged first."""
    flagged = suspects[(suspects["head"] == head) & (suspects["flagged"] == 1)].sort_values("rank")
    groups = [(key, rows.head(per_class)) for key, rows in flagged.groupby("published")]
    return sorted(groups, key=lambda group: (-int((flagged["published"] == group[0]).sum()), group[0]))


def picture_rows(folder: Path, rows: pd.DataFrame) -> list[dict]:
    """The rows as the templates show them, each with a thumbnail written under `folder`."""
    shown = []
    for row in rows.itertuples():
        name = f"{PICTURES_DIR}/{int(row.image_id)}.png"
        if not (folder / name).is_file():
            thumbnail(row.path, folder / name)
        shown.append({**suspect_fields(row), "picture": name})
    return shown


def suspect_fields(row) -> dict:
    """What the suspect grid shows of one row of the suspects (an `itertuples` row)."""
    return {"image_id": int(row.image_id), "source_id": row.source_id, "split": row.split,
            "published": row.published, "suggested": row.suggested, "quality": float(row.quality),
            "margin": None if pd.isna(row.bam_margin) else float(row.bam_margin)}


def write_page(folder: Path, suspects: pd.DataFrame, summary: dict, per_class: int) -> Path:
    sections = []
    for head, info in summary["heads"].items():
        classes = [(key, picture_rows(folder, rows)) for key, rows in top_suspects(suspects, head, per_class)]
        sections.append({"head": head, "info": info, "classes": classes})
    page = environment().get_template("audit.html.j2").render(summary=summary, sections=sections, per_class=per_class)
    path = folder / PAGE
    path.write_text(page, encoding="utf-8")
    return path


def environment() -> Environment:
    environment = Environment(loader=PackageLoader("analysis.audit", "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(name=display_name)
    return environment
