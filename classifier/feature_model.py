"""The feature model: gradient-boosted trees that learn each head from the interpretable
features (`classifier.features`) of the picture the CNN sees, and the blend of their
probabilities with the CNN's.

Why a second model: the CNN learns whatever tells the training images apart, and on art
drawn another way it partly learnt the renderers instead of the media. The features are
the marks a person names when they tell media apart (paper showing, grey or black strokes,
halftone dots, smooth shading, flat fills); trees on them recognised the held-out renderer
families' media far better than the CNN did (docs/benchmarks.md). Each head's blend weight
is chosen on the validation split, by log-loss: on the sample world it goes mostly to the
trees, and on data where the CNN is the better model (real photographs, a pretrained
backbone) the CNN takes it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from classifier.dataset import HEADS

FEATURE_MODEL_FILE = "feature-model.joblib"
MAX_TRAIN_ROWS = 20_000  # trees on 20 features gain little from more rows; a large split is sampled
MAX_VAL_ROWS = 20_000  # rows that choose the blend weights
WEIGHT_STEP = 0.05  # the feature model's share of the blend is chosen among 0, 0.05, ..., 1


@dataclass
class FeatureModel:
    """One classifier per head (None where the head had no labelled training image) and the
    feature model's share of each head's blend with the CNN (0 = the CNN alone)."""

    trees: dict[str, HistGradientBoostingClassifier | None]
    weights: dict[str, float]

    def probabilities(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per head, float32 probabilities over all of the head's classes (0 for a class
        the trees never saw; uniform where a head has no trees).

        One OpenMP thread, as for the fit: a batch of 64 rows through some hundred trees was
        spent starting and spin-waiting threads (7 ms of CPU a picture, against 0.15 on one
        thread: more than the CNN and the features together)."""
        with threadpool_limits(limits=1, user_api="openmp"):
            return {head: _probabilities(self.trees[head], features, len(keys)) for head, keys in HEADS.items()}

    def blend(self, cnn: dict[str, np.ndarray], mine: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Each head's probabilities: the CNN's and the trees' (`probabilities`) averaged with
        the head's weight."""
        return {head: ((1 - self.weights[head]) * np.asarray(cnn[head], np.float32)
                       + self.weights[head] * mine[head]).astype(np.float32) for head in HEADS}

    def save(self, path: Path) -> Path:
        """Written to a temporary name, then renamed: a killed run leaves no half file."""
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        joblib.dump(self, partial)
        partial.replace(path)
        return path

    @staticmethod
    def load(path: Path, sha256: str) -> FeatureModel:
        """A pickle, as scikit-learn models are kept, and unpickling runs code: only the very
        bytes whose digest training recorded are unpickled (`DigestMismatch` otherwise)."""
        data = path.read_bytes()
        if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), sha256):
            raise DigestMismatch(f"{path} is not the file its run saved (its SHA-256 differs from the recorded one)")
        return joblib.load(io.BytesIO(data))


class DigestMismatch(ValueError):
    """A feature-model file whose bytes are not those training recorded; never unpickled."""


def file_digest(path: Path) -> str:
    """SHA-256 of a file, recorded at training time and checked before it is unpickled."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fit_trees(features: np.ndarray, targets: dict[str, np.ndarray], weights: dict[str, np.ndarray],
              seed: int) -> dict[str, HistGradientBoostingClassifier | None]:
    """A classifier per head on the rows that carry weight in it (class-balanced weights,
    as the CNN's; an image without a mood has emotion weight 0 and is left out).

    One OpenMP thread, as for the explain surrogate: on a busy shared host the threads'
    spin-waiting made such a fit many times slower, and it takes seconds on one core."""
    trees = {}
    with threadpool_limits(limits=1, user_api="openmp"):
        for head in HEADS:
            rows = weights[head] > 0
            trees[head] = (HistGradientBoostingClassifier(random_state=seed)
                           .fit(features[rows], targets[head][rows], sample_weight=weights[head][rows])
                           if len(np.unique(targets[head][rows])) > 1 else None)
    return trees


def choose_weights(trees: dict[str, HistGradientBoostingClassifier | None], features: np.ndarray,
                   cnn: dict[str, np.ndarray], targets: dict[str, np.ndarray],
                   weights: dict[str, np.ndarray]) -> dict[str, float]:
    """Per head, the trees' share of the blend with the lowest weighted log-loss on these
    (validation) rows; the CNN alone where the head has no trees or no labelled row."""
    shares = np.round(np.arange(0, 1 + WEIGHT_STEP / 2, WEIGHT_STEP), 2)
    chosen = {}
    for head, keys in HEADS.items():
        rows = weights[head] > 0
        if trees[head] is None or not rows.any():
            chosen[head] = 0.0
            continue
        mine = _probabilities(trees[head], features[rows], len(keys))
        theirs = np.asarray(cnn[head], np.float64)[rows]
        losses = [_log_loss((1 - share) * theirs + share * mine, targets[head][rows], weights[head][rows])
                  for share in shares]
        chosen[head] = float(shares[int(np.argmin(losses))])
    return chosen


def _log_loss(probabilities: np.ndarray, true: np.ndarray, weights: np.ndarray) -> float:
    """Weighted mean of -log(probability of the true class), floored at 1e-7."""
    picked = np.maximum(probabilities[np.arange(len(true)), true], 1e-7)
    return float(np.average(-np.log(picked), weights=weights))


def _probabilities(trees: HistGradientBoostingClassifier | None, features: np.ndarray, classes: int) -> np.ndarray:
    """The trees' probabilities in the head's own columns: the trees know only the classes
    they saw (`classes_`), the head has them all."""
    full = np.full((len(features), classes), 1 / classes, np.float32)
    if trees is not None and len(features):
        full[:] = 0
        full[:, trees.classes_] = trees.predict_proba(features)
    return full
