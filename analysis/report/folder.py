"""The report's folder: built whole under a temporary name beside the target, then swapped in,
so a reader never sees half a report and a failed build leaves the last good one.

Every file the page shows lives inside it under a name we choose (never one taken from
data), so the folder can be zipped, mailed, opened from file:// or put on any static server.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from storage.errors import UserError

MARKER = ".medium-report"  # says "this folder is a report we may replace"
PICTURES = "img"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ReportFolder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pictures = root / PICTURES
        self.pictures.mkdir(parents=True)
        self._names: set[str] = set()

    def new_file(self, stem: str, suffix: str) -> tuple[Path, str]:
        """A fresh path under img/ named after `stem`, and its URL relative to index.html."""
        base = _UNSAFE.sub("-", stem).strip("-.") or "file"
        name, n = f"{base}{suffix}", 1
        while name in self._names:
            n += 1
            name = f"{base}-{n}{suffix}"
        self._names.add(name)
        return self.pictures / name, f"{PICTURES}/{name}"

    def copy(self, source: Path, stem: str) -> str:
        """Copy `source` in; return its URL relative to index.html."""
        target, url = self.new_file(stem, source.suffix.lower())
        shutil.copyfile(source, target)
        return url

    def write(self, data: bytes, stem: str, suffix: str) -> str:
        """Put `data` in as a file; return its URL relative to index.html."""
        target, url = self.new_file(stem, suffix.lower())
        target.write_bytes(data)
        return url

    def copy_tree(self, source: Path, name: str, keep: Callable[[Path], bool]) -> None:
        """Copy a folder (e.g. the explain report with its pictures) in as `name/`, with the
        files for which `keep(path)` is true."""
        def ignored(directory: str, names: list[str]) -> list[str]:
            return [n for n in names if (Path(directory) / n).is_file() and not keep(Path(directory) / n)]

        shutil.copytree(source, self.root / name, ignore=ignored)


def build_into(out: Path, build) -> Path:
    """Call `build(ReportFolder)` on a temporary folder beside `out`, then put it at `out`.
    `out` may be new, empty or an earlier report; anything else is refused untouched."""
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = out.with_name(f".{out.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        build(ReportFolder(building))
        (building / MARKER).write_text("written by `medium report`; the next report replaces this folder\n")
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    building.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return out


def _check_replaceable(out: Path) -> None:
    if out.is_file():
        raise UserError(f"{out} is a file; give --out a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UserError(f"{out} holds files that are not an earlier report; choose a new or empty folder")
