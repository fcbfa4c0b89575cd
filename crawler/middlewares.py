"""Spider middleware that points Behance CDN requests at a mirror (`BEHANCE_MIRROR`).

The sample world's loopback server imitates the CDN; this one setting is the only
place that knows. Requests are rewritten on their way out of the spider, before the
scheduler sees them: a downloader middleware would send every request through the
scheduler twice. Any other host is left alone.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured

from storage.errors import UserError

BEHANCE_DOMAIN = "behance.net"


def behance_mirror(settings) -> str | None:
    """`-s BEHANCE_MIRROR`, else `$MEDIUM_BEHANCE_MIRROR`, checked; None when neither is set."""
    setting, mirror = "-s BEHANCE_MIRROR", settings.get("BEHANCE_MIRROR")
    if not mirror:
        setting, mirror = "MEDIUM_BEHANCE_MIRROR", os.environ.get("MEDIUM_BEHANCE_MIRROR")
    if not mirror:
        return None
    parts = urlsplit(mirror)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"{setting} must be an http(s) URL such as http://127.0.0.1:8800, not {mirror!r}")
    return mirror


class BehanceMirrorMiddleware:
    def __init__(self, mirror: str) -> None:
        self.mirror = mirror.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler):
        mirror = behance_mirror(crawler.settings)
        if not mirror:
            raise NotConfigured  # silently: most crawls have no mirror
        return cls(mirror)

    async def process_start(self, start):
        async for item_or_request in start:
            yield self.rewrite(item_or_request)

    async def process_spider_output_async(self, response, result):
        async for item_or_request in result:
            yield self.rewrite(item_or_request)

    def process_spider_output(self, response, result):
        for item_or_request in result:
            yield self.rewrite(item_or_request)

    def rewrite(self, item_or_request):
        if not isinstance(item_or_request, Request):
            return item_or_request
        parts = urlsplit(item_or_request.url)
        host = parts.hostname or ""
        if host != BEHANCE_DOMAIN and not host.endswith("." + BEHANCE_DOMAIN):
            return item_or_request
        query = f"?{parts.query}" if parts.query else ""
        return item_or_request.replace(url=f"{self.mirror}{parts.path}{query}")
