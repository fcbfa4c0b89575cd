"""The feature model on its own: trees per head, the blend weights chosen on validation rows,
classes the trees never saw, and the file it is kept in (no TensorFlow here)."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.dataset import HEADS
from classifier.feature_kernels import batch_features
from classifier.feature_model import DigestMismatch, FeatureModel, choose_weights, file_digest, fit_trees
from classifier.features import FEATURE_NAMES, Picture, picture_features

MEDIA, MOODS = len(HEADS["medium"]), len(HEADS["emotion"])


def separable(rows: int, seed: int = 0) -> tuple[np.ndarray, dict, dict]:
    """Features whose first column tells the medium and second the mood; every row weighted 1."""
    rng = np.random.default_rng(seed)
    targets = {"medium": np.arange(rows) % MEDIA, "emotion": rng.integers(MOODS, size=rows)}
    features = rng.normal(size=(rows, 4))
    features[:, 0] = targets["medium"] * 10 + rng.normal(size=rows)
    features[:, 1] = targets["emotion"] * 10 + rng.normal(size=rows)
    return features, targets, {head: np.ones(rows, np.float32) for head in HEADS}


def one_hot(codes: np.ndarray, classes: int, sure: float) -> np.ndarray:
    """Probabilities that give `sure` to the class of each code and share the rest."""
    probabilities = np.full((len(codes), classes), (1 - sure) / (classes - 1), np.float32)
    probabilities[np.arange(len(codes)), codes] = sure
    return probabilities


def test_trees_learn_each_head_from_the_rows_that_carry_weight():
    features, targets, weights = separable(280)
    weights["emotion"][::2] = 0  # half the pictures have no mood
    targets["emotion"][::2] = 0  # and their stand-in class must not be learnt
    trees = fit_trees(features, targets, weights, seed=0)
    assert set(trees) == set(HEADS)
    test_features, test_targets, _ = separable(70, seed=1)
    model = FeatureModel(trees, {"medium": 1.0, "emotion": 1.0})
    probabilities = model.probabilities(test_features)
    for head, keys in HEADS.items():
        assert probabilities[head].shape == (70, len(keys)) and probabilities[head].dtype == np.float32
        assert np.allclose(probabilities[head].sum(axis=1), 1, atol=1e-5)
        assert (probabilities[head].argmax(axis=1) == test_targets[head]).mean() > 0.9


def test_a_head_without_labelled_rows_has_no_trees_and_answers_uniformly():
    features, targets, weights = separable(70)
    weights["emotion"][:] = 0
    trees = fit_trees(features, targets, weights, seed=0)
    assert trees["emotion"] is None
    model = FeatureModel(trees, choose_weights(trees, features, {head: one_hot(targets[head], len(keys), 0.9)
                                                                  for head, keys in HEADS.items()}, targets, weights))
    assert model.weights["emotion"] == 0.0  # the CNN alone
    assert np.allclose(model.probabilities(features)["emotion"], 1 / MOODS)


def test_a_class_the_trees_never_saw_gets_probability_zero_in_its_own_column():
    features, targets, weights = separable(140)
    seen = targets["medium"] != 3
    trees = fit_trees(features[seen], {head: values[seen] for head, values in targets.items()},
                      {head: values[seen] for head, values in weights.items()}, seed=0)
    probabilities = FeatureModel(trees, {"medium": 1.0, "emotion": 1.0}).probabilities(features)["medium"]
    assert probabilities.shape == (140, MEDIA) and (probabilities[:, 3] == 0).all()
    assert (probabilities[seen].argmax(axis=1) == targets["medium"][seen]).mean() > 0.9  # columns line up


def test_the_blend_weight_goes_to_whichever_part_is_right_on_the_validation_rows():
    features, targets, weights = separable(280)
    trees = fit_trees(features, targets, weights, seed=0)
    val_features, val_targets, val_weights = separable(140, seed=2)
    misleading = val_features.copy()  # features that point every row to the next class
    misleading[:, 0] = (val_targets["medium"] + 1) % MEDIA * 10
    misleading[:, 1] = (val_targets["emotion"] + 1) % MOODS * 10
    right = {head: one_hot(val_targets[head], len(keys), 0.9) for head, keys in HEADS.items()}
    wrong = {head: one_hot((val_targets[head] + 1) % len(keys), len(keys), 0.9) for head, keys in HEADS.items()}
    assert all(share <= 0.1 for share in choose_weights(trees, misleading, right, val_targets, val_weights).values())
    assert all(share >= 0.9 for share in choose_weights(trees, val_features, wrong, val_targets, val_weights).values())
    unsure = {head: np.full((140, len(keys)), 1 / len(keys), np.float32) for head, keys in HEADS.items()}
    shares = choose_weights(trees, val_features, unsure, val_targets, val_weights)
    assert all(0 < share <= 1 for share in shares.values())  # the trees help an uninformed CNN


def test_the_blend_is_the_weighted_mean_of_the_two_parts_per_head():
    features, targets, weights = separable(140)
    model = FeatureModel(fit_trees(features, targets, weights, seed=0), {"medium": 0.25, "emotion": 0.6})
    cnn = {head: np.random.default_rng(3).dirichlet(np.ones(len(keys)), size=140).astype(np.float32)
           for head, keys in HEADS.items()}
    trees = model.probabilities(features)
    blended = model.blend(cnn, trees)
    for head, share in model.weights.items():
        np.testing.assert_allclose(blended[head], (1 - share) * cnn[head] + share * trees[head], rtol=1e-6)
        assert blended[head].dtype == np.float32


def test_the_feature_model_survives_its_file_and_leaves_no_partial_file(tmp_path):
    features, targets, weights = separable(140)
    model = FeatureModel(fit_trees(features, targets, weights, seed=0), {"medium": 0.5, "emotion": 0.35})
    path = model.save(tmp_path / "feature-model.joblib")
    loaded = FeatureModel.load(path, file_digest(path))
    assert loaded.weights == model.weights
    for head in HEADS:
        np.testing.assert_array_equal(loaded.probabilities(features)[head], model.probabilities(features)[head])
    assert [entry.name for entry in tmp_path.iterdir()] == ["feature-model.joblib"]
    with pytest.raises(DigestMismatch):
        FeatureModel.load(path, "0" * 64)


def test_batch_features_are_each_pictures_own_features_in_order():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, size=(5, 24, 32, 3), dtype=np.uint8)
    images[2] = 255  # a blank sheet among noisy ones
    expected = np.stack([picture_features(Picture(image.astype(np.float32) / 255)) for image in images])
    np.testing.assert_allclose(batch_features(images), expected, rtol=1e-5, atol=1e-6)
    assert batch_features(images[:0]).shape == (0, len(FEATURE_NAMES))


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_the_feature_model_switch_must_be_true_or_false(value):
    from classifier.params import TrainParams
    from storage.errors import UserError

    with pytest.raises(UserError, match="feature_model"):
        TrainParams(feature_model=value).checked()
