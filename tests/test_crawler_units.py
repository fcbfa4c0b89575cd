"""The crawler's small parts: the mirror rewrite, failure classification, store paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionDone, ConnectionRefusedError, TimeoutError
from twisted.python.failure import Failure

from crawler.arguments import boolean, number, parse_arguments, positive_int
from crawler.middlewares import BehanceMirrorMiddleware
from crawler.outcomes import TOO_LARGE, outcome_of_failure
from storage.errors import UserError
from crawler.pipelines import relative_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("url", "expected"), [
    ("https://mir-s3-cdn-cf.behance.net/project_modules/disp/8f69a81004.55f726597e324.jpg",
     "http://127.0.0.1:8800/project_modules/disp/8f69a81004.55f726597e324.jpg"),
    ("https://behance.net/a.png?x=1", "http://127.0.0.1:8800/a.png?x=1"),
    ("https://example.org/a.jpg", "https://example.org/a.jpg"),
    ("https://notbehance.net/a.jpg", "https://notbehance.net/a.jpg"),
])
def test_mirror_rewrites_behance_hosts_only(url, expected):
    middleware = BehanceMirrorMiddleware("http://127.0.0.1:8800/")
    request = Request(url, cb_kwargs={"claim": 1})
    rewritten = middleware.rewrite(request)
    assert rewritten.url == expected and rewritten.cb_kwargs == {"claim": 1}
    assert middleware.rewrite({"an": "item"}) == {"an": "item"}


def failure_for(error: Exception, retries: int = 0) -> Failure:
    failure = Failure(error)
    failure.request = Request("https://example.org/a.jpg", meta={"retry_times": retries})
    return failure


def test_gone_is_missing_and_other_http_errors_fail_with_the_attempts():
    request = Request("https://example.org/a.jpg")
    for code, status in ((404, "missing"), (410, "missing"), (503, "failed"), (403, "failed")):
        response = Response(request.url, status=code, request=request)
        outcome = outcome_of_failure(failure_for(HttpError(response, "nope"), retries=2), 7)
        assert (outcome.id, outcome.status, outcome.http_status) == (7, status, code)
    assert outcome.attempts == 3 and outcome.error == "HTTP 403 after 3 attempt(s)"


@pytest.mark.parametrize(("error", "words"), [
    (ConnectionRefusedError("nobody home"), "connection refused"),
    (DownloadConnectionRefusedError("nobody home"), "connection refused"),
    (DownloadTimeoutError("slow"), "timed out"),
    (TimeoutError("slow"), "timed out"),
    (DownloadFailedError("reset"), "connection lost"),
    (ConnectionDone(), "connection lost"),
    (ZeroDivisionError("odd"), "download failed"),
])
def test_network_errors_fail_in_our_words(error, words):
    outcome = outcome_of_failure(failure_for(error, retries=1), 1)
    assert outcome.status == "failed" and outcome.attempts == 2 and outcome.http_status is None
    assert outcome.error == f"{words} after 2 attempt(s) ({type(error).__name__})"


def test_a_download_cancelled_for_its_size_is_invalid():
    outcome = outcome_of_failure(failure_for(DownloadCancelledError("big")), 3)
    assert (outcome.status, outcome.error) == ("invalid", f"{TOO_LARGE}: over DOWNLOAD_MAXSIZE")


def test_spider_arguments_are_parsed_strictly():
    declared = {"limit": positive_int, "retry_failed": boolean, "min_score": number}
    assert parse_arguments("s", declared, {"limit": "5", "retry_failed": "yes", "min_score": "-2.5"}) == \
        {"limit": 5, "retry_failed": True, "min_score": -2.5}
    for given, message in (({"limt": "5"}, "s has no argument 'limt'; it takes limit, min_score, retry_failed"),
                           ({"min_score": "nan"}, "-a min_score must be a finite number, not 'nan'"),
                           ({"retry_failed": "2"}, "-a retry_failed must be 1 or 0 (yes or no), not '2'")):
        with pytest.raises(UserError) as raised:
            parse_arguments("s", declared, given)
        assert str(raised.value) == message


def test_store_paths_are_sharded_and_stable():
    assert relative_path("bam", "123") == relative_path("bam", "123")
    source, shard, name = relative_path("bam", "123").split("/")
    assert (source, len(shard), name) == ("bam", 2, "123.jpg")
    shards = {relative_path("bam", str(i)).split("/")[1] for i in range(5000)}
    assert len(shards) == 256


def test_an_image_worker_exits_when_its_crawler_is_gone():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a crawler that has died: its pid names no process now
    worker = subprocess.Popen([sys.executable, "-c", (
        "import time; from crawler.workers import exit_with; "
        f"exit_with({gone.pid}); time.sleep(120)")], cwd=PROJECT_ROOT)
    assert worker.wait(timeout=30) == 0  # left by itself, it would sleep for two minutes


def test_an_image_worker_stays_while_its_crawler_lives():
    worker = subprocess.Popen([sys.executable, "-c", (
        "import time; from crawler.workers import exit_with, WATCH_SECONDS; "
        f"exit_with({os.getpid()}); time.sleep(3 * WATCH_SECONDS); print('still here')")],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert worker.communicate(timeout=30)[0].strip() == "still here"
