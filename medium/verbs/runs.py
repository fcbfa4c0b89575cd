"""medium runs: the training and tuning runs in the status database, newest first, with their
headline figures, so a user can pick the RUN that the other verbs take."""

from __future__ import annotations

import json

NAME = "runs"
HELP = ("List the runs, newest first: id, kind, status, when it started and ended, epochs, whether it blends a "
        "feature model, and its medium accuracy on the test split per model beside the majority baseline. "
        "Creates no database.")
EXAMPLE = "medium runs --json"


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args, config) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from storage.db import open_database
    from storage.models import Run

    with Session(open_database(config.db_url, create=False)) as session:
        runs = session.scalars(select(Run).order_by(Run.created_at.desc(), Run.id.desc())).all()
    rows = [_row(config, run) for run in runs]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print(f"no runs yet in {config.db_url}; train one with `medium train`")
    else:
        print(format_rows(rows))
    return 0


def _row(config, run) -> dict:
    """One run: its row's facts and the medium accuracy of each model on its test split."""
    from analysis.report.summary import EVALUATIONS, TEST, set_scores
    from classifier.runs import ENDED_AT, run_dir

    metrics = run.metrics or {}
    test = set_scores(run_dir(config, run.id) / EVALUATIONS / TEST / "metrics.json") if run.kind == "train" else None
    return {"id": run.id, "kind": run.kind, "status": run.status,
            "started": run.created_at.strftime("%Y-%m-%d %H:%M") if run.created_at else None,
            "ended": _minutes(metrics.get(ENDED_AT)), "epochs": metrics.get("epochs"),
            "best_epoch": metrics.get("best_epoch"), "feature_model": "feature_model" in metrics,
            "test_images": test["images"] if test else None, "test_accuracy": test["scores"] if test else {}}


def format_rows(rows: list[dict]) -> str:
    from analysis.report.summary import BASELINE, BLEND, CNN, FEATURES

    columns = [("run", 24), ("kind", 6), ("status", 9), ("started (UTC)", 17), ("ended (UTC)", 17), ("best/epochs", 12),
               ("feature model", 14), ("test: blend", 12), ("CNN alone", 10), ("feat. alone", 12), ("baseline", 9)]
    lines = ["".join(f"{name:<{width}}" for name, width in columns[:7])
             + "".join(f"{name:>{width}}" for name, width in columns[7:])]
    for row in rows:
        epochs = f"{row['best_epoch']}/{row['epochs']}" if row["epochs"] else "–"
        cells = [row["id"], row["kind"], row["status"], row["started"] or "–", row["ended"] or "–", epochs,
                 "yes" if row["feature_model"] else "no"]
        scores = row["test_accuracy"]
        figures = [scores.get(model) for model in (BLEND, CNN, FEATURES, BASELINE)]
        if BLEND not in scores:  # a CNN alone: its accuracy is the headline
            figures = [None, scores.get(CNN), None, scores.get(BASELINE)]
        lines.append("".join(f"{str(cell):<{width}}" for cell, (_, width) in zip(cells, columns))
                     + "".join(f"{'–' if value is None else f'{value:.3f}':>{width}}"
                               for value, (_, width) in zip(figures, columns[7:])))
    return "\n".join(lines) + "\n(test: medium accuracy on the test split; baseline: always the most frequent medium)"


def _minutes(stamp: str | None) -> str | None:
    return stamp[:16].replace("T", " ") if isinstance(stamp, str) else None
