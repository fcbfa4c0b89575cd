"""Learning at scale: the cache choice, streaming and cached input giving the same batches,
the disk cache's reuse, and a killed `predict` resuming without predicting a row twice."""

from __future__ import annotations

import logging
from pathlib import Path

import keras
import numpy as np
import pytest
from sqlalchemy import func, select

import classifier.caching
import classifier.predict
from classifier.caching import choose_cache, decoded_bytes
from medium.cli import main
from classifier.dataset import labelled_images, training_frames
from classifier.execution import Execution
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.pipeline import decode_split
from classifier.predict import file_probabilities, predict_source
from classifier.runs import FINISHED, MODEL_FILE, begin_run, end_run, finished_run, run_dir
from classifier.train import training_input
from classifier_fixtures import FixtureImage, add_images, class_images, jpeg_bytes, make_store, solid
from storage.image_store import LocalStore
from storage.config import resolve
from storage.db import open_database
from storage.models import Prediction

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
TINY_PARAMS = TrainParams(image_size=32, width=8, depth=2, batch_size=4, epochs=1)
CORRUPT = FixtureImage(b"\xff\xd8 truncated", "comic", "happy", "train", 1)


def test_auto_takes_memory_while_the_decoded_set_fits_the_budget_and_streams_beyond():
    n, size = 1000, 128
    fits = decoded_bytes(n, size)
    assert fits == n * size * size * 3
    assert choose_cache("auto", n, size, budget=fits).cache == "memory"
    assert choose_cache("auto", n, size, budget=fits - 1).cache == "none"
    assert choose_cache("auto", n, 2 * size, budget=fits).cache == "none"  # 4x the bytes at twice the size
    for asked in ("memory", "disk", "none"):
        assert choose_cache(asked, n, size, budget=1).cache == asked


def test_train_says_and_records_the_cache_auto_chose(tmp_path, monkeypatch, caplog):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    monkeypatch.setattr(classifier.caching, "memory_budget", lambda: decoded_bytes(7 * 3, 32) - 1)
    caplog.set_level(logging.INFO, logger="classifier")
    assert main(["--home", str(tmp_path), "train", "--image-size", "32", "--width", "8", "--depth", "2",
                 "--epochs", "1", "--run-id", "streamed"]) == 0
    assert finished_run(open_database(config.db_url), "streamed").metrics["cache"] == "none"
    assert "streaming from the image store" in caplog.text


