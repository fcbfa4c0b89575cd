"""Run the real `scrapy crawl bam_images` in a child process against a sample world."""

from __future__ import annotations

import collections
import os
import sqlite3
import subprocess
import sys
import time
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
                settings: dict | None = None, own_group: bool = False) -> subprocess.Popen:
    """`own_group`: in a process group of its own, as a terminal starts a command."""
    return subprocess.Popen(crawl_command(mirror, *arguments, settings=settings), cwd=PROJECT_ROOT,
                            env=crawl_env(home, db_url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            process_group=0 if own_group else None)


def run_crawl(home: Path, mirror: str, *arguments: str, db_url: str | None = None,
              settings: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_command(mirror, *arguments, settings=settings), cwd=PROJECT_ROOT,
                          env=crawl_env(home, db_url), capture_output=True, text=True, timeout=timeout)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def image_workers(crawler_pid: int) -> list[int]:
    """A crawler's image workers: the children of its forkserver (a child of the crawler)."""
    return [worker for child in children(crawler_pid) for worker in children(child)]


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


def wait_for_done_rows(database: Path, at_least: int, process, timeout: float = 120) -> list[str]:
    """Poll the status database (a condition, not a guess) until the crawl has finished some rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if database.exists():
            try:
                done = [r[0] for r in sqlite3.connect(database).execute(
                    "SELECT source_id FROM images WHERE status = 'done'")]
            except sqlite3.OperationalError:  # the schema is still being created
                done = []
            if len(done) >= at_least:
                return done
        try:  # poll interval that also notices a crawl ending early
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError("the crawl ended before it could be killed")
    raise AssertionError(f"fewer than {at_least} images done within {timeout} s")
