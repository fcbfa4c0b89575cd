"""`medium explain RUN`, stage by stage: check the inputs, let the CNN predict, compute the
features, fit and judge the surrogate, explain it and the CNN with SHAP, write the page.

Checks come first and import nothing heavy, so bad input costs no TensorFlow start and
writes nothing. The page is built in a partial folder that replaces `explain/` only when
complete; the feature cache sits beside it in the run folder and survives an interrupted run.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.dataset import EMOTION_KEYS, MEDIUM_KEYS, labelled_images
from classifier.runs import finished_run, run_dir
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.image_store import address_exists
from storage.models import Run, Split
from storage.store import recorded_store

MIN_IMAGES = 50  # train images below which a 20-feature, 7-class surrogate learns nothing reliable
EXPLAIN_DIR = "explain"
FEATURE_CACHE = "explain-features.npz"
CHOSEN_KINDS = ("confident right", "wrong", "uncertain")
PIXEL_IMAGES = {"medium": 2, "emotion": 1}  # test images per class with a pixel map
BACKGROUND = 16  # train images that stand for "no information" in expected gradients
DISAGREEMENTS = 12  # test images shown where the CNN and the surrogate disagree


@dataclass
class Inputs:
    run: Run
    train: pd.DataFrame  # sampled stored images of the train split
    test: pd.DataFrame  # sampled stored images of the test split


def checked_inputs(config: Config, run_id: str, images: int, seed: int) -> Inputs:
    """The run and its images, or a `UserError` saying in one sentence why not."""
    if images < MIN_IMAGES:
        raise UserError(f"--images {images} is too few: a surrogate needs at least {MIN_IMAGES} train images")
    engine = open_database(config.db_url, create=False)
    run = finished_run(engine, run_id)
    if not (config.home / run.model_path).is_file():
        raise UserError(f"the model of run {run_id} is missing: {config.home / run.model_path}")
    frame = labelled_images(engine, recorded_store(engine, config).images, splits=(Split.TRAIN.value, Split.TEST.value))
    train, test = (_stored(_sample(frame[frame["split"] == split], images, seed))
                   for split in (Split.TRAIN.value, Split.TEST.value))
    if test.empty:
        raise UserError(f"there are no stored images in the test split to explain run {run_id} on")
    if len(train) < MIN_IMAGES:
        raise UserError(f"the train split holds {len(train)} stored images; a surrogate needs at least {MIN_IMAGES}")
    return Inputs(run, train, test)


def explain(config: Config, inputs: Inputs, seed: int) -> dict:
    """Write `runs/<id>/explain/` (index.html, metrics.json, PNGs) and return the metrics.

    HistGradientBoosting's OpenMP threads run one at a time: on a busy shared host their
    spin-waiting made a fit 20 times slower than one thread, and a surrogate of a few
    thousand rows takes seconds on one core anyway.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        return _explain(config, inputs, seed)


