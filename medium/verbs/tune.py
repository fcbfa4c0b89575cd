"""medium tune: an Optuna search over the model's parameters, stored in the status database."""

from __future__ import annotations

from classifier.params import TrainParams, add_param_flags, given_params, params_from

NAME = "tune"
HELP = ("Search the model's parameters with Optuna (bad trials pruned early); parameters given as flags "
        "(e.g. --width 4 --depth 1) stay fixed and only the others are searched. The study lives in the "
        "status database: run the same command again to continue it. The best parameters go to "
        "HOME/runs/STUDY/best_params.json, for `medium train --params`.")
EXAMPLE = "medium tune --trials 20 --epochs 8"


def add_arguments(parser) -> None:
    parser.add_argument("--trials", type=int, required=True, help="complete or pruned trials the study should have")
    parser.add_argument("--study", default="tune", help="study name, also its run id (default tune)")
    parser.add_argument("--params", metavar="FILE", help="JSON parameters the search starts from")
    add_param_flags(parser)


def run(args, config) -> int:
    from medium.verbs.train import verbosity
    from classifier.quiet import load_tensorflow
    from classifier.runs import checked_run_id
    from storage.db import open_database
    from storage.errors import UserError

    if args.trials < 1:
        raise UserError(f"--trials must be at least 1, got {args.trials}")
    # everything a user can get wrong is checked before TensorFlow takes seconds to load
    base = params_from(args, TrainParams.from_file(args.params) if args.params else None)
    study = checked_run_id(args.study)
    open_database(config.db_url, create=False)
    load_tensorflow(args.verbose)
    import optuna

    from classifier.tune import tune

    if not args.verbose:
        optuna.logging.set_verbosity(optuna.logging.WARNING)  # our progress lines say it plainly
    result = tune(config, args.trials, study_name=study, base=base, verbose=verbosity(),
                  fixed=given_params(args), progress=lambda line: print(line, flush=True))
    print(f"study {result.study}: {result.trials} trials, best validation medium accuracy "
          f"{result.best_value:.3f} (run {result.best_run})\nbest parameters: {result.best_params}\n"
          f"next: medium train --params {result.best_params}")
    return 0
