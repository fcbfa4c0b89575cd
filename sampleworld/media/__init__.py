"""One renderer per medium, each drawing the medium in several looks (independent styles).

Every module has `render(scene, palette, rng, style, look) -> np.ndarray` (height, width, 3) in
0-255, `LOOKS` (look name -> what it imitates) and `HELD_OUT` (looks the training world never
draws: they make the held-out-style set, the honest test of transfer to unseen art).
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
HELD_OUT_LOOKS = {medium: tuple(module.HELD_OUT) for medium, module in MODULES.items()}
TRAINING_LOOKS = {medium: tuple(look for look in module.LOOKS if look not in module.HELD_OUT)
                  for medium, module in MODULES.items()}
