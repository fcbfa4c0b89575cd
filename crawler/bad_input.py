"""How a user's mistake stops a crawl: the spider closes with reason `bad_input`, and the
sentence that says why waits in the stats for the `crawl` command to print.

The spiders, pipelines and extensions use this; the command (`crawler.commands.crawl`) reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from scrapy.exceptions import CloseSpider

from storage.errors import UserError

BAD_INPUT = "bad_input"  # the close reason spiders give for a user's mistake
BAD_INPUT_STAT = "medium/bad_input"  # ... and the sentence that says why


@contextmanager
def closing_on_bad_input(crawler) -> Iterator[None]:
    """Around a component's start (a pipeline's `open_spider`, a spider's `start`): a user's
    mistake closes the spider with reason `bad_input` and its sentence, the way Scrapy lets
    a component that fails to start stop the crawl cleanly."""
    try:
        yield
    except (UserError, OSError) as error:
        crawler.stats.set_value(BAD_INPUT_STAT, sentence(error))
        raise CloseSpider(BAD_INPUT) from None


def sentence(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return str(error)
