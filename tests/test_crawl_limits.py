"""The crawl within its limits: a decode that hangs is cut off and the crawl ends; the image
pool is as large as the CPUs the process may use, not the host's."""

from __future__ import annotations

import os
import signal

import pytest
from scrapy.utils.test import get_crawler

from crawler.pipelines import StoreImagePipeline
from crawling import image_rows, image_workers, start_crawl, wait_for_done_rows
from sampleworld import build_world, running_server


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("limits") / "world", 60, seed=3)


@pytest.mark.slow
def test_a_hung_decode_is_invalid_its_worker_is_replaced_and_the_crawl_ends(world, tmp_path):
    home = tmp_path / "home"
    settings = {"IMAGE_WORKERS": "1", "IMAGE_DECODE_TIMEOUT": "3", "CONCURRENT_REQUESTS": "2",
                "DOWNLOAD_DELAY": "0.05", "CLAIM_BATCH_SIZE": "8", "STATUS_FLUSH_ROWS": "4"}
    with running_server(world.directory) as mirror:
        crawl = start_crawl(home, mirror, f"bam={world.bam_path}", settings=settings)
        try:
            wait_for_done_rows(home / "medium.db", at_least=5, process=crawl)
            [worker] = image_workers(crawl.pid)
            os.kill(worker, signal.SIGSTOP)  # as a decoder stuck in a loop: alive, never answering
            output = crawl.communicate(timeout=150)[0]
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    assert crawl.returncode == 0, output
    rows = image_rows(f"sqlite:///{home / 'medium.db'}")
    crawled = rows[~rows["error"].fillna("").str.startswith("dead link")]
    hung = crawled[crawled["status"] == "invalid"]
    assert len(hung) == 1 and hung["error"].tolist() == ["decode took longer than 3 s"]
    assert set(crawled.drop(hung.index)["status"]) == {"done"}  # the fresh worker stored every later picture
    assert "1 picture(s) took longer than IMAGE_DECODE_TIMEOUT" in output and "Traceback" not in output


def test_the_image_pool_is_sized_by_the_cpus_this_process_may_use(tmp_path):
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})  # as `taskset -c 0` or a container's cpuset would
    try:
        crawler = get_crawler(settings_dict={"MEDIUM_HOME": str(tmp_path), "IMAGES_JPEG_QUALITY": 90,
                                             "IMAGES_MAX_PIXELS": 1000, "IMAGE_DECODE_TIMEOUT": 30})
        assert StoreImagePipeline.from_crawler(crawler).workers == 1
    finally:
        os.sched_setaffinity(0, allowed)
