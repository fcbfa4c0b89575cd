"""`medium explain` on a tiny trained run: the page, its files and metrics, SHAP that adds
up, CNN pixel maps, escaping, and bad input."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from medium.cli import main
from classifier.dataset import MEDIUM_KEYS, labelled_images
from classifier.features import FEATURE_NAMES
from analysis.explain import attributions
from analysis.explain.build import EXPLAIN_DIR, FEATURE_CACHE, MIN_IMAGES
from analysis.explain.feature_cache import model_input_features
from analysis.explain.page import near_chance, write_page
from analysis.explain.surrogate import fit_surrogate, raw_output, surrogate_shap, top_features
from classifier.params import TrainParams
from classifier.runs import finished_run, load_model
from classifier.train import train
from classifier_fixtures import make_store
from storage.image_store import LocalStore
from storage.db import open_database
from storage.models import Prediction, Run

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
SPLITS = {"train": 10, "val": 2, "test": 3}  # 70 train images: above what a surrogate needs
TINY = TrainParams(image_size=32, width=8, depth=2, batch_size=8, epochs=6)  # predicts several media
RUN = "tiny"


@pytest.fixture(scope="module")
def explained(tmp_path_factory):
    """A tiny run, explained once through the CLI."""
    home = tmp_path_factory.mktemp("home")
    config = make_store(home, SPLITS)
    train(config, TINY, RUN, verbose=0)
    assert main(["--home", str(home), "explain", RUN, "--images", str(MIN_IMAGES)]) == 0
    return config


def explain_dir(config) -> Path:
    return config.runs_dir / RUN / EXPLAIN_DIR


def files_under(home: Path) -> dict[str, int]:
    """Every file and its modification time, but SQLite's -wal and -shm (opening the database makes them)."""
    return {str(path.relative_to(home)): path.stat().st_mtime_ns for path in home.rglob("*")
            if path.is_file() and not path.name.endswith(("-wal", "-shm"))}


class References(HTMLParser):
    """Every src and href of a page."""

    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for name, value in attrs if name in ("src", "href")]


def test_explain_writes_the_metrics_of_the_contract(explained):
    metrics = json.loads((explain_dir(explained) / "metrics.json").read_text())
    assert 0 <= metrics["fidelity"]["test"] <= 1 and 0 <= metrics["fidelity"]["train"] <= 1
    assert set(metrics["accuracy"]) == {"cnn", "surrogate", "majority"}
    assert metrics["cnn_near_chance"] == near_chance(metrics["accuracy"]["cnn"], metrics["accuracy"]["majority"])
    assert metrics["features"] == len(FEATURE_NAMES)
    assert metrics["images"] == MIN_IMAGES + len(MEDIUM_KEYS) * SPLITS["test"]
    assert metrics["seconds"] > 0
    assert metrics["shap"]["max_additivity_error"] < 1e-6
    assert metrics["top_features"]
    for key, items in metrics["top_features"].items():
        assert key in MEDIUM_KEYS and len(items) == 3
        for item in items:
            assert item["feature"] in FEATURE_NAMES and item["direction"] in "+-" and item["mean_abs_shap"] >= 0
    assert metrics["files"]["importance"] == "importance.png"
    assert [Path(name).name for name in metrics["files"]["pixel_maps"]] == ["pixel_maps_medium.png",
                                                                           "pixel_maps_emotion.png"]
    assert (explained.runs_dir / RUN / FEATURE_CACHE).is_file()


def test_the_page_says_which_part_of_a_blended_run_it_explains(explained):
    weights = finished_run(open_database(explained.db_url), RUN).metrics["feature_model"]["weights"]
    metrics = json.loads((explain_dir(explained) / "metrics.json").read_text())
    assert metrics["feature_model_weights"] == weights
    page = " ".join((explain_dir(explained) / "index.html").read_text().split())  # as the words read
    assert "This run predicts with its CNN blended with a feature model" in page
    assert f"weighted {100 * weights['medium']:.1f}% for the medium" in page


def test_every_file_the_page_refers_to_exists(explained):
    folder = explain_dir(explained)
    parser = References()
    parser.feed((folder / "index.html").read_text())
    assert len(parser.targets) > 10
    for target in parser.targets:
        assert (folder / target).is_file(), target
    images = [target for target in parser.targets if target.startswith("images/")]
    assert images, "the chosen images are shown beside their waterfalls"


