"""Keep each crawl's summary after its process ends: Scrapy's stats die with the crawler,
and the status database knows each image's fate but not when a crawl ran nor how fast.

At spider close the last crawl of the spider goes to `$MEDIUM_HOME/crawls/<spider>.json`
(see `storage.records`): when it ran, why it ended, images per status, images/s and bytes
downloaded. `medium report` shows it. A crawl refused for bad input, or one that found
nothing to fetch (a re-run), leaves the record of the last crawl that fetched images.
"""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy import signals

from crawler.bad_input import STOP_STATUS
from crawler.resources import crawl_config
from storage.models import Status
from storage.records import record_crawl


class CrawlRecord:
    def __init__(self, home, stats) -> None:
        self.home = home
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawl_config(crawler.settings).home, crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason: str) -> None:
        images = {status.value: self.stats.get_value(f"medium/status/{status.value}", 0) for status in Status.terminal()}
        if reason in STOP_STATUS or not any(images.values()):
            return  # a stop with its sentence writes nothing; nothing fetched keeps the last real crawl's record
        finished = datetime.now(timezone.utc)
        started = self.stats.get_value("start_time") or finished
        seconds = (finished - started).total_seconds()
        record_crawl(self.home, spider.name, {
            "spider": spider.name, "source": getattr(spider, "source", None), "finish_reason": reason,
            "started": started.isoformat(timespec="seconds"), "finished": finished.isoformat(timespec="seconds"),
            "seconds": round(seconds, 1), "images": images,
            "images_per_second": round(sum(images.values()) / seconds, 2) if seconds > 0 else None,
            "response_bytes": self.stats.get_value("downloader/response_bytes", 0),
        })
