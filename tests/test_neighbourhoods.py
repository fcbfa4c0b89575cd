"""Neighbourhood geometry (storage/areas.py) and `medium neighbourhoods` on rows written
directly: point-in-polygon with a hole and borders, the chi-square test and its warning,
the output folder's contract, and bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image as PILImage
from sqlalchemy import insert, select

from medium.cli import main
from analysis.neighbourhoods import chi_square
from sampleworld.city.geography import (CELL, NEIGHBOURHOODS, SOUTH, WEST, border_point, neighbourhoods_geojson,
                                        pond_point)
from storage.areas import Areas
from storage.artworks import ArtworkRecord, save_artworks
from storage.config import resolve
from storage.db import open_database
from storage.errors import UserError
from storage.models import Artwork, Prediction, Run

SOURCE = "testcity"


@pytest.fixture
def areas_file(tmp_path):
    path = tmp_path / "neighbourhoods.geojson"
    path.write_text(json.dumps(neighbourhoods_geojson()))
    return path


def grid(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a point given in the city's grid cells."""
    return WEST + x * CELL, SOUTH + y * CELL


def test_points_find_their_neighbourhood_holes_and_borders_respected(areas_file):
    areas = Areas.load(areas_file)
    places = {
        "in the Mill Pond (Old Town's hole)": (pond_point(), None),
        "a millionth of a degree inside the Harbour": (border_point(), "Harbour"),
        "a millionth of a degree inside Old Town": ((border_point()[0] + 2e-6, border_point()[1]), "Old Town"),
        "on the Harbour / Old Town border": (grid(4, 2), "Harbour"),  # shared border: the first area in the file
        "on the pond's shore": (grid(5, 2), "Old Town"),  # the hole's edge still belongs to Old Town
        "on the island of Northgate": (grid(13, 6.5), "Northgate"),
        "in the suburbs": (grid(-1, -1), None),
        "at sea between the city and the island": (grid(12.2, 6.5), None),
    }
    lons, lats = zip(*(point for point, _ in places.values()))
    assert dict(zip(places, areas.assign(lons, lats))) == {place: name for place, (_, name) in places.items()}
    assert areas.names == list(NEIGHBOURHOODS)


@pytest.mark.parametrize("content, sentence", [
    (None, "areas file not found"),
    ("not json", "is not a GeoJSON FeatureCollection of polygons"),
    ({"type": "FeatureCollection", "features": []}, "is not a GeoJSON FeatureCollection of polygons"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a"},
                                                  "geometry": {"type": "Point", "coordinates": [1, 2]}}]},
     "is a Point, not a Polygon or MultiPolygon"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"label": "a"}, "geometry": {
        "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}, "has no property 'name'"),
])
def test_bad_areas_files_are_one_sentence(tmp_path, content, sentence):
    path = tmp_path / "areas.geojson"
    if content is not None:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(UserError, match=sentence):
        Areas.load(path)


def observations(counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"neighbourhood": name, "medium": medium}
                         for name, row in counts.items() for medium, n in row.items() for _ in range(n)])


def test_chi_square_warns_instead_of_a_p_value_on_small_counts():
    result = chi_square(observations({"Harbour": {"comic": 3, "oilpaint": 1}, "Old Town": {"comic": 1, "oilpaint": 2}}))
    assert result["p_value"] is None and "Cochran" in result["warning"] and result["sentence"] == result["warning"]
    assert "no expected count is below 1" in result["rule"]


def test_chi_square_finds_dependence_and_independence():
    dependent = chi_square(observations({"Harbour": {"comic": 40, "oilpaint": 10},
                                         "Old Town": {"comic": 10, "oilpaint": 40}}))
    assert dependent["warning"] is None and dependent["p_value"] < 0.05 and dependent["dof"] == 1
    assert dependent["sentence"].startswith("The predicted medium depends on the neighbourhood")
    independent = chi_square(observations({"Harbour": {"comic": 20, "oilpaint": 20},
                                           "Old Town": {"comic": 30, "oilpaint": 30}}))
    assert independent["statistic"] == 0 and independent["p_value"] > 0.05
    assert independent["sentence"].startswith("No evidence")


