"""Does the medium classifier learn the medium or the renderer? Train the recipe on the
training families and score it on its own test split and on the held-out-style sets, each
drawn by a renderer family that no training world ever draws: `outsider`, the one recipes
are chosen on, and `wayfarer`, which nothing is chosen on (the check on the choosing). Prints
JSON: macro-F1 and per-medium F1, accuracy per training family on the test split and per
style on each held-out set (which style a medium's errors come from).

One run scores the three predictors of a run side by side: the CNN alone (the recipe before
the feature model), the feature model alone (trees on the 20 interpretable features of the
picture the CNN sees) and their blend (what `medium train` now keeps), weighted per head on
the validation split as `medium train` weighs it. With `"feature_model": false` in --recipe,
the CNN alone.

Images are rendered and prepared as the crawler stores them (600 px wide, JPEG, longest side
256 or --stored-side, JPEG again) and squashed to the model's input as the pipeline does,
then trained from arrays in memory (the sample world's importer and store are measured
elsewhere).

    python benchmarks/generalisation.py --images 3500 --heldout 700 --epochs 30 --cache /tmp/gen
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from PIL import Image

from sampleworld import HELDOUT_FAMILIES, MEDIA, MOODS, build_heldout_set, render_artwork, training_look
from sampleworld.heldout import FORMAT as HELDOUT_FORMAT
from sampleworld.render import TRAINING_FAMILIES, look_family
from sampleworld.world import FORMAT as WORLD_FORMAT

STORED_SIDE = 256
JPEG_QUALITY = 90
RECIPE: dict = {}  # `medium train`'s defaults are the recipe (chosen on the outsider family: docs/benchmarks.md)
SPLITS = {"train": 0.8, "val": 0.1, "test": 0.1}


def stored(image: Image.Image, side: int = STORED_SIDE) -> Image.Image:
    """The picture as the store keeps it: JPEG from the CDN, longest side `side`, JPEG again."""
    for step in ("cdn", "store"):
        if step == "store":
            image = image.copy()
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return image


def _render(job: tuple[str, str, int, str | None, int, int]) -> np.ndarray:
    medium, mood, seed, look, size, side = job
    picture = stored(render_artwork(medium, mood, seed, look=look), side)
    return np.asarray(picture.resize((size, size), Image.Resampling.BILINEAR, reducing_gap=2.0))


def world_arrays(n_images: int, size: int, families: tuple[str, ...], side: int = STORED_SIDE,
                 seed: int = 0) -> dict:
    """Images (uint8), medium and mood indices of a world: round robin over media, moods at
    random, looks drawn among `families` as `build_world` draws them."""
    rng = np.random.default_rng([seed, 5])
    media = np.arange(n_images) % len(MEDIA)
    moods = rng.integers(len(MOODS), size=n_images)
    seeds = rng.integers(0, 2 ** 62, size=n_images)
    jobs = [(MEDIA[m], MOODS[e], int(s), training_look(MEDIA[m], int(s), families), size, side)
            for m, e, s in zip(media, moods, seeds)]
    with Pool(len(os.sched_getaffinity(0))) as pool:
        images = np.stack(pool.map(_render, jobs, chunksize=8))
    return {"images": images, "medium": media, "emotion": moods, "looks": [job[3] for job in jobs]}


def heldout_arrays(n_images: int, size: int, side: int = STORED_SIDE, family: str = "outsider") -> dict:
    """One of the demo's held-out-style sets, read from its folder like any outside set."""
    folder = Path(tempfile.mkdtemp(prefix=f"heldout-{family}-"))
    labels = build_heldout_set(folder, n_images, family=family)
    images = np.stack([np.asarray(stored(Image.open(folder / path).convert("RGB"), side).resize(
        (size, size), Image.Resampling.BILINEAR, reducing_gap=2.0)) for path in labels["path"]])
    return {"images": images, "medium": np.array([MEDIA.index(m) for m in labels["medium"]]),
            "emotion": np.array([MOODS.index(m) for m in labels["mood"]]), "looks": list(labels["look"])}


