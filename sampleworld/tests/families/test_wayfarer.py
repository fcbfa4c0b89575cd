"""The wayfarer renderer family: its API contract and the pixel traits that define each medium.

Wayfarer is a held-out family, so these tests check only what any caller may rely on (sizes,
determinism, errors, independence from the other families) and a few properties a medium
must keep whatever the seed: pencil is never black, ink is, vector art has few colours,
watercolour leaves paper showing, happy pictures are brighter than scary ones.
"""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sampleworld
from sampleworld.vocabulary import MEDIA, MOODS
from sampleworld.wayfarer import WAYFARER_STYLES, render_wayfarer, wayfarer_style

PACKAGE = Path(sampleworld.__file__).parent / "wayfarer"
STYLES = [(medium, style) for medium in MEDIA for style in WAYFARER_STYLES[medium]]
COLOUR_MEDIA = ("3d_graphics", "comic", "oilpaint", "vectorart", "watercolor")


def _pixels(medium, mood, seed, w=200, h=160, style=None) -> np.ndarray:
    return np.asarray(render_wayfarer(medium, mood, seed, w, h, style=style), np.float32) / 255


def _luminance(a: np.ndarray) -> np.ndarray:
    return a[..., 0] * 0.2126 + a[..., 1] * 0.7152 + a[..., 2] * 0.0722


def _saturation(a: np.ndarray) -> np.ndarray:
    top = a.max(-1)
    return (top - a.min(-1)) / np.maximum(top, 1e-3)


def test_styles_table_covers_every_medium_with_two_or_three_styles():
    assert tuple(WAYFARER_STYLES) == MEDIA
    for medium, styles in WAYFARER_STYLES.items():
        assert 2 <= len(styles) <= 3, medium
        for key, description in styles.items():
            assert key.isidentifier() and key.islower()
            assert description.strip() and "\n" not in description
    assert len(STYLES) >= 18


@pytest.mark.parametrize(("medium", "style"), STYLES)
def test_every_style_renders_its_size_and_the_same_pixels_twice(medium, style):
    mood = MOODS[STYLES.index((medium, style)) % len(MOODS)]
    first = render_wayfarer(medium, mood, 11, 160, 120, style=style)
    again = render_wayfarer(medium, mood, 11, 160, 120, style=style)
    assert first.mode == "RGB" and first.size == (160, 120)
    assert first.tobytes() == again.tobytes()
    other = render_wayfarer(medium, mood, 12, 160, 120, style=style)
    assert other.tobytes() != first.tobytes(), "the seed must change the picture"


@pytest.mark.parametrize("medium", MEDIA)
def test_extreme_sizes_render(medium):
    for w, h in ((120, 120), (900, 140), (130, 900)):
        image = render_wayfarer(medium, "peaceful", 3, w, h)
        assert image.size == (w, h)


def test_default_size_is_600_wide_and_a_seeded_height():
    heights = set()
    for seed in range(6):
        image = render_wayfarer("vectorart", "happy", seed)
        assert image.width == 600 and 400 <= image.height <= 900
        heights.add(image.height)
        # the height comes from the seed alone, whatever the medium
        assert render_wayfarer("vectorart", "scary", seed, 120).height == image.height
    assert len(heights) > 1


def test_default_style_is_drawn_by_the_seed():
    for medium in MEDIA:
        drawn = [wayfarer_style(medium, seed) for seed in range(40)]
        assert set(drawn) == set(WAYFARER_STYLES[medium]), medium
        assert drawn == [wayfarer_style(medium, seed) for seed in range(40)]
    style = wayfarer_style("comic", 5)
    assert (render_wayfarer("comic", "gloomy", 5, 160, 120).tobytes()
            == render_wayfarer("comic", "gloomy", 5, 160, 120, style=style).tobytes())


