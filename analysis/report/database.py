"""What the report reads from the status database: the crawl's failure reasons, the bytes
it stored, and a few public artworks with their predictions. Read only; strings come back
raw (the template escapes them)."""

from __future__ import annotations

from sqlalchemy import Engine, and_, func, select

from storage.models import Artwork, Image, Prediction, Status

EXAMPLE_ARTWORKS = 12
PROBLEMS = (Status.MISSING.value, Status.FAILED.value, Status.INVALID.value)


def failure_reasons(engine: Engine) -> dict[str, list[dict]]:
    """`{source: [{"status", "reason", "count"}, ...]}`: every reason of missing, failed and
    invalid images, most frequent first (the page shows the first few and counts the rest)."""
    query = (select(Image.source, Image.status, Image.error, func.count().label("n"))
             .where(Image.status.in_(PROBLEMS))
             .group_by(Image.source, Image.status, Image.error)
             .order_by(Image.source, func.count().desc(), Image.status))
    reasons: dict[str, list[dict]] = {}
    with engine.connect() as connection:
        for source, status, error, n in connection.execute(query):
            reasons.setdefault(source, []).append({"status": status, "reason": error or "(no reason recorded)",
                                                   "count": n})
    return reasons


def bytes_stored(engine: Engine) -> dict[str, int]:
    """`{source: bytes of its stored files}`."""
    query = (select(Image.source, func.coalesce(func.sum(Image.bytes), 0))
             .where(Image.status == Status.DONE).group_by(Image.source))
    with engine.connect() as connection:
        return {source: int(total) for source, total in connection.execute(query)}


def example_artworks(engine: Engine, run_id: str | None, limit: int = EXAMPLE_ARTWORKS) -> list[dict]:
    """The first public artworks with their stored picture and the run's prediction, if any."""
    query = (select(Artwork.source, Artwork.title, Artwork.artist, Artwork.medium_text, Artwork.year,
                    Artwork.neighbourhood, Image.status, Image.path, Prediction.medium, Prediction.medium_probability)
             .outerjoin(Image, Artwork.image_id == Image.id)
             .outerjoin(Prediction, and_(Prediction.image_id == Image.id, Prediction.run_id == run_id))
             .order_by(Artwork.id).limit(limit))
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def artwork_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Artwork)).scalar_one()