def _explain(config: Config, inputs: Inputs, seed: int) -> dict:
    from analysis.explain import attributions, figures
    from analysis.explain.feature_cache import model_input_features
    from analysis.explain.page import majority_share, near_chance, write_page
    from analysis.explain.surrogate import (agreement, directions, fit_surrogate, raw_output, surrogate_shap,
                                              top_features)
    from classifier.features import FEATURE_NAMES
    from classifier.predict import store_probabilities
    from classifier.runs import load_model

    figures.use_agg()
    started = time.monotonic()
    model = load_model(config, inputs.run)
    train, test = (_predicted(model, frame, store_probabilities) for frame in (inputs.train, inputs.test))
    if train["cnn_medium"].nunique() < 2:
        raise UserError(f"run {inputs.run.id} predicts one medium for every train image; there is nothing to explain")
    folder = run_dir(config, inputs.run.id)
    cache = folder / FEATURE_CACHE
    x_train, x_test = (model_input_features(frame["id"].to_numpy(), frame["path"].tolist(), model.input_shape[1], cache)
                        for frame in (train, test))

    surrogate = fit_surrogate(x_train, train["cnn_medium"].to_numpy(), seed)
    test["surrogate"] = surrogate.predict(x_test)
    shap_values = surrogate_shap(surrogate, x_test)
    top = top_features(shap_values)

    partial = folder / f".{EXPLAIN_DIR}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    files = {"importance": figures.importance_figure(shap_values, MEDIUM_KEYS, directions(shap_values),
                                                     partial / "importance.png").name,
             "beeswarms": {}, "waterfalls": [], "disagreements": [], "pixel_maps": []}
    mapped = []  # {image_id, head, class}: which image each pixel map explains, for which answer
    for column, code in enumerate(shap_values.classes):
        key = MEDIUM_KEYS[code]
        files["beeswarms"][key] = figures.beeswarm(shap_values, column, f"SHAP for {_name(key)} (test images)",
                                                   partial / f"beeswarm_{key}.png").name
    probabilities = surrogate.predict_proba(x_test)
    for code, kind, row in chosen_images(test, probabilities, surrogate.classes_):
        column = int(np.flatnonzero(surrogate.classes_ == test["surrogate"].iloc[row])[0])
        stem = f"waterfall_{MEDIUM_KEYS[code]}_{kind.replace(' ', '_')}"
        files["waterfalls"].append({
            "medium": MEDIUM_KEYS[code], "kind": kind, "image_id": int(test["id"].iloc[row]),
            "true": MEDIUM_KEYS[code], "cnn": MEDIUM_KEYS[test["cnn_medium"].iloc[row]],
            "surrogate": MEDIUM_KEYS[test["surrogate"].iloc[row]],
            "plot": figures.waterfall(shap_values, row, column,
                                      f"Why the surrogate says {_name(MEDIUM_KEYS[test['surrogate'].iloc[row]])}",
                                      partial / f"{stem}.png").name,
            "image": figures.thumbnail(test["path"].iloc[row], partial / "images" / f"{test['id'].iloc[row]}.png")
            .relative_to(partial).as_posix()})
    for row in np.flatnonzero(test["cnn_medium"].to_numpy() != test["surrogate"].to_numpy())[:DISAGREEMENTS]:
        files["disagreements"].append({
            "image_id": int(test["id"].iloc[row]), "true": MEDIUM_KEYS[test["medium"].iloc[row]],
            "cnn": MEDIUM_KEYS[test["cnn_medium"].iloc[row]], "surrogate": MEDIUM_KEYS[test["surrogate"].iloc[row]],
            "image": figures.thumbnail(test["path"].iloc[row], partial / "images" / f"{test['id'].iloc[row]}.png")
            .relative_to(partial).as_posix()})
    for head, per_class in PIXEL_IMAGES.items():
        figure, entries = _pixel_maps(model, head, train, test, per_class, seed, partial, figures, attributions)
        files["pixel_maps"].append(figure)
        mapped += entries

    metrics = {
        "run": inputs.run.id,
        "fidelity": {"test": agreement(test["surrogate"], test["cnn_medium"]),
                     "train": agreement(surrogate.predict(x_train), train["cnn_medium"])},
        "accuracy": {"cnn": agreement(test["cnn_medium"], test["medium"]),
                     "surrogate": agreement(test["surrogate"], test["medium"]),
                     "majority": majority_share(test["medium"])},
        "features": len(FEATURE_NAMES), "images": len(train) + len(test),
        "feature_model_weights": inputs.run.metrics.get("feature_model", {}).get("weights"),  # None: the CNN alone
        "split_images": {"train": len(train), "test": len(test)},
        "top_features": {MEDIUM_KEYS[code]: features for code, features in top.items()},
        "pixel_maps": mapped,
        "shap": {"explainer": "TreeExplainer", "feature_perturbation": "tree_path_dependent", "model_output": "raw",
                 "max_additivity_error": float(np.abs(shap_values.raw_output() - raw_output(surrogate, x_test)).max())},
        "files": {**files, "metrics": "metrics.json", "page": "index.html"},
    }
    metrics["cnn_near_chance"] = near_chance(metrics["accuracy"]["cnn"], metrics["accuracy"]["majority"])
    metrics["seconds"] = round(time.monotonic() - started, 1)
    write_page(partial, metrics, test_size=len(test))
    target = folder / EXPLAIN_DIR
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return metrics


