"""Progress of an image crawl: counts per status and images/s, periodically and at the end."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from storage.models import Status

logger = logging.getLogger(__name__)


class CrawlProgress:
    def __init__(self, stats, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.started = time.monotonic()
        self.ticker = create_looping_call(self.log)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("LOGSTATS_INTERVAL")
        if not interval:
            raise NotConfigured
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def counts(self) -> dict[str, int]:
        return {status.value: self.stats.get_value(f"medium/status/{status.value}", 0) for status in Status.terminal()}

    def images_per_second(self) -> float:
        return round(sum(self.counts().values()) / max(time.monotonic() - self.started, 1e-9), 2)

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.ticker.start(self.interval, now=False)

    def log(self) -> None:
        counts = ", ".join(f"{status} {n:,}" for status, n in self.counts().items())
        logger.info("images: %s (%.1f images/s)", counts, self.images_per_second())

    def spider_closed(self) -> None:
        if self.ticker.running:
            self.ticker.stop()
        self.stats.set_value("medium/images_per_second", self.images_per_second())
        self.log()
