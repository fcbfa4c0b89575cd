"""How a failed request becomes a row's fate: gone (missing), given up (failed) or unusable (invalid)."""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import ImageOutcome
from storage.models import Status

GONE = (404, 410)  # never retried


def attempts_of(request) -> int:
    return request.meta.get("retry_times", 0) + 1


def outcome_of_failure(failure: Failure, image_id: int) -> ImageOutcome:
    request = failure.request
    attempts = attempts_of(request)
    if failure.check(HttpError):
        code = failure.value.response.status
        if code in GONE:
            return ImageOutcome(image_id, Status.MISSING, attempts, code, f"HTTP {code}")
        return ImageOutcome(image_id, Status.FAILED, attempts, code, f"HTTP {code} after {attempts} attempt(s)")
    if failure.check(DownloadCancelledError):  # over DOWNLOAD_MAXSIZE
        return ImageOutcome(image_id, Status.INVALID, attempts, error=f"too large: {failure.value}")
    if failure.check(IgnoreRequest):  # robots.txt, too many redirects
        return ImageOutcome(image_id, Status.FAILED, attempts, error=str(failure.value) or "request ignored")
    error = f"{type(failure.value).__name__}: {failure.value}".strip().rstrip(":")
    return ImageOutcome(image_id, Status.FAILED, attempts, error=f"{error} after {attempts} attempt(s)")
