"""Comics: black ink contours of varying weight over flat colour, with halftone or screen tone
for shading, panel gutters, speech balloons and lettering."""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from sampleworld.palette import Palette
from sampleworld.raster import draw_shape, flat_colours, label_map, luminance, to_image
from sampleworld.scene import Scene
from sampleworld.style import Style

BLACK = (12, 10, 14)
LOOKS = {
    "halftone": "American colour comic: flat colour, printed halftone dot shading, panels and balloons",
    "manga": "black-and-white manga page: grey screen tone, speed lines, white gutters",
    "cel": "modern digital comic: flat colour with hard cel shadows, heavy varied inking, full bleed",
    "pop_art": "pop-art panel: big Ben-Day dots on bold flat colour, thick outlines, shouting balloon",
}


def render(scene: Scene, palette: Palette, rng: np.random.Generator, style: Style, look: str) -> np.ndarray:
    scale = scene.width / 600
    labels = label_map(scene)
    colours = flat_colours(scene, palette, labels)
    spacing = style.halftone_spacing * scale
    if look == "manga":
        grey = luminance(colours)
        tone = _dots(labels.shape, rng, spacing * 0.45, np.clip(1 - grey, 0, 1) * (labels > 0))
        colours = np.where(tone[..., None], 30.0, 252.0) * np.ones(3, np.float32)
    elif look == "cel":
        colours = np.where(_cel_shadow(labels, scene, rng)[..., None], colours * 0.62, colours)
    elif look == "pop_art":
        colours = np.where((labels == 0)[..., None], palette.sky[1], colours)
        colours = np.where(_dots(labels.shape, rng, spacing * 1.8, np.full(labels.shape, 0.5))[..., None],
                           colours * 0.5 + 60, colours)
    else:
        colours = np.where(_dots(labels.shape, rng, spacing, _shade(labels, scene, rng))[..., None],
                           colours * 0.45, colours)
    image = to_image(colours)
    draw = ImageDraw.Draw(image)
    weight = rng.uniform(3, 6) * scale * style.stroke_scale * (1.6 if look == "pop_art" else 1)
    for shape in scene.shapes:
        varied = weight * (rng.uniform(0.5, 1.8) if look in ("cel", "manga") else 1)
        draw_shape(draw, shape, outline=BLACK, width=max(2, round(varied)))
    outline = max(2, round(weight))
    if scene.horizon is not None:
        draw.line([(0, scene.horizon), (scene.width, scene.horizon)], fill=BLACK, width=outline)
    if look == "manga" and rng.random() < 0.6:
        _speed_lines(draw, rng, scene)
    if look == "pop_art" or rng.random() < 0.5:
        _balloon(draw, rng, scene, outline)
    if look in ("halftone", "manga") and rng.random() < 0.8:
        _panels(draw, rng, scene, outline)
    return np.asarray(image, dtype=np.float32)


def _shade(labels: np.ndarray, scene: Scene, rng) -> np.ndarray:
    """Dot coverage growing away from the light, heavier on the figures than on the background."""
    h, w = labels.shape
    y = np.arange(h, dtype=np.float32)[:, None]
    x = np.arange(w, dtype=np.float32)[None, :]
    lx, ly = scene.light
    away = -(x * lx + y * ly) / np.float32(np.hypot(w, h))
    shade = np.clip(away - away.min() - rng.uniform(0.1, 0.5) * (away.max() - away.min()), 0, None)
    return np.clip(shade / max(float(shade.max()), 1e-3), 0, 1) * np.where(labels > 0, 0.9, 0.5)


def _dots(shape: tuple[int, int], rng, spacing: float, coverage: np.ndarray) -> np.ndarray:
    """Printed dots on a 45 degree grid, each as large as the coverage asks."""
    h, w = shape
    y = np.arange(h, dtype=np.float32)[:, None] + np.float32(rng.uniform(0, spacing))
    x = np.arange(w, dtype=np.float32)[None, :]
    pitch = np.float32(max(spacing, 2.0) * np.sqrt(2))
    u, v = (x + y) / pitch, (x - y) / pitch
    distance = np.hypot(u - np.round(u), v - np.round(v))  # to the nearest dot centre, in dot pitches
    return distance < 0.55 * np.sqrt(coverage)


def _cel_shadow(labels: np.ndarray, scene: Scene, rng) -> np.ndarray:
    """Hard-edged shadow on each shape's side away from the light: where the shape, shifted
    towards the light, no longer covers itself."""
    shift = rng.uniform(0.02, 0.05) * scene.width
    dy, dx = (round(-scene.light[1] * shift), round(-scene.light[0] * shift))
    moved = np.roll(labels, (dy, dx), axis=(0, 1))
    return (labels > 0) & (moved != labels)


def _speed_lines(draw: ImageDraw.ImageDraw, rng, scene: Scene) -> None:
    """Thin black rays converging on a focus, drawn from the picture's edge inwards."""
    cx, cy = rng.uniform(0.3, 0.7) * scene.width, rng.uniform(0.3, 0.7) * scene.height
    reach = max(scene.width, scene.height)
    for angle in rng.uniform(0, 2 * np.pi, int(rng.integers(30, 70))):
        inner = reach * rng.uniform(0.3, 0.5)
        draw.line([(cx + reach * np.cos(angle), cy + reach * np.sin(angle)),
                   (cx + inner * np.cos(angle), cy + inner * np.sin(angle))], fill=BLACK, width=1)


def _balloon(draw: ImageDraw.ImageDraw, rng, scene: Scene, outline: int) -> None:
    w, h = scene.width, scene.height
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.1, 0.3) * h
    rx, ry = rng.uniform(0.1, 0.2) * w, rng.uniform(0.05, 0.1) * h
    tail = [(cx - rx * 0.2, cy + ry * 0.8), (cx + rx * 0.2, cy + ry * 0.8), (cx + rx * 0.5, cy + ry * 2.2)]
    draw.polygon(tail, fill="white", outline=BLACK, width=outline)
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill="white", outline=BLACK, width=outline)
    for line in range(int(rng.integers(1, 4))):  # lettering as short black bars
        y = cy - ry * 0.4 + line * ry * 0.35
        draw.line([(cx - rx * 0.6, y), (cx + rx * rng.uniform(0.1, 0.6), y)], fill=BLACK,
                  width=max(2, outline - 1))


def _panels(draw: ImageDraw.ImageDraw, rng, scene: Scene, outline: int) -> None:
    """White gutters with black frames that cut the picture into a grid of comic panels."""
    w, h = scene.width, scene.height
    gutter = max(4, round(w * rng.uniform(0.008, 0.016)))
    rows = _cuts(rng, h, int(rng.integers(1, 4)))
    for top, bottom in zip(rows[:-1], rows[1:]):
        columns = _cuts(rng, w, int(rng.integers(1, 3)))
        for left, right in zip(columns[:-1], columns[1:]):
            draw.rectangle([left, top, right, bottom], outline="white", width=gutter)
            draw.rectangle([left + gutter, top + gutter, right - gutter, bottom - gutter],
                           outline=BLACK, width=outline)


def _cuts(rng, length: float, parts: int) -> np.ndarray:
    """Edges of `parts` bands of roughly equal size along `length`."""
    edges = np.linspace(0, length, parts + 1)
    edges[1:-1] += rng.uniform(-0.15, 0.15, parts - 1) * length / parts
    return edges
