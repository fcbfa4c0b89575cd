"""medium predict: a run's classes and probabilities for stored images of a source, or for
files and folders; as text, CSV or JSON lines."""

from __future__ import annotations

import csv
import json
import sys

NAME = "predict"
HELP = ("Predict medium and mood with a finished run: for every stored image of --source (written to the "
        "predictions table a chunk at a time; a killed run resumes, skipping the images it already predicted), "
        "or for the FILEs given (printed); a folder is searched recursively, and what in it is not a picture is "
        "skipped and counted. --format csv or json (one object a line) prints the predictions for a program: "
        "of the files, or of every stored image of --source. Named files are checked before TensorFlow loads.")
EXAMPLE = ("medium predict first --source public_art   |   medium predict first painting.jpg photos/   |   "
           "medium predict first photos/ --format csv > predictions.csv")
FORMATS = ("text", "csv", "json")


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("files", metavar="FILE", nargs="*", help="image files, or folders of them, to classify")
    parser.add_argument("--source", help="predict every stored image of this source (e.g. public_art)")
    parser.add_argument("--again", action="store_true",
                        help="with --source: predict every image anew, also those this run already predicted")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default), csv (a header, then a row per picture with every probability), "
                             "or json (JSON lines: one object per picture)")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")


def run(args, config) -> int:
    from classifier.picture_files import picture_files
    from classifier.quiet import load_tensorflow
    from classifier.runs import finished_run, model_file
    from storage.db import open_database
    from storage.errors import UserError

    if bool(args.source) == bool(args.files):
        raise UserError("give either --source SOURCE or one or more image files or folders")
    # the run, the source and every named file are checked before TensorFlow takes seconds to load
    engine = open_database(config.db_url, create=False)
    model_file(config, finished_run(engine, args.run_id))
    if args.source:
        _check_source(engine, args.source)
    else:
        pictures = picture_files(args.files)
    load_tensorflow(args.verbose)
    from classifier.predict import predict_files, predict_source, stored_predictions

    if args.source:
        counts = predict_source(config, args.run_id, args.source, again=args.again)
        summary = sys.stdout if args.format == "text" else sys.stderr  # stdout is the program's
        print(f"wrote {counts['predicted']:,} predictions of run {args.run_id} for source {args.source}"
              + (f" ({counts['skipped']:,} unreadable files skipped)" if counts["skipped"] else "")
              + (f"; {counts['already']:,} images already predicted by this run were left as they were"
                 if counts["already"] else ""), file=summary)
        if args.format != "text":
            _print(stored_predictions(engine, args.run_id, args.source), args.format, ("image_id", "source_id"))
        return 0
    predictions, problems = predict_files(config, args.run_id, pictures.paths)
    _print(predictions, args.format, ("path",))
    skipped = {path: why for path, why in problems.items() if path in pictures.in_folders}
    if skipped:
        example, why = next(iter(skipped.items()))
        print(f"medium predict: skipped {len(skipped):,} files in the folders that are not pictures it can read "
              f"(e.g. {example}: {why})", file=sys.stderr)
    for path, problem in problems.items():
        if path not in skipped:  # a named file, read a moment ago, unreadable now
            print(f"medium predict: {path}: {problem}", file=sys.stderr)
    return 1 if len(problems) > len(skipped) else 0


def _check_source(engine, source: str) -> None:
    from storage.errors import UserError
    from storage.status import status_counts

    stored = sorted(name for name, counts in status_counts(engine).items() if counts["done"])
    if source not in stored:
        raise UserError(f"no stored (done) images of source {source!r}; "
                        + (f"sources with stored images: {', '.join(stored)}" if stored else "none is stored yet"))


def _print(predictions, form: str, keys: tuple[str, ...]) -> None:
    """Each prediction (`{*keys, medium, medium_probability, emotion, emotion_probability,
    probabilities: {head: {class: p}}}`) on stdout as `form` says."""
    from storage.labels import display_name

    writer = None
    for prediction in predictions:
        if form == "json":
            print(json.dumps(prediction))
        elif form == "csv":
            row = flat(prediction)
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            writer.writerow(row)
        else:
            print(f"{' '.join(str(prediction[key]) for key in keys)}: "
                  f"{display_name(prediction['medium'])} {prediction['medium_probability']:.2f}, "
                  f"mood {display_name(prediction['emotion'])} {prediction['emotion_probability']:.2f}")


def flat(prediction: dict) -> dict:
    """One CSV row: the nested probabilities as columns `probabilities.HEAD.CLASS`, as
    `pandas.json_normalize` names them."""
    row = {key: value for key, value in prediction.items() if key != "probabilities"}
    for head, probabilities in prediction["probabilities"].items():
        row.update({f"probabilities.{head}.{key}": value for key, value in probabilities.items()})
    return row
