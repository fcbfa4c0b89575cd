"""`medium train`, `evaluate` and `predict` end to end on a tiny store, with a tiny model."""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from PIL import Image as PILImage
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sqlalchemy import select, update

from medium.cli import main
from classifier.dataset import MEDIUM_KEYS, labelled_images
from classifier.evaluate import evaluate
from classifier.feature_model import FEATURE_MODEL_FILE, FeatureModel
from classifier.feature_kernels import batch_features
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.predict import file_probabilities, store_probabilities
from classifier.runs import finished_run, load_model, load_predictor, resumable_run
from classifier.train import resume, train
from classifier_fixtures import MEDIUM_COLOURS, FixtureImage, add_images, class_images, jpeg_bytes, make_store, solid
from storage.image_store import LocalStore
from storage.config import resolve
from storage.db import open_database
from storage.models import Image, Prediction, Run
from storage.store import recorded_store

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
TINY = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8"]
TINY_PARAMS = TrainParams(image_size=32, width=8, depth=2, batch_size=8)
RUN = "tiny"
ROOT = Path(__file__).resolve().parent.parent  # `python -m medium` runs the code of this checkout from here


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A store with one corrupt file, and a model trained on it for one epoch via the CLI."""
    home = tmp_path_factory.mktemp("home")
    config = make_store(home)
    add_images(config, [FixtureImage(b"\xff\xd8 truncated", "comic", "happy", "train", 1)])
    assert main(["--home", str(home), "train", *TINY, "--epochs", "1", "--run-id", RUN]) == 0
    return config


def run_row(config, run_id) -> Run:
    return finished_run(open_database(config.db_url), run_id)


def test_training_leaves_a_loadable_model_its_curves_and_a_run_row(trained):
    folder = trained.runs_dir / RUN
    for name in ("model.keras", "params.json", "history.csv", "history.png"):
        assert (folder / name).is_file(), name
    assert not (folder / "backup").exists()  # removed once training ends
    assert json.loads((folder / "params.json").read_text())["image_size"] == 32
    assert len(pd.read_csv(folder / "history.csv")) == 1
    run = run_row(trained, RUN)
    assert run.status == "finished" and run.params == TINY_PARAMS.replace(epochs=1).to_dict()
    assert run.metrics["skipped_files"] == 1  # the corrupt file was left out, not fatal
    assert sum(run.metrics["class_counts"]["train"]["medium"].values()) == 7 * 4

    model = load_model(trained, run)
    outputs = model.predict(np.full((2, 32, 32, 3), 200, np.uint8), verbose=0)
    assert outputs["medium"].shape == (2, 7) and outputs["emotion"].shape == (2, 4)


def test_the_run_predicts_with_its_cnn_and_its_feature_model_blended_by_the_weights_it_chose(trained):
    run = run_row(trained, RUN)
    summary = run.metrics["feature_model"]
    assert (trained.runs_dir / RUN / FEATURE_MODEL_FILE).is_file()
    assert set(summary["weights"]) == {"medium", "emotion"} and all(0 <= w <= 1 for w in summary["weights"].values())
    assert summary["train_images"] == 7 * 4 and summary["val_images"] == 7 * 2  # every readable picture
    assert set(summary["val_accuracy"]["medium"]) == {"cnn", "features", "blend"}

    images = np.stack([solid(MEDIUM_COLOURS[medium], (32, 32)) for medium in ("comic", "graphite", "watercolor")])
    predicted = load_predictor(trained, run).predict_on_batch(images)
    cnn = load_model(trained, run).predict_on_batch(images)
    trees = FeatureModel.load(trained.runs_dir / RUN / FEATURE_MODEL_FILE,
                              summary["sha256"]).probabilities(batch_features(images))
    for head, share in summary["weights"].items():
        np.testing.assert_allclose(predicted[head], (1 - share) * np.asarray(cnn[head]) + share * trees[head],
                                   rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(predicted[f"{head}/cnn"], cnn[head], rtol=1e-6)
        np.testing.assert_array_equal(predicted[f"{head}/features"], trees[head])


def test_a_blended_run_whose_feature_model_is_gone_is_refused_not_predicted_without_it(trained, capsys):
    path = trained.runs_dir / RUN / FEATURE_MODEL_FILE
    hidden = path.rename(path.with_name("hidden.joblib"))
    try:
        assert main(["--home", str(trained.home), "evaluate", RUN]) == 2
    finally:
        hidden.rename(path)
    assert capsys.readouterr().err.strip() == f"medium evaluate: the feature model of run {RUN} is missing: {path}"


class Touches:
    """A pickle that creates a file when it is unpickled, as a hostile one would run code."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"weights": {}}), "hostile"])
