"""Public-art records and their pictures in the status database.

An artwork is keyed by (source name, the id its publisher gives it); its picture is an
`images` row of source `public_art`, fetched by the same claiming machinery as BAM's.
Re-crawling upserts both, so nothing is ever duplicated; text is stored as published.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Engine, bindparam, select, update

from storage.models import Artwork, Image
from storage.upsert import upsert

IMAGE_SOURCE = "public_art"
MAX_ID_CHARS = 64  # artworks.source_id and images.source_id are VARCHAR(64)
MAX_NAME_CHARS = 32  # artworks.source is VARCHAR(32)
ARTWORK_COLUMNS = ("title", "artist", "medium_text", "year", "lat", "lon", "neighbourhood", "detail_url", "image_id")


@dataclass(frozen=True)
class ArtworkRecord:
    source_id: str
    title: str | None = None
    artist: str | None = None
    medium_text: str | None = None
    year: int | None = None
    lat: float | None = None
    lon: float | None = None
    neighbourhood: str | None = None
    detail_url: str | None = None
    image_url: str | None = None


def stored_id(publisher_id: str) -> str:
    """The publisher's id where it fits the column, else a stable digest of it."""
    if len(publisher_id) <= MAX_ID_CHARS:
        return publisher_id
    return "sha1:" + hashlib.sha1(publisher_id.encode()).hexdigest()


def file_safe(name: str) -> str:
    """A source name as it may appear in a file or folder name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def image_source_id(name: str, publisher_id: str) -> str:
    """A file-name-safe id, unique across sources and stable across crawls: `<name>-<digest>`."""
    digest = hashlib.sha1(f"{name}\0{publisher_id}".encode()).hexdigest()[:20]
    return f"{file_safe(name)[:MAX_NAME_CHARS]}-{digest}"


def save_artworks(engine: Engine, name: str, records: Sequence[ArtworkRecord]) -> int:
    """Upsert `records` of source `name` and their image rows in one transaction.

    An image row keeps the URL it was first stored with (its picture may already be fetched);
    an artwork row takes every field of its latest record. Returns the number of artworks.
    """
    latest = {stored_id(record.source_id): record for record in records}  # one row per key per statement
    images = {key: {"source": IMAGE_SOURCE, "source_id": image_source_id(name, key), "url": record.image_url}
              for key, record in latest.items() if record.image_url}
    with engine.begin() as connection:
        image_ids = {}
        if images:
            upsert(connection, Image.__table__, list(images.values()))
            by_source_id = dict(connection.execute(
                select(Image.source_id, Image.id).where(Image.source == IMAGE_SOURCE,
                                                        Image.source_id.in_([row["source_id"] for row in images.values()]))
            ).all())
            image_ids = {key: by_source_id[row["source_id"]] for key, row in images.items()}
        rows = []
        for key, record in latest.items():
            fields = asdict(record)
            fields.pop("image_url")
            rows.append({**fields, "source": name, "source_id": key, "image_id": image_ids.get(key)})
        if rows:
            upsert(connection, Artwork.__table__, rows, update=ARTWORK_COLUMNS)
    return len(rows)


def reassign_neighbourhoods(engine: Engine, name: str, assigned: dict[int, str | None]) -> None:
    """Write `{artwork id: neighbourhood}` (from `medium neighbourhoods --areas`) in one transaction."""
    if not assigned:
        return
    statement = (update(Artwork).where(Artwork.source == name, Artwork.id == bindparam("artwork_id"))
                 .values(neighbourhood=bindparam("new_neighbourhood")))
    with engine.begin() as connection:
        connection.execute(statement.execution_options(synchronize_session=False),
                           [{"artwork_id": key, "new_neighbourhood": value} for key, value in assigned.items()])
