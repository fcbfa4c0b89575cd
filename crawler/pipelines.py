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
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy.utils.asyncio import create_looping_call, run_in_thread
from scrapy.utils.defer import deferred_from_coro

from crawler.arguments import boolean, positive_int, positive_number, setting
from crawler.bad_input import closing_on_bad_input
from crawler.items import DownloadedImage, ImageOutcome
from crawler.resources import crawl_config
from crawler.workers import image_pool, kill_workers, store_picture, usable_cpus
from storage.config import Config
from storage.image_store import ImageStore
from storage.imaging import InvalidImage, encode_image
from storage.models import Status
from storage.store import record_store

logger = logging.getLogger(__name__)

def relative_path(source: str, source_id: str) -> str:
    """`<source>/<shard>/<id>.jpg`: 256 shards keep folders small for millions of files."""
    shard = hashlib.md5(source_id.encode()).hexdigest()[:2]
    return f"{source}/{shard}/{source_id}.jpg"


class WorkerDied(Exception):
    """An image worker process died (a crash, a kill) while storing this picture."""


class StoreImagePipeline:
    """DownloadedImage → ImageOutcome: done; invalid with the reason; or failed with the
    reason when storing broke (a full disk, a worker that died). A dead worker breaks the
    whole process pool; the pool is rebuilt and the crawl goes on. A picture that takes longer
    than `IMAGE_DECODE_TIMEOUT` is `invalid`, its pool's workers are killed and replaced (a
    hung decode would otherwise hold its claim and the crawl's end for ever)."""

    def __init__(self, crawler, config: Config, *, quality: int, max_pixels: int, workers: int,
                 uploads: int, force: bool, decode_timeout: float) -> None:
        self.crawler = crawler
        self.config = config
        self.store: ImageStore | None = None  # once the crawl opens
        self.options = {"longest": config.longest_side, "quality": quality, "max_pixels": max_pixels}
        self.workers = workers
        self.uploads = uploads
        self.force = force
        self.decode_timeout = decode_timeout
        self.slots = asyncio.Semaphore(workers)  # one picture per worker: the clock runs while it decodes, not queued
        self.pool: ProcessPoolExecutor | None = None
        self.uploaders: ThreadPoolExecutor | None = None  # for an object store

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler, crawl_config(settings),
            quality=setting(settings, "IMAGES_JPEG_QUALITY", positive_int),
            max_pixels=setting(settings, "IMAGES_MAX_PIXELS", positive_int),
            workers=setting(settings, "IMAGE_WORKERS", positive_int, usable_cpus()),
            uploads=setting(settings, "IMAGE_UPLOADS", positive_int),
            force=setting(settings, "IMAGES_STORE_FORCE", boolean, False),
            decode_timeout=setting(settings, "IMAGE_DECODE_TIMEOUT", positive_number),
        )

    def open_spider(self) -> None:
        # an unreachable database or store, another recorded store, a file in the way: before any claim
        with closing_on_bad_input(self.crawler):
            self.store = record_store(self.crawler.spider.database, self.config, force=self.force).images
        if self.store.remote:
            self.uploaders = ThreadPoolExecutor(self.uploads, thread_name_prefix="upload")
        self.pool = image_pool(self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        if self.uploaders is not None:
            self.uploaders.shutdown(wait=True)

    async def process_item(self, item):
        if not isinstance(item, DownloadedImage):
            return item
        path = relative_path(item.source, item.source_id)
        outcome = ImageOutcome(item.id, Status.DONE, item.attempts, item.http_status, final_url=item.final_url)
        try:
            stored = await self._store(item.body, path)
        except InvalidImage as error:
            return dataclasses.replace(outcome, status=Status.INVALID, error=str(error))
        except Exception as error:  # noqa: BLE001 - whatever broke, the row gets its reason and the crawl goes on
            return dataclasses.replace(outcome, status=Status.FAILED, error=f"not stored: {_reason(error)}")
        return dataclasses.replace(outcome, path=path, **dataclasses.asdict(stored))

    async def _store(self, body: bytes, path: str):
        """Decode, resize and write in the pool (a local store), or decode and resize there and
        upload from a thread (an object store: a worker would otherwise idle through each PUT)."""
        if self.uploaders is None:
            return await self._in_pool(store_picture, self.store, path, body, **self.options)
        data, stored = await self._in_pool(encode_image, body, **self.options)
        await asyncio.wrap_future(self.uploaders.submit(self.store.write, path, data))
        return stored

    async def _in_pool(self, function, *args, **kwargs):
        """Run `function` in the pool; once more on a fresh pool if a worker died (the picture
        in hand may not be the one that killed it)."""
        async with self.slots:
            for _ in range(2):
                pool = self.pool
                try:
                    future = pool.submit(function, *args, **kwargs)
                    return await asyncio.wait_for(asyncio.wrap_future(future), self.decode_timeout)
                except TimeoutError:
                    self.crawler.stats.inc_value("medium/decode_timeouts")
                    self._replace(pool, f"a picture took longer than {self.decode_timeout:g} s")
                    raise InvalidImage(f"decode took longer than {self.decode_timeout:g} s") from None
                except BrokenProcessPool:
                    if self.pool is pool:
                        self.crawler.stats.inc_value("medium/worker_pool_restarts")
                    self._replace(pool, "an image worker died")
        raise WorkerDied("an image worker died while storing it, twice")

    def _replace(self, broken: ProcessPoolExecutor, why: str) -> None:
        if self.pool is not broken:  # another item already replaced it
            return
        logger.warning("%s; starting %d fresh image workers", why, self.workers)
        self.pool = image_pool(self.workers)
        kill_workers(broken)


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class StatusPipeline:
    """Write outcomes to the status database in batches, one transaction each.

    A crash loses at most the unwritten batch; its rows stay claimed and return to the
    pool when their lease ends (or when the next crawler on this host finds this one dead).
    Counts per status go to the crawl stats.
    """

    def __init__(self, crawler, flush_rows: int, flush_seconds: float) -> None:
        self.crawler = crawler
        self.flush_rows = flush_rows
        self.flush_seconds = flush_seconds
        self.pending: list[dict] = []
        self.queue = None  # the spider's WorkQueue, once the crawl has opened
        self.ticker = create_looping_call(self._tick)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("STATUS_FLUSH_ROWS"),
                   crawler.settings.getfloat("STATUS_FLUSH_SECONDS"))

    def open_spider(self) -> None:
        with closing_on_bad_input(self.crawler):
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
        if not batch:
            return
        refused = len(batch) - await run_in_thread(self.queue.record, batch)
        if refused:
            self.crawler.stats.inc_value("medium/refused", refused)
            logger.warning("%d results not written: their lease ran out and another crawler took those images over",
                           refused)

    def _tick(self) -> None:
        deferred_from_coro(self.flush()).addErrback(
            lambda failure: logger.error("status write failed; its rows return after their lease: %s",
                                         failure.getErrorMessage()))

    async def close_spider(self) -> None:
        if self.ticker.running:
            self.ticker.stop()
        if self.queue is None:  # the crawl never opened
            return
        await self.flush()
        released = await run_in_thread(self.queue.release)
        self.crawler.stats.set_value("medium/released", released)
        if released:
            logger.info("gave %d unfinished claims back to the pool", released)
