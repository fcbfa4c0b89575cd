"""medium report: one self-contained HTML folder that tells the whole pipeline's story."""

from __future__ import annotations

NAME = "report"
HELP = ("Write one self-contained HTML report (index.html with its pictures beside it, no network needed): "
        "data, crawl, training, evaluation, explanation and neighbourhoods, each when its stage has run.")
EXAMPLE = "medium report --out /tmp/medium-report   # then open /tmp/medium-report/index.html"


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", nargs="?",
                        help="a finished training run (default: the latest finished one)")
    parser.add_argument("--out", metavar="DIR", help="folder to write; an earlier report there is replaced "
                        "(default: HOME/report)")


def run(args, config) -> int:
    from analysis.report import write_report

    print(write_report(config, args.run_id, args.out))
    return 0
