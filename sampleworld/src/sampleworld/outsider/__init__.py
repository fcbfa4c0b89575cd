"""The held-out renderer family, written apart from the six training families
(`sampleworld/media`, `atelier`, `salon`, `gallery`, `studio` and `foundry`),
that draws the held-out-style set.

Looks held out of a training family would share its scene generator, palettes and
mark-making, so a model could pass them by learning our renderer rather than the media. This
family shares no drawing code with either (it imports only `sampleworld.vocabulary`): its own subjects and layouts
(`composition`), its own mood palettes (`palettes`) and its own marks, one module per medium,
each in two or three styles (`OUTSIDER_STYLES`: medium -> style -> what it imitates).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sampleworld.outsider import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor
from sampleworld.outsider.palettes import mood_palette
from sampleworld.vocabulary import MEDIA, MOODS

MODULES = {
    "3d_graphics": graphics3d,
    "comic": comic,
    "graphite": graphite,
    "oilpaint": oilpaint,
    "pen_ink": pen_ink,
    "vectorart": vectorart,
    "watercolor": watercolor,
}
OUTSIDER_STYLES: dict[str, dict[str, str]] = {medium: dict(module.STYLES) for medium, module in MODULES.items()}
HEIGHT_RANGE = (400, 900)


def render_outsider(medium: str, mood: str, seed: int, width: int = 600, height: int | None = None,
                    style: str | None = None) -> Image.Image:
    """An RGB artwork of the outsider family; the seed fixes height, style (when none is given),
    palette and every mark, so the same arguments give the same pixels in any process."""
    if medium not in MODULES:
        raise ValueError(f"unknown medium {medium!r}; known: {', '.join(MEDIA)}")
    if mood not in MOODS:
        raise ValueError(f"unknown mood {mood!r}; known: {', '.join(MOODS)}")
    if style is not None and style not in OUTSIDER_STYLES[medium]:
        raise ValueError(f"unknown style {style!r} of {medium}; known: {', '.join(OUTSIDER_STYLES[medium])}")
    layout_rng, palette_rng, marks_rng = (np.random.default_rng([seed, 97, part]) for part in range(3))
    if height is None:
        height = int(layout_rng.integers(*HEIGHT_RANGE, endpoint=True))
    if style is None:
        style = outsider_style(medium, seed)
    image = MODULES[medium].render(mood_palette(mood, palette_rng), marks_rng, width, height, style)
    return image.convert("RGB")


def outsider_style(medium: str, seed: int) -> str:
    """The style an artwork is drawn in when none is asked for: one of the medium's, by the seed."""
    styles = tuple(OUTSIDER_STYLES[medium])
    return styles[int(np.random.default_rng([seed, 97, 3]).integers(len(styles)))]