@pytest.mark.parametrize("other", ["none", "disk"])
def test_streamed_and_cached_input_give_the_same_batches_for_the_same_seed(tmp_path, other):
    config = make_store(tmp_path, split_sizes={"train": 3, "val": 1, "test": 0})
    add_images(config, [CORRUPT])
    frames = training_frames(labelled_images(open_database(config.db_url), LocalStore(config.images_dir)))

    def epochs(cache):
        keras.utils.set_random_seed(TINY_PARAMS.seed)
        inputs = training_input(frames, TINY_PARAMS, Execution(cache=cache, deterministic=True), tmp_path)
        assert inputs.cache == cache and len(inputs.frames["train"]) == 7 * 3  # the corrupt file left out
        batches = [tuple(np.concatenate([np.ravel(part[head]) for head in sorted(part)]) if isinstance(part, dict)
                         else part.numpy().ravel() for part in batch)
                   for batch in inputs.train.take(2 * inputs.train_steps)]  # one iterator, as Keras' fit
        return batches[:inputs.train_steps], batches[inputs.train_steps:]

    cached, streamed = epochs("memory"), epochs(other)
    for cached_epoch, streamed_epoch in zip(cached, streamed):
        assert len(cached_epoch) == len(streamed_epoch) == -(-21 // TINY_PARAMS.batch_size)
        for cached_batch, streamed_batch in zip(cached_epoch, streamed_epoch):
            for cached_part, streamed_part in zip(cached_batch, streamed_batch):
                np.testing.assert_array_equal(cached_part, streamed_part)
    first, second = (np.concatenate([batch[1] for batch in epoch]) for epoch in cached)
    assert not np.array_equal(first, second)  # each epoch is reshuffled


def test_the_disk_cache_is_reused_by_a_later_run_without_reading_the_store(tmp_path, caplog):
    config = make_store(tmp_path, split_sizes={"train": 1, "val": 0, "test": 0})
    paths = labelled_images(open_database(config.db_url), LocalStore(config.images_dir))["path"].tolist()
    first = [image.numpy() for _, image in decode_split(paths, 32, "disk", home=tmp_path).images()]
    [folder] = (tmp_path / "cache").iterdir()
    assert folder.name.startswith("32px-")
    for path in paths:
        Path(path).unlink()
    caplog.set_level(logging.INFO, logger="classifier")
    again = decode_split(paths, 32, "disk", home=tmp_path)
    assert "reusing the disk cache" in caplog.text
    np.testing.assert_array_equal(np.stack([image.numpy() for _, image in again.images()]), np.stack(first))


class InterruptedModel:
    """A model that counts the images it is given and, like Ctrl-C, stops at batch `stop_at`."""

    def __init__(self, model, stop_at: int | None = None):
        self.model, self.stop_at, self.batches, self.images = model, stop_at, 0, 0
        self.input_shape = model.input_shape

    def predict_on_batch(self, images):
        self.batches += 1
        if self.batches == self.stop_at:
            raise KeyboardInterrupt
        self.images += len(images)
        return self.model.predict_on_batch(images)


def finished_tiny_run(config, run_id: str) -> None:
    """A finished run whose model was never trained: predictions need a model, not a good one."""
    engine = open_database(config.db_url)
    begin_run(engine, run_id, "train", TINY_PARAMS.to_dict())
    path = run_dir(config, run_id) / MODEL_FILE
    path.parent.mkdir(parents=True)
    build_model(TINY_PARAMS).save(path)
    end_run(engine, run_id, FINISHED, {}, model_path=str(path.relative_to(config.home)))


def prediction_count(config) -> int:
    with open_database(config.db_url).connect() as connection:
        return connection.execute(select(func.count()).select_from(Prediction)).scalar_one()


def test_a_killed_predict_resumes_without_predicting_a_row_twice(tmp_path, monkeypatch, db_url):
    config = resolve(home=tmp_path, db_url=db_url)
    add_images(config, [*class_images(), CORRUPT])  # 7 media x 8 images, and one that does not decode
    finished_tiny_run(config, "tiny")
    readable = 7 * 8
    models = []

    def load(config, run, stop_at=None):
        models.append(InterruptedModel(keras.saving.load_model(config.home / run.model_path), stop_at))
        return models[-1]

    monkeypatch.setattr(classifier.predict, "load_predictor", lambda config, run: load(config, run, stop_at=5))
    with pytest.raises(KeyboardInterrupt):  # chunks of 12 rows, batches of 4: killed in the second chunk
        predict_source(config, "tiny", "bam", batch_size=4, chunk_rows=12)
    assert prediction_count(config) == 12  # the finished chunk was written, the broken one not

    monkeypatch.setattr(classifier.predict, "load_predictor", load)
    counts = predict_source(config, "tiny", "bam", batch_size=4, chunk_rows=12)
    assert models[-1].images == readable - 12  # only the rows without a prediction of this run
    assert counts == {"predicted": readable - 12, "skipped": 1, "already": 12}
    assert prediction_count(config) == readable

    counts = predict_source(config, "tiny", "bam", batch_size=4, chunk_rows=12)
    assert counts == {"predicted": 0, "skipped": 1, "already": readable}
    assert predict_source(config, "tiny", "bam", chunk_rows=12, again=True)["predicted"] == readable
    assert prediction_count(config) == readable


def test_outside_files_predicted_in_chunks_keep_their_places(tmp_path):
    paths = []
    for i, colour in enumerate([(200, 60, 60), None, (60, 200, 60), (60, 60, 200), None]):
        path = tmp_path / f"{i}.jpg"
        path.write_bytes(jpeg_bytes(solid(colour)) if colour else b"not a picture")
        paths.append(str(path))
    model = build_model(TINY_PARAMS)
    whole = file_probabilities(model, paths)
    chunked = file_probabilities(model, paths, chunk_rows=2)
    assert chunked[0].tolist() == whole[0].tolist() == [0, 2, 3]
    assert sorted(chunked[2]) == [paths[1], paths[4]]
    for head in whole[1]:
        np.testing.assert_allclose(chunked[1][head], whole[1][head], rtol=1e-5)
