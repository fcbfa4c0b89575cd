"""The training renderer families that draw with their own code (atelier, salon, gallery, studio,
foundry): each is deterministic, renders every style at any size, imports nothing of the other
families, and keeps what fixes each medium in real art (measured, so a regression fails).

One module for all five: the families were written apart, but what they promise is the same.
Thresholds that differ say where a family's own paper or ink sits."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import sampleworld
from sampleworld.render import STYLED_FAMILIES
from sampleworld.vocabulary import MEDIA, MOODS

SAMPLEWORLD_DIR = Path(sampleworld.__file__).parent
SMALL = dict(width=240, height=180)
THIRD_PARTY = {"numpy", "PIL", "scipy"}


@dataclass(frozen=True)
class Promise:
    """A family's own thresholds for the traits every family keeps."""

    styles_per_medium: tuple[int, int] = (3, 3)
    coloured_ink: frozenset[str] = frozenset()  # drawing styles in sepia or blue-black on purpose
    toned_paper: frozenset[str] = frozenset()  # drawing styles on mid-tone paper on purpose (white chalk lights)
    paper_white: float = 225  # a watercolour pixel this light in every channel is bare paper
    oil_white: float = 245  # a canvas pixel this light is bare: oil covers it
    oil_light_share: float = 0.02  # at most this share of a painting so light
    vector_colour_ratio: float = 3  # paint has this many times more distinct colours than vector art
    graphite_darkest: float = 25  # graphite is grey, never black
    prefix: str = ""  # every style name of the family starts with it


PROMISES = {
    "atelier": Promise((3, 4), frozenset({"atelier_sepia_line"}), frozenset({"atelier_toned_sheet"}), oil_white=250,
                       oil_light_share=0.08, vector_colour_ratio=1.8, prefix="atelier_"),  # near-white sky paint
    "salon": Promise(coloured_ink=frozenset({"salon_sepia_ruled"}), prefix="salon_"),
    "gallery": Promise(paper_white=215, oil_white=235, vector_colour_ratio=4, graphite_darkest=40,
                       prefix="gallery_"),
    "studio": Promise(coloured_ink=frozenset({"studio_sepia_botanical"}), prefix="studio_"),
    "foundry": Promise(coloured_ink=frozenset({"foundry_sepia_nib"}), prefix="foundry_"),
}
FAMILIES = tuple(STYLED_FAMILIES)


def styles(family: str) -> dict[str, dict[str, str]]:
    return STYLED_FAMILIES[family][0]


def pixels(family, medium, mood, seed, style=None, **size):
    render = STYLED_FAMILIES[family][1]
    return np.asarray(render(medium, mood, seed, style=style, **(size or SMALL)), dtype=np.float32)


def test_every_styled_family_has_its_promises():
    assert set(PROMISES) == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_medium_has_its_styles_with_distinct_prefixed_names(family):
    low, high = PROMISES[family].styles_per_medium
    assert set(styles(family)) == set(MEDIA)
    names = [name for medium_styles in styles(family).values() for name in medium_styles]
    assert len(names) == len(set(names)) and all(name.startswith(PROMISES[family].prefix) for name in names)
    assert all(low <= len(medium_styles) <= high for medium_styles in styles(family).values())
    assert all(text.strip() for medium_styles in styles(family).values() for text in medium_styles.values())


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("medium", MEDIA)
def test_same_seed_same_pixels(family, medium):
    first = pixels(family, medium, "happy", 7)
    assert np.array_equal(first, pixels(family, medium, "happy", 7))
    assert not np.array_equal(first, pixels(family, medium, "happy", 8))


@pytest.mark.parametrize("family, medium, style",
                         [(f, m, s) for f in FAMILIES for m, medium_styles in styles(f).items() for s in medium_styles])
def test_every_style_renders_rgb_at_any_requested_size(family, medium, style):
    render = STYLED_FAMILIES[family][1]
    for width, height in ((150, 110), (64, 64), (64, 900), (900, 64)):
        image = render(medium, MOODS[width % 4], 3, width=width, height=height, style=style)
        assert image.mode == "RGB" and image.size == (width, height)


@pytest.mark.parametrize("family", FAMILIES)
def test_default_size_is_600_wide_and_seeded_height(family):
    render = STYLED_FAMILIES[family][1]
    image = render("vectorart", "happy", 11)
    assert image.width == 600 and 400 <= image.height <= 900


