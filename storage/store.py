"""One truth for where images are stored and at what size.

A crawl records its image store and longest side in the database (`settings`), and
every reader (training, evaluation, explain, samples, report, `predict FILE`) takes them
from there instead of from its own defaults, and reads the pictures through the
`ImageStore` it gets (storage/image_store.py). A local store is recorded relative to
`MEDIUM_HOME` when it lies inside it, so a home folder that moves, or crawlers on several
hosts each with its own home, still agree; a URL store (`s3://…`) is recorded as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from storage.config import Config, is_url
from storage.errors import UserError
from storage.image_store import ImageStore, open_store
from storage.models import Setting
from storage.upsert import upsert

STORE_KEY = "images_store"
LONGEST_SIDE_KEY = "images_longest_side"


@dataclass(frozen=True)
class RecordedStore:
    images: ImageStore
    longest_side: int


def recorded_store(engine: Engine, config: Config) -> RecordedStore:
    """The store a crawl recorded, or the configuration's where none is recorded yet."""
    with engine.connect() as connection:
        recorded = _read(connection)
    return _store(recorded, config)


def record_store(engine: Engine, config: Config, *, force: bool = False) -> RecordedStore:
    """Record where and how big this crawl stores images, once the store proves writable
    (`prepare_for_writing`). A `UserError` if the database already records another store or
    size, unless `force` (mixing two stores or two sizes would hand the classifier files it
    cannot find or pictures of another size), or if the store cannot be written; then
    nothing is recorded or created."""
    wanted = {STORE_KEY: _as_recorded(config), LONGEST_SIDE_KEY: str(config.longest_side)}
    with engine.begin() as connection:
        recorded = _read(connection)
        if not force and any(recorded.get(key, value) != value for key, value in wanted.items()):
            before = _store(recorded, config)
            raise UserError(
                f"this database's images are stored in {before.images} at longest side {before.longest_side}, "
                f"not {config.images_location} at {config.longest_side}; use the recorded IMAGES_STORE and "
                "IMAGES_LONGEST_SIDE, or add -s IMAGES_STORE_FORCE=1 to record the new ones")
        store = open_store(config.images_location)
        store.prepare_for_writing()
        upsert(connection, Setting.__table__, [{"key": key, "value": value} for key, value in wanted.items()],
               conflict=("key",), update=("value",))
    return RecordedStore(store, config.longest_side)


def _read(connection) -> dict[str, str]:
    rows = connection.execute(select(Setting.key, Setting.value).where(Setting.key.in_((STORE_KEY, LONGEST_SIDE_KEY))))
    return dict(rows.all())


def _store(recorded: dict[str, str], config: Config) -> RecordedStore:
    where = recorded.get(STORE_KEY)
    if where is None:
        location = config.images_location
    else:  # a URL as written; a folder relative to the home (joining an absolute path keeps it)
        location = where if is_url(where) else str(config.home / where)
    return RecordedStore(open_store(location), int(recorded.get(LONGEST_SIDE_KEY, config.longest_side)))


def _as_recorded(config: Config) -> str:
    """A URL as written; a folder relative to the home folder when inside it."""
    if is_url(config.images_location):
        return config.images_location
    directory = config.images_dir
    return directory.relative_to(config.home).as_posix() if directory.is_relative_to(config.home) else str(directory)
