"""The salon renderer family: deterministic, every style renders at any size, independent of
the other renderer families, and each medium keeps its defining traits."""

import ast
import sys
from pathlib import Path

import numpy as np
import pytest

from sampleworld.salon import SALON_STYLES, render_salon
from sampleworld.vocabulary import MEDIA, MOODS

SALON_DIR = Path(__file__).resolve().parents[1] / "sampleworld" / "salon"
SMALL = dict(width=240, height=180)
ALLOWED_ROOTS = {"numpy", "PIL", "scipy", "__future__"}


def pixels(medium, mood, seed, style=None, **size):
    return np.asarray(render_salon(medium, mood, seed, style=style, **(size or SMALL)), dtype=np.float32)


def test_every_medium_has_three_distinct_salon_styles():
    assert set(SALON_STYLES) == set(MEDIA)
    names = [name for styles in SALON_STYLES.values() for name in styles]
    assert len(names) == len(set(names)) and all(name.startswith("salon_") for name in names)
    assert all(len(styles) == 3 for styles in SALON_STYLES.values())


@pytest.mark.parametrize("medium", MEDIA)
def test_same_seed_same_pixels(medium):
    first, again = pixels(medium, "happy", 7), pixels(medium, "happy", 7)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, pixels(medium, "happy", 8))


@pytest.mark.parametrize("medium,style", [(m, s) for m, styles in SALON_STYLES.items() for s in styles])
def test_every_style_renders_rgb_at_the_requested_sizes(medium, style):
    for width, height in ((150, 110), (64, 64), (64, 900), (900, 64)):
        image = render_salon(medium, "peaceful", 3, width=width, height=height, style=style)
        assert image.mode == "RGB" and image.size == (width, height)


def test_default_size_is_600_wide_and_seeded_height():
    image = render_salon("vectorart", "happy", 11)
    assert image.width == 600 and 400 <= image.height <= 900


def test_unknown_style_medium_and_mood_are_refused():
    for bad in (dict(medium="comic", style="no_such_style"), dict(medium="comic", style="salon_botanical"),
                dict(medium="fresco"), dict(medium="comic", mood="bored")):
        with pytest.raises(ValueError):
            render_salon(**{"mood": "happy", "seed": 1, **bad})


def test_salon_imports_only_numpy_pillow_scipy_the_stdlib_the_vocabulary_and_itself():
    own = {path.stem for path in SALON_DIR.glob("*.py")}
    allowed = ALLOWED_ROOTS | set(sys.stdlib_module_names)
    for path in SALON_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                names = [node.module] if node.module else [alias.name for alias in node.names]
                assert node.level == 1 and all(name.split(".")[0] in own for name in names), (path.name, names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
                for module in modules:
                    assert module.split(".")[0] in allowed or module == "sampleworld.vocabulary", (path.name, module)


def chroma(image):
    return (image.max(axis=2) - image.min(axis=2)).mean()


@pytest.mark.parametrize("medium", ["graphite", "pen_ink"])
def test_drawing_media_are_near_colourless_on_light_paper(medium):
    for style in SALON_STYLES[medium]:
        for mood in MOODS:
            image = pixels(medium, mood, 5, style)
            limit = 30 if style == "salon_sepia_ruled" else 16  # sepia or blue-black ink on purpose; cream is ~12
            assert chroma(image) < limit, (style, mood)
            assert np.median(image.mean(axis=2)) > 200, (style, mood)


def test_graphite_never_reaches_black():
    for style in SALON_STYLES["graphite"]:
        assert pixels("graphite", "scary", 2, style).min() > 25, style


def test_watercolour_leaves_paper_white():
    for style in SALON_STYLES["watercolor"]:
        for seed, mood in enumerate(MOODS):
            image = pixels("watercolor", mood, seed, style)
            assert (image.min(axis=2) > 225).mean() > 0.08, (style, mood)


def test_oil_covers_the_canvas():
    for style in SALON_STYLES["oilpaint"]:
        for seed, mood in enumerate(MOODS):
            image = pixels("oilpaint", mood, seed, style)
            assert (image.min(axis=2) > 245).mean() < 0.02, (style, mood)


def distinct_colours(image):
    as_int = image.astype(np.int32)
    return len(np.unique(as_int[..., 0] * 65536 + as_int[..., 1] * 256 + as_int[..., 2]))


def test_vector_art_has_fewer_colours_than_paint():
    vector = np.median([distinct_colours(pixels("vectorart", "happy", s)) for s in range(4)])
    for medium in ("oilpaint", "watercolor"):
        paint = np.median([distinct_colours(pixels(medium, "happy", s)) for s in range(4)])
        assert vector * 3 < paint, (medium, vector, paint)


@pytest.mark.parametrize("medium", MEDIA)
def test_happy_is_brighter_than_scary(medium):
    happy = np.mean([pixels(medium, "happy", s).mean() for s in range(4)])
    scary = np.mean([pixels(medium, "scary", s).mean() for s in range(4)])
    assert happy > scary
