"""The batch features (`classifier.feature_kernels`) are the reference features
(`classifier.features`) of each picture, within float tolerance, on pictures of every
medium the sample world draws and on the edge cases (blank, black, odd sizes, noise)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from classifier.feature_kernels import batch_features
from classifier.features import FEATURE_NAMES, Picture, picture_features
from sampleworld import MEDIA, MOODS, render_artwork

RTOL, ATOL = 1e-5, 1e-6  # sums run in double here and in single in the reference


def reference(images: np.ndarray) -> np.ndarray:
    return np.stack([picture_features(Picture(image.astype(np.float32) / 255)) for image in images])


def rendered(size: int) -> np.ndarray:
    pictures = []
    for index, medium in enumerate(MEDIA):
        picture = render_artwork(medium, MOODS[index % len(MOODS)], index).convert("RGB")
        pictures.append(np.asarray(picture.resize((size, size), Image.Resampling.BILINEAR)))
    return np.stack(pictures)


def test_every_medium_at_the_model_size_has_its_reference_features():
    images = rendered(256)
    np.testing.assert_allclose(batch_features(images), reference(images), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("shape", [(3, 37, 50), (2, 17, 16), (2, 64, 31)])
def test_odd_sizes_and_noise_have_their_reference_features(shape):
    images = np.random.default_rng(sum(shape)).integers(0, 256, (*shape, 3), dtype=np.uint8)
    np.testing.assert_allclose(batch_features(images), reference(images), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("value", [0, 255, 128])
def test_flat_pictures_have_their_reference_features(value):
    images = np.full((2, 40, 30, 3), value, np.uint8)
    expected = reference(images)
    np.testing.assert_allclose(batch_features(images), expected, rtol=RTOL, atol=ATOL)
    assert dict(zip(FEATURE_NAMES, expected[0]))["dominant colours"] == 1


def test_one_thread_and_several_give_the_same_rows_in_order():
    images = rendered(96)
    np.testing.assert_array_equal(batch_features(images, threads=1), batch_features(images, threads=3))
    assert batch_features(images[:0]).shape == (0, len(FEATURE_NAMES))


def test_the_input_pipeline_hands_each_batch_its_own_features(tmp_path):
    from classifier.pipeline import store_images, with_features

    images = rendered(64)
    paths = []
    for index, image in enumerate(images):
        paths.append(str(tmp_path / f"{index}.png"))
        Image.fromarray(image).save(paths[-1])
    batches = list(with_features(store_images(paths, 64).batch(3)).as_numpy_iterator())
    assert [len(numbers) for numbers, _, _ in batches] == [3, 3, 1]
    for numbers, decoded, features in batches:
        np.testing.assert_array_equal(decoded, images[numbers])
        np.testing.assert_array_equal(features, batch_features(decoded))
