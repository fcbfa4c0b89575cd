"""`medium report` on a small complete home: every section from its stage's output, every
string from data escaped, every picture and link inside the folder, and bad input refused."""

from __future__ import annotations

import json
from argparse import Namespace
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest

from classifier import plots
from medium.cli import main
from report_fixtures import CHI_SENTENCE, NOTICE, ODD_ARTIST, ODD_REASON, RUN, SCRIPT_TITLE, TRANSFER_GROUPS

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")


@pytest.fixture(scope="module")
def home(report_home) -> Path:
    return report_home


@pytest.fixture(scope="module")
def report(home) -> Path:
    """The report of the default run into the default folder, through the CLI."""
    assert main(["--home", str(home), "report"]) == 0
    return home / "report"


class Page(HTMLParser):
    """The parts of index.html the tests look at: section ids, pictures, links, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids, self.images, self.links, self.scripts, self.text = set(), [], [], 0, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def page(report: Path) -> Page:
    return Page((report / "index.html").read_text(encoding="utf-8"))


def test_every_section_appears_with_what_its_stage_wrote(report, home):
    html = (report / "index.html").read_text(encoding="utf-8")
    parsed = page(report)
    assert {"synthetic", "data", "crawl", "training", "evaluation", "explanation", "neighbourhoods"} <= parsed.ids
    text = " ".join(" ".join(parsed.text).split())
    assert NOTICE in text and "not BAM" in text
    assert f"Training run {RUN}" in text
    assert "minimum margin over the runner-up 1.5" in text and "Comic, Oil Paint" in text  # the import's options
    assert "Test split: 14 images" in text and "Outside set transfer: 6 images" in text
    assert "Medium accuracy by group, weakest first" in text
    assert all(f"{group} " in text for group in TRANSFER_GROUPS)  # each group's row, from the labels.csv
    saved = json.loads((home / "runs" / RUN / "evaluations" / "dataset-transfer" / "metrics.json").read_text())
    # ...each named with its media: each of the fixture's groups holds Comic, Pencil Sketch and Water Color
    for group in saved["medium_by_group"]:
        assert f"{group['group']} Comic, Pencil Sketch, Water Color {group['accuracy']:.3f}" in text
    weakest_first = [group["group"] for group in saved["medium_by_group"]]
    assert sorted(weakest_first, key=text.index) == weakest_first  # the rows keep evaluate's order
    assert "majority baseline (always" in text
    parts = json.loads((home / "runs" / RUN / "evaluations" / "test" / "metrics.json").read_text())["medium"]["parts"]
    assert "model: CNN and feature model blended" in text  # the run predicts with a blend
    for name, scores in (("CNN alone", parts["cnn"]), ("feature model alone", parts["features"])):
        assert f"{name} {scores['accuracy']:.3f} {scores['macro_f1']:.3f}" in text
    assert "91.3%" in text and "halftone periodicity (+, 0.420)" in text  # explain metrics.json
    assert CHI_SENTENCE in text
    assert ("statistic 1.800 with 1 degrees of freedom, p-value 0.41. The expected counts meet every expected count "
            "at least 5") in text
    assert "North 3 (75.0%) 1 (25.0%) 4" in text  # a neighbourhood row: counts, shares, total
    assert '<a href="explain/index.html">' in html
    assert ('<figure class="wide"><a href="explain/importance.png"><img src="explain/importance.png"' in html
            and html.index("importance.png") < html.index("pixel_maps/comic.png"))  # the chart first, full width
    assert "near chance" not in text  # the fixture's CNN (81%) is well above its baseline


def test_a_cnn_near_chance_is_said_before_its_fidelity(home, report, tmp_path):
    metrics_path = home / "runs" / RUN / "explain" / "metrics.json"
    original = metrics_path.read_text()
    metrics = json.loads(original)
    metrics["accuracy"].update(cnn=0.152, majority=0.241)
    metrics["cnn_near_chance"] = True
    try:
        metrics_path.write_text(json.dumps(metrics))
        assert main(["--home", str(home), "report", RUN, "--out", str(tmp_path / "out")]) == 0
    finally:
        metrics_path.write_text(original)
    text = " ".join(" ".join(page(tmp_path / "out").text).split())
    section = text[text.index("Explanation Open the full explanation report"):]
    assert section.index("The CNN is near chance") < section.index("91.3%")
    assert ("it names the true medium of 15.2% of the test images, where always answering the most frequent medium "
            "scores 24.1%") in section
    assert "but the CNN is near chance, so a surrogate that imitates it says little" in text  # in the summary too


class SummaryCells(HTMLParser):
    """`{(set, model): (header text, cell text, data-value)}` of the summary's headline table."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headers, self.cells, self._set, self._cell, self._inside = {}, {}, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._inside = self._inside or attrs.get("id") == "summary"
        if not self._inside:
            return
        if tag == "tr" and "data-set" in attrs:
            self._set = attrs["data-set"]
        if tag in ("th", "td") and "data-model" in attrs:
            self._cell = (tag, attrs["data-model"], attrs.get("data-value"))
            if tag == "th":
                self.headers[attrs["data-model"]] = ""
            else:
                self.cells[(self._set, attrs["data-model"])] = ["", attrs.get("data-value")]

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None
        if tag == "section":
            self._inside = False

    def handle_data(self, data):
        if self._cell:
            tag, model, _ = self._cell
            if tag == "th":
                self.headers[model] += data
            else:
                self.cells[(self._set, model)][0] += data


