"""`medium train`: stored images and their stored split → a two-headed Keras model in
`$MEDIUM_HOME/runs/<id>/` and a row in `runs`.

Stages, one function each: read and check the data, sort out the unreadable files and
prepare the input (cached or streamed, see `classifier.caching`), build the model under
the right distribution strategy, fit with the Keras callbacks that make a run resumable
(`BackupAndRestore`), keep the best model (`ModelCheckpoint`) and log the curves
(`CSVLogger`), then fit the feature model that is blended with it (`classifier.feature_model`),
plot and record.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from classifier import plots
from classifier.caching import choose_cache
from classifier.dataset import (
    HEADS, class_counts, labelled_images, sample_weights, targets, training_frames, untrainable_classes,
)
from classifier.feature_model import (
    FEATURE_MODEL_FILE, MAX_TRAIN_ROWS, MAX_VAL_ROWS, FeatureModel, choose_weights, file_digest, fit_trees,
)
from classifier.losses import head_loss
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.execution import Execution, precision
from classifier.suspects import chosen_suspects
from classifier.pipeline import AUTOTUNE, DecodedSplit, decode_split, labelled_batches, with_features
from classifier.runs import (
    BACKUP_DIR, FAILED, FINISHED, HISTORY_FILE, HISTORY_PLOT, MODEL_FILE, PARAMS_FILE,
    begin_run, checked_run_id, end_run, new_run_id, resumable_run, run_dir, write_json,
)
from storage.config import Config
from storage.db import open_database
from storage.errors import Interrupted
from storage.labels import MEDIA
from storage.store import recorded_store

log = logging.getLogger(__name__)

MONITOR = "val_medium_accuracy"  # the model kept is the best by this
TOP_K = 3
LR_FACTOR = 0.5
FEATURE_BATCH = 256  # pictures whose features (and CNN probabilities) are computed together


def train(config: Config, params: TrainParams = TrainParams(), run_id: str | None = None, *,
          execution: Execution = Execution(), callbacks: Sequence[keras.callbacks.Callback] = (),
          verbose: str | int = "auto") -> str:
    """Train a model and return its run id. An unfinished run with this id and these params
    (one that was killed or failed) continues from its last finished epoch."""
    params = params.checked()
    run_id = checked_run_id(run_id) if run_id else new_run_id("train")
    engine = open_database(config.db_url)
    images = labelled_images(engine, recorded_store(engine, config).images)
    shards = None
    if execution.data:  # checked before the run is recorded: bad shards leave no run behind
        from classifier.shards.reading import matched, open_shards

        shards = open_shards(execution.data)
        images = matched(shards, images, engine)
    excluded = {}
    if params.exclude_suspects:
        images, excluded = without_suspects(config, images, params)
    frames = training_frames(images)
    left_out = untrainable_classes(images)
    for key, why in left_out.items():
        log.warning("leaving out class %s: %s (the model keeps its output, untrained)", MEDIA[key], why)
    resuming = begin_run(engine, run_id, "train", params.to_dict())
    log.info("%s run %s", "resuming" if resuming else "starting", run_id)
    directory = run_dir(config, run_id)
    write_json(directory / PARAMS_FILE, params.to_dict())
    try:
        metrics = {**fit(frames, params, directory, execution=execution, home=config.home, callbacks=callbacks,
                         verbose=verbose, shards=shards), "left_out": left_out, **excluded}
    except KeyboardInterrupt:
        end_run(engine, run_id, FAILED)
        raise Interrupted(f"run {run_id} keeps its finished epochs; go on with `medium train --resume {run_id}`") from None
    except BaseException:
        end_run(engine, run_id, FAILED)
        raise
    end_run(engine, run_id, FINISHED, metrics, model_path=str((directory / MODEL_FILE).relative_to(config.home)))
    log.info("run %s finished: best %s %.3f at epoch %d", run_id, MONITOR, metrics[MONITOR], metrics["best_epoch"])
    return run_id


def without_suspects(config: Config, images: pd.DataFrame, params: TrainParams) -> tuple[pd.DataFrame, dict]:
    """The images less those the audit of run `params.exclude_suspects` suspects (as chosen by
    its top/threshold), and the count left out for the run's metrics."""
    suspects = chosen_suspects(config, params.exclude_suspects, params.suspects_top, params.suspects_threshold)
    kept = images[~images["id"].isin(suspects.ids)].reset_index(drop=True)
    log.info("leaving out %d images: %s of run %s's audit", len(images) - len(kept), suspects.selection,
             params.exclude_suspects)
    return kept, {"excluded_suspects": len(images) - len(kept)}


