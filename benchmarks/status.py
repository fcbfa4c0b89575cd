"""How fast `medium status` answers on a big import, three ways side by side, also while a crawl writes.

    python benchmarks/status.py --db sqlite:///data/benchmarks/medium-2289817.db
    (benchmarks/import_bam.py runs it on the database it imports)

Prints JSON: wall seconds of `medium status --json` (a fresh process: interpreter, imports,
opening the database, the queries; `empty_database_command_s` is that fixed part alone) and
of the counts query alone (`crawlers_query_s`: the claims and recent rates per crawler),
- `covering_index`: as shipped, the index `ix_images_status_counts` (migration 0003);
- `table_scan`: the same database without that index (what 0001 had);
- `counts_kept_by_writers`: a counts table kept by triggers on `images`, read instead;
and what each costs the writers: seconds to move rows from pending to done in 500-row
transactions, as a crawl records fates. Then `medium status --json` again while another
process writes such transactions at four times the pace of the crawl benchmark. The
database is modified (rows move to done; the index is dropped and rebuilt): run it on a
benchmark database, never on a real one.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from measure import measure_command
from sqlalchemy import create_engine, text

from storage.crawlers import crawler_activity
from storage.db import open_database
from storage.status import status_counts

REPEATS = 3
WRITE_ROWS = 20_000
WRITE_BATCH = 500
CRAWL_TRANSACTIONS_PER_S = 2  # 1,000 fates/s: four times the crawl benchmark's 233 images/s
TARGET_S = 1.0
INDEX = "ix_images_status_counts"

COUNTS_TABLE = [  # one statement each (a trigger's body holds semicolons)
    """CREATE TABLE status_totals (source TEXT, medium TEXT, split TEXT, status TEXT, n INTEGER,
                                   PRIMARY KEY (source, medium, split, status))""",
    """INSERT INTO status_totals SELECT source, coalesce(medium, ''), coalesce(split, ''), status, count(*)
       FROM images GROUP BY 1, 2, 3, 4""",
    """CREATE TRIGGER status_totals_insert AFTER INSERT ON images BEGIN
       INSERT INTO status_totals VALUES (new.source, coalesce(new.medium, ''), coalesce(new.split, ''), new.status, 1)
           ON CONFLICT DO UPDATE SET n = n + 1;
       END""",
    """CREATE TRIGGER status_totals_update AFTER UPDATE OF source, medium, split, status ON images BEGIN
       UPDATE status_totals SET n = n - 1 WHERE source = old.source AND medium = coalesce(old.medium, '')
           AND split = coalesce(old.split, '') AND status = old.status;
       INSERT INTO status_totals VALUES (new.source, coalesce(new.medium, ''), coalesce(new.split, ''), new.status, 1)
           ON CONFLICT DO UPDATE SET n = n + 1;
       END""",
    """CREATE TRIGGER status_totals_delete AFTER DELETE ON images BEGIN
       UPDATE status_totals SET n = n - 1 WHERE source = old.source AND medium = coalesce(old.medium, '')
           AND split = coalesce(old.split, '') AND status = old.status;
       END""",
]
DROP_COUNTS = ["DROP TRIGGER status_totals_insert", "DROP TRIGGER status_totals_update",
               "DROP TRIGGER status_totals_delete", "DROP TABLE status_totals"]


def command_seconds(db_url: str) -> float:
    """Median wall seconds of `medium status --json` in a fresh process."""
    command = [sys.executable, "-m", "medium", "--db", db_url, "status", "--json"]
    return statistics.median(measure_command(command, quiet=True)["wall_s"] for _ in range(REPEATS))


def query_seconds(engine, query=None) -> float:
    """Median seconds of `status_counts`, of a callable given the engine, or of a SQL text."""
    def once():
        started = time.perf_counter()
        if query is None:
            status_counts(engine)
        elif callable(query):
            query(engine)
        else:
            with engine.connect() as connection:
                connection.execute(text(query)).all()
        return time.perf_counter() - started
    return round(statistics.median(once() for _ in range(REPEATS)), 3)


def write_seconds(engine, first_id: int) -> float:
    """Seconds to mark `WRITE_ROWS` rows from `first_id` on done, `WRITE_BATCH` per transaction."""
    started = time.perf_counter()
    for start in range(first_id, first_id + WRITE_ROWS, WRITE_BATCH):
        with engine.begin() as connection:
            connection.execute(text("UPDATE images SET status = 'done', attempts = attempts + 1 WHERE id = :id"),
                               [{"id": i} for i in range(start, start + WRITE_BATCH)])
    return round(time.perf_counter() - started, 2)


def keep_writing(db_url: str, first_id: int, stop) -> None:
    """A stand-in crawl, faster than a real one: 500-row fate transactions at
    `CRAWL_TRANSACTIONS_PER_S`, until told to stop."""
    engine = create_engine(db_url)
    next_id = first_id
    while not stop.wait(1 / CRAWL_TRANSACTIONS_PER_S):
        with engine.begin() as connection:
            connection.execute(text("UPDATE images SET status = 'failed', attempts = attempts + 1 WHERE id = :id"),
                               [{"id": i} for i in range(next_id, next_id + WRITE_BATCH)])
        next_id += WRITE_BATCH


def measure(db_url: str) -> dict:
    engine = open_database(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM images")).scalar_one()
        first_id = connection.execute(text("SELECT min(id) FROM images")).scalar_one()
    ids = iter(range(first_id, first_id + 10 * WRITE_ROWS, WRITE_ROWS))
    report = {"images_rows": rows, "repeats": REPEATS, "write_rows": WRITE_ROWS, "write_batch": WRITE_BATCH}
    with tempfile.TemporaryDirectory() as scratch:  # the fixed cost: interpreter, imports, migration check
        empty = f"sqlite:///{Path(scratch) / 'empty.db'}"
        open_database(empty)
        report["empty_database_command_s"] = command_seconds(empty)

    report["covering_index"] = {"command_s": command_seconds(db_url), "query_s": query_seconds(engine),
                                "crawlers_query_s": query_seconds(engine, crawler_activity),
                                "write_s": write_seconds(engine, next(ids))}
    with engine.begin() as connection:
        connection.execute(text(f"DROP INDEX {INDEX}"))
    report["table_scan"] = {"command_s": command_seconds(db_url), "query_s": query_seconds(engine),
                            "write_s": write_seconds(engine, next(ids))}
    with engine.begin() as connection:
        for statement in COUNTS_TABLE:
            connection.exec_driver_sql(statement)
    report["counts_kept_by_writers"] = {"query_s": query_seconds(engine, "SELECT * FROM status_totals"),
                                        "write_s": write_seconds(engine, next(ids))}
    with engine.begin() as connection:
        for statement in DROP_COUNTS:
            connection.execute(text(statement))
        started = time.perf_counter()
        connection.execute(text(f"CREATE INDEX {INDEX} ON images (source, medium, split, status)"))
        report["covering_index"]["build_s"] = round(time.perf_counter() - started, 1)

    stop = multiprocessing.Event()
    writer = multiprocessing.Process(target=keep_writing, args=(db_url, next(ids), stop))
    writer.start()
    try:
        report["covering_index"]["command_s_while_a_crawl_writes"] = command_seconds(db_url)
    finally:
        stop.set()
        writer.join()
    report["target_command_s_at_most"] = TARGET_S
    report["note"] = "synthetic BAM-schema import (sample world), not the real BAM data"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a benchmark database holding a big import")
    args = parser.parse_args()
    print(json.dumps(measure(args.db), indent=2))


if __name__ == "__main__":
    main()
