"""Does learning stay flat as the set grows? Peak memory and images/s of `medium train` and
`medium predict` at two sizes, streaming beside the in-memory cache; and XLA on this CPU.

    python benchmarks/train_scale.py [--work DIR]

Each measured command runs in a fresh process (`measure.py`: its wall seconds and peak RSS):
- `medium train --epochs 1 --cache none` on N = 2,000 and N = 8,000 stored images, and
  `--cache memory` on the 2,000 (the anchor): train images/s over the fit (which includes
  its validation pass) and over the whole command;
- `medium predict RUN --source S` over 2,000 and over 20,000 rows.
Targets: peak RSS at 8,000 within 15% of that at 2,000 (train, streaming), likewise predict
at 20,000 against 2,000, and streaming's fit images/s at least 90% of the memory cache's.

The store holds copies (hard links) of a few hundred sample-world images, stored as the
crawler stores a download (`storage.imaging.store_image`): synthetic, not BAM. To keep the
run cheap on a shared 2-core machine the model is small (width 16, depth 3) at 128 px, without
the feature model; the JSON says so. XLA: the same features and heads without the augmentation layers (Keras'
RandomRotation/RandomZoom cannot be XLA-compiled), trained on arrays in memory, with
`jit_compile` on and off.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from measure import measure_command
from sqlalchemy import insert

from sampleworld.world import build_world
from storage.config import Config, resolve
from storage.db import open_database
from storage.imaging import store_image
from storage.models import Image, Status

DISTINCT_IMAGES = 400  # rendered once; every stored row links one of them
TRAIN_SIZES = (2_000, 8_000)
PREDICT_SIZES = (2_000, 20_000)
MODEL_FLAGS = {"image-size": 128, "width": 16, "depth": 3, "batch-size": 32}
# The CNN alone: this measures the input pipeline and the CNN as the set grows. The feature
# model samples at most 20,000 training pictures and predicts a batch at a time; its cost per
# picture is measured beside the CNN's in docs/train.md (At BAM scale).
CNN_ONLY = "--no-feature-model"
SPLITS = ("train",) * 14 + ("val",) * 3 + ("test",) * 3  # 70/15/15 by row
RSS_TARGET = 1.15
RATE_TARGET = 0.90


def distinct_files(work: Path) -> list[tuple[Path, str, str | None]]:
    """`(stored file, medium, mood)` for the world's images, stored as the crawler would."""
    world = build_world(work / "world", DISTINCT_IMAGES, seed=0)
    stored = []
    for row in world.manifest.itertuples():
        if row.path and row.fault == "":
            target = work / "distinct" / f"{row.mid}.jpg"
            store_image((world.directory / row.path).read_bytes(), target)
            stored.append((target, row.medium, row.mood or None))
    return stored


def stock(config: Config, source: str, n_rows: int, files: list, labelled: bool) -> None:
    """`n_rows` done rows of `source`, each a hard link to one of `files`; labelled rows get
    the file's medium and mood and a split, in turn."""
    rows = []
    for i in range(n_rows):
        file, medium, mood = files[i % len(files)]
        relative = Path(source) / f"{i % 256:02x}" / f"{i}.jpg"
        target = config.images_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(file, target)
        rows.append(dict(source=source, source_id=str(i), project_id=i, url=f"https://example.invalid/{source}/{i}",
                         medium=medium if labelled else None, emotion=mood if labelled else None,
                         split=SPLITS[i % len(SPLITS)] if labelled else None, status=Status.DONE.value,
                         path=str(relative), attempts=1))
    with open_database(config.db_url).begin() as connection:
        connection.execute(insert(Image), rows)


def medium(config: Config, *arguments: str) -> dict:
    command = [sys.executable, "-m", "medium", "--home", str(config.home), *arguments]
    return measure_command(command, env={"TF_CPP_MIN_LOG_LEVEL": "2"}, quiet=True)


def run_metrics(config: Config, run_id: str) -> dict:
    from classifier.runs import finished_run

    return finished_run(open_database(config.db_url), run_id).metrics


