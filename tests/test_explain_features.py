"""The interpretable features on tiny pictures whose values can be worked out by hand."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from analysis.explain.feature_cache import model_input_features
from classifier.feature_kernels import batch_features
from classifier.features import FEATURE_NAMES, FEATURES, Picture, describe, picture_features
from classifier.pipeline import store_images
from storage.cpus import usable_cpus

SIZE = 64  # every test picture is SIZE x SIZE


def grey_picture(grey: np.ndarray) -> Picture:
    return Picture(np.repeat(grey[..., None], 3, axis=-1))


def features_of(grey: np.ndarray) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, picture_features(grey_picture(grey))))


def white() -> np.ndarray:
    return np.ones((SIZE, SIZE))


def black_line(column: int = 30) -> np.ndarray:
    picture = white()
    picture[:, column] = 0
    return picture


def halftone_screen(period: int = 8) -> np.ndarray:
    """A continuous halftone screen: dots as the sum of two cosines across and down."""
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    return 0.5 + 0.25 * np.cos(2 * np.pi * x / period) + 0.25 * np.cos(2 * np.pi * y / period)


def dot_grid(period: int = 8, dot: int = 2) -> np.ndarray:
    """Printed halftone: black dot x dot squares every `period` pixels on white paper."""
    picture = white()
    for top in range(2, SIZE, period):
        for left in range(2, SIZE, period):
            picture[top:top + dot, left:left + dot] = 0
    return picture


def ramp() -> np.ndarray:
    """Black at the left to white at the right, one step of 1/63 a column."""
    return np.broadcast_to(np.arange(SIZE) / (SIZE - 1), (SIZE, SIZE)).copy()


def test_every_feature_has_a_readable_name_and_says_how_it_is_computed():
    assert len(FEATURE_NAMES) >= 15
    for name in FEATURE_NAMES:
        assert name == name.lower() and "_" not in name
        assert len(describe(name)) > 30


def test_features_are_deterministic_and_the_same_from_a_file(tmp_path):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (40, 48, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "noise.png")
    from_array = picture_features(Picture(pixels / 255))
    assert np.array_equal(from_array, picture_features(Picture(pixels / 255)))
    np.testing.assert_allclose(picture_features(Picture.open(tmp_path / "noise.png")), from_array, rtol=1e-6)


def test_a_pure_white_picture_is_all_paper_and_nothing_else():
    f = features_of(white())
    assert f["paper white share"] == 1 and f["grey share"] == 1 and f["flat region share"] == 1
    assert f["dominant colours"] == 1 and f["mean brightness"] == 1
    for name in ("ink black share", "edge density", "edge sharpness", "straight line share", "stroke width",
                 "local variance", "high frequency energy", "entropy", "periodicity", "contrast", "colourfulness",
                 "mean saturation", "hue spread", "smooth gradient share"):
        assert f[name] == 0, name


def test_one_black_line_on_white():
    f = features_of(black_line())
    assert f["ink black share"] == pytest.approx(1 / SIZE)
    assert f["paper white share"] == pytest.approx(1 - 1 / SIZE)
    # Sobel lights the column on each side of the line, at half a grey level per pixel
    assert f["edge density"] == pytest.approx(2 / SIZE)
    assert f["edge sharpness"] == pytest.approx(0.5)
    assert f["straight line share"] == 1
    assert f["stroke width"] == pytest.approx(1)
    p = 1 / SIZE
    assert f["entropy"] == pytest.approx(-(p * np.log2(p) + (1 - p) * np.log2(1 - p)), rel=1e-5)
    # a single line has a flat spectrum over the 63 horizontal frequencies: the 8 strongest hold 8/63
    assert f["periodicity"] == pytest.approx(8 / (SIZE - 1), rel=1e-4)
    assert f["contrast"] == pytest.approx(np.sqrt(p * (1 - p)), rel=1e-5)


def test_a_halftone_screen_puts_all_its_energy_in_four_frequencies():
    f = features_of(halftone_screen())
    assert f["periodicity"] == pytest.approx(1, rel=1e-5)
    assert f["straight line share"] < 0.5 and f["high frequency energy"] == pytest.approx(0, abs=1e-6)


def test_printed_halftone_dots():
    f = features_of(dot_grid())
    assert f["ink black share"] == pytest.approx(4 / 64)  # a 2 x 2 dot per 8 x 8 cell
    assert f["dominant colours"] == 1  # white paper alone covers more than 90%
    assert f["edge density"] == pytest.approx(16 / 64)  # the 4 x 4 block around each dot
    assert f["periodicity"] > 3 * features_of(black_line())["periodicity"]


def test_a_smooth_gradient_is_all_gentle_slope():
    f = features_of(ramp())
    assert f["smooth gradient share"] == 1
    assert f["edge density"] == 0 and f["straight line share"] == 0
    assert f["entropy"] == pytest.approx(np.log2(SIZE))  # 64 equally common grey levels
    assert f["contrast"] == pytest.approx(np.sqrt((SIZE**2 - 1) / 12) / (SIZE - 1), rel=1e-5)
    # 5 x 5 windows are flat only where the border repeats the first or last columns: 2 on each side
    assert f["flat region share"] == pytest.approx(4 / SIZE)
    assert f["periodicity"] < 0.2


def test_colour_features_see_colour():
    red = Picture(np.broadcast_to([1.0, 0, 0], (SIZE, SIZE, 3)))
    two_hues = Picture(np.concatenate([np.broadcast_to([1.0, 0, 0], (SIZE // 2, SIZE, 3)),
                                       np.broadcast_to([0, 1.0, 1.0], (SIZE // 2, SIZE, 3))]))
    f_red, f_two = (dict(zip(FEATURE_NAMES, picture_features(p))) for p in (red, two_hues))
    assert f_red["mean saturation"] == 1 and f_red["hue spread"] == pytest.approx(0, abs=1e-6)
    assert f_red["grey share"] == 0 and f_red["colourfulness"] == pytest.approx(0.3 * np.hypot(1, 0.5))
    assert f_two["hue spread"] == pytest.approx(1, abs=1e-6)  # opposite hues cancel out
    assert f_two["dominant colours"] == 2


def test_the_surrogate_reads_the_feature_model_s_numbers_and_caches_them_by_image_id(tmp_path):
    """One feature name, one number: the explain page's features of a stored picture are those
    of the picture the model sees (its square input), as the feature model computes them."""
    paths = []
    for i, grey in enumerate((white(), black_line(), ramp())):
        paths.append(str(tmp_path / f"{i}.png"))
        wide = np.repeat(np.repeat(grey[..., None], 3, -1), 2, axis=1)  # not square: 64 x 128
        Image.fromarray((wide * 255).astype(np.uint8)).save(paths[-1])
    cache, size = tmp_path / "features.npz", 48
    first = model_input_features(np.array([7, 8, 9]), paths, size, cache)
    assert list(first.columns) == FEATURE_NAMES and list(first.index) == [7, 8, 9]
    [(numbers, pictures)] = store_images(paths, size).batch(len(paths)).as_numpy_iterator()  # the feature model's door
    as_the_model_sees = batch_features(pictures[np.argsort(numbers)])
    np.testing.assert_allclose(first.to_numpy(), as_the_model_sees, rtol=1e-5, atol=1e-6)
    for path in paths:  # from now on only the cache can answer
        (tmp_path / path).unlink()
    again = model_input_features(np.array([9, 7]), paths[::-1][:2], size, cache)
    np.testing.assert_array_equal(again.to_numpy(), first.loc[[9, 7]].to_numpy())
    unreadable = model_input_features(np.array([10]), [str(tmp_path / "gone.png")], size, cache)
    assert unreadable.isna().all(axis=None)
    assert sorted(model_input_features(np.array([7, 10]), paths[:2], size, cache).index) == [7, 10]
    assert model_input_features(np.array([7]), paths[:1], 32, cache).isna().all(axis=None)  # another size: recomputed


def test_every_registered_feature_is_a_number_for_a_random_picture():
    values = picture_features(Picture(np.random.default_rng(1).random((32, 40, 3))))
    assert values.shape == (len(FEATURES),) and np.isfinite(values).all()


def test_batch_features_work_where_the_os_has_no_cpu_affinity(monkeypatch):
    """macOS and Windows have no `os.sched_getaffinity`: the feature threads are sized without it."""
    pictures = np.random.default_rng(0).integers(0, 256, (3, 24, 24, 3), dtype=np.uint8)
    expected = batch_features(pictures)
    monkeypatch.delattr(os, "sched_getaffinity")
    np.testing.assert_array_equal(batch_features(pictures), expected)
    assert usable_cpus() >= 1
