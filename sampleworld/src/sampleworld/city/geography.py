"""The imaginary city of Port Aurel: its neighbourhoods as GeoJSON and where artworks stand.

It lies in the open Atlantic (around 40° W, 30° N), so no real place is ever mistaken for it.
The map is a 12 x 8 grid of 0.01° cells: five neighbourhoods sharing borders exactly; Old Town
has a hole (the Mill Pond, no neighbourhood); Northgate is a MultiPolygon with an island; a few
artworks stand in the suburbs, outside every neighbourhood.
"""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, Polygon, box, mapping

CITY = "Port Aurel"
WEST, SOUTH, CELL = -40.10, 30.00, 0.01


def _cells(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return box(WEST + x0 * CELL, SOUTH + y0 * CELL, WEST + x1 * CELL, SOUTH + y1 * CELL)


MILL_POND = _cells(5, 1.5, 7, 3)
NEIGHBOURHOODS = {
    "Harbour": _cells(0, 0, 4, 4),
    "Old Town": Polygon(_cells(4, 0, 8, 4).exterior.coords, [MILL_POND.exterior.coords]),
    "Canal Quarter": _cells(8, 0, 12, 4),
    "Hillside": _cells(0, 4, 6, 8),
    "Northgate": _cells(6, 4, 12, 8).union(_cells(12.5, 6, 13.5, 7)),  # a MultiPolygon: the island
}
SUBURBS = _cells(-3, -2, 0, 0)  # south-west of the Harbour, outside every neighbourhood
# two large districts: fewer, larger areas, for a chi-square test that small counts do not void
DISTRICTS = {"South Bank": _cells(0, 0, 12, 4), "North Bank": _cells(0, 4, 12, 8).union(_cells(12.5, 6, 13.5, 7))}


def neighbourhoods_geojson() -> dict:
    return _areas_geojson(NEIGHBOURHOODS, "neighbourhoods")


def districts_geojson() -> dict:
    return _areas_geojson(DISTRICTS, "districts")


def _areas_geojson(shapes: dict, kind: str) -> dict:
    return {"type": "FeatureCollection", "name": f"{CITY} {kind} (synthetic)", "features": [
        {"type": "Feature", "properties": {"name": name, "number": number}, "geometry": mapping(shape)}
        for number, (name, shape) in enumerate(shapes.items(), 1)]}


def point_in(shape, rng: np.random.Generator) -> tuple[float, float]:
    """A uniform random (lon, lat) inside `shape` (holes respected), rounded as portals do."""
    west, south, east, north = shape.bounds
    while True:
        lon, lat = round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)
        if shape.contains(Point(lon, lat)):
            return lon, lat


def pond_point() -> tuple[float, float]:
    """The middle of the Mill Pond: inside Old Town's outline, but in its hole."""
    return round(MILL_POND.centroid.x, 6), round(MILL_POND.centroid.y, 6)


def border_point() -> tuple[float, float]:
    """A millionth of a degree inside the Harbour from its border with Old Town."""
    return round(WEST + 4 * CELL - 1e-6, 6), round(SOUTH + 2 * CELL, 6)
