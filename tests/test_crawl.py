"""`scrapy crawl bam_images` end to end: real Scrapy, real HTTP on loopback, real database."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sqlalchemy import select

from crawling import PROJECT_ROOT, crawl_env, image_rows, requests_per_path, run_crawl, start_crawl, wait_for_done_rows
from sampleworld import build_world, expected_variant_pixels, running_server
from storage.bam_import import import_bam
from storage.db import open_database
from storage.models import Setting, Status

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
            assert row["error"].startswith(error), (kind, row["error"])

    expect("not_found", "missing", 404, 1, "HTTP 404")
    expect("gone", "missing", 410, 1, "HTTP 410")
    expect("flaky", "done", 200, 2)  # 503, retried, then 200
    expect("server_error", "failed", 500, 2, "HTTP 500 after 2 attempt(s)")
    expect("too_many", "failed", 429, 2, "HTTP 429")
    expect("slow", "failed", None, 2, "timed out after 2 attempt(s)")
    expect("reset", "failed", None, 2, "connection lost after 2 attempt(s)")
    expect("redirect_loop", "failed", None, 1, "too many redirects")
    expect("not_image", "invalid", 200, 1, "not an image")
    expect("truncated", "invalid", 200, 1, "truncated or damaged image data")
    expect("empty", "invalid", 200, 1, "empty body")
    expect("bomb", "invalid", 200, 1, "decompression bomb")
    redirected = fate("redirect")
    faults = json.loads((fault_world.directory / "faults.json").read_text())["faults"]
    target = next(f["target"] for f in faults if f["kind"] == "redirect")
    assert redirected["status"] == "done" and redirected["final_url"].endswith(target)

    # the server was asked as often as the retry policy says, and never for a missing image again
    asked = requests_per_path(log)
    assert asked[served_path(fault_world, fault_world.faults["server_error"][0])] == 2
    assert asked[served_path(fault_world, fault_world.faults["not_found"][0])] == 1
    assert_store_is_whole(home, rows)

    # what a person sees: a short summary, no log lines, no tracebacks
    summary = result.stdout.splitlines()
    assert summary[0].startswith(f"bam_images: {len(live(rows)):,} images (done {(rows['status'] == 'done').sum():,}, ")
    assert summary[1].startswith(f"  stored in {home / 'images'} (longest side 256); statuses in sqlite:///")
    assert summary[-2:] == ["  to try failed images again: scrapy crawl bam_images -a retry_failed=1",
                            "  next: medium status, then medium samples or medium train"]
    assert "Traceback" not in result.stderr and " ERROR: " not in result.stderr and " INFO: " not in result.stderr


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


ARGUMENTS = "bam, labels, limit, media, min_margin, min_score, per_class, retry_failed, seed"
MIRROR_EXAMPLE = "must be an http(s) URL such as http://127.0.0.1:8800, not 'notaurl'"


@pytest.mark.parametrize(("arguments", "message"), [
    (["-a", "foo=bar"], f"bam_images has no argument 'foo'; it takes {ARGUMENTS}"),
    (["-a", "limit=-5"], "-a limit must be a whole number of at least 1, not -5"),
    (["-a", "limit=0"], "-a limit must be a whole number of at least 1, not 0"),
    (["-a", "limit=abc"], "-a limit must be a whole number of at least 1, not 'abc'"),
    (["-a", "retry_failed=maybe"], "-a retry_failed must be 1 or 0 (yes or no), not 'maybe'"),
    (["-a", "bam=/nonexistent/bam.sqlite"], "-a bam must be an existing file, but /nonexistent/bam.sqlite does not exist"),
    (["-a", "media=crayon"], None),  # the import's own sentence, checked below
    (["-s", "BEHANCE_MIRROR=notaurl"], f"-s BEHANCE_MIRROR {MIRROR_EXAMPLE}"),
    (["-s", "IMAGES_LONGEST_SIDE=big"], "-s IMAGES_LONGEST_SIDE must be a whole number of at least 1, not 'big'"),
])
def test_bad_arguments_and_settings_are_one_sentence_exit_2_and_write_nothing(tmp_path, arguments, message):
    home = tmp_path / "home"
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "bam_images", *arguments], cwd=PROJECT_ROOT,
                            env=crawl_env(home), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("scrapy crawl bam_images: ")
    if message:
        assert line == f"scrapy crawl bam_images: {message}"
    else:
        assert "crayon" in line
    assert result.stdout == "" and not home.exists()


def test_an_unknown_spider_is_one_sentence(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "nope"], cwd=PROJECT_ROOT,
                            env=crawl_env(tmp_path / "home"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("scrapy crawl nope: there is no spider 'nope'; this project has ") and "bam_images" in line


def test_mirror_from_the_environment_is_checked_too(tmp_path):
    home = tmp_path / "home"
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "bam_images"], cwd=PROJECT_ROOT,
                            env={**crawl_env(home), "MEDIUM_BEHANCE_MIRROR": "notaurl"},
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (2, f"scrapy crawl bam_images: MEDIUM_BEHANCE_MIRROR {MIRROR_EXAMPLE}\n")
    assert not home.exists()


@pytest.mark.parametrize("settings", [{"MEDIUM_DB_URL": "garbage"}, {"BEHANCE_MIRROR": "notaurl"},
                                      {"IMAGES_STORE": str(Path(__file__))}])
def test_bad_settings_leave_an_existing_database_untouched(fault_world, tmp_path, settings):
    home = tmp_path / "home"
    url = f"sqlite:///{home / 'medium.db'}"
    import_bam(fault_world.bam_path, url, progress=False)
    before = image_rows(url)
    result = run_crawl(home, "http://127.0.0.1:9", settings=settings)  # the mirror is never asked
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("scrapy crawl bam_images: ") and next(iter(settings.values())) in line
    pd.testing.assert_frame_equal(image_rows(url), before)
    assert not (home / "images").exists()
    with open_database(url).connect() as connection:
        assert connection.execute(select(Setting)).all() == []  # no store recorded either


@pytest.mark.parametrize("name", ["CONCURRENT_REQUESTS", "DOWNLOAD_TIMEOUT", "ROBOTSTXT_OBEY"])
def test_a_scrapy_setting_that_does_not_parse_is_one_sentence_naming_it(tmp_path, name):
    home = tmp_path / "home"
    result = run_crawl(home, "http://127.0.0.1:9", settings={name: "abc"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"scrapy crawl bam_images: -s {name} must be ") and "'abc'" in line
    assert not home.exists()


def test_a_fractional_timeout_is_not_refused(fault_world, tmp_path):
    home = tmp_path / "home"
    import_bam(fault_world.bam_path, f"sqlite:///{home / 'medium.db'}", progress=False)
    result = run_crawl(home, "http://127.0.0.1:9", "limit=1", settings={"DOWNLOAD_TIMEOUT": "0.5"})
    assert result.returncode == 0, result.stderr


def test_nothing_imported_is_one_sentence_and_creates_no_database(tmp_path):
    home = tmp_path / "home"
    for crawl in range(2):  # with no database, then with an empty one
        result = run_crawl(home, "http://127.0.0.1:9")
        assert result.returncode == 2 and "Traceback" not in result.stderr and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("scrapy crawl bam_images: ") and "medium import-bam" in line
        if crawl == 0:
            assert not home.exists()
            open_database(f"sqlite:///{home / 'medium.db'}").dispose()
    assert sorted(path.name for path in home.iterdir() if not path.name.startswith("medium.db")) == []


def test_a_bam_file_without_usable_labels_is_one_sentence(fault_world, tmp_path):
    result = run_crawl(tmp_path / "home", "http://127.0.0.1:9", f"bam={fault_world.bam_path}", "min_score=1")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"scrapy crawl bam_images: no module of {fault_world.bam_path} has a usable label with these options"]


def test_kill_mid_crawl_then_resume(tmp_path_factory, tmp_path):
    world = build_world(tmp_path_factory.mktemp("kill") / "world", 160, seed=5)
    home, log = tmp_path / "home", tmp_path / "requests.log"
    db_url = f"sqlite:///{home / 'medium.db'}"
    slow = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.02", "CLAIM_BATCH_SIZE": "8", "STATUS_FLUSH_ROWS": "4"}
    with running_server(world.directory, request_log=log) as mirror:
        crawl = start_crawl(home, mirror, f"bam={world.bam_path}", settings=slow)
        done_before = wait_for_done_rows(home / "medium.db", at_least=30, process=crawl)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        killed = image_rows(db_url)
        assert (killed["status"] == "claimed").any() and (killed["status"] == "pending").any()
        # the default lease is minutes long; the next crawl proves the killed one dead and goes on at once
        result = run_crawl(home, mirror, settings={**slow, "CLAIM_POLL_SECONDS": "600"})
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"took back the claims of crawlers that are gone: pid {crawl.pid} on " in result.stderr
    rows = image_rows(db_url)
    assert set(rows["status"]) <= TERMINAL
    assert (live(rows)["status"] == "done").all()
    asked = requests_per_path(log)
    for source_id in done_before:
        assert asked[urlsplit(rows.loc[source_id, "url"]).path] == 1, "fetched again after it was done"
    assert_store_is_whole(home, rows)
    assert list((home / "images" / ".incoming").iterdir()) == []


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
