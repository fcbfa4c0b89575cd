"""What a person sees of an image crawl: a compact progress line now and then (stderr),
and at the end a short summary (stdout): counts per status, images/s, where the files
went and what to run next. Scrapy's own log stays for `-L INFO` or `-L DEBUG`."""

from __future__ import annotations

import sys
import time

from scrapy import signals

from crawler.bad_input import STOP_STATUS
from storage.models import Status


class CrawlProgress:
    def __init__(self, crawler, interval: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.started = time.monotonic()
        self.opened = False
        self.ticker = None

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler, crawler.settings.getfloat("LOGSTATS_INTERVAL"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def counts(self) -> dict[str, int]:
        return {status.value: self.stats.get_value(f"medium/status/{status.value}", 0) for status in Status.terminal()}

    def seconds(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def images_per_second(self) -> float:
        return round(sum(self.counts().values()) / self.seconds(), 2)

    def spider_opened(self) -> None:
        from scrapy.utils.asyncio import create_looping_call

        self.opened = True
        self.started = time.monotonic()
        if self.interval:
            self.ticker = create_looping_call(self.progress)
            self.ticker.start(self.interval, now=False)

    def line(self) -> str:
        counts = self.counts()
        shown = ", ".join(f"{status} {n:,}" for status, n in counts.items() if n)
        return f"{sum(counts.values()):,} images ({shown or 'none yet'}), {self.images_per_second():.1f} images/s"

    def progress(self) -> None:
        print(f"{self.crawler.spider.name}: {self.line()}", file=sys.stderr, flush=True)

    def spider_closed(self, reason: str) -> None:
        if self.ticker is not None and self.ticker.running:
            self.ticker.stop()
        self.stats.set_value("medium/images_per_second", self.images_per_second())
        if self.opened and reason not in STOP_STATUS:  # a crawl that stopped with a sentence has it instead
            print(self.summary(reason), flush=True)

    def summary(self, reason: str) -> str:
        spider = self.crawler.spider
        name = spider.name
        lines = [f"{name}: {self.line()} in {self.seconds():.0f} s"]
        config = getattr(spider, "config", None)
        if config is not None:
            lines.append(f"  stored in {config.images_location} (longest side {config.longest_side}); "
                         f"statuses in {_shown(config.db_url)}")
        restarts = self.stats.get_value("medium/worker_pool_restarts", 0)
        if restarts:
            lines.append(f"  image workers died and were restarted {restarts} time(s); "
                         "the images they held are `failed` if storing failed again")
        timeouts = self.stats.get_value("medium/decode_timeouts", 0)
        if timeouts:
            lines.append(f"  {timeouts} picture(s) took longer than IMAGE_DECODE_TIMEOUT: `invalid`, their image "
                         "workers replaced")
        refused = self.stats.get_value("medium/refused", 0)
        if refused:
            lines.append(f"  {refused:,} results were not written: another crawler had taken those images over")
        released = self.stats.get_value("medium/released", 0)
        if reason != "finished":
            lines.append(f"  stopped ({reason}); {released:,} unfinished image{'' if released == 1 else 's'} "
                         "went back to pending: run the same command to go on")
        elif self.counts()[Status.FAILED]:
            lines.append(f"  to try failed images again: scrapy crawl {name} -a retry_failed=1")
        lines.append("  next: medium status, then medium samples or medium train")
        return "\n".join(lines)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
