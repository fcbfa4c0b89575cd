"""Is a blended run as fast as its CNN? Predict images/s over the same stored rows: the CNN
alone, the blend as `medium predict` runs it (the 20 features computed in the input
pipeline beside the decode, `classifier.feature_kernels`), and the blend as it ran before
(the reference features, `classifier.features`, one picture per core after the CNN). Also
the largest difference between the new and the old blend's probabilities. Prints JSON.

Target: the blend at >= 0.8 of the CNN alone's rate, with the same predictions.

The store holds hard links to a few hundred sample-world pictures stored as the crawler
stores them (synthetic, not BAM); the model is the default (256 px) CNN with its initial
weights and trees fitted on the pictures' features: speed, not accuracy, is measured.

    python benchmarks/blend_predict.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from train_scale import distinct_files

from storage.labels import MEDIA

DEFAULT_ROWS = 20_000
OLD_ROWS = 2_000  # the old blend is slow: measured on a prefix
TARGET = 0.8


class ReferenceBlend:
    """The blend as it predicted before: the CNN, then each picture's reference features."""

    def __init__(self, blend):
        self.blend = blend
        self.input_shape = blend.input_shape

    def predict_on_batch(self, images):
        from concurrent.futures import ThreadPoolExecutor

        from classifier.features import Picture, picture_features

        images = np.asarray(images)
        with ThreadPoolExecutor(len(os.sched_getaffinity(0))) as pool:
            features = np.stack(list(pool.map(lambda image: picture_features(Picture(image.astype(np.float32) / 255)),
                                              images)))
        return self.blend.predict_on_batch(images, features)


def rate(model, paths: list[str]) -> tuple[float, dict]:
    from classifier.predict import store_probabilities

    store_probabilities(model, paths[:128])  # tracing and compiling outside the timing
    started = time.perf_counter()
    kept, probabilities = store_probabilities(model, paths)
    seconds = time.perf_counter() - started
    order = np.argsort(kept)  # the decode hands pictures on as they are ready
    return round(len(kept) / seconds, 1), {key: values[order] for key, values in probabilities.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--old-rows", type=int, default=OLD_ROWS)
    parser.add_argument("--work", help="folder to build in and keep (default: a temporary folder, removed)")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="medium-blend-"))
    try:
        files = distinct_files(work)
        paths = []
        for i in range(args.rows):
            target = work / "rows" / f"{i % 256:02x}" / f"{i}.jpg"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                os.link(files[i % len(files)][0], target)
            paths.append(str(target))

        import keras

        from classifier.blend import BlendedModel
        from classifier.dataset import EMOTION_KEYS
        from classifier.feature_kernels import batch_features
        from classifier.feature_model import FeatureModel, fit_trees
        from classifier.model import build_model
        from classifier.params import TrainParams
        from classifier.pipeline import load_files

        params = TrainParams()
        keras.utils.set_random_seed(0)
        cnn = build_model(params)
        images, kept, _ = load_files([str(file) for file, _, _ in files], params.image_size)
        labelled = [files[index] for index in kept]
        targets = {"medium": np.array([list(MEDIA).index(medium) for _, medium, _ in labelled]),
                   "emotion": np.array([EMOTION_KEYS.index(mood) if mood else 0 for _, _, mood in labelled])}
        weights = {head: np.ones(len(labelled), np.float32) for head in targets}
        blend = BlendedModel(cnn, FeatureModel(fit_trees(batch_features(images), targets, weights, seed=0),
                                               {"medium": 0.5, "emotion": 0.5}))

        cnn_rate, _ = rate(cnn, paths)
        blend_rate, new = rate(blend, paths)
        old_rate, old = rate(ReferenceBlend(blend), paths[:args.old_rows])
        difference = max(float(np.abs(new[key][:len(old[key])] - old[key]).max()) for key in old)
        print(json.dumps({
            "rows": args.rows, "cpu_count": len(os.sched_getaffinity(0)),
            "model": {"image_size": params.image_size, "width": params.width, "depth": params.depth},
            "predict_images_per_s": {"cnn": cnn_rate, "blend": blend_rate, f"blend_before_over_{args.old_rows}": old_rate},
            "blend_over_cnn": round(blend_rate / cnn_rate, 3), "target": TARGET,
            "blend_before_over_cnn": round(old_rate / cnn_rate, 3),
            "max_probability_difference_new_vs_before": difference,
            "load_average_1min_at_end": round(os.getloadavg()[0], 1),
            "note": "synthetic sample-world pictures (hard-linked copies), untrained CNN: speed only",
        }, indent=2))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
