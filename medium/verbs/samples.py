"""medium samples: grids of stored images per medium and per mood."""

from __future__ import annotations

NAME = "samples"
HELP = "Draw PNG grids of stored images, a row per medium (and per mood) with class names and counts."
EXAMPLE = "medium samples --per-class 8"


def add_arguments(parser) -> None:
    parser.add_argument("--per-class", type=int, default=8, help="images per class (default 8)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random pick (default 0)")
    parser.add_argument("--out", help="folder for the PNGs (default HOME/samples)")


def run(args, config) -> int:
    from pathlib import Path

    from storage.errors import UserError

    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        raise UserError(f"--out {args.out} is a file, not a folder for the PNGs")
    from classifier.samples import sample_grids

    for path in sample_grids(config, args.per_class, seed=args.seed, out_dir=args.out):
        print(path)
    return 0
