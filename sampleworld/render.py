"""`render_artwork`: one deterministic artwork of a medium and a mood.

The seed alone fixes the composition, so one seed drawn in each medium shows the same scene;
the mood fixes palette and light; the medium fixes only the marks.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.media import RENDERERS
from sampleworld.palette import mood_palette
from sampleworld.raster import radial, to_image
from sampleworld.scene import compose_scene
from sampleworld.style import DEFAULT, Style
from sampleworld.vocabulary import MEDIA, MOODS


def render_artwork(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                   style: Style = DEFAULT) -> Image.Image:
    """An RGB artwork; `height` defaults to one drawn from `style.height_range` by the seed."""
    if medium not in RENDERERS:
        raise ValueError(f"unknown medium {medium!r}; known: {', '.join(MEDIA)}")
    if mood not in MOODS:
        raise ValueError(f"unknown mood {mood!r}; known: {', '.join(MOODS)}")
    scene_rng, palette_rng, marks_rng = (np.random.default_rng([seed, part]) for part in range(3))
    if height is None:
        height = int(scene_rng.integers(*style.height_range, endpoint=True))
    scene = compose_scene(scene_rng, width, height)
    palette = mood_palette(mood, palette_rng, style)
    pixels = RENDERERS[medium](scene, palette, marks_rng, style)
    if palette.vignette:
        pixels = pixels * (1 - palette.vignette * radial(height, width))[..., None]
    return to_image(pixels)
