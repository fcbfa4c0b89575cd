"""`medium status` on the crawlers at work: claims per crawler (host, pid, since, lease
left) and what each finished over the last minutes, on both engines."""

from __future__ import annotations

import json

from test_database import add_images

from storage.claims import WorkQueue
from storage.db import open_database
from storage.models import Status


def test_status_shows_each_crawlers_claims_and_recent_rate(db_url, capsys):
    from medium.cli import main

    engine = open_database(db_url)
    add_images(engine, 8)
    first = WorkQueue(engine, "bam", worker="host-a:101:aaaaaa", lease_seconds=600)
    second = WorkQueue(engine, "bam", worker="host-b:202:bbbbbb", lease_seconds=60)
    mine, theirs = first.claim(4), second.claim(2)
    assert first.record([{"id": claim.id, "status": Status.DONE, "attempts": 1} for claim in mine[:3]]) == 3
    assert main(["--db", db_url, "status", "--json"]) == 0
    crawlers = {row["crawler"]: row for row in json.loads(capsys.readouterr().out)["bam"]["crawlers"]}
    a, b = crawlers["host-a:101:aaaaaa"], crawlers["host-b:202:bbbbbb"]
    assert (a["host"], a["pid"], a["claimed"], a["finished"]) == ("host-a", 101, 1, 3)
    assert (b["host"], b["pid"], b["claimed"], b["finished"]) == ("host-b", 202, 2, 0)
    assert 500 < a["lease_left_s"] <= 600 and 0 < b["lease_left_s"] <= 60  # by the database's clock
    assert a["since"] and a["per_second"] > 0 and b["per_second"] == 0
    assert len(theirs) == 2

    assert main(["--db", db_url, "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("host-a"))
    assert row.split()[:3] == ["host-a", "101", "1"] and row.split()[-1] == "host-a:101:aaaaaa"
    assert any(line.startswith("per host: host-a ") and "host-b 0.0 images/s (0 finished)" in line for line in lines)


def test_a_crawler_that_finished_its_claims_still_shows_its_rate(sqlite_url, capsys):
    from medium.cli import main

    engine = open_database(sqlite_url)
    add_images(engine, 2)
    queue = WorkQueue(engine, "bam", worker="host-c:7:cccccc")
    queue.record([{"id": claim.id, "status": Status.MISSING, "attempts": 1} for claim in queue.claim(2)])
    assert main(["--db", sqlite_url, "status", "--json"]) == 0
    [crawler] = json.loads(capsys.readouterr().out)["bam"]["crawlers"]
    assert (crawler["claimed"], crawler["finished"], crawler["lease_left_s"]) == (0, 2, None)
