"""Downloader middleware: a 429 or 503 that says `Retry-After` is retried after that long.

Scrapy's RetryMiddleware retries them at once, which a CDN that asked us to back off reads as
a client that does not listen. This middleware sits just before it (nearer the downloader), so
it sees the answer first: when RetryMiddleware is going to retry it, it waits what the server
asked, at most `RETRY_AFTER_MAX` seconds, then lets RetryMiddleware do the rest. The wait holds
the request's place in the downloader, so a server that says "wait" slows the whole crawl down.
"""

from __future__ import annotations

import email.utils
import time

from scrapy.utils.asyncio import sleep

from crawler.arguments import positive_number, setting

HONOURED = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds from `Retry-After` (delay-seconds or an HTTP date), or None when absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # HTTP dates are GMT
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware:
    def __init__(self, crawler, most: float) -> None:
        self.crawler = crawler
        self.most = most
        settings = crawler.settings
        self.retries = settings.getint("RETRY_TIMES") if settings.getbool("RETRY_ENABLED") else 0
        self.retried_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, setting(crawler.settings, "RETRY_AFTER_MAX", positive_number))

    async def process_response(self, request, response):
        if response.status not in HONOURED or response.status not in self.retried_codes:
            return response
        if request.meta.get("dont_retry") or request.meta.get("retry_times", 0) >= request.meta.get(
                "max_retry_times", self.retries):
            return response  # RetryMiddleware gives up on it: nothing to wait for
        seconds = retry_after_seconds(response.headers.get("Retry-After"))
        if seconds:
            waited = min(seconds, self.most)
            self.crawler.stats.inc_value("medium/retry_after/waits")
            self.crawler.stats.inc_value("medium/retry_after/seconds", waited)
            await sleep(waited)
        return response
