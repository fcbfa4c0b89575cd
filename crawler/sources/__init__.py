"""Public-art formats: one small module per format, each turning a response into a `Page`
of candidate records (publisher fields already mapped to our keys), links and the next page.

`FORMATS` maps a format name to its module; every module has `DEFAULT_FIELDS`,
`first_url(url)` and `read(response, fields) -> Page`. Turning candidates into checked
`ArtworkRecord`s is `crawler.sources.fields.to_record`, shared by all formats.
"""

from __future__ import annotations

from crawler.sources import geojson, jsonld, overpass, socrata

FORMATS = {"geojson": geojson, "socrata": socrata, "overpass": overpass, "jsonld": jsonld}