def median_of(repeats: int, measure) -> dict:
    """The run with the median fit rate of `repeats` runs (`measure(k)` for k = 0..repeats-1),
    with every rate listed: on a shared 2-core machine one run can be off by a third."""
    runs = sorted((measure(k) for k in range(repeats)), key=lambda run: run["train_images_per_s_fit"])
    return {**runs[len(runs) // 2], "fit_rates_of_each_run": [run["train_images_per_s_fit"] for run in runs]}


def measure_train(config: Config, n: int, cache: str, repeat: int = 0) -> dict:
    run_id = f"n{n}-{cache}" + (f"-{repeat}" if repeat else "")
    flags = [item for name, value in MODEL_FLAGS.items() for item in (f"--{name}", str(value))]
    measured = medium(config, "train", *flags, CNN_ONLY, "--epochs", "1", "--cache", cache, "--run-id", run_id)
    metrics = run_metrics(config, run_id)
    train_images = sum(metrics["class_counts"]["train"]["medium"].values())
    return {"stored_images": n, "train_images": train_images, "cache": metrics["cache"], **measured,
            "fit_s": metrics["seconds"],
            "train_images_per_s_fit": round(train_images / metrics["seconds"], 1),
            "train_images_per_s_command": round(train_images / measured["wall_s"], 1)}


def measure_predict(config: Config, run_id: str, source: str, n: int) -> dict:
    measured = medium(config, "predict", run_id, "--source", source)
    return {"rows": n, **measured, "images_per_s_command": round(n / measured["wall_s"], 1)}


def measure_xla(steps: int = 30, batch_size: int = 32) -> dict:
    """Training images/s of the model's features and heads (no augmentation) with and without XLA."""
    import keras
    import numpy as np

    from classifier.dataset import HEADS
    from classifier.model import separable_features
    from classifier.params import TrainParams
    from classifier.train import compile_model

    params = TrainParams(image_size=MODEL_FLAGS["image-size"], width=MODEL_FLAGS["width"], depth=MODEL_FLAGS["depth"])
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (steps * batch_size, params.image_size, params.image_size, 3), dtype=np.uint8)
    targets = {head: rng.integers(0, len(keys), len(images)) for head, keys in HEADS.items()}
    rates = {}
    for jit in (False, True):
        keras.utils.set_random_seed(0)
        inputs = keras.Input((params.image_size, params.image_size, 3))
        features = separable_features(inputs, params)
        outputs = {head: keras.layers.Dense(len(keys), activation="softmax", name=head)(features)
                   for head, keys in HEADS.items()}
        model = compile_model(keras.Model(inputs, outputs), params)
        model.jit_compile = jit
        model.fit(images[:batch_size * 2], {h: t[:batch_size * 2] for h, t in targets.items()},
                  batch_size=batch_size, epochs=1, verbose=0)  # compile outside the timing
        started = time.perf_counter()
        model.fit(images, targets, batch_size=batch_size, epochs=1, verbose=0)
        rates["on" if jit else "off"] = round(len(images) / (time.perf_counter() - started), 1)
    return {"train_images_per_s": rates, "on_over_off": round(rates["on"] / rates["off"], 3),
            "model": "features and heads without augmentation, arrays in memory"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", help="folder to build in and keep (default: a temporary folder, removed)")
    parser.add_argument("--train-sizes", type=int, nargs=2, default=TRAIN_SIZES, metavar="N")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each small-set train, the median kept")
    parser.add_argument("--predict-sizes", type=int, nargs=2, default=PREDICT_SIZES, metavar="N")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="medium-scale-"))
    try:
        files = distinct_files(work)
        homes = {n: resolve(home=work / f"n{n}") for n in args.train_sizes}
        for n, config in homes.items():
            stock(config, "bam", n, files, labelled=True)
        small, large = args.train_sizes
        train = {"streaming_small": median_of(args.repeats, lambda k: measure_train(homes[small], small, "none", k)),
                 "streaming_large": measure_train(homes[large], large, "none"),
                 "memory_small": median_of(args.repeats, lambda k: measure_train(homes[small], small, "memory", k))}
        for n in args.predict_sizes:
            stock(homes[small], f"predict{n}", n, files, labelled=False)
        predict = {f"rows_{n}": measure_predict(homes[small], f"n{small}-memory", f"predict{n}", n)
                   for n in args.predict_sizes}
        report = {
            "cpu_count": len(os.sched_getaffinity(0)),
            "model": {**MODEL_FLAGS, "feature_model": False},
            "distinct_pictures": len(files),
            "train": train,
            "train_rss_large_over_small": round(train["streaming_large"]["peak_rss_mb"]
                                                / train["streaming_small"]["peak_rss_mb"], 3),
            "train_fit_rate_streaming_over_memory": round(train["streaming_small"]["train_images_per_s_fit"]
                                                          / train["memory_small"]["train_images_per_s_fit"], 3),
            "predict": predict,
            "predict_rss_large_over_small": round(predict[f"rows_{args.predict_sizes[1]}"]["peak_rss_mb"]
                                                  / predict[f"rows_{args.predict_sizes[0]}"]["peak_rss_mb"], 3),
            "xla_cpu": measure_xla(),
            "targets": {"rss_ratio_at_most": RSS_TARGET, "streaming_over_memory_at_least": RATE_TARGET},
            "note": "synthetic sample-world images (hard-linked copies), not BAM; small model at 128 px",
        }
        report["load_average_1min_at_end"] = round(os.getloadavg()[0], 1)  # the machine is shared
        print(json.dumps(report, indent=2))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