@pytest.mark.parametrize(("call", "names"), [
    (lambda: render_wayfarer("fresco", "happy", 1), MEDIA),
    (lambda: render_wayfarer("comic", "angry", 1), MOODS),
    (lambda: render_wayfarer("comic", "happy", 1, style="fresco"), WAYFARER_STYLES["comic"]),
    (lambda: wayfarer_style("fresco", 1), MEDIA),
])
def test_unknown_names_raise_value_errors_that_list_the_known_ones(call, names):
    with pytest.raises(ValueError) as error:
        call()
    assert all(name in str(error.value) for name in names)


def test_package_imports_nothing_from_sampleworld_but_the_vocabulary():
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    assert node.level == 1, f"{path.name} reaches outside the package"
                    continue
                names = [node.module or ""]
            else:
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id != "hash", f"{path.name}: hash() varies by process"
                continue
            for name in names:
                assert name != "random", f"{path.name}: use numpy generators"
                if name.split(".")[0] == "sampleworld":
                    assert name == "sampleworld.vocabulary", f"{path.name} imports {name}"


def test_pixels_are_the_same_in_another_process():
    code = ("import hashlib, sys; from sampleworld.wayfarer import render_wayfarer; "
            "print(' '.join(hashlib.md5(render_wayfarer(m, 'scary', 7, 150, 130).tobytes())"
            ".hexdigest() for m in sys.argv[1:]))")
    env = dict(os.environ, PYTHONHASHSEED="123")
    out = subprocess.run([sys.executable, "-c", code, *MEDIA], capture_output=True, text=True,
                         env=env, cwd=PACKAGE.parents[1], check=True).stdout.split()
    here = [hashlib.md5(render_wayfarer(m, "scary", 7, 150, 130).tobytes()).hexdigest()
            for m in MEDIA]
    assert out == here


def test_graphite_is_grey_pencil_on_light_paper_never_black():
    for style in WAYFARER_STYLES["graphite"]:
        for k, mood in enumerate(MOODS):
            a = _pixels("graphite", mood, k, style=style)
            lum = _luminance(a)
            assert lum.min() > 0.15, (style, mood)
            assert _saturation(a).mean() < 0.12, (style, mood)
            assert np.percentile(lum, 90) > 0.8, (style, mood)


def test_pen_ink_reaches_near_black_on_light_paper():
    for style in WAYFARER_STYLES["pen_ink"]:
        for k, mood in enumerate(MOODS):
            lum = _luminance(_pixels("pen_ink", mood, k, style=style))
            assert lum.min() < 0.3, (style, mood)
            assert np.percentile(lum, 95) > 0.8, (style, mood)


def test_vector_art_has_far_fewer_colours_than_oil_paint():
    def colours(medium, style, seed):
        a = np.asarray(render_wayfarer(medium, "happy", seed, 200, 160, style=style))
        return len(np.unique(a.reshape(-1, 3), axis=0))

    vector = max(colours("vectorart", s, seed) for s in WAYFARER_STYLES["vectorart"]
                 for seed in range(2))
    oil = min(colours("oilpaint", s, seed) for s in WAYFARER_STYLES["oilpaint"]
              for seed in range(2))
    assert vector * 5 < oil


def test_watercolour_leaves_white_paper_showing():
    for style in WAYFARER_STYLES["watercolor"]:
        for k, mood in enumerate(MOODS):
            a = _pixels("watercolor", mood, k, style=style)
            paper = (_luminance(a) > 0.88) & (_saturation(a) < 0.1)
            assert paper.mean() > 0.02, (style, mood)


def test_comics_are_inked_in_black():
    for style in WAYFARER_STYLES["comic"]:
        a = _pixels("comic", "peaceful", 4, style=style)
        assert (_luminance(a) < 0.1).mean() > 0.01, style


@pytest.mark.parametrize("medium", COLOUR_MEDIA)
def test_happy_artworks_are_brighter_than_scary_ones(medium):
    def brightness(mood):
        return np.mean([_luminance(_pixels(medium, mood, seed, 160, 120)).mean()
                        for seed in range(4)])

    assert brightness("happy") > brightness("scary") + 0.05
