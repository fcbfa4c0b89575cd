"""Whether the report's data is synthetic: the sample world's folders say so in their build
stamps (`world.json`, `shifted.json`, ... hold a "notice"), and the neighbourhood summaries
carry one. The report shows every notice it finds in its header."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from storage.config import Config
from storage.records import read_imports


def synthetic_notices(config: Config, data_folders: Iterable[Path], stated: Iterable[str | None]) -> list[str]:
    """Notices of the imported BAM files' folders, of `data_folders` (e.g. transfer sets)
    and the `stated` ones, each once, in the order found."""
    folders = [Path(str(record.get("file"))).parent for record in read_imports(config.home)] + list(data_folders)
    found = [notice for folder in folders for notice in _folder_notices(folder)]
    found += [notice for notice in stated if isinstance(notice, str) and notice]
    return list(dict.fromkeys(found))


def _folder_notices(folder: Path) -> list[str]:
    notices = []
    for stamp in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            values = json.loads(stamp.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(values, dict) and isinstance(values.get("notice"), str):
            notices.append(values["notice"])
    return notices
