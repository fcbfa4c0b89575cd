"""Files or shards? Export the stored images as TFRecord and WebDataset shards (`medium
export`: shard count, bytes, seconds), then train the same small model for one epoch from
the image store's files and from the TFRecord shards (`medium train --data`), streaming
(`--cache none`) so that every epoch reads its input again, and compare images/s. Prints JSON.

Target (issue 28): from shards not slower than from files here, faster where files are many
and small. The store holds N rows hard-linked to a few hundred sample-world pictures stored as
the crawler stores them (synthetic, ~20 kB each); the model is small (128 px, width 16,
depth 3, no feature model), as in `train_scale.py`, so that the input weighs in the rate.

    python benchmarks/shards.py --images 5000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from measure import measure_command
from train_scale import MODEL_FLAGS, distinct_files, run_metrics, stock

from storage.config import resolve

DEFAULT_IMAGES = 5_000
SHARD_IMAGES = 1_000


def medium(config, *arguments: str, quiet: bool = True) -> dict:
    command = [sys.executable, "-m", "medium", "--home", str(config.home), *arguments]
    return measure_command(command, env={"TF_CPP_MIN_LOG_LEVEL": "2"}, quiet=quiet)


def export(config, out: Path, file_format: str) -> dict:
    from classifier.shards.export import export as export_shards

    summary = export_shards(config, str(out), file_format, SHARD_IMAGES, progress=False)
    return {key: summary[key] for key in ("shards", "images", "bytes", "seconds")}


def train(config, run_id: str, *data: str) -> dict:
    flags = [item for name, value in MODEL_FLAGS.items() for item in (f"--{name}", str(value))]
    measured = medium(config, "train", *flags, "--no-feature-model", "--epochs", "1", "--cache", "none",
                      "--run-id", run_id, *data)
    metrics = run_metrics(config, run_id)
    images = sum(metrics["class_counts"]["train"]["medium"].values())
    return {"train_images": images, "fit_s": metrics["seconds"], **measured,
            "train_images_per_s_fit": round(images / metrics["seconds"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=DEFAULT_IMAGES)
    parser.add_argument("--work", help="folder to build in and keep (default: a temporary folder, removed)")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="medium-shards-"))
    try:
        config = resolve(home=work / "home")
        if not (config.home / "medium.db").is_file():
            stock(config, "bam", args.images, distinct_files(work), labelled=True)
        exports = {file_format: export(config, work / file_format, file_format)
                   for file_format in ("tfrecord", "webdataset")}
        runs = {"files": train(config, "from-files"), "shards": train(config, "from-shards", "--data",
                                                                        str(work / "tfrecord"))}
        print(json.dumps({
            "stored_images": args.images, "cpu_count": len(os.sched_getaffinity(0)),
            "model": {**MODEL_FLAGS, "feature_model": False}, "shard_images": SHARD_IMAGES,
            "export": exports, "train": runs,
            "shards_over_files": round(runs["shards"]["train_images_per_s_fit"]
                                       / runs["files"]["train_images_per_s_fit"], 3),
            "load_average_1min_at_end": round(os.getloadavg()[0], 1),
            "note": "synthetic sample-world images (hard-linked copies), not BAM; small model at 128 px",
        }, indent=2))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
