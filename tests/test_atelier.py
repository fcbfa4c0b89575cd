"""The atelier renderer family: deterministic, every style renders, independent of
sampleworld.media and of the outsider family, and each medium keeps its defining traits."""

import ast
from pathlib import Path

import numpy as np
import pytest

from sampleworld.atelier import ATELIER_STYLES, render_atelier
from sampleworld.vocabulary import MEDIA, MOODS

ATELIER_DIR = Path(__file__).resolve().parents[1] / "sampleworld" / "atelier"
FORBIDDEN = {"media", "scene", "subjects", "palette", "raster", "style", "render", "outsider", "salon", "gallery"}
SMALL = dict(width=240, height=180)


def pixels(medium, mood, seed, style=None, **size):
    return np.asarray(render_atelier(medium, mood, seed, style=style, **(size or SMALL)), dtype=np.float32)


def test_every_medium_has_three_or_four_styles_with_distinct_names():
    assert set(ATELIER_STYLES) == set(MEDIA)
    old_looks = {"poster", "icon", "gradient", "outline_flat", "halftone", "manga", "cel", "pop_art", "hatched",
                 "contour", "tonal", "scribble", "crosshatch", "stipple", "line_art", "contour_hatch"}
    names = [name for styles in ATELIER_STYLES.values() for name in styles]
    assert len(names) == len(set(names)) and not set(names) & old_looks
    assert all(3 <= len(styles) <= 4 for styles in ATELIER_STYLES.values())


@pytest.mark.parametrize("medium", MEDIA)
def test_same_seed_same_pixels(medium):
    first, again = pixels(medium, "happy", 7), pixels(medium, "happy", 7)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, pixels(medium, "happy", 8))


@pytest.mark.parametrize("medium,style", [(m, s) for m, styles in ATELIER_STYLES.items() for s in styles])
def test_every_style_renders_rgb_at_the_requested_size(medium, style):
    image = render_atelier(medium, "peaceful", 3, width=150, height=110, style=style)
    assert image.mode == "RGB" and image.size == (150, 110)


def test_default_size_is_600_wide_and_seeded_height():
    image = render_atelier("vectorart", "happy", 11)
    assert image.width == 600 and 400 <= image.height <= 900


def test_unknown_style_is_refused():
    with pytest.raises(ValueError):
        render_atelier("comic", "happy", 1, style="no_such_style")


def test_atelier_imports_nothing_from_the_other_renderers():
    for path in ATELIER_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [("." * node.level) + (node.module or "")]
                modules += [f"{modules[0]}.{alias.name}" for alias in node.names] if node.level == 1 and not node.module else []
            else:
                continue
            for module in modules:
                parts = module.lstrip(".").split(".")
                assert not (module.startswith("sampleworld.") and parts[1] in FORBIDDEN), (path.name, module)
                assert not (module.startswith("..") and parts[0] in FORBIDDEN), (path.name, module)


def chroma(image):
    return (image.max(axis=2) - image.min(axis=2)).mean()


@pytest.mark.parametrize("medium", ["graphite", "pen_ink"])
def test_drawing_media_are_near_colourless(medium):
    for style in ATELIER_STYLES[medium]:
        if style == "atelier_sepia_line":
            continue  # coloured ink on purpose
        for mood in MOODS:
            assert chroma(pixels(medium, mood, 5, style)) < 16, (style, mood)  # cream paper is ~14


def test_watercolour_leaves_paper_white():
    for seed in range(4):
        image = pixels("watercolor", MOODS[seed], seed)
        assert (image.min(axis=2) > 225).mean() > 0.08


def test_oil_covers_the_canvas():
    for seed in range(4):
        image = pixels("oilpaint", MOODS[seed], seed)
        assert (image.min(axis=2) > 250).mean() < 0.02


def distinct_colours(image):
    pixels_as_int = image.astype(np.int32)
    return len(np.unique(pixels_as_int[..., 0] * 65536 + pixels_as_int[..., 1] * 256 + pixels_as_int[..., 2]))


def test_vector_art_has_fewer_colours_than_paint():
    vector = np.median([distinct_colours(pixels("vectorart", "happy", s)) for s in range(4)])
    for medium in ("oilpaint", "watercolor"):
        paint = np.median([distinct_colours(pixels(medium, "happy", s)) for s in range(4)])
        assert vector * 1.8 < paint, (medium, vector, paint)


@pytest.mark.parametrize("medium", MEDIA)
def test_happy_is_brighter_than_scary(medium):
    happy = np.mean([pixels(medium, "happy", s).mean() for s in range(4)])
    scary = np.mean([pixels(medium, "scary", s).mean() for s in range(4)])
    assert happy > scary
