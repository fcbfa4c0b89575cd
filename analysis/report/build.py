"""Gather every section into a fresh report folder and render its index.html."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from analysis.audit.section import labels_section
from analysis.report.collection import crawl_section, data_section
from analysis.report.folder import ReportFolder, build_into
from analysis.report.learning import evaluation_sections, training_section, transfer_folders
from analysis.report.notices import synthetic_notices
from analysis.report.page import render
from analysis.report.stages import explanation_section, neighbourhood_sections
from analysis.report.summary import run_summary
from classifier.runs import FINISHED, finished_run
from storage.config import Config
from storage.db import open_database
from storage.models import Run
from storage.status import status_counts

REPORT_DIR = "report"


def write_report(config: Config, run_id: str | None = None, out: str | Path | None = None) -> Path:
    """Write the report of run `run_id` (default: the latest finished training run) into
    `out` (default `$MEDIUM_HOME/report/`); return the path of its index.html."""
    engine = _existing_database(config)
    run = finished_run(engine, run_id) if run_id else latest_finished_run(engine)
    out = Path(out).expanduser().absolute() if out else config.home / REPORT_DIR

    def build(folder: ReportFolder) -> None:
        page = gather(config, engine, run, folder)
        (folder.root / "index.html").write_text(render(page), encoding="utf-8")

    return build_into(out, build) / "index.html"


def gather(config: Config, engine: Engine, run: Run | None, folder: ReportFolder) -> dict:
    notes: list[str] = []
    counts = status_counts(engine)
    run_id = run.id if run else None
    evaluations = evaluation_sections(config, run_id, folder, notes) if run else []
    neighbourhoods = neighbourhood_sections(config, folder, notes)
    if run is None:
        notes.append("there is no finished training run yet, so there is nothing on training, evaluation or "
                     "explanation; train one with `medium train`")
    return {
        "run": run_id,
        "summary": run_summary(config, run_id, counts),
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "data": data_section(config, counts, folder),
        "crawl": crawl_section(config, engine, counts, run_id, folder),
        "training": training_section(config, run, folder) if run else None,
        "evaluations": evaluations,
        "explanation": explanation_section(config, run_id, folder, notes) if run else None,
        "labels": labels_section(config, run_id, folder, notes) if run else None,
        "neighbourhoods": neighbourhoods,
        "synthetic": synthetic_notices(config, transfer_folders(evaluations),
                                       [section["notice"] for section in neighbourhoods]),
        "notes": notes,
    }


def latest_finished_run(engine: Engine) -> Run | None:
    with Session(engine) as session:
        return session.scalars(select(Run).where(Run.kind == "train", Run.status == FINISHED)
                               .order_by(Run.created_at.desc(), Run.id.desc()).limit(1)).first()


def _existing_database(config: Config) -> Engine:
    """A report only reads: it never creates a database where there is none."""
    return open_database(config.db_url, create=False)
