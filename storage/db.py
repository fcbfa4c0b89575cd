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

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import UserError
from storage.models import SCHEMA_HEAD, VERSION_TABLE

log = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-open chatter is not news

SQLITE_BUSY_TIMEOUT_S = 60
CONNECT_TIMEOUT_S = 5  # a server that does not answer in this time is reported unreachable
_PG_MIGRATION_LOCK = 0x6D656469  # any constant shared by every process of this package
_EXAMPLE_URLS = "sqlite:////path/to/medium.db or postgresql+psycopg://user@host/db"


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Engine:
    """An engine on `url` whose schema is up to date.

    Every way the URL can be unusable (unparsable, an unknown engine, its driver not
    installed, the server unreachable, and with `create=False` a SQLite file that does not
    exist) is a `UserError` of one sentence, raised before anything is written.
    """
    parsed = _parsed(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed, create)
    else:
        engine = _server_engine(parsed)
    _check_reachable(engine)
    if migrate:
        upgrade(engine)
    return engine


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _parsed(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError):
        raise UserError(f"{url!r} is not a database URL; give one like {_EXAMPLE_URLS}") from None
    try:
        parsed.get_dialect()
    except exc.NoSuchModuleError:
        raise UserError(f"unknown database kind {parsed.drivername!r} in {_shown(parsed)}; "
                        f"give a URL like {_EXAMPLE_URLS}") from None
    return parsed


def _shown(url: URL) -> str:
    """The URL as a message may show it: without its password."""
    return url.render_as_string(hide_password=True)


def _engine(url: URL, **options) -> Engine:
    try:
        return create_engine(url, **options)
    except ImportError as error:
        raise UserError(f"the Python driver for {_shown(url)} is not installed "
                        f"(missing module {error.name or error}); install it or use another URL") from None


def _server_engine(url: URL) -> Engine:
    connect_args = {}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    return _engine(url, pool_pre_ping=True, connect_args=connect_args)


def _check_reachable(engine: Engine) -> None:
    try:
        with engine.connect():
            pass
    except exc.DBAPIError as error:
        log.debug("connecting to %s failed: %s", _shown(engine.url), error)
        if engine.dialect.name == "sqlite":
            raise UserError(f"cannot open the SQLite status database {engine.url.database}") from None
        raise UserError(f"cannot connect to the status database at {_shown(engine.url)}; "
                        "check that its server runs and that the URL is right") from None


def _sqlite_engine(url: URL, create: bool) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        _sqlite_file(Path(database), create)
    engine = _engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _tune(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the crawler's writes
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _sqlite_file(path: Path, create: bool) -> None:
    """Check (and with `create`, make) the folder of a SQLite file."""
    if path.is_dir():
        raise UserError(f"the status database {path} is a folder, not a SQLite file")
    if path.exists():
        return
    if not create:
        raise UserError(f"there is no status database at {path}; start with `medium import-bam FILE`")
    folder = next((parent for parent in path.parents if parent.exists()), None)
    if folder is not None and not folder.is_dir():
        raise UserError(f"cannot create the status database {path}: {folder} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the folder of the status database {path} ({error.strerror})") from None


def upgrade(engine: Engine) -> None:
    """Apply pending migrations. When there are none, one plain query says so, and Alembic
    (a tenth of a second to import and read its scripts) is not loaded at all."""
    if _current_revision(engine) == SCHEMA_HEAD:
        return
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


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar_one_or_none()
    except exc.DBAPIError:  # a new database: no version table yet
        return None


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
