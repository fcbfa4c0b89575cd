"""medium train: train the two-headed medium/emotion CNN on the stored images."""

from __future__ import annotations

import sys

from classifier.execution import add_execution_flags, execution_from
from classifier.params import TrainParams, add_param_flags, given_params, params_from

NAME = "train"
HELP = ("Train the two-headed CNN (medium and mood) on the stored images and their split; the run folder "
        "HOME/runs/ID gets the model, params, history and plots. A killed run resumes with --resume ID.")
EXAMPLE = "medium train --epochs 16 --run-id first"


def add_arguments(parser) -> None:
    parser.add_argument("--params", metavar="FILE", help="JSON parameters, e.g. the best_params.json of `medium tune`")
    parser.add_argument("--run-id", help="name of the run (default: train-DATE-TIME-XXXX)")
    parser.add_argument("--resume", metavar="ID", help="continue the unfinished run ID with its own parameters")
    add_param_flags(parser)
    add_execution_flags(parser)


def run(args, config) -> int:
    from storage.errors import UserError

    if args.resume and (args.params or args.run_id or given_params(args)):
        raise UserError("--resume continues a run with its own id and parameters; give no other ones")
    from classifier.train import resume, train

    if args.resume:
        run_id = resume(config, args.resume, execution=execution_from(args), verbose=_verbosity())
    else:
        base = TrainParams.from_file(args.params) if args.params else None
        run_id = train(config, params_from(args, base), args.run_id, execution=execution_from(args),
                       verbose=_verbosity())
    print(f"run {run_id} finished: {config.runs_dir / run_id}")
    return 0


def _verbosity() -> str | int:
    """Keras' progress bar on a terminal; one line per epoch in a log file."""
    return "auto" if sys.stdout.isatty() else 2