def test_chi_square_needs_two_neighbourhoods_and_two_media():
    result = chi_square(observations({"Harbour": {"comic": 30, "oilpaint": 30}}))
    assert result["p_value"] is None and "at least two neighbourhoods" in result["warning"]


def seed_predictions(home, plan: list[tuple[tuple[float, float], str | None, str]], run_id: str = "r1"):
    """Artworks of SOURCE at grid points with their published medium text, pictures stored as
    done, and run `run_id`'s prediction of each (None: no picture, so no prediction)."""
    config = resolve(home=home)
    engine = open_database(config.db_url)
    records = [ArtworkRecord(source_id=f"A{i}", title=f"Work {i}", medium_text=published,
                             lon=grid(*point)[0], lat=grid(*point)[1],
                             image_url=f"https://example.invalid/{i}.jpg" if predicted else None)
               for i, (point, predicted, published) in enumerate(plan)]
    save_artworks(engine, SOURCE, records)
    with engine.begin() as connection:
        connection.execute(insert(Run).values(id=run_id, kind="train", status="finished", params={}, metrics={},
                                              model_path=f"runs/{run_id}/model.keras"))
        image_ids = dict(connection.execute(select(Artwork.source_id, Artwork.image_id)).all())
        for i, (_, predicted, _) in enumerate(plan):
            if predicted:
                connection.execute(insert(Prediction).values(
                    image_id=image_ids[f"A{i}"], run_id=run_id, medium=predicted, medium_probability=0.9,
                    emotion="happy", emotion_probability=0.8, probabilities={}))
    return config


def test_neighbourhoods_writes_the_contracted_folder(tmp_path, areas_file, capsys):
    rng = np.random.default_rng(0)
    plan = [((rng.uniform(0.1, 3.9), rng.uniform(0.1, 3.9)), "comic", "Spray paint") for _ in range(30)]
    plan += [((rng.uniform(8.1, 11.9), rng.uniform(0.1, 3.9)), "oilpaint", "acrylic") for _ in range(30)]
    plan += [((1, 1), None, "mosaic"), (pond_point_grid(), "comic", "mosaic")]
    config = seed_predictions(tmp_path, plan)
    assert main(["--home", str(tmp_path), "neighbourhoods", "r1", "--areas", str(areas_file)]) == 0
    out = tmp_path / "neighbourhoods" / SOURCE
    summary = json.loads((out / "summary.json").read_text())
    assert summary["source"] == SOURCE and summary["run"] == "r1"
    assert (summary["artworks"], summary["predicted"]) == (len(plan), len(plan) - 1)
    assert summary["neighbourhoods"] == ["Canal Quarter", "Harbour"]
    assert summary["chi_square"]["p_value"] < 0.05 and summary["chi_square"]["warning"] is None
    assert summary["chi_square"]["sentence"] in capsys.readouterr().out
    assert summary["files"] == {"table": "table.csv", "bars": "bars.png", "map": "map.png",
                                "published_vs_predicted": "published_vs_predicted.csv"}
    assert "not BAM's seven illustration media" in summary["notice"]
    for picture in ("bars.png", "map.png"):
        with PILImage.open(out / picture) as image:
            assert image.format == "PNG" and min(image.size) > 200
    table = pd.read_csv(out / "table.csv")
    assert list(table.columns) == ["neighbourhood", "medium", "count", "share"]
    counts = table.set_index(["neighbourhood", "medium"])["count"].to_dict()
    assert counts == {("Harbour", "comic"): 30, ("Canal Quarter", "oilpaint"): 30,
                      ("(outside every neighbourhood)", "comic"): 1}
    assert table.groupby("neighbourhood")["share"].sum().round(6).eq(1).all()
    cross = pd.read_csv(out / "published_vs_predicted.csv", index_col=0)
    assert cross.loc["spray paint", "comic"] == 30 and cross.loc["acrylic", "oilpaint"] == 30
    assert cross.loc["mosaic"].sum() == 1  # the artwork without a picture has no prediction to cross
    with open_database(config.db_url).connect() as connection:  # --areas re-assigned the stored rows
        stored = dict(connection.execute(select(Artwork.source_id, Artwork.neighbourhood)).all())
    assert stored["A0"] == "Harbour" and stored[f"A{len(plan) - 1}"] is None