def fit(frames: dict[str, pd.DataFrame], params: TrainParams, directory: Path, *,
        execution: Execution = Execution(), home: Path | None = None,
        callbacks: Sequence[keras.callbacks.Callback] = (), verbose: str | int = "auto", shards=None) -> dict:
    """Prepare the input, build, fit and plot into `directory`; return the run's metrics.
    A disk cache goes under `home`; `shards` (a checked `ShardFolder`) replaces the files."""
    keras.utils.set_random_seed(params.seed)
    inputs = training_input(frames, params, execution, home, shards)
    kept = inputs.frames
    strategy = distribution_strategy()
    with strategy.scope(), precision(execution.mixed_precision):
        model = compile_model(build_model(params), params)
    if execution.jit_compile != "auto":
        model.jit_compile = execution.jit_compile == "on"  # Keras warns and stays off where a layer cannot
    log.info("%d training and %d validation images, %d device(s), XLA %s, %s", len(kept["train"]), len(kept["val"]),
             strategy.num_replicas_in_sync, "on" if model.jit_compile else "off", model.dtype_policy.name)
    started = time.perf_counter()
    model.fit(inputs.train, validation_data=inputs.val, steps_per_epoch=inputs.train_steps,
              validation_steps=inputs.val_steps,
              epochs=params.epochs, callbacks=[*standard_callbacks(directory, params), *callbacks],
              shuffle=False, verbose=verbose)  # the dataset shuffles itself
    seconds = time.perf_counter() - started
    history = pd.read_csv(directory / HISTORY_FILE)
    plots.history_plot(history, directory / HISTORY_PLOT)
    skipped = sum(len(frames[split]) - len(rows) for split, rows in kept.items())
    metrics = {**_summary(history, kept, skipped, seconds), "cache": inputs.cache}
    if params.feature_model:
        metrics["feature_model"] = fit_feature_model(inputs, params, directory)
    return metrics


def fit_feature_model(inputs: TrainingInput, params: TrainParams, directory: Path) -> dict:
    """Fit the feature model's trees on the train split, choose each head's blend weight with
    the kept CNN (the best epoch's) on the validation split, and save it beside the CNN.
    Returns the weights and each part's validation accuracy."""
    started = time.perf_counter()
    train_features, train_rows, _ = split_features(inputs.decoded["train"], MAX_TRAIN_ROWS)
    trees = fit_trees(train_features, *_rows(inputs.frames["train"], train_rows), params.seed)
    cnn = keras.saving.load_model(directory / MODEL_FILE)
    val_features, val_rows, val_cnn = split_features(inputs.decoded["val"], MAX_VAL_ROWS, cnn)
    val_targets, val_weights = _rows(inputs.frames["val"], val_rows)
    feature_model = FeatureModel(trees, choose_weights(trees, val_features, val_cnn, val_targets, val_weights))
    digest = file_digest(feature_model.save(directory / FEATURE_MODEL_FILE))
    parts = {"cnn": val_cnn, "features": feature_model.probabilities(val_features)}
    parts["blend"] = feature_model.blend(parts["cnn"], parts["features"])
    accuracy = {head: {part: _weighted_accuracy(probabilities[head], val_targets[head], val_weights[head])
                       for part, probabilities in parts.items()} for head in HEADS}
    log.info("feature model: blend weights %s; validation medium accuracy CNN %.3f, features %.3f, blend %.3f",
             feature_model.weights, *(accuracy["medium"][part] for part in ("cnn", "features", "blend")))
    return {"weights": feature_model.weights, "val_accuracy": accuracy, "train_images": len(train_rows),
            "val_images": len(val_rows), "seconds": round(time.perf_counter() - started, 1), "sha256": digest}


