"""The oldest Scrapy that pyproject.toml allows is one the crawler runs on.

That Scrapy is installed without its dependencies into a throwaway folder put first on
PYTHONPATH, beside the rest of this environment (a wheel, so a second or two), then every
crawler module is imported and two real crawls run on it: one that stops at building the
spider, one through the engine, `start()` and a download.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from crawling import PROJECT_ROOT, crawl_env

pytestmark = pytest.mark.slow


def scrapy_floor() -> str:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    scrapy = next(Requirement(text) for text in dependencies if Requirement(text).name.lower() == "scrapy")
    [floor] = [spec.version for spec in scrapy.specifier if spec.operator == ">="]
    return floor


@pytest.fixture(scope="module")
def floor_env(tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("scrapy-floor")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--target", str(target), f"scrapy=={scrapy_floor()}"], check=True, timeout=300)
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))}


def run(env: dict, *command: str, home=None) -> subprocess.CompletedProcess:
    base = crawl_env(home) if home is not None else dict(os.environ)
    return subprocess.run([sys.executable, *command], cwd=PROJECT_ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=180)


def test_every_crawler_module_imports_on_the_floor_scrapy(floor_env):
    done = run(floor_env, "-c", "import importlib, pkgutil, crawler, scrapy; print(scrapy.__version__); "
                                "[importlib.import_module(m.name) for m in pkgutil.walk_packages(crawler.__path__, "
                                "'crawler.')]")
    assert done.returncode == 0, done.stderr[-3000:]
    assert Version(done.stdout.strip()) == Version(scrapy_floor())  # the floor's Scrapy, not this environment's


def test_crawls_run_on_the_floor_scrapy(floor_env, tmp_path):
    nothing = run(floor_env, "-m", "scrapy", "crawl", "bam_images", home=tmp_path / "empty")
    assert nothing.returncode == 2 and "medium import-bam" in nothing.stderr, nothing.stderr[-3000:]
    with socket.socket() as refusing:  # bound, not listening: every connection is refused
        refusing.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{refusing.getsockname()[1]}/art.geojson"
        unread = run(floor_env, "-m", "scrapy", "crawl", "public_art", "-a", f"url={url}", "-a", "format=geojson",
                     "-s", "RETRY_TIMES=0", "-s", "LOGSTATS_INTERVAL=0", home=tmp_path / "home")
    assert unread.returncode == 1 and "Traceback" not in unread.stderr, unread.stderr[-3000:]
    assert unread.stderr.splitlines()[-1].startswith(f"scrapy crawl public_art: could not read {url}: ")
