"""`scrapy crawl bam_images`: fetch the pending BAM images of the status database.

    scrapy crawl bam_images                                   # fetch what is pending
    scrapy crawl bam_images -a bam=bam.sqlite -a per_class=1000   # import first, then fetch
    scrapy crawl bam_images -a limit=500 -a retry_failed=1

Arguments (-a): `bam=PATH` imports that metadata file first, with `labels`, `min_score`,
`min_margin`, `media` (comma-separated), `per_class`, `seed` as in `medium import-bam`;
`limit=N` stops after N images; `retry_failed=1` tries failed images again.

Work comes from the database in claimed batches, and the next batch is claimed only
when the scheduler has run dry, so millions of pending rows never sit in memory and
several crawlers (processes or hosts on one PostgreSQL database) share the work.
"""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.utils.asyncio import run_in_thread, sleep

from crawler.commands.crawl import BAD_INPUT
from crawler.items import DownloadedImage
from crawler.outcomes import attempts_of, outcome_of_failure
from crawler.resources import crawl_config
from storage.bam_options import SOURCE, ImportOptions
from storage.claims import Claim, WorkQueue
from storage.db import open_database
from storage.errors import UserError


class BamImagesSpider(scrapy.Spider):
    name = "bam_images"
    source = SOURCE

    def __init__(self, bam: str | None = None, labels: str = "scores", min_score: str | None = None,
                 min_margin: str | None = None, media: str | None = None, per_class: str | None = None,
                 seed: str = "0", limit: str | None = None, retry_failed: str = "0", **kwargs) -> None:
        super().__init__(**kwargs)
        self.bam = bam
        self.bad_input: str | None = None  # reported from start(), where Scrapy can stop cleanly
        try:
            self.import_options = ImportOptions(
                labels=labels,
                min_score=_number(min_score, float),
                min_margin=_number(min_margin, float),
                media=tuple(m for m in (media or "").split(",") if m.strip()),
                per_class=_number(per_class, int),
                seed=int(seed),
            ).checked()
            self.limit = _number(limit, int)
        except (UserError, ValueError) as error:
            self.bad_input = f"bad spider argument: {error}"
        self.retry_failed = retry_failed.lower() in ("1", "true", "yes")

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

    async def start(self):
        try:
            if self.bad_input:
                raise UserError(self.bad_input)
            if self.bam:
                from storage.bam_import import import_bam  # pandas and numpy: only when importing

                summary = await run_in_thread(import_bam, self.bam, self.config.db_url, self.import_options,
                                              progress=False)
                self.logger.info("imported %d images from %s (%d new)", summary.imported, self.bam, summary.new)
        except UserError as error:
            self.logger.error("%s", error)
            raise CloseSpider(BAD_INPUT) from None
        if self.retry_failed:
            self.logger.info("retrying %d failed images", await run_in_thread(self.queue.retry_failed))
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
                yield self.request_for(claim)
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

    def request_for(self, claim: Claim) -> scrapy.Request:
        return scrapy.Request(claim.url, callback=self.parse, errback=self.failed,
                              cb_kwargs={"claim": claim}, dont_filter=True)

    def parse(self, response, claim: Claim):
        final_url = response.url if response.url != claim.url else None
        yield DownloadedImage(claim.id, claim.source, claim.source_id, response.status,
                              attempts_of(response.request), final_url, response.body)

    def failed(self, failure):
        yield outcome_of_failure(failure, failure.request.cb_kwargs["claim"].id)


def _number(text: str | None, kind):
    return None if text in (None, "") else kind(text)
