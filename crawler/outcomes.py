"""How a failed request becomes a row's fate: gone (missing), given up (failed) or unusable
(invalid), in our own words (a library's message changes with its version; the type name
goes in brackets for whoever debugs)."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_errors
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from crawler.addresses import AddressRefused
from crawler.items import ImageOutcome
from storage.models import Status

GONE = (404, 410)  # never retried
TOO_LARGE = "too large"  # over DOWNLOAD_MAXSIZE
TOO_MANY_REDIRECTS = "too many redirects"
NETWORK_FAILURES = (  # what the errors a download can end with mean, in our words
    ((DownloadTimeoutError, tx_errors.TimeoutError), "timed out"),
    ((DownloadConnectionRefusedError, tx_errors.ConnectionRefusedError), "connection refused"),
    ((CannotResolveHostError, tx_errors.DNSLookupError), "host not found"),
    ((DownloadFailedError, ResponseDataLossError, ResponseFailed, ResponseNeverReceived,
      tx_errors.ConnectionDone, tx_errors.ConnectionLost), "connection lost"),
)


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
    if failure.check(DownloadCancelledError):  # over DOWNLOAD_MAXSIZE (a crawl that stops sends none here)
        return ImageOutcome(image_id, Status.INVALID, attempts, error=f"{TOO_LARGE}: over DOWNLOAD_MAXSIZE")
    if failure.check(AddressRefused):
        return ImageOutcome(image_id, Status.INVALID, attempts, error=str(failure.value))
    if failure.check(IgnoreRequest):
        why = TOO_MANY_REDIRECTS if request.meta.get("redirect_times") else "not fetched: robots.txt or a middleware said no"
        return ImageOutcome(image_id, Status.FAILED, attempts, error=why)
    words = next((words for types, words in NETWORK_FAILURES if failure.check(*types)), "download failed")
    return ImageOutcome(image_id, Status.FAILED, attempts,
                        error=f"{words} after {attempts} attempt(s) ({type(failure.value).__name__})")
