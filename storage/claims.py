"""Work claiming: how crawler processes share the pending images of one database.

A crawler claims a batch of pending rows in one statement (`FOR UPDATE SKIP LOCKED`
on PostgreSQL, where several processes or hosts claim at once; SQLite serialises
writers by itself) and holds them for a lease. Rows of a crawler killed mid-batch
come back to the pool when their lease ends. The database is the crawl's only state.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, bindparam, func, or_, select, update

from storage.models import Image, Status, utcnow

DEFAULT_LEASE_SECONDS = 600
OUTCOME_COLUMNS = ("status", "http_status", "error", "final_url", "path", "width", "height",
                   "stored_width", "stored_height", "bytes", "sha1")


@dataclass(frozen=True)
class Claim:
    id: int
    source: str
    source_id: str
    url: str


def worker_name() -> str:
    """Unique per process, readable in `claimed_by`: host, pid and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class WorkQueue:
    """Claim, record and release the images of one source for one worker."""

    def __init__(self, engine: Engine, source: str, *, worker: str | None = None,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS) -> None:
        self.engine = engine
        self.source = source
        self.worker = worker or worker_name()
        self.lease = timedelta(seconds=lease_seconds)

    def claim(self, limit: int) -> list[Claim]:
        """Claim up to `limit` pending rows, then rows whose lease has run out."""
        now = utcnow()
        claimed: list[Claim] = []
        with self.engine.begin() as connection:
            for claimable in (Image.status == Status.PENDING,
                              and_(Image.status == Status.CLAIMED, Image.lease_until < now)):
                wanted = limit - len(claimed)
                if wanted <= 0:
                    break
                ids = (select(Image.id).where(Image.source == self.source, claimable)
                       .order_by(Image.id).limit(wanted).with_for_update(skip_locked=True))
                rows = connection.execute(
                    update(Image).where(Image.id.in_(ids.scalar_subquery()))
                    .values(status=Status.CLAIMED, claimed_by=self.worker, lease_until=now + self.lease,
                            updated_at=now)
                    .returning(Image.id, Image.source, Image.source_id, Image.url)
                ).all()
                claimed += [Claim(*row) for row in rows]
        return sorted(claimed, key=lambda claim: claim.id)

    def record(self, outcomes: Sequence[dict]) -> None:
        """Write fates in one transaction. Each dict has `id`, `attempts` (made in this
        crawl) and any of `OUTCOME_COLUMNS`. A row another worker has finished meanwhile
        is left as it is."""
        if not outcomes:
            return
        values = {column: bindparam(f"new_{column}") for column in OUTCOME_COLUMNS}
        statement = (
            update(Image)
            .where(Image.id == bindparam("row_id"),
                   or_(Image.status == Status.PENDING, Image.status == Status.CLAIMED))  # executemany: no IN
            .values(**values, attempts=Image.attempts + bindparam("new_attempts"),
                    claimed_by=None, lease_until=None, updated_at=func.current_timestamp())
        )
        parameters = [
            {"row_id": outcome["id"], "new_attempts": outcome.get("attempts", 1),
             **{f"new_{column}": outcome.get(column) for column in OUTCOME_COLUMNS}}
            for outcome in outcomes
        ]
        with self.engine.begin() as connection:
            connection.execute(statement.execution_options(synchronize_session=False), parameters)

    def release(self) -> int:
        """Give this worker's unfinished claims back to the pool (on a clean stop)."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Image).where(Image.claimed_by == self.worker, Image.status == Status.CLAIMED)
                .values(status=Status.PENDING, claimed_by=None, lease_until=None)
            ).rowcount

    def others_lease_end(self) -> datetime | None:
        """When the last live claim of another worker runs out, if any is left."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.max(Image.lease_until))
                .where(Image.source == self.source, Image.status == Status.CLAIMED,
                       Image.claimed_by != self.worker)
            ).scalar_one_or_none()

    def retry_failed(self) -> int:
        """Put failed rows back in the queue (`-a retry_failed=1`)."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Image).where(Image.source == self.source, Image.status == Status.FAILED)
                .values(status=Status.PENDING, error=None)
            ).rowcount
