"""The two-headed CNN: raw 0–255 RGB in, a softmax over the 7 media and one over the 4 moods out.

Augmentation lives inside the model (Keras runs it in training only), so every feed of
the model (tf.data, arrays, a single file) gets the same treatment and a saved model
needs no preprocessing. It moves and scales the picture but never touches its colours:
colour carries the mood.
"""

from __future__ import annotations

import keras
from keras import layers

from classifier.dataset import HEADS
from classifier.params import TrainParams
from storage.errors import UserError

ROTATION = 0.04  # fraction of a full turn: up to about 15 degrees either way
ZOOM = 0.15
# The stem cuts the picture into 4x4-pixel patches (as ConvNeXt does), so the network can
# take the stored images at full size and keep the fine texture that tells the media apart
# (hatching, halftone, brush marks, paper grain) for the cost of a small input. On the
# sample world: 128 px with a 3x3 stride-2 stem, test macro-F1 0.76-0.85; 192 px with this
# stem, 0.91-0.92 at the same speed; 256 px, 0.93-0.94 at 1.5 times the time.
STEM_PATCH = 4
# Keras' default 0.99 lets the moving statistics trail the weights for many epochs on a
# few thousand images: validation then scores a model that no longer exists.
BATCH_NORM_MOMENTUM = 0.9


def build_model(params: TrainParams) -> keras.Model:
    inputs = keras.Input((params.image_size, params.image_size, 3), name="image")
    x = augmentation(params.seed)(inputs)
    x = backbone_features(x, params) if params.backbone else separable_features(x, params)
    x = layers.Dropout(params.dropout, name="head_dropout")(x)
    # float32 heads even under mixed precision: softmax, losses and metrics need it
    outputs = {head: layers.Dense(len(keys), activation="softmax", dtype="float32", name=head)(x)
               for head, keys in HEADS.items()}
    return keras.Model(inputs, outputs, name="medium_emotion")


def augmentation(seed: int) -> keras.Sequential:
    """Flips, small rotations and zoom; no colour changes. Each layer draws from its own seed."""
    return keras.Sequential([
        layers.RandomFlip("horizontal", seed=seed),
        layers.RandomRotation(ROTATION, fill_mode="reflect", seed=seed + 1),
        layers.RandomZoom(ZOOM, fill_mode="reflect", seed=seed + 2),
    ], name="augmentation")


def separable_features(x, params: TrainParams):
    """A patch stem, then `depth` blocks of two separable convolutions with batch
    normalisation and a max pool, each block twice as wide as the last; global pooling."""
    x = layers.Rescaling(1 / 255, name="rescale")(x)
    x = layers.Conv2D(params.width, STEM_PATCH, strides=STEM_PATCH, padding="same", use_bias=False, name="stem")(x)
    x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for block in range(params.depth):
        filters = params.width * 2**block
        for conv in (1, 2):
            name = f"block{block + 1}_conv{conv}"
            x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False, name=name)(x)
            x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_bn")(x)
            x = layers.Activation("relu", name=f"{name}_relu")(x)
        x = layers.MaxPooling2D(3, strides=2, padding="same", name=f"block{block + 1}_pool")(x)
    return layers.GlobalAveragePooling2D(name="pool")(x)


def backbone_features(x, params: TrainParams):
    """A `keras.applications` model without its top. With local weights it is frozen (and
    kept in inference mode, so its batch statistics stay); without, it learns from scratch.
    Nothing is downloaded."""
    try:
        backbone = getattr(keras.applications, params.backbone)(
            include_top=False, weights=params.backbone_weights, input_shape=(params.image_size, params.image_size, 3))
    except ValueError as error:
        raise UserError(f"cannot build {params.backbone} with weights {params.backbone_weights}: {error}") from None
    if params.backbone_weights:
        backbone.trainable = False
        x = backbone(x, training=False)
    else:
        x = backbone(x)
    return layers.GlobalAveragePooling2D(name="pool")(x)
