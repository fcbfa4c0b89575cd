"""The first training family: one renderer per medium, each drawing the medium in several
looks, all from one shared scene (`sampleworld.scene`) and palette (`sampleworld.palette`).

Every module has `render(scene, palette, rng, style, look) -> np.ndarray` (height, width, 3) in
0-255 and `LOOKS` (look name -> what it imitates).
"""

from sampleworld.media import comic, graphics3d, graphite, oilpaint, pen_ink, vectorart, watercolor

MODULES = {
    "3d_graphics": graphics3d,
    "comic": comic,
    "graphite": graphite,
    "oilpaint": oilpaint,
    "pen_ink": pen_ink,
    "vectorart": vectorart,
    "watercolor": watercolor,
}
RENDERERS = {medium: module.render for medium, module in MODULES.items()}
LOOKS = {medium: dict(module.LOOKS) for medium, module in MODULES.items()}
