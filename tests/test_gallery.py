"""The gallery renderer family: deterministic, every style renders at any size, independent of the
other families, and each medium keeps its defining traits (measured, so a regression can fail)."""

import ast
from pathlib import Path

import numpy as np
import pytest

from sampleworld.gallery import GALLERY_STYLES, render_gallery
from sampleworld.vocabulary import MEDIA, MOODS

GALLERY_DIR = Path(__file__).resolve().parents[1] / "sampleworld" / "gallery"
OWN_MODULES = {path.stem for path in GALLERY_DIR.glob("*.py")}
SMALL = dict(width=200, height=160)


def pixels(medium, mood, seed, style=None, **size):
    return np.asarray(render_gallery(medium, mood, seed, style=style, **(size or SMALL)), dtype=np.float32)


def test_every_medium_has_three_distinct_gallery_styles():
    assert set(GALLERY_STYLES) == set(MEDIA)
    names = [name for styles in GALLERY_STYLES.values() for name in styles]
    assert len(names) == len(set(names)) and all(name.startswith("gallery_") for name in names)
    assert all(len(styles) == 3 for styles in GALLERY_STYLES.values())
    assert all(description.strip() for styles in GALLERY_STYLES.values() for description in styles.values())


@pytest.mark.parametrize("medium", MEDIA)
def test_same_seed_same_pixels(medium):
    first, again = pixels(medium, "happy", 7), pixels(medium, "happy", 7)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, pixels(medium, "happy", 8))


@pytest.mark.parametrize("medium,style", [(m, s) for m, styles in GALLERY_STYLES.items() for s in styles])
def test_every_style_renders_rgb_at_any_requested_size(medium, style):
    for width, height in [(150, 110), (64, 64), (64, 900), (900, 64), (5, 3)]:
        image = render_gallery(medium, "scary", 3, width=width, height=height, style=style)
        assert image.mode == "RGB" and image.size == (width, height)


def test_default_size_is_600_wide_and_seeded_height():
    heights = {render_gallery("vectorart", "happy", seed).size for seed in (11, 12)}
    assert all(w == 600 and 400 <= h <= 900 for w, h in heights)
    assert render_gallery("comic", "happy", 11).size == render_gallery("vectorart", "gloomy", 11).size


def test_unknown_medium_mood_or_style_is_refused():
    for kwargs in (dict(medium="comic", mood="happy", style="no_such_style"),
                   dict(medium="comic", mood="happy", style="gallery_wet_landscape"),
                   dict(medium="fresco", mood="happy"), dict(medium="comic", mood="bored")):
        with pytest.raises(ValueError):
            render_gallery(seed=1, **kwargs)


def _imported(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            yield from ([f"{base}{alias.name}" for alias in node.names] if base == "." else [base])


def test_gallery_imports_only_vocabulary_and_its_own_modules():
    allowed_roots = {"numpy", "PIL", "scipy", "__future__", "math", "dataclasses", "typing"}
    for path in GALLERY_DIR.glob("*.py"):
        for module in _imported(path):
            if module.startswith("."):
                assert module.count(".") == 1 and module.lstrip(".").split(".")[0] in OWN_MODULES, (path.name, module)
            elif module.startswith("sampleworld"):
                assert module == "sampleworld.vocabulary", (path.name, module)
            else:
                assert module.split(".")[0] in allowed_roots, (path.name, module)


def chroma(image):
    return (image.max(axis=2) - image.min(axis=2)).mean()


@pytest.mark.parametrize("medium", ["graphite", "pen_ink"])
def test_drawing_media_are_near_colourless_on_light_paper(medium):
    for style in GALLERY_STYLES[medium]:
        for seed, mood in enumerate(MOODS):
            image = pixels(medium, mood, seed, style)
            assert chroma(image) < 16, (style, mood)
            assert np.percentile(image.mean(axis=2), 60) > 175, (style, mood)  # paper, even when scary


def test_graphite_is_never_pure_black():
    for style in GALLERY_STYLES["graphite"]:
        assert pixels("graphite", "scary", 2, style).min() > 40, style


def test_watercolour_leaves_paper_white():
    for style in GALLERY_STYLES["watercolor"]:
        for seed, mood in enumerate(MOODS):
            image = pixels("watercolor", mood, seed, style)
            assert (image.min(axis=2) > 215).mean() > 0.08, (style, mood)


def test_oil_covers_the_canvas():
    for style in GALLERY_STYLES["oilpaint"]:
        for seed, mood in enumerate(MOODS):
            image = pixels("oilpaint", mood, seed, style)
            assert (image.min(axis=2) > 235).mean() < 0.02, (style, mood)


def distinct_colours(image):
    as_int = image.astype(np.int32)
    return len(np.unique(as_int[..., 0] * 65536 + as_int[..., 1] * 256 + as_int[..., 2]))


def test_vector_art_has_far_fewer_colours_than_paint():
    vector = np.median([distinct_colours(pixels("vectorart", "happy", s, st))
                        for s in range(2) for st in GALLERY_STYLES["vectorart"]])
    for medium in ("oilpaint", "watercolor"):
        paint = np.median([distinct_colours(pixels(medium, "happy", s, st))
                           for s in range(2) for st in GALLERY_STYLES[medium]])
        assert vector * 4 < paint, (medium, vector, paint)


@pytest.mark.parametrize("medium", MEDIA)
def test_happy_is_brighter_than_scary(medium):
    happy = np.mean([pixels(medium, "happy", s).mean() for s in range(4)])
    scary = np.mean([pixels(medium, "scary", s).mean() for s in range(4)])
    assert happy > scary