@pytest.mark.parametrize("family", FAMILIES)
def test_unknown_style_medium_and_mood_are_refused(family):
    render = STYLED_FAMILIES[family][1]
    other_medium_style = next(iter(styles(family)["watercolor"]))
    for bad in (dict(medium="comic", style="no_such_style"), dict(medium="comic", style=other_medium_style),
                dict(medium="fresco"), dict(medium="comic", mood="bored")):
        with pytest.raises(ValueError):
            render(**{"mood": "happy", "seed": 1, **bad})


def imported_modules(path: Path):
    """(module, relative level) of every import in a file."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names = [node.module] if node.module else [alias.name for alias in node.names]
            yield from ((name, node.level) for name in names)


@pytest.mark.parametrize("family", FAMILIES)
def test_a_family_imports_only_the_vocabulary_and_its_own_modules(family):
    """Written apart, kept apart: no family reuses another's drawing code (nor the held-out one's)."""
    directory = SAMPLEWORLD_DIR / family
    own = {path.stem for path in directory.glob("*.py")}
    allowed = THIRD_PARTY | set(sys.stdlib_module_names)
    for path in directory.glob("*.py"):
        for module, level in imported_modules(path):
            if level:
                assert level == 1 and module.split(".")[0] in own, (path.name, module)
            elif module.startswith("sampleworld"):
                assert module == "sampleworld.vocabulary", (path.name, module)
            else:
                assert module.split(".")[0] in allowed, (path.name, module)


def chroma(image):
    return (image.max(axis=2) - image.min(axis=2)).mean()


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("medium", ["graphite", "pen_ink"])
def test_drawing_media_are_near_colourless_on_light_paper(family, medium):
    for style in styles(family)[medium]:
        for seed, mood in enumerate(MOODS):
            image = pixels(family, medium, mood, seed, style)
            limit = 30 if style in PROMISES[family].coloured_ink else 16  # cream paper alone is ~12-14
            assert chroma(image) < limit, (style, mood)
            if style not in PROMISES[family].toned_paper:
                assert np.percentile(image.mean(axis=2), 60) > 175, (style, mood)  # paper, even when scary


@pytest.mark.parametrize("family", FAMILIES)
def test_graphite_never_reaches_black(family):
    for style in styles(family)["graphite"]:
        assert pixels(family, "graphite", "scary", 2, style).min() > PROMISES[family].graphite_darkest, style


@pytest.mark.parametrize("family", FAMILIES)
def test_watercolour_leaves_paper_white(family):
    """Some bare paper in every picture, and more than a little in every style (dark moods wash more of it)."""
    for style in styles(family)["watercolor"]:
        bare = [(pixels(family, "watercolor", mood, seed, style).min(axis=2) > PROMISES[family].paper_white).mean()
                for seed, mood in enumerate(MOODS)]
        assert min(bare) > 0.03 and np.mean(bare) > 0.08, (style, bare)


@pytest.mark.parametrize("family", FAMILIES)
def test_oil_covers_the_canvas(family):
    for style in styles(family)["oilpaint"]:
        for seed, mood in enumerate(MOODS):
            image = pixels(family, "oilpaint", mood, seed, style)
            light = (image.min(axis=2) > PROMISES[family].oil_white).mean()
            assert light < PROMISES[family].oil_light_share, (style, mood)


def distinct_colours(image):
    as_int = image.astype(np.int32)
    return len(np.unique(as_int[..., 0] * 65536 + as_int[..., 1] * 256 + as_int[..., 2]))


@pytest.mark.parametrize("family", FAMILIES)
def test_vector_art_has_fewer_colours_than_paint(family):
    def median_colours(medium):
        return np.median([distinct_colours(pixels(family, medium, "happy", seed)) for seed in range(4)])

    vector = median_colours("vectorart")
    for medium in ("oilpaint", "watercolor"):
        assert vector * PROMISES[family].vector_colour_ratio < median_colours(medium), medium


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("medium", MEDIA)
def test_happy_is_brighter_than_scary(family, medium):
    happy = np.mean([pixels(family, medium, "happy", seed).mean() for seed in range(4)])
    scary = np.mean([pixels(family, medium, "scary", seed).mean() for seed in range(4)])
    assert happy > scary
