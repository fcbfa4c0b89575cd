"""Turn a scene's parts into pixels: label maps, outline paths and a dome-shaped height map for shading."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from .scene import Scene
from .subjects import Part

WORK_SIDE = 256  # the height map is solved this small and stretched; shading is smooth anyway


def draw_part(draw: ImageDraw.ImageDraw, part: Part, fill, scale: float = 1.0, outline=None, weight: float = 0.0):
    """Draw one part filled with `fill`, optionally ringed by `weight` pixels of `outline` (drawn under the fill)."""
    pts = part.pts * scale
    flat = [tuple(p) for p in pts]
    w = max(1, round(part.width * scale))
    grow = max(1, round(weight)) if outline is not None else 0
    if part.shape == "ellipse":
        box = [min(pts[0][0], pts[1][0]), min(pts[0][1], pts[1][1]), max(pts[0][0], pts[1][0]),
               max(pts[0][1], pts[1][1])]
        if grow:
            draw.ellipse([box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow], fill=outline)
        draw.ellipse(box, fill=fill)
    elif part.shape == "ring":
        box = [min(pts[0][0], pts[1][0]), min(pts[0][1], pts[1][1]), max(pts[0][0], pts[1][0]),
               max(pts[0][1], pts[1][1])]
        if grow:
            draw.ellipse([box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow], outline=outline,
                         width=w + 2 * grow)
        draw.ellipse(box, outline=fill, width=w)
    elif part.shape == "poly":
        if grow:
            draw.polygon(flat, fill=outline)
            draw.line(flat + [flat[0]], fill=outline, width=2 * grow, joint="curve")
        draw.polygon(flat, fill=fill)
    else:
        for width, colour in ((w + 2 * grow, outline), (w, fill)) if grow else ((w, fill),):
            draw.line(flat, fill=colour, width=width, joint="curve")
            r = width / 2
            for x, y in (flat[0], flat[-1]):
                draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def labels(parts: list[Part], width: int, height: int, scale: float = 1.0) -> np.ndarray:
    """0 where no part is, else 1 + the index of the front-most part covering the pixel."""
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for index, part in enumerate(parts[:255]):
        draw_part(draw, part, index + 1, scale)
    return np.asarray(image)


def outline(part: Part, samples: int = 40) -> np.ndarray:
    """A closed path round the part's edge (for wobbly pencil contours and other traced lines)."""
    pts = part.pts
    if part.shape in ("ellipse", "ring"):
        centre, radius = pts.mean(axis=0), np.abs(pts[1] - pts[0]) / 2
        angle = np.linspace(0, 2 * np.pi, samples)
        return centre + np.column_stack([np.cos(angle), np.sin(angle)]) * radius
    if part.shape == "poly":
        return np.vstack([pts, pts[:1]])
    direction = np.gradient(pts, axis=0)
    normal = np.column_stack([-direction[:, 1], direction[:, 0]])
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-6)
    half = part.width / 2
    return np.vstack([pts + normal * half, (pts - normal * half)[::-1], pts[:1] + normal[:1] * half])


class Relief:
    """Dome heights of the subject parts (solved small), and Lambert/Phong shading stretched to full size."""

    def __init__(self, scene: Scene):
        self.size = (scene.width, scene.height)
        self.scale = min(1.0, WORK_SIDE / max(scene.width, scene.height))
        w, h = max(2, round(scene.width * self.scale)), max(2, round(scene.height * self.scale))
        label = labels(scene.parts, w, h, self.scale).astype(np.int32)
        bulge = np.array([0.0] + [part.bulge for part in scene.parts[:255]], np.float32)
        edge = np.zeros_like(label, bool)
        edge[:-1] |= label[:-1] != label[1:]
        edge[1:] |= label[:-1] != label[1:]
        edge[:, :-1] |= label[:, :-1] != label[:, 1:]
        edge[:, 1:] |= label[:, :-1] != label[:, 1:]
        distance = ndimage.distance_transform_edt(~edge).astype(np.float32) + 0.5
        count = len(bulge)
        peak = np.asarray(ndimage.maximum(distance, label, np.arange(count)), np.float32)
        peak = np.maximum(peak, 1.0)
        radius = peak[label]
        dome = np.sqrt(np.clip(radius ** 2 - (radius - distance) ** 2, 0, None)) * bulge[label]
        self.height = ndimage.gaussian_filter(dome, 0.8)
        gy, gx = np.gradient(self.height)
        normal = np.stack([-gx, -gy, np.ones_like(gx)], axis=2)
        self.normal = normal / np.linalg.norm(normal, axis=2, keepdims=True)
        self.label = label

    def _full(self, small: np.ndarray) -> np.ndarray:
        return np.asarray(Image.fromarray(small.astype(np.float32), mode="F").resize(self.size, Image.BILINEAR),
                          dtype=np.float32)

    def lambert(self, light: np.ndarray) -> np.ndarray:
        return self._full(np.clip(self.normal @ light, 0, 1))

    def specular(self, light: np.ndarray, power: float = 30) -> np.ndarray:
        half = light + np.array([0.0, 0.0, 1.0])
        half /= np.linalg.norm(half)
        return self._full(np.clip(self.normal @ half, 0, 1) ** power)

    def rim(self) -> np.ndarray:
        """1 at a dome's silhouette, 0 where it faces the viewer (for rim light and form hatching)."""
        return self._full(1 - self.normal[..., 2])

    def heights(self) -> np.ndarray:
        return self._full(self.height / self.scale)
