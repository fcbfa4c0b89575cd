"""Field maps (`-a fields=KEY:FIELD,...`) and the checks every candidate record passes.

A FIELD is a dotted path into the publisher's record (`contentLocation.geo.latitude`);
`a|b` tries `a`, then `b`; `a+b` joins the texts of those that are there (`mural, spray paint`).
Values are taken as real sites write them: numbers as strings,
a creator as a string or a `Person`, an image as a URL or an `ImageObject`, lists of either.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urljoin, urlsplit

from storage.artworks import ArtworkRecord
from storage.errors import UserError

KEYS = ("id", "title", "artist", "medium", "year", "lat", "lon", "image", "url")
NO_COORDINATES = "no_coordinates"  # skip reasons, counted in the crawl stats
NO_ID = "no_id"
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


def parse_fields(text: str | None) -> dict[str, str]:
    """`id:mural_registration_id,title:artwork_title` → {"id": ..., "title": ...}; UserError if it does not parse."""
    fields: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, colon, path = (piece.strip() for piece in part.partition(":"))
        if not colon or not path or key not in KEYS:
            raise UserError(f"bad fields entry {part.strip()!r}: write KEY:FIELD with KEY one of {', '.join(KEYS)}")
        if key in fields:
            raise UserError(f"fields names {key!r} twice")
        fields[key] = path
    return fields


def lookup(record, path: str):
    """The value at a dotted path (`a|b` tries each; `a+b` joins the texts of each), None where there is none."""
    if "+" in path:
        texts = [text_of(lookup(record, part)) for part in path.split("+")]
        return ", ".join(text for text in texts if text) or None
    for alternative in path.split("|"):
        value = record
        for step in alternative.strip().split("."):
            if isinstance(value, list) and value:
                value = value[0]  # contentLocation: [{"geo": ...}] as often as {"geo": ...}
            value = value.get(step) if isinstance(value, dict) else None
        if value not in (None, "", [], {}):
            return value
    return None


def mapped(record: dict, fields: dict[str, str]) -> dict:
    return {key: lookup(record, path) for key, path in fields.items()}


def text_of(value) -> str | None:
    """Plain text of a value: a Person's or ImageObject's name/URL, lists joined."""
    if isinstance(value, list):
        texts = [text for text in map(text_of, value) if text]
        return ", ".join(texts) or None
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("url") or value.get("contentUrl") or value.get("@id"))
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def number_of(value) -> float | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def year_of(value) -> int | None:
    number = number_of(value)
    if number is not None and number.is_integer():
        return int(number)
    match = _YEAR.search(text_of(value) or "")
    return int(match.group(1)) if match else None


def url_of(value, base: str) -> str | None:
    """An absolute http(s) URL, resolved against the page it was found on."""
    first = value[0] if isinstance(value, list) and value else value
    text = text_of(first)
    if not text:
        return None
    url = urljoin(base, text)
    return url if urlsplit(url).scheme in ("http", "https") else None


def to_record(candidate: dict, base: str) -> ArtworkRecord | str:
    """A checked record, or the reason it is skipped (`no_id`, `no_coordinates`)."""
    publisher_id = text_of(candidate.get("id"))
    if not publisher_id:
        return NO_ID
    lat, lon = number_of(candidate.get("lat")), number_of(candidate.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0, 0):
        return NO_COORDINATES  # (0, 0) is how many portals write "not geocoded"
    return ArtworkRecord(
        source_id=publisher_id,
        title=text_of(candidate.get("title")),
        artist=text_of(candidate.get("artist")),
        medium_text=text_of(candidate.get("medium")),
        year=year_of(candidate.get("year")),
        lat=lat,
        lon=lon,
        detail_url=url_of(candidate.get("url"), base),
        image_url=url_of(candidate.get("image"), base),
    )
