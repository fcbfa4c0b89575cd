"""medium status: how many images each source has in each state, per class and split."""

from __future__ import annotations

import json

NAME = "status"
HELP = ("Show counts of images per source and status, and per class the train/val/test split of its stored "
        "images (what training sees). Creates no database.")
EXAMPLE = "medium status --json"

_SPLITS = ("train", "val", "test")


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args, config) -> int:
    from storage.db import open_database
    from storage.status import status_counts

    report = status_counts(open_database(config.db_url, create=False))
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(format_report(report, config.db_url))
    return 0


def format_report(report: dict, where: str) -> str:
    from storage.models import Status

    if not report:
        return f"no images yet in {where}; start with `medium import-bam FILE`"
    statuses = [status.value for status in Status]
    lines = [f"{'source':<12}" + "".join(f"{s:>10}" for s in statuses) + f"{'total':>10}"]
    for source, counts in sorted(report.items()):
        lines.append(f"{source:<12}" + "".join(f"{counts[s]:>10,}" for s in statuses) + f"{counts['total']:>10,}")
    for source, counts in sorted(report.items()):
        lines += ["", f"{source}: per class (train, val and test count stored images)", f"{'medium':<14}" + "".join(f"{c:>9}" for c in (*_SPLITS, "done", "pending"))]
        for medium, classes in sorted(counts["classes"].items()):
            lines.append(f"{medium:<14}" + "".join(f"{classes.get(c, 0):>9,}" for c in (*_SPLITS, "done", "pending")))
    return "\n".join(lines)
