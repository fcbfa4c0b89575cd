"""How the loopback server answers for the city under `/city/`: static files with the site's
`__SITE__`/`__OTHER_SITE__` filled in for the asking host, Socrata paging done live, and the
Overpass interpreter answering any query with the city's artworks."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

from sampleworld.city.site import OTHER_SITE, SITE

PREFIX = "/city/"
SOCRATA = "resource/murals.json"
INTERPRETER = "api/interpreter"
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".geojson": "application/geo+json"}
IMAGE_TYPES = {".jpg": "image/jpeg"}
OTHER_NAME = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}


class CitySite:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.rows = json.loads((site / SOCRATA).read_text(encoding="utf-8"))

    def answer(self, path: str, query: str, host: str) -> tuple[int, bytes, str]:
        """(status, body, content type) for a GET of `/city/<path>?<query>` sent to `host`."""
        relative = path.removeprefix(PREFIX)
        if relative == SOCRATA:
            try:
                rows = self._socrata_page(parse_qs(query))
            except ValueError:
                return 400, b"$limit and $offset must be whole numbers\n", "text/plain"
            return 200, _filled(json.dumps(rows), host).encode(), TEXT_TYPES[".json"]
        if relative == INTERPRETER:
            relative = "api/overpass.json"
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        file = (self.site / relative).resolve()
        if not file.is_relative_to(self.site.resolve()) or not file.is_file():
            return 404, b"not found\n", "text/plain"
        if file.suffix in IMAGE_TYPES:
            return 200, file.read_bytes(), IMAGE_TYPES[file.suffix]
        return 200, _filled(file.read_text(encoding="utf-8"), host).encode(), TEXT_TYPES.get(file.suffix, "text/plain")

    def _socrata_page(self, query: dict[str, list[str]]) -> list[dict]:
        """SODA paging: rows in `:id` order (the file's), `$offset` on, at most `$limit` (default 1000)."""
        offset = int(query.get("$offset", ["0"])[0])
        limit = int(query.get("$limit", ["1000"])[0])
        return self.rows[offset:offset + limit]


def _filled(text: str, host: str) -> str:
    name, _, port = host.partition(":")
    other = f"{OTHER_NAME.get(name, name)}:{port}" if port else OTHER_NAME.get(name, name)
    return text.replace(OTHER_SITE, f"http://{other}").replace(SITE, f"http://{host}")
