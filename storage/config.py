"""Where things live: the one resolver the CLI, the crawler and the classifier share.

Precedence: an explicit argument (CLI flag, Scrapy setting) over the environment
(`MEDIUM_HOME`, `MEDIUM_DB_URL`) over the default (`./data`, SQLite in it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storage.errors import UserError

DEFAULT_HOME = "data"


@dataclass(frozen=True)
class Config:
    home: Path
    db_url: str

    @property
    def images_dir(self) -> Path:
        return self.home / "images"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"


def resolve(home: str | os.PathLike | None = None, db_url: str | None = None) -> Config:
    """Resolve the data folder and database URL; nothing is created here. A data folder
    that is a file is a `UserError`."""
    home_path = Path(home or os.environ.get("MEDIUM_HOME") or DEFAULT_HOME).expanduser().absolute()
    if home_path.exists() and not home_path.is_dir():
        raise UserError(f"the data folder {home_path} is a file, not a folder; "
                        "give another one with --home or MEDIUM_HOME")
    url = db_url or os.environ.get("MEDIUM_DB_URL") or f"sqlite:///{home_path / 'medium.db'}"
    return Config(home=home_path, db_url=url)
