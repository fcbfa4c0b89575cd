"""Training across hosts: data-parallel under `tf.distribute.MultiWorkerMirroredStrategy`, from
TFRecord shards, when `TF_CONFIG` names several workers. Every host runs the same
`medium train --data SHARDS --run-id ID` with its own `TF_CONFIG`; each worker reads its own
share of the training shards (every n-th file), the gradients are summed across workers
each step, and only the chief (worker 0) writes: the run's row, the model, the history.

Why a custom training step and not `fit`: on our versions (Keras 3.15, TensorFlow 2.21),
`keras.Model.fit` under the multi-worker strategy fails on its first step ("Attempt to convert
a value (PerReplica...)", keras-team/keras#20585), measured with two CPU workers on loopback.
The step here is TensorFlow's documented custom loop: `strategy.run` on each replica's batch,
losses scaled by the global batch (`tf.nn.compute_average_loss`), Keras' model and optimizer.

A killed cluster resumes: every worker saves a checkpoint at each epoch's end (the chief into
the run folder, the others into a temporary folder, as the strategy requires of them all),
and on a new start with the same run id all restore the chief's latest. The run folder must
therefore be on a file system every host sees (as the status database is shared).
What the CNN-alone multi-worker run leaves out: the feature model, the EMA and the learning
rate schedules of `medium train` (it keeps Adam at the params' rate).
"""

from __future__ import annotations

import logging
import math
import tempfile
import time
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from classifier.dataset import HEADS, class_counts, labelled_images, sample_weights, targets, training_frames
from classifier.execution import cluster
from classifier.losses import head_loss
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.pipeline import AUTOTUNE
from classifier.runs import FINISHED, HISTORY_FILE, MODEL_FILE, PARAMS_FILE, begin_run, end_run, run_dir, write_json
from classifier.shards.reading import SHUFFLE_BUFFER, ShardSplit, matched, open_shards
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.store import recorded_store

log = logging.getLogger(__name__)

CHECKPOINT_DIR = "workers-checkpoint"


def train_workers(config: Config, params: TrainParams, run_id: str, data: str) -> list[str]:
    """Train run `run_id` on this worker of the cluster `TF_CONFIG` names; returns the shard
    files this worker read."""
    workers, index = cluster()
    chief = index == 0
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    engine = open_database(config.db_url, create=False)
    shards = open_shards(data)
    frames = training_frames(matched(shards, labelled_images(engine, recorded_store(engine, config).images), engine))
    train_files = shards.files["train"]
    if len(train_files) < workers:
        raise UserError(f"{len(train_files)} training shards for {workers} workers: export with a smaller "
                        "--shard-images so that each worker reads at least one")
    directory = run_dir(config, run_id)
    if chief:
        begin_run(engine, run_id, "train", params.to_dict())
        write_json(directory / PARAMS_FILE, params.to_dict())
    keras.utils.set_random_seed(params.seed)
    global_batch = params.batch_size * strategy.num_replicas_in_sync
    with strategy.scope():
        model = build_model(params)
        optimizer = keras.optimizers.Adam(params.learning_rate)
        epoch = tf.Variable(0, dtype=tf.int64, trainable=False)
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, epoch=epoch)
    chief_checkpoints = directory / CHECKPOINT_DIR
    own = chief_checkpoints if chief else Path(tempfile.mkdtemp(prefix=f"medium-worker-{index}-"))
    manager = tf.train.CheckpointManager(checkpoint, str(own), max_to_keep=1)
    latest = tf.train.latest_checkpoint(str(chief_checkpoints))
    if latest:
        checkpoint.restore(latest)
        log.info("worker %d resumes run %s after epoch %d", index, run_id, int(epoch.numpy()))

    train = frames["train"]
    mine = train_files[index::workers]  # as `_worker_batches` takes them: one input pipeline a worker
    inputs = strategy.distribute_datasets_from_function(
        lambda context: _worker_batches(train_files, train, params, context))
    step = _train_step(strategy, model, optimizer, params, global_batch)
    steps = max(1, math.ceil(len(train) / global_batch))
    batches = iter(inputs)
    history = []
    started = time.perf_counter()
    while int(epoch.numpy()) < params.epochs:
        losses = [float(step(next(batches))) for _ in range(steps)]
        epoch.assign_add(1)
        manager.save()  # every worker, each into its own folder: the strategy's save is collective
        if chief:
            history.append({"epoch": int(epoch.numpy()) - 1, "loss": float(np.mean(losses)),
                            **_validation(model, shards, frames["val"], params)})
            log.info("epoch %d: %s", int(epoch.numpy()), history[-1])
    if not chief:
        return mine
    pd.DataFrame(history).to_csv(directory / HISTORY_FILE, index=False)
    model.save(directory / MODEL_FILE)
    best = max(history, key=lambda row: row["val_medium_accuracy"]) if history else {"val_medium_accuracy": 0.0}
    metrics = {"val_medium_accuracy": best["val_medium_accuracy"], "epochs": len(history),
               "seconds": round(time.perf_counter() - started, 1), "workers": workers, "cache": "none",
               "skipped_files": 0, "class_counts": {split: class_counts(frame) for split, frame in frames.items()},
               "route": "custom training step under MultiWorkerMirroredStrategy (Keras fit fails: keras#20585)"}
    end_run(engine, run_id, FINISHED, metrics, model_path=str((directory / MODEL_FILE).relative_to(config.home)))
    return mine


