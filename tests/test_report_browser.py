"""The report in a real browser (headless Chromium and Debian's `chromedriver`, through Selenium):
it renders without console errors, every picture loads, every link inside the folder resolves,
a title that looks like a script shows as text and never runs, and the summary at the top shows
the figures of the run's metrics.json files, each under the name of its model; from file:// and
from a static web server. CI (`MEDIUM_TEST_REQUIRE_BROWSER=1`) fails instead of skipping without
a browser."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from browser import browser_problem, chromium
from medium.cli import main
from report_fixtures import FIDELITY, RUN, SCRIPT_TITLE

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
# What a reader sees as the summary's figures: the set of each row, the header above each cell.
SUMMARY_FACTS = """(() => {
  const summary = document.querySelector("#summary");
  const headers = [...summary.querySelectorAll("table.headline th[data-model]")];
  return {
    top: summary.getBoundingClientRect().top,
    cells: [...summary.querySelectorAll("table.headline tr[data-set] td[data-model]")].map(cell => ({
      set: cell.parentElement.dataset.set, model: cell.dataset.model, value: cell.dataset.value,
      text: cell.innerText.trim(),
      header: headers.find(header => header.dataset.model === cell.dataset.model).innerText.trim()})),
    fidelity: summary.querySelector("[data-fidelity]").innerText,
    links: [...summary.querySelectorAll("nav a")].map(a => a.getAttribute("href")),
    accuracy_rows: [...document.querySelectorAll("#evaluation table")]
      .filter(table => table.rows[0].cells[0].innerText === "" && table.rows[0].cells[1].innerText === "accuracy")
      .flatMap(table => [...table.rows].slice(1).map(row => row.cells[0].innerText)),
  };
})()"""
MODEL_WORDS = ("CNN", "feature model", "blend", "baseline")


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
        shots = [page.first_screen(tmp_path / f"report-{served}-first-screen.png"),
                 page.screenshot(tmp_path / f"report-{served}.png")]
        errors, dialogs = page.console_errors(), page.dialogs()
    if SHOTS:
        for shot in shots:
            shutil.copy(shot, Path(SHOTS) / shot.name)
    shot = shots[-1]

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


def test_the_summary_shows_the_run_s_figures_each_named_by_its_model(report, report_home, tmp_path):
    with chromium(tmp_path / "profile") as page:
        page.open(report.as_uri() + "/index.html")
        summary = page.evaluate(SUMMARY_FACTS)
    assert summary["top"] < 900  # on the first screen
    names = {"blend": "blend", "cnn": "CNN", "features": "feature model", "baseline": "majority baseline"}
    evaluations = report_home / "runs" / RUN / "evaluations"
    expected = {}
    for name in ("test", "dataset-transfer"):
        medium = json.loads((evaluations / name / "metrics.json").read_text())["medium"]
        expected |= {(name, "blend"): medium["accuracy"], (name, "baseline"): medium["baseline"]["accuracy"],
                     **{(name, part): scores["accuracy"] for part, scores in medium["parts"].items()}}
    shown = {(cell["set"], cell["model"]): cell for cell in summary["cells"]}
    assert set(shown) == set(expected)
    for key, value in expected.items():
        cell = shown[key]
        assert cell["text"] == f"{value:.3f}" and float(cell["value"]) == value
        assert names[cell["model"]] in cell["header"]
    assert f"{FIDELITY:.1%}" in summary["fidelity"]
    assert {"#data", "#crawl", "#training", "#evaluation", "#explanation", "#neighbourhoods"} <= set(summary["links"])
    assert summary["accuracy_rows"] and all(any(word in label for word in MODEL_WORDS)
                                            for label in summary["accuracy_rows"]), summary["accuracy_rows"]
