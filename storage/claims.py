"""Work claiming: how crawler processes share the pending images of one database.

A crawler claims a batch of pending rows in one statement (`FOR UPDATE SKIP LOCKED`
on PostgreSQL, where several processes or hosts claim at once; SQLite serialises
writers by itself) and holds them for a lease, which it renews while it works. Only the
claimant may record a row's fate, so a crawler whose lease ran out cannot overwrite the
work of the one that took the row over. Leases are measured by the database's clock,
never a host's. Rows of a crawler that died come back when its lease ends, or at once
when a crawler on the same host proves it dead (its host and pid are in `claimed_by`).
The database is the crawl's only state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import DateTime

from storage.errors import UserError
from storage.models import Image, Status
from storage.processes import Worker

DEFAULT_LEASE_SECONDS = 180  # renewed every third of it while the claims are in flight
DEFAULT_BATCH_SIZE = 256
OUTCOME_COLUMNS = ("status", "http_status", "error", "final_url", "path", "width", "height",
                   "stored_width", "stored_height", "bytes", "sha1")


class database_time(FunctionElement):  # noqa: N801 - reads as the SQL function it compiles to
    """The database's clock plus `seconds`, in the form `lease_until` holds on each engine."""

    type = DateTime(timezone=True)
    name = "database_time"
    inherit_cache = True


@compiles(database_time)
def _database_time(element, compiler, **kw) -> str:
    return f"(CURRENT_TIMESTAMP + make_interval(secs => {compiler.process(element.clauses, **kw)}))"


@compiles(database_time, "sqlite")
def _database_time_sqlite(element, compiler, **kw) -> str:
    # SQLAlchemy keeps SQLite datetimes as naive UTC text with six decimals; so do we
    seconds = compiler.process(element.clauses, **kw)
    return f"(strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%+.3f seconds', {seconds})) || '000')"


def now_and_later(seconds: float = 0.0) -> database_time:
    return database_time(bindparam(None, float(seconds)))


@dataclass(frozen=True)
class Claim:
    id: int
    source: str
    source_id: str
    url: str


@dataclass(frozen=True)
class Holding:
    """The live claims of one other crawler, for a message that says what is known."""

    worker: Worker
    images: int
    lease_end: datetime  # UTC
    seconds_left: float

    def __str__(self) -> str:
        return (f"{self.images:,} images held by {self.worker} until {self.lease_end:%H:%M:%S} UTC "
                f"({max(self.seconds_left, 0):.0f} s)")


