"""`medium audit` on a store whose media differ by their features and some of whose labels were
changed on purpose: the changed labels come out as the suspects, the file and the page say so,
training and evaluation act on them, the database keeps its labels, and bad input writes nothing."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from classifier_fixtures import FixtureImage, add_images
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analysis.audit.build import SUMMARY_FILE
from analysis.audit.ranking import label_issues
from classifier.runs import FINISHED, begin_run, end_run
from classifier.suspects import COLUMNS, excluded_ids, read_suspects, suspects_path
from medium.cli import main
from storage.config import resolve
from storage.db import open_database
from storage.labels import MEDIA
from storage.models import Image, Run

RUN = "audited"
PER_MEDIUM = 40  # images of each medium, two to a project
CHANGED = 8  # labels changed to another medium
SIZE = (48, 40)
HOSTILE = "<b>mid"  # a source id is text from outside: shown, never interpreted


def medium_pictures(seed: int = 0) -> list[FixtureImage]:
    """Each medium its own grey level and grain (what the interpretable features see), in
    projects of two images, dealt over the splits."""
    rng = np.random.default_rng(seed)
    images = []
    for index, medium in enumerate(MEDIA):
        for i in range(PER_MEDIUM):
            level, grain = 25 + 30 * index, 3 + 4 * index
            pixels = np.clip(rng.normal(level, grain, (SIZE[1], SIZE[0], 3)), 0, 255).astype(np.uint8)
            split = ("train", "train", "val", "test")[i % 4]
            images.append(FixtureImage(pixels, medium, None, split, 1000 * index + i // 2))
    return images


def finished(config, run_id: str = RUN) -> None:
    """A finished training run row (the audit reads the stored images, not the model)."""
    engine = open_database(config.db_url)
    begin_run(engine, run_id, "train", {})
    end_run(engine, run_id, FINISHED, {}, model_path=f"runs/{run_id}/model.keras")


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """A store with CHANGED labels moved to the next medium, audited once through the CLI."""
    config = resolve(home=tmp_path_factory.mktemp("home"))
    ids = add_images(config, medium_pictures())
    changed = [ids[k] for k in np.random.default_rng(1).choice(len(ids), CHANGED, replace=False)]
    keys = list(MEDIA)
    engine = open_database(config.db_url)
    with engine.begin() as connection:
        for image_id in changed:
            medium = connection.execute(select(Image.medium).where(Image.id == image_id)).scalar_one()
            connection.execute(update(Image).where(Image.id == image_id).values(
                medium=keys[(keys.index(medium) + 1) % len(keys)], medium_margin=0.3, source_id=f"{HOSTILE}{image_id}"))
    finished(config)
    assert main(["--home", str(config.home), "audit", RUN, "--top", "3"]) == 0
    return config, set(changed)


def test_the_changed_labels_are_the_suspects(audited):
    config, changed = audited
    suspects = read_suspects(config, RUN)
    assert list(suspects.columns) == COLUMNS
    medium = suspects[suspects["head"] == "medium"].sort_values("rank")
    assert len(medium) == len(MEDIA) * PER_MEDIUM and medium["image_id"].is_unique
    flagged = set(medium.loc[medium["flagged"] == 1, "image_id"])
    assert flagged <= changed and len(flagged) >= CHANGED * 3 // 4  # cleanlab's estimate is cautious
    assert set(medium["image_id"].head(CHANGED)) == changed  # ranked first
    top = medium[medium["image_id"].isin(changed)]
    assert (top["suggested"] != top["published"]).all() and (top["bam_margin"] == 0.3).all()


def test_the_suggested_label_is_the_true_one(audited):
    config, changed = audited
    medium = read_suspects(config, RUN).query("head == 'medium'")
    engine = open_database(config.db_url)
    with engine.connect() as connection:
        stored = dict(connection.execute(select(Image.id, Image.medium).where(Image.id.in_(changed))).all())
    keys = list(MEDIA)
    for row in medium[medium["image_id"].isin(changed)].itertuples():
        assert row.published == stored[row.image_id]  # the database keeps the published label
        assert row.suggested == keys[(keys.index(row.published) - 1) % len(keys)]


def test_the_page_shows_the_suspects_as_pictures(audited):
    config, changed = audited
    folder = suspects_path(config, RUN).parent
    page = (folder / "index.html").read_text()
    summary = json.loads((folder / SUMMARY_FILE).read_text())
    assert summary["heads"]["medium"]["flagged"] >= CHANGED * 3 // 4
    assert summary["heads"]["emotion"]["audited"] == 0  # no moods in this store: said, not audited
    shown = [int(name.split("/")[1].split(".")[0]) for name in pd.Series(page.split('src="')[1:]).str.split('"').str[0]]
    assert shown and set(shown) <= set(read_suspects(config, RUN)["image_id"])
    assert all((folder / "images" / f"{image_id}.png").is_file() for image_id in shown)
    assert set(shown) <= changed
    assert "Published" in page and "suggested" in page


def test_a_second_audit_replaces_the_first_whole(audited):
    config, _ = audited
    folder = suspects_path(config, RUN).parent
    before = read_suspects(config, RUN)
    assert main(["--home", str(config.home), "audit", RUN, "--top", "1"]) == 0
    pd.testing.assert_frame_equal(read_suspects(config, RUN), before)  # same seed, same verdicts
    assert not any(path.name.startswith(".audit") for path in folder.parent.iterdir())


def test_selection_of_suspects():
    table = pd.DataFrame({"rank": [1, 2, 3, 1], "head": ["medium"] * 3 + ["emotion"], "image_id": [7, 8, 9, 10],
                          "quality": [0.01, 0.2, 0.6, 0.0], "flagged": [1, 1, 0, 1]})
    assert excluded_ids(table) == {7, 8}
    assert excluded_ids(table, top=1) == {7}
    assert excluded_ids(table, threshold=0.5) == {7, 8}
    assert excluded_ids(table, threshold=0.7) == {7, 8, 9}


def test_label_issues_rank_the_contradicted_labels_first():
    probabilities = np.array([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.2, 0.8], [0.95, 0.05], [0.15, 0.85]] * 5)
    labels = np.array([0, 0, 1, 1, 1, 1] * 5)  # the fifth of each six contradicts its probabilities
    issues = label_issues(labels, probabilities)
    wrong = np.arange(len(labels)) % 6 == 4
    assert issues["flagged"].to_numpy().astype(bool).tolist() == wrong.tolist()
    assert set(issues.loc[wrong, "rank"]) == set(range(1, wrong.sum() + 1))
    assert (issues.loc[wrong, "suggested"] == 0).all()


def files_under(home):
    """Every file but the database, which SQLite checkpoints when a reader closes it (the
    audit writes nothing to it: `test_database_labels_are_never_changed`)."""
    return {str(path.relative_to(home)): path.stat().st_mtime_ns for path in home.rglob("*")
            if path.is_file() and not path.name.startswith("medium.db")}


@pytest.mark.parametrize("case", ["unfinished", "no images", "top 0", "unknown"])
def test_bad_input_is_one_sentence_and_writes_nothing(tmp_path, capsys, case):
    config = resolve(home=tmp_path)
    open_database(config.db_url)
    if case == "unfinished":
        add_images(config, medium_pictures()[:20])
        begin_run(open_database(config.db_url), RUN, "train", {})
    else:
        finished(config)
        if case == "top 0":
            add_images(config, medium_pictures()[:20])
    before = files_under(tmp_path)
    arguments = {"top 0": [RUN, "--top", "0"], "unknown": ["nosuch"]}.get(case, [RUN])
    assert main(["--home", str(tmp_path), "audit", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("medium audit: ") and len(error.strip().splitlines()) == 1
    assert files_under(tmp_path) == before


def test_train_and_evaluate_refuse_bad_selections(tmp_path, capsys):
    config = resolve(home=tmp_path)
    finished(config)
    cases = [["train", "--exclude-suspects", RUN],  # no audit yet
             ["train", "--exclude-suspects", RUN, "--top", "0"],
             ["train", "--top", "3"],
             ["train", "--exclude-suspects", RUN, "--top", "3", "--threshold", "0.5"],
             ["evaluate", RUN, "--exclude-suspects", RUN, "--threshold", "2"]]
    before = files_under(tmp_path)
    for arguments in cases:
        assert main(["--home", str(tmp_path), *arguments]) == 2, arguments
        error = capsys.readouterr().err
        assert error.startswith(f"medium {arguments[0]}: ") and len(error.strip().splitlines()) == 1
    assert files_under(tmp_path) == before


def test_database_labels_are_never_changed(audited):
    config, _ = audited
    engine = open_database(config.db_url)
    with Session(engine) as session:
        labels = session.execute(select(Image.id, Image.medium, Image.emotion)).all()
    assert main(["--home", str(config.home), "audit", RUN]) == 0
    with Session(engine) as session:
        assert session.execute(select(Image.id, Image.medium, Image.emotion)).all() == labels


def test_train_and_evaluate_leave_the_suspects_out(audited):
    """A tiny run without the flagged medium labels records the choice in its params, and
    evaluate scores the test split with and without the suspects."""
    from classifier.params import TrainParams
    from classifier.train import train

    config, _ = audited
    suspects = read_suspects(config, RUN)
    flagged = suspects[(suspects["head"] == "medium") & (suspects["flagged"] == 1)]
    tiny = TrainParams(image_size=32, width=4, depth=1, batch_size=16, epochs=1, exclude_suspects=RUN)
    run_id = train(config, tiny, "cleaned", verbose=0)
    engine = open_database(config.db_url)
    with Session(engine) as session:
        run = session.get(Run, run_id)
    assert run.params["exclude_suspects"] == RUN and run.params["suspects_top"] is None
    trained = flagged["split"].isin(["train", "val"]).sum()
    assert run.metrics["excluded_suspects"] == len(flagged)
    counted = sum(sum(run.metrics["class_counts"][split]["medium"].values()) for split in ("train", "val"))
    assert counted == len(MEDIA) * PER_MEDIUM * 3 // 4 - trained

    assert main(["--home", str(config.home), "evaluate", run_id, "--exclude-suspects", RUN, "--top", "2"]) == 0
    report = json.loads((config.runs_dir / run_id / "evaluations" / "test" / "metrics.json").read_text())
    top_two_in_test = suspects[suspects["head"] == "medium"].nsmallest(2, "rank")["split"].eq("test").sum()
    cleaned = report["without_suspects"]
    assert cleaned["audit_run"] == RUN and cleaned["excluded"] == top_two_in_test
    assert cleaned["medium"]["images"] == report["medium"]["images"] - top_two_in_test

    from analysis.audit.section import labels_section
    from analysis.report.folder import ReportFolder

    notes = []
    section = labels_section(config, run_id, ReportFolder(config.home / "report-folder"), notes)
    assert section is None and notes  # run "cleaned" has no audit of its own
    audited_run = config.runs_dir / RUN / "evaluations" / "test"
    audited_run.mkdir(parents=True)
    (audited_run / "metrics.json").write_text(json.dumps(report))
    section = labels_section(config, RUN, ReportFolder(config.home / "report-folder-2"), notes)
    assert f"on all {report['medium']['images']} images" in section
    assert f"without the {top_two_in_test} that the audit of run {RUN} suspects" in section


def test_the_report_has_a_labels_section(audited, tmp_path):
    from analysis.report.build import write_report

    config, _ = audited
    page = write_report(config, RUN, tmp_path / "report").read_text()
    section = page[page.index('<section id="labels">'):]
    section = section[:section.index("</section>")]
    summary = json.loads((suspects_path(config, RUN).parent / SUMMARY_FILE).read_text())
    assert f"flags <strong>{summary['heads']['medium']['flagged']}</strong>" in section
    pictures = [part.split('"')[0] for part in section.split('src="')[1:]]
    assert pictures and all((tmp_path / "report" / picture).is_file() for picture in pictures)
    assert "&lt;b&gt;mid" in section and HOSTILE not in section
    assert 'href="#labels"' in page


def test_a_report_without_an_audit_says_how_to_get_one(tmp_path):
    from analysis.report.build import write_report

    config = resolve(home=tmp_path)
    add_images(config, medium_pictures()[:20])
    finished(config)
    page = write_report(config, RUN, tmp_path / "report").read_text()
    assert 'id="labels"' not in page and f"medium audit {RUN}" in page
