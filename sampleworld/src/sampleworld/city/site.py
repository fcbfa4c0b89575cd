"""The city's public-art site in the four formats real portals use, written as files under
`site/` that the loopback server serves at `/city/...`:

    api/artworks.geojson        GeoJSON FeatureCollection (properties in the city's names)
    resource/murals.json        Socrata rows (the server pages them: $limit, $offset, $order)
    api/overpass.json           Overpass JSON (the server answers /city/api/interpreter with it)
    art/index.html, page-N.html JSON-LD listing, PAGE_SIZE per page; art/<id>.html detail pages
    images/<id>.jpg             the murals

Absolute URLs are written as `__SITE__/...` (this host) and `__OTHER_SITE__/...` (the same
server under its other loopback name): the server fills them in per request, so the JSON
formats' images live "on another host" and the listing has a real off-site link to ignore.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from sampleworld.city.geography import CITY, neighbourhoods_geojson

PAGE_SIZE = 20
SITE, OTHER_SITE = "__SITE__", "__OTHER_SITE__"
BROKEN_JSON_LD = '{"@context": "https://schema.org", "@type": "VisualArtwork", "name": "Unfinished entry", '
_TEMPLATES = Environment(loader=PackageLoader("sampleworld.city"), autoescape=select_autoescape())


def write_site(site: Path, artworks: pd.DataFrame) -> None:
    rows = [_published(row) for row in artworks.to_dict("records")]
    _write_json(site / "api" / "artworks.geojson", _geojson(rows))
    _write_json(site / "resource" / "murals.json", [_socrata_row(row) for row in rows])
    _write_json(site / "api" / "overpass.json", _overpass(rows))
    _write_json(site / "neighbourhoods.geojson", neighbourhoods_geojson())
    _write_listing(site / "art", rows)
    for number, row in enumerate(rows):
        _write_html(site / "art" / f"{row['id']}.html", "page.html", title=row["title"],
                    json_ld=[] if row["trap"] == "malformed_page" else [_json_ld(row, number)],
                    broken_json_ld=BROKEN_JSON_LD if row["trap"] == "malformed_page" else None,
                    lines=[f"by {row['artist']}, {row['year']}", row["published"]], image="/city/" + row["image"])
    _write_html(site / "art" / "about.html", "page.html", title=f"About the {CITY} public art map", json_ld=[],
                lines=["A synthetic city made for testing crawlers. None of this art exists."])
    decoy = {"@context": "https://schema.org", "@type": "VisualArtwork", "identifier": "DECOY-1",
             "geo": {"latitude": 30.01, "longitude": -40.05}}
    for path, title in ((site / "art" / "elsewhere.html", "Off-site mural (must not be crawled)"),
                        (site / "drafts" / "unpublished.html", "Draft (robots.txt disallows it)")):
        _write_html(path, "page.html", title=title, json_ld=[{**decoy, "name": title}], lines=[title])


def _published(row: dict) -> dict:
    """The row as the city publishes it: no coordinates where it has none."""
    located = not pd.isna(row["lat"])
    return {**row, "lat": row["lat"] if located else None, "lon": row["lon"] if located else None}


def _geojson(rows: list[dict]) -> dict:
    features = [{"type": "Feature", "id": row["id"],
                 "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if row["lat"] is not None
                 else None,
                 "properties": {"id": row["id"], "title": row["title"], "artist": row["artist"],
                                "medium": row["published"], "year": row["year"],
                                "image": f"{OTHER_SITE}/city/{row['image']}",
                                "url": f"{SITE}/city/art/{row['id']}.html"}} for row in rows]
    features.insert(len(features) // 2, "a feature that is not an object")  # a malformed record
    return {"type": "FeatureCollection", "features": features}


def _socrata_row(row: dict) -> dict:
    """Chicago Mural Registry names; Socrata writes numbers as strings and leaves out empty fields."""
    fields = {"mural_registration_id": row["id"], "artwork_title": row["title"], "artist_credit": row["artist"],
              "media": row["published"], "year_installed": str(row["year"]),
              "photo_url": f"{OTHER_SITE}/city/{row['image']}"}
    if row["lat"] is not None:
        fields |= {"latitude": f"{row['lat']:.6f}", "longitude": f"{row['lon']:.6f}"}
    return fields


def _overpass(rows: list[dict]) -> dict:
    elements = []
    for row in rows:
        element = {"type": row["osm_type"], "id": row["osm_id"], "tags": {
            "tourism": "artwork", "artwork_type": "mural", "name": row["title"], "artist_name": row["artist"],
            "material": row["published"], "start_date": str(row["year"]), "image": f"{OTHER_SITE}/city/{row['image']}",
            "ref": row["id"]}}
        if row["lat"] is not None:
            where = {"lat": row["lat"], "lon": row["lon"]}
            element |= where if row["osm_type"] == "node" else {"center": where}
        elements.append(element)
    return {"version": 0.6, "generator": "sample world (synthetic)", "elements": elements}


def _json_ld(row: dict, number: int) -> dict:
    """The forms real sites use, in turn: creator as text or Person(s), image as URL or ImageObject,
    coordinates in `contentLocation.geo` or `geo`, numbers as numbers or strings, `@graph` or lists."""
    variant = number % 4
    node = {"@context": "https://schema.org", "@type": "VisualArtwork", "identifier": row["id"], "name": row["title"],
            "artMedium": row["published"], "dateCreated": str(row["year"]), "url": f"{SITE}/city/art/{row['id']}.html"}
    node["creator"] = [row["artist"], {"@type": "Person", "name": row["artist"]},
                       {"@type": "Person", "name": row["artist"]}, [{"@type": "Person", "name": row["artist"]}]][variant]
    node["image"] = ("/city/" + row["image"] if variant in (0, 2)
                     else {"@type": "ImageObject", "contentUrl": f"{SITE}/city/{row['image']}"})
    if row["lat"] is not None:
        geo = {"@type": "GeoCoordinates", "latitude": row["lat"], "longitude": row["lon"]}
        if variant in (1, 2):
            geo = {**geo, "latitude": str(row["lat"]), "longitude": str(row["lon"])}
        if variant == 1:
            node["geo"] = geo
        else:
            node["contentLocation"] = {"@type": "Place", "name": CITY, "geo": geo}
    if variant == 2:
        return {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": row["title"]}, node]}
    if variant == 3:
        return [{"@type": "BreadcrumbList", "itemListElement": []}, node]
    return node


def _write_listing(folder: Path, rows: list[dict]) -> None:
    pages = [rows[start:start + PAGE_SIZE] for start in range(0, len(rows), PAGE_SIZE)]
    names = ["index.html"] + [f"page-{n}.html" for n in range(2, len(pages) + 1)]
    for number, (name, artworks) in enumerate(zip(names, pages), 1):
        next_href = names[number] if number < len(pages) else None
        _write_html(folder / name, "listing.html", city=CITY, number=number, artworks=artworks,
                    other_site=OTHER_SITE, next_href=next_href, previous_href=names[number - 2] if number > 1 else None,
                    anchor_rel=number % 2 == 1, link_next=number == 2)


def _write_html(path: Path, template: str, **context) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_TEMPLATES.get_template(template).render(**context), encoding="utf-8")


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
