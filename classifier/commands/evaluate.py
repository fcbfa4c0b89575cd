"""medium evaluate: a run's accuracy, macro-F1 and confusion on the test split or another labelled set."""

from __future__ import annotations

import json

NAME = "evaluate"
HELP = ("Evaluate a finished run on the test split (or on --dataset DIR to measure transfer): per-class "
        "precision/recall/F1, macro-F1, accuracy, top-k and a majority baseline for both heads, a confusion "
        "matrix plot and metrics.json in HOME/runs/ID/evaluations/.")
EXAMPLE = "medium evaluate first --dataset data/world/shifted"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("--dataset", metavar="DIR", help="a labelled set: a folder per medium, or a folder with "
                        "labels.csv (columns path, medium or label, optional emotion)")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")


def run(args, config) -> int:
    from classifier.evaluate import evaluate, format_report

    report = evaluate(config, args.run_id, args.dataset)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0
