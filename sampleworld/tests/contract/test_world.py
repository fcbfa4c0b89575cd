"""The sample world's contract with the product and its tests: the BAM-schema file, the world folder, the loopback CDN and its faults, the CLI verb."""

from __future__ import annotations

import http.client
import io
import json
import re
import socket
import sqlite3
import urllib.parse

import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageOps

from sampleworld import (
    DEFAULT,
    FAULT_KINDS,
    HELDOUT_FAMILIES,
    LOOKS,
    MEDIA,
    MOODS,
    OUTSIDER_STYLES,
    SHIFTED,
    VARIANT_KINDS,
    WAYFARER_STYLES,
    build_heldout_set,
    build_shifted_set,
    build_world,
    examples_per_class,
    expected_variant_pixels,
    modules_truth,
    render_artwork,
    running_server,
    training_look,
    write_bam_file,
)
from sampleworld.vocabulary import (
    CONTENT_COLUMNS,
    DEAD_PREFIX,
    EMOTION_COLUMNS,
    LIVE_PREFIX,
    MEDIA_COLUMNS,
    SCORE_COLUMNS,
)
from sampleworld.world import artwork_seed

SMALL = {"width": 160, "height": 120}
LIVE_SRC = re.compile(re.escape(LIVE_PREFIX) + r"[0-9a-f]{10}\.[0-9a-f]{13}\.(jpg|png)$")
N_BAM = 20_000
SLOW_SECONDS = 1.0


# --- BAM-schema file --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bam(tmp_path_factory):
    path = write_bam_file(tmp_path_factory.mktemp("bam") / "bam.sqlite", N_BAM, seed=3)
    connection = sqlite3.connect(path)
    yield connection, modules_truth(N_BAM, seed=3)
    connection.close()


def _table_columns(connection, table):
    return [(row[1], row[2]) for row in connection.execute(f"PRAGMA table_info({table})")]


