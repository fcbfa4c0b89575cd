"""medium status: how many images each source has in each state, per class and split, and which
crawlers (on which hosts) hold claims now and how fast they went over the last minutes."""

from __future__ import annotations

import json

NAME = "status"
HELP = ("Show counts of images per source and status, per class the train/val/test split of its stored "
        "images (what training sees), and the crawlers at work: claims per crawler (host, pid, since, lease "
        "left) and images/s over the last minutes per crawler and host. Creates no database.")
EXAMPLE = "medium status --json"

_SPLITS = ("train", "val", "test")


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args, config) -> int:
    from storage.crawlers import crawler_activity
    from storage.db import open_database
    from storage.status import status_counts

    engine = open_database(config.db_url, create=False)
    report = status_counts(engine)
    for source, crawlers in crawler_activity(engine).items():
        report.setdefault(source, {})["crawlers"] = crawlers
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
        lines += format_crawlers(source, counts.get("crawlers", []))
    return "\n".join(lines)


def format_crawlers(source: str, crawlers: list[dict]) -> list[str]:
    """Claims per crawler, then images/s per host, over the window `storage.crawlers` reads."""
    from storage.crawlers import RECENT_SECONDS

    if not crawlers:
        return []
    minutes = RECENT_SECONDS // 60
    lines = ["", f"{source}: crawlers (claims now; images finished in the last {minutes} min)",
             (f"{'host':<20}{'pid':>8}{'claimed':>9}  {'since (UTC)':<20}{'lease left':>11}{'finished':>10}"
              f"{'img/s':>8}  crawler")]
    per_host: dict[str, list[float]] = {}
    for crawler in crawlers:
        left = "" if crawler["lease_left_s"] is None else f"{crawler['lease_left_s']:.0f} s"
        since = (crawler["since"] or "").replace("T", " ")[:19]
        lines.append(f"{crawler['host'][:19]:<20}{crawler['pid'] or '':>8}{crawler['claimed']:>9,}  {since:<20}"
                     f"{left:>11}{crawler['finished']:>10,}{crawler['per_second']:>8.1f}  {crawler['crawler']}")
        totals = per_host.setdefault(crawler["host"], [0, 0.0])
        totals[0] += crawler["finished"]
        totals[1] += crawler["per_second"]
    lines.append("per host: " + ", ".join(f"{host} {rate:.1f} images/s ({n:,} finished)"
                                          for host, (n, rate) in sorted(per_host.items())))
    return lines
