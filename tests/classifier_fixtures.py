"""A tiny image store and status database for the classifier tests, built without a crawl:
small JPEGs written where the crawler would put them and `done` rows inserted directly.

Each medium has its own colour and each mood its own brightness, so even a one-epoch
model has something to learn; each (medium, split) is its own project, as after an import.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from sqlalchemy import insert

from storage.config import Config, resolve
from storage.db import open_database
from storage.labels import EMOTIONS, MEDIA
from storage.models import Image, Status

MEDIUM_COLOURS = {
    "3d_graphics": (200, 60, 60), "comic": (60, 200, 60), "graphite": (60, 60, 200), "oilpaint": (200, 200, 60),
    "pen_ink": (200, 60, 200), "vectorart": (60, 200, 200), "watercolor": (140, 140, 140),
}
EMOTION_BRIGHTNESS = {"gloomy": 0.5, "happy": 1.2, "peaceful": 1.0, "scary": 0.3}
SPLIT_SIZES = {"train": 4, "val": 2, "test": 2}
STORED_SIZE = (48, 40)  # width, height: not square, so resizing is exercised
_SOURCE_IDS = itertools.count()


@dataclass(frozen=True)
class FixtureImage:
    pixels: np.ndarray | bytes  # an RGB array, or raw bytes for a broken file
    medium: str | None
    emotion: str | None
    split: str | None
    project_id: int
    source: str = "bam"


def solid(rgb: tuple[int, int, int], size: tuple[int, int] = STORED_SIZE) -> np.ndarray:
    return np.broadcast_to(np.array(rgb, dtype=np.uint8), (size[1], size[0], 3)).copy()


def class_images(split_sizes: dict[str, int] = SPLIT_SIZES, seed: int = 0) -> list[FixtureImage]:
    """Every medium in every split; moods cycle, and every third image has none."""
    rng = np.random.default_rng(seed)
    moods = [*EMOTIONS, None, *EMOTIONS, None]
    images = []
    for medium_index, medium in enumerate(MEDIA):
        for split_index, (split, n) in enumerate(split_sizes.items()):
            for i in range(n):
                emotion = moods[(i + medium_index) % len(moods)]
                brightness = EMOTION_BRIGHTNESS.get(emotion, 0.8)
                base = np.array(MEDIUM_COLOURS[medium]) * brightness
                noise = rng.normal(0, 12, (STORED_SIZE[1], STORED_SIZE[0], 3))
                pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
                images.append(FixtureImage(pixels, medium, emotion, split, 100 * medium_index + split_index))
    return images


def add_images(config: Config, images: list[FixtureImage]) -> list[int]:
    """Write the files and insert `done` rows; return the new row ids."""
    engine = open_database(config.db_url)
    ids = []
    with engine.begin() as connection:
        for image in images:
            source_id = f"fixture-{next(_SOURCE_IDS):05d}"
            relative = Path(image.source) / source_id[-2:] / f"{source_id}.jpg"
            target = config.images_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(image.pixels if isinstance(image.pixels, bytes) else jpeg_bytes(image.pixels))
            row = dict(source=image.source, source_id=source_id, project_id=image.project_id,
                       url=f"https://example.invalid/{source_id}.jpg", medium=image.medium, emotion=image.emotion,
                       split=image.split, status=Status.DONE.value, path=str(relative), attempts=1)
            ids.append(connection.execute(insert(Image).values(**row)).inserted_primary_key[0])
    return ids


def jpeg_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    PILImage.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def make_store(home: Path, split_sizes: dict[str, int] = SPLIT_SIZES, seed: int = 0) -> Config:
    config = resolve(home=home)
    add_images(config, class_images(split_sizes, seed))
    return config
