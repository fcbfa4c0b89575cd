"""Who crawls now, for `medium status`: each crawler's live claims (how many, since when,
how much lease is left, by the database's clock) and how many images it finished over the
last minutes, per source. Crawlers are named by whatever `claimed_by` holds (see
storage/processes.py), so several hosts show up side by side.

Two small grouped queries: claimed rows (few, through `ix_images_claim`), and rows recorded
in the window (through `ix_images_recent`), so the answer stays fast on a table of millions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, func, select

from storage.claims import now_and_later
from storage.models import Image, Status
from storage.processes import Worker

RECENT_SECONDS = 300  # "the last minutes" of `medium status`


@dataclass(frozen=True)
class CrawlerActivity:
    crawler: str  # as in `claimed_by`
    host: str
    pid: int | None
    claimed: int  # images it holds now
    since: str | None  # when it claimed the oldest of them (UTC, ISO)
    lease_left_s: float | None
    finished: int  # images whose fate it recorded in the window
    per_second: float  # over the window (or since its first image in it, if later)


def crawler_activity(engine: Engine, window_s: float = RECENT_SECONDS) -> dict[str, list[dict]]:
    """`{source: [CrawlerActivity as a dict, …]}` for every crawler that holds claims now or
    finished images in the last `window_s` seconds, by crawler name."""
    claims = (select(Image.source, Image.claimed_by, func.count(), func.min(Image.updated_at),
                     func.max(Image.lease_until), now_and_later())
              .where(Image.status == Status.CLAIMED).group_by(Image.source, Image.claimed_by))
    recent = (select(Image.source, Image.fetched_by, func.count(), func.min(Image.updated_at), now_and_later())
              .where(Image.updated_at >= now_and_later(-window_s), Image.fetched_by.is_not(None),
                     Image.status != Status.CLAIMED)
              .group_by(Image.source, Image.fetched_by))
    with engine.connect() as connection:
        held = {(source, name): (n, _utc(first), (_utc(end) - _utc(now)).total_seconds())
                for source, name, n, first, end, now in connection.execute(claims)}
        done = {(source, name): (n, max((_utc(now) - _utc(first)).total_seconds(), 1.0))
                for source, name, n, first, now in connection.execute(recent)}
    report: dict[str, list[dict]] = {}
    for source, name in sorted(held.keys() | done.keys(), key=lambda key: (key[0], key[1] or "")):
        worker = Worker.parse(name or "")
        claimed, since, left = held.get((source, name), (0, None, None))
        finished, seconds = done.get((source, name), (0, window_s))
        activity = CrawlerActivity(name or "", worker.host, worker.pid, claimed,
                                   since.isoformat(timespec="seconds") if since else None,
                                   round(left, 1) if left is not None else None,
                                   finished, round(finished / min(seconds, window_s), 2))
        report.setdefault(source, []).append(asdict(activity))
    return report


def _utc(moment: datetime | str) -> datetime:
    """SQLite hands back naive datetimes (text, from an aggregate); ours are always UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