def cached(cache: Path | None, name: str, make) -> dict:
    """`make()`, kept in `cache/name.npz` when a cache folder is given (rendering is the slow part)."""
    if cache is None:
        return make()
    path = cache / f"{name}.npz"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{name}.partial.npz")  # renamed once whole: a killed render leaves no cache
        np.savez(partial, **{key: np.asarray(value) for key, value in make().items()})
        partial.replace(path)
    with np.load(path) as stored_arrays:
        return {key: stored_arrays[key] for key in stored_arrays.files}


def with_features(cache: Path | None, name: str, data: dict) -> dict:
    """`data` with the interpretable features of its images, which the feature model reads."""
    from classifier.feature_kernels import batch_features
    from classifier.features import FEATURE_VERSION

    return {**data, **cached(cache, f"{name}-features-v{FEATURE_VERSION}",
                              lambda: {"features": batch_features(data["images"])})}


def split(data: dict, seed: int = 0) -> dict[str, dict]:
    order = np.random.default_rng([seed, 6]).permutation(len(data["medium"]))
    bounds = np.cumsum([int(round(share * len(order))) for share in SPLITS.values()])[:-1]
    return {name: {key: (np.asarray(value)[rows]) for key, value in data.items()}
            for name, rows in zip(SPLITS, np.split(order, bounds))}


def train_and_score(params, parts: dict[str, dict], heldout: dict[str, dict]) -> dict:
    """Fit with the project's model and compile step (and its feature model, if the recipe has
    one); F1 on the test split and each held-out set, of the CNN, the feature model and the blend."""
    import keras

    from classifier.feature_model import FeatureModel, choose_weights, fit_trees
    from classifier.model import build_model
    from classifier.train import averaged_weights, compile_model, learning_rate_schedule

    keras.utils.set_random_seed(params.seed)
    model = compile_model(build_model(params), params)
    train, val = parts["train"], parts["val"]
    started = time.perf_counter()
    history = model.fit(
        train["images"], heads(train),
        validation_data=(val["images"], heads(val)),
        batch_size=params.batch_size, epochs=params.epochs, verbose=0,
        callbacks=[*averaged_weights(params),  # before EarlyStopping, which then keeps the averaged weights
                   keras.callbacks.EarlyStopping("val_medium_accuracy", mode="max", patience=params.patience,
                                                 restore_best_weights=True),
                   learning_rate_schedule(params)])  # as `medium train` lowers it
    seconds = {"cnn": round(time.perf_counter() - started, 1)}

    feature_model = None
    if params.feature_model:  # as `medium train` fits it: trees on the train split, weights on the val split
        started = time.perf_counter()
        trees = fit_trees(train["features"], heads(train), balanced(train), params.seed)
        val_cnn = model.predict(val["images"], batch_size=64, verbose=0)
        feature_model = FeatureModel(trees, choose_weights(trees, val["features"], val_cnn, heads(val), balanced(val)))
        seconds["feature_model"] = round(time.perf_counter() - started, 1)

    def scores(data: dict, by_family: bool = False) -> dict:
        """The CNN's scores, and with a feature model the trees' and the blend's."""
        predicted = {"cnn": model.predict(data["images"], batch_size=64, verbose=0)}
        if feature_model:
            predicted["features"] = feature_model.probabilities(data["features"])
            predicted["blend"] = feature_model.blend(predicted["cnn"], predicted["features"])
        return {name: score(probabilities, data, by_family) for name, probabilities in predicted.items()}

    return {"params": {k: v for k, v in params.to_dict().items() if v is not None},
            "train_seconds": seconds, "epochs_run": len(history.history["loss"]),
            "blend_weights": feature_model.weights if feature_model else None,
            "val_medium_accuracy": [round(value, 3) for value in history.history["val_medium_accuracy"]],
            "test": scores(parts["test"], by_family=True),
            "heldout": {family: scores(data) for family, data in heldout.items()}}


def heads(data: dict) -> dict[str, np.ndarray]:
    return {"medium": data["medium"], "emotion": data["emotion"]}


def balanced(data: dict) -> dict[str, np.ndarray]:
    """Class-balancing weights per head, as `medium train` weighs its rows."""
    from sklearn.utils.class_weight import compute_sample_weight

    return {head: compute_sample_weight("balanced", values) for head, values in heads(data).items()}


