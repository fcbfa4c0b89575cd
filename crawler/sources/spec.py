"""What to crawl: a named entry of `crawler/sources.toml` and/or the spider's `-a` arguments,
checked before anything is fetched or written (a mistake is one UserError sentence).

Adding a source of a known format is a new TOML table, no code:

    [chicago-murals]
    format = "socrata"
    url = "https://data.cityofchicago.org/resource/we8h-apcf.json"
    fields = "id:mural_registration_id,title:artwork_title"   # optional, else the format's default
    bbox = "-87.95,41.64,-87.52,42.03"                         # optional: W,S,E,N
    area_name = "community"                                     # optional: name property of -a areas
    hint = "..."                                                # optional: said when the source cannot be read
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.sources import FORMATS
from crawler.sources.fields import parse_fields
from storage.areas import Areas
from storage.artworks import MAX_NAME_CHARS
from storage.errors import UserError

REGISTRY = Path(__file__).resolve().parent.parent / "sources.toml"


@dataclass(frozen=True)
class SourceSpec:
    name: str  # `artworks.source`
    format: str
    url: str
    fields: dict[str, str]
    bbox: tuple[float, float, float, float] | None
    areas: Areas | None
    hint: str | None = None  # the registry's word on what to do when the source cannot be read

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def module(self):
        return FORMATS[self.format]

    def in_bbox(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        return west <= lon <= east and south <= lat <= north


def registry(path: Path = REGISTRY) -> dict[str, dict]:
    with open(path, "rb") as file:
        return tomllib.load(file)


def source_spec(source: str | None = None, url: str | None = None, format: str | None = None,  # noqa: A002
                name: str | None = None, fields: str | None = None, bbox: str | None = None,
                areas: str | None = None, area_name: str | None = None, registry_path: Path = REGISTRY) -> SourceSpec:
    """The source to crawl: registry entry `source` (if given) overridden by the arguments."""
    entry: dict = {}
    if source is not None:
        known = registry(registry_path)
        if source not in known:
            raise UserError(f"unknown source {source!r}; known: {', '.join(sorted(known))}")
        entry = known[source]
    given = {"url": url, "format": format, "name": name, "fields": fields, "bbox": bbox, "area_name": area_name}
    settings = {**entry, **{key: value for key, value in given.items() if value is not None}}
    url, format = settings.get("url"), settings.get("format")  # noqa: A001
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise UserError("give -a source=NAME (see crawler/sources.toml) or -a url=http(s)://... with -a format=...")
    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    name = settings.get("name") or source or urlsplit(url).hostname
    if len(name) > MAX_NAME_CHARS:
        raise UserError(f"source name {name!r} is longer than {MAX_NAME_CHARS} characters; give a shorter -a name")
    return SourceSpec(
        name=name, format=format, url=url,
        fields={**FORMATS[format].DEFAULT_FIELDS, **parse_fields(settings.get("fields"))},
        bbox=parse_bbox(settings.get("bbox")),
        areas=Areas.load(areas, settings.get("area_name") or "name") if areas else None,
        hint=entry.get("hint") if url == entry.get("url") else None,  # of the registry's URL only
    )


def parse_bbox(text: str | list | None) -> tuple[float, float, float, float] | None:
    """`W,S,E,N` in degrees with W<E and S<N."""
    if text is None or text == "":
        return None
    parts = text.split(",") if isinstance(text, str) else list(text)
    try:
        west, south, east, north = (float(part) for part in parts)
    except (ValueError, TypeError):
        raise UserError(f"bbox {text!r} is not four numbers W,S,E,N") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise UserError(f"bbox {text!r} needs -180 <= W < E <= 180 and -90 <= S < N <= 90")
    return west, south, east, north
