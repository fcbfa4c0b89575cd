"""`medium import-bam` and the importer behind it, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select, update

from bamfactory import Module, write_bam
from medium.cli import main
from storage.bam_import import ImportOptions, import_bam
from storage.bam_labels import read_labels
from storage.bamfile import open_bam
from storage.db import open_database
from storage.labels import MEDIA, MEDIA_COLUMNS
from storage.models import Image, Status
from storage.splits import assign_splits

MEDIA_KEYS = list(MEDIA)


def rows(db_url) -> pd.DataFrame:
    with open_database(db_url).connect() as connection:
        return pd.read_sql(select(Image).order_by(Image.source_id), connection).set_index("source_id")


@pytest.fixture
def small_bam(tmp_path):
    modules = [
        Module(1001, 10, "oilpaint", "happy", top=-0.2, margin=4.0),
        Module(1002, 10, "oilpaint", "gloomy", top=-0.3, margin=0.5),  # weak margin
        Module(1003, 11, "comic", None, top=-6.0, margin=3.0),  # weak top score
        Module(1004, 12, "watercolor", "peaceful"),
        Module(1005, 13, None),  # no scores row: no label
        Module(1006, 14, "vectorart", "scary", dead=True),
        Module(1007, 15, "graphite", "happy", crowd={"media_graphite": "positive", "emotion_happy": "positive"}),
        Module(1008, 16, "pen_ink", crowd={"media_pen_ink": "positive", "media_comic": "positive"}),  # two media
        Module(1009, 17, "3d_graphics", crowd={"media_3d_graphics": "positive", "media_comic": "negative"}),
    ]
    return write_bam(tmp_path / "bam.sqlite", modules)


def test_scores_strategy_takes_the_argmax_with_top_score_and_margin(small_bam, db_url):
    summary = import_bam(small_bam, db_url)
    table = rows(db_url)
    assert "1005" not in table.index  # no scores, no label
    assert summary.labelled == 8 and summary.imported == 8 and summary.new == 8
    assert table.loc["1001", ["medium", "emotion", "label_source"]].tolist() == ["oilpaint", "happy", "scores"]
    assert table.loc["1001", "medium_score"] == pytest.approx(-0.2)
    assert table.loc["1001", "medium_margin"] == pytest.approx(4.0)
    assert table.loc["1004", "status"] == "pending" and table.loc["1004", "project_id"] == 12
    assert table.loc["1004", "url"].startswith("https://mir-s3-cdn-cf.behance.net/project_modules/disp/")


def test_dead_links_are_stored_missing_with_the_reason_and_no_split(small_bam, db_url):
    import_bam(small_bam, db_url)
    dead = rows(db_url).loc["1006"]
    assert dead["status"] == Status.MISSING
    assert "dead link" in dead["error"] and "mir-cdn.behance.net/v1/rendition/" in dead["error"]
    assert pd.isna(dead["split"])
    assert (rows(db_url).drop(index="1006")["status"] == Status.PENDING).all()


def test_min_score_and_min_margin_drop_weak_labels(small_bam, db_url):
    import_bam(small_bam, db_url, ImportOptions(min_score=-5.0, min_margin=1.0))
    assert {"1002", "1003"}.isdisjoint(rows(db_url).index)
    assert {"1001", "1004"} <= set(rows(db_url).index)


def test_weak_emotion_is_dropped_but_the_image_kept(tmp_path, sqlite_url):
    modules = [Module(1, 1, "comic", "scary", margin=3.0, emotion_margin=2.0),
               Module(2, 2, "comic", "happy", margin=3.0, emotion_margin=0.5)]
    import_bam(write_bam(tmp_path / "b.sqlite", modules), sqlite_url, ImportOptions(min_margin=1.0))
    table = rows(sqlite_url)
    assert table.loc["1", "emotion"] == "scary"
    assert table.loc["2", "medium"] == "comic" and pd.isna(table.loc["2", "emotion"])


def test_media_restricts_classes_by_key_or_display_name(small_bam, db_url):
    import_bam(small_bam, db_url, ImportOptions(media=("oilpaint", "Water Color")))
    assert set(rows(db_url)["medium"]) == {"oilpaint", "watercolor"}


def test_crowd_strategy_needs_exactly_one_positive_medium(small_bam, db_url):
    import_bam(small_bam, db_url, ImportOptions(labels="crowd"))
    table = rows(db_url)
    assert list(table.index) == ["1007", "1009"]
    assert table.loc["1007", ["medium", "emotion", "label_source"]].tolist() == ["graphite", "happy", "crowd"]
    assert pd.isna(table.loc["1009", "emotion"]) and pd.isna(table.loc["1009", "medium_score"])


@pytest.mark.parametrize("as_view", [False, True])
def test_automatic_strategy_reads_the_table_or_view(tmp_path, sqlite_url, as_view):
    modules = [Module(1, 1, "comic", "happy"), Module(2, 2, "oilpaint")]
    import_bam(write_bam(tmp_path / "b.sqlite", modules, automatic_as_view=as_view), sqlite_url,
               ImportOptions(labels="automatic"))
    table = rows(sqlite_url)
    assert table["medium"].to_dict() == {"1": "comic", "2": "oilpaint"}
    assert table.loc["1", "emotion"] == "happy" and pd.isna(table.loc["2", "emotion"])


def labelled_world(tmp_path, n_projects=700, seed=0) -> tuple:
    """A bigger file: projects of 1-6 modules that share a medium, a few per project odd."""
    rng = np.random.default_rng(seed)
    modules, mid = [], 1
    for project in range(n_projects):
        medium = MEDIA_KEYS[rng.integers(len(MEDIA_KEYS))]
        for _ in range(rng.integers(1, 7)):
            odd = rng.random() < 0.1
            modules.append(Module(mid, 5000 + project, MEDIA_KEYS[rng.integers(7)] if odd else medium,
                                  top=float(-rng.random() * 3), margin=float(0.1 + rng.random() * 4)))
            mid += 1
    return write_bam(tmp_path / "world.sqlite", modules), modules


def test_split_is_stratified_grouped_and_reproducible(tmp_path, db_url):
    path, _ = labelled_world(tmp_path)
    import_bam(path, db_url, ImportOptions(seed=3))
    table = rows(db_url)
    assert table.groupby("project_id")["split"].nunique().max() == 1  # no project in two splits
    fractions = pd.crosstab(table["medium"], table["split"], normalize="index")
    assert np.allclose(fractions["train"], 0.70, atol=0.06), fractions
    assert np.allclose(fractions["val"], 0.15, atol=0.06), fractions
    assert np.allclose(fractions["test"], 0.15, atol=0.06), fractions

    other = f"sqlite:///{tmp_path / 'again.db'}"
    import_bam(path, other, ImportOptions(seed=3))
    assert rows(other)["split"].equals(table["split"])
    third = f"sqlite:///{tmp_path / 'other-seed.db'}"
    import_bam(path, third, ImportOptions(seed=4))
    assert not rows(third)["split"].equals(table["split"])


def test_reimport_is_idempotent_and_keeps_fates_and_splits(tmp_path, db_url):
    path, _ = labelled_world(tmp_path, n_projects=60)
    import_bam(path, db_url, ImportOptions(min_margin=2.0))
    first = rows(db_url)
    engine = open_database(db_url)
    done_id = first.index[0]
    with engine.begin() as connection:
        connection.execute(update(Image).where(Image.source_id == done_id)
                           .values(status=Status.DONE, path="bam/00/x.jpg", http_status=200, attempts=1))

    again = import_bam(path, db_url, ImportOptions(min_margin=2.0))
    assert again.new == 0
    second = rows(db_url)
    assert len(second) == len(first)
    assert second.loc[done_id, ["status", "path", "http_status"]].tolist() == ["done", "bam/00/x.jpg", 200]
    assert second["split"].equals(first["split"])

    # a wider import adds rows; projects already split keep their split for their new rows
    wider = import_bam(path, db_url, ImportOptions(min_margin=0.0, seed=99))
    third = rows(db_url)
    assert wider.new == len(third) - len(first) > 0
    assert third.loc[first.index, "split"].equals(first["split"])
    assert third.groupby("project_id")["split"].nunique().max() == 1


def test_a_reimport_touches_updated_at_only_of_rows_that_change(small_bam, db_url):
    import_bam(small_bam, db_url)
    engine = open_database(db_url)
    long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
    with engine.begin() as connection:
        connection.execute(update(Image).values(updated_at=long_ago))
    import_bam(small_bam, db_url)  # the same file: nothing changes
    assert (rows(db_url)["updated_at"].dt.year == 2000).all()

    with sqlite3.connect(small_bam) as bam:  # 1004 turns from watercolor to comic
        bam.execute("UPDATE scores SET media_comic = 0 WHERE mid = 1004")
    import_bam(small_bam, db_url)
    table = rows(db_url)
    assert table.loc["1004", "medium"] == "comic"
    assert sorted(table.index[table["updated_at"].dt.year != 2000]) == ["1004"]


def test_per_class_draws_a_balanced_reproducible_sample(tmp_path, db_url):
    path, _ = labelled_world(tmp_path, n_projects=300)
    summary = import_bam(path, db_url, ImportOptions(per_class=20, seed=1))
    assert summary.per_class == dict.fromkeys(MEDIA_KEYS, 20)
    table = rows(db_url)
    assert table["medium"].value_counts().to_dict() == dict.fromkeys(MEDIA_KEYS, 20)
    other = f"sqlite:///{tmp_path / 'again.db'}"
    import_bam(path, other, ImportOptions(per_class=20, seed=1))
    assert list(rows(other).index) == list(table.index)


def test_labels_are_read_with_slim_dtypes(small_bam):
    with open_bam(small_bam, "scores") as connection:
        chunk = next(read_labels(connection, "scores"))
    assert chunk["mid"].dtype.itemsize <= 4 and chunk["project_id"].dtype.itemsize <= 4
    assert chunk["medium"].dtype == np.int8 and chunk["medium_score"].dtype == np.float32


# ---- bad input: one sentence, exit status 2, nothing written ------------------------------------

def run_cli(tmp_path, capsys, *args) -> tuple[int, str]:
    code = main(["--home", str(tmp_path / "home"), "import-bam", *map(str, args)])
    return code, capsys.readouterr().err.strip()


def test_missing_file(tmp_path, capsys):
    code, err = run_cli(tmp_path, capsys, tmp_path / "nope.sqlite")
    assert (code, err) == (2, f"medium import-bam: BAM file not found: {tmp_path / 'nope.sqlite'}")
    assert not (tmp_path / "home").exists()


def test_not_sqlite(tmp_path, capsys):
    path = tmp_path / "notes.sqlite"
    path.write_text("mid,src\n1,http://x\n")
    code, err = run_cli(tmp_path, capsys, path)
    assert (code, err) == (2, f"medium import-bam: {path} is not a SQLite database")
    assert not (tmp_path / "home").exists()


def test_sqlite_without_modules(tmp_path, capsys):
    path = write_bam(tmp_path / "b.sqlite", [Module(1, 1, "comic")], tables=("scores",))
    code, err = run_cli(tmp_path, capsys, path)
    assert (code, err) == (2, f"medium import-bam: {path} has no 'modules' table, so it is not a BAM metadata file")


def test_scores_without_media_columns(tmp_path, capsys):
    path = write_bam(tmp_path / "b.sqlite", [Module(1, 1, "comic")], drop_score_columns=MEDIA_COLUMNS[5:])
    code, err = run_cli(tmp_path, capsys, path)
    assert (code, err) == (2, f"medium import-bam: 'scores' in {path} lacks the media columns: "
                              "media_vectorart, media_watercolor")


def test_text_in_a_score_column_names_the_column_and_the_first_mid(small_bam, tmp_path, capsys):
    with sqlite3.connect(small_bam) as bam:
        bam.execute("UPDATE scores SET emotion_happy = 'n/a' WHERE mid = 1009")
        bam.execute("UPDATE scores SET media_3d_graphics = 'abc' WHERE mid = 1004")
    code, err = run_cli(tmp_path, capsys, small_bam)
    assert (code, err) == (2, "medium import-bam: the scores table has 'abc' in column media_3d_graphics of mid 1004, "
                              "where a number belongs; the file is damaged or not BAM's")
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize(("strategy", "table"), [("crowd", "crowd_labels"), ("automatic", "automatic_labels")])
def test_strategy_whose_table_is_absent(tmp_path, capsys, strategy, table):
    path = write_bam(tmp_path / "b.sqlite", [Module(1, 1, "comic")], tables=("modules", "scores"))
    code, err = run_cli(tmp_path, capsys, path, "--labels", strategy)
    assert (code, err) == (2, f"medium import-bam: {path} has no '{table}' table, which --labels {strategy} reads")


def test_unknown_medium_and_options_of_another_strategy(small_bam, tmp_path, capsys):
    code, err = run_cli(tmp_path, capsys, small_bam, "--media", "crayon")
    assert code == 2 and err.startswith("medium import-bam: unknown medium 'crayon'; known: 3d_graphics")
    code, err = run_cli(tmp_path, capsys, small_bam, "--labels", "crowd", "--min-margin", "1")
    assert (code, err) == (2, "medium import-bam: --min-score and --min-margin apply to --labels scores only")


def test_bad_input_leaves_an_existing_database_untouched(small_bam, tmp_path, capsys):
    home = tmp_path / "home"
    assert main(["--home", str(home), "import-bam", str(small_bam)]) == 0
    before = sqlite3.connect(home / "medium.db").execute("SELECT * FROM images ORDER BY id").fetchall()
    code, _ = run_cli(tmp_path, capsys, small_bam, "--media", "comic", "--min-score", "-1")  # nothing qualifies
    assert code == 2
    assert sqlite3.connect(home / "medium.db").execute("SELECT * FROM images ORDER BY id").fetchall() == before


def test_a_folder_is_named_a_folder(tmp_path, capsys):
    folder = tmp_path / "downloads"
    folder.mkdir()
    code, err = run_cli(tmp_path, capsys, folder)
    assert (code, err) == (2, f"medium import-bam: {folder} is a folder; give the BAM .sqlite file in it")
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize(("flag", "value"), [("--min-score", "nan"), ("--min-margin", "inf")])
def test_non_finite_thresholds_are_refused(small_bam, tmp_path, capsys, flag, value):
    code, err = run_cli(tmp_path, capsys, small_bam, flag, value)
    assert (code, err) == (2, f"medium import-bam: {flag} must be a finite number, not {value}")
    assert not (tmp_path / "home").exists()


# ---- small data: every class in every split, re-split on request --------------------------------

def lumpy_projects(seed: int, n_projects: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """A small world: unequal classes (one of them with only three projects) and projects of
    1-8 modules, as a 120-image world has."""
    rng = np.random.default_rng(seed)
    media = np.concatenate([[6, 6, 6], rng.choice(6, n_projects - 3, p=[.3, .25, .15, .1, .1, .1])])
    sizes = rng.integers(1, 9, n_projects)
    return np.repeat(media, sizes), np.repeat(np.arange(n_projects) + 1000, sizes)


@pytest.mark.parametrize("seed", range(8))
def test_every_class_with_three_projects_reaches_every_split(seed):
    labels, projects = lumpy_projects(seed)
    table = pd.DataFrame({"label": labels, "project": projects, "split": assign_splits(labels, projects, seed=seed)})
    assert table.groupby("project")["split"].nunique().max() == 1
    projects_per_class = table.groupby("label")["project"].nunique()
    present = pd.crosstab(table["label"], table["split"]).reindex(columns=["train", "val", "test"], fill_value=0)
    for label in projects_per_class[projects_per_class >= 3].index:
        assert (present.loc[label] > 0).all(), (seed, label, present.loc[label].to_dict())


def test_resplit_deals_projects_anew_and_keeps_each_project_whole(tmp_path, capsys, db_url):
    path, _ = labelled_world(tmp_path, n_projects=80)
    db = db_url
    medium = ["--home", str(tmp_path / "home"), "--db", db, "import-bam", str(path)]
    assert main([*medium, "--seed", "1"]) == 0
    first = rows(db)
    assert main([*medium, "--seed", "2"]) == 0
    assert rows(db)["split"].equals(first["split"])  # without --resplit, stored splits stay
    # the re-split covers a project's rows that this import does not choose (weak margins) too
    capsys.readouterr()
    assert main([*medium, "--seed", "2", "--resplit", "--min-margin", "2"]) == 0
    assert "re-split" in capsys.readouterr().out
    second = rows(db)
    assert len(second) == len(first)
    assert not second["split"].equals(first["split"])
    assert second.groupby("project_id")["split"].nunique().max() == 1
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    import_bam(path, fresh, ImportOptions(seed=2, min_margin=2))
    chosen = rows(fresh).index
    assert second.loc[chosen, "split"].equals(rows(fresh)["split"])  # as a first import with that seed