def score(predicted: dict, data: dict, by_family: bool) -> dict:
    """F1 per medium; accuracy per training family on the test split, per style on a held-out set."""
    from sklearn.metrics import confusion_matrix, f1_score

    medium = predicted["medium"].argmax(1)
    per_medium = f1_score(data["medium"], medium, labels=range(len(MEDIA)), average=None, zero_division=0)
    confusion = confusion_matrix(data["medium"], medium, labels=range(len(MEDIA)))
    np.fill_diagonal(confusion, 0)
    result = {"macro_f1": round(float(per_medium.mean()), 3),
              "per_medium_f1": {key: round(float(f), 3) for key, f in zip(MEDIA, per_medium)},
              "most_taken_for": {key: MEDIA[int(row.argmax())] for key, row in zip(MEDIA, confusion) if row.any()},
              "emotion_accuracy": round(float((predicted["emotion"].argmax(1) == data["emotion"]).mean()), 3)}
    right = medium == data["medium"]
    if by_family:  # which training family the test split's errors come from
        families = np.array([look_family(MEDIA[m], look) for m, look in zip(data["medium"], data["looks"])])
        result["accuracy_by_family"] = {family: round(float(right[families == family].mean()), 3)
                                        for family in TRAINING_FAMILIES if (families == family).any()}
    else:  # which held-out style the errors come from
        styles = np.array([f"{MEDIA[m]} {look}" for m, look in zip(data["medium"], data["looks"])])
        result["accuracy_by_style"] = {style: round(float(right[styles == style].mean()), 3)
                                       for style in sorted(set(styles))}
    return result


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a count, a size in pixels)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=positive, default=3500, help="images of the training world")
    parser.add_argument("--heldout", type=positive, default=700, help="images of each held-out-style set")
    parser.add_argument("--epochs", type=positive, default=30)
    parser.add_argument("--image-size", type=positive, default=256)
    parser.add_argument("--stored-side", type=positive, default=STORED_SIDE, help="the store's longest side in pixels")
    parser.add_argument("--recipe", type=json.loads, default=RECIPE, help="JSON of the recipe's TrainParams")
    parser.add_argument("--cache", type=Path, help="keep the rendered arrays and their features here between runs")
    args = parser.parse_args()
    from classifier.params import TrainParams
    from storage.errors import UserError

    if not isinstance(args.recipe, dict):
        parser.error("--recipe must be a JSON object of TrainParams fields")
    common = {"image_size": args.image_size, "epochs": args.epochs, "patience": max(3, args.epochs // 3)}
    try:  # refuse a bad recipe before the minutes of rendering
        params = TrainParams.from_dict({**common, **args.recipe})
    except UserError as error:
        parser.error(str(error))
    except TypeError:  # a field of the wrong type, e.g. a string where a number belongs
        parser.error("--recipe has a field of the wrong type; see `medium train --help` for each field")
    size, side = args.image_size, args.stored_side
    names = {family: f"heldout-{family}-v{HELDOUT_FORMAT}-{args.heldout}-{side}-{size}" for family in HELDOUT_FAMILIES}
    heldout = {family: with_features(args.cache, name, cached(args.cache, name, lambda family=family: heldout_arrays(
        args.heldout, size, side, family))) for family, name in names.items()}
    world_name = f"world-v{WORLD_FORMAT}-{args.images}-{side}-{size}-{'+'.join(TRAINING_FAMILIES)}"
    world = with_features(args.cache, world_name, cached(args.cache, world_name, lambda: world_arrays(
        args.images, size, TRAINING_FAMILIES, side)))
    print(json.dumps({"notice": "synthetic sample world, not BAM results", "images": args.images, "stored_side": side,
                      "heldout_images": args.heldout, "world": " and ".join(TRAINING_FAMILIES),
                      "heldout_looks": {family: sorted(set(data["looks"])) for family, data in heldout.items()},
                      **train_and_score(params, split(world), heldout)}, indent=1))


if __name__ == "__main__":
    main()
