"""What the crawler's components share: the resolved configuration and the status database."""

from __future__ import annotations

from crawler.arguments import positive_int, setting
from storage.config import Config, resolve


def crawl_config(settings) -> Config:
    """`-s MEDIUM_HOME=…`, `-s MEDIUM_DB_URL=…`, `-s IMAGES_STORE=…`, `-s IMAGES_LONGEST_SIDE=…`
    win over the environment and the defaults, as CLI flags do."""
    return resolve(home=settings.get("MEDIUM_HOME"), db_url=settings.get("MEDIUM_DB_URL"),
                   images_store=settings.get("IMAGES_STORE"),
                   longest_side=setting(settings, "IMAGES_LONGEST_SIDE", positive_int))
