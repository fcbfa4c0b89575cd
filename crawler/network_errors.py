"""A network failure is the outside world's condition, not a bug of ours: log its one line.

Scrapy's robots.txt middleware logs a failed robots.txt download with its traceback (~30
lines for a refused connection); RetryMiddleware and our spiders log the same failures in one
line. This filter drops the traceback of such records, keeping their message.
"""

from __future__ import annotations

import logging

from scrapy import exceptions
from twisted.internet import error as twisted_errors

NETWORK_ERRORS = (
    exceptions.DownloadConnectionRefusedError, exceptions.CannotResolveHostError, exceptions.DownloadTimeoutError,
    exceptions.DownloadFailedError, exceptions.ResponseDataLossError,
    twisted_errors.ConnectError, twisted_errors.DNSLookupError, twisted_errors.TimeoutError,
    twisted_errors.ConnectionLost, ConnectionError, TimeoutError,
)
LOGGERS_WITH_TRACEBACKS = ("scrapy.downloadermiddlewares.robotstxt",)


class OneLineNetworkErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = record.exc_text = None
        return True


def keep_network_errors_to_one_line() -> None:
    for name in LOGGERS_WITH_TRACEBACKS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, OneLineNetworkErrors) for existing in logger.filters):
            logger.addFilter(OneLineNetworkErrors())
