"""`medium export`: TFRecord and WebDataset shards of the stored images, read back by
independent readers (`tf.data.TFRecordDataset` with the documented feature spec, and
`webdataset.WebDataset`), a manifest with a row per stored image, resumable and idempotent."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from classifier_fixtures import FixtureImage, add_images, make_store, solid

from classifier.dataset import MEDIUM_KEYS
from medium.cli import main
from storage.config import resolve
from storage.db import open_database
from storage.status import status_counts

SHARD_IMAGES = 10  # 28 train, 14 val and 14 test images: 3 + 2 + 2 shards


@pytest.fixture
def store(tmp_path):
    config = make_store(tmp_path / "home")
    add_images(config, [FixtureImage(solid((9, 9, 9)), None, None, None, 7, source="public_art")])
    return config


def export(config, out, file_format, *more) -> dict:
    assert main(["--home", str(config.home), "export", "--format", file_format, "--out", str(out),
                 "--shard-images", str(SHARD_IMAGES), "--json", *more]) == 0


def visible(out) -> dict[str, int]:
    """The names a reader sees in the folder (the store keeps its unfinished writes in a hidden one), by mtime."""
    return {path.name: path.stat().st_mtime_ns for path in out.iterdir() if not path.name.startswith(".")}


def manifest(out):
    return pq.read_table(out / "manifest.parquet").to_pandas()


def stored_bytes(config, image_ids) -> dict[int, bytes]:
    from storage.models import Image

    engine = open_database(config.db_url, create=False)
    with engine.connect() as connection:
        rows = connection.execute(Image.__table__.select().where(Image.id.in_([int(i) for i in image_ids]))).all()
    return {row.id: (config.images_dir / row.path).read_bytes() for row in rows}


def done_count(config) -> int:
    return sum(counts["done"] for counts in status_counts(open_database(config.db_url, create=False)).values())


def test_tfrecord_shards_read_back_with_the_documented_spec(store, tmp_path, capsys):
    import tensorflow as tf

    from classifier.shards.records import FEATURE_SPEC

    out = tmp_path / "shards"
    export(store, out, "tfrecord")
    summary = json.loads(capsys.readouterr().out)
    rows = manifest(out)
    assert len(rows) == done_count(store) == summary["images"] == 57
    assert sorted(path.name for path in out.glob("*.tfrecord")) == [
        "test-00000.tfrecord", "test-00001.tfrecord", "train-00000.tfrecord", "train-00001.tfrecord",
        "train-00002.tfrecord", "unsplit-00000.tfrecord", "val-00000.tfrecord", "val-00001.tfrecord"]
    assert summary["shards"] == summary["shards_written"] == 8
    files = sorted(str(path) for path in out.glob("*.tfrecord"))
    read = {}
    for record in tf.data.TFRecordDataset(files):
        parsed = tf.io.parse_single_example(record, FEATURE_SPEC)
        read[int(parsed["id"])] = parsed
    assert sorted(read) == sorted(rows["id"])
    stored = stored_bytes(store, rows["id"])
    for row in rows.itertuples():
        parsed = read[row.id]
        assert parsed["image"].numpy() == stored[row.id]  # the stored bytes, not re-encoded
        assert int(parsed["medium"]) == (MEDIUM_KEYS.index(row.medium) if isinstance(row.medium, str) else -1)
        assert parsed["split"].numpy().decode() == (row.split if isinstance(row.split, str) else "unsplit")
        assert parsed["key"].numpy().decode() == row.key
        assert row.shard.startswith(row.split if isinstance(row.split, str) else "unsplit")
    assert summary["bytes"] == sum(len(data) for data in stored.values())


def test_webdataset_shards_read_back_with_webdataset(store, tmp_path):
    import webdataset

    out = tmp_path / "wds"
    export(store, out, "webdataset")
    rows = manifest(out).set_index("key")
    stored = stored_bytes(store, rows["id"])
    urls = sorted(str(path) for path in out.glob("*.tar"))
    samples = list(webdataset.WebDataset(urls, shardshuffle=False))
    assert sorted(sample["__key__"] for sample in samples) == sorted(rows.index)
    for sample in samples:
        row = rows.loc[sample["__key__"]]
        metadata = json.loads(sample["json"])
        assert metadata["id"] == row["id"]
        assert metadata["medium"] == (row["medium"] if isinstance(row["medium"], str) else None)
        assert sample["jpg"] == stored[row["id"]]
        assert int(sample["cls"]) == (MEDIUM_KEYS.index(row["medium"]) if isinstance(row["medium"], str) else -1)


def test_an_unchanged_database_writes_nothing_and_a_new_image_rewrites_one_shard(store, tmp_path, capsys):
    out = tmp_path / "shards"
    export(store, out, "webdataset")
    capsys.readouterr()
    before = visible(out)
    export(store, out, "webdataset")
    again = json.loads(capsys.readouterr().out)
    assert (again["shards_written"], again["manifest_written"]) == (0, False)
    assert visible(out) == before

    add_images(store, [FixtureImage(solid((1, 2, 3)), "comic", None, "val", 999)])
    export(store, out, "webdataset")
    after = json.loads(capsys.readouterr().out)
    assert (after["shards_written"], after["manifest_written"], after["images"]) == (1, True, 58)
    changed = {name for name, mtime in visible(out).items() if before.get(name) != mtime}
    assert changed == {"val-00001.tar", "val-00001.tar.stats.json", "manifest.parquet"}


def test_a_killed_export_leaves_no_partial_shard_and_resumes(store, tmp_path, monkeypatch, capsys):
    from classifier.shards import tar

    out = tmp_path / "shards"
    real_write, calls = tar.write, []

    def dies_in_the_third_shard(path, samples):
        calls.append(path)
        if len(calls) == 3:
            next(iter(samples))
            raise KeyboardInterrupt
        real_write(path, samples)

    monkeypatch.setattr(tar, "write", dies_in_the_third_shard)
    with pytest.raises(KeyboardInterrupt):
        from classifier.shards.export import export as export_shards

        export_shards(store, out, "webdataset", SHARD_IMAGES)
    assert sorted(visible(out)) == [
        "train-00000.tar", "train-00000.tar.stats.json", "train-00001.tar", "train-00001.tar.stats.json"]
    monkeypatch.setattr(tar, "write", real_write)
    capsys.readouterr()
    export(store, out, "webdataset")
    resumed = json.loads(capsys.readouterr().out)
    assert (resumed["shards"], resumed["shards_written"], resumed["images"]) == (8, 6, 57)


def test_shards_by_bytes_hold_at_most_that_many_bytes(store, tmp_path, capsys):
    from sqlalchemy import update

    from storage.models import Image

    out = tmp_path / "shards"
    engine = open_database(store.db_url, create=False)
    with engine.begin() as connection:  # as a crawl records them: the plan cuts by the recorded sizes
        for row in connection.execute(Image.__table__.select()).all():
            size = (store.images_dir / row.path).stat().st_size
            connection.execute(update(Image).where(Image.id == row.id).values(bytes=size))
    sizes = {path.stat().st_size for path in store.images_dir.rglob("*.jpg")}
    export(store, out, "webdataset", "--shard-bytes", str(2 * max(sizes)))
    summary = json.loads(capsys.readouterr().out)
    stats = [json.loads(path.read_text()) for path in out.glob("*.stats.json")]
    assert summary["shards"] == len(stats) > 8
    assert all(record["images"] <= 2 and record["bytes"] <= 2 * max(sizes) for record in stats)


def test_a_store_url_is_written_through_the_store(store, tmp_path, capsys):
    import webdataset

    export(store, f"file://{tmp_path}/bucket/shards", "webdataset")
    summary = json.loads(capsys.readouterr().out)
    out = tmp_path / "bucket" / "shards"
    assert summary["images"] == len(manifest(out)) == 57
    samples = list(webdataset.WebDataset(sorted(str(path) for path in out.glob("*.tar")), shardshuffle=False))
    assert len(samples) == 57


def test_an_unknown_store_scheme_and_a_bad_size_are_refused_with_exit_2(store, tmp_path, capsys):
    command = ["--home", str(store.home), "export", "--format", "tfrecord"]
    assert main([*command, "--out", "nosuchscheme://bucket/shards"]) == 2
    error = capsys.readouterr().err
    assert "nosuchscheme" in error and "Traceback" not in error
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--out", str(tmp_path / "x"), "--shard-bytes", "lots"])
    assert exit_.value.code == 2
    assert "is not a size such as 250M" in capsys.readouterr().err


def test_an_empty_database_and_a_folder_of_the_other_format_are_refused(store, tmp_path, capsys):
    out = tmp_path / "shards"
    export(store, out, "webdataset")
    assert main(["--home", str(store.home), "export", "--format", "tfrecord", "--out", str(out)]) == 2
    assert "holds a webdataset export" in capsys.readouterr().err
    empty = resolve(home=tmp_path / "empty")
    open_database(empty.db_url)
    assert main(["--home", str(empty.home), "export", "--format", "tfrecord", "--out", str(tmp_path / "none")]) == 2
    assert "no stored (done) images" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
