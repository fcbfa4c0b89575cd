"""medium train: train the two-headed medium/emotion CNN on the stored images."""

from __future__ import annotations

import sys
from pathlib import Path

from classifier.execution import add_execution_flags, cluster, execution_from
from classifier.params import TrainParams, add_param_flags, given_params, params_from
from classifier.suspects import add_selection_flags

NAME = "train"
HELP = ("Train the two-headed CNN (medium and mood) on the stored images and their split, and the feature "
        "model blended with it; the run folder HOME/runs/ID gets the models, params, history and plots. "
        "A killed run resumes with --resume ID. "
        "A class without stored images in the train or val split is left out, and the run says so.")
EXAMPLE = "medium train --epochs 16 --run-id first"


def add_arguments(parser) -> None:
    parser.add_argument("--params", metavar="FILE", help="JSON parameters, e.g. the best_params.json of `medium tune`")
    parser.add_argument("--run-id", help="name of the run (default: train-DATE-TIME-XXXX)")
    parser.add_argument("--resume", metavar="ID", help="continue the unfinished run ID with its own parameters")
    add_param_flags(parser)
    add_selection_flags(parser, top_dest="suspects_top", threshold_dest="suspects_threshold")
    add_execution_flags(parser)


def run(args, config) -> int:
    from classifier.quiet import load_tensorflow
    from classifier.runs import check_can_begin, checked_run_id, get_run, resumable_run
    from storage.db import open_database
    from storage.errors import UserError
    from storage.labels import MEDIA

    if args.resume and (args.params or args.run_id or given_params(args)):
        raise UserError("--resume continues a run with its own id and parameters; give no other ones")
    # everything a user can get wrong is checked before TensorFlow takes seconds to load
    if args.resume:
        run_id = args.resume
        params = TrainParams.from_dict(resumable_run(open_database(config.db_url, create=False), run_id).params)
    else:
        params = params_from(args, TrainParams.from_file(args.params) if args.params else None)
        run_id = checked_run_id(args.run_id) if args.run_id else None
        engine = open_database(config.db_url, create=False)
        if run_id:
            check_can_begin(engine, run_id, "train", params.to_dict())
    if params.exclude_suspects:
        from classifier.suspects import read_suspects

        read_suspects(config, params.exclude_suspects)
    if cluster():
        return run_on_workers(args, config, params, run_id)
    load_tensorflow(args.verbose)
    from classifier.train import train

    run_id = train(config, params, run_id, execution=execution_from(args), verbose=verbosity())
    print(f"run {run_id} finished: {config.runs_dir / run_id}")
    metrics = get_run(open_database(config.db_url, create=False), run_id, "train").metrics
    for key, why in metrics.get("left_out", {}).items():
        print(f"  left out {MEDIA[key]}: {why}")
    if "excluded_suspects" in metrics:
        print(f"  left out {metrics['excluded_suspects']} images whose medium label the audit of run "
              f"{params.exclude_suspects} suspects")
    if "feature_model" in metrics:
        print(feature_model_line(metrics["feature_model"]))
    print(f"next: medium evaluate {run_id}            # test-split metrics and confusion plots\n"
          f"      medium predict {run_id} IMAGE...    # classify pictures")
    return 0


def run_on_workers(args, config, params, run_id) -> int:
    """This host's worker of a multi-worker run (`TF_CONFIG`); the chief records the run."""
    from classifier.quiet import load_tensorflow
    from storage.errors import UserError

    if not args.data or not (run_id or args.resume):
        raise UserError("training on several workers (TF_CONFIG) reads shards: give every worker the same "
                        "--data SHARDS and --run-id ID (or --resume ID)")
    workers, index = cluster()
    load_tensorflow(args.verbose)
    from classifier.multiworker import train_workers

    run_id = run_id or args.resume
    files = train_workers(config, params, run_id, args.data)
    print(f"worker {index} of {workers} finished run {run_id}"
          + (f": {config.runs_dir / run_id}" if index == 0 else " (the chief writes the model)"))
    print(f"worker {index} read {len(files)} training shards: {' '.join(Path(file).name for file in files)}")
    return 0


def feature_model_line(summary: dict) -> str:
    """What the blend weighs and what each part scored on the validation split, in one line."""
    accuracy = summary["val_accuracy"]["medium"]
    return (f"  blend: feature model weight {summary['weights']['medium']:.2f} (medium), "
            f"{summary['weights']['emotion']:.2f} (mood); validation medium accuracy: CNN {accuracy['cnn']:.3f}, "
            f"feature model {accuracy['features']:.3f}, blend {accuracy['blend']:.3f}")


def verbosity() -> str | int:
    """Keras' progress bar on a terminal; one line per epoch in a log file."""
    return "auto" if sys.stdout.isatty() else 2
