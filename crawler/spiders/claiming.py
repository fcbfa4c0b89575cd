"""The part every image-fetching spider shares: claim pending rows of one source from the
status database in batches, request each image, and turn each answer into an item.

`bam_images` and `public_art` subclass `ClaimingSpider`; their pictures go through the same
pipelines (StoreImagePipeline, StatusPipeline) into the same store, with the same statuses.
A batch is claimed only when Scrapy's scheduler has run dry, so millions of pending rows
never sit in memory and several crawlers share the work. While a batch is in flight its
leases are renewed (every third of `CLAIM_LEASE_SECONDS`), so a slow batch is never
handed to a second crawler, and a killed crawler's rows come back within one lease.

Arguments are strict (`crawler/arguments.py`): a subclass extends `arguments` with its
own parsers, and each value becomes an attribute. The database is opened only when the
pipelines open, after every argument and setting has been checked.
"""

from __future__ import annotations

from functools import cached_property

import scrapy
from scrapy import signals
from scrapy.exceptions import DownloadCancelledError
from scrapy.utils.asyncio import create_looping_call, run_in_thread, sleep
from scrapy.utils.defer import deferred_from_coro

from crawler.arguments import parse_arguments, positive_int, setting
from crawler.items import DownloadedImage
from crawler.middlewares import behance_mirror
from crawler.outcomes import attempts_of, outcome_of_failure
from crawler.resources import crawl_config
from storage.claims import Claim, WorkQueue
from storage.db import open_database

RELEASE_HINT = ("if they are gone for good, `medium release-claims --stale` (or --force, "
                "when you know no crawler runs) gives their images back")


class ClaimingSpider(scrapy.Spider):
    """Base class: set `source` (the `images.source` it fetches); yield from
    `claimed_requests()` in `start()` or after the spider's own pages."""

    source: str
    limit: int | None = None
    arguments = {"limit": positive_int}  # a subclass: {**ClaimingSpider.arguments, "mine": parser}

    def __init__(self, *args, **kwargs) -> None:
        values = parse_arguments(self.name, self.arguments, kwargs)
        super().__init__(*args)
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.config = crawl_config(settings)
        spider.lease_seconds = setting(settings, "CLAIM_LEASE_SECONDS", positive_int)
        spider.batch_size = setting(settings, "CLAIM_BATCH_SIZE", positive_int)
        spider.poll_seconds = settings.getfloat("CLAIM_POLL_SECONDS")
        spider.mirror = behance_mirror(settings)  # checked with the other settings, before any database
        spider.renewal = create_looping_call(spider._renew)
        crawler.signals.connect(spider._start_renewing, signal=signals.spider_opened)
        crawler.signals.connect(spider._stop_renewing, signal=signals.spider_closed)
        return spider

    def source_urls(self) -> list[str]:
        """The URLs the user configured this crawl to read: their hosts may be on loopback or
        an intranet (crawler/addresses.py). A subclass adds its own."""
        return [self.mirror] if self.mirror else []

    @cached_property
    def database(self):
        """The status database, opened on first use (by the pipelines, once all is checked)."""
        return open_database(self.config.db_url)

    @cached_property
    def queue(self) -> WorkQueue:
        return WorkQueue(self.database, self.source, lease_seconds=self.lease_seconds)

    async def claimed_requests(self):
        """Requests for claimed images, a batch at a time, until nothing is left to claim
        (or `self.limit` images were claimed)."""
        await self._take_back_from_dead()
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

    async def _take_back_from_dead(self) -> bool:
        dead = await run_in_thread(self.queue.reclaim_from_dead)
        if dead:
            self.logger.warning("took back the claims of crawlers that are gone: %s", ", ".join(map(str, dead)))
        return bool(dead)

    async def _wait_for_other_crawlers(self) -> bool:
        """Nothing to claim. If other crawlers still hold claims, wait for them: rows of
        one that died come back when its lease ends (at once if it ran on this host).
        False when the crawl is complete."""
        if await self._take_back_from_dead():
            return True
        others = await run_in_thread(self.queue.others)
        if not others:
            return False
        left = max(holding.seconds_left for holding in others)
        self.logger.warning("waiting for other crawlers: %s; looking again in %.0f s; %s",
                            "; ".join(map(str, others)), self.poll_seconds, RELEASE_HINT)
        await sleep(max(0.0, min(self.poll_seconds, left + 0.1)))
        return True

    def _start_renewing(self) -> None:
        self.renewal.start(self.lease_seconds / 3, now=False)

    def _stop_renewing(self) -> None:
        if self.renewal.running:
            self.renewal.stop()

    def _renew(self) -> None:
        deferred_from_coro(self._renew_claims())

    async def _renew_claims(self) -> None:
        try:
            await run_in_thread(self.queue.renew)
        except Exception as error:  # the next renewal tries again; the lease still runs meanwhile
            self.logger.warning("could not renew this crawler's claims: %s", error)

    def image_request(self, claim: Claim) -> scrapy.Request:
        return scrapy.Request(claim.url, callback=self.parse_image, errback=self.image_failed,
                              cb_kwargs={"claim": claim}, dont_filter=True)

    def parse_image(self, response, claim: Claim):
        final_url = response.url if response.url != claim.url else None
        yield DownloadedImage(claim.id, claim.source, claim.source_id, response.status,
                              attempts_of(response.request), final_url, response.body)

    def image_failed(self, failure):
        if failure.check(DownloadCancelledError) and not self.crawler.crawling:
            return  # cancelled by a stopping crawl: the claim goes back to the pool as it is
        yield outcome_of_failure(failure, failure.request.cb_kwargs["claim"].id)
