"""The classifier's data side: which rows it reads, how pictures reach the model, weights,
splits, outside labelled sets, parameters and sample grids. No training here."""

from __future__ import annotations

import json

import keras
import numpy as np
import pandas as pd
import pytest
from PIL import Image as PILImage
from sqlalchemy import insert

from medium.cli import main
from classifier.dataset import (
    MEDIUM_KEYS, NO_GROUP, NO_LABEL, labelled_folder, labelled_images, sample_weights, training_frames,
    untrainable_classes,
)
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.pipeline import decode_split, load_file, store_images
from classifier_fixtures import FixtureImage, add_images, jpeg_bytes, make_store, solid
from storage.image_store import LocalStore
from storage.config import resolve
from storage.db import open_database
from storage.errors import UserError
from storage.imaging import encode_image
from storage.models import Image, Status
from storage.splits import assign_splits

SIZE = 32


def test_a_file_reaches_the_model_exactly_as_its_crawled_copy_does(tmp_path):
    """`predict FILE` and a crawled picture go through the same encoding and the same decoder."""
    rng = np.random.default_rng(0)
    original = tmp_path / "noise.png"
    PILImage.fromarray(rng.integers(0, 256, (300, 420, 3), dtype=np.uint8)).save(original)
    stored = tmp_path / "stored.jpg"
    stored.write_bytes(encode_image(original.read_bytes())[0])  # as the crawler's workers store it
    from_store = next(iter(store_images([str(stored)], SIZE)))[1].numpy()
    np.testing.assert_array_equal(load_file(original, SIZE), from_store)


def test_red_reaches_the_model_as_red_from_the_store_and_from_a_file(tmp_path):
    config = resolve(home=tmp_path)
    add_images(config, [FixtureImage(solid((255, 0, 0)), "oilpaint", None, "train", 1)])
    [stored_path] = labelled_images(open_database(config.db_url), LocalStore(config.images_dir))["path"]
    red_file = tmp_path / "red.png"
    PILImage.new("RGB", (300, 200), (255, 0, 0)).save(red_file)

    model = build_model(TrainParams(image_size=SIZE))
    first_layer_input = keras.Model(model.input, model.get_layer("rescale").output)
    from_store = next(iter(decode_split([stored_path], SIZE, "memory").images()))[1].numpy()
    from_file = load_file(red_file, SIZE)
    for pixels in (from_store, from_file):
        assert pixels.shape == (SIZE, SIZE, 3) and pixels.dtype == np.uint8
        seen = first_layer_input(pixels[None].astype("float32")).numpy().mean(axis=(0, 1, 2))
        assert seen == pytest.approx([1.0, 0.0, 0.0], abs=0.03)


