"""The crawl within its limits: a decode that hangs is cut off and the crawl ends; the image
pool is as large as the CPUs the process may use, not the host's; a server that says
Retry-After is waited for (within a cap), and the BAM crawl backs off with AutoThrottle."""

from __future__ import annotations

import io
import os
import signal

import pytest
from crawling import image_rows, image_workers, start_crawl, wait_for_done_rows
from PIL import Image
from portal import crawl_portal, geojson, serve, stop
from scrapy.utils.test import get_crawler

from crawler.pipelines import StoreImagePipeline
from crawler.retry_after import retry_after_seconds
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


def test_retry_after_is_read_as_seconds_or_an_http_date():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2026 07:28:05 GMT", now=1792567680.0) == 5.0
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None


@pytest.mark.slow
def test_a_429_or_503_is_retried_after_its_retry_after_capped(tmp_path):
    portal = serve()
    try:
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 40, 40)).save(picture, "PNG")
        ok = (200, {"Content-Type": "image/png"}, picture.getvalue())
        portal.files = {
            "/art.geojson": [(200, {}, geojson([f"{portal.base}/busy.png", f"{portal.base}/down.png"]))],
            "/busy.png": [(429, {"Retry-After": "2"}, b"slow down"), ok],
            "/down.png": [(503, {"Retry-After": "86400"}, b"maintenance"), ok],  # a day: capped
        }
        result = crawl_portal(tmp_path, f"{portal.base}/art.geojson",
                              settings={"RETRY_TIMES": "1", "RETRY_AFTER_MAX": "1", "LOG_LEVEL": "INFO"})
    finally:
        stop(portal)
    assert result.returncode == 0, result.stderr[-3000:]
    asked = {path: [moment for seen, moment in portal.requests if seen == path] for path in ("/busy.png", "/down.png")}
    assert all(len(moments) == 2 for moments in asked.values()), asked
    assert asked["/busy.png"][1] - asked["/busy.png"][0] >= 1.0  # RETRY_AFTER_MAX=1 caps Retry-After: 2
    assert asked["/down.png"][1] - asked["/down.png"][0] >= 1.0
    assert "'medium/retry_after/waits': 2" in result.stderr and "'medium/retry_after/seconds': 2.0" in result.stderr
    assert "'medium/status/done': 2" in result.stderr


def test_bam_images_is_autothrottled_like_public_art():
    from crawler import settings
    from crawler.spiders.bam_images import BamImagesSpider

    crawler = get_crawler(BamImagesSpider, {name: getattr(settings, name) for name in dir(settings) if name.isupper()})
    assert crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
    assert crawler.settings.getfloat("AUTOTHROTTLE_START_DELAY") == 0
    assert crawler.settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == settings.CONCURRENT_REQUESTS_PER_DOMAIN
