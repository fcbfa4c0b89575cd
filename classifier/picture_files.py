"""The pictures `medium predict RUN FILE|FOLDER...` is given, checked before TensorFlow loads.

A file named on the command line must be a picture the crawler could have stored: one that
is not (a text file, a truncated JPEG, more pixels than the limit) is one `UserError` naming
it and saying why. The check decodes it with the crawler's own `load_rgb` (a JPEG at 1/8
scale: libjpeg still reads every byte, so a truncated file fails here too).

A folder is searched recursively, in name order, and its files are not decoded here: the
prediction decodes each anyway, and what in a folder is not a readable picture is skipped
and counted then, as a crawl counts `invalid` images (checking a folder of thousands first
would decode every picture twice). Nothing here imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import UserError
from storage.imaging import InvalidImage, load_rgb

CHECK_LONGEST = 32  # the scale a named JPEG is checked at (libjpeg's 1/8 for anything over 256 px)


@dataclass
class PictureFiles:
    paths: list[str] = field(default_factory=list)  # in the order given, each folder's files in name order
    in_folders: set[str] = field(default_factory=set)  # those found in a folder: skipped, not refused, if unreadable


def picture_files(given: list[str]) -> PictureFiles:
    """The files among `given` files and folders; a `UserError` for a named file that is
    missing or not a readable picture, and for folders that hold no file at all."""
    pictures = PictureFiles()
    for name in given:
        path = Path(name)
        if path.is_dir():
            files = sorted(str(file) for file in path.rglob("*") if file.is_file())
            pictures.paths += files
            pictures.in_folders.update(files)
        elif not path.exists():
            raise UserError(f"{name} does not exist")
        elif why := unreadable(name):
            raise UserError(f"cannot predict {name}: {why}")
        else:
            pictures.paths.append(name)
    if not pictures.paths:
        raise UserError(f"there is no file in {', '.join(given)}")
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
