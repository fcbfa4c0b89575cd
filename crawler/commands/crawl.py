"""`scrapy crawl` with one error boundary: a failure a user can cause ends in one sentence
on stderr and exit status 2.

Scrapy's own command exits 0 after a spider closes for any reason, and a spider, middleware
or pipeline that cannot be built leaves an asyncio "Task exception was never retrieved"
traceback. Here a `UserError` (a bad argument or setting, an unreachable database, a wrong
BAM file) or an `OSError` on a user-given path, raised while the crawler is built or opened,
or reported by a spider that closed with reason `bad_input`, is printed as one sentence.
Scrapy's own numeric and yes/no settings are checked before anything is built. A source that
cannot be read (`source_unreadable`) is one sentence and exit 1; a crawl stopped by Ctrl-C
(or SIGTERM) exits 130, since it did not finish. Anything else is a bug: it keeps its
traceback (exit 1).
"""

from __future__ import annotations

import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from twisted.internet.defer import Deferred

from crawler.arguments import check_scrapy_settings
from crawler.bad_input import STOP_SENTENCE_STAT, STOP_STATUS, sentence
from crawler.network_errors import keep_network_errors_to_one_line
from storage.errors import UserError

logger = logging.getLogger(__name__)
USER_ERROR_STATUS = 2
STOPPED_STATUS = 130  # the shell's status of a command stopped by Ctrl-C: the crawl did not finish
STOPPED_REASON = "shutdown"  # Scrapy's close reason after a signal


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            return super().run(args, opts)  # Scrapy's usage errors
        keep_network_errors_to_one_line()
        try:
            check_scrapy_settings(self.settings)
        except UserError as error:
            return self._fail(args[0], str(error))
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
            return self._fail(args[0], sentence(problem))
        if problem is not None:
            logger.error("the crawl failed", exc_info=problem)
            self.exitcode = 1
            return None
        reason = crawler.stats.get_value("finish_reason")  # set once the crawl started, as it has without a problem
        if reason in STOP_STATUS:
            self._fail(args[0], crawler.stats.get_value(STOP_SENTENCE_STAT, reason), STOP_STATUS[reason])
        elif reason == STOPPED_REASON:
            self.exitcode = STOPPED_STATUS  # the summary has said what went back to pending

    def _fail(self, spider: str, message: str, status: int = USER_ERROR_STATUS) -> None:
        print(f"scrapy crawl {spider}: {message}", file=sys.stderr)
        self.exitcode = status
