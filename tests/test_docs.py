"""The docs say what the code does: every `medium` and `scrapy crawl` line in a `sh` block of
the README, ARCHITECTURE.md, docs/ and the sample world's README parses with the real parsers;
blocks opened with ```` ```sh runnable ```` run for real against a small sample world; every
relative link resolves, anchors included."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.spiders.bam_images import BamImagesSpider
from crawler.spiders.public_art import PublicArtSpider
from medium.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", ROOT / "ARCHITECTURE.md", ROOT / "sampleworld" / "README.md",
                *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
SPIDERS = {spider.name: spider for spider in (BamImagesSpider, PublicArtSpider)}
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def blocks(page: Path) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block of a page."""
    return [(match["info"].strip(), match["body"]) for match in FENCE.finditer(page.read_text())]


def shell_blocks(page: Path, runnable_only: bool = False) -> list[str]:
    found = []
    for info, body in blocks(page):
        words = info.split()
        if words[:1] == ["sh"] and (not runnable_only or "runnable" in words[1:]):
            found.append(body)
    return found


def command_lines(body: str) -> list[list[str]]:
    """Each command of a shell block as words: continuations joined, comments and leading
    VAR=value assignments dropped."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        while words and ENV_ASSIGNMENT.match(words[0]):
            words.pop(0)
        if words:
            commands.append(words)
    return commands


def documented_commands(program: str) -> list[tuple[str, list[str]]]:
    return [(f"{page.relative_to(ROOT)}: {shlex.join(words)}", words)
            for page in PAGES for body in shell_blocks(page) for words in command_lines(body)
            if words[0] == program]


def _ids(cases):
    return [case[0] for case in cases]


MEDIUM_LINES = documented_commands("medium")
SCRAPY_LINES = documented_commands("scrapy")


def test_the_docs_show_commands_at_all():
    """Guards the collectors: a change to the fence syntax must not silently empty the checks."""
    assert len(MEDIUM_LINES) >= 20 and len(SCRAPY_LINES) >= 3
    assert any(shell_blocks(page, runnable_only=True) for page in PAGES)


@pytest.mark.parametrize(("where", "words"), MEDIUM_LINES, ids=_ids(MEDIUM_LINES))
def test_every_medium_command_parses(where, words, capsys):
    try:
        build_parser().parse_args(words[1:])
    except SystemExit as stop:
        if stop.code == 0:  # --version and --help answer and stop
            return
        pytest.fail(f"{where} does not parse: {capsys.readouterr().err.strip()} (exit {stop.code})")


@pytest.mark.parametrize(("where", "words"), SCRAPY_LINES, ids=_ids(SCRAPY_LINES))
def test_every_crawl_names_a_spider_and_its_arguments(where, words):
    assert words[1] == "crawl", where
    spider = SPIDERS.get(words[2])
    assert spider is not None, f"{where}: no spider {words[2]!r} (we have {sorted(SPIDERS)})"
    given = [value.split("=", 1)[0] for flag, value in zip(words, words[1:]) if flag == "-a"]
    unknown = set(given) - set(spider.arguments)
    assert not unknown, f"{where}: {spider.name} takes no argument {sorted(unknown)}"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text())
    return {slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


LINKS = [(f"{page.relative_to(ROOT)} -> {match['target']}", page, match["target"])
         for page in PAGES for match in LINK.finditer(FENCE.sub("", page.read_text()))
         if not re.match(r"[a-z]+:", match["target"])]


@pytest.mark.parametrize(("where", "page", "target"), LINKS, ids=_ids(LINKS))
def test_every_relative_link_resolves(where, page, target):
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    assert destination.exists(), f"{where}: no such file"
    if anchor and destination.suffix == ".md":
        assert anchor in anchors(destination), f"{where}: no heading with that anchor"


RUNNABLE = [page for page in PAGES if shell_blocks(page, runnable_only=True)]


@pytest.fixture(scope="module")
def served_world(tmp_path_factory):
    from sampleworld import build_world, running_server

    world = build_world(tmp_path_factory.mktemp("docs") / "world", 100, seed=5)
    with running_server(world.directory) as mirror:
        yield world, mirror


@pytest.mark.slow
@pytest.mark.parametrize("page", RUNNABLE, ids=[str(page.relative_to(ROOT)) for page in RUNNABLE])
def test_runnable_blocks_run_against_the_sample_world(page, served_world, tmp_path):
    """A page's runnable blocks run in order in one fresh MEDIUM_HOME, as a reader would type
    them from the project root: `$BAM` is the world's BAM file, and the Behance mirror setting
    (the one place that knows the world is fake) points at the world's server."""
    world, mirror = served_world
    env = {**os.environ, "MEDIUM_HOME": str(tmp_path / "home"), "BAM": str(world.bam_path),
           "MEDIUM_BEHANCE_MIRROR": mirror.rstrip("/"),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    env.pop("MEDIUM_DB_URL", None)
    for number, body in enumerate(shell_blocks(page, runnable_only=True), 1):
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, f"runnable block {number} of {page.name} failed:\n{done.stdout}\n{done.stderr}"
