"""Oil paint: opaque strokes that cover the whole canvas, with raised, lit paint.

A painting starts from a toned ground, is blocked in with big strokes and refined with
smaller ones where the forms change; strokes follow the forms (or lie flat in skies and
grounds), carry slightly varied, mixed colour, and stand up from the canvas so the light
catches their ridges. The knife style trades brush grooves for flat slabs with hard lips.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from . import scene, subjects
from .brush import Canvas, orientation, sample_strokes
from .canvas import blur, col, luminance, noise, smoothstep, soften, to_image, unit
from .palettes import hsv, palette

_GROUNDS = ((0.55, 0.33, 0.2), (0.45, 0.42, 0.38), (0.62, 0.52, 0.38), (0.3, 0.27, 0.25))


def _reference(rng, mood, w, h, kinds, dark_ground=False):
    """The subject painted smoothly: the colours the strokes are mixed from.

    dark_ground repaints walls and skies near black and lights the subject hard and low.
    """
    pal = palette(mood, rng)
    if dark_ground:
        pal.colours.update(wall=hsv(rng.uniform(15, 40), 0.5, 0.12), wall2=hsv(20, 0.4, 0.05),
                           table=hsv(25, 0.5, 0.2), sky=hsv(30, 0.4, 0.1),
                           sky_low=hsv(30, 0.4, 0.16))
        pal.ambient, pal.key = 0.15, 1.1
    kind = kinds[int(rng.integers(len(kinds)))]
    parts = subjects.build(kind, rng, (0, 0, w, h), mood)
    return scene.paint(parts, pal, w, h)


def _paint(rng, w, h, ref, u, layers, fallback, light, relief, bristle, lumpy=None, knife=False,
           ground=None, pitch=2.5, streak=0.1, follow=1.0):
    """Block in over a toned ground, then lay each layer of strokes and light the relief.

    layers are (spacing, length, width, colour jitter, where) in 600-px units; where None
    covers the canvas, a number covers that fraction plus the detailed areas. follow is how
    strongly strokes turn along the forms instead of the fallback directions, which are
    (angle, wander, wander size in px): a base angle plus smooth noise.

    Directions and detail are only read where strokes start, so they are worked out on a
    picture four times smaller.
    """
    ground = col(_GROUNDS[rng.integers(len(_GROUNDS))] if ground is None else ground)
    k = 4 if min(w, h) >= 160 else 1
    lum = np.asarray(Image.fromarray(luminance(ref)).reduce(k))
    angle, wander, size = fallback
    sh, sw = lum.shape
    drift = (angle + wander * noise(rng, sh, sw, size * u / k)).astype(np.float32)
    angles = orientation(lum, 6 * u / k, drift, follow)
    edges = np.hypot(*np.gradient(blur(lum, 2 * u / k))) / k
    detail = smoothstep(0.0, 0.08, blur(edges, 3 * u / k) * 10)
    under = ground + (soften(ref, 6 * u) - ground) * 0.8  # toned ground under a thin block-in
    canvas = Canvas(w, h, under.astype(np.float32))
    for spacing, length, width, jitter, where in layers:
        mask = None if where is None else np.clip(where + detail * (where < 1), 0, 1)
        strokes = sample_strokes(rng, ref, angles, spacing * u, length * u, width * u, jitter,
                                 mask, (0.85, 1.0) if knife else (0.55, 1.0), k)
        canvas.lay(strokes, knife=knife)
    out = canvas.finish(rng, light, relief, bristle, 4 * u, lumpy, pitch * u, streak,
                        wedge=0.8 if knife else 0.0)
    return to_image(out)


def impasto_landscape(rng, mood, w, h):
    """Painted outdoors at one go: visible strokes of every size, all the canvas covered."""
    u = unit(w, h)
    painted = _reference(rng, mood, w, h, ("landscape", "landscape", "street", "flower"))
    ref = painted.rgb
    swirl = rng.random() < 0.35  # a restless, swirling hand
    fallback = (0.0, 0.3 * (4 if swirl else 1), 120)
    layers = [(18, 42, 20, 0.06, None), (11, 24, 11, 0.07, 0.15), (7, 13, 6, 0.08, 0.0)]
    return _paint(rng, w, h, ref, u, layers, fallback, (-0.6, -0.8), 1.0, 1.0, streak=0.3)


def chiaroscuro(rng, mood, w, h):
    """Old-master lighting: a form modelled out of darkness, paint thickest in the lights."""
    u = unit(w, h)
    painted = _reference(rng, mood, w, h, ("portrait", "still_life", "animal", "portrait"),
                              dark_ground=True)
    ref = soften(painted.rgb, 3 * u)
    fallback = (rng.uniform(0, np.pi), 0.5, 150)
    lumpy = 0.35 + 1.2 * smoothstep(0.15, 0.8, luminance(ref))  # thick lights, thin darks
    layers = [(16, 36, 19, 0.04, None), (10, 20, 10, 0.05, 0.1), (6, 11, 5, 0.05, 0.0)]
    return _paint(rng, w, h, ref, u, layers, fallback, (-0.7, -0.7), 0.9, 0.8, lumpy,
                  ground=(0.22, 0.14, 0.09), streak=0.25)


def palette_knife(rng, mood, w, h):
    """Paint spread with a knife: few broad slabs, sharp lips, colours half mixed."""
    u = unit(w, h)
    painted = _reference(rng, mood, w, h, ("landscape", "abstract", "landscape", "flower"))
    ref = soften(painted.rgb, 5 * u)
    sweep = rng.choice([0.0, 0.0, rng.uniform(-0.6, 0.6)])  # knives sweep mostly sideways
    fallback = (sweep, 0.25, 250)
    layers = [(46, 150, 75, 0.025, None), (30, 90, 45, 0.03, 0.12)]
    return _paint(rng, w, h, ref, u, layers, fallback, (-0.5, -0.85), 1.6, 0.1, knife=True,
                  pitch=14, streak=0.6, follow=0.35)


STYLES = {
    "impasto_landscape": ("alla-prima landscape: thick directional brush strokes following the "
                          "forms, bristle grooves, lit impasto ridges", impasto_landscape),
    "chiaroscuro": ("portrait or still life emerging from a dark brown ground: blended modelling, "
                    "thin darks, heavy lit highlights", chiaroscuro),
    "palette_knife": ("palette-knife painting: broad flat slabs of opaque mixed colour with hard "
                      "raised lips and canvas weave in the gaps", palette_knife),
}
