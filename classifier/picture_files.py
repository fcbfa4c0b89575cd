"""The pictures `medium predict RUN FILE|FOLDER...` is given, checked before TensorFlow loads.

A file named on the command line must be a picture the crawler could have stored: one that
is not (a text file, a truncated JPEG, more pixels than the limit) is one `UserError` naming
it and saying why. A folder is searched recursively, in name order; what in it is not a
readable picture is skipped and counted, as a crawl counts `invalid` images.

The check decodes every file (a JPEG at 1/8 scale: libjpeg still reads every byte, so a
truncated file fails here too) with the crawler's own `load_rgb`, in threads (Pillow lets go
of the GIL while it decodes). Nothing here imports TensorFlow.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import UserError
from storage.imaging import InvalidImage, load_rgb
from storage.cpus import usable_cpus

CHECK_LONGEST = 32  # the scale a JPEG is checked at (libjpeg's 1/8 for anything over 256 px)
MAX_CHECK_THREADS = 8


@dataclass
class PictureFiles:
    paths: list[str] = field(default_factory=list)  # in the order given, each folder's files in name order
    skipped: dict[str, str] = field(default_factory=dict)  # {path: why} of files in folders that are no pictures


def picture_files(given: list[str]) -> PictureFiles:
    """The readable pictures among `given` files and folders; a `UserError` for a named
    file that is missing or not a readable picture, or when no picture is left at all."""
    pictures = PictureFiles()
    with ThreadPoolExecutor(min(MAX_CHECK_THREADS, usable_cpus())) as pool:
        for name in given:
            path = Path(name)
            if path.is_dir():
                files = sorted(str(file) for file in path.rglob("*") if file.is_file())
                for file, why in zip(files, pool.map(unreadable, files)):
                    if why:
                        pictures.skipped[file] = why
                    else:
                        pictures.paths.append(file)
            elif not path.exists():
                raise UserError(f"{name} does not exist")
            elif why := unreadable(name):
                raise UserError(f"cannot predict {name}: {why}")
            else:
                pictures.paths.append(name)
    if not pictures.paths:
        raise UserError(f"there is no readable picture in {', '.join(given)}"
                        + (f" ({len(pictures.skipped):,} files are not pictures)" if pictures.skipped else ""))
    return pictures


def unreadable(path: str) -> str | None:
    """Why the picture at `path` cannot be read as the crawler reads pictures, or None."""
    try:
        load_rgb(path, draft_longest=CHECK_LONGEST)
    except InvalidImage as error:
        return str(error)
    except OSError as error:
        return error.strerror or type(error).__name__
    return None
