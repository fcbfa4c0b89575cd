"""What `medium status` reports: counts per source and status, per class, and per class the
split of its stored (`done`) images: what training will see, not what was imported.

One grouped query, answered from the index `ix_images_status_counts` (source, medium,
split, status) alone: the database reads the index in grouping order and never the table,
so the answer stays well under a second on the 2.2M-module import, also while a crawl
writes (benchmarks/status.py). The per-status totals are sums of the few grouped rows.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from storage.models import Image, Status


def status_counts(engine: Engine) -> dict[str, dict]:
    """`{source: {status: n for every status, "total": n, "classes": {medium: {status or split: n}}}}`;
    the split counts of a class are of its `done` images only."""
    report: dict[str, dict] = {}
    with engine.connect() as connection:
        groups = connection.execute(
            select(Image.source, Image.medium, Image.split, Image.status, func.count())
            .group_by(Image.source, Image.medium, Image.split, Image.status)
        ).all()
    for source, medium, split, status, n in groups:
        counts = report.setdefault(source, _empty())
        counts[status] += n
        counts["total"] += n
        classes = counts["classes"].setdefault(medium or "unlabelled", {})
        for key in (status, split or "no split") if status == Status.DONE else (status,):
            classes[key] = classes.get(key, 0) + n
    return report


def _empty() -> dict:
    return {**{status.value: 0 for status in Status}, "total": 0, "classes": {}}


def has_images(engine: Engine, source: str) -> bool:
    """Whether any image row of `source` exists (an index seek, not a count)."""
    with engine.connect() as connection:
        return connection.execute(select(Image.id).where(Image.source == source).limit(1)).first() is not None
