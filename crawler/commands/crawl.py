"""`scrapy crawl`, exiting with status 2 when a spider stopped on bad input.

Scrapy's own command exits 0 after a spider closes for any reason; a user who gave
a missing metadata file must see a failure, as `medium import-bam` shows one.
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

BAD_INPUT = "bad_input"  # the close reason spiders give for a user's mistake


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spider_name):
        self.crawler = super()._create_crawler(spider_name)
        return self.crawler

    def run(self, args, opts) -> None:
        super().run(args, opts)
        if self.crawler.stats.get_value("finish_reason") == BAD_INPUT:
            self.exitcode = 2
