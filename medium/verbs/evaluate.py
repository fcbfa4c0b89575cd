"""medium evaluate: a run's accuracy, macro-F1 and confusion on the test split or another labelled set."""

from __future__ import annotations

import json
import sys

from classifier.suspects import add_selection_flags

NAME = "evaluate"
HELP = ("Evaluate a finished run on the test split (or on --dataset DIR to measure transfer): per-class "
        "precision/recall/F1, macro-F1, accuracy, top-k and a majority baseline for both heads, a confusion "
        "matrix plot and metrics.json in HOME/runs/ID/evaluations/.")
EXAMPLE = "medium evaluate first --dataset data/world/shifted"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("--dataset", metavar="DIR", help="a labelled set: a folder per medium, or a folder with "
                        "labels.csv (columns path, medium or label, optional emotion)")
    parser.add_argument("--data", metavar="SHARDS", help="read the test split's pictures from the TFRecord shards "
                        "`medium export --format tfrecord` wrote to this folder")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    add_selection_flags(parser)


def run(args, config) -> int:
    from classifier.quiet import load_tensorflow
    from classifier.runs import finished_run, model_file
    from storage.db import open_database

    # the run, its model and the set are checked before TensorFlow takes seconds to load
    suspects = checked_suspects(args, config)
    model_file(config, finished_run(open_database(config.db_url, create=False), args.run_id))
    if args.data and args.dataset:
        from storage.errors import UserError

        raise UserError("--data reads the test split from shards; --dataset is another set: give one of them")
    if args.dataset:
        from classifier.dataset import labelled_folder

        labelled_folder(args.dataset)
    load_tensorflow(args.verbose)
    from classifier.evaluate import METRICS_FILE, evaluate, evaluation_dir, format_report

    report = evaluate(config, args.run_id, args.dataset, suspects=suspects, data=args.data)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    directory = evaluation_dir(config, args.run_id, args.dataset)
    print(f"wrote {directory / METRICS_FILE} and the confusion plots {directory / 'confusion_*.png'}",
          file=sys.stderr if args.json else sys.stdout)
    return 0


def checked_suspects(args, config):
    """The suspects `--exclude-suspects RUN [--top N | --threshold T]` names, or None."""
    from classifier.suspects import checked_flags, chosen_suspects
    from storage.errors import UserError

    checked_flags(args.exclude_suspects, args.top, args.threshold)
    if args.exclude_suspects is None:
        return None
    if args.dataset:
        raise UserError("--exclude-suspects applies to the test split, not to --dataset")
    return chosen_suspects(config, args.exclude_suspects, args.top, args.threshold)
