"""medium import-bam: fill the status database from a BAM metadata SQLite file."""

from __future__ import annotations

NAME = "import-bam"
HELP = ("Import a BAM metadata SQLite file: one pending image per module with a usable label, "
        "split train/val/test by project.")
EXAMPLE = "medium import-bam 20170509-bam-crowd-only.sqlite --labels scores --min-margin 1 --per-class 1000"


def add_arguments(parser) -> None:
    parser.add_argument("path", help="the BAM .sqlite file")
    parser.add_argument("--labels", choices=("scores", "crowd", "automatic"), default="scores",
                        help="scores: argmax of the media scores (default); crowd: exactly one positive "
                             "crowd label; automatic: the file's automatic_labels")
    parser.add_argument("--min-score", type=float, help="drop labels whose top score is below this (scores are <= 0)")
    parser.add_argument("--min-margin", type=float, help="drop labels whose lead over the runner-up is below this")
    parser.add_argument("--media", help="comma-separated classes to keep, e.g. oilpaint,watercolor")
    parser.add_argument("--per-class", type=int, help="draw a balanced sample of N images per medium")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample and of the split of new projects "
                        "(default 0); projects already split keep their split unless --resplit")
    parser.add_argument("--resplit", action="store_true",
                        help="deal every imported project into train/val/test anew with --seed")


def options_from(args):
    from storage.bam_import import ImportOptions

    media = tuple(name for name in (args.media or "").split(",") if name.strip())
    return ImportOptions(labels=args.labels, min_score=args.min_score, min_margin=args.min_margin,
                         media=media, per_class=args.per_class, seed=args.seed, resplit=args.resplit)


def run(args, config) -> int:
    from storage.bam_import import import_bam
    from storage.records import record_import

    options = options_from(args)
    summary = import_bam(args.path, config.db_url, options)
    record_import(config.home, args.path, options.checked(), summary)
    print(f"imported {summary.imported:,} of {summary.labelled:,} labelled modules "
          f"({summary.new:,} new, {summary.dead:,} dead links stored as missing)")
    if args.resplit:
        print(f"re-split {summary.projects:,} projects into train/val/test with seed {args.seed}")
    for medium, n in sorted(summary.per_class.items()):
        print(f"  {medium:<12} {n:>9,}")
    return 0
