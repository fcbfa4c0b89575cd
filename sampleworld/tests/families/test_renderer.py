"""The renderer families of the sample world: determinism, sizes, looks, and the traits of each medium."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import sampleworld
from sampleworld import (
    DEFAULT,
    LOOKS,
    MEDIA,
    MOODS,
    OUTSIDER_STYLES,
    SHIFTED,
    render_artwork,
    render_outsider,
    training_look,
)
from sampleworld.atelier import ATELIER_STYLES, render_atelier
from sampleworld.render import FAMILY_LOOKS, TRAINING_FAMILIES, look_family
from sampleworld.world import artwork_seed

SMALL = {"width": 160, "height": 120}


# --- renderer ---------------------------------------------------------------------------------

RENDER_IN_ANOTHER_PROCESS = ("import sys, numpy as np; from sampleworld import render_artwork; "
                             "sys.stdout.buffer.write(np.asarray(render_artwork('oilpaint', 'happy', 7, "
                             "width=160, height=120)).tobytes())")


def test_a_seed_renders_the_same_image_in_any_process_and_another_seed_does_not():
    """A world rebuilt elsewhere (another process, another hash seed, other renders before)
    must be the same world."""
    render_artwork("comic", "scary", 3, **SMALL)  # state a careless renderer would carry over
    here = np.asarray(render_artwork("oilpaint", "happy", 7, **SMALL))
    done = subprocess.run([sys.executable, "-c", RENDER_IN_ANOTHER_PROCESS], capture_output=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": "12345"}, timeout=120)
    assert np.array_equal(np.frombuffer(done.stdout, np.uint8).reshape(here.shape), here)
    assert not np.array_equal(here, np.asarray(render_artwork("oilpaint", "happy", 8, **SMALL)))


def test_size_is_the_one_asked_for_or_drawn_from_the_style():
    assert render_artwork("comic", "scary", 1, width=300, height=222).size == (300, 222)
    heights = {render_artwork("vectorart", "happy", seed).size[1] for seed in range(8)}
    assert all(DEFAULT.height_range[0] <= h <= DEFAULT.height_range[1] for h in heights)
    assert len(heights) > 1
    assert render_artwork("vectorart", "happy", 0).size[0] == 600


@pytest.mark.parametrize("style", [DEFAULT, SHIFTED], ids=lambda s: s.name)
@pytest.mark.parametrize("medium", MEDIA)
def test_every_medium_renders_every_mood(medium, style):
    for seed, mood in enumerate(MOODS):
        image = render_artwork(medium, mood, seed, style=style, **SMALL)
        assert image.mode == "RGB" and image.size == (160, 120)
        assert np.asarray(image).std() > 2, f"{medium}/{mood} is a flat picture"


@pytest.mark.parametrize("medium", MEDIA)
def test_mood_shows_in_the_light_whatever_the_medium(medium):
    def brightness(mood):
        return np.mean([np.asarray(render_artwork(medium, mood, seed, **SMALL)).mean() for seed in range(4)])

    assert brightness("happy") > brightness("gloomy") > brightness("scary")


def test_unknown_medium_mood_or_look_is_refused():
    with pytest.raises(ValueError, match="unknown medium"):
        render_artwork("fresco", "happy", 0)
    with pytest.raises(ValueError, match="unknown mood"):
        render_artwork("comic", "bored", 0)
    with pytest.raises(ValueError, match="unknown look"):
        render_artwork("comic", "happy", 0, look="washes")


@pytest.mark.parametrize("medium, look", [(m, look) for m in MEDIA for look in LOOKS[m]])
def test_every_look_renders_deterministically_at_the_size_asked(medium, look):
    first = render_artwork(medium, "peaceful", 3, width=200, height=150, look=look)
    assert first.mode == "RGB" and first.size == (200, 150)
    pixels = np.asarray(first)
    assert np.array_equal(pixels, np.asarray(render_artwork(medium, "peaceful", 3, width=200, height=150, look=look)))
    assert pixels.std() > 2, f"{medium}/{look} is a flat picture"


def test_looks_of_one_medium_differ_on_the_same_scene():
    for medium in MEDIA:
        pictures = [np.asarray(render_artwork(medium, "happy", 4, **SMALL, look=look), dtype=float)
                    for look in LOOKS[medium]]
        for a in range(len(pictures)):
            for b in range(a):
                assert np.abs(pictures[a] - pictures[b]).mean() > 3, f"{medium} looks {a} and {b} are alike"


@pytest.mark.parametrize("size", [(64, 48), (160, 120), (600, 420)])
def test_comic_pages_of_atelier_and_outsider_keep_a_panel_at_any_size(size):
    """Their layouts cut pages into panels: no cut may leave a panel of nothing (it crashed builds)."""
    width, height = size
    for seed in range(12):
        for style in ATELIER_STYLES["comic"]:
            assert render_atelier("comic", MOODS[seed % 4], seed, width, height, style=style).size == size
        for style in OUTSIDER_STYLES["comic"]:
            assert render_outsider("comic", MOODS[seed % 4], seed, width, height, style=style).size == size


def test_the_training_world_draws_every_look_of_every_training_family_each_family_as_often():
    for medium in MEDIA:
        families = [FAMILY_LOOKS[name][medium] for name in TRAINING_FAMILIES]
        assert len(families) >= 4 and all(len(looks) >= 3 for looks in families)
        assert sum(map(len, families)) == len(set().union(*families)) == len(LOOKS[medium])  # one family a look
        drawn = [training_look(medium, artwork_seed(0, mid)) for mid in range(800)]
        assert set(drawn) == set(LOOKS[medium])
        shares = pd.Series([look_family(medium, look) for look in drawn]).value_counts(normalize=True)
        assert set(shares.index) == set(TRAINING_FAMILIES)
        assert shares.between(0.6 / len(TRAINING_FAMILIES), 1.4 / len(TRAINING_FAMILIES)).all(), shares
        assert all(training_look(medium, seed, ("atelier",)) in ATELIER_STYLES[medium] for seed in range(20))


# --- outsider renderer family -----------------------------------------------------------------

TRAINING_RENDERER_MODULES = ("sampleworld.media", "sampleworld.scene", "sampleworld.subjects", "sampleworld.palette",
                             "sampleworld.raster", "sampleworld.style", "sampleworld.render")
ALLOWED_FROM_SAMPLEWORLD = ("sampleworld.outsider", "sampleworld.vocabulary")
OUTSIDER_DIR = os.path.join(os.path.dirname(sampleworld.__file__), "outsider")


def outsider_imports() -> dict[str, set[str]]:
    """Module file name -> every module it imports (relative imports as '.' + name)."""
    import ast

    found = {}
    for name in sorted(os.listdir(OUTSIDER_DIR)):
        if name.endswith(".py"):
            with open(os.path.join(OUTSIDER_DIR, name)) as source:
                tree = ast.parse(source.read())
            nodes = list(ast.walk(tree))
            plain = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
            found[name] = plain | {"." * node.level + (node.module or "") for node in nodes
                                   if isinstance(node, ast.ImportFrom)}
    return found


def test_the_outsider_family_shares_no_code_with_the_training_renderer():
    imports = outsider_imports()
    assert {"__init__.py", "composition.py", "palettes.py"} <= set(imports)
    assert {f"{m}.py" for m in ("comic", "graphics3d", "graphite", "oilpaint", "pen_ink", "vectorart",
                                "watercolor")} <= set(imports)
    for name, modules in imports.items():
        ours = {m for m in modules if m.startswith("sampleworld") or m.startswith(".")}
        assert all(m.startswith(ALLOWED_FROM_SAMPLEWORLD) for m in ours), (name, ours)
        assert not any(m.startswith(TRAINING_RENDERER_MODULES) for m in modules), (name, modules)


def test_outsider_styles_each_render_the_same_pixels_from_the_same_seed():
    assert set(OUTSIDER_STYLES) == set(MEDIA)
    for medium, styles in OUTSIDER_STYLES.items():
        assert 2 <= len(styles) <= 3 and all(styles.values())
        for k, style in enumerate(styles):
            mood = MOODS[k % len(MOODS)]
            def pixels(seed):
                return np.asarray(render_outsider(medium, mood, seed, width=240, height=180, style=style))

            image = pixels(5)
            assert image.shape == (180, 240, 3)
            assert np.array_equal(image, pixels(5)) and not np.array_equal(image, pixels(6))


def test_outsider_size_defaults_to_600_wide_and_a_drawn_height_and_bad_names_are_refused():
    heights = {render_outsider("vectorart", "happy", seed).size for seed in range(6)}
    assert all(w == 600 and 400 <= h <= 900 for w, h in heights) and len(heights) > 1
    for bad in (("fresco", "happy", None), ("comic", "angry", None), ("comic", "happy", "pop_art")):
        with pytest.raises(ValueError):
            render_outsider(bad[0], bad[1], 1, style=bad[2])


def outsider_pixels(medium: str, styles=None, moods=MOODS, seeds=(1, 2)) -> list[np.ndarray]:
    return [np.asarray(render_outsider(medium, mood, seed, width=400, height=400, style=style), dtype=np.int16)
            for style in (styles or OUTSIDER_STYLES[medium]) for mood in moods for seed in seeds]


def test_pencil_and_black_ink_are_colourless_and_ink_lays_no_grey_wash():
    for image in outsider_pixels("graphite") + outsider_pixels("pen_ink", ("crosshatch", "stipple")):
        assert (image.max(-1) - image.min(-1)).max() <= 12
    for image in outsider_pixels("pen_ink"):
        grey = image.mean(-1)
        assert ((grey > 70) & (grey < 200)).mean() < 0.1  # ink or paper, hardly anything between


def test_watercolour_leaves_white_paper_and_oil_covers_the_canvas():
    for image in outsider_pixels("watercolor"):
        assert (image.min(-1) > 235).mean() > 0.02
    for image in outsider_pixels("oilpaint"):
        assert (image.min(-1) > 250).mean() < 0.02


def few_colours_share(image: np.ndarray, count: int = 12) -> float:
    """How much of the picture its `count` commonest colours cover."""
    _, counts = np.unique(image.reshape(-1, 3), axis=0, return_counts=True)
    return float(np.sort(counts)[::-1][:count].sum() / counts.sum())


def textured_share(image: np.ndarray) -> float:
    """Share of pixels that differ by more than 8 levels from their right-hand neighbour."""
    return float((np.abs(np.diff(image, axis=1)).max(-1) > 8).mean())


def test_vector_art_is_few_flat_colours_and_oil_and_watercolour_are_not():
    for image in outsider_pixels("vectorart", ("spot", "infographic")):
        assert few_colours_share(image) > 0.85
    for image in outsider_pixels("oilpaint") + outsider_pixels("watercolor", ("wash", "wet_in_wet")):
        assert few_colours_share(image) < 0.5
    for image in outsider_pixels("vectorart") + outsider_pixels("3d_graphics"):
        assert textured_share(image) < 0.07  # no texture: smooth fills and shading, sharp edges only
    for image in outsider_pixels("oilpaint"):
        assert textured_share(image) > 0.1


def test_comics_are_inked_in_black_and_moods_read_from_light():
    for image in outsider_pixels("comic"):
        assert (image.max(-1) < 45).mean() > 0.01
    for medium in ("3d_graphics", "oilpaint", "vectorart", "watercolor", "comic"):
        happy, scary = (np.mean([image.mean() for image in outsider_pixels(medium, moods=(mood,))])
                        for mood in ("happy", "scary"))
        assert happy > scary + 20, medium
