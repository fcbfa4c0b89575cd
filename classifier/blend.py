"""A finished run as it predicts: its CNN, and the feature model blended with it per head
(`classifier.feature_model`). It answers as a Keras model does (`predict_on_batch`,
`predict`, `input_shape`), so every verb that predicts takes either.
"""

from __future__ import annotations

import numpy as np

from classifier.dataset import HEADS
from classifier.feature_kernels import batch_features
from classifier.feature_model import FeatureModel


def part_key(head: str, part: str) -> str:
    """Where a head's probabilities from one part alone (`cnn` or `features`) are kept beside
    the blend's."""
    return f"{head}/{part}"


class BlendedModel:
    """The CNN and the feature model, both reading the same uint8 `size` x `size` pictures."""

    def __init__(self, cnn, feature_model: FeatureModel):
        self.cnn = cnn
        self.feature_model = feature_model

    @property
    def input_shape(self) -> tuple:
        return self.cnn.input_shape

    def predict_on_batch(self, images, features=None) -> dict[str, np.ndarray]:
        """Per head the blend's probabilities, and under `part_key(head, part)` each part's alone.
        `features` are the pictures' own, when the input pipeline computed them beside the
        decode (`classifier.pipeline.with_features`); else they are computed here."""
        images = np.asarray(images)
        cnn = {head: np.asarray(values, np.float32) for head, values in self.cnn.predict_on_batch(images).items()}
        trees = self.feature_model.probabilities(batch_features(images) if features is None else np.asarray(features))
        return {**self.feature_model.blend(cnn, trees),
                **{part_key(head, "cnn"): cnn[head] for head in HEADS},
                **{part_key(head, "features"): trees[head] for head in HEADS}}

    def predict(self, images, batch_size: int = 64, verbose: int = 0) -> dict[str, np.ndarray]:
        """`predict_on_batch` over `images` a batch at a time (`verbose` is Keras' and unused)."""
        batches = [self.predict_on_batch(images[start:start + batch_size])
                   for start in range(0, len(images), batch_size)]
        return {key: np.concatenate([batch[key] for batch in batches]) for key in batches[0]} if batches else {}