def _worker_batches(files: list[str], frame: pd.DataFrame, params: TrainParams, context) -> tf.data.Dataset:
    """This worker's share of the training shards (every n-th file), labelled and weighted by
    the database as `medium train` does, repeated so that every worker takes the same steps."""
    mine = files[context.input_pipeline_id::context.num_input_pipelines]
    split = ShardSplit(mine, frame["id"].to_numpy(), params.image_size, "none")
    labels = {head: tf.constant(values) for head, values in targets(frame).items()}
    weights = {head: tf.constant(values) for head, values in sample_weights(frame).items()}

    def attach(number, image):
        return (image, {head: tf.gather(values, number) for head, values in labels.items()},
                {head: tf.gather(values, number) for head, values in weights.items()})

    pictures = split.images(shuffle_seed=params.seed + context.input_pipeline_id).shuffle(SHUFFLE_BUFFER)
    return (pictures.map(attach, num_parallel_calls=AUTOTUNE).repeat()
            .batch(context.get_per_replica_batch_size(params.batch_size * context.num_replicas_in_sync))
            .prefetch(AUTOTUNE))


def _train_step(strategy, model, optimizer, params: TrainParams, global_batch: int):
    losses = {head: head_loss(len(keys), params.label_smoothing) for head, keys in HEADS.items()}
    losses = {head: keras.losses.get(loss) if isinstance(loss, str) else loss for head, loss in losses.items()}
    for loss in losses.values():
        loss.reduction = None  # per example: scaled by the global batch below
    head_weights = {"medium": params.medium_loss_weight, "emotion": params.emotion_loss_weight}

    def replica_step(images, labels, weights):
        with tf.GradientTape() as tape:
            outputs = model(images, training=True)
            loss = tf.add_n([head_weights[head] * tf.nn.compute_average_loss(
                losses[head](labels[head], outputs[head]) * weights[head], global_batch_size=global_batch)
                for head in HEADS])
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    @tf.function
    def step(batch):
        return strategy.reduce("SUM", strategy.run(replica_step, args=batch), axis=None)

    return step


def _validation(model, shards, frame: pd.DataFrame, params: TrainParams) -> dict:
    """The chief's weighted medium and emotion accuracy on the validation split."""
    split = ShardSplit(shards.files["val"], frame["id"].to_numpy(), params.image_size, "none")
    labels, weights = targets(frame), sample_weights(frame)
    correct = {head: 0.0 for head in HEADS}
    for numbers, images in split.images().batch(params.batch_size).as_numpy_iterator():
        outputs = model(images, training=False)
        for head in HEADS:
            hit = np.argmax(np.asarray(outputs[head]), axis=1) == labels[head][numbers]
            correct[head] += float((hit * (weights[head][numbers] > 0)).sum())
    counted = {head: max(1, int((weights[head] > 0).sum())) for head in HEADS}
    return {f"val_{head}_accuracy": correct[head] / counted[head] for head in HEADS}
