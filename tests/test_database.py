"""The status database: migrations on open, SQLite tuning, claims and status counts."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, insert, select, update

from storage.claims import WorkQueue
from storage.db import open_database
from storage.models import VERSION_TABLE, Base, Image, Status
from storage.status import status_counts


def add_images(engine, n, source="bam", status=Status.PENDING, start=0):
    with engine.begin() as connection:
        connection.execute(insert(Image), [
            {"source": source, "source_id": str(start + i), "url": f"https://example.org/{start + i}.jpg",
             "medium": "comic", "split": "train", "status": status}
            for i in range(n)
        ])


def test_opening_applies_migrations_that_match_the_models(db_url):
    engine = open_database(db_url)
    assert {"images", "artworks", "runs", "predictions", "medium_schema_version"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, Base.metadata) == []


def test_the_schema_head_we_check_on_open_is_alembics():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.models import SCHEMA_HEAD

    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_opening_an_up_to_date_database_migrates_nothing_and_keeps_its_rows(db_url, caplog):
    add_images(open_database(db_url), 3)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="storage.db"):
        engine = open_database(db_url)
    assert "up to schema" not in caplog.text  # the log line of a migration
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Image)).scalar_one() == 3


def _open_when_all_are_ready(url, barrier):
    barrier.wait()
    open_database(url).dispose()


def test_processes_opening_a_fresh_database_at_once_all_succeed(db_url):
    """The migration lock lets one process migrate while the others wait for it."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    processes = [context.Process(target=_open_when_all_are_ready, args=(db_url, barrier)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0, 0, 0]
    with open_database(db_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode(tmp_path):
    open_database(f"sqlite:///{tmp_path / 'm.db'}")
    assert sqlite3.connect(tmp_path / "m.db").execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_claims_are_disjoint_and_leased(db_url):
    engine = open_database(db_url)
    add_images(engine, 50)
    first, second = WorkQueue(engine, "bam"), WorkQueue(engine, "bam")
    a, b = first.claim(30), second.claim(30)
    assert len(a) == 30 and len(b) == 20
    assert not {c.id for c in a} & {c.id for c in b}
    assert second.claim(10) == []
    assert [h.images for h in first.others()] == [20]  # second still holds claims


def test_concurrent_claims_never_overlap(db_url):
    engine = open_database(db_url)
    add_images(engine, 400)
    queues = [WorkQueue(engine, "bam") for _ in range(4)]

    def drain(queue):
        got = []
        while batch := queue.claim(7):
            got += [c.id for c in batch]
        return got

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(drain, queues))
    claimed = [i for ids in results for i in ids]
    assert len(claimed) == len(set(claimed)) == 400


def test_expired_leases_return_to_the_pool(db_url):
    engine = open_database(db_url)
    add_images(engine, 5)
    dead = WorkQueue(engine, "bam", lease_seconds=-1)  # its leases are over at once
    taken = dead.claim(5)
    assert {c.id for c in WorkQueue(engine, "bam").claim(10)} == {c.id for c in taken}


def test_record_writes_fates_and_keeps_finished_rows(db_url):
    engine = open_database(db_url)
    add_images(engine, 3)
    queue = WorkQueue(engine, "bam")
    one, two, three = queue.claim(3)
    queue.record([
        {"id": one.id, "status": Status.DONE, "attempts": 1, "http_status": 200, "path": "bam/aa/0.jpg",
         "width": 600, "height": 700, "stored_width": 219, "stored_height": 256, "bytes": 9000, "sha1": "ab" * 20},
        {"id": two.id, "status": Status.FAILED, "attempts": 3, "http_status": 503, "error": "HTTP 503 after 3 attempt(s)"},
    ])
    queue.record([{"id": one.id, "status": Status.FAILED, "attempts": 1}])  # a late duplicate is ignored
    with engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(select(Image))}
    assert rows[one.id].status == "done" and rows[one.id].path == "bam/aa/0.jpg" and rows[one.id].attempts == 1
    assert rows[one.id].claimed_by is None and rows[one.id].lease_until is None
    assert (rows[two.id].status, rows[two.id].attempts, rows[two.id].http_status) == ("failed", 3, 503)
    assert rows[three.id].status == "claimed"
    assert queue.release() == 1 and queue.retry_failed() == 1
    with engine.connect() as connection:
        counts = dict(connection.execute(select(Image.status, func.count()).group_by(Image.status)).all())
    assert counts == {"done": 1, "pending": 2}


def test_status_counts_per_source_status_class_and_split(db_url):
    engine = open_database(db_url)
    add_images(engine, 4)
    add_images(engine, 2, status=Status.DONE, start=10)
    add_images(engine, 3, source="public_art", start=20)
    with engine.begin() as connection:
        connection.execute(update(Image).where(Image.source_id == "11").values(split="test", medium="oilpaint"))
    report = status_counts(engine)
    assert {k: report["bam"][k] for k in ("pending", "done", "missing", "failed", "invalid", "total")} == \
        {"pending": 4, "done": 2, "missing": 0, "failed": 0, "invalid": 0, "total": 6}
    assert report["public_art"]["pending"] == 3
    # the splits count stored images only: what training will see
    assert report["bam"]["classes"]["comic"] == {"train": 1, "pending": 4, "done": 1}
    assert report["bam"]["classes"]["oilpaint"] == {"test": 1, "done": 1}


def test_status_command_prints_a_table_and_json(tmp_path, capsys):
    import json

    from medium.cli import main

    engine = open_database(f"sqlite:///{tmp_path / 'medium.db'}")
    add_images(engine, 3)
    assert main(["--home", str(tmp_path), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bam"]["pending"] == 3
    assert main(["--home", str(tmp_path), "status"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["bam", "3", "0", "0", "0", "0", "0", "3"]


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    from storage.config import resolve

    monkeypatch.setenv("MEDIUM_HOME", str(tmp_path / "home"))
    assert resolve().db_url == f"sqlite:///{tmp_path / 'home' / 'medium.db'}"
    monkeypatch.setenv("MEDIUM_DB_URL", "postgresql+psycopg://u@h/db")
    assert resolve().db_url == "postgresql+psycopg://u@h/db"
    assert resolve(db_url="sqlite:///x.db").db_url == "sqlite:///x.db"
