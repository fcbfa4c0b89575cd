"""A stored sample world without a crawl, for the benchmarks: the BAM importer reads the
world's metadata, and each pending row's file is taken from the world folder and stored
through `storage.imaging.store_image`, as the crawler stores a download. Light: no TensorFlow."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from sampleworld.world import build_world
from storage.bam_import import ImportOptions, import_bam
from storage.config import Config
from storage.db import open_database
from storage.imaging import store_image
from storage.models import Image, Status

MIN_MARGIN = 1.5  # drops nearly all of the world's ambiguous (often wrong) score labels


def stock_store(config: Config, n_images: int, seed: int = 0, min_margin: float = MIN_MARGIN,
                world_dir: Path | None = None) -> dict:
    """Build a sample world of `n_images` under `world_dir` (default HOME/world; a built one
    is reused), import it and store every importable image as `done`. Returns the import's
    per-class counts."""
    world = build_world(world_dir or config.home / "world", n_images, seed=seed)
    summary = import_bam(world.bam_path, config.db_url, ImportOptions(min_margin=min_margin, seed=seed),
                         progress=False)
    files = dict(zip(world.manifest["src"], world.manifest["path"]))
    engine = open_database(config.db_url)
    with engine.begin() as connection:
        pending = connection.execute(select(Image.id, Image.url).where(Image.status == Status.PENDING)).all()
        for image_id, url in pending:
            relative = f"bam/{image_id % 256:02x}/{image_id}.jpg"
            stored = store_image((world.directory / files[url]).read_bytes(), config.images_dir / relative)
            connection.execute(update(Image).where(Image.id == image_id).values(
                status=Status.DONE, path=relative, width=stored.width, height=stored.height,
                stored_width=stored.stored_width, stored_height=stored.stored_height, bytes=stored.bytes,
                sha1=stored.sha1, attempts=1))
    return summary.per_class
