"""What reading one response of a source gives."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Page:
    candidates: list[dict] = field(default_factory=list)  # {key: raw value} per record, keys of fields.KEYS
    problems: list[str] = field(default_factory=list)  # one line per malformed record, logged and skipped
    skipped: Counter[str] = field(default_factory=Counter)  # {reason: n} of elements that are no records (counted)
    links: list[str] = field(default_factory=list)  # pages this one lists (only listing pages are followed)
    next_url: str | None = None  # the next page of the same listing


class MalformedPage(ValueError):
    """The whole response is unusable (not JSON, not the format's shape): logged and skipped."""


def json_body(response):
    """The response's JSON, or MalformedPage."""
    try:
        return json.loads(response.body)
    except ValueError as error:
        raise MalformedPage(f"not JSON ({error})") from None


def as_given(url: str) -> str:
    """`first_url` of formats that start from the URL exactly as the user gave it."""
    return url
