"""medium release-claims: give claimed images back to the pool after crawlers stopped."""

from __future__ import annotations

NAME = "release-claims"
HELP = ("Put claimed images back to pending: all claims (refused while a live lease is held, unless --force), "
        "or with --stale only those whose lease ran out or whose crawler this machine proves gone.")
EXAMPLE = "medium release-claims --stale --source bam"


def add_arguments(parser) -> None:
    parser.add_argument("--stale", action="store_true",
                        help="only leases that ran out and claims of crawlers this host proves dead")
    parser.add_argument("--force", action="store_true",
                        help="release live claims too (only when you know their crawler is gone)")
    parser.add_argument("--source", help="only images of this source (bam, public_art, ...)")


def run(args, config) -> int:
    from storage.claims import holdings, release_claims
    from storage.db import open_database

    engine = open_database(config.db_url, create=False)
    released = release_claims(engine, source=args.source, stale_only=args.stale, force=args.force)
    which = f" of source {args.source}" if args.source else ""
    print(f"released {released} claim(s){which}; they are pending again")
    for holding in holdings(engine, args.source):
        print(f"still claimed: {holding}")
    return 0