def chosen_images(test: pd.DataFrame, probabilities: np.ndarray, classes: np.ndarray) -> list[tuple[int, str, int]]:
    """`(true medium code, kind, row)` for up to three test images per medium: the one the
    CNN and the surrogate both get right most confidently, one the CNN gets wrong, and the
    one where the surrogate is least sure (smallest gap between its top two classes)."""
    ordered = np.sort(probabilities, axis=1)
    margin = ordered[:, -1] - (ordered[:, -2] if probabilities.shape[1] > 1 else 0)
    confidence = probabilities.max(axis=1)
    true, cnn, surrogate = (test[column].to_numpy() for column in ("medium", "cnn_medium", "surrogate"))
    chosen = []
    for code in sorted(set(true)):
        mine = true == code
        candidates = {
            "confident right": np.flatnonzero(mine & (cnn == code) & (surrogate == code)),
            "wrong": np.flatnonzero(mine & (cnn != code)),
            "uncertain": np.flatnonzero(mine),
        }
        score = {"confident right": -confidence, "wrong": -confidence, "uncertain": margin}
        taken = set()
        for kind in CHOSEN_KINDS:
            rows = [row for row in candidates[kind][np.argsort(score[kind][candidates[kind]], kind="stable")]
                    if row not in taken]
            if rows:
                taken.add(rows[0])
                chosen.append((int(code), kind, int(rows[0])))
    return chosen


def _pixel_maps(model, head: str, train: pd.DataFrame, test: pd.DataFrame, per_class: int, seed: int,
                partial: Path, figures, attributions) -> tuple[str, list[dict]]:
    """SHAP pixel maps of one head for up to `per_class` test images of each class the CNN
    predicts right (else any of that class): the figure's name, and per map the image and
    the class it explains (the CNN's own answer, in inference mode)."""
    keys = MEDIUM_KEYS if head == "medium" else EMOTION_KEYS
    rng = np.random.default_rng(seed)
    rows = []
    for code in range(len(keys)):
        mine = np.flatnonzero(test[head].to_numpy() == code)
        right = mine[test[f"cnn_{head}"].to_numpy()[mine] == code]
        rows += list((right if len(right) else mine)[:per_class])
    background_rows = rng.choice(len(train), size=min(BACKGROUND, len(train)), replace=False)
    size = model.input_shape[1]
    images = attributions.model_images(test["path"].iloc[rows].tolist(), size)
    maps, predicted = attributions.pixel_maps(model, head, images, attributions.model_images(
        train["path"].iloc[background_rows].tolist(), size), seed)
    titles = [f"true {_name(keys[test[head].iloc[row]])}, CNN {_name(keys[code])}" for row, code in zip(rows, predicted)]
    figure = figures.pixel_map_figure(images, maps, titles, f"CNN {head} head: pixel SHAP for its answer",
                                      partial / f"pixel_maps_{head}.png").name
    return figure, [{"image_id": int(test["id"].iloc[row]), "head": head, "class": keys[int(code)]}
                    for row, code in zip(rows, predicted)]


def _predicted(model, frame: pd.DataFrame, store_probabilities) -> pd.DataFrame:
    """The rows whose file the CNN read, with its predicted class per head (`cnn_medium`, `cnn_emotion`)."""
    kept, probabilities = store_probabilities(model, frame["path"].tolist())
    frame = frame.iloc[np.sort(kept)].reset_index(drop=True)
    order = np.argsort(kept)
    frame["cnn_medium"] = probabilities["medium"][order].argmax(axis=1)
    frame["cnn_emotion"] = probabilities["emotion"][order].argmax(axis=1)
    return frame


def _stored(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose picture is in the store: looked up after sampling, so an object store
    answers a few hundred lookups, not one per image of the crawl."""
    return frame[[address_exists(path) for path in frame["path"]]].reset_index(drop=True)


def _sample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    return (frame.sample(n, random_state=seed) if len(frame) > n else frame).sort_values("id").reset_index(drop=True)


def _name(key: str) -> str:
    from storage.labels import display_name

    return display_name(key)
