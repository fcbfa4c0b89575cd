"""How a crawl stops with a sentence: the spider closes with a reason of `STOP_STATUS`, and the
sentence that says why waits in the stats for the `crawl` command to print.

A user's mistake closes with `bad_input` (exit 2); a public-art source whose first page cannot
be read closes with `source_unreadable` (exit 1: nothing was crawled, though the command was right).
The spiders, pipelines and extensions use this; the command (`crawler.commands.crawl`) reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from scrapy.exceptions import CloseSpider

from storage.errors import UserError

BAD_INPUT = "bad_input"  # the close reason spiders give for a user's mistake
SOURCE_UNREADABLE = "source_unreadable"  # ... and for a source that cannot be read at all
STOP_STATUS = {BAD_INPUT: 2, SOURCE_UNREADABLE: 1}  # close reasons that carry a sentence, and their exit status
STOP_SENTENCE_STAT = "medium/stop_sentence"  # the sentence that says why


def stop(crawler, reason: str, why: str) -> NoReturn:
    """Close the spider with `reason` (one of `STOP_STATUS`) and the sentence `why`."""
    crawler.stats.set_value(STOP_SENTENCE_STAT, why)
    raise CloseSpider(reason)


@contextmanager
def closing_on_bad_input(crawler) -> Iterator[None]:
    """Around a component's start (a pipeline's `open_spider`, a spider's `start`): a user's
    mistake closes the spider with reason `bad_input` and its sentence, the way Scrapy lets
    a component that fails to start stop the crawl cleanly."""
    try:
        yield
    except (UserError, OSError) as error:
        stop(crawler, BAD_INPUT, sentence(error))


def sentence(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return str(error)
