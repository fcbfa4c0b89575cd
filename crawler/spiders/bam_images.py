"""`scrapy crawl bam_images`: fetch the pending BAM images of the status database.

    scrapy crawl bam_images                                   # fetch what is pending
    scrapy crawl bam_images -a bam=bam.sqlite -a per_class=1000   # import first, then fetch
    scrapy crawl bam_images -a limit=500 -a retry_failed=1

Arguments (-a): `bam=PATH` imports that metadata file first, with `labels`, `min_score`,
`min_margin`, `media` (comma-separated), `per_class`, `seed` as in `medium import-bam`;
`limit=N` stops after N images; `retry_failed=1` tries failed images again.

Work comes from the database in claimed batches (see `crawler/spiders/claiming.py`).
"""

from __future__ import annotations

from scrapy.exceptions import CloseSpider
from scrapy.utils.asyncio import run_in_thread

from crawler.commands.crawl import BAD_INPUT
from crawler.spiders.claiming import ClaimingSpider
from storage.bam_options import SOURCE, ImportOptions
from storage.errors import UserError


class BamImagesSpider(ClaimingSpider):
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

    async def start(self):
        try:
            if self.bad_input:
                raise UserError(self.bad_input)
            if self.bam:
                from storage.bam_import import import_bam  # pandas and numpy: only when importing
                from storage.records import record_import

                summary = await run_in_thread(import_bam, self.bam, self.config.db_url, self.import_options,
                                              progress=False)
                record_import(self.config.home, self.bam, self.import_options, summary)
                self.logger.info("imported %d images from %s (%d new)", summary.imported, self.bam, summary.new)
        except UserError as error:
            self.logger.error("%s", error)
            raise CloseSpider(BAD_INPUT) from None
        if self.retry_failed:
            self.logger.info("retrying %d failed images", await run_in_thread(self.queue.retry_failed))
        async for request in self.claimed_requests():
            yield request


def _number(text: str | None, kind):
    return None if text in (None, "") else kind(text)