@pytest.mark.parametrize("cache", ["memory", "disk", "none"])
def test_unreadable_store_files_are_skipped_and_counted(tmp_path, caplog, cache):
    config = resolve(home=tmp_path)
    good = jpeg_bytes(solid((10, 200, 10)))
    add_images(config, [FixtureImage(good, "comic", None, "train", 1),
                        FixtureImage(good[: len(good) // 2], "comic", None, "train", 1),  # truncated
                        FixtureImage(b"<html>not found</html>", "comic", None, "train", 1),
                        FixtureImage(good, "comic", None, "train", 1)])
    paths = labelled_images(open_database(config.db_url), LocalStore(config.images_dir))["path"].tolist()
    paths.insert(1, str(tmp_path / "vanished.jpg"))
    split = decode_split(paths, SIZE, cache, home=tmp_path)
    assert split.kept.tolist() == [0, 4]
    assert [int(position) for position, _ in split.images()] == [0, 1]  # numbered among the kept images
    assert "skipped 3 of 5 image files" in caplog.text


def test_no_stored_images_is_one_sentence_and_exit_2(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "train", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == (f"medium train: there is no status database at {tmp_path / 'medium.db'}; "
                                               "start with `medium import-bam FILE`")
    assert not (tmp_path / "medium.db").exists()
    open_database(resolve(home=tmp_path).db_url)
    assert main(["--home", str(tmp_path), "train", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == (
        "medium train: no stored images with a medium label and a split; import and crawl some first "
        "(`medium import-bam FILE`, then `scrapy crawl bam_images`)")


def test_a_class_missing_from_a_training_split_is_left_out(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    frame = labelled_images(open_database(config.db_url), LocalStore(config.images_dir))
    watercolor, comic = MEDIUM_KEYS.index("watercolor"), MEDIUM_KEYS.index("comic")
    frame = frame[~((frame["medium"] == watercolor) & (frame["split"] == "val"))
                  & ~((frame["medium"] == comic) & (frame["split"] == "train"))]
    assert untrainable_classes(frame) == {"comic": "0 stored images in the train split",
                                          "watercolor": "0 stored images in the val split"}
    frames = training_frames(frame)
    for split in ("train", "val"):
        assert set(frames[split]["medium"]) == set(range(len(MEDIUM_KEYS))) - {watercolor, comic}
    with pytest.raises(UserError, match="^fewer than two classes have stored images in both the train and the val"):
        training_frames(frame[frame["medium"].isin([watercolor, comic, 0])])


def test_sample_weights_balance_each_head_and_ignore_missing_moods():
    frame = pd.DataFrame({"medium": [0, 0, 0, 1, 2, 2], "emotion": [0, NO_LABEL, 1, 1, 1, NO_LABEL]})
    weights = sample_weights(frame)
    medium_totals = pd.Series(weights["medium"]).groupby(frame["medium"]).sum()
    assert medium_totals.to_numpy() == pytest.approx([medium_totals.iloc[0]] * 3)
    missing = frame["emotion"] == NO_LABEL
    assert (weights["emotion"][missing] == 0).all()
    emotion_totals = pd.Series(weights["emotion"][~missing]).groupby(frame["emotion"][~missing].to_numpy()).sum()
    assert emotion_totals.iloc[0] == pytest.approx(emotion_totals.iloc[1])


def test_training_never_sees_a_project_in_two_splits(tmp_path):
    rng = np.random.default_rng(3)
    projects = rng.integers(0, 120, 600)
    codes = (projects + rng.integers(0, 2, 600)) % len(MEDIUM_KEYS)  # a project has one or two media
    media = np.array(MEDIUM_KEYS)[codes]
    splits = assign_splits(codes, projects, seed=3)
    config = resolve(home=tmp_path)
    with open_database(config.db_url).begin() as connection:
        connection.execute(insert(Image), [
            dict(source="bam", source_id=str(i), project_id=int(project), url=f"https://x.invalid/{i}.jpg",
                 medium=medium, split=split, status=Status.DONE.value, path=f"bam/{i}.jpg")
            for i, (project, medium, split) in enumerate(zip(projects, media, splits))])
    frame = labelled_images(open_database(config.db_url), LocalStore(config.images_dir))
    frames = training_frames(frame)
    test_projects = set(frame.loc[frame["split"] == "test", "project_id"])
    train_projects, val_projects = (set(frames[split]["project_id"]) for split in ("train", "val"))
    assert train_projects and val_projects and test_projects
    assert not train_projects & val_projects
    assert not (train_projects | val_projects) & test_projects


def test_an_outside_set_is_read_from_class_folders_or_a_labels_csv(tmp_path):
    folders = tmp_path / "folders"
    for name in ("oilpaint", "Water Color"):
        (folders / name).mkdir(parents=True)
        PILImage.new("RGB", (8, 8)).save(folders / name / "a.jpg")
    (folders / "oilpaint" / "notes.txt").write_text("not an image")
    frame = labelled_folder(folders)
    assert sorted(frame["medium"]) == sorted(MEDIUM_KEYS.index(key) for key in ("oilpaint", "watercolor"))
    assert (frame["emotion"] == NO_LABEL).all()

    (folders / "labels.csv").write_text("path,medium,mood\noilpaint/a.jpg,oilpaint,scary\nWater Color/a.jpg,watercolor,\n")
    frame = labelled_folder(folders)
    assert frame["path"].tolist() == [str(folders / "oilpaint/a.jpg"), str(folders / "Water Color/a.jpg")]
    assert frame["emotion"].tolist() == [3, NO_LABEL]
    assert "group" not in frame

    (folders / "labels.csv").write_text("path,medium,look\noilpaint/a.jpg,oilpaint,impasto\nWater Color/a.jpg,watercolor,\n")
    assert labelled_folder(folders)["group"].tolist() == ["impasto", NO_GROUP]  # an empty cell is named

    (folders / "crayon").mkdir()
    (folders / "labels.csv").unlink()
    PILImage.new("RGB", (8, 8)).save(folders / "crayon" / "b.jpg")
    with pytest.raises(UserError, match="unknown medium 'crayon'"):
        labelled_folder(folders)


def test_params_round_trip_through_a_file_and_refuse_bad_values(tmp_path):
    params = TrainParams(image_size=64, width=16, dropout=0.2)
    path = tmp_path / "params.json"
    path.write_text(json.dumps(params.to_dict()))
    assert TrainParams.from_file(path) == params
    path.write_text(json.dumps({"widht": 16}))
    with pytest.raises(UserError, match="unknown training parameter"):
        TrainParams.from_file(path)
    with pytest.raises(UserError, match="dropout"):
        TrainParams(dropout=1.5).checked()
    with pytest.raises(UserError, match="weights file not found"):
        TrainParams(backbone="MobileNetV3Small", backbone_weights=str(tmp_path / "missing.h5")).checked()


def test_samples_draws_one_grid_row_per_class(tmp_path):
    make_store(tmp_path, split_sizes={"train": 3, "val": 1, "test": 1})
    assert main(["--home", str(tmp_path), "samples", "--per-class", "3"]) == 0
    medium_grid = PILImage.open(tmp_path / "samples" / "samples_medium.png")
    emotion_grid = PILImage.open(tmp_path / "samples" / "samples_emotion.png")
    assert medium_grid.height > emotion_grid.height  # 7 rows of media, 4 of moods
