"""Training and prediction throughput of the real input pipeline beside its in-memory anchor.

In one run, the same model (same params, same seed) is trained twice on the same images:
once fed by the real pipeline (files in the image store → tf.data: parallel decode, resize,
uint8 cache, shuffle, prefetch), once from NumPy arrays already in memory. After the first
epoch the pipeline should reach at least 90% of the in-memory rate. Prediction is timed
the same two ways (files → decode → model, and arrays → model), and from files once more
through a run's blend (the CNN and the feature model: the 20 features of every picture, then
the trees), beside the features' own rate. Prints JSON.

The store is the sample world's, filled without a crawl: the BAM importer reads the world's
metadata, and each pending row's file is taken from the world folder and stored through
`storage.imaging.store_image`, as the crawler stores a download.

    python benchmarks/train.py --images 1400 --epochs 4
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import keras
import numpy as np

from classifier.blend import BlendedModel
from classifier.dataset import labelled_images, sample_weights, targets, training_frames
from classifier.feature_kernels import batch_features
from classifier.feature_model import FeatureModel, fit_trees
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.pipeline import decode_split, labelled_batches
from classifier.predict import store_probabilities
from classifier.train import compile_model
from stock import stock_store
from storage.config import Config, resolve
from storage.db import open_database
from storage.image_store import LocalStore

TARGET_RATIO = 0.90


class EpochTimer(keras.callbacks.Callback):
    """Seconds per epoch."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)


def measure(config: Config, params: TrainParams, epochs: int) -> dict:
    """Train the same model from the pipeline and from memory; time epochs and prediction."""
    frames = training_frames(labelled_images(open_database(config.db_url), LocalStore(config.images_dir)))
    train = frames["train"].sample(frac=1, random_state=params.seed).reset_index(drop=True)
    started = time.perf_counter()
    cached = decode_split(train["path"].tolist(), params.image_size, "memory")
    decode_seconds = time.perf_counter() - started
    train = train.iloc[cached.kept].reset_index(drop=True)
    labels, weights = targets(train), sample_weights(train)

    keras.utils.set_random_seed(params.seed)
    pipeline_timer = EpochTimer()
    model = compile_model(build_model(params), params)
    model.fit(labelled_batches(cached.images(shuffle_seed=params.seed), labels, weights, params.batch_size),
              epochs=epochs, callbacks=[pipeline_timer], shuffle=False, verbose=0)

    images = np.stack([image for _, image in cached.images().as_numpy_iterator()])  # same images, same order
    keras.utils.set_random_seed(params.seed)
    memory_timer = EpochTimer()
    memory_model = compile_model(build_model(params), params)
    memory_model.fit(images, labels, sample_weight=weights, batch_size=params.batch_size, epochs=epochs,
                     callbacks=[memory_timer], shuffle=True, verbose=0)

    started = time.perf_counter()
    predicted, _ = store_probabilities(model, train["path"].tolist())
    predict_files_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model.predict(images, batch_size=64, verbose=0)
    predict_memory_seconds = time.perf_counter() - started

    started = time.perf_counter()
    features = batch_features(images)
    features_seconds = time.perf_counter() - started
    blend = BlendedModel(model, FeatureModel(fit_trees(features, labels, weights, params.seed),
                                             {"medium": 0.5, "emotion": 0.5}))
    started = time.perf_counter()
    store_probabilities(blend, train["path"].tolist())
    predict_blended_seconds = time.perf_counter() - started

    pipeline_rate = len(train) / float(np.median(pipeline_timer.seconds[1:]))
    memory_rate = len(train) / float(np.median(memory_timer.seconds[1:]))
    return {
        "train_images": len(train),
        "cpu_count": len(os.sched_getaffinity(0)),
        "model": {key: params.to_dict()[key] for key in ("image_size", "width", "depth", "batch_size")},
        "epochs_timed": epochs - 1,
        "decode_and_cache_images_per_s": round(len(train) / decode_seconds, 1),
        "train_images_per_s": {
            "pipeline": round(pipeline_rate, 1),
            "memory": round(memory_rate, 1),
            "pipeline_over_memory": round(pipeline_rate / memory_rate, 3),
            "target": TARGET_RATIO,
            "first_epoch_s": {"pipeline": round(pipeline_timer.seconds[0], 2), "memory": round(memory_timer.seconds[0], 2)},
        },
        "predict_images_per_s": {
            "files": round(len(predicted) / predict_files_seconds, 1),  # read, decode, resize, model
            "memory": round(len(images) / predict_memory_seconds, 1),
            "files_blended": round(len(images) / predict_blended_seconds, 1),  # and features, trees
        },
        "features_images_per_s": round(len(images) / features_seconds, 1),  # the 20 features, both cores
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=1400, help="modules in the sample world (default 1400)")
    parser.add_argument("--epochs", type=int, default=4, help="epochs per feed; the first is not timed (default 4)")
    parser.add_argument("--image-size", type=int, default=TrainParams.image_size)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--work", help="folder to build in and keep (default: a temporary folder, removed)")
    args = parser.parse_args()
    if args.epochs < 2:
        parser.error("--epochs must be at least 2: the first epoch is not timed")

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="medium-bench-"))
    try:
        config = resolve(home=work)
        if not config.images_dir.is_dir():
            stock_store(config, args.images)
        params = TrainParams(image_size=args.image_size, batch_size=args.batch_size)
        print(json.dumps(measure(config, params, args.epochs), indent=2))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