def test_the_summary_comes_first_with_each_model_beside_the_baseline(report, home):
    html = (report / "index.html").read_text(encoding="utf-8")
    assert html.index('id="summary"') < html.index('id="data"')  # answers first
    summary = SummaryCells(html)
    assert summary.headers == {"blend": "blend (CNN + feature model)", "cnn": "CNN alone",
                               "features": "feature model alone", "baseline": "majority baseline"}
    for name in ("test", "dataset-transfer"):
        medium = json.loads((home / "runs" / RUN / "evaluations" / name / "metrics.json").read_text())["medium"]
        expected = {"blend": medium["accuracy"], "cnn": medium["parts"]["cnn"]["accuracy"],
                    "features": medium["parts"]["features"]["accuracy"], "baseline": medium["baseline"]["accuracy"]}
        for model, value in expected.items():
            text, stored = summary.cells[(name, model)]
            assert text.strip() == f"{value:.3f}" and float(stored) == value
    text = " ".join(" ".join(page(report).text).split())
    assert "Crawl of bam: 49 of 55 images stored, 6 missing, failed or invalid, 0 pending." in text
    assert "agrees with the CNN on 91.3% of the test images" in text
    assert f"Neighbourhoods of public_art: {CHI_SENTENCE}" in text
    assert "Sections: Data Crawl Training Evaluation Explanation Neighbourhoods" in text


def test_the_demo_prints_the_summary_the_report_shows(report, home):
    from analysis.report.summary import run_summary, summary_lines
    from storage.config import resolve
    from storage.db import open_database
    from storage.status import status_counts

    config = resolve(home=str(home))
    lines = summary_lines(run_summary(config, RUN, status_counts(open_database(config.db_url, create=False))))
    medium = json.loads((home / "runs" / RUN / "evaluations" / "test" / "metrics.json").read_text())["medium"]
    header, test_row = lines[1], lines[2]
    assert header.split()[:2] == ["Medium", "accuracy"] and "blend (CNN + feature model)" in header
    assert test_row.startswith("test split (14 images)")
    assert test_row.split()[-4:] == [f"{value:.3f}" for value in (
        medium["accuracy"], medium["parts"]["cnn"]["accuracy"], medium["parts"]["features"]["accuracy"],
        medium["baseline"]["accuracy"])]
    shown = " ".join(" ".join(page(report).text).split())
    for line in lines[4:]:  # crawl, fidelity and neighbourhood sentences: word for word as the report has them
        assert line in shown


def test_strings_from_data_show_as_text(report):
    html = (report / "index.html").read_text(encoding="utf-8")
    parsed = page(report)
    assert parsed.scripts == 0  # the page has no script at all, so none from data
    text = "\n".join(parsed.text)
    for raw in (SCRIPT_TITLE, ODD_ARTIST, ODD_REASON):
        assert raw in text  # what the reader sees is the raw string
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;i&gt;Bo&lt;/i&gt;" in html


def test_the_crawl_section_counts_reasons_bytes_and_speed(report):
    text = " ".join(" ".join(page(report).text).split())
    assert "bam 0 0 49 1 3 2 55 49.0 kB" in text  # per status, total, bytes stored
    assert f"failed {ODD_REASON} 3" in text and "invalid not an image: cannot identify 2" in text
    assert "bam_images 2026-11-29T10:00:00+00:00 20.0 55 done 49, missing 1, failed 3, invalid 2 2.8 1.2 MB" in text
    assert "Public artworks (the first 3 of 3)" in text


def test_every_picture_and_link_lies_inside_the_folder(report):
    parsed = page(report)
    assert len(parsed.images) >= 10  # grids, curves, 4 confusion matrices, explain, map, bars, artworks
    for reference in parsed.images + parsed.links:
        if reference.startswith("#"):
            assert reference[1:] in parsed.ids
            continue
        assert "://" not in reference and not reference.startswith("/")
        target = (report / unquote(reference)).resolve()
        assert target.is_file() and target.is_relative_to(report.resolve()), reference


