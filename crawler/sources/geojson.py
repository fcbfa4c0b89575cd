"""GeoJSON FeatureCollections (Socrata `.geojson`, ArcGIS FeatureServer `query?f=geojson`).

Coordinates come from the geometry, longitude first (a non-point footprint gives a point
inside it), unless the field map names `lat`/`lon` properties; the id is the mapped
property, else the feature's own `id`.
"""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from crawler.sources.fields import mapped
from crawler.sources.page import MalformedPage, Page, as_given, json_body

DEFAULT_FIELDS = {"id": "id", "title": "title", "artist": "artist", "medium": "medium", "year": "year",
                  "image": "image", "url": "url"}

first_url = as_given


def read(response, fields: dict[str, str]) -> Page:
    collection = json_body(response)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection" or not isinstance(
            collection.get("features"), list):
        raise MalformedPage("not a GeoJSON FeatureCollection")
    page = Page()
    for number, feature in enumerate(collection["features"], 1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            page.problems.append(f"feature {number} is not a GeoJSON Feature")
            continue
        candidate = mapped(feature.get("properties") or {}, fields)
        candidate["id"] = candidate.get("id") or feature.get("id")
        if "lat" not in fields and "lon" not in fields:
            candidate["lon"], candidate["lat"] = _point(feature.get("geometry"))
        page.candidates.append(candidate)
    return page


def _point(geometry) -> tuple[float | None, float | None]:
    if not isinstance(geometry, dict) or not geometry.get("coordinates"):
        return None, None
    try:
        point = shape(geometry)
        point = point if point.geom_type == "Point" else point.representative_point()
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.GEOSException):
        return None, None
    return (None, None) if point.is_empty else (point.x, point.y)
