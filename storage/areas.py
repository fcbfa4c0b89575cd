"""Neighbourhoods: named polygons read from GeoJSON, and which one holds a point.

Both the `public_art` spider (assigning at crawl time) and `medium neighbourhoods --areas`
(re-assigning) use this one room, so the crawler never imports the classifier. Points are
matched with shapely's STRtree and the `covered_by` predicate: holes are respected, and a
point exactly on a shared border goes to the first area in the file that covers it.
GeoJSON puts longitude first; so do all functions here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from shapely.geometry import shape

from storage.artworks import file_safe
from storage.errors import UserError

POLYGON_TYPES = {"Polygon", "MultiPolygon"}
OUTSIDE = "(outside every neighbourhood)"  # how tables and plots name a point no area holds


def recorded_areas_path(home: Path, source: str) -> Path:
    """Where a crawl keeps the areas it assigned with, for `medium neighbourhoods` to draw."""
    return home / "areas" / f"{file_safe(source)}.geojson"


@dataclass(frozen=True)
class Areas:
    names: list[str]
    geometries: list  # shapely Polygons/MultiPolygons, in the file's order
    path: Path

    @classmethod
    def load(cls, path: str | Path, name_property: str = "name") -> Areas:
        """Read a FeatureCollection of Polygons/MultiPolygons; UserError on anything else."""
        path = Path(path)
        if not path.is_file():
            raise UserError(f"areas file not found: {path}")
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
            features = collection["features"] if collection.get("type") == "FeatureCollection" else None
        except (ValueError, UnicodeDecodeError, AttributeError, KeyError, TypeError):
            features = None
        if not isinstance(features, list) or not features:
            raise UserError(f"{path} is not a GeoJSON FeatureCollection of polygons")
        names, geometries = [], []
        for number, feature in enumerate(features, 1):
            geometry = (feature or {}).get("geometry") or {}
            if geometry.get("type") not in POLYGON_TYPES:
                raise UserError(f"feature {number} of {path} is a {geometry.get('type') or 'feature without geometry'}, "
                                "not a Polygon or MultiPolygon")
            name = (feature.get("properties") or {}).get(name_property)
            if name in (None, ""):
                raise UserError(f"feature {number} of {path} has no property {name_property!r} to name it by")
            try:
                polygon = shape(geometry)
            except (ValueError, TypeError, IndexError, shapely.errors.GEOSException):
                raise UserError(f"feature {number} of {path} has coordinates that do not make a polygon") from None
            names.append(str(name))
            geometries.append(polygon if polygon.is_valid else polygon.buffer(0))
        return cls(names, geometries, path)

    def assign(self, lons: Sequence[float], lats: Sequence[float]) -> list[str | None]:
        """The name of the area covering each point, None where none does."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        found: list[str | None] = [None] * len(points)
        if not len(points):
            return found
        point_index, area_index = shapely.STRtree(self.geometries).query(points, predicate="covered_by")
        for point, area in sorted(zip(point_index.tolist(), area_index.tolist()), reverse=True):
            found[point] = self.names[area]  # sorted descending: the first area in the file wins
        return found

    def save(self, path: Path) -> Path:
        """Write as GeoJSON with the names in property `name` (temp file, then rename)."""
        features = [{"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(geometry)}
                    for name, geometry in zip(self.names, self.geometries)]
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
        temporary.replace(path)
        return path

    def name_at(self, lon: float, lat: float) -> str | None:
        return self.assign([lon], [lat])[0]
