"""The report in a real browser (headless Chromium, Debian's `chromium`): it renders without
console errors, every picture loads, every link inside the folder resolves, and a title
that looks like a script shows as text and never runs; from file:// and from a static
web server. CI (`MEDIUM_TEST_REQUIRE_BROWSER=1`) fails instead of skipping without a browser."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from browser import browser_problem, chromium
from medium.cli import main
from report_fixtures import SCRIPT_TITLE

REQUIRE_BROWSER = os.environ.get("MEDIUM_TEST_REQUIRE_BROWSER") == "1"
SHOTS = os.environ.get("MEDIUM_TEST_SCREENSHOTS")  # also copy the screenshots here, to look at them

PAGE_FACTS = """(() => ({
  images: [...document.images].map(img => ({src: img.getAttribute("src"), url: img.currentSrc,
                                            complete: img.complete, width: img.naturalWidth})),
  links: [...document.querySelectorAll("a[href]")].map(a => ({href: a.getAttribute("href"), url: a.href})),
  ids: [...document.querySelectorAll("[id]")].map(element => element.id),
  titles: [...document.querySelectorAll("td.artwork-title")].map(cell => cell.textContent),
  scripts: document.scripts.length,
  alerted: typeof window.__alerted !== "undefined",
}))()"""


@pytest.fixture(scope="module")
def report(report_home, tmp_path_factory) -> Path:
    problem = browser_problem()
    if problem:
        if REQUIRE_BROWSER:
            pytest.fail(f"a browser is required here (MEDIUM_TEST_REQUIRE_BROWSER=1): {problem}")
        pytest.skip(problem)
    out = tmp_path_factory.mktemp("browser") / "report"
    assert main(["--home", str(report_home), "report", "--out", str(out)]) == 0
    return out


@pytest.fixture
def static_server(report):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(report))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("served", ["file", "http"])
def test_the_report_renders_whole_in_headless_chromium(report, served, request, tmp_path):
    base = report.as_uri() + "/" if served == "file" else request.getfixturevalue("static_server")
    with chromium(tmp_path / "profile") as page:
        page.open(base + "index.html")
        facts = page.evaluate(PAGE_FACTS)
        shot = page.screenshot(tmp_path / f"report-{served}.png")
        errors, dialogs = page.console_errors(), page.dialogs()
    if SHOTS:
        shutil.copy(shot, Path(SHOTS) / shot.name)

    assert errors == []
    assert dialogs == [] and not facts["alerted"] and facts["scripts"] == 0  # nothing from data ran
    assert SCRIPT_TITLE in facts["titles"]  # ...and the title reads as written
    assert len(facts["images"]) >= 10
    for image in facts["images"]:
        assert image["complete"] and image["width"] > 0, image["src"]
    for link in facts["links"]:
        if link["href"].startswith("#"):
            assert link["href"][1:] in facts["ids"], link
        else:
            assert link["url"].startswith(base), link  # inside the report folder
            target = report / unquote(urlparse(link["url"]).path.removeprefix(urlparse(base).path))
            assert target.resolve().is_file() and target.resolve().is_relative_to(report.resolve()), link
    assert shot.stat().st_size > 10_000
