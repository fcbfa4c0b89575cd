"""The city's public-art catalogue: what each artwork is (the hidden truth) and how the city
publishes it (its own words for the medium, its own quirks), traps included.

Each neighbourhood favours some media, so a classifier that sees them should find that media
depend on the neighbourhood. The traps real sites have: records without coordinates, a title
that looks like a script, an image that is not there (404), a detail page whose JSON-LD is
broken, one artwork in the Mill Pond (inside Old Town's outline, in its hole), one a hair's
breadth from a border, and a few in the suburbs outside every neighbourhood.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sampleworld.city.geography import NEIGHBOURHOODS, SUBURBS, border_point, point_in, pond_point
from sampleworld.vocabulary import MEDIA, MOODS

# artworks per neighbourhood, and the weight of each medium there (MEDIA order:
# 3d_graphics, comic, graphite, oilpaint, pen_ink, vectorart, watercolor)
PLAN = {
    "Harbour": (32, (1, 3, 0.5, 0.5, 0.5, 4, 0.5)),
    "Old Town": (32, (0.5, 0.5, 1, 4, 1, 0.5, 3)),
    "Canal Quarter": (28, (0.5, 1, 3, 0.5, 3, 1, 0.5)),
    "Hillside": (24, (0.5, 0.5, 1, 2, 1, 1, 3)),
    "Northgate": (24, (4, 1, 0.5, 0.5, 0.5, 2, 0.5)),
}
N_SUBURBS = 3
N_WITHOUT_COORDINATES = 4
# how the city's catalogue words each medium: mural materials, not BAM's media
PUBLISHED_WORDS = {
    "3d_graphics": ("mosaic", "digital print on aluminium", "Ceramic tile"),
    "comic": ("acrylic and marker", "aerosol, outlined in black", "Acrylic"),
    "graphite": ("charcoal on render", "graphite and lime wash", "sgraffito"),
    "oilpaint": ("oil on panel", "Oil paint", "acrylic on canvas"),
    "pen_ink": ("ink on paper, wheatpasted", "wheatpaste", "India ink"),
    "vectorart": ("spray paint", "Spray paint and stencil", "aerosol"),
    "watercolor": ("mineral wash", "silicate paint", "fresco secco"),
}
ADJECTIVES = ("Blue", "Quiet", "Salt", "Paper", "Iron", "Golden", "Hidden", "Last", "Morning", "Northern", "Little",
              "Broken", "Green", "Harbour", "Lantern")
NOUNS = ("Heron", "Tide", "Garden", "Bicycle", "Lighthouse", "Market", "Orchard", "Staircase", "Fox", "Ferry",
         "Window", "Choir", "Kite", "Bridge", "Whale")
ARTISTS = ("Ines Morrow", "Tomas Vell", "the Quayside Collective", "Amara Okafor", "Jun Seo", "Lotte Brandt",
           "R. Castellanos", "Mira Haddad", "Children of Canal School", "Oskar Lind")
SCRIPT_TITLE = "<script>alert(1)</script>"
COLUMNS = ["id", "osm_type", "osm_id", "title", "artist", "medium", "mood", "published", "year", "lon", "lat",
           "neighbourhood", "image", "trap", "seed"]


def catalogue(seed: int = 0) -> pd.DataFrame:
    """One row per artwork; `lon`/`lat` NaN where the city never geocoded it, `image` empty where
    its picture is missing, `neighbourhood` the true one (empty outside every neighbourhood)."""
    rng = np.random.default_rng([seed, 8])
    places: list[tuple[str, tuple[float, float] | None]] = []
    for name, (count, _) in PLAN.items():
        places += [(name, point_in(NEIGHBOURHOODS[name], rng)) for _ in range(count)]
    places += [("", point_in(SUBURBS, rng)) for _ in range(N_SUBURBS)]
    places += [("", pond_point()), ("Harbour", border_point())]
    places += [("", None)] * N_WITHOUT_COORDINATES
    order = rng.permutation(len(places))
    rows = []
    for number, index in enumerate(order, 1):
        neighbourhood, point = places[index]
        weights = np.array(PLAN.get(neighbourhood or "Hillside")[1], dtype=float)
        medium = MEDIA[rng.choice(len(MEDIA), p=weights / weights.sum())]
        artwork_id = f"PA-{number:04d}"
        rows.append({
            "id": artwork_id,
            "osm_type": "way" if number % 7 == 0 else ("relation" if point is None else "node"),
            "osm_id": 900_000 + number,
            "title": f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}",
            "artist": str(rng.choice(ARTISTS)),
            "medium": medium,
            "mood": MOODS[rng.integers(len(MOODS))],
            "published": str(rng.choice(PUBLISHED_WORDS[medium])),
            "year": int(rng.integers(1995, 2025)),
            "lon": point[0] if point else np.nan,
            "lat": point[1] if point else np.nan,
            "neighbourhood": neighbourhood,
            "image": f"images/{artwork_id}.jpg",
            "trap": "no_coordinates" if point is None else "",
            "seed": seed * 10_000 + number,
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    _set_trap(frame, "script_title", title=SCRIPT_TITLE)
    _set_trap(frame, "missing_image", image="images/missing.jpg")
    _set_trap(frame, "malformed_page")
    return frame


def _set_trap(frame: pd.DataFrame, trap: str, **values) -> None:
    """Give the trap to the first geocoded artwork of Hillside that has none yet."""
    row = frame.index[(frame["trap"] == "") & (frame["neighbourhood"] == "Hillside")][0]
    frame.loc[row, "trap"] = trap
    for column, value in values.items():
        frame.loc[row, column] = value
