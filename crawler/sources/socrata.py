"""Socrata JSON rows (`/resource/<id>.json`), paged with `$limit`/`$offset` in `$order=:id`
order until a page comes back short. The default field map is the Chicago Mural Registry's;
Socrata publishes no image field there, so none is mapped by default.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.sources.fields import mapped
from crawler.sources.page import MalformedPage, Page, json_body

PAGE_SIZE = 1000
DEFAULT_FIELDS = {"id": "mural_registration_id", "title": "artwork_title", "artist": "artist_credit",
                  "medium": "media", "year": "year_installed", "lat": "latitude", "lon": "longitude"}


def first_url(url: str) -> str:
    """The URL with `$limit` (kept if given), `$offset=0` and a stable `$order` (`:id` unless given)."""
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    query = {"$limit": str(PAGE_SIZE), "$order": ":id", **query, "$offset": "0"}
    return _with_query(url, query)


def read(response, fields: dict[str, str]) -> Page:
    rows = json_body(response)
    if not isinstance(rows, list):
        raise MalformedPage("not a list of Socrata rows")
    page = Page()
    for number, row in enumerate(rows, 1):
        if isinstance(row, dict):
            page.candidates.append(mapped(row, fields))
        else:
            page.problems.append(f"row {number} is not a JSON object")
    query = dict(parse_qsl(urlsplit(response.url).query, keep_blank_values=True))
    try:
        limit, offset = int(query.get("$limit", PAGE_SIZE)), int(query.get("$offset", 0))
    except ValueError:
        raise MalformedPage(f"$limit/$offset of {response.url} are not whole numbers") from None
    if len(rows) >= limit:  # a short page is the last one
        page.next_url = _with_query(response.url, {**query, "$offset": str(offset + limit)})
    return page


def _with_query(url: str, query: dict[str, str]) -> str:
    return urlunsplit(urlsplit(url)._replace(query=urlencode(query, safe="$:")))
