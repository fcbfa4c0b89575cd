"""Files that appear whole or not at all: written under a temporary name in the same file
system, flushed to disk, then renamed; and the temporary files of writers that were killed,
removed only when this machine proves the writer dead (or after a day, for another machine's)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from storage.processes import proven_dead, this_machine


def write_atomic(destination: Path, data: bytes, *, temp_dir: Path | None = None) -> None:
    """Write to a temporary file, fsync it, then rename: a reader never sees a partial file,
    and after a crash a name never points at bytes that did not reach the disk.

    `temp_dir` (same file system) keeps unfinished writes out of the store's folders;
    their names say which machine and process wrote them, for `remove_abandoned_writes`.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    folder = temp_dir or destination.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f"{this_machine()}~pid{os.getpid()}~", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fchmod(file.fileno(), _FILE_MODE)  # mkstemp's 0600 would hide it from the group
            os.fsync(file.fileno())  # the bytes are on disk before the name is
        os.replace(temporary, destination)
    except BaseException:
        os.unlink(temporary)
        raise


def _file_mode() -> int:
    """What `open()` would give a new data file: 0666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()  # read once: umask() is process-wide, and workers write from threads


def remove_abandoned_writes(temp_dir: Path, *, older_than_s: float = 24 * 3600) -> int:
    """Delete temporary files of killed writers: those this machine proves dead at once, another
    machine's after a day (no single write takes that long). A writer this machine sees alive
    keeps its files whatever their age."""
    removed = 0
    for part in temp_dir.glob("*.part"):
        machine, _, rest = part.name.rpartition("~")[0].partition("~pid")
        pid = int(rest) if rest.isdigit() else None
        mine = machine == this_machine() and pid is not None
        try:
            if proven_dead(machine, pid) or (not mine and time.time() - part.stat().st_mtime > older_than_s):
                part.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed
