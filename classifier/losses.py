"""Cross-entropy on class indices with label smoothing, which Keras offers on one-hot
targets only: both heads take sparse targets (and per-head sample weights)."""

from __future__ import annotations

import keras


@keras.saving.register_keras_serializable(package="medium")
class SmoothedSparseCrossentropy(keras.losses.Loss):
    """`categorical_crossentropy(one_hot(y), p, label_smoothing)` for integer targets `y`."""

    def __init__(self, classes: int, smoothing: float, name: str = "smoothed_sparse_crossentropy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.classes, self.smoothing = classes, smoothing

    def call(self, y_true, y_pred):
        indices = keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32")
        one_hot = keras.ops.one_hot(indices, self.classes, dtype=y_pred.dtype)
        return keras.losses.categorical_crossentropy(one_hot, y_pred, label_smoothing=self.smoothing)

    def get_config(self):
        return {**super().get_config(), "classes": self.classes, "smoothing": self.smoothing}


def head_loss(classes: int, smoothing: float):
    """Keras' own sparse cross-entropy without smoothing, ours with it."""
    return SmoothedSparseCrossentropy(classes, smoothing) if smoothing else "sparse_categorical_crossentropy"
