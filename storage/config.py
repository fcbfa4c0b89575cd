"""Where things live: the one resolver the CLI, the crawler and the classifier share.

Precedence: an explicit argument (CLI flag, Scrapy setting) over the environment
(`MEDIUM_HOME`, `MEDIUM_DB_URL`) over the default (`./data`, SQLite in it).
The image store (`images_store`: a folder or an fsspec URL, default `$MEDIUM_HOME/images`) and its longest side
are what a crawl writes; the crawl records them in the database (`storage/store.py`)
and every reader takes them from there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from storage.errors import UserError

DEFAULT_HOME = "data"
DEFAULT_LONGEST_SIDE = 256
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")  # an image store given as a URL (s3://, file://, …)


def is_url(location: str | os.PathLike) -> bool:
    return bool(URL_SCHEME.match(str(location)))


@dataclass(frozen=True)
class Config:
    home: Path
    db_url: str
    images_store: str | None = None  # a folder (absolute) or an fsspec URL; None: $MEDIUM_HOME/images
    longest_side: int = DEFAULT_LONGEST_SIDE

    @property
    def images_location(self) -> str:
        """Where this crawl would store images: an absolute folder or a URL."""
        return self.images_store or str(self.home / "images")

    @property
    def images_dir(self) -> Path:
        """The local folder a writer (a test, a benchmark) fills; readers take `recorded_store`."""
        return Path(self.images_location)

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"


def resolve(home: str | os.PathLike | None = None, db_url: str | None = None, *,
            images_store: str | os.PathLike | None = None, longest_side: int | None = None) -> Config:
    """Resolve the data folder, database URL and image store; nothing is created here. A data
    folder that is a file is a `UserError`."""
    home_path = Path(home or os.environ.get("MEDIUM_HOME") or DEFAULT_HOME).expanduser().absolute()
    if home_path.exists() and not home_path.is_dir():
        raise UserError(f"the data folder {home_path} is a file, not a folder; "
                        "give another one with --home or MEDIUM_HOME")
    url = db_url or os.environ.get("MEDIUM_DB_URL") or f"sqlite:///{home_path / 'medium.db'}"
    store = None  # checked when a crawl opens it (storage/image_store.py)
    if images_store:
        store = str(images_store) if is_url(images_store) else str(Path(images_store).expanduser().absolute())
    return Config(home=home_path, db_url=url, images_store=store, longest_side=longest_side or DEFAULT_LONGEST_SIDE)
