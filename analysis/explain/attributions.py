"""SHAP on the CNN itself: which pixels pushed a head towards its answer.

`shap.GradientExplainer` (expected gradients) explains one output tensor, so each head is
wrapped as its own `keras.Model` from the image input to that head's softmax.
`DeepExplainer` is not used: shap 0.51 has no rule for the separable convolutions'
`DepthwiseConv2dNative`.
"""

from __future__ import annotations

import numpy as np

SAMPLES = 48  # expected-gradient samples per image: maps are stable to the eye from ~30
BATCH = 16


def head_model(model, head: str):
    """The image input to one head's probabilities, as a model of its own that always runs the
    CNN in inference mode: shap calls it without `training=False` when it ranks the classes,
    and the augmentation layers would then crop, flip and recolour each image at random, so
    the map would explain an answer the CNN does not give."""
    import keras

    image = keras.Input(model.input_shape[1:], dtype=model.inputs[0].dtype, name="image")
    answer = keras.layers.Identity(name=f"{head}_answer")(model(image, training=False)[head])  # shap reads
    return keras.Model(image, answer, name=f"{head}_head")  # the last layer's output: a tensor, not the dict


def pixel_maps(model, head: str, images: np.ndarray, background: np.ndarray, seed: int,
               samples: int = SAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """`(maps, classes)`: per image a height x width map of SHAP values for the class the
    head predicts (summed over the colour channels), and that class's code.

    `images` and `background` are raw 0-255 RGB batches of the model's input size; the
    background stands for "no information" (expected gradients integrate from it).
    """
    import shap

    explainer = shap.GradientExplainer(head_model(model, head), background.astype(np.float32), batch_size=BATCH)
    values, ranks = explainer.shap_values(images.astype(np.float32), nsamples=samples, ranked_outputs=1, rseed=seed)
    values = np.asarray(values)
    if values.ndim == 5:  # images x height x width x channels x ranked outputs
        values = values[..., 0]
    return values.sum(axis=-1), np.asarray(ranks)[:, 0]


def model_images(paths: list[str], size: int) -> np.ndarray:
    """Stored images as the model sees them: uint8 RGB, `size` x `size`, through the same
    decode and resize as training and prediction."""
    from classifier.pipeline import store_images

    return np.stack([image for _, image in store_images(paths, size).as_numpy_iterator()])
