"""`medium train --data SHARDS`: the same labels, weights and splits as from the database,
pictures read from TFRecord shards; bad shard folders are one sentence and exit 2."""

from __future__ import annotations

import json

import numpy as np
import pytest
from classifier_fixtures import make_store

from medium.cli import main
from storage.db import open_database

TINY = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8", "--no-feature-model"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    config = make_store(tmp_path_factory.mktemp("home"))
    out = config.home / "shards"
    assert main(["--home", str(config.home), "export", "--format", "tfrecord", "--out", str(out),
                 "--shard-images", "9"]) == 0
    return config, out


def run_metrics(config, run_id) -> dict:
    from classifier.runs import get_run

    return get_run(open_database(config.db_url, create=False), run_id, "train").metrics


@pytest.mark.parametrize("cache", ["none", "memory"])
def test_training_from_shards_sees_the_databases_images_and_labels(exported, cache):
    from classifier.dataset import labelled_images, training_frames
    from classifier.params import TrainParams
    from classifier.shards.reading import ShardSplit, open_shards
    from classifier.train import _decode
    from storage.store import recorded_store

    config, out = exported
    run = f"from-shards-{cache}"
    assert main(["--home", str(config.home), "train", *TINY, "--epochs", "1", "--cache", cache, "--data", str(out),
                 "--run-id", run]) == 0
    from_shards = run_metrics(config, run)
    engine = open_database(config.db_url, create=False)
    frames = training_frames(labelled_images(engine, recorded_store(engine, config).images))
    from classifier.dataset import class_counts

    assert from_shards["class_counts"] == {split: class_counts(frame) for split, frame in frames.items()}
    assert from_shards["skipped_files"] == 0 and from_shards["cache"] == cache

    # each picture read from a shard is the picture its row's file gives, under the row's number
    params = TrainParams(image_size=32)
    shards = open_shards(str(out))
    split, frame = _decode(frames["val"], params, cache, config.home, True, shuffle=False, shards=shards)
    assert isinstance(split, ShardSplit)
    files, _ = _decode(frames["val"], params, "none", config.home, True, shuffle=False)
    from_files = dict(files.images().as_numpy_iterator())
    read = dict(split.images(shuffle_seed=3).as_numpy_iterator())
    assert sorted(read) == sorted(from_files) == list(range(len(frame)))
    for number, image in read.items():
        np.testing.assert_array_equal(image, from_files[number])


def test_a_folder_without_shards_is_refused(exported, tmp_path, capsys):
    config = exported[0]
    assert main(["--home", str(config.home), "train", *TINY, "--data", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "holds no TFRecord shards" in error and "Traceback" not in error


def test_a_truncated_shard_is_refused(exported, tmp_path, capsys):
    import shutil

    config, out = exported
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    shard = copy / "train-00001.tfrecord"
    shard.write_bytes(shard.read_bytes()[:-100])
    assert main(["--home", str(config.home), "train", *TINY, "--data", str(copy)]) == 2
    error = capsys.readouterr().err
    assert "train-00001.tfrecord is incomplete or damaged" in error and "Traceback" not in error


def test_shards_of_another_database_are_refused(exported, tmp_path, capsys):
    config = exported[0]
    other = make_store(tmp_path / "other", seed=5)  # the same ids, other images
    assert main(["--home", str(other.home), "export", "--format", "tfrecord", "--out", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    assert main(["--home", str(config.home), "train", *TINY, "--data", str(tmp_path / "o")]) == 2
    error = capsys.readouterr().err
    assert "were not exported from this database" in error and "Traceback" not in error
    assert not any(run.startswith("train-") for run in run_ids(config))  # refused before a run was recorded


def run_ids(config) -> list[str]:
    from sqlalchemy import select

    from storage.models import Run

    with open_database(config.db_url, create=False).connect() as connection:
        return [row[0] for row in connection.execute(select(Run.id)).all()]


def test_evaluating_from_shards_reports_what_evaluating_from_files_does(exported, capsys):
    config, out = exported
    home = ["--home", str(config.home)]
    assert main([*home, "train", *TINY, "--epochs", "1", "--data", str(out), "--run-id", "judged"]) == 0
    reports = {}
    for name, more in (("files", []), ("shards", ["--data", str(out)])):
        capsys.readouterr()
        assert main([*home, "evaluate", "judged", "--json", *more]) == 0
        reports[name] = json.loads(capsys.readouterr().out)
    for head in ("medium", "emotion"):
        assert reports["shards"][head]["confusion"] == reports["files"][head]["confusion"]
        assert reports["shards"][head]["accuracy"] == pytest.approx(reports["files"][head]["accuracy"])
    assert reports["shards"]["images"] == reports["files"]["images"] == 14


def test_evaluate_takes_shards_or_another_set_not_both(exported, tmp_path, capsys):
    config, out = exported
    assert main(["--home", str(config.home), "train", *TINY, "--epochs", "1", "--run-id", "either"]) == 0
    assert main(["--home", str(config.home), "evaluate", "either", "--data", str(out),
                 "--dataset", str(tmp_path)]) == 2
    assert "give one of them" in capsys.readouterr().err
    assert main(["--home", str(config.home), "evaluate", "either", "--data", str(tmp_path)]) == 2
    assert "holds no TFRecord shards" in capsys.readouterr().err
