"""The sample city: one imaginary city's public art, published in the four formats of real
portals (GeoJSON, Socrata, Overpass, JSON-LD pages), with its neighbourhoods as GeoJSON and
murals rendered in the seven media. Everything here is synthetic.

Layout of a city folder:
    site/                   what the loopback server serves at /city/ (see `site.py`)
    neighbourhoods.geojson  the neighbourhoods (property `name`), for `-a areas=`
    districts.geojson       two large districts, for `medium neighbourhoods --areas` (fewer, larger areas)
    catalogue.csv           the hidden truth: true medium and neighbourhood of every artwork, traps
    city.json               the build's parameters, written last: a matching one means "already built"
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sampleworld.builds import RenderJob, render_files, stamp_matches, write_stamp
from sampleworld.city.catalogue import catalogue
from sampleworld.city.geography import CITY, districts_geojson, neighbourhoods_geojson
from sampleworld.city.site import write_site

FORMAT = 2  # bump when the layout changes, so old cities are rebuilt
NOTICE = f"synthetic sample city ({CITY}): its artworks, artists and places do not exist"
IMAGE_WIDTH = 320  # the crawler stores 256 px on the longest side
# where the server publishes each format, relative to its base URL
URLS = {"geojson": "city/api/artworks.geojson", "socrata": "city/resource/murals.json",
        "overpass": "city/api/interpreter?data=%5Bout%3Ajson%5D%3Bnwr%5Btourism%3Dartwork%5D%3Bout%20center%3B",
        "jsonld": "city/art/"}


@dataclass(frozen=True)
class City:
    directory: Path
    catalogue: pd.DataFrame = field(repr=False)

    @property
    def areas(self) -> Path:
        return self.directory / "neighbourhoods.geojson"

    @property
    def districts(self) -> Path:
        return self.directory / "districts.geojson"

    @property
    def site(self) -> Path:
        return self.directory / "site"


def build_city(directory: str | Path, seed: int = 0) -> City:
    """Build (or find already built) the sample city in `directory`."""
    directory = Path(directory)
    parameters = {"format": FORMAT, "seed": seed, "notice": NOTICE}
    if stamp_matches(directory / "city.json", parameters):
        return load_city(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("site", "catalogue.csv", "neighbourhoods.geojson", "districts.geojson", "city.json"):
        target = directory / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    artworks = catalogue(seed)
    write_site(directory / "site", artworks)
    shown = artworks[artworks["trap"] != "missing_image"]
    render_files([RenderJob(row.medium, row.mood, row.seed, directory / "site" / row.image, width=IMAGE_WIDTH)
                  for row in shown.itertuples()])
    for path, areas in ((directory / "neighbourhoods.geojson", neighbourhoods_geojson()),
                        (directory / "districts.geojson", districts_geojson())):
        path.write_text(json.dumps(areas, indent=1) + "\n")
    artworks.to_csv(directory / "catalogue.csv", index=False)
    write_stamp(directory / "city.json", parameters)
    return load_city(directory)


def load_city(directory: str | Path) -> City:
    directory = Path(directory)
    if not (directory / "city.json").is_file():
        raise FileNotFoundError(f"{directory} is not a sample city (no city.json); build one first")
    frame = pd.read_csv(directory / "catalogue.csv", keep_default_na=False, na_values={"lat": [""], "lon": [""]},
                        dtype={"neighbourhood": str, "trap": str})
    return City(directory, frame)


def is_city(directory: str | Path) -> bool:
    return (Path(directory) / "city.json").is_file()
