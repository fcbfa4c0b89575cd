"""Item pipelines: store each downloaded picture off the reactor thread, then batch the
status writes.

Scrapy's stock ImagesPipeline decodes and resizes on the reactor thread, so a crawl
tops out at one core. Here a pool of worker processes, one per core, decodes, resizes,
encodes and writes (see crawler/workers.py), and the reactor only moves bytes. (A thread
pool was measured too: on 2 cores about as fast, but the Python around Pillow shares one
GIL with the reactor, so it cannot use many cores the way processes do.)
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scrapy.utils.asyncio import create_looping_call, run_in_thread
from scrapy.utils.defer import deferred_from_coro

from crawler.items import DownloadedImage, ImageOutcome
from crawler.resources import crawl_config
from crawler.workers import image_pool
from storage.imaging import InvalidImage, remove_abandoned_writes, store_image
from storage.models import Status

logger = logging.getLogger(__name__)

INCOMING = ".incoming"  # unfinished writes; nothing under a final name is ever partial


def relative_path(source: str, source_id: str) -> str:
    """`<source>/<shard>/<id>.jpg`: 256 shards keep folders small for millions of files."""
    shard = hashlib.md5(source_id.encode()).hexdigest()[:2]
    return f"{source}/{shard}/{source_id}.jpg"


class StoreImagePipeline:
    """DownloadedImage → ImageOutcome (done, or invalid with the reason)."""

    def __init__(self, store: Path, *, longest: int, quality: int, max_pixels: int, workers: int) -> None:
        self.store = store
        self.incoming = store / INCOMING
        self.options = {"longest": longest, "quality": quality, "max_pixels": max_pixels}
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            Path(settings.get("IMAGES_STORE") or crawl_config(settings).images_dir),
            longest=settings.getint("IMAGES_LONGEST_SIDE"),
            quality=settings.getint("IMAGES_JPEG_QUALITY"),
            max_pixels=settings.getint("IMAGES_MAX_PIXELS"),
            workers=settings.getint("IMAGE_WORKERS") or os.cpu_count() or 1,
        )

    def open_spider(self) -> None:
        self.incoming.mkdir(parents=True, exist_ok=True)
        remove_abandoned_writes(self.incoming)
        self.pool = image_pool(self.workers)

    def close_spider(self) -> None:
        self.pool.shutdown(wait=True)

    async def process_item(self, item):
        if not isinstance(item, DownloadedImage):
            return item
        path = relative_path(item.source, item.source_id)
        outcome = ImageOutcome(item.id, Status.DONE, item.attempts, item.http_status, final_url=item.final_url)
        job = self.pool.submit(store_image, item.body, self.store / path, temp_dir=self.incoming, **self.options)
        try:
            stored = await asyncio.wrap_future(job)  # Scrapy's default asyncio reactor
        except InvalidImage as error:
            return dataclasses.replace(outcome, status=Status.INVALID, error=str(error))
        return dataclasses.replace(outcome, path=path, **dataclasses.asdict(stored))


class StatusPipeline:
    """Write outcomes to the status database in batches, one transaction each.

    A crash loses at most the unwritten batch; its rows stay claimed and return to the
    pool when their lease ends. Counts per status go to the crawl stats.
    """

    def __init__(self, crawler, flush_rows: int, flush_seconds: float) -> None:
        self.crawler = crawler
        self.flush_rows = flush_rows
        self.flush_seconds = flush_seconds
        self.pending: list[dict] = []
        self.ticker = create_looping_call(self._tick)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("STATUS_FLUSH_ROWS"),
                   crawler.settings.getfloat("STATUS_FLUSH_SECONDS"))

    def open_spider(self) -> None:
        self.queue = self.crawler.spider.queue
        self.ticker.start(self.flush_seconds, now=False)

    async def process_item(self, item):
        if isinstance(item, ImageOutcome):
            self.pending.append(dataclasses.asdict(item))
            self.crawler.stats.inc_value(f"medium/status/{item.status}")
            if len(self.pending) >= self.flush_rows:
                await self.flush()
        return item

    async def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            await run_in_thread(self.queue.record, batch)

    def _tick(self) -> None:
        deferred_from_coro(self.flush()).addErrback(
            lambda failure: logger.error("status write failed; its rows return after their lease: %s",
                                         failure.getErrorMessage()))

    async def close_spider(self) -> None:
        if self.ticker.running:
            self.ticker.stop()
        await self.flush()
        released = await run_in_thread(self.queue.release)
        if released:
            logger.info("gave %d unfinished claims back to the pool", released)
