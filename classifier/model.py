"""The two-headed CNN: raw 0–255 RGB in, a softmax over the 7 media and one over the 4 moods out.

Augmentation lives inside the model (Keras runs it in training only), so every feed of
the model (tf.data, arrays, a single file) gets the same treatment and a saved model
needs no preprocessing. By default it moves and scales the picture but never touches its
colours: colour carries the mood. The colour and tone options change them on the medium
path only, and the mood head then also reads the untouched colours.
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
COLOUR_THUMBNAIL = 4  # the mood head's view of the colours: a COLOUR_THUMBNAIL x COLOUR_THUMBNAIL picture


def build_model(params: TrainParams) -> keras.Model:
    inputs = keras.Input((params.image_size, params.image_size, 3), name="image")
    x = inputs
    if params.window:  # the window first: flipping, turning and zooming 128 px instead of the whole 256 px
        # picture halved the benchmark's training time (260 s against 541 s) at the same scores
        x = TrainingCrop(params.window, seed=params.seed + 8, name="training_crop")(x)
    x = augmentation(params.seed, params.zoom)(x)
    seen = colour_augmentation(params.seed, params.colour_augment)(x) if params.colour_augment else x
    if params.tone_augment:
        seen = RandomGamma(params.tone_augment, seed=params.seed + 9, name="tone_augmentation")(seen)
    features = backbone_features(seen, params) if params.backbone else separable_features(seen, params)
    features = layers.Dropout(params.dropout, name="head_dropout")(features)
    head_inputs = {"medium": features, "emotion": features}
    if params.colour_augment or params.tone_augment:  # the mood lives in the colours the medium path no longer trusts
        head_inputs["emotion"] = layers.Concatenate(name="features_and_colours")([features, colour_summary(inputs)])
    # float32 heads even under mixed precision: softmax, losses and metrics need it
    outputs = {head: layers.Dense(len(keys), activation="softmax", dtype="float32", name=head)(head_inputs[head])
               for head, keys in HEADS.items()}
    return keras.Model(inputs, outputs, name="medium_emotion")


def augmentation(seed: int, zoom: float = ZOOM) -> keras.Sequential:
    """Flips, small rotations and zoom; no colour changes. Each layer draws from its own seed."""
    return keras.Sequential([
        layers.RandomFlip("horizontal", seed=seed),
        layers.RandomRotation(ROTATION, fill_mode="reflect", seed=seed + 1),
        layers.RandomZoom(zoom, fill_mode="reflect", seed=seed + 2),
    ], name="augmentation")


class TrainingOnly(layers.Layer):
    """A seeded random change of the pictures in training (`change`); none at inference."""

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        return self.change(images) if training else images

    def change(self, images):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


@keras.saving.register_keras_serializable(package="medium")
class TrainingCrop(TrainingOnly):
    """A random `size` x `size` window in training; the whole picture at inference.

    The features end in global pooling, so at inference the network sees every window at
    the scale it learnt, and the pooled features average over them. Fine marks (grain,
    halftone, hatching) keep their size in pixels instead of being squashed to the input.
    """

    def __init__(self, size: int, seed: int | None = None, **kwargs):
        super().__init__(seed, **kwargs)
        self.size = size

    def change(self, images):
        shape = keras.ops.shape(images)
        top = keras.random.randint((), 0, shape[1] - self.size + 1, seed=self.generator)
        left = keras.random.randint((), 0, shape[2] - self.size + 1, seed=self.generator)
        return keras.ops.slice(images, (0, top, left, 0), (shape[0], self.size, self.size, shape[3]))

    def get_config(self):
        return {**super().get_config(), "size": self.size}


@keras.saving.register_keras_serializable(package="medium")
class RandomGamma(TrainingOnly):
    """In training, each picture's 0-255 values raised to a random power between e^-strength
    and e^strength: grey lines and washes come out darker or fainter, as a heavier or lighter
    hand draws them, while white paper stays white and black ink black."""

    def __init__(self, strength: float, seed: int | None = None, **kwargs):
        super().__init__(seed, **kwargs)
        self.strength = strength

    def change(self, images):
        batch = keras.ops.shape(images)[0]
        log_gamma = keras.random.uniform((batch, 1, 1, 1), -self.strength, self.strength, seed=self.generator)
        unit = keras.ops.clip(images / 255.0, 0.0, 1.0)
        return 255.0 * keras.ops.power(unit, keras.ops.exp(log_gamma))

    def get_config(self):
        return {**super().get_config(), "strength": self.strength}


def colour_augmentation(seed: int, strength: float) -> keras.Sequential:
    """Hue, saturation, brightness and contrast jitter and an occasional grey picture, for the
    medium path only: the medium is in the marks, not in the palette."""
    return keras.Sequential([
        layers.RandomHue(strength * 0.5, value_range=(0, 255), seed=seed + 3),
        layers.RandomSaturation(strength * 0.5, value_range=(0, 255), seed=seed + 4),
        layers.RandomBrightness(strength * 0.3, value_range=(0, 255), seed=seed + 5),
        layers.RandomContrast(strength * 0.4, value_range=(0, 255), seed=seed + 6),
        layers.RandomGrayscale(strength * 0.2, seed=seed + 7),
    ], name="colour_augmentation")


def colour_summary(x):
    """The picture's colours as the mood head needs them: a 4 x 4 thumbnail and each channel's
    brightest value, scaled to 0-1."""
    x = layers.Rescaling(1 / 255, name="colour_rescale")(x)
    size = x.shape[1] // COLOUR_THUMBNAIL
    thumbnail = layers.Flatten(name="colour_thumbnail")(layers.AveragePooling2D(size, name="colour_pool")(x))
    brightest = layers.GlobalMaxPooling2D(name="colour_max")(x)
    return layers.Concatenate(name="colour_summary")([thumbnail, brightest])


def separable_features(x, params: TrainParams):
    """A patch stem, then `depth` blocks of two separable convolutions with batch
    normalisation and a max pool, each block twice as wide as the last; global pooling.
    Residual blocks add a strided 1x1 projection of their input, as Xception does."""
    x = layers.Rescaling(1 / 255, name="rescale")(x)
    x = layers.Conv2D(params.width, STEM_PATCH, strides=STEM_PATCH, padding="same", use_bias=False, name="stem")(x)
    x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for block in range(params.depth):
        filters = params.width * 2**block
        shortcut = x
        for conv in (1, 2):
            name = f"block{block + 1}_conv{conv}"
            x = layers.SeparableConv2D(filters, 3, padding="same", use_bias=False, name=name)(x)
            x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_bn")(x)
            x = layers.Activation("relu", name=f"{name}_relu")(x)
        x = layers.MaxPooling2D(3, strides=2, padding="same", name=f"block{block + 1}_pool")(x)
        if params.block == "residual":
            shortcut = layers.Conv2D(filters, 1, strides=2, padding="same", use_bias=False,
                                     name=f"block{block + 1}_shortcut")(shortcut)
            shortcut = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM,
                                                 name=f"block{block + 1}_shortcut_bn")(shortcut)
            x = layers.Add(name=f"block{block + 1}_add")([x, shortcut])
    return global_pooling(x, params)


def backbone_features(x, params: TrainParams):
    """A `keras.applications` model without its top. With weights (a local file, or "imagenet",
    which Keras downloads) it is frozen and kept in inference mode, so its batch statistics
    stay; without, it learns from scratch."""
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
    return global_pooling(x, params)


def global_pooling(x, params: TrainParams):
    """The features' global pool: their average, or their generalised mean (`--pooling gem`)."""
    if params.pooling == "gem":
        return GeneralisedMeanPooling(name="pool")(x)
    return layers.GlobalAveragePooling2D(name="pool")(x)


@keras.saving.register_keras_serializable(package="medium")
class GeneralisedMeanPooling(layers.Layer):
    """Global pooling by the generalised mean, (mean of x^p)^(1/p), with p learnt from 3: between
    the average (p = 1) and the maximum (p large). The few marks of a line drawing keep their
    weight instead of being averaged away with the blank paper around them."""

    def __init__(self, power: float = 3.0, **kwargs):
        super().__init__(**kwargs)
        self.initial_power = power

    def build(self, input_shape):
        self.power = self.add_weight(shape=(), initializer=keras.initializers.Constant(self.initial_power),
                                     name="power")

    def call(self, features):
        features = keras.ops.maximum(keras.ops.cast(features, "float32"), 1e-6)  # float32 even under mixed precision
        power = keras.ops.maximum(self.power, 1.0)
        return keras.ops.power(keras.ops.mean(keras.ops.power(features, power), axis=(1, 2)), 1.0 / power)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "power": self.initial_power}
