"""One truth for where images are stored and at what size.

A crawl records its image store and longest side in the database (`settings`), and
every reader (training, evaluation, `predict FILE`) takes them from there instead of
from its own defaults. The store is recorded relative to `MEDIUM_HOME` when it lies
inside it, so a home folder that moves, or crawlers on several hosts each with its own
home, still agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from storage.config import Config
from storage.errors import UserError
from storage.models import Setting
from storage.upsert import upsert

STORE_KEY = "images_store"
LONGEST_SIDE_KEY = "images_longest_side"


@dataclass(frozen=True)
class ImageStore:
    directory: Path
    longest_side: int


def recorded_store(engine: Engine, config: Config) -> ImageStore:
    """The store a crawl recorded, or the configuration's where none is recorded yet."""
    with engine.connect() as connection:
        recorded = _read(connection)
    return _store(recorded, config)


def record_store(engine: Engine, config: Config, *, force: bool = False) -> ImageStore:
    """Record where and how big this crawl stores images. A `UserError` if the database
    already records another store or size, unless `force`: mixing two stores or two sizes
    would hand the classifier files it cannot find or pictures of another size."""
    wanted = {STORE_KEY: _as_recorded(config), LONGEST_SIDE_KEY: str(config.longest_side)}
    with engine.begin() as connection:
        recorded = _read(connection)
        if not force and any(recorded.get(key, value) != value for key, value in wanted.items()):
            before = _store(recorded, config)
            raise UserError(
                f"this database's images are stored in {before.directory} at longest side {before.longest_side}, "
                f"not {config.images_dir} at {config.longest_side}; use the recorded IMAGES_STORE and "
                "IMAGES_LONGEST_SIDE, or add -s IMAGES_STORE_FORCE=1 to record the new ones")
        upsert(connection, Setting.__table__, [{"key": key, "value": value} for key, value in wanted.items()],
               conflict=("key",), update=("value",))
    return ImageStore(config.images_dir, config.longest_side)


def _read(connection) -> dict[str, str]:
    rows = connection.execute(select(Setting.key, Setting.value).where(Setting.key.in_((STORE_KEY, LONGEST_SIDE_KEY))))
    return dict(rows.all())


def _store(recorded: dict[str, str], config: Config) -> ImageStore:
    directory = config.home / recorded[STORE_KEY] if STORE_KEY in recorded else config.images_dir
    return ImageStore(directory, int(recorded.get(LONGEST_SIDE_KEY, config.longest_side)))


def _as_recorded(config: Config) -> str:
    """Relative to the home folder when inside it (joining an absolute path keeps it)."""
    directory = config.images_dir
    return directory.relative_to(config.home).as_posix() if directory.is_relative_to(config.home) else str(directory)