def pond_point_grid() -> tuple[float, float]:
    lon, lat = pond_point()
    return (lon - WEST) / CELL, (lat - SOUTH) / CELL


def test_neighbourhoods_bad_input_is_one_sentence(tmp_path, areas_file, capsys):
    seed_predictions(tmp_path, [((1, 1), "comic", "acrylic")])
    cases = {
        ("neighbourhoods", "nope"): "no train run 'nope'",
        ("neighbourhoods", "r1", "--source", "elsewhere"): "no artworks of source 'elsewhere'",
        ("neighbourhoods", "r1", "--areas", str(tmp_path / "missing.geojson")): "areas file not found",
    }
    for arguments, sentence in cases.items():
        assert main(["--home", str(tmp_path), *arguments]) == 2
        error = capsys.readouterr().err
        assert error.startswith("medium neighbourhoods: ") and sentence in error and error.count("\n") == 1
    assert not (tmp_path / "neighbourhoods").exists()
    engine = open_database(resolve(home=tmp_path).db_url)
    with engine.begin() as connection:
        connection.execute(Prediction.__table__.delete())
    assert main(["--home", str(tmp_path), "neighbourhoods", "r1"]) == 2
    assert "run `medium predict r1 --source public_art` first" in capsys.readouterr().err


def test_several_sources_need_a_choice(tmp_path, capsys):
    config = seed_predictions(tmp_path, [((1, 1), "comic", "acrylic")])
    save_artworks(open_database(config.db_url), "othercity", [ArtworkRecord(source_id="B1", lat=1.0, lon=1.0)])
    assert main(["--home", str(tmp_path), "neighbourhoods", "r1"]) == 2
    assert "choose one with --source" in capsys.readouterr().err
    assert main(["--home", str(tmp_path), "neighbourhoods", "r1", "--source", SOURCE]) == 0


def test_the_map_is_drawn_in_kilometres_with_equal_axes_and_a_scale_bar():
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
    from shapely.geometry import box

    from analysis.neighbourhood_plots import map_figure

    # a square of 0.2 degrees at 60 degrees north: 0.2 degrees of longitude there are half as long as 0.2 of latitude
    square = Areas(names=["Square"], geometries=[box(10.0, 60.0, 10.2, 60.2)], path=None)
    frame = pd.DataFrame({"lat": [60.0, 60.2, 60.1], "lon": [10.0, 10.2, 10.1],
                          "medium": ["comic", "oilpaint", None]})
    figure, ax, labels, _ = map_figure(frame, square, "t")
    figure.canvas.draw()
    [outline] = ax.patches
    corners = outline.get_path().vertices
    width, height = np.ptp(corners[:, 0]), np.ptp(corners[:, 1])
    assert height == pytest.approx(22.24, abs=0.05) and width / height == pytest.approx(np.cos(np.radians(60.1)), rel=0.01)
    assert ax.get_aspect() == 1.0  # a kilometre east is drawn as long as a kilometre north
    [bar] = [artist for artist in ax.artists if isinstance(artist, AnchoredSizeBar)]
    assert bar.txt_label.get_text() in ("2 km", "5 km")  # a round length, about a fifth of the width
    assert labels[0].startswith("km east") and labels[1].startswith("km north")
