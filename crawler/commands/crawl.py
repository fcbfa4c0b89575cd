"""`scrapy crawl` with one error boundary: a failure a user can cause ends in one sentence
on stderr and exit status 2.

Scrapy's own command exits 0 after a spider closes for any reason, and a spider, middleware
or pipeline that cannot be built leaves an asyncio "Task exception was never retrieved"
traceback. Here a `UserError` (a bad argument or setting, an unreachable database, a wrong
BAM file) or an `OSError` on a user-given path, raised while the crawler is built or opened,
or reported by a spider that closed with reason `bad_input`, is printed as one sentence.
Anything else is a bug: it keeps its traceback (exit 1).
"""

from __future__ import annotations

import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from twisted.internet.defer import Deferred

from crawler.bad_input import BAD_INPUT, BAD_INPUT_STAT, sentence
from storage.errors import UserError

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            return super().run(args, opts)  # Scrapy's usage errors
        try:
            crawler = self._create_crawler(args[0])
        except KeyError:
            names = ", ".join(sorted(self.crawler_process.spider_loader.list()))
            return self._fail(args[0], f"there is no spider {args[0]!r}; this project has {names}")
        failures: list[BaseException] = []
        running = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(running, Deferred):  # FORCE_CRAWLER_PROCESS: Scrapy's Deferred-based process
            running.addErrback(lambda failure: failures.append(failure.value))
        else:  # retrieving the exception here is what keeps asyncio from printing it
            running.add_done_callback(lambda task: task.cancelled() or failures.append(task.exception()))
        self.crawler_process.start()
        problem = next((failure for failure in failures if failure is not None), None)
        if isinstance(problem, (UserError, OSError)):
            self._fail(args[0], sentence(problem))
        elif problem is not None:
            logger.error("the crawl failed", exc_info=problem)
            self.exitcode = 1
        elif getattr(crawler, "stats", None) and crawler.stats.get_value("finish_reason") == BAD_INPUT:
            self._fail(args[0], crawler.stats.get_value(BAD_INPUT_STAT, "bad input"))

    def _fail(self, spider: str, message: str) -> None:
        print(f"scrapy crawl {spider}: {message}", file=sys.stderr)
        self.exitcode = 2