def test_only_the_explain_pages_and_pictures_are_copied(report):
    assert (report / "explain" / "index.html").is_file() and (report / "explain" / "pixel_maps" / "comic.png").is_file()
    assert not (report / "explain" / "features.npz").exists()
    assert not any(path.name == "escape.png" for path in report.rglob("*"))  # named, but outside its folder


def test_reasons_of_failure_are_all_shown_or_the_rest_counted(tmp_path, report):
    from sqlalchemy import insert

    from classifier_fixtures import make_store
    from storage.db import open_database
    from storage.models import Image

    assert "Why images of bam were not stored (every reason)" in " ".join(" ".join(page(report).text).split())
    config = make_store(tmp_path)
    with open_database(config.db_url).begin() as connection:
        for reason in range(10):  # reason r fails 10 - r images: the two rarest hold 2 + 1 images
            for n in range(10 - reason):
                connection.execute(insert(Image).values(source="bam", source_id=f"r{reason}-{n}", url="u",
                                                        medium="comic", status="failed", error=f"HTTP 5{reason:02d}",
                                                        attempts=1))
    assert main(["--home", str(tmp_path), "report"]) == 0
    text = " ".join(" ".join(page(tmp_path / "report").text).split())
    assert "Why images of bam were not stored (the 8 most frequent reasons)" in text
    assert "failed HTTP 507 3 2 other reasons, not shown 3" in text  # the 8th reason, then the rest counted


def test_a_second_report_replaces_the_first_whole(home, report, tmp_path):
    stale = report / "img" / "stale.png"
    stale.write_bytes(b"old")
    out = tmp_path / "elsewhere"
    assert main(["--home", str(home), "report", RUN, "--out", str(out)]) == 0
    assert main(["--home", str(home), "report", RUN, "--out", str(out)]) == 0
    assert (out / "index.html").is_file() and not (out / "img" / "stale.png").exists()
    assert not list(out.parent.glob(".elsewhere.*"))  # no building or old folder left behind


def test_a_chi_square_test_that_could_not_run_is_said_once_as_a_warning(home, report, tmp_path):
    summary_path = home / "neighbourhoods" / "public_art" / "summary.json"
    original = summary_path.read_text()
    summary = json.loads(original)
    refused = "The chi-square test needs artworks in two neighbourhoods and two predicted media."
    summary["chi_square"].update(statistic=None, dof=None, p_value=None, warning=refused, sentence=refused)
    try:
        summary_path.write_text(json.dumps(summary))
        assert main(["--home", str(home), "report", RUN, "--out", str(tmp_path / "out")]) == 0
    finally:
        summary_path.write_text(original)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="neighbourhoods"'):]  # the summary above says it too, as its finding
    assert section.count(refused) == 1 and f'<p class="warning">{refused}</p>' in section
    assert 'class="chi-square"' not in html and "p-value –" not in html  # no hollow figures after the warning


def test_sections_without_data_are_left_out(tmp_path):
    from classifier_fixtures import make_store

    make_store(tmp_path)
    assert main(["--home", str(tmp_path), "report"]) == 0
    parsed = page(tmp_path / "report")
    assert {"data", "crawl"} <= parsed.ids
    assert not {"training", "evaluation", "explanation", "neighbourhoods", "synthetic"} & parsed.ids
    assert "no finished training run yet" in " ".join(parsed.text)


@pytest.mark.parametrize("arguments, wording", [
    (["report", "no-such-run"], "no train run 'no-such-run'"),
    (["report", "--out", "{home}/a-file"], "is a file"),
    (["report", "--out", "{home}/world"], "not an earlier report"),
])
def test_bad_input_is_one_sentence_and_exit_2_with_nothing_written(home, capsys, arguments, wording):
    (home / "a-file").write_text("keep me")
    before = sorted(path.name for path in (home / "world").iterdir())
    arguments = [argument.format(home=home) for argument in arguments]
    assert main(["--home", str(home), *arguments]) == 2
    error = capsys.readouterr().err
    assert wording in error and error.count("\n") == 1
    assert (home / "a-file").read_text() == "keep me"
    assert sorted(path.name for path in (home / "world").iterdir()) == before


def test_without_a_database_nothing_is_created(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "report"]) == 2
    assert "no status database" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_crawl_that_fetched_images_leaves_its_record(tmp_path):
    from scrapy.utils.test import get_crawler

    from crawler.bad_input import BAD_INPUT
    from crawler.crawl_record import CrawlRecord
    from storage.records import read_crawls

    crawler = get_crawler(settings_dict={"MEDIUM_HOME": str(tmp_path)})
    extension = CrawlRecord.from_crawler(crawler)
    crawler.stats.set_value("start_time", datetime.now(timezone.utc) - timedelta(seconds=10))
    spider = Namespace(name="bam_images", source="bam")
    extension.spider_closed(spider, "finished")
    assert read_crawls(tmp_path) == []  # nothing fetched: nothing to record
    crawler.stats.set_value("medium/status/done", 40)
    crawler.stats.set_value("medium/status/failed", 2)
    extension.spider_closed(spider, BAD_INPUT)
    assert read_crawls(tmp_path) == []
    extension.spider_closed(spider, "finished")
    [record] = read_crawls(tmp_path)
    assert record["images"] == {"done": 40, "missing": 0, "failed": 2, "invalid": 0}
    assert record["seconds"] >= 10 and record["images_per_second"] == round(42 / record["seconds"], 2)
    assert record["spider"] == "bam_images" and record["finish_reason"] == "finished"


