"""The crawl under stress: Ctrl-C, a dead image worker, oversized downloads, and the one
recorded truth about where images are stored and how big."""

from __future__ import annotations

import os
import signal

import pytest
from PIL import Image

from classifier.dataset import labelled_images
from crawler.outcomes import TOO_LARGE
from crawling import image_rows, image_workers, run_crawl, start_crawl, wait_for_done_rows
from sampleworld import build_world, running_server
from storage.config import resolve
from storage.db import open_database
from storage.store import recorded_store

pytestmark = pytest.mark.slow
SLOW = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.05", "CLAIM_BATCH_SIZE": "8", "STATUS_FLUSH_ROWS": "4"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("robust") / "world", 120, seed=7)


def test_one_ctrl_c_to_the_process_group_releases_claims_without_tracebacks(world, tmp_path):
    home = tmp_path / "home"
    with running_server(world.directory) as mirror:
        crawl = start_crawl(home, mirror, f"bam={world.bam_path}", settings=SLOW, own_group=True)
        wait_for_done_rows(home / "medium.db", at_least=10, process=crawl)
        assert image_workers(crawl.pid), "the image workers should be running"
        os.killpg(crawl.pid, signal.SIGINT)  # what a terminal does: the crawler and its workers get it
        output = crawl.communicate(timeout=120)[0]
    assert crawl.returncode == 130, output  # the crawl did not finish: a script must not go on to train
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    assert "claimed" not in set(rows["status"])
    assert (rows["status"] == "pending").any() and (rows["status"] == "done").sum() >= 10
    assert "  stopped (shutdown); " in output and " went back to pending: run the same command to go on" in output


def test_a_killed_image_worker_is_replaced_and_later_images_succeed(world, tmp_path):
    home = tmp_path / "home"
    with running_server(world.directory) as mirror:
        crawl = start_crawl(home, mirror, f"bam={world.bam_path}", settings={**SLOW, "IMAGE_WORKERS": "2"})
        wait_for_done_rows(home / "medium.db", at_least=10, process=crawl)
        os.kill(image_workers(crawl.pid)[0], signal.SIGKILL)  # as a crash or the OOM killer would
        output = crawl.communicate(timeout=180)[0]
    assert crawl.returncode == 0, output
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    crawled = rows[~rows["error"].fillna("").str.startswith("dead link")]
    assert set(crawled["status"]) == {"done"}, crawled[crawled["status"] != "done"][["status", "error"]]
    assert "image workers died and were restarted 1 time(s)" in output
    assert "Traceback" not in output


def test_a_download_over_download_maxsize_is_invalid(world, tmp_path):
    home = tmp_path / "home"
    with running_server(world.directory) as mirror:
        result = run_crawl(home, mirror, f"bam={world.bam_path}", "limit=3", settings={"DOWNLOAD_MAXSIZE": "1000"})
    assert result.returncode == 0, result.stdout + result.stderr
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    crawled = rows[rows["attempts"] > 0]
    assert len(crawled) == 3
    assert set(crawled["status"]) == {"invalid"} and crawled["error"].str.startswith(TOO_LARGE).all()
    assert not list((home / "images").rglob("*.jpg"))


def test_the_store_and_its_size_are_recorded_and_a_different_one_is_refused(world, tmp_path, monkeypatch):
    home, store = tmp_path / "home", tmp_path / "elsewhere"
    url = f"sqlite:///{home / 'medium.db'}"
    with running_server(world.directory) as mirror:
        first = run_crawl(home, mirror, f"bam={world.bam_path}", "limit=4",
                          settings={"IMAGES_STORE": str(store), "IMAGES_LONGEST_SIDE": "96"})
        assert first.returncode == 0, first.stdout + first.stderr
        before = image_rows(url)
        refused = run_crawl(home, mirror, "limit=4")  # the default store and size now differ
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"scrapy crawl bam_images: this database's images are stored in {store} at longest side 96, not "
        f"{home / 'images'} at 256; use the recorded IMAGES_STORE and IMAGES_LONGEST_SIDE, or add "
        "-s IMAGES_STORE_FORCE=1 to record the new ones"]
    assert image_rows(url).equals(before) and not (home / "images").exists()

    done = before[before["status"] == "done"]
    assert len(done) == 4
    for path in done["path"]:
        with Image.open(store / path) as image:
            assert max(image.size) == 96
    # every reader sees what the crawl wrote, whatever its own configuration says
    seen = recorded_store(open_database(url), resolve(home=home))
    assert (seen.images.address("x.jpg"), seen.longest_side) == (str(store / "x.jpg"), 96)
    import classifier.samples  # a reader of the store without TensorFlow

    asked = []
    monkeypatch.setattr(classifier.samples, "labelled_images",
                        lambda engine, images: asked.append(images.location) or labelled_images(engine, images))
    classifier.samples.sample_grids(resolve(home=home), per_class=1)
    assert asked == [str(store)]


def test_a_crawl_waits_for_another_hosts_claims_saying_whose_and_until_when(world, tmp_path):
    from sqlalchemy import update

    from storage.bam_import import import_bam
    from storage.claims import WorkQueue, now_and_later
    from storage.models import Image

    home = tmp_path / "home"
    url = f"sqlite:///{home / 'medium.db'}"
    import_bam(world.bam_path, url, progress=False)
    engine = open_database(url)
    held = WorkQueue(engine, "bam", worker="another-host:4242:abcdef", lease_seconds=600).claim(1000)
    with running_server(world.directory) as mirror:
        crawl = start_crawl(home, mirror, "limit=5", settings={"CLAIM_POLL_SECONDS": "1"})
        waiting = crawl.stdout.readline()  # blocks until the crawler says something: it can only wait
        with engine.begin() as connection:  # the other host's lease runs out
            connection.execute(update(Image).values(lease_until=now_and_later(-1)))
        output = waiting + crawl.communicate(timeout=120)[0]
    assert crawl.returncode == 0, output
    assert f"WARNING: waiting for other crawlers: {len(held)} images held by pid 4242 on another-host until " in waiting
    assert "medium release-claims --stale" in waiting
    rows = image_rows(url).set_index("id")
    assert set(rows.loc[[claim.id for claim in held[:5]], "status"]) == {"done"}  # taken over once the lease ran out
