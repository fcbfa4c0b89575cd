"""`scrapy crawl bam_images` end to end: real Scrapy, real HTTP on loopback, real database."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from crawling import image_rows, requests_per_path, run_crawl, start_crawl
from sampleworld import build_world, expected_variant_pixels, running_server
from storage.models import Status

TERMINAL = {s.value for s in Status.terminal()}
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fault_world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("world") / "world", 40, seed=3, faults=True)


def live(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows that are not known dead links (those are `missing` from the import on)."""
    return rows[~rows["error"].fillna("").str.startswith("dead link")]


def served_path(world, mid) -> str:
    return urlsplit(world.manifest.set_index("mid").loc[mid, "src"]).path


def assert_store_is_whole(home: Path, rows: pd.DataFrame) -> None:
    """Every done row's file exists, decodes as RGB within the stored size; nothing partial lies around."""
    store = home / "images"
    done = rows[rows["status"] == Status.DONE]
    for source_id, row in done.iterrows():
        with Image.open(store / row["path"]) as image:
            image.load()
            assert image.mode == "RGB" and max(image.size) <= 256, source_id
            assert image.size == (row["stored_width"], row["stored_height"])
    files = {p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file()}
    assert files == set(done["path"]), "files without a done row, or partial files, in the store"


def test_every_fault_lands_in_its_status(fault_world, tmp_path):
    home, log = tmp_path / "home", tmp_path / "requests.log"
    with running_server(fault_world.directory, slow_seconds=3, request_log=log) as mirror:
        result = run_crawl(home, mirror, f"bam={fault_world.bam_path}")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    assert set(rows["status"]) <= TERMINAL

    def fate(kind, copy=0):
        return rows.loc[str(fault_world.faults[kind][copy])]

    def expect(kind, status, http_status, attempts, error=None):
        row = fate(kind)
        assert (row["status"], row["attempts"]) == (status, attempts), (kind, row.to_dict())
        assert (pd.isna(row["http_status"]) if http_status is None else row["http_status"] == http_status), kind
        if error:
            assert error in row["error"], (kind, row["error"])

    expect("not_found", "missing", 404, 1, "HTTP 404")
    expect("gone", "missing", 410, 1, "HTTP 410")
    expect("flaky", "done", 200, 2)  # 503, retried, then 200
    expect("server_error", "failed", 500, 2, "HTTP 500 after 2 attempt(s)")
    expect("too_many", "failed", 429, 2, "HTTP 429")
    expect("slow", "failed", None, 2, "took longer than 1.0 seconds")
    expect("reset", "failed", None, 2, "ConnectionDone")
    expect("redirect_loop", "failed", None, 1, "max redirections")
    expect("not_image", "invalid", 200, 1, "not an image")
    expect("truncated", "invalid", 200, 1, "truncated")
    expect("empty", "invalid", 200, 1, "empty body")
    expect("bomb", "invalid", 200, 1, "decompression bomb: Image size (900000000 pixels)")
    redirected = fate("redirect")
    faults = json.loads((fault_world.directory / "faults.json").read_text())["faults"]
    target = next(f["target"] for f in faults if f["kind"] == "redirect")
    assert redirected["status"] == "done" and redirected["final_url"].endswith(target)

    # the server was asked as often as the retry policy says, and never for a missing image again
    asked = requests_per_path(log)
    assert asked[served_path(fault_world, fault_world.faults["server_error"][0])] == 2
    assert asked[served_path(fault_world, fault_world.faults["not_found"][0])] == 1
    assert_store_is_whole(home, rows)