class WorkQueue:
    """Claim, renew, record and release the images of one source for one worker."""

    def __init__(self, engine: Engine, source: str, *, worker: str | None = None,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS) -> None:
        self.engine = engine
        self.source = source
        self.worker = worker or Worker.new().name
        self.lease_seconds = lease_seconds

    def claim(self, limit: int) -> list[Claim]:
        """Claim up to `limit` pending rows, then rows whose lease has run out."""
        claimed: list[Claim] = []
        with self.engine.begin() as connection:
            for claimable in (Image.status == Status.PENDING,
                              and_(Image.status == Status.CLAIMED, Image.lease_until < now_and_later())):
                wanted = limit - len(claimed)
                if wanted <= 0:
                    break
                ids = (select(Image.id).where(Image.source == self.source, claimable)
                       .order_by(Image.id).limit(wanted).with_for_update(skip_locked=True))
                rows = connection.execute(
                    update(Image).where(Image.id.in_(ids.scalar_subquery()))
                    .values(status=Status.CLAIMED, claimed_by=self.worker,
                            lease_until=now_and_later(self.lease_seconds), updated_at=func.current_timestamp())
                    .returning(Image.id, Image.source, Image.source_id, Image.url)
                ).all()
                claimed += [Claim(*row) for row in rows]
        return sorted(claimed, key=lambda claim: claim.id)

    def renew(self) -> int:
        """Extend the lease of every row this worker still holds (a batch in flight)."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Image).where(Image.claimed_by == self.worker, Image.status == Status.CLAIMED)
                .values(lease_until=now_and_later(self.lease_seconds))
            ).rowcount

    def record(self, outcomes: Sequence[dict]) -> int:
        """Write fates in one transaction; return how many were written. Each dict has `id`,
        `attempts` (made in this crawl) and any of `OUTCOME_COLUMNS`. Only rows this worker
        still holds are written: one whose lease ran out and that another crawler took
        over is left to its new owner."""
        if not outcomes:
            return 0
        values = {column: bindparam(f"new_{column}") for column in OUTCOME_COLUMNS}
        statement = (
            update(Image)
            .where(Image.id == bindparam("row_id"),  # executemany: no IN
                   Image.status == Status.CLAIMED, Image.claimed_by == self.worker)
            .values(**values, attempts=Image.attempts + bindparam("new_attempts"),
                    claimed_by=None, fetched_by=self.worker, lease_until=None, updated_at=func.current_timestamp())
        )
        parameters = [
            {"row_id": outcome["id"], "new_attempts": outcome.get("attempts", 1),
             **{f"new_{column}": outcome.get(column) for column in OUTCOME_COLUMNS}}
            for outcome in outcomes
        ]
        with self.engine.begin() as connection:
            return connection.execute(statement.execution_options(synchronize_session=False), parameters).rowcount

    def release(self) -> int:
        """Give this worker's unfinished claims back to the pool (on a clean stop)."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Image).where(Image.claimed_by == self.worker, Image.status == Status.CLAIMED)
                .values(status=Status.PENDING, claimed_by=None, lease_until=None)
            ).rowcount

    def reclaim_from_dead(self) -> list[Worker]:
        """Put back the claims of crawlers on this host that no longer run; return them."""
        dead = [holding.worker for holding in self.others() if holding.worker.proven_dead()]
        if dead:
            _release(self.engine, self.source, Image.claimed_by.in_([worker.name for worker in dead]))
        return dead

    def others(self) -> list[Holding]:
        """The live claims of other crawlers on this source, by crawler."""
        return [holding for holding in holdings(self.engine, self.source) if holding.worker.name != self.worker]

    def retry_failed(self) -> int:
        """Put failed rows back in the queue (`-a retry_failed=1`)."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Image).where(Image.source == self.source, Image.status == Status.FAILED)
                .values(status=Status.PENDING, error=None)
            ).rowcount


def holdings(engine: Engine, source: str | None = None) -> list[Holding]:
    """Who holds claims (on `source`, or any), how many, and until when by the database's clock."""
    query = (select(Image.claimed_by, func.count(), func.max(Image.lease_until), now_and_later())
             .where(Image.status == Status.CLAIMED).group_by(Image.claimed_by).order_by(Image.claimed_by))
    if source is not None:
        query = query.where(Image.source == source)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    held = []
    for name, images, lease_end, now in rows:
        lease_end, now = _utc(lease_end), _utc(now)
        held.append(Holding(Worker.parse(name or ""), images, lease_end, (lease_end - now).total_seconds()))
    return held


def release_claims(engine: Engine, *, source: str | None = None, stale_only: bool = False,
                   force: bool = False) -> int:
    """Put claimed rows back to pending: only the stale ones (leases that ran out, claimants
    this machine proves dead), or all of them, which is refused (`UserError`) while a lease is
    live unless `force`: a crawler that still runs would have its images fetched twice."""
    held = holdings(engine, source)
    if not stale_only:
        live = [holding for holding in held if holding.seconds_left > 0 and not holding.worker.proven_dead()]
        if live and not force:
            raise UserError(f"a crawler may still be running: {live[0]}"
                            f"{f' (and {len(live) - 1} more)' if len(live) > 1 else ''}; stop it, or release only "
                            "stale claims with --stale, or all with --force once you know it is gone")
        return _release(engine, source)
    dead = [holding.worker.name for holding in held if holding.worker.proven_dead()]
    return _release(engine, source, or_(Image.lease_until < now_and_later(), Image.claimed_by.in_(dead)))


def _release(engine: Engine, source: str | None, *which) -> int:
    conditions = [Image.status == Status.CLAIMED, *which]
    if source is not None:
        conditions.append(Image.source == source)
    with engine.begin() as connection:
        return connection.execute(
            update(Image).where(*conditions).values(status=Status.PENDING, claimed_by=None, lease_until=None)
        ).rowcount


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; ours are always UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