def test_surrogate_shap_values_add_up_to_its_raw_output_on_test_rows(explained):
    frame = labelled_images(open_database(explained.db_url), LocalStore(explained.images_dir))
    size = TINY.image_size  # the run's model input
    features = model_input_features(frame["id"].to_numpy(), frame["path"].tolist(), size,
                                    explained.runs_dir / RUN / FEATURE_CACHE)
    train_rows, test_rows = (features[(frame["split"] == split).to_numpy()] for split in ("train", "test"))
    labels = frame.loc[frame["split"] == "train", "medium"].to_numpy()
    for classes in (labels, labels % 2):  # seven classes, and two (one log-odds output)
        with threadpool_limits(limits=1, user_api="openmp"):  # as `medium explain` fits it
            surrogate = fit_surrogate(train_rows, classes, seed=0)
            explanation = surrogate_shap(surrogate, test_rows)
        assert explanation.values.shape == (len(test_rows), len(FEATURE_NAMES), len(set(classes)))
        np.testing.assert_allclose(explanation.raw_output(), raw_output(surrogate, test_rows), atol=1e-6, rtol=0)
        assert set(top_features(explanation)) == set(classes.tolist())


def test_cnn_pixel_maps_have_the_image_shape_and_are_not_all_zero(explained):
    model = load_model(explained, finished_run(open_database(explained.db_url), RUN))
    frame = labelled_images(open_database(explained.db_url), LocalStore(explained.images_dir))
    images = attributions.model_images(frame["path"].iloc[:3].tolist(), TINY.image_size)
    background = attributions.model_images(frame["path"].iloc[-8:].tolist(), TINY.image_size)
    for head in ("medium", "emotion"):
        maps, classes = attributions.pixel_maps(model, head, images, background, seed=0, samples=8)
        assert maps.shape == images.shape[:3]
        assert np.abs(maps).sum(axis=(1, 2)).min() > 0
        assert classes.shape == (3,)


def test_pixel_maps_explain_the_classes_medium_predict_gives(explained):
    """With the augmentation layers running, maps were made for classes the CNN never gives."""
    alone = "cnn-alone"
    train(explained, TINY.replace(feature_model=False), alone, verbose=0)  # predict: the CNN's own classes
    assert main(["--home", str(explained.home), "explain", alone, "--images", str(MIN_IMAGES)]) == 0
    mapped = json.loads((explained.runs_dir / alone / EXPLAIN_DIR / "metrics.json").read_text())["pixel_maps"]
    assert {entry["head"] for entry in mapped} == {"medium", "emotion"}
    assert main(["--home", str(explained.home), "predict", alone, "--source", "bam"]) == 0
    with Session(open_database(explained.db_url)) as session:
        predicted = {row.image_id: row for row in session.scalars(select(Prediction).where(Prediction.run_id == alone))}
    assert [entry["class"] for entry in mapped] == [getattr(predicted[entry["image_id"]], entry["head"])
                                                    for entry in mapped]


def test_text_from_data_is_escaped_on_the_page(tmp_path):
    script = "<script>alert('scraped')</script>"
    metrics = {"run": script, "fidelity": {"test": 0.9, "train": 1.0}, "accuracy": {"cnn": 0.8, "surrogate": 0.7},
               "features": 1, "images": 2, "split_images": {"train": 1, "test": 1}, "seconds": 1.0,
               "top_features": {"comic": [{"feature": "periodicity", "direction": "+", "mean_abs_shap": 1.0}]},
               "files": {"importance": "importance.png", "beeswarms": {}, "pixel_maps": [], "metrics": "metrics.json",
                         "waterfalls": [{"medium": "comic", "kind": script, "image_id": 1, "true": script,
                                         "cnn": "comic", "surrogate": "comic", "plot": "w.png", "image": "i.png"}],
                         "disagreements": [{"image_id": 2, "true": script, "cnn": "comic", "surrogate": script,
                                            "image": "d.png"}]}}
    page = write_page(tmp_path, metrics, test_size=1).read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;scraped&#39;)&lt;/script&gt;" in page
    assert json.loads((tmp_path / "metrics.json").read_text())["run"] == script


