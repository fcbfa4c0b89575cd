"""medium train: train the two-headed medium/emotion CNN on the stored images."""

from __future__ import annotations

from classifier.params import add_param_flags, params_from

NAME = "train"
HELP = ("Train the two-headed CNN (medium and mood) on the stored images and their split; the run folder "
        "HOME/runs/ID gets the model, params, history and plots. A killed run resumes with --resume ID.")
EXAMPLE = "medium train --epochs 20 --image-size 128 --run-id first"


def add_arguments(parser) -> None:
    parser.add_argument("--params", metavar="FILE", help="JSON parameters, e.g. the best_params.json of `medium tune`")
    parser.add_argument("--run-id", help="name of the run (default: train-DATE-TIME-XXXX)")
    parser.add_argument("--resume", metavar="ID", help="continue the unfinished run ID with its own parameters")
    add_param_flags(parser)


def run(args, config) -> int:
    from classifier.params import TrainParams
    from classifier.train import resume, train
    from storage.errors import UserError

    if args.resume:
        if args.params or args.run_id:
            raise UserError("--resume takes the run's own parameters and id; leave out --params and --run-id")
        run_id = resume(config, args.resume)
    else:
        base = TrainParams.from_file(args.params) if args.params else None
        run_id = train(config, params_from(args, base), args.run_id)
    print(f"run {run_id} finished: {config.runs_dir / run_id}")
    return 0
