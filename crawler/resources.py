"""What the crawler's components share: the resolved configuration and the status database."""

from __future__ import annotations

from storage.config import Config, resolve


def crawl_config(settings) -> Config:
    """`-s MEDIUM_HOME=…`/`-s MEDIUM_DB_URL=…` win over the environment, as CLI flags do."""
    return resolve(home=settings.get("MEDIUM_HOME"), db_url=settings.get("MEDIUM_DB_URL"))
