"""The model options measured for transfer to unseen styles: training crops at native scale,
colour jitter and tone on the medium path only, residual blocks, generalised-mean pooling,
scale augmentation, and ImageNet weights for a backbone."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from classifier.losses import SmoothedSparseCrossentropy
from classifier.model import build_model
from classifier.params import TrainParams
from classifier.train import compile_model
from storage.errors import UserError

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
TINY = TrainParams(image_size=32, width=8, depth=2, batch_size=8)


def test_residual_blocks_add_a_projected_shortcut_to_each_block():
    plain = build_model(TINY)
    residual = build_model(TINY.replace(block="residual"))
    names = {layer.name for layer in residual.layers}
    assert {"block1_add", "block2_add", "block1_shortcut", "block2_shortcut"} <= names
    assert not any(layer.name.endswith("_add") for layer in plain.layers)
    assert residual.count_params() > plain.count_params()


def test_colour_jitter_reaches_the_medium_head_only():
    """In training, colour jitter changes what the features see; the emotion head also reads
    the unjittered colours, and at inference nothing is jittered."""
    model = build_model(TINY.replace(colour_augment=1.0))
    emotion_inputs = model.get_layer("emotion").input
    assert model.get_layer("features_and_colours").output is emotion_inputs
    assert model.get_layer("medium").input.shape[-1] < emotion_inputs.shape[-1]
    picture = np.random.default_rng(0).integers(0, 256, (2, 32, 32, 3)).astype("float32")
    assert np.allclose(model(picture, training=False)["medium"], model(picture, training=False)["medium"])
    jitter = model.get_layer("colour_augmentation")
    assert not np.allclose(jitter(picture, training=True), picture)
    assert np.allclose(jitter(picture, training=False), picture)


def test_tone_augmentation_makes_lines_firmer_or_fainter_and_keeps_paper_and_ink():
    """One random gamma per picture on the medium path: mid greys move, in the same direction
    across the picture, white and black stay; the emotion head also reads the untouched
    colours, and at inference nothing changes."""
    model = build_model(TINY.replace(tone_augment=0.7))
    assert model.get_layer("features_and_colours").output is model.get_layer("emotion").input
    tone = model.get_layer("tone_augmentation")
    greys = np.broadcast_to(np.linspace(0, 255, 32, dtype="float32")[None, None, :, None], (16, 32, 32, 3))
    toned = np.asarray(tone(greys, training=True))
    np.testing.assert_allclose(toned[:, :, [0, -1]], greys[:, :, [0, -1]], atol=1e-3)
    shift = toned[:, 0, 1:-1, 0] - greys[:, 0, 1:-1, 0]
    assert (np.all(shift > 0, axis=1) | np.all(shift < 0, axis=1)).all()
    assert (shift[:, 0] > 0).any() and (shift[:, 0] < 0).any()  # darker and fainter both drawn
    assert np.all(np.diff(toned[:, 0, :, 0], axis=1) > 0)  # the order of tones is kept
    np.testing.assert_array_equal(tone(greys, training=False), greys)


def test_generalised_mean_pooling_lies_between_the_average_and_the_maximum():
    """A few strong marks on a blank page: the generalised mean keeps more of them than the
    average does, never more than the maximum, and its power is a weight training moves."""
    model = build_model(TINY.replace(pooling="gem"))
    pool = model.get_layer("pool")
    marks = np.zeros((1, 8, 8, 2), "float32")
    marks[0, 2, 3, 0] = 4.0
    marks[..., 1] += 1.0
    pooled = np.asarray(pool(marks))
    assert marks.mean(axis=(1, 2))[0, 0] < pooled[0, 0] < marks.max(axis=(1, 2))[0, 0]
    np.testing.assert_allclose(pooled[0, 1], 1.0, rtol=1e-5)  # an even field pools to itself
    assert any(weight is pool.power for weight in model.trainable_weights)


def test_training_crops_at_native_scale_and_prediction_sees_the_whole_picture():
    """The window is cut first and only it is flipped, turned and zoomed (the whole picture would
    cost several times more); the mood head's colours come from the whole, untouched picture."""
    model = build_model(TINY.replace(crop=16, colour_augment=0.5))
    crop = model.get_layer("training_crop")
    assert model.get_layer("augmentation").input is crop.output
    assert model.get_layer("colour_rescale").input is model.input
    picture = np.arange(2 * 32 * 32 * 3, dtype="float32").reshape(2, 32, 32, 3)
    window = np.asarray(crop(picture, training=True))
    assert window.shape == (2, 16, 16, 3)
    top, left = np.argwhere(picture[0, :, :, 0] == window[0, 0, 0, 0])[0]
    np.testing.assert_array_equal(window, picture[:, top:top + 16, left:left + 16])  # a window, not a resize
    np.testing.assert_array_equal(crop(picture, training=False), picture)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(picture, {"medium": np.array([0, 1]), "emotion": np.array([0, 1])}, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_chosen_options_survive_saving_and_loading(tmp_path):
    model = build_model(TINY.replace(block="residual", colour_augment=0.5, tone_augment=0.5, zoom=0.3, crop=16,
                                     pooling="gem"))
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras", compile=False)
    picture = np.random.default_rng(1).integers(0, 256, (2, 32, 32, 3)).astype("float32")
    for head in ("medium", "emotion"):
        np.testing.assert_allclose(loaded(picture, training=False)[head], model(picture, training=False)[head],
                                   atol=1e-3)


@pytest.mark.parametrize("changes, name", [({"block": "dense"}, "block"), ({"pooling": "max"}, "pooling"),
                                           ({"zoom": 1.5}, "zoom"), ({"colour_augment": -0.1}, "colour_augment"),
                                           ({"tone_augment": 1.5}, "tone_augment"), ({"crop": 16}, "crop")])
def test_out_of_range_options_are_one_sentence(changes, name):
    with pytest.raises(UserError, match=name):
        TINY.replace(**changes).checked()


def test_label_smoothing_spreads_the_sparse_target_and_survives_saving(tmp_path):
    """The smoothed loss is cross-entropy against (1 - s) * one_hot + s / classes, and a
    model compiled with it loads back with its loss."""
    probabilities = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], dtype="float32")
    smoothed = np.full((2, 3), 0.1 / 3) + 0.9 * np.eye(3)[[0, 1]]
    expected = -(smoothed * np.log(probabilities)).sum(axis=1).mean()
    assert float(SmoothedSparseCrossentropy(3, 0.1)(np.array([0, 1]), probabilities)) == pytest.approx(expected)
    assert float(SmoothedSparseCrossentropy(3, 0.1)(np.array([0, 1]), probabilities)) > float(
        keras.losses.SparseCategoricalCrossentropy()(np.array([0, 1]), probabilities))
    model = compile_model(build_model(TINY.replace(label_smoothing=0.1)), TINY.replace(label_smoothing=0.1))
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    assert isinstance(loaded.loss["medium"], SmoothedSparseCrossentropy) and loaded.loss["medium"].smoothing == 0.1


def test_imagenet_weights_need_no_file_but_a_backbone():
    params = TINY.replace(backbone="MobileNetV3Small", backbone_weights="imagenet").checked()
    assert params.backbone_weights == "imagenet"
    with pytest.raises(UserError, match="needs a backbone"):
        TINY.replace(backbone_weights="imagenet").checked()


@pytest.mark.parametrize("change, allowed", [
    ({"crop": 8}, "0 (off) or at least 32"), ({"zoom": 1.5}, "at least 0 and below 1"),
    ({"colour_augment": 2.0}, "from 0 to 1"), ({"block": "dense"}, "one of plain, residual"),
    ({"label_smoothing": 1.0}, "at least 0 and below 1"), ({"ema": 1.0}, "0 (off) or above 0 and below 1"),
    ({"schedule": "step"}, "one of plateau, cosine"),
])
def test_an_option_out_of_range_says_its_range(change, allowed):
    with pytest.raises(UserError) as raised:
        TrainParams().replace(**change).checked()
    assert str(raised.value).endswith(f"it must be {allowed}")
