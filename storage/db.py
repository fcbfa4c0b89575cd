"""Open the status database: make the engine, tune SQLite, apply pending migrations.

A user's days-long crawl state must survive an upgrade of this package, so the
schema only ever changes through Alembic migrations, applied here on open.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import UserError
from storage.models import VERSION_TABLE

log = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-open chatter is not news

SQLITE_BUSY_TIMEOUT_S = 60
_PG_MIGRATION_LOCK = 0x6D656469  # any constant shared by every process of this package


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Engine:
    """An engine on `url` whose schema is up to date; a `UserError` for a URL that is not
    one, a missing driver, an unreachable server, or (with `create=False`) no database yet."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(f"{url!r} is not a database URL (try sqlite:///PATH or postgresql+psycopg://USER@HOST/DB)") from None
    if parsed.get_backend_name() == "sqlite":
        if not create and parsed.database not in (None, "", ":memory:") and not Path(parsed.database).is_file():
            raise UserError(f"there is no status database at {parsed.database} yet")
        engine = _sqlite_engine(url, parsed.database)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as error:
            raise UserError(f"cannot use the database URL {parsed.render_as_string()}: {error}") from None
    try:
        if migrate:
            upgrade(engine)
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise UserError(f"cannot open the status database at {parsed.render_as_string()}: {reason}") from None
    return engine


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _tune(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the crawler's writes
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def upgrade(engine: Engine) -> None:
    """Apply pending migrations; cheap when there are none."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision() == head:
            return
    from alembic import command

    with _migration_lock(engine), engine.begin() as connection:
        log.info("bringing the status database at %s up to schema %s", engine.url.render_as_string(), head)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Let one process migrate while others opening the same database wait."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK})
                connection.commit()
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with open(f"{engine.url.database}.lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            yield
    else:
        yield
