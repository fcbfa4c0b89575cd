"""`render_artwork`: one deterministic artwork of a medium, a mood and a look.

The training world is drawn by six renderer families, each written apart from the others by
its own author, so that a model has to learn what the media share rather than one house
style: `sampleworld.media` (one scene and palette drawn by every medium: one seed drawn in
each medium shows the same scene, the mood fixes palette and light, the look how the medium
makes its marks), and `sampleworld.atelier`, `salon`, `gallery`, `studio` and `foundry`
(each with its own subjects, palettes and marks). `LOOKS` names the looks of all six; a look
belongs to exactly one family. The held-out-style set is drawn by a seventh family
(`sampleworld.outsider`) that training never sees.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld import media
from sampleworld.atelier import ATELIER_STYLES, render_atelier
from sampleworld.foundry import FOUNDRY_STYLES, render_foundry
from sampleworld.gallery import GALLERY_STYLES, render_gallery
from sampleworld.palette import mood_palette
from sampleworld.raster import radial, to_image
from sampleworld.salon import SALON_STYLES, render_salon
from sampleworld.scene import compose_scene
from sampleworld.studio import STUDIO_STYLES, render_studio
from sampleworld.style import DEFAULT, Style
from sampleworld.vocabulary import MEDIA, MOODS

# The families that draw with their own renderer: medium -> {style: what it imitates}, and the renderer.
STYLED_FAMILIES = {"atelier": (ATELIER_STYLES, render_atelier), "salon": (SALON_STYLES, render_salon),
                   "gallery": (GALLERY_STYLES, render_gallery), "studio": (STUDIO_STYLES, render_studio),
                   "foundry": (FOUNDRY_STYLES, render_foundry)}
FAMILY_LOOKS = {"media": media.LOOKS, **{name: styles for name, (styles, _) in STYLED_FAMILIES.items()}}
TRAINING_FAMILIES = tuple(FAMILY_LOOKS)
LOOKS = {medium: {look: text for family in FAMILY_LOOKS.values() for look, text in family[medium].items()}
         for medium in MEDIA}
LOOK_PART = 3  # the seed part that draws the look, beside scene (0), palette (1) and marks (2)
ON_LIGHT_PAPER = ("graphite", "pen_ink")  # drawn on light paper whatever the mood: no vignette darkens it


def render_artwork(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                   style: Style = DEFAULT, look: str | None = None) -> Image.Image:
    """An RGB artwork; `height` defaults to one drawn from `style.height_range` by the seed, and
    `look` to one of the medium's looks drawn by the seed (`training_look`). `style` shifts
    the looks of `sampleworld.media` only."""
    if medium not in media.RENDERERS:
        raise ValueError(f"unknown medium {medium!r}; known: {', '.join(MEDIA)}")
    if mood not in MOODS:
        raise ValueError(f"unknown mood {mood!r}; known: {', '.join(MOODS)}")
    if look is not None and look not in LOOKS[medium]:
        raise ValueError(f"unknown look {look!r} of {medium}; known: {', '.join(LOOKS[medium])}")
    scene_rng, palette_rng, marks_rng = (np.random.default_rng([seed, part]) for part in range(3))
    if height is None:
        height = int(scene_rng.integers(*style.height_range, endpoint=True))
    look = look or training_look(medium, seed)
    for styles, render_styled in STYLED_FAMILIES.values():
        if look in styles[medium]:
            return render_styled(medium, mood, seed, width, height, style=look)
    scene = compose_scene(scene_rng, width, height)
    palette = mood_palette(mood, palette_rng, style)
    pixels = media.RENDERERS[medium](scene, palette, marks_rng, style, look)
    if palette.vignette and medium not in ON_LIGHT_PAPER:
        pixels = pixels * (1 - palette.vignette * radial(height, width))[..., None]
    return to_image(pixels)


def training_look(medium: str, seed: int, families: tuple[str, ...] = TRAINING_FAMILIES) -> str:
    """The look an artwork of the training world is drawn in: the seed draws one of `families`
    (each as often, however many looks it has), then one of that family's looks."""
    rng = np.random.default_rng([seed, LOOK_PART])
    looks = tuple(FAMILY_LOOKS[families[int(rng.integers(len(families)))]][medium])
    return looks[int(rng.integers(len(looks)))]


def look_family(medium: str, look: str) -> str:
    """The family that draws `look` of `medium`."""
    return next(name for name, family in FAMILY_LOOKS.items() if look in family[medium])
