"""OpenStreetMap Overpass JSON (`elements[]`): `tourism=artwork` nodes with `lat`/`lon`, ways
and relations with a `center` (`out center;`). Fields name tags; the id is `type/id`.

The medium is the artwork's kind and its material together (`artwork_type+material`): most
OSM artworks say only what they are (mural, statue, sculpture, graffiti), few what they are
made of. Elements that are not artworks (the bare nodes of a way that `out body; >; out skel;`
adds, or anything without `tourism=artwork`) are skipped and counted as `not_artwork`.

The URL may be an interpreter endpoint carrying its query: `.../api/interpreter?data=...`.
"""

from __future__ import annotations

from crawler.sources.fields import mapped
from crawler.sources.page import MalformedPage, Page, as_given, json_body

DEFAULT_FIELDS = {"title": "name", "artist": "artist_name", "medium": "artwork_type+material", "year": "start_date",
                  "image": "image", "url": "website"}
NOT_ARTWORK = "not_artwork"  # skip reason, counted in the crawl stats

first_url = as_given


def read(response, fields: dict[str, str]) -> Page:
    answer = json_body(response)
    elements = answer.get("elements") if isinstance(answer, dict) else None
    if not isinstance(elements, list):
        raise MalformedPage("not an Overpass answer (no elements list)")
    page = Page()
    for number, element in enumerate(elements, 1):
        if not isinstance(element, dict) or not isinstance(element.get("tags") or {}, dict):
            page.problems.append(f"element {number} is not an OSM element")
            continue
        if (element.get("tags") or {}).get("tourism") != "artwork":
            page.skipped[NOT_ARTWORK] += 1
            continue
        candidate = mapped(element.get("tags") or {}, fields)
        if "id" not in fields and element.get("id") is not None:
            candidate["id"] = f"{element.get('type', 'node')}/{element['id']}"
        where = element if "lat" in element else element.get("center") or {}
        for key in ("lat", "lon"):
            if key not in fields:
                candidate[key] = where.get(key)
        page.candidates.append(candidate)
    return page
