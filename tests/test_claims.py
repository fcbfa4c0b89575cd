"""Claims on both engines: only the claimant records, leases run on the database's clock
and are renewed, a dead claimant on this host is proven dead, `medium release-claims`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from storage.claims import WorkQueue, holdings, now_and_later, release_claims
from storage.db import open_database
from storage.errors import UserError
from storage.models import Image, Status
from storage.processes import Worker, this_host, this_machine

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def add_images(engine, n, source="bam"):
    with engine.begin() as connection:
        connection.execute(insert(Image), [
            {"source": source, "source_id": f"{source}{i}", "url": f"https://example.org/{i}.jpg"} for i in range(n)])


def rows(engine) -> dict[int, Image]:
    with engine.connect() as connection:
        return {row.id: row for row in connection.execute(select(Image))}


def dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid now names no process
    return finished.pid


def test_a_lease_that_ran_out_mid_batch_refuses_the_late_writer(db_url):
    engine = open_database(db_url)
    add_images(engine, 3)
    late = WorkQueue(engine, "bam", lease_seconds=-1)  # its lease ends as the batch starts
    batch = late.claim(3)
    owner = WorkQueue(engine, "bam")
    assert [c.id for c in owner.claim(3)] == [c.id for c in batch]  # taken over
    first, second, _third = batch
    assert owner.record([{"id": first.id, "status": Status.DONE, "path": "bam/aa/0.jpg"}]) == 1
    written = late.record([{"id": first.id, "status": Status.FAILED, "error": "late"},
                           {"id": second.id, "status": Status.INVALID, "error": "late"}])
    assert written == 0
    after = rows(engine)
    assert (after[first.id].status, after[first.id].path, after[first.id].error) == ("done", "bam/aa/0.jpg", None)
    assert (after[second.id].status, after[second.id].claimed_by) == ("claimed", owner.worker)
    assert late.release() == 0 and owner.release() == 2


def test_leases_run_on_the_database_clock_and_renewal_extends_them(db_url):
    engine = open_database(db_url)
    add_images(engine, 2)
    queue = WorkQueue(engine, "bam", lease_seconds=60)
    queue.claim(2)
    with engine.connect() as connection:
        lease, now = connection.execute(select(Image.lease_until, now_and_later())).first()
    lease, now = (moment.replace(tzinfo=moment.tzinfo or timezone.utc) for moment in (lease, now))
    assert timedelta(seconds=55) < lease - now <= timedelta(seconds=60)
    with engine.begin() as connection:  # as if the lease were nearly over
        connection.execute(update(Image).values(lease_until=datetime.now(timezone.utc) + timedelta(seconds=1)))
    assert queue.renew() == 2
    [holding] = holdings(engine, "bam")
    assert holding.images == 2 and 55 < holding.seconds_left <= 60
    assert WorkQueue(engine, "bam").claim(2) == []


def test_claims_of_a_dead_crawler_on_this_host_come_back_at_once(db_url):
    engine = open_database(db_url)
    add_images(engine, 4)
    dead = WorkQueue(engine, "bam", worker=Worker(this_host(), dead_pid(), "abc123", this_machine()).name)
    elsewhere = WorkQueue(engine, "bam", worker=Worker("another-host", dead_pid(), "def456", "0123456789ab").name)
    dead.claim(2)
    elsewhere.claim(2)
    successor = WorkQueue(engine, "bam")
    assert successor.claim(4) == []  # both leases are live
    assert successor.reclaim_from_dead() == [Worker.parse(dead.worker)]
    assert len(successor.claim(4)) == 2  # the other host's crawler may be alive: its rows wait
    [other] = successor.others()
    assert (other.worker.host, other.images) == ("another-host", 2)
    assert str(other).startswith(f"2 images held by pid {other.worker.pid} on another-host until ")


def test_release_claims_all_or_only_stale(db_url):
    engine = open_database(db_url)
    add_images(engine, 3)
    add_images(engine, 2, source="public_art")
    live, expired = WorkQueue(engine, "bam"), WorkQueue(engine, "bam", lease_seconds=-1)
    live.claim(1)
    expired.claim(2)
    WorkQueue(engine, "public_art", worker=Worker(this_host(), dead_pid(), "x", this_machine()).name).claim(2)
    assert release_claims(engine, source="bam", stale_only=True) == 2
    assert release_claims(engine, stale_only=True) == 2  # the dead crawler's public_art claims
    assert [row.claimed_by for row in rows(engine).values() if row.status == "claimed"] == [live.worker]
    with pytest.raises(UserError, match="a crawler may still be running: 1 images held by pid "):
        release_claims(engine)  # the live lease of a crawler that may still run
    assert release_claims(engine, force=True) == 1
    assert {row.status for row in rows(engine).values()} == {"pending"}


@pytest.mark.parametrize("arguments, released, left", [
    (["--stale"], 1, ["claimed", "pending"]),
    (["--force"], 2, ["pending", "pending"]),
])
def test_release_claims_command(tmp_path, arguments, released, left):
    engine = open_database(f"sqlite:///{tmp_path / 'medium.db'}")
    add_images(engine, 2)
    WorkQueue(engine, "bam").claim(1)
    WorkQueue(engine, "bam", lease_seconds=-1).claim(1)
    result = subprocess.run([sys.executable, "-m", "medium", "--home", str(tmp_path), "release-claims",
                             *arguments, "--source", "bam"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"released {released} claim(s) of source bam; they are pending again"
    assert sorted(row.status for row in rows(engine).values()) == left


def test_release_claims_without_stale_refuses_while_a_live_crawler_holds_claims(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'medium.db'}")
    add_images(engine, 3)
    WorkQueue(engine, "bam").claim(1)  # this test's own process: alive, its lease live
    WorkQueue(engine, "bam", lease_seconds=-1).claim(1)
    result = subprocess.run([sys.executable, "-m", "medium", "--home", str(tmp_path), "release-claims"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("medium release-claims: a crawler may still be running: 1 images held by ")
    assert "--force" in result.stderr
    assert sorted(row.status for row in rows(engine).values()) == ["claimed", "claimed", "pending"]


def test_a_crawler_is_proven_dead_only_on_its_own_machine_not_by_a_shared_host_name(db_url):
    """Two containers may share a host name; a pid is proof only in its own pid namespace."""
    engine = open_database(db_url)
    add_images(engine, 2)
    twin = Worker(this_host(), dead_pid(), "c0ffee", "0123456789ab")  # same host name, another machine
    WorkQueue(engine, "bam", worker=twin.name).claim(2)
    assert not Worker.parse(twin.name).proven_dead()
    assert WorkQueue(engine, "bam").reclaim_from_dead() == []
    assert release_claims(engine, stale_only=True) == 0
    assert {row.claimed_by for row in rows(engine).values()} == {twin.name}


def test_another_pid_namespace_is_another_machine_under_the_same_host_name():
    probe = "from storage.processes import this_host, this_machine; print(this_host(), this_machine())"
    inside = subprocess.run(["unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc",
                             sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True)
    if inside.returncode != 0 and not inside.stdout:
        why = f"this kernel lets no user make a pid namespace: {inside.stderr.strip()}"
        if os.environ.get("MEDIUM_TEST_REQUIRE_NAMESPACES") == "1":  # CI runs as root: there it must run
            pytest.fail(why)
        pytest.skip(why)
    host, machine = inside.stdout.split()
    assert host == this_host() and machine != this_machine()


def test_release_claims_creates_no_database(tmp_path):
    result = subprocess.run([sys.executable, "-m", "medium", "--home", str(tmp_path), "release-claims"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("medium release-claims: ") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "medium.db").exists()