def test_a_feature_model_file_changed_after_training_is_never_unpickled(trained, capsys, tmp_path, content):
    path = trained.runs_dir / RUN / FEATURE_MODEL_FILE
    marker = tmp_path / "unpickled"
    kept = path.read_bytes()
    written = trained.runs_dir / RUN / "evaluations" / "test" / "metrics.json"
    before = written.stat().st_mtime_ns if written.exists() else None
    path.write_bytes(pickle.dumps(Touches(marker)) if content == "hostile" else content)
    try:
        assert main(["--home", str(trained.home), "evaluate", RUN]) == 2
    finally:
        path.write_bytes(kept)
    assert capsys.readouterr().err.strip().startswith(
        f"medium evaluate: the feature model of run {RUN} was changed after training, so it is not unpickled: ")
    assert not marker.exists()
    assert (written.stat().st_mtime_ns if written.exists() else None) == before


@pytest.mark.parametrize("model_path", ["/etc/passwd", "runs/other/model.keras", f"runs/{RUN}/../../x/model.keras"])
def test_a_model_path_leading_out_of_the_runs_folder_is_refused(trained, capsys, model_path):
    engine = open_database(trained.db_url)
    kept = run_row(trained, RUN).model_path
    with engine.begin() as connection:
        connection.execute(update(Run).where(Run.id == RUN).values(model_path=model_path))
    try:
        assert main(["--home", str(trained.home), "evaluate", RUN]) == 2
    finally:
        with engine.begin() as connection:
            connection.execute(update(Run).where(Run.id == RUN).values(model_path=kept))
    assert "leads outside its folder" in capsys.readouterr().err


def test_a_run_without_the_feature_model_predicts_with_its_cnn_alone(trained, capsys):
    assert main(["--home", str(trained.home), "train", *TINY, "--epochs", "1", "--no-feature-model",
                 "--run-id", "cnn-only"]) == 0
    assert "blend:" not in capsys.readouterr().out
    run = run_row(trained, "cnn-only")
    assert run.params["feature_model"] is False and "feature_model" not in run.metrics
    assert not (trained.runs_dir / "cnn-only" / FEATURE_MODEL_FILE).exists()
    assert isinstance(load_predictor(trained, run), keras.Model)
    assert "parts" not in evaluate(trained, "cnn-only")["medium"]


def test_a_finished_run_id_is_not_reused(trained, capsys):
    assert main(["--home", str(trained.home), "train", *TINY, "--epochs", "1", "--run-id", RUN]) == 2
    assert capsys.readouterr().err.strip() == (f"medium train: run {RUN} already exists (train, finished); "
                                               "choose another run id")


def test_resuming_a_finished_run_says_what_to_do_instead(trained, capsys):
    history = (trained.runs_dir / RUN / "history.csv").read_bytes()
    before = run_row(trained, RUN)
    assert main(["--home", str(trained.home), "train", "--resume", RUN]) == 2
    assert capsys.readouterr().err.strip() == (
        f"medium train: run {RUN} is already finished; evaluate it with `medium evaluate {RUN}`, "
        "or train a new run with another --run-id")
    after = run_row(trained, RUN)
    assert (after.status, after.metrics, after.updated_at) == (before.status, before.metrics, before.updated_at)
    assert (trained.runs_dir / RUN / "history.csv").read_bytes() == history


