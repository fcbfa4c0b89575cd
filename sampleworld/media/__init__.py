"""One renderer per medium: each turns a `Scene` and a `Palette` into an RGB float array.

Every module has `render(scene, palette, rng, style) -> np.ndarray` (height, width, 3) in 0-255.
"""

from sampleworld.media import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor

RENDERERS = {
    "3d_graphics": graphics3d.render,
    "comic": comic.render,
    "graphite": graphite.render,
    "oilpaint": oilpaint.render,
    "pen_ink": pen_ink.render,
    "vectorart": vectorart.render,
    "watercolor": watercolor.render,
}
