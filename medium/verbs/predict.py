"""medium predict: a run's classes and probabilities for stored images of a source, or for files."""

from __future__ import annotations

import json
import sys

NAME = "predict"
HELP = ("Predict medium and mood with a finished run: for every stored image of --source (written to the "
        "predictions table a chunk at a time; a killed run resumes, skipping the images it already predicted), "
        "or for the FILEs given (printed).")
EXAMPLE = "medium predict first --source public_art   |   medium predict first painting.jpg"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("files", metavar="FILE", nargs="*", help="image files to classify")
    parser.add_argument("--source", help="predict every stored image of this source (e.g. public_art)")
    parser.add_argument("--again", action="store_true",
                        help="with --source: predict every image anew, also those this run already predicted")
    parser.add_argument("--json", action="store_true", help="print file predictions as JSON lines")


def run(args, config) -> int:
    from classifier.quiet import load_tensorflow
    from classifier.runs import finished_run, model_file
    from storage.db import open_database
    from storage.errors import UserError

    if bool(args.source) == bool(args.files):
        raise UserError("give either --source SOURCE or one or more image files")
    # the run and its model are checked before TensorFlow takes seconds to load
    model_file(config, finished_run(open_database(config.db_url, create=False), args.run_id))
    load_tensorflow(args.verbose)
    from storage.labels import display_name
    from classifier.predict import predict_files, predict_source

    if args.source:
        counts = predict_source(config, args.run_id, args.source, again=args.again)
        print(f"wrote {counts['predicted']:,} predictions of run {args.run_id} for source {args.source}"
              + (f" ({counts['skipped']:,} unreadable files skipped)" if counts["skipped"] else "")
              + (f"; {counts['already']:,} images already predicted by this run were left as they were"
                 if counts["already"] else ""))
        return 0
    predictions, problems = predict_files(config, args.run_id, args.files)
    for prediction in predictions:
        if args.json:
            print(json.dumps(prediction))
        else:
            print(f"{prediction['path']}: {display_name(prediction['medium'])} {prediction['medium_probability']:.2f}, "
                  f"mood {display_name(prediction['emotion'])} {prediction['emotion_probability']:.2f}")
    for path, problem in problems.items():
        print(f"medium predict: {path}: {problem}", file=sys.stderr)
    return 1 if problems else 0
