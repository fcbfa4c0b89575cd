"""Run the real `scrapy crawl bam_images` in a child process against a sample world."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from storage.db import open_database
from storage.models import Image

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FAST_FAILURES = {"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "1", "LOGSTATS_INTERVAL": "0"}


def crawl_command(mirror: str, *arguments: str, settings: dict | None = None) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "bam_images", "-s", f"BEHANCE_MIRROR={mirror.rstrip('/')}"]
    for name, value in {**FAST_FAILURES, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    for argument in arguments:
        command += ["-a", argument]
    return command


def crawl_env(home: Path, db_url: str | None = None) -> dict:
    env = {**os.environ, "MEDIUM_HOME": str(home)}
    env.pop("MEDIUM_DB_URL", None)
    if db_url:
        env["MEDIUM_DB_URL"] = db_url
    return env


def start_crawl(home: Path, mirror: str, *arguments: str, db_url: str | None = None,
                settings: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(crawl_command(mirror, *arguments, settings=settings), cwd=PROJECT_ROOT,
                            env=crawl_env(home, db_url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_crawl(home: Path, mirror: str, *arguments: str, db_url: str | None = None,
              settings: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_command(mirror, *arguments, settings=settings), cwd=PROJECT_ROOT,
                          env=crawl_env(home, db_url), capture_output=True, text=True, timeout=timeout)


def image_rows(db_url: str) -> pd.DataFrame:
    with open_database(db_url).connect() as connection:
        return pd.read_sql(select(Image), connection).set_index("source_id")


def requests_per_path(log: Path) -> collections.Counter:
    """How often each path was asked for, from the server's request log (`GET PATH STATUS`)."""
    counter: collections.Counter = collections.Counter()
    for line in log.read_text().splitlines():
        method, path, _status = line.split(" ")
        if method == "GET":
            counter[path.split("?")[0]] += 1
    return counter
