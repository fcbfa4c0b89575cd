"""The Explanation and Neighbourhoods sections, read from the files those verbs write
(`runs/<RUN>/explain/metrics.json`, `neighbourhoods/<source>/summary.json`), never from
their code. A file they name is shown only if it really lies inside their folder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from storage.labels import display_name
from analysis.report.folder import ReportFolder
from classifier.runs import run_dir
from storage.config import Config

EXPLAIN = "explain"
NEIGHBOURHOODS = "neighbourhoods"
WEB_FILES = {".html", ".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".json", ".csv", ".txt"}


def explanation_section(config: Config, run_id: str, folder: ReportFolder, notes: list[str]) -> dict | None:
    """Fidelity and accuracies, top features per medium and the pictures, with the explain
    report copied in beside ours (its pages and pictures only, not its caches)."""
    source = run_dir(config, run_id) / EXPLAIN
    metrics = _read_json(source / "metrics.json", notes, f"the explanation of run {run_id}")
    if metrics is None:
        return None
    link = None
    if (source / "index.html").is_file():
        folder.copy_tree(source, EXPLAIN, keep=lambda path: path.suffix.lower() in WEB_FILES)
        link = f"{EXPLAIN}/index.html"
    files = metrics.get("files") or {}
    importance = _inside(source, files.get("importance"))
    pixel_maps = [_inside(source, name) for name in files.get("pixel_maps") or []]
    top = metrics.get("top_features") or {}

    def url(name: str) -> str:
        return f"{EXPLAIN}/{name}" if link else folder.copy(source / name, Path(name).stem)

    return {
        "near_chance": metrics.get("cnn_near_chance") is True,
        "fidelity": metrics.get("fidelity") or {}, "accuracy": metrics.get("accuracy") or {},
        "features": metrics.get("features"), "images": metrics.get("images"), "seconds": metrics.get("seconds"),
        "top_features": [(display_name(key), rows) for key, rows in sorted(top.items())],
        "importance": url(importance) if importance else None,
        "pixel_maps": [url(name) for name in pixel_maps if name],
        "link": link,
    }


def neighbourhood_sections(config: Config, folder: ReportFolder, notes: list[str]) -> list[dict]:
    sections = []
    for path in sorted((config.home / NEIGHBOURHOODS).glob("*/summary.json")):
        summary = _read_json(path, notes, f"the neighbourhoods of {path.parent.name}")
        if summary is not None:
            sections.append(_neighbourhoods(path.parent, summary, folder))
    return sections


def _neighbourhoods(directory: Path, summary: dict, folder: ReportFolder) -> dict:
    files = summary.get("files") or {}

    def picture(key: str) -> str | None:
        name = _inside(directory, files.get(key))
        return folder.copy(directory / name, key) if name else None

    table = _inside(directory, files.get("table"))
    crossed = _inside(directory, files.get("published_vs_predicted"))
    return {
        "source": summary.get("source", directory.name), "run": summary.get("run"),
        "artworks": summary.get("artworks"), "predicted": summary.get("predicted"),
        "chi_square": summary.get("chi_square") or {}, "notice": summary.get("notice"),
        "table": _media_table(pd.read_csv(directory / table)) if table else None,
        "table_file": folder.copy(directory / table, "neighbourhood-table") if table else None,
        "map": picture("map"), "bars": picture("bars"),
        "published": _plain_table(pd.read_csv(directory / crossed, keep_default_na=False)) if crossed else None,
        "published_file": folder.copy(directory / crossed, "published-vs-predicted") if crossed else None,
    }


def _media_table(frame: pd.DataFrame) -> dict:
    """Neighbourhoods down, predicted media across, each cell its count and its share of
    the neighbourhood's artworks."""
    counts = frame.pivot_table(index="neighbourhood", columns="medium", values="count", aggfunc="sum", fill_value=0)
    totals = counts.sum(axis=1)
    rows = [{"name": name, "total": int(totals[name]),
             "cells": [(int(n), n / totals[name] if totals[name] else 0.0) for n in counts.loc[name]]}
            for name in counts.index]
    return {"media": [display_name(str(key)) for key in counts.columns], "rows": rows}


def _plain_table(frame: pd.DataFrame) -> dict:
    return {"columns": [str(column) for column in frame.columns], "rows": frame.astype(str).values.tolist()}


def _inside(directory: Path, name) -> str | None:
    """`name` if it is a relative path to a file inside `directory`, else None."""
    if not isinstance(name, str) or not name:
        return None
    path = (directory / name).resolve()
    if not path.is_file() or not path.is_relative_to(directory.resolve()):
        return None
    return path.relative_to(directory.resolve()).as_posix()


def _read_json(path: Path, notes: list[str], what: str) -> dict | None:
    if not path.is_file():
        return None
    try:
        values = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        notes.append(f"{what} is left out: {path.name} is unreadable ({error})")
        return None
    if not isinstance(values, dict):
        notes.append(f"{what} is left out: {path.name} does not hold a JSON object")
        return None
    return values
