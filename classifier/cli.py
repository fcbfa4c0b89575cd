"""The `medium` console script: parse the verb, resolve the configuration, run, and turn
a user's mistake into one sentence on stderr with exit status 2."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from classifier.commands import VERBS
from storage.config import resolve
from storage.errors import UserError


OUR_PACKAGES = ("storage", "classifier", "crawler", "sampleworld")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medium",
        description="Crawl artworks, train a CNN that tells their medium and mood, and explain it.",
    )
    parser.add_argument("--home", help="data folder (default: $MEDIUM_HOME or ./data)")
    parser.add_argument("--db", help="SQLAlchemy URL of the status database (default: $MEDIUM_DB_URL "
                        "or sqlite:///HOME/medium.db)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for module_name in VERBS:
        module = importlib.import_module(f"classifier.commands.{module_name}")
        sub = verbs.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=f"example:\n  {module.EXAMPLE}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for package in OUR_PACKAGES:
        logging.getLogger(package).setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        config = resolve(home=args.home, db_url=args.db)
        return args.run(args, config) or 0
    except UserError as error:
        print(f"medium {args.verb}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"medium {args.verb}: interrupted", file=sys.stderr)
        return 130
