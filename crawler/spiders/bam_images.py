"""`scrapy crawl bam_images`: fetch the pending BAM images of the status database.

    scrapy crawl bam_images                                   # fetch what is pending
    scrapy crawl bam_images -a bam=bam.sqlite -a per_class=1000   # import first, then fetch
    scrapy crawl bam_images -a limit=500 -a retry_failed=1

Arguments (-a): `bam=PATH` imports that metadata file first, with `labels`, `min_score`,
`min_margin`, `media` (comma-separated), `per_class`, `seed` as in `medium import-bam`;
`limit=N` stops after N images; `retry_failed=1` tries failed images again. Any other
name, or a value that does not parse, stops the crawl with one sentence before it starts.

Work comes from the database in claimed batches (see `crawler/spiders/claiming.py`).
"""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.asyncio import run_in_thread

from crawler import settings
from crawler.arguments import boolean, existing_file, integer, names, number, positive_int
from crawler.bad_input import closing_on_bad_input
from crawler.spiders.claiming import ClaimingSpider
from storage.bam_options import SOURCE, ImportOptions
from storage.bamfile import open_bam
from storage.db import open_database
from storage.errors import UserError
from storage.status import has_images

NOTHING_IMPORTED = ("nothing is imported to fetch; run `medium import-bam BAM.sqlite` first, "
                    "or give the file here: scrapy crawl bam_images -a bam=BAM.sqlite")


class BamImagesSpider(ClaimingSpider):
    name = "bam_images"
    source = SOURCE
    custom_settings = {  # Behance's CDN: back off when its answers slow down, else run at full concurrency
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(settings.CONCURRENT_REQUESTS_PER_DOMAIN),
    }
    arguments = {**ClaimingSpider.arguments, "bam": existing_file, "labels": str, "min_score": number,
                 "min_margin": number, "media": names, "per_class": positive_int, "seed": integer,
                 "retry_failed": boolean}
    bam: Path | None = None
    labels = "scores"
    min_score: float | None = None
    min_margin: float | None = None
    media: tuple[str, ...] = ()
    per_class: int | None = None
    seed = 0
    retry_failed = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.import_options = ImportOptions(labels=self.labels, min_score=self.min_score, min_margin=self.min_margin,
                                            media=self.media, per_class=self.per_class, seed=self.seed).checked()
        if self.bam:
            open_bam(self.bam, self.import_options.labels).close()  # a wrong file stops us before the database

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.bam:
            spider.require_imported()
        return spider

    def require_imported(self) -> None:
        """Without `-a bam`, the images must be imported already: else one sentence, and no
        database is created (`open_database` says how to start when there is none)."""
        if not has_images(open_database(self.config.db_url, create=False), self.source):
            raise UserError(NOTHING_IMPORTED)

    async def start(self):
        if self.bam:
            from storage.bam_import import import_bam  # pandas and numpy: only when importing
            from storage.records import record_import

            with closing_on_bad_input(self.crawler):
                summary = await run_in_thread(import_bam, self.bam, self.config.db_url, self.import_options,
                                              progress=False)
            record_import(self.config.home, self.bam, self.import_options, summary)
            self.logger.info("imported %d images from %s (%d new)", summary.imported, self.bam, summary.new)
        if self.retry_failed:
            self.logger.info("retrying %d failed images", await run_in_thread(self.queue.retry_failed))
        async for request in self.claimed_requests():
            yield request