def test_import_bam_records_its_options(tmp_path):
    from bamfactory import Module, write_bam

    write_bam(tmp_path / "bam.sqlite", [Module(1, 1, "comic"), Module(2, 2, "oilpaint", margin=0.2)])
    assert main(["--home", str(tmp_path), "import-bam", str(tmp_path / "bam.sqlite"), "--min-margin", "1"]) == 0
    [record] = json.loads((tmp_path / "imports.json").read_text())
    assert record["file"] == str(tmp_path / "bam.sqlite")
    assert record["options"]["min_margin"] == 1 and record["options"]["labels"] == "scores"
    assert record["summary"]["imported"] == 1 and record["summary"]["per_class"] == {"comic": 1}


def test_confusion_matrix_shows_counts_shares_and_a_colour_bar():
    figure = plots.confusion_figure([[3, 1], [0, 2]], ["comic", "oilpaint"], "t")
    matrix_axes, colour_bar = figure.axes
    assert [text.get_text() for text in matrix_axes.texts] == ["3\n75%", "1\n25%", "0\n0%", "2\n100%"]
    assert [label.get_text() for label in matrix_axes.get_xticklabels()] == ["Comic", "Oil Paint"]
    assert colour_bar.get_ylabel() == "share of the true class"


def test_learning_curves_tell_train_from_validation_on_whole_epochs():
    history = pd.DataFrame({"epoch": range(3), **{f"{prefix}{head}_{measure}": np.linspace(0.2, 0.8, 3)
                                                 for prefix in ("", "val_") for head in ("medium", "emotion")
                                                 for measure in ("accuracy", "loss")}})
    figure = plots.history_figure(history, best_epoch=2)
    for ax in figure.axes:
        train, validation = ax.lines[:2]
        assert list(train.get_xdata()) == [1, 2, 3]
        assert train.get_linestyle() != validation.get_linestyle() and train.get_color() != validation.get_color()
        assert [text.get_text() for text in ax.get_legend().get_texts()] == ["train", "validation", "best epoch (2)"]
        assert all(float(tick).is_integer() for tick in ax.get_xticks())


def test_the_report_queries_agree_on_both_engines(db_url):
    from sqlalchemy import insert

    from analysis.report import database
    from storage.db import open_database
    from storage.models import Artwork, Image, Prediction, Run

    engine = open_database(db_url)
    with engine.begin() as connection:
        for i, (status, error, size) in enumerate([("failed", "HTTP 500", None), ("failed", "HTTP 500", None),
                                                   ("invalid", "empty body", None), ("done", None, 300),
                                                   ("done", None, 200)]):
            connection.execute(insert(Image).values(id=i + 1, source="bam", source_id=str(i), url="u", status=status,
                                                    error=error, bytes=size, attempts=1))
        connection.execute(insert(Run).values(id="r", kind="train", status="finished", params={}, metrics={}))
        connection.execute(insert(Prediction).values(image_id=4, run_id="r", medium="comic", medium_probability=0.9,
                                                     emotion="happy", emotion_probability=0.5, probabilities={}))
        connection.execute(insert(Artwork).values(source="city", source_id="1", title=SCRIPT_TITLE, image_id=4))
    assert database.failure_reasons(engine) == {"bam": [{"status": "failed", "reason": "HTTP 500", "count": 2},
                                                    {"status": "invalid", "reason": "empty body", "count": 1}]}
    assert database.bytes_stored(engine) == {"bam": 500}
    [art] = database.example_artworks(engine, "r")
    assert art["title"] == SCRIPT_TITLE and art["medium"] == "comic" and art["status"] == "done"
    assert database.example_artworks(engine, "other")[0]["medium"] is None


def test_a_long_confusion_title_stays_clear_of_the_colour_bar():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    title = "Medium head, CNN and feature model blended: outside set sampleworld-heldout-wayfarer (700 images)"
    figure = plots.confusion_figure([[3, 1], [0, 2]], ["comic", "oilpaint"], title)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    _, colour_bar = figure.axes
    [heading] = [text.get_window_extent(renderer) for text in figure.texts if text.get_text() == title]
    assert not heading.overlaps(colour_bar.get_window_extent(renderer))
    assert 0 <= heading.x0 and heading.x1 <= figure.bbox.width  # inside the picture, not cut
