"""Oil paint: opaque directional strokes that cover the canvas, with impasto ridges catching the light."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import noise, paper, raster
from .palettes import Palette, palette
from .scene import compose

STYLES = {
    "foundry_impasto_alla_prima": "alla-prima impasto painting: thick directional brush strokes that follow the "
                                  "forms, ridges lit from above, bright broken colour",
    "foundry_dark_chiaroscuro": "tenebrist studio painting: figures or still life lit by one lamp out of a dark "
                                "brown ground, blended strokes and visible canvas weave",
    "foundry_palette_knife": "palette-knife landscape: flat slabs of buttery paint with sharp ridged edges",
}
WORK_SIDE = 200


def _target(rng, scene, pal: Palette, dark: bool) -> tuple[np.ndarray, np.ndarray]:
    """The picture the painter is after, small: colours with light and shade, and the stroke angle field."""
    k = min(1.0, WORK_SIDE / max(scene.width, scene.height))
    sw, sh = max(2, round(scene.width * k)), max(2, round(scene.height * k))
    relief = raster.Relief(scene)
    light = np.asarray(Image.fromarray(relief.lambert(scene.light), mode="F").resize((sw, sh), Image.BILINEAR))
    label = raster.labels(scene.parts, sw, sh, k).astype(np.int32)
    table = np.array([[0, 0, 0]] + [pal.role(part.role) for part in scene.parts[:255]], np.float32)
    y = np.arange(sh, dtype=np.float32)[:, None, None] / sh
    horizon = (scene.horizon or scene.height) / scene.height
    if dark:
        ground = np.array([40, 28, 20], np.float32) * (1.1 - y)
        back = np.broadcast_to(ground, (sh, sw, 3))
        shade = light ** 1.6
    else:
        sky = pal.sky_top * (1 - y / max(horizon, 0.1)) + pal.sky_bottom * (y / max(horizon, 0.1))
        back = np.where(y < horizon, sky, pal.ground * (0.8 + 0.3 * (y - horizon)))
        shade = pal.shadow + (1 - pal.shadow) * light
    colour = np.where((label > 0)[..., None], table[label] * shade[..., None], back) * pal.key
    heights = np.asarray(Image.fromarray(relief.heights(), mode="F").resize((sw, sh), Image.BILINEAR))
    gy, gx = np.gradient(noise.blur(heights, 1.5))
    sway = 0.3 * (noise.field(rng, sh, sw, 20) - 0.5)
    angle = np.where((label > 0) & (np.hypot(gx, gy) > 0.05), np.arctan2(gy, gx) + np.pi / 2, sway)
    return colour.astype(np.float32), angle


def render(style: str, mood: str, rng: np.random.Generator, width: int, height: int) -> Image.Image:
    pal = palette(mood, rng)
    dark = style == "foundry_dark_chiaroscuro"
    if dark:
        scene = compose(rng, width, height, kinds=("still_life", "person", "animal", "bird"), framing="close",
                        ground=("table", "none")[int(rng.integers(2))])
    elif style == "foundry_palette_knife":
        scene = compose(rng, width, height, kinds=("tree", "building", "tree"), framing="wide", ground="hills")
    else:
        scene = compose(rng, width, height)
    colour, angle = _target(rng, scene, pal, dark)
    sh, sw = angle.shape
    under = Image.fromarray(np.clip(noise.blur_rgb(colour, 2.0), 0, 255).astype(np.uint8)).resize((width, height))
    canvas = under.copy()
    ridge = Image.new("L", (width, height), 128)
    paint, relief = ImageDraw.Draw(canvas), ImageDraw.Draw(ridge)
    side = min(width, height)
    size = side * {"foundry_impasto_alla_prima": 0.035, "foundry_dark_chiaroscuro": 0.025,
                   "foundry_palette_knife": 0.06}[style]
    step = max(3.0, size * (0.9 if style != "foundry_palette_knife" else 1.1))
    ys, xs = np.mgrid[0:height:step, 0:width:step]
    xs = (xs + rng.uniform(0, step, xs.shape)).ravel()
    ys = (ys + rng.uniform(0, step, ys.shape)).ravel()
    order = rng.permutation(xs.size)
    xs, ys = xs[order], ys[order]
    ix = np.clip((xs * sw / width).astype(int), 0, sw - 1)
    iy = np.clip((ys * sh / height).astype(int), 0, sh - 1)
    theta = angle[iy, ix] + rng.normal(0, 0.25, xs.size)
    tint = colour[iy, ix] * rng.uniform(0.9, 1.1, (xs.size, 1)) + rng.normal(0, 8, (xs.size, 3))
    tints = np.clip(tint, 0, 255).astype(int).tolist()
    length = size * rng.uniform(1.2, 2.6, xs.size)
    dx, dy = np.cos(theta) * length / 2, np.sin(theta) * length / 2
    lift = rng.integers(60, 200, xs.size).tolist()
    knife = style == "foundry_palette_knife"
    brush = max(2, round(size * 0.55))
    for i in range(xs.size):
        x, y, ex, ey = xs[i], ys[i], dx[i], dy[i]
        if knife:
            nx, ny = -ey * 0.6, ex * 0.6
            slab = [(x - ex - nx, y - ey - ny), (x + ex - nx, y + ey - ny), (x + ex + nx, y + ey + ny),
                    (x - ex + nx, y - ey + ny)]
            paint.polygon(slab, fill=tuple(tints[i]))
            relief.polygon(slab, fill=lift[i])
            relief.line(slab[2:], fill=255, width=2)  # the knife leaves a raised lip on its trailing edge
        else:
            segment = [(x - ex, y - ey), (x + ex, y + ey)]
            paint.line(segment, fill=tuple(tints[i]), width=brush)
            relief.line(segment, fill=lift[i], width=brush)
    height_map = np.asarray(ridge, dtype=np.float32)
    streak = noise.field(rng, height, width, 1.5)
    height_map = noise.blur(height_map + 40 * streak, 1.0)
    gy, gx = np.gradient(height_map)
    lx, ly = -0.6, -0.8
    emboss = np.clip((gx * lx + gy * ly) * (0.02 if knife else 0.03), -0.35, 0.35)[..., None]
    image = np.asarray(canvas, dtype=np.float32)
    weave = paper.weave(height, width, max(2, round(side / 150)))[..., None]
    image = image * (1 + emboss + 0.035 * weave) + 40 * np.clip(emboss - 0.15, 0, None)
    return Image.fromarray(np.clip(image, 8, 242).astype(np.uint8))