class StopAtEpoch(keras.callbacks.Callback):
    """Kill the training as a Ctrl-C would, when epoch `epoch` (0-based) begins."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


class EpochsSeen(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append(epoch)


def test_an_interrupted_run_resumes_after_its_last_finished_epoch(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    with pytest.raises(KeyboardInterrupt):
        train(config, TINY_PARAMS.replace(epochs=4), "killed", callbacks=[StopAtEpoch(2)], verbose=0)
    assert get_status(config, "killed") == "failed"
    assert pd.read_csv(tmp_path / "runs" / "killed" / "history.csv")["epoch"].tolist() == [0, 1]

    seen = EpochsSeen()
    resume(config, "killed", callbacks=[seen], verbose=0)
    assert seen.epochs == [2, 3]
    assert pd.read_csv(tmp_path / "runs" / "killed" / "history.csv")["epoch"].tolist() == [0, 1, 2, 3]
    assert get_status(config, "killed") == "finished"


def test_a_run_killed_before_a_parameter_was_added_resumes_with_its_default(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    with pytest.raises(KeyboardInterrupt):
        train(config, TINY_PARAMS.replace(epochs=3), "upgraded", callbacks=[StopAtEpoch(1)], verbose=0)
    older = {name: value for name, value in TINY_PARAMS.replace(epochs=3).to_dict().items() if name != "ema"}
    with open_database(config.db_url).begin() as connection:  # as a version without `ema` stored it
        connection.execute(update(Run).where(Run.id == "upgraded").values(params=older))
    seen = EpochsSeen()
    resume(config, "upgraded", callbacks=[seen], verbose=0)
    assert seen.epochs == [1, 2] and get_status(config, "upgraded") == "finished"


class WeightsAtEpochEdges(keras.callbacks.Callback):
    """The model's first kernel as each epoch begins and as it ends (after our callbacks)."""

    def __init__(self):
        super().__init__()
        self.begun, self.ended = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.begun.append(self.model.trainable_weights[0].numpy().copy())

    def on_epoch_end(self, epoch, logs=None):
        self.ended.append(self.model.trainable_weights[0].numpy().copy())