def split_features(split: DecodedSplit, limit: int, cnn: keras.Model | None = None
                   ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray] | None]:
    """`(features, numbers, CNN probabilities per head or None)` of up to `limit` pictures of
    a split, as the model sees them, read a batch at a time. A training split is shuffled
    by the seed before it is decoded, so its first `limit` pictures are a fair sample."""
    features, numbers, outputs = [], [], {head: [] for head in HEADS}
    batches = with_features(split.images().take(limit).batch(FEATURE_BATCH)).prefetch(AUTOTUNE)
    for batch_numbers, images, batch_features in batches.as_numpy_iterator():  # features beside the decode
        numbers.append(batch_numbers)
        features.append(batch_features)
        if cnn is not None:
            for head, values in cnn.predict_on_batch(images).items():
                outputs[head].append(np.asarray(values, np.float32))
    probabilities = {head: np.concatenate(values) for head, values in outputs.items()} if cnn is not None else None
    return np.concatenate(features), np.concatenate(numbers), probabilities


def _rows(frame: pd.DataFrame, numbers: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Targets and class-balancing weights per head of the numbered rows of a split."""
    rows = frame.iloc[numbers]
    return targets(rows), sample_weights(rows)


def _weighted_accuracy(probabilities: np.ndarray, true: np.ndarray, weights: np.ndarray) -> float:
    """Accuracy over the rows that carry weight (an image without a mood does not count)."""
    counted = weights > 0
    return float((probabilities[counted].argmax(axis=1) == true[counted]).mean()) if counted.any() else float("nan")


class TrainingInput(NamedTuple):
    """Endless batches and the steps of one epoch: a streamed split's length is known only
    from its scan, and told so, Keras neither guesses epochs from running out of data nor
    stops when a file fails mid-run (that epoch ends one image later instead)."""

    train: tf.data.Dataset  # (images, targets, sample weights) batches, reshuffled each pass
    train_steps: int
    val: tf.data.Dataset
    val_steps: int
    frames: dict[str, pd.DataFrame]  # per split, the rows whose files decode, in input order
    cache: str  # memory | disk | none, as chosen
    decoded: dict[str, DecodedSplit]  # per split, its pictures numbered as in `frames`


def training_input(frames: dict[str, pd.DataFrame], params: TrainParams, execution: Execution = Execution(),
                   home: Path | None = None, shards=None) -> TrainingInput:
    """Choose the cache for the whole set, leave out the files that do not decode, and
    build the batches `fit` takes (from `shards` when given)."""
    choice = choose_cache(execution.cache, sum(map(len, frames.values())), params.image_size)
    log.info("input: %s%s", choice.reason, f"; from the shards in {shards.folder}" if shards else "")
    decoded = {split: _decode(frame, params, choice.cache, home, execution.deterministic, shuffle=split == "train",
                              shards=shards)
               for split, frame in frames.items()}
    kept = {split: rows for split, (_, rows) in decoded.items()}
    training_frames(pd.concat(kept.values()))  # check again without the unreadable files
    steps = {split: -(-len(rows) // params.batch_size) for split, rows in kept.items()}
    return TrainingInput(_batches(*decoded["train"], params, execution.deterministic, shuffle_seed=params.seed),
                         steps["train"], _batches(*decoded["val"], params, execution.deterministic), steps["val"],
                         kept, choice.cache, {split: split_input for split, (split_input, _) in decoded.items()})


def resume(config: Config, run_id: str, **options) -> str:
    """Continue an unfinished run with the params it was started with."""
    run = resumable_run(open_database(config.db_url), run_id)
    return train(config, TrainParams.from_dict(run.params), run_id, **options)


def distribution_strategy() -> tf.distribute.Strategy:
    """All GPUs of this host when there are several, else the default (one device)."""
    gpus = tf.config.list_logical_devices("GPU")
    return tf.distribute.MirroredStrategy() if len(gpus) > 1 else tf.distribute.get_strategy()


def compile_model(model: keras.Model, params: TrainParams) -> keras.Model:
    """Sparse cross-entropy per head (smoothed if asked). Emotion accuracy is weighted, so
    images without a mood (weight 0) do not count in it."""
    model.compile(
        optimizer=keras.optimizers.Adam(params.learning_rate, use_ema=params.ema > 0, ema_momentum=params.ema),
        loss={head: head_loss(len(keys), params.label_smoothing) for head, keys in HEADS.items()},
        loss_weights={"medium": params.medium_loss_weight, "emotion": params.emotion_loss_weight},
        metrics={"medium": ["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(TOP_K, name=f"top{TOP_K}")]},
        weighted_metrics={"emotion": ["accuracy"]},
    )
    return model


def standard_callbacks(directory: Path, params: TrainParams) -> list[keras.callbacks.Callback]:
    """Resume, keep the best, stop early, lower the learning rate, log a CSV.

    `BackupAndRestore` comes first so an epoch is backed up before anything later can fail,
    and with the weights training goes on from; the averaged weights (if any) are swapped in
    after it, for the checkpoint to keep.
    """
    return [
        keras.callbacks.BackupAndRestore(directory / BACKUP_DIR, double_checkpoint=True),
        *averaged_weights(params),
        keras.callbacks.ModelCheckpoint(directory / MODEL_FILE, monitor=MONITOR, mode="max", save_best_only=True,
                                        initial_value_threshold=_best_so_far(directory)),
        keras.callbacks.EarlyStopping(monitor=MONITOR, mode="max", patience=params.patience),
        learning_rate_schedule(params),
        keras.callbacks.CSVLogger(directory / HISTORY_FILE, append=True),
    ]


def learning_rate_schedule(params: TrainParams) -> keras.callbacks.Callback:
    """The callback that lowers the learning rate: halve it when the monitored accuracy stalls
    (`plateau`), or follow a cosine from the initial rate towards 0 at the last epoch
    (`cosine`, which depends on the epoch alone and so resumes where it stopped)."""
    if params.schedule == "cosine":
        return keras.callbacks.LearningRateScheduler(
            lambda epoch, _: params.learning_rate * 0.5 * (1 + math.cos(math.pi * epoch / params.epochs)))
    return keras.callbacks.ReduceLROnPlateau(monitor=MONITOR, mode="max", factor=LR_FACTOR,
                                             patience=max(1, params.patience // 2))


def averaged_weights(params: TrainParams) -> list[keras.callbacks.Callback]:
    """With `ema`, the callback that validates on the moving average of the weights and leaves
    it in the model at each epoch's end (training goes on from the raw weights)."""
    return [keras.callbacks.SwapEMAWeights(swap_on_epoch=True)] if params.ema > 0 else []


def _best_so_far(directory: Path) -> float | None:
    """The best monitored value of the epochs a resumed run already did, so that its
    first new epoch does not overwrite a better model."""
    path = directory / HISTORY_FILE
    if not path.is_file() or path.stat().st_size == 0:
        return None
    history = pd.read_csv(path)
    return float(history[MONITOR].max()) if MONITOR in history and len(history) else None


def _decode(frame: pd.DataFrame, params: TrainParams, cache: str, home: Path | None, deterministic: bool,
            shuffle: bool, shards=None) -> tuple[DecodedSplit, pd.DataFrame]:
    """Prepare a split's input; return it with the rows that decode, in its order.
    Training rows are shuffled once first, so a bounded per-epoch shuffle buffer still
    mixes the whole set."""
    if shuffle:
        frame = frame.sample(frac=1, random_state=params.seed)
    if shards is not None:
        from classifier.shards.reading import ShardSplit

        split_name = frame["split"].iloc[0]
        split = ShardSplit(shards.files[split_name], frame["id"].to_numpy(), params.image_size, cache, home)
        return split, frame.reset_index(drop=True)
    split = decode_split(frame["path"].tolist(), params.image_size, cache, home=home, deterministic=deterministic)
    return split, frame.iloc[split.kept].reset_index(drop=True)


def _batches(split: DecodedSplit, frame: pd.DataFrame, params: TrainParams, deterministic: bool,
             shuffle_seed: int | None = None) -> tf.data.Dataset:
    images = split.images(shuffle_seed=shuffle_seed, deterministic=deterministic)
    return labelled_batches(images, targets(frame), sample_weights(frame), params.batch_size,
                            deterministic=deterministic).repeat()


def _summary(history: pd.DataFrame, frames: dict[str, pd.DataFrame], skipped: int, seconds: float) -> dict:
    best = history.loc[history[MONITOR].idxmax()]
    return {
        MONITOR: float(best[MONITOR]),
        "val_emotion_accuracy": float(best["val_emotion_accuracy"]),
        "best_epoch": int(best["epoch"]) + 1,
        "epochs": len(history),
        "seconds": round(seconds, 1),
        "skipped_files": skipped,
        "class_counts": {split: class_counts(frame) for split, frame in frames.items()},
    }
