"""medium audit: find the stored images whose published label is likely wrong."""

from __future__ import annotations

from analysis.audit import DEFAULT_PICTURES

NAME = "audit"
HELP = ("Rank a finished run's stored, labelled images by how likely their published medium (and mood) is "
        "wrong: out-of-sample probabilities of a random forest on the 20 interpretable features (5 folds, "
        "projects kept whole), judged by cleanlab's confident learning. Writes HOME/runs/ID/audit/suspects.csv "
        "and index.html (the top suspects as pictures, per class); the database's labels are never changed. "
        "Act on it with `medium train --exclude-suspects ID` and `medium evaluate RUN --exclude-suspects ID`.")
EXAMPLE = "medium audit first --top 12"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("--top", type=int, default=DEFAULT_PICTURES, metavar="N",
                        help=f"suspects shown as pictures per class (default {DEFAULT_PICTURES})")
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds and the trees (default 0)")


def run(args, config) -> int:
    from analysis.audit.build import audit, checked_inputs
    from classifier.suspects import suspects_path

    summary = audit(config, checked_inputs(config, args.run_id, args.top), args.seed)
    for head, info in summary["heads"].items():
        if info["audited"]:
            print(f"{head}: {info['flagged']:,} of {info['audited']:,} labels flagged; the out-of-sample model agrees "
                  f"with {info['out_of_sample_agreement']:.1%} of the published labels")
        else:
            print(f"{head}: {info['note']}")
    path = suspects_path(config, args.run_id)
    print(f"suspects: {path}\npage: {path.parent / 'index.html'}  ({summary['seconds']:.0f} s)\n"
          f"next: medium train --exclude-suspects {args.run_id}   # a run without the flagged medium labels")
    return 0