def test_with_ema_each_epoch_is_validated_and_kept_averaged_and_training_goes_on_raw(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    edges = WeightsAtEpochEdges()
    train(config, TINY_PARAMS.replace(epochs=3, ema=0.9, patience=3), "averaged", callbacks=[edges], verbose=0)
    best = int(pd.read_csv(tmp_path / "runs" / "averaged" / "history.csv")["val_medium_accuracy"].idxmax())
    kept = load_model(config, run_row(config, "averaged"))
    assert kept.optimizer.use_ema
    np.testing.assert_allclose(kept.trainable_weights[0].numpy(), edges.ended[best], atol=1e-6)
    for epoch in (1, 2):  # an epoch goes on from the raw weights, not from the average the last one ended with
        assert not np.allclose(edges.begun[epoch], edges.ended[epoch - 1])


def test_an_interrupted_run_with_ema_resumes_with_its_average(tmp_path):
    """The backup holds the optimizer's average as well as the raw weights: with a slow
    average, the first resumed epoch ends close to where the killed run's last one did."""
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    params = TINY_PARAMS.replace(epochs=3, ema=0.999, patience=3)
    before, after = WeightsAtEpochEdges(), WeightsAtEpochEdges()
    with pytest.raises(KeyboardInterrupt):
        train(config, params, "averaged", callbacks=[before, StopAtEpoch(2)], verbose=0)
    resume(config, "averaged", callbacks=[after], verbose=0)
    assert get_status(config, "averaged") == "finished"
    average, raw = before.ended[1], after.begun[0]
    moved = np.abs(after.ended[0] - average).max()
    assert moved < 0.05 * np.abs(raw - average).max()


def test_a_cosine_schedule_lowers_the_rate_by_epoch_and_a_resumed_run_picks_it_up(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    params = TINY_PARAMS.replace(epochs=4, schedule="cosine", patience=4)
    with pytest.raises(KeyboardInterrupt):
        train(config, params, "cosine", callbacks=[StopAtEpoch(2)], verbose=0)
    resume(config, "cosine", verbose=0)
    rates = pd.read_csv(tmp_path / "runs" / "cosine" / "history.csv")["learning_rate"]
    expected = [params.learning_rate * (1 + np.cos(np.pi * epoch / 4)) / 2 for epoch in range(4)]
    np.testing.assert_allclose(rates, expected, rtol=1e-5)


def get_status(config, run_id) -> str:
    with open_database(config.db_url).connect() as connection:
        return connection.execute(select(Run.status).where(Run.id == run_id)).scalar_one()


def test_evaluation_matches_scikit_learn_on_the_same_predictions(trained):
    report = evaluate(trained, RUN)
    test = labelled_images(open_database(trained.db_url), LocalStore(trained.images_dir), splits=("test",))
    kept, probabilities = store_probabilities(load_predictor(trained, run_row(trained, RUN)), test["path"].tolist())
    true, predicted = test["medium"].to_numpy()[kept], probabilities["medium"].argmax(axis=1)

    medium = report["medium"]
    assert medium["images"] == len(test) == 7 * 2
    assert medium["accuracy"] == pytest.approx(accuracy_score(true, predicted))
    assert medium["macro_f1"] == pytest.approx(f1_score(true, predicted, average="macro", zero_division=0))
    precision, recall, _, support = precision_recall_fscore_support(true, predicted, zero_division=0)
    for key, stats in medium["per_class"].items():
        index = sorted(set(true) | set(predicted)).index(MEDIUM_KEYS.index(key))
        assert (stats["precision"], stats["recall"], stats["support"]) == pytest.approx(
            (precision[index], recall[index], support[index]))
    train_counts = run_row(trained, RUN).metrics["class_counts"]["train"]["medium"]
    majority = max(train_counts, key=train_counts.get)
    assert medium["baseline"]["class"] == majority
    assert medium["baseline"]["accuracy"] == pytest.approx(np.mean(true == MEDIUM_KEYS.index(majority)))
    top3 = np.argsort(probabilities["medium"], axis=1)[:, -3:]
    assert medium["top3_accuracy"] == pytest.approx(np.mean([t in row for t, row in zip(true, top3)]))
    for part in ("cnn", "features"):  # each part of the blend alone, counted the same way
        alone = probabilities[f"medium/{part}"].argmax(axis=1)
        assert medium["parts"][part] == pytest.approx(
            {"accuracy": accuracy_score(true, alone), "macro_f1": f1_score(true, alone, average="macro", zero_division=0)})
    assert report["emotion"]["images"] == int((test["emotion"] >= 0).sum())

    folder = trained.runs_dir / RUN / "evaluations" / "test"
    assert json.loads((folder / "metrics.json").read_text()) == report
    assert (folder / "confusion_medium.png").is_file() and (folder / "confusion_emotion.png").is_file()
    assert run_row(trained, RUN).metrics["evaluations"]["test"]["medium_macro_f1"] == medium["macro_f1"]


def test_evaluate_measures_transfer_on_an_outside_folder(trained, tmp_path, capsys):
    for medium in ("oilpaint", "comic"):
        (tmp_path / "outside" / medium).mkdir(parents=True)
        for i in range(2):
            PILImage.fromarray(solid(MEDIUM_COLOURS[medium], (90, 60))).save(tmp_path / "outside" / medium / f"{i}.png")
    (tmp_path / "outside" / "comic" / "broken.jpg").write_bytes(b"GIF89a")
    assert main(["--home", str(trained.home), "evaluate", RUN, "--dataset", str(tmp_path / "outside"), "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["images"] == 4 and report["skipped_files"] == 1
    assert report["medium"]["images"] == 4 and report["emotion"] is None
    folder = trained.runs_dir / RUN / "evaluations" / "dataset-outside"
    assert json.loads((folder / "metrics.json").read_text()) == report
    assert err.strip().splitlines()[-1] == f"wrote {folder / 'metrics.json'} and the confusion plots {folder}/confusion_*.png"


def test_evaluate_gives_the_accuracy_of_each_group_of_a_labels_csv_weakest_first(trained, tmp_path, capsys):
    """A `style` column groups the images; each group's accuracy is the model's own on them."""
    outside = tmp_path / "grouped"
    outside.mkdir()
    rows = [("oilpaint", "own colours"), ("comic", "own colours"), ("oilpaint", "swapped colours"),
            ("comic", "swapped colours"), ("comic", "swapped colours")]
    for i, (medium, style) in enumerate(rows):
        painted = medium if style == "own colours" else {"oilpaint": "comic", "comic": "oilpaint"}[medium]
        PILImage.fromarray(solid(MEDIUM_COLOURS[painted], (90, 60))).save(outside / f"{i}.png")
    (outside / "labels.csv").write_text("path,medium,style\n" + "".join(f"{i}.png,{medium},{style}\n"
                                                                      for i, (medium, style) in enumerate(rows)))
    assert main(["--home", str(trained.home), "evaluate", RUN, "--dataset", str(outside), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)["medium_by_group"]

    engine = open_database(trained.db_url)
    _, probabilities, _ = file_probabilities(load_predictor(trained, run_row(trained, RUN)),
                                             [str(outside / f"{i}.png") for i in range(len(rows))],
                                             recorded_store(engine, trained).longest_side)
    right = probabilities["medium"].argmax(1) == [MEDIUM_KEYS.index(medium) for medium, _ in rows]
    expected = {style: float(np.mean([ok for ok, (_, s) in zip(right, rows) if s == style]))
                for style in ("own colours", "swapped colours")}
    assert {group["group"]: group["accuracy"] for group in groups} == pytest.approx(expected)
    assert {group["group"]: group["images"] for group in groups} == {"own colours": 2, "swapped colours": 3}
    media = {group["group"]: group["media"] for group in groups}  # each style's true media, most frequent first
    assert media["swapped colours"] == ["comic", "oilpaint"] and set(media["own colours"]) == {"comic", "oilpaint"}
    assert [group["accuracy"] for group in groups] == sorted(expected.values())
    saved = trained.runs_dir / RUN / "evaluations" / "dataset-grouped" / "metrics.json"
    assert json.loads(saved.read_text())["medium_by_group"] == groups  # the order survives the file

    assert main(["--home", str(trained.home), "evaluate", RUN, "--dataset", str(outside)]) == 0
    out = capsys.readouterr().out
    assert "medium accuracy by group, weakest first:" in out and "swapped colours" in out
    assert "  CNN alone: accuracy" in out and "  feature model alone: accuracy" in out


def test_predict_source_writes_one_row_per_image_and_run_and_skips_them_when_run_again(trained, capsys):
    for _ in range(2):
        assert main(["--home", str(trained.home), "predict", RUN, "--source", "bam"]) == 0
    assert "wrote 0 predictions" in capsys.readouterr().out.splitlines()[-1]
    with open_database(trained.db_url).connect() as connection:
        rows = pd.read_sql(select(Prediction), connection).set_index("image_id")
    stored = labelled_images(open_database(trained.db_url), LocalStore(trained.images_dir))
    kept, probabilities = store_probabilities(load_predictor(trained, run_row(trained, RUN)), stored["path"].tolist())
    assert sorted(rows.index) == sorted(stored["id"].to_numpy()[kept])  # each readable image once, the corrupt one not
    for image_id, expected in zip(stored["id"].to_numpy()[kept], probabilities["medium"]):
        row = rows.loc[image_id]
        written = row["probabilities"] if isinstance(row["probabilities"], dict) else json.loads(row["probabilities"])
        assert [written["medium"][key] for key in MEDIUM_KEYS] == pytest.approx(expected, abs=1e-5)  # its own picture's
        assert row["medium"] == MEDIUM_KEYS[int(np.argmax(expected))]


def test_predict_files_prints_each_picture_in_the_order_given(trained, tmp_path, capsys):
    pictures = [tmp_path / "picture.jpg", tmp_path / "another.png"]
    pictures[0].write_bytes(jpeg_bytes(solid(MEDIUM_COLOURS["graphite"], (300, 200))))
    PILImage.fromarray(solid(MEDIUM_COLOURS["comic"], (90, 60))).save(pictures[1])
    assert main(["--home", str(trained.home), "predict", RUN, "--json", *map(str, pictures)]) == 0
    out, err = capsys.readouterr()
    predictions = [json.loads(line) for line in out.splitlines()]
    assert [prediction["path"] for prediction in predictions] == list(map(str, pictures)) and err == ""
    assert all(prediction["medium"] in MEDIUM_KEYS for prediction in predictions)


def bad_pictures(folder: Path) -> dict[str, Path]:
    """Files `medium predict` must refuse by name: text, a truncated JPEG, a 20000 x 20000 PNG
    (its header only: the size is known before a byte of it is decoded)."""
    folder.mkdir(parents=True, exist_ok=True)
    notes, truncated, huge = folder / "notes.txt", folder / "truncated.jpg", folder / "huge.png"
    notes.write_text("not a picture\n")
    whole = jpeg_bytes(solid(MEDIUM_COLOURS["comic"], (300, 200)))
    truncated.write_bytes(whole[:len(whole) // 2])  # past its header, half its scan

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return {"notes": notes, "truncated": truncated, "huge": huge}


PROBE = ("import sys; from medium.cli import main; code = main(sys.argv[1:]); "
         "print('tensorflow' in sys.modules, file=sys.stderr); raise SystemExit(code)")


@pytest.mark.parametrize(("name", "why"), [("notes", "not an image"), ("truncated", "truncated or damaged"),
                                           ("huge", "decompression bomb")])
def test_a_file_predict_cannot_read_is_one_sentence_naming_it_before_tensorflow_loads(trained, tmp_path, name, why):
    good = tmp_path / "good.jpg"
    good.write_bytes(jpeg_bytes(solid(MEDIUM_COLOURS["graphite"], (300, 200))))
    bad = bad_pictures(tmp_path)[name]
    done = subprocess.run([sys.executable, "-c", PROBE, "--home", str(trained.home), "predict", RUN, str(good),
                           str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    message, loaded = done.stderr.strip().splitlines()
    assert (done.returncode, done.stdout, loaded) == (2, "", "False")
    assert message.startswith(f"medium predict: cannot predict {bad}: ") and why in message


def test_an_unknown_source_is_refused_before_tensorflow_loads(trained):
    done = subprocess.run([sys.executable, "-c", PROBE, "--home", str(trained.home), "predict", RUN, "--source",
                           "nosuch"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    message, loaded = done.stderr.strip().splitlines()
    assert (done.returncode, loaded) == (2, "False")
    assert message == "medium predict: no stored (done) images of source 'nosuch'; sources with stored images: bam"


def test_predict_a_folder_recursively_skipping_what_is_not_a_picture(trained, tmp_path, capsys):
    folder = tmp_path / "photos"
    (folder / "sub").mkdir(parents=True)
    PILImage.fromarray(solid(MEDIUM_COLOURS["comic"], (90, 60))).save(folder / "sub" / "b.png")
    (folder / "a.jpg").write_bytes(jpeg_bytes(solid(MEDIUM_COLOURS["graphite"], (300, 200))))
    bad_pictures(folder / "sub" / "junk")
    assert main(["--home", str(trained.home), "predict", RUN, str(folder), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    predicted = [json.loads(line)["path"] for line in out.splitlines()]
    assert predicted == [str(folder / "a.jpg"), str(folder / "sub" / "b.png")]
    [line] = err.splitlines()  # one sentence, no log lines
    assert line.startswith("medium predict: skipped 3 files in the folders that are not pictures it can read (e.g. ")


def test_predict_files_as_csv_holds_what_json_holds(trained, tmp_path, capsys):
    folder = tmp_path / "photos"
    folder.mkdir()
    for i, medium in enumerate(("comic", "oilpaint", "watercolor")):
        PILImage.fromarray(solid(MEDIUM_COLOURS[medium], (90, 60))).save(folder / f"{i}.png")
    answers = {}
    for form in ("json", "csv"):
        assert main(["--home", str(trained.home), "predict", RUN, str(folder), "--format", form]) == 0
        answers[form] = capsys.readouterr().out
    from_json = pd.json_normalize([json.loads(line) for line in answers["json"].splitlines()])
    from_csv = pd.read_csv(io.StringIO(answers["csv"]))
    assert list(from_csv.columns[:5]) == ["path", "medium", "medium_probability", "emotion", "emotion_probability"]
    assert {f"probabilities.medium.{key}" for key in MEDIUM_KEYS} <= set(from_csv.columns)
    pd.testing.assert_frame_equal(from_csv, from_json[from_csv.columns], check_exact=False, rtol=1e-6)


@pytest.mark.parametrize("form", ["csv", "json"])
def test_predict_source_prints_every_stored_prediction_of_the_run(trained, capsys, form):
    assert main(["--home", str(trained.home), "predict", RUN, "--source", "bam", "--format", form]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("wrote ")  # the summary, off stdout
    printed = (pd.read_csv(io.StringIO(out)) if form == "csv"
               else pd.json_normalize([json.loads(line) for line in out.splitlines()])).set_index("image_id")
    with open_database(trained.db_url).connect() as connection:
        stored = pd.read_sql(select(Prediction.image_id, Image.source_id, Prediction.medium,
                                    Prediction.medium_probability)
                             .join(Image, Image.id == Prediction.image_id)
                             .where(Prediction.run_id == RUN, Image.source == "bam"), connection).set_index("image_id")
    assert len(stored) > 0
    pd.testing.assert_frame_equal(printed.loc[stored.index, stored.columns], stored, check_exact=False, rtol=1e-6)


def test_an_unknown_run_is_one_sentence_and_exit_2(trained, capsys):
    assert main(["--home", str(trained.home), "evaluate", "nosuch"]) == 2
    assert capsys.readouterr().err.strip() == "medium evaluate: there is no train run 'nosuch' in the status database"


def test_a_backbone_takes_its_weights_from_a_local_file(tmp_path):
    donor = keras.applications.MobileNetV3Small(include_top=False, weights=None, input_shape=(32, 32, 3))
    weights = tmp_path / "backbone.weights.h5"
    donor.save_weights(weights)
    model = build_model(TINY_PARAMS.replace(backbone="MobileNetV3Small", backbone_weights=str(weights)))
    backbone = model.get_layer(donor.name)
    assert not backbone.trainable
    for loaded, saved in zip(backbone.weights, donor.weights):
        np.testing.assert_array_equal(loaded.numpy(), saved.numpy())



LEARNABLE = ("3d_graphics", "comic", "graphite")  # three colours apart


def test_a_tiny_model_learns_and_a_class_without_validation_images_is_left_out(tmp_path, capsys):
    config = resolve(home=tmp_path)
    images = class_images({"train": 12, "val": 3, "test": 4})
    add_images(config, [image for image in images if image.medium in LEARNABLE
                        or (image.medium == "watercolor" and image.split != "val")])
    assert main(["--home", str(tmp_path), "train", *TINY, "--epochs", "10", "--learning-rate", "0.01",
                 "--deterministic", "--run-id", "learn"]) == 0
    out = capsys.readouterr().out
    assert "  left out Water Color: 0 stored images in the val split" in out.splitlines()
    assert any(line.startswith("  blend: feature model weight") for line in out.splitlines())
    assert "next: medium evaluate learn" in out
    run = run_row(config, "learn")
    assert run.metrics["left_out"] == {"watercolor": "0 stored images in the val split"}
    assert set(run.metrics["class_counts"]["train"]["medium"]) == set(LEARNABLE)
    assert load_model(config, run).get_layer("medium").output.shape == (None, 7)  # the heads keep their shape

    medium = evaluate(config, "learn")["medium"]
    assert medium["images"] == 4 * 4
    assert medium["accuracy"] > 2 * medium["baseline"]["accuracy"]  # it learnt the three colours
    assert medium["per_class"]["watercolor"]["recall"] == 0


def test_tensorflow_verbs_start_quietly_unless_verbose(trained):
    """Nothing on stderr but our own lines: TensorFlow's start-up notices are hidden."""
    command = [sys.executable, "-m", "medium", "--home", str(trained.home)]
    done = subprocess.run([*command, "evaluate", RUN], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    assert f"wrote {trained.runs_dir / RUN / 'evaluations' / 'test' / 'metrics.json'}" in done.stdout


def test_a_run_trained_on_crops_is_evaluated_in_a_fresh_process(trained):
    """A model with our own layers (`TrainingCrop`) loads wherever it is read, not only in
    the process that imported `classifier.model`."""
    assert main(["--home", str(trained.home), "train", *TINY, "--image-size", "48", "--crop", "32", "--epochs", "1",
                 "--run-id", "cropped"]) == 0
    done = subprocess.run([sys.executable, "-m", "medium", "--home", str(trained.home), "evaluate", "cropped",
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["medium"]["images"] > 0


def test_ctrl_c_of_train_says_how_to_resume_and_the_run_resumes(tmp_path):
    home = tmp_path / "home"
    config = make_store(home)
    train = subprocess.Popen([sys.executable, "-m", "medium", "--home", str(home), "train", *TINY, "--epochs", "500",
                              "--run-id", "stopped"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, process_group=0)
    for line in train.stdout:  # Keras announces each epoch (not a terminal: one line per epoch)
        if line.startswith("Epoch 2/"):
            break
    os.killpg(train.pid, signal.SIGINT)  # what a terminal does
    output = train.communicate(timeout=60)[0]
    assert train.returncode == 130, output
    assert output.strip().splitlines()[-1] == ("medium train: interrupted; run stopped keeps its finished epochs; "
                                               "go on with `medium train --resume stopped`")
    assert "Traceback" not in output
    assert resumable_run(open_database(config.db_url), "stopped").status == "failed"
