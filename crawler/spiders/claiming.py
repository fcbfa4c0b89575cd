"""The part every image-fetching spider shares: claim pending rows of one source from the
status database in batches, request each image, and turn each answer into an item.

`bam_images` and `public_art` subclass `ClaimingSpider`; their pictures go through the same
pipelines (StoreImagePipeline, StatusPipeline) into the same store, with the same statuses.
A batch is claimed only when Scrapy's scheduler has run dry, so millions of pending rows
never sit in memory and several crawlers share the work.
"""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy import signals
from scrapy.utils.asyncio import run_in_thread, sleep

from crawler.items import DownloadedImage
from crawler.outcomes import attempts_of, outcome_of_failure
from crawler.resources import crawl_config
from storage.claims import Claim, WorkQueue
from storage.db import open_database


class ClaimingSpider(scrapy.Spider):
    """Base class: set `source` (the `images.source` it fetches); yield from
    `claimed_requests()` in `start()` or after the spider's own pages."""

    source: str
    limit: int | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.config = crawl_config(settings)
        spider.queue = WorkQueue(open_database(spider.config.db_url), cls.source,
                                 lease_seconds=settings.getfloat("CLAIM_LEASE_SECONDS"))
        spider.batch_size = settings.getint("CLAIM_BATCH_SIZE")
        spider.poll_seconds = settings.getfloat("CLAIM_POLL_SECONDS")
        return spider

    async def claimed_requests(self):
        """Requests for claimed images, a batch at a time, until nothing is left to claim
        (or `self.limit` images were claimed)."""
        claimed = 0
        while self.limit is None or claimed < self.limit:
            wanted = self.batch_size if self.limit is None else min(self.batch_size, self.limit - claimed)
            batch = await run_in_thread(self.queue.claim, wanted)
            if not batch:
                if not await self._wait_for_other_crawlers():
                    break
                continue
            claimed += len(batch)
            for claim in batch:
                yield self.image_request(claim)
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    async def _wait_for_other_crawlers(self) -> bool:
        """Nothing to claim. If other crawlers still hold claims, wait for them: rows of
        one that died come back when its lease ends. False when the crawl is complete."""
        lease_end = await run_in_thread(self.queue.others_lease_end)
        if lease_end is None:
            return False
        if lease_end.tzinfo is None:  # SQLite keeps no time zone; we always write UTC
            lease_end = lease_end.replace(tzinfo=timezone.utc)
        left = (lease_end - datetime.now(timezone.utc)).total_seconds()
        self.logger.info("other crawlers hold claims for up to %.0f s more; looking again in %.0f s",
                         max(left, 0), self.poll_seconds)
        await sleep(max(0.0, min(self.poll_seconds, left + 0.1)))
        return True

    def image_request(self, claim: Claim) -> scrapy.Request:
        return scrapy.Request(claim.url, callback=self.parse_image, errback=self.image_failed,
                              cb_kwargs={"claim": claim}, dont_filter=True)

    def parse_image(self, response, claim: Claim):
        final_url = response.url if response.url != claim.url else None
        yield DownloadedImage(claim.id, claim.source, claim.source_id, response.status,
                              attempts_of(response.request), final_url, response.body)

    def image_failed(self, failure):
        yield outcome_of_failure(failure, failure.request.cb_kwargs["claim"].id)
