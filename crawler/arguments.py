"""Spider arguments (`-a NAME=VALUE`), parsed strictly: an unknown name or a bad value is
one sentence (a `UserError`), raised when the spider is built, before anything opens
the database. Scrapy itself sets every `-a` as an attribute, typo or not.

A spider declares `arguments = {name: parser}`; a parser turns the text into a value or
raises `ValueError` with what it expected. `ClaimingSpider` holds the shared ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from storage.errors import UserError

Parser = Callable[[str], Any]

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"a whole number of at least 1, not {text!r}") from None
    if value < 1:
        raise ValueError(f"a whole number of at least 1, not {value}")
    return value


def number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"a number, not {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"a finite number, not {text!r}")
    return value


def positive_number(text: str) -> float:
    value = number(text)
    if value <= 0:
        raise ValueError(f"a number above 0, not {text!r}")
    return value


def integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"a whole number, not {text!r}") from None


def boolean(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(f"1 or 0 (yes or no), not {text!r}")


def names(text: str) -> tuple[str, ...]:
    """A comma-separated list."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def existing_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValueError(f"an existing file, but {text} {'is a folder' if path.is_dir() else 'does not exist'}")
    return path


def parse_arguments(spider: str, declared: Mapping[str, Parser], given: Mapping[str, Any]) -> dict[str, Any]:
    """`{name: value}` for each given argument, or a `UserError` naming the first bad one."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise UserError(f"{spider} has no argument {unknown[0]!r}; it takes {', '.join(sorted(declared))}")
    parsed = {}
    for name, text in given.items():
        try:
            parsed[name] = declared[name](str(text))
        except ValueError as error:
            raise UserError(f"-a {name} must be {error}") from None
    return parsed


def setting(settings, name: str, parser: Parser, default: Any = None) -> Any:
    """One of our `-s NAME=VALUE` settings, parsed like an argument: a bad value is one sentence."""
    value = settings.get(name)
    if value in (None, ""):
        return default
    try:
        return parser(str(value))
    except ValueError as error:
        raise UserError(f"-s {name} must be {error}") from None


def check_scrapy_settings(settings) -> None:
    """Scrapy's own numeric and yes/no settings, parsed as Scrapy parses them: a value that
    does not parse (`-s CONCURRENT_REQUESTS=abc`) is one sentence naming it, not a traceback
    from deep inside the engine. Ours are checked where they are read (`setting` above).
    A setting whose default is a whole number may be read as a float (DOWNLOAD_TIMEOUT), so
    any number passes it."""
    from scrapy.settings import default_settings

    for name, default in vars(default_settings).items():
        value = settings[name]  # (not .get, which warns of deprecated names)
        if not name.isupper() or not isinstance(value, str):
            continue
        if isinstance(default, bool):
            read, expected = settings.getbool, "1 or 0 (True or False)"
        elif isinstance(default, (int, float)):
            read, expected = settings.getfloat, "a number"
        else:
            continue
        try:
            read(name)
        except ValueError:
            raise UserError(f"-s {name} must be {expected}, not {value!r}") from None