def test_bam_file_has_the_real_tables_and_columns(bam):
    connection, _ = bam
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"modules", "scores", "crowd_labels", "automatic_labels", "crowd_raw_hits", "crowd_raw_choices",
            "crowd_raw_captions"} <= tables
    assert _table_columns(connection, "modules") == [
        ("mid", "INTEGER"), ("project_id", "INTEGER"), ("src", "TEXT"), ("mature_content", "BOOLEAN"),
        ("license", "TEXT")]
    assert _table_columns(connection, "scores") == [("mid", "INTEGER")] + [(c, "REAL") for c in SCORE_COLUMNS]
    assert len(CONTENT_COLUMNS) + len(EMOTION_COLUMNS) + len(MEDIA_COLUMNS) == 20
    assert _table_columns(connection, "crowd_labels") == [("mid", "INTEGER"), ("attribute", "TEXT"),
                                                          ("label", "TEXT")]
    assert _table_columns(connection, "automatic_labels") == [("mid", "INTEGER")] + [(c, "TEXT") for c in SCORE_COLUMNS]
    for table in ("crowd_raw_hits", "crowd_raw_choices", "crowd_raw_captions"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_modules_look_like_behance_modules(bam):
    connection, truth = bam
    modules = pd.read_sql("SELECT * FROM modules", connection)
    assert len(modules) == N_BAM and modules["mid"].is_unique
    assert modules["mid"].between(100_000, 999_999_999).all()
    assert (np.diff(np.sort(modules["mid"])) > 1).mean() > 0.9  # not sequential
    dead = modules["src"].str.startswith(DEAD_PREFIX)
    assert 0.01 < dead.mean() < 0.03
    assert modules.loc[~dead, "src"].str.match(LIVE_SRC).all()
    assert 0.03 < modules["src"].str.endswith(".png").mean() < 0.07
    sizes = modules.groupby("project_id").size()
    assert sizes.max() <= 8 and (sizes > 1).mean() > 0.5
    same_medium = truth.groupby("project_id")["medium"].agg(lambda m: m.value_counts().iloc[0] / len(m))
    assert 0.85 < same_medium[sizes[sizes > 1].index].mean() < 0.97
    assert truth["mid"].tolist() == modules["mid"].tolist()


def test_scores_are_non_positive_and_missing_for_a_few_modules(bam):
    connection, _ = bam
    scores = pd.read_sql("SELECT * FROM scores", connection)
    values = scores[list(SCORE_COLUMNS)].to_numpy()
    assert values.max() <= 0 and values.min() >= -23
    assert 0.02 < 1 - len(scores) / N_BAM < 0.06


def test_label_noise_is_about_ten_percent_and_sits_at_low_margins(bam):
    connection, truth = bam
    scores = pd.read_sql("SELECT * FROM scores", connection).merge(truth, on="mid")
    for columns, keys, true in ((MEDIA_COLUMNS, MEDIA, "medium"), (EMOTION_COLUMNS, MOODS, "mood")):
        values = scores[list(columns)].to_numpy()
        ordered = np.sort(values, axis=1)
        margin = ordered[:, -1] - ordered[:, -2]
        right = np.asarray(keys)[values.argmax(axis=1)] == scores[true].to_numpy()
        assert 0.85 < right.mean() < 0.95
        assert right[margin >= 1.5].mean() > 0.96
        assert right[margin < 1.5].mean() < 0.7
        assert (margin >= 1.5).mean() > 0.75  # the filter keeps most modules


def test_crowd_labels_are_valid_and_mostly_right(bam):
    connection, truth = bam
    crowd = pd.read_sql("SELECT * FROM crowd_labels", connection)
    assert set(crowd["label"]) == {"positive", "negative", "unsure"}
    assert set(crowd["attribute"]) <= set(SCORE_COLUMNS)
    assert not crowd.duplicated(["mid", "attribute"]).any()
    assert 0.15 < crowd["mid"].nunique() / N_BAM < 0.25
    positive_media = crowd[(crowd["label"] == "positive") & crowd["attribute"].str.startswith("media_")]
    positive_media = positive_media.merge(truth, on="mid")
    assert (positive_media["attribute"] == "media_" + positive_media["medium"]).mean() > 0.9


def test_automatic_labels_follow_the_scores(bam):
    connection, _ = bam
    joined = pd.read_sql("SELECT s.media_comic AS score, a.media_comic AS label "
                         "FROM scores s JOIN automatic_labels a USING (mid)", connection)
    assert len(joined) == connection.execute("SELECT count(*) FROM scores").fetchone()[0]
    assert set(joined["label"]) == {"positive", "negative", "unsure"}
    assert joined.loc[joined["label"] == "positive", "score"].min() > joined.loc[joined["label"] == "negative",
                                                                                "score"].max()


def test_bam_file_is_written_whole_and_deterministically(tmp_path):
    write_bam_file(tmp_path / "a.sqlite", 300, seed=9)
    write_bam_file(tmp_path / "b.sqlite", 300, seed=9)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite", "b.sqlite"]  # no temporary left
    dumps = ["\n".join(sqlite3.connect(tmp_path / name).iterdump()) for name in ("a.sqlite", "b.sqlite")]
    assert dumps[0] == dumps[1]
    assert not modules_truth(300, seed=9).equals(modules_truth(300, seed=10))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "bam.sqlite"
    path.write_bytes(b"the previous file")
    bad = pd.DataFrame({"mid": [999_999_999], "project_id": [1], "src": [LIVE_PREFIX + "x.jpg"],
                        "medium": ["fresco"], "mood": ["happy"]})
    with pytest.raises(ValueError):
        write_bam_file(path, 10, extra_modules=bad)
    assert list(tmp_path.iterdir()) == [path] and path.read_bytes() == b"the previous file"


# --- world folder -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("world"), 40, seed=5, faults=True)


def _regular(world):
    manifest = world.manifest
    return manifest[manifest["fault"] == ""]


def test_world_images_decode_and_match_the_manifest(world):
    regular = _regular(world)
    assert len(regular) == 40
    assert set(regular["medium"]) <= set(MEDIA) and set(regular["mood"]) <= set(MOODS)
    live = regular[regular["path"] != ""]
    assert (live["src"].str.startswith(LIVE_PREFIX)).all()
    assert (regular.loc[regular["path"] == "", "src"].str.startswith(DEAD_PREFIX)).all()
    for row in live.itertuples():
        with Image.open(world.directory / row.path) as image:
            assert image.format == ("PNG" if row.src.endswith(".png") else "JPEG")
            assert image.size[0] == 600 and DEFAULT.height_range[0] <= image.size[1] <= DEFAULT.height_range[1]
    row = live.iloc[0]
    expected = np.asarray(render_artwork(row["medium"], row["mood"], artwork_seed(5, row["mid"])), dtype=float)
    stored = np.asarray(Image.open(world.directory / row["path"]).convert("RGB"), dtype=float)
    assert np.abs(stored - expected).mean() < 4  # the file is the module's true medium and mood


def test_world_bam_file_lists_every_module_and_scores_faults_confidently(world):
    connection = sqlite3.connect(world.bam_path)
    mids = {mid for (mid,) in connection.execute("SELECT mid FROM modules")}
    assert mids == set(world.manifest["mid"])
    faulty = world.manifest[world.manifest["fault"] != ""]
    scores = pd.read_sql("SELECT * FROM scores", connection).set_index("mid").loc[faulty["mid"]]
    values = scores[list(MEDIA_COLUMNS)].to_numpy()
    ordered = np.sort(values, axis=1)
    assert (ordered[:, -1] - ordered[:, -2] >= 2.5).all()
    assert (np.asarray(MEDIA)[values.argmax(axis=1)] == faulty["medium"].to_numpy()).all()


def test_world_lists_every_fault_kind(world):
    assert set(world.faults) == set(FAULT_KINDS)
    table = json.loads((world.directory / "faults.json").read_text())
    assert {fault["kind"] for fault in table["faults"]} == set(FAULT_KINDS)
    assert "synthetic" in table["notice"]
    assert len(world.faults["exif_rotated"]) == 2


def _fault_row(world, kind):
    return world.manifest[world.manifest["fault"] == kind].iloc[0]


def test_broken_fault_files_are_broken_the_documented_way(world):
    truncated = world.directory / _fault_row(world, "truncated")["path"]
    with pytest.raises(OSError), Image.open(truncated) as image:
        image.load()
    assert (world.directory / _fault_row(world, "empty")["path"]).stat().st_size == 0
    bomb = world.directory / _fault_row(world, "bomb")["path"]
    assert bomb.stat().st_size < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(bomb)


def _upright_rgb(data: bytes) -> Image.Image:
    """The decoding the crawler is expected to do: EXIF transpose, 16 bits scaled, alpha on white."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    if image.mode == "I;16":
        image = Image.fromarray((np.asarray(image) >> 8).astype(np.uint8))
    if "A" in image.getbands():
        white = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(white, image.convert("RGBA"))
    return image.convert("RGB")


def _assert_expected_picture(image: Image.Image, kind: str) -> None:
    expected = expected_variant_pixels(kind)
    assert image.size == expected.size
    width, height = image.size
    for x, colour in ((width // 4, expected.left), (3 * width // 4, expected.right)):
        assert np.abs(np.subtract(image.getpixel((x, height // 2)), colour)).max() <= expected.tolerance, kind


@pytest.mark.parametrize("kind", VARIANT_KINDS)
def test_variants_decode_to_the_documented_upright_picture(world, kind):
    for mid in world.faults[kind]:
        row = world.manifest.set_index("mid").loc[mid]
        data = (world.directory / row["path"]).read_bytes()
        _assert_expected_picture(_upright_rgb(data), kind)


def test_variants_need_the_care_they_are_there_for(world):
    """Without EXIF transposing, 16-bit scaling or flattening on white, the picture comes out wrong."""
    read = {kind: (world.directory / _fault_row(world, kind)["path"]).read_bytes() for kind in VARIANT_KINDS}
    assert Image.open(io.BytesIO(read["exif_rotated"])).size == expected_variant_pixels("exif_rotated").size[::-1]
    assert Image.open(io.BytesIO(read["gray16"])).mode == "I;16"
    naive = Image.open(io.BytesIO(read["rgba"])).convert("RGB")
    assert naive.getpixel((3 * naive.size[0] // 4, 10)) == (0, 0, 0)
    assert Image.open(io.BytesIO(read["cmyk"])).mode == "CMYK"
    assert Image.open(io.BytesIO(read["palette"])).mode == "P"


def test_rebuilding_the_same_world_reuses_it_and_other_arguments_rebuild(tmp_path):
    first = build_world(tmp_path, 5, seed=1)
    manifest = tmp_path / "manifest.csv"
    stamp = manifest.stat().st_mtime_ns
    again = build_world(tmp_path, 5, seed=1)
    assert manifest.stat().st_mtime_ns == stamp
    assert again.manifest.equals(first.manifest)
    bigger = build_world(tmp_path, 7, seed=1)
    assert len(bigger.manifest) == 7
    files = {p.name for p in (tmp_path / "cdn/project_modules/disp").iterdir()}
    assert files == {row.split("/")[-1] for row in bigger.manifest["path"] if row}  # old files are gone


def test_examples_per_class_gives_files_of_each_class(world):
    by_medium = examples_per_class(world.directory, 2)
    assert list(by_medium) == list(MEDIA)
    truth = world.manifest.set_index("path")["medium"]
    for medium, paths in by_medium.items():
        assert len(paths) <= 2
        for path in paths:
            assert path.is_file() and truth[str(path.relative_to(world.directory))] == medium
    assert list(examples_per_class(world.directory, 1, by="mood")) == list(MOODS)
    with pytest.raises(ValueError):
        examples_per_class(world.directory, 1, by="colour")


def test_examples_show_as_many_looks_as_the_world_has_before_repeating_one(world):
    looks = world.manifest.set_index("path")["look"]
    for medium, paths in examples_per_class(world.directory, 4).items():
        shown = [looks[str(path.relative_to(world.directory))] for path in paths]
        available = world.manifest.query("medium == @medium and fault == '' and path != ''")["look"].nunique()
        assert len(set(shown)) == min(len(shown), available), (medium, shown)


def test_world_draws_each_artwork_in_a_training_look(world):
    """Re-render some world files in the training look their seed draws, which the manifest
    names: byte for byte the same."""
    for row in _regular(world).query("path != ''").head(6).itertuples():
        seed = artwork_seed(5, row.mid)
        look = training_look(row.medium, seed)
        assert look in LOOKS[row.medium] and row.look == look
        again = io.BytesIO()
        encoding = {"format": "PNG"} if row.path.endswith(".png") else {"format": "JPEG", "quality": 90}
        render_artwork(row.medium, row.mood, seed, look=look).save(again, **encoding)
        with Image.open(world.directory / row.path) as stored, Image.open(again) as expected:
            assert np.array_equal(np.asarray(stored.convert("RGB")), np.asarray(expected.convert("RGB")))


def test_heldout_set_is_drawn_by_the_outsider_family_one_folder_per_medium(tmp_path):
    labels = build_heldout_set(tmp_path, 14)
    assert sorted(labels["medium"].value_counts().to_dict().items()) == [(m, 2) for m in sorted(MEDIA)]
    on_disk = pd.read_csv(tmp_path / "labels.csv", keep_default_na=False)
    assert on_disk.equals(labels)
    for row in on_disk.itertuples():
        family, style = row.look.split(":")
        assert row.path.startswith(f"{row.medium}/") and family == "outsider" and style in OUTSIDER_STYLES[row.medium]
        with Image.open(tmp_path / row.path) as image:
            assert image.size[0] == 600 and 400 <= image.size[1] <= 900
    assert build_heldout_set(tmp_path, 14).equals(labels)  # the stamp: built once
    assert sum(len(v) for v in examples_per_class(tmp_path, 5).values()) == 14


def test_the_untouched_heldout_set_is_drawn_by_the_wayfarer_family_and_refuses_other_names(tmp_path):
    wayfarer = build_heldout_set(tmp_path / "wayfarer", 7, family="wayfarer")
    outsider = build_heldout_set(tmp_path / "outsider", 7)
    assert wayfarer[["path", "medium", "mood"]].equals(outsider[["path", "medium", "mood"]])  # same draw of labels
    for row in wayfarer.itertuples():
        family, style = row.look.split(":")
        assert family == "wayfarer" and style in WAYFARER_STYLES[row.medium]
        with Image.open(tmp_path / "wayfarer" / row.path) as ours, Image.open(tmp_path / "outsider" / row.path) as theirs:
            assert ours.size[0] == 600
            assert ours.size != theirs.size or not np.array_equal(np.asarray(ours), np.asarray(theirs))
    assert json.loads((tmp_path / "wayfarer" / "heldout.json").read_text())["family"] == "wayfarer"
    with pytest.raises(ValueError, match="held-out family"):
        build_heldout_set(tmp_path / "none", 7, family="renderer")


def test_shifted_set_is_one_folder_per_medium_in_the_shifted_style(tmp_path):
    labels = build_shifted_set(tmp_path, 14, seed=2)
    assert sorted(labels["medium"].value_counts().to_dict().items()) == [(m, 2) for m in sorted(MEDIA)]
    on_disk = pd.read_csv(tmp_path / "labels.csv")
    assert on_disk.equals(labels)
    for row in on_disk.itertuples():
        assert row.path.startswith(f"{row.medium}/")
        with Image.open(tmp_path / row.path) as image:
            assert SHIFTED.width_range[0] <= image.size[0] <= SHIFTED.width_range[1]
    assert sum(len(v) for v in examples_per_class(tmp_path, 5).values()) == 14


# --- loopback server --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(world, tmp_path_factory):
    log = tmp_path_factory.mktemp("log") / "requests.log"
    with running_server(world.directory, slow_seconds=SLOW_SECONDS, request_log=log) as url:
        yield url, log


def _get(url: str, path: str, timeout: float = 5.0, connection=None):
    connection = connection or http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    return response, response.read()


def _url_path(src: str) -> str:
    return urllib.parse.urlsplit(src).path


def test_server_serves_images_byte_identical_over_one_keep_alive_connection(world, server):
    url, _ = server
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=5)
    live = _regular(world)[_regular(world)["path"] != ""]
    for row in (live[live["src"].str.endswith(".jpg")].iloc[0], live[live["src"].str.endswith(".png")].iloc[0]):
        response, body = _get(url, _url_path(row["src"]), connection=connection)
        assert response.status == 200
        assert body == (world.directory / row["path"]).read_bytes()
        assert int(response.getheader("Content-Length")) == len(body)
        assert response.getheader("Content-Type") == ("image/png" if row["src"].endswith(".png") else "image/jpeg")


def test_server_answers_robots_and_404s_unknown_paths(world, server):
    url, _ = server
    response, body = _get(url, "/robots.txt")
    assert response.status == 200 and b"Allow: /" in body
    assert _get(url, "/project_modules/disp/0000000000.0000000000000.jpg")[0].status == 404
    live_src = _regular(world).query("path != ''").iloc[0]["src"]
    dead_src = live_src.replace(LIVE_PREFIX, DEAD_PREFIX)
    assert _get(url, _url_path(dead_src))[0].status == 404  # a dead link's path is unknown to the CDN


@pytest.mark.parametrize("kind, status", [("not_found", 404), ("gone", 410), ("server_error", 500),
                                          ("too_many", 429)])
def test_error_faults_answer_their_status_every_time(world, server, kind, status):
    url, _ = server
    path = _url_path(_fault_row(world, kind)["src"])
    for _ in range(2):
        response, _ = _get(url, path)
        assert response.status == status
    if kind == "too_many":
        assert response.getheader("Retry-After")


def test_flaky_fails_once_then_serves_the_image(world, server):
    url, log = server
    row = _fault_row(world, "flaky")
    path = _url_path(row["src"])
    assert _get(url, path)[0].status == 503
    response, body = _get(url, path)
    assert response.status == 200 and body == (world.directory / row["path"]).read_bytes()
    assert [line for line in log.read_text().splitlines() if f" {path} " in line] == [
        f"GET {path} 503", f"GET {path} 200"]


def test_slow_answers_only_after_a_client_gave_up(world, server):
    url, _ = server
    row = _fault_row(world, "slow")
    with pytest.raises(TimeoutError):
        _get(url, _url_path(row["src"]), timeout=SLOW_SECONDS / 4)
    response, body = _get(url, _url_path(row["src"]), timeout=SLOW_SECONDS * 5)
    assert response.status == 200 and body == (world.directory / row["path"]).read_bytes()


def test_reset_closes_the_connection_without_a_response(world, server):
    url, log = server
    path = _url_path(_fault_row(world, "reset")["src"])
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _get(url, path)
    assert f"GET {path} reset" in log.read_text().splitlines()


def test_body_faults_send_a_200_that_is_no_usable_image(world, server):
    url, _ = server
    response, body = _get(url, _url_path(_fault_row(world, "not_image")["src"]))
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/html")
    assert body.startswith(b"<!DOCTYPE html>")
    response, body = _get(url, _url_path(_fault_row(world, "empty")["src"]))
    assert response.status == 200 and body == b"" and response.getheader("Content-Length") == "0"
    row = _fault_row(world, "truncated")
    response, body = _get(url, _url_path(row["src"]))
    assert response.status == 200 and int(response.getheader("Content-Length")) == len(body)
    assert body == (world.directory / row["path"]).read_bytes()
    response, body = _get(url, _url_path(_fault_row(world, "bomb")["src"]))
    assert response.status == 200 and response.getheader("Content-Type") == "image/png"
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(body))


def test_redirect_leads_to_the_image_and_redirect_loop_never_ends(world, server):
    url, _ = server
    row = _fault_row(world, "redirect")
    response, _ = _get(url, _url_path(row["src"]))
    assert response.status == 302
    response, body = _get(url, response.getheader("Location"))
    assert response.status == 200 and body == (world.directory / row["path"]).read_bytes()
    location = _url_path(_fault_row(world, "redirect_loop")["src"])
    seen = set()
    for _ in range(5):
        response, _ = _get(url, location)
        assert response.status == 302
        location = response.getheader("Location")
        seen.add(location)
    assert len(seen) == 5


@pytest.mark.parametrize("kind", VARIANT_KINDS)
def test_variants_are_served_as_stored(world, server, kind):
    url, _ = server
    response, body = _get(url, _url_path(_fault_row(world, kind)["src"]))
    assert response.status == 200
    _assert_expected_picture(_upright_rgb(body), kind)


def test_request_log_counts_every_fetch(world, server):
    url, log = server
    path = _url_path(_regular(world).query("path != ''").iloc[-1]["src"])
    for _ in range(3):
        _get(url, path)
    assert log.read_text().splitlines().count(f"GET {path} 200") == 3


def test_server_stops_when_its_context_ends(world):
    with running_server(world.directory) as url:
        assert _get(url, "/robots.txt")[0].status == 200
    with pytest.raises(ConnectionRefusedError):
        _get(url, "/robots.txt", timeout=2)


def test_running_server_reports_a_server_that_cannot_start(tmp_path):
    with pytest.raises(RuntimeError, match="did not start"), running_server(tmp_path):
        pass


# --- CLI verb ---------------------------------------------------------------------------------

def test_cli_builds_a_world_and_says_it_is_synthetic(tmp_path, capsys):
    from medium.cli import main

    assert main(["--home", str(tmp_path), "sample-world", "build", "--images", "3"]) == 0
    captured = capsys.readouterr()
    assert "synthetic" in captured.out and str(tmp_path / "sampleworld") in captured.out
    assert (tmp_path / "sampleworld" / "bam.sqlite").is_file()
    # not a terminal here: the progress comes as a line per tenth rendered, not as a bar
    progress = [line for line in captured.err.splitlines() if line.startswith("rendering synthetic artworks: ")]
    assert progress[0] == "rendering synthetic artworks: 1 of 3 (33%)"
    assert progress[-1] == "rendering synthetic artworks: 3 of 3 (100%)" and len(progress) == 3


def test_cli_builds_the_heldout_set_and_says_it_is_synthetic(tmp_path, capsys):
    from medium.cli import main

    assert main(["--home", str(tmp_path), "sample-world", "heldout", "--images", "7"]) == 0
    out = capsys.readouterr().out
    assert "synthetic" in out and "independent renderer" in out and str(tmp_path / "sampleworld-heldout") in out
    labels = pd.read_csv(tmp_path / "sampleworld-heldout" / "labels.csv")
    assert sorted(labels["medium"]) == sorted(MEDIA)
    assert labels["look"].str.startswith("outsider:").all()
    stamp = json.loads((tmp_path / "sampleworld-heldout" / "heldout.json").read_text())
    assert stamp["format"] == 2 and "synthetic" in stamp["notice"] and "not real data" in stamp["notice"]


def test_cli_builds_the_wayfarer_set_in_its_own_folder_and_knows_every_heldout_family(tmp_path, capsys):
    from medium.cli import main
    from medium_demo.sample_world import HELDOUT_FAMILY_NAMES

    assert HELDOUT_FAMILY_NAMES == tuple(HELDOUT_FAMILIES)
    assert main(["--home", str(tmp_path), "sample-world", "heldout", "--images", "7", "--family", "wayfarer"]) == 0
    assert str(tmp_path / "sampleworld-heldout-wayfarer") in capsys.readouterr().out
    labels = pd.read_csv(tmp_path / "sampleworld-heldout-wayfarer" / "labels.csv")
    assert labels["look"].str.startswith("wayfarer:").all() and not (tmp_path / "sampleworld-heldout").exists()


def test_cli_draws_a_grid_of_a_world(world, tmp_path, capsys):
    from medium.cli import main

    out = tmp_path / "grid.png"
    assert main(["sample-world", "grid", str(world.directory), "--per-class", "1", "--out", str(out)]) == 0
    assert Image.open(out).format == "PNG" and "synthetic" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["build", "--images", "0"], "--images must be at least 1"),
    (["heldout", "--images", "0"], "--images must be at least 1"),
    (["serve", "{missing}"], "no sample world"),
    (["grid", "{home}"], "is not a sample world"),
])
def test_cli_turns_bad_input_into_one_sentence(tmp_path, capsys, argv, message):
    from medium.cli import main

    argv = [a.format(missing=tmp_path / "nowhere", home=tmp_path) for a in argv]
    assert main(["--home", str(tmp_path), "sample-world", *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_build_into_a_file_is_refused(tmp_path, capsys):
    from medium.cli import main

    target = tmp_path / "world.txt"
    target.write_text("mine")
    assert main(["--home", str(tmp_path), "sample-world", "build", str(target), "--images", "3"]) == 2
    assert capsys.readouterr().err.strip() == (f"medium sample-world: {target} is a file, not a folder; "
                                               "give a folder to build in")
    assert target.read_text() == "mine"


def test_cli_serve_refuses_a_port_out_of_range(world, capsys):
    from medium.cli import main

    assert main(["sample-world", "serve", str(world.directory), "--port", "70000"]) == 2
    assert capsys.readouterr().err.strip() == ("medium sample-world: --port must be between 0 and 65535 "
                                               "(0 picks a free one), not 70000")


def test_cli_serve_on_a_busy_port_says_so(world, capsys):
    from medium.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sample-world", "serve", str(world.directory), "--port", str(port)]) == 2
    *_, last = capsys.readouterr().err.strip().splitlines()  # after the notice that the world is synthetic
    assert last == f"medium sample-world: port {port} is busy; choose another --port, or 0 for a free one"