def test_stored_copies_are_upright_rgb_resized_and_checksummed(fault_world, tmp_path):
    home = tmp_path / "home"
    with running_server(fault_world.directory, slow_seconds=3) as mirror:
        assert run_crawl(home, mirror, f"bam={fault_world.bam_path}").returncode == 0
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    for kind in ("cmyk", "palette", "gray", "gray16", "rgba", "exif_rotated"):
        expected = expected_variant_pixels(kind)
        for mid in fault_world.faults[kind]:
            row = rows.loc[str(mid)]
            assert row["status"] == "done" and (row["width"], row["height"]) == expected.size, kind
            pixels = np.asarray(Image.open(home / "images" / row["path"]), dtype=int)
            height, width, _ = pixels.shape
            for x, colour in ((width // 4, expected.left), (3 * width // 4, expected.right)):
                assert np.abs(pixels[height // 2, x] - colour).max() <= expected.tolerance + 8, (kind, mid, x)
    regular = fault_world.manifest[fault_world.manifest["fault"] == ""].iloc[0]
    row = rows.loc[str(regular["mid"])]
    original = (fault_world.directory / regular["path"]).read_bytes()
    assert row["sha1"] == hashlib.sha1(original).hexdigest()
    with Image.open(fault_world.directory / regular["path"]) as source:
        assert (row["width"], row["height"]) == source.size
        assert max(row["stored_width"], row["stored_height"]) == 256


def test_limit_and_retry_failed(fault_world, tmp_path):
    home = tmp_path / "home"
    url = f"sqlite:///{home / 'medium.db'}"
    with running_server(fault_world.directory, slow_seconds=3) as mirror:
        assert run_crawl(home, mirror, f"bam={fault_world.bam_path}", "limit=7").returncode == 0
        rows = image_rows(url)
        assert live(rows)["status"].isin(TERMINAL).sum() == 7
        assert run_crawl(home, mirror).returncode == 0
        failed = image_rows(url).query("status == 'failed'")
        assert len(failed) >= 4
        assert run_crawl(home, mirror, "retry_failed=1").returncode == 0
    again = image_rows(url).loc[failed.index]
    assert (again["status"] == "failed").all()
    assert (again["attempts"] > failed["attempts"]).all()  # tried again, attempts add up


def test_bad_input_is_one_sentence_and_exit_2(fault_world, tmp_path):
    with running_server(fault_world.directory) as mirror:
        result = run_crawl(tmp_path / "home", mirror, f"bam={tmp_path / 'nope.sqlite'}")
        assert result.returncode == 2
        errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
        assert [e.split(" ERROR: ", 1)[1] for e in errors] == [f"BAM file not found: {tmp_path / 'nope.sqlite'}"]
        assert "Traceback" not in result.stderr
        result = run_crawl(tmp_path / "home", mirror, "limit=many")
        assert result.returncode == 2 and "bad spider argument: invalid literal for int()" in result.stderr


def test_kill_mid_crawl_then_resume(tmp_path_factory, tmp_path):
    world = build_world(tmp_path_factory.mktemp("kill") / "world", 160, seed=5)
    home, log = tmp_path / "home", tmp_path / "requests.log"
    db_url = f"sqlite:///{home / 'medium.db'}"
    slow_and_short_leases = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.02", "CLAIM_BATCH_SIZE": "8",
                             "CLAIM_LEASE_SECONDS": "3", "CLAIM_POLL_SECONDS": "0.5", "STATUS_FLUSH_ROWS": "4"}
    with running_server(world.directory, request_log=log) as mirror:
        crawl = start_crawl(home, mirror, f"bam={world.bam_path}", settings=slow_and_short_leases)
        done_before = _wait_for_done_rows(home / "medium.db", at_least=30, process=crawl)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        killed = image_rows(db_url)
        assert (killed["status"] == "claimed").any() and (killed["status"] == "pending").any()
        result = run_crawl(home, mirror, settings=slow_and_short_leases)
        assert result.returncode == 0, result.stdout + result.stderr
    rows = image_rows(db_url)
    assert set(rows["status"]) <= TERMINAL
    assert (live(rows)["status"] == "done").all()
    asked = requests_per_path(log)
    for source_id in done_before:
        assert asked[urlsplit(rows.loc[source_id, "url"]).path] == 1, "fetched again after it was done"
    assert_store_is_whole(home, rows)
    assert list((home / "images" / ".incoming").iterdir()) == []


def _wait_for_done_rows(database: Path, at_least: int, process, timeout: float = 120) -> list[str]:
    """Poll the status database (a condition, not a guess) until the crawl has finished some rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if database.exists():
            try:
                done = [r[0] for r in sqlite3.connect(database).execute(
                    "SELECT source_id FROM images WHERE status = 'done'")]
            except sqlite3.OperationalError:  # the schema is still being created
                done = []
            if len(done) >= at_least:
                return done
        try:  # poll interval that also notices a crawl ending early
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError("the crawl ended before it could be killed")
    raise AssertionError(f"fewer than {at_least} images done within {timeout} s")


@pytest.mark.postgres
def test_two_crawlers_share_one_postgres_database(tmp_path_factory, tmp_path, postgres_url):
    world = build_world(tmp_path_factory.mktemp("pg") / "world", 120, seed=6)
    log = tmp_path / "requests.log"
    from storage.bam_import import import_bam

    import_bam(world.bam_path, postgres_url, progress=False)
    settings = {"CLAIM_BATCH_SIZE": "6", "CONCURRENT_REQUESTS": "4"}
    with running_server(world.directory, request_log=log) as mirror:
        crawlers = [start_crawl(tmp_path / f"home{i}", mirror, db_url=postgres_url, settings=settings)
                    for i in range(2)]
        outputs = [crawler.communicate(timeout=240)[0] for crawler in crawlers]
    assert [c.returncode for c in crawlers] == [0, 0], outputs
    rows = live(image_rows(postgres_url))
    assert (rows["status"] == "done").all()
    asked = requests_per_path(log)
    assert all(asked[urlsplit(url).path] == 1 for url in rows["url"]), "an image was fetched twice"
    workers = rows["path"].map(lambda p: next(i for i in range(2) if (tmp_path / f"home{i}" / "images" / p).exists()))
    assert set(workers) == {0, 1}, "one crawler did all the work"