def page_metrics(cnn: float, majority: float) -> dict:
    return {"run": "r", "fidelity": {"test": 0.96, "train": 1.0},
            "accuracy": {"cnn": cnn, "surrogate": 0.12, "majority": majority},
            "cnn_near_chance": near_chance(cnn, majority), "features": 1, "images": 2,
            "split_images": {"train": 1, "test": 1}, "seconds": 1.0,
            "top_features": {"comic": [{"feature": "periodicity", "direction": "+", "mean_abs_shap": 1.0}]},
            "files": {"importance": "importance.png", "beeswarms": {}, "pixel_maps": [], "metrics": "metrics.json",
                      "waterfalls": [], "disagreements": []}}


def test_a_cnn_near_chance_is_said_before_the_fidelity(tmp_path):
    assert near_chance(0.152, 0.241) and near_chance(0.2, 0.1) and not near_chance(0.45, 0.241)
    page = " ".join(write_page(tmp_path, page_metrics(0.152, 0.241), test_size=79).read_text().split())
    warning = page.index("The CNN is near chance.")
    assert warning < page.index("How faithful the surrogate is") < page.index("96.0%")
    assert "It names the true medium of 15.2% of the test images, where always answering the most frequent " \
           "medium scores 24.1%" in page
    assert "the surrogate's reasons below describe the CNN's behaviour" not in page  # the claim a fidelity makes


def test_a_cnn_well_above_chance_gets_no_warning(tmp_path):
    page = " ".join(write_page(tmp_path, page_metrics(0.9, 0.241), test_size=79).read_text().split())
    assert "near chance" not in page and "the surrogate's reasons below describe the CNN's behaviour" in page


def bad_input(home: Path, *arguments: str, capsys) -> str:
    before = files_under(home)
    assert main(["--home", str(home), "explain", *arguments]) == 2
    assert files_under(home) == before
    error = capsys.readouterr().err.strip()
    assert error.startswith("medium explain: ") and "\n" not in error and "Traceback" not in error
    return error


def test_an_unknown_run_is_one_sentence_and_exit_2(explained, capsys):
    assert "no train run" in bad_input(explained.home, "nonexistent", capsys=capsys)


def test_too_few_images_for_a_surrogate_is_refused(explained, capsys):
    assert str(MIN_IMAGES) in bad_input(explained.home, RUN, "--images", str(MIN_IMAGES - 1), capsys=capsys)


def test_an_unfinished_run_is_refused(explained, capsys):
    engine = open_database(explained.db_url)
    with Session(engine) as session, session.begin():
        session.add(Run(id="halfway", kind="train", status="running", params={}, metrics={}))
    assert "not finished" in bad_input(explained.home, "halfway", capsys=capsys)


def test_a_run_without_stored_test_images_is_refused(explained, tmp_path, capsys):
    config = make_store(tmp_path, {"train": 10, "val": 2})
    model = Path("runs") / RUN / "model.keras"
    (tmp_path / model).parent.mkdir(parents=True)
    shutil.copy(explained.home / model, tmp_path / model)
    with Session(open_database(config.db_url)) as session, session.begin():
        session.add(Run(id=RUN, kind="train", status="finished", params={}, metrics={}, model_path=str(model)))
    assert "test split" in bad_input(tmp_path, RUN, capsys=capsys)


def test_the_sample_keeps_the_split_and_is_repeatable(explained):
    from analysis.explain.build import checked_inputs

    first, again = (checked_inputs(explained, RUN, MIN_IMAGES, seed=3) for _ in range(2))
    assert len(first.train) == MIN_IMAGES and set(first.train["split"]) == {"train"}
    assert set(first.test["split"]) == {"test"}
    pd.testing.assert_frame_equal(first.train, again.train)


def test_pixel_maps_carry_a_colour_scale_that_says_what_red_and_blue_mean():
    from analysis.explain.figures import pixel_map_panels

    rng = np.random.default_rng(0)
    figure = pixel_map_panels(rng.uniform(0, 255, (3, 16, 16, 3)), rng.normal(size=(3, 16, 16)),
                              ["true Comic, CNN Comic"] * 3, "CNN medium head")
    [scale] = [ax for ax in figure.axes if ax.get_label() == "<colorbar>"]
    words = " ".join([scale.get_xlabel(), *(label.get_text() for label in scale.get_xticklabels())])
    assert "red raised" in words and "blue lowered" in words and "raised it most" in words
