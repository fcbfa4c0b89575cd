"""`scrapy crawl public_art` end to end: the real spider against the sample city served on
loopback, each format, its traps, re-crawls on both engines, and every bad input."""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pandas as pd
import pytest
from sqlalchemy import select

from crawling import PROJECT_ROOT, crawl_env, requests_per_path
from portal import serve, stop
from sampleworld import build_city, running_server
from sampleworld.city import URLS
from sampleworld.city.catalogue import SCRIPT_TITLE
from sampleworld.city.geography import NEIGHBOURHOODS, border_point, pond_point
from sampleworld.city.site import PAGE_SIZE
from crawler.sources.spec import source_spec
from storage.db import open_database
from storage.models import Artwork, Image, Prediction

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")]
QUICK = {"LOG_LEVEL": "INFO", "AUTOTHROTTLE_START_DELAY": "0", "LOGSTATS_INTERVAL": "0", "DOWNLOAD_TIMEOUT": "5", "RETRY_TIMES": "1"}


def crawl(home, *arguments: str, db_url: str | None = None) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `scrapy crawl public_art -a ...`; return the process and its final stats (from -s STATS_DUMP)."""
    command = [sys.executable, "-m", "scrapy", "crawl", "public_art"]
    for name, value in QUICK.items():
        command += ["-s", f"{name}={value}"]
    for argument in arguments:
        command += ["-a", argument]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=crawl_env(home, db_url), capture_output=True, text=True,
                            timeout=180)
    return result, _stats(result.stderr)


def _stats(log: str) -> dict:
    """The counters of Scrapy's closing stats dump that are ours or Scrapy's plain integers."""
    stats = {}
    for line in log.split("Dumping Scrapy stats:", 1)[-1].splitlines():
        key, _, value = line.strip(" {},").partition("': ")
        if value.isdigit():
            stats[key.strip("'")] = int(value)
    return stats


def tables(db_url: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with open_database(db_url).connect() as connection:
        return (pd.read_sql(select(Artwork), connection).set_index("source_id").sort_index(),
                pd.read_sql(select(Image), connection).set_index("id").sort_index())


def with_truth(artworks: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Stored rows beside the catalogue's truth; the truth's clashing columns end in `_truth`."""
    return artworks.merge(truth, left_index=True, right_index=True, how="left", suffixes=("", "_truth"))


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return build_city(tmp_path_factory.mktemp("city") / "city", seed=0)


@pytest.fixture(scope="module")
def served(city, tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "requests.log"
    with running_server(city.directory, request_log=log) as base:
        yield base, log


def located(city) -> pd.DataFrame:
    """The artworks the city geocoded (the ones a crawl must store), by id."""
    return city.catalogue[city.catalogue["lat"].notna()].set_index("id")


@pytest.fixture(scope="module")
def jsonld(city, served, tmp_path_factory):
    """One JSON-LD crawl with neighbourhoods, shared by the tests that read its results."""
    base, log = served
    home = tmp_path_factory.mktemp("jsonld")
    before = requests_per_path(log)
    result, stats = crawl(home, "source=samplecity", f"url={base}{URLS['jsonld']}", f"areas={city.areas}")
    assert result.returncode == 0, result.stderr[-3000:]
    return home, stats, requests_per_path(log) - before


def test_jsonld_maps_every_variant_and_skips_the_traps(city, jsonld):
    home, stats, _ = jsonld
    artworks, images = tables(f"sqlite:///{home / 'medium.db'}")
    truth = located(city)
    expected = truth[truth["trap"] != "malformed_page"]
    assert set(artworks.index) == set(expected.index)
    assert (artworks["source"] == "samplecity").all()
    joined = with_truth(artworks, expected)
    assert (joined["title"] == joined["title_truth"]).all() and (joined["artist"] == joined["artist_truth"]).all()
    assert (joined["medium_text"] == joined["published"]).all() and (joined["year"] == joined["year_truth"]).all()
    assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(joined["lat"], joined["lat_truth"]))
    assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(joined["lon"], joined["lon_truth"]))
    assert (joined["neighbourhood"].fillna("") == joined["neighbourhood_truth"]).all()
    assert artworks.loc[expected.index[expected["trap"] == "script_title"][0], "title"] == SCRIPT_TITLE  # raw
    assert stats["public_art/records/skipped/no_coordinates"] == (city.catalogue["trap"] == "no_coordinates").sum()
    assert stats["public_art/pages/malformed"] == 1


def test_jsonld_pictures_go_through_the_image_pipeline(city, jsonld):
    home, stats, _ = jsonld
    artworks, images = tables(f"sqlite:///{home / 'medium.db'}")
    pictures = images.loc[artworks["image_id"]]
    assert (pictures["source"] == "public_art").all()
    missing = artworks.index[artworks["image_id"].map(images["status"]) == "missing"]
    assert list(city.catalogue.set_index("id").loc[missing, "trap"]) == ["missing_image"]
    done = pictures[pictures["status"] == "done"]
    assert len(done) == len(artworks) - 1 and stats["medium/status/done"] == len(done)
    assert all((home / "images" / path).is_file() for path in done["path"])


def test_jsonld_follows_every_listing_page_once_and_nothing_off_site(city, jsonld):
    _, stats, requests = jsonld
    n_pages = math.ceil(len(city.catalogue) / PAGE_SIZE)
    listings = ["/city/art/"] + [f"/city/art/page-{n}.html" for n in range(2, n_pages + 1)]
    assert [requests[page] for page in listings] == [1] * n_pages
    assert all(requests[f"/city/art/{artwork_id}.html"] == 1 for artwork_id in city.catalogue["id"])
    assert requests["/city/art/elsewhere.html"] == 0 and stats["offsite/filtered"] >= 1  # the twin-town link
    assert requests["/city/drafts/unpublished.html"] == 0 and stats["robotstxt/forbidden"] == 1


def test_neighbourhoods_respect_the_hole_and_the_border(city, jsonld):
    home, _, _ = jsonld
    artworks, _ = tables(f"sqlite:///{home / 'medium.db'}")
    truth = located(city)

    def at(point):
        (artwork_id,) = truth.index[(truth["lon"] == point[0]) & (truth["lat"] == point[1])]
        return artworks.loc[artwork_id, "neighbourhood"]

    assert pd.isna(at(pond_point()))  # inside Old Town's outline, in its hole
    assert at(border_point()) == "Harbour"  # a millionth of a degree from Old Town
    saved = json.loads((home / "areas" / "samplecity.geojson").read_text())  # for `medium neighbourhoods` to draw
    assert [feature["properties"]["name"] for feature in saved["features"]] == list(NEIGHBOURHOODS)


def test_predict_and_neighbourhoods_run_on_the_crawled_city(city, jsonld, capsys):
    """A tiny model (trained on the classifier fixtures' store in the same home) classifies the
    crawled murals; `medium neighbourhoods` then reads them with the areas the crawl recorded."""
    from medium.cli import main
    from classifier_fixtures import make_store

    home, stats, _ = jsonld
    make_store(home, split_sizes={"train": 2, "val": 1, "test": 1})
    tiny = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8", "--epochs", "1"]
    assert main(["--home", str(home), "train", *tiny, "--run-id", "tiny"]) == 0
    assert main(["--home", str(home), "predict", "tiny", "--source", "public_art"]) == 0
    with open_database(f"sqlite:///{home / 'medium.db'}").connect() as connection:
        predictions = pd.read_sql(select(Prediction), connection)
    assert len(predictions) == stats["medium/status/done"]
    capsys.readouterr()
    assert main(["--home", str(home), "neighbourhoods", "tiny"]) == 0
    summary = json.loads((home / "neighbourhoods" / "samplecity" / "summary.json").read_text())
    assert summary["predicted"] == len(predictions) and summary["artworks"] == stats["public_art/records/stored"]
    assert summary["neighbourhoods"] == sorted(NEIGHBOURHOODS)
    assert summary["chi_square"]["sentence"] in capsys.readouterr().out


def test_geojson_mapping_malformed_feature_and_bbox(city, served, tmp_path):
    base, _ = served
    west_half = "-40.10,29.9,-40.04,30.1"
    result, stats = crawl(tmp_path, "format=geojson", f"url={base}{URLS['geojson']}", "name=city-geojson",
                          f"bbox={west_half}")
    assert result.returncode == 0, result.stderr[-3000:]
    artworks, images = tables(f"sqlite:///{tmp_path / 'medium.db'}")
    truth = located(city)
    inside = truth[(truth["lon"] >= -40.10) & (truth["lon"] <= -40.04)]
    assert set(artworks.index) == set(inside.index)
    assert stats["public_art/records/skipped/outside_bbox"] == len(truth) - len(inside)
    assert stats["public_art/records/skipped/no_coordinates"] == len(city.catalogue) - len(truth)
    assert stats["public_art/records/malformed"] == 1
    joined = with_truth(artworks, inside)
    assert (joined["medium_text"] == joined["published"]).all() and joined["neighbourhood"].isna().all()
    assert images["url"].str.startswith(base.replace("127.0.0.1", "localhost")).all()  # pictures on another host
    assert (images["status"] == "done").sum() == len(artworks) - (inside["trap"] == "missing_image").sum()


def test_socrata_pages_until_a_short_page_each_once(city, served, tmp_path):
    base, log = served
    result, stats = crawl(tmp_path, "format=socrata", f"url={base}{URLS['socrata']}?$limit=40",
                          "fields=image:photo_url", "name=city-socrata")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [line.split(" ")[1] for line in log.read_text().splitlines() if "/murals.json" in line]
    last_full = len(city.catalogue) // 40 * 40  # the page after the last full one is short (maybe empty)
    assert pages == [f"/city/resource/murals.json?$limit=40&$order=:id&$offset={offset}"
                     for offset in range(0, last_full + 1, 40)]
    artworks, images = tables(f"sqlite:///{tmp_path / 'medium.db'}")
    truth = located(city)
    assert set(artworks.index) == set(truth.index)
    joined = with_truth(artworks, truth)
    assert (joined["title"] == joined["title_truth"]).all() and (joined["year"] == joined["year_truth"]).all()
    assert stats["medium/status/done"] == len(truth) - (truth["trap"] == "missing_image").sum()


def test_overpass_nodes_and_way_centres(city, served, tmp_path):
    base, _ = served
    result, stats = crawl(tmp_path, "format=overpass", f"url={base}{URLS['overpass']}", "name=city-osm")
    assert result.returncode == 0, result.stderr[-3000:]
    artworks, _ = tables(f"sqlite:///{tmp_path / 'medium.db'}")
    truth = located(city)
    published = {f"{row.osm_type}/{row.osm_id}": ", ".join(filter(None, ["mural", row.published]))
                 for row in truth.itertuples()}  # the city tags every artwork artwork_type=mural
    assert artworks["medium_text"].to_dict() == published
    assert any(source_id.startswith("way/") for source_id in artworks.index)  # placed by their centre
    assert stats["public_art/records/skipped/no_coordinates"] == len(city.catalogue) - len(truth)


def test_recrawl_updates_and_never_duplicates(city, served, tmp_path, db_url):
    base, log = served
    arguments = ("format=geojson", f"url={base}{URLS['geojson']}", "name=recrawl")
    first, _ = crawl(tmp_path, *arguments, db_url=db_url)
    assert first.returncode == 0, first.stderr[-3000:]
    artworks, images = tables(db_url)
    engine = open_database(db_url)
    with engine.begin() as connection:  # a stale title that the next crawl must put right
        connection.execute(Artwork.__table__.update().where(Artwork.source_id == artworks.index[0])
                           .values(title="stale"))
    before = requests_per_path(log)
    again, stats = crawl(tmp_path, *arguments, "areas=" + str(city.areas), db_url=db_url)
    assert again.returncode == 0, again.stderr[-3000:]
    artworks_again, images_again = tables(db_url)
    assert len(artworks_again) == len(artworks) and len(images_again) == len(images)
    assert (artworks_again["id"] == artworks["id"]).all() and (artworks_again["title"] == artworks["title"]).all()
    assert artworks_again["neighbourhood"].notna().any()  # updated by the second crawl's areas
    image_requests = sum(n for path, n in (requests_per_path(log) - before).items() if path.startswith("/city/images/"))
    assert image_requests == 0 and "medium/status/done" not in stats  # pictures already done are not fetched again


def test_overpass_reads_kind_and_material_and_skips_elements_that_are_not_artworks(tmp_path):
    """A realistic answer of `nwr[tourism=artwork]; out body; >; out skel;`: most artworks say
    only their kind, few their material; the ways' bare nodes and a tagged non-artwork come too."""
    artwork = {"tourism": "artwork"}
    elements = [
        {"type": "node", "id": 1, "lat": 41.9, "lon": -87.6, "tags": {**artwork, "artwork_type": "mural"}},
        {"type": "node", "id": 2, "lat": 41.8, "lon": -87.7,
         "tags": {**artwork, "artwork_type": "statue", "material": "bronze"}},
        {"type": "way", "id": 3, "center": {"lat": 41.7, "lon": -87.6}, "nodes": [10, 11, 12],
         "tags": {**artwork, "material": "mosaic"}},
        {"type": "node", "id": 4, "lat": 41.6, "lon": -87.6, "tags": {**artwork, "name": "untold"}},
        *({"type": "node", "id": node, "lat": 41.7, "lon": -87.6} for node in (10, 11, 12)),
        {"type": "node", "id": 13, "lat": 41.7, "lon": -87.6, "tags": {"highway": "crossing"}},
    ]
    portal = serve()
    try:
        portal.files = {"/api/interpreter": [(200, {"Content-Type": "application/json"},
                                               json.dumps({"version": 0.6, "elements": elements}).encode())]}
        result, stats = crawl(tmp_path, "format=overpass", f"url={portal.base}/api/interpreter", "name=osm")
    finally:
        stop(portal)
    assert result.returncode == 0, result.stderr[-3000:]
    artworks, _ = tables(f"sqlite:///{tmp_path / 'medium.db'}")
    assert artworks["medium_text"].fillna("(none)").to_dict() == {
        "node/1": "mural", "node/2": "statue, bronze", "way/3": "mosaic", "node/4": "(none)"}
    assert stats["public_art/records/skipped/not_artwork"] == 4


@pytest.mark.parametrize("arguments, sentence", [
    (("format=shapefile", "url={url}"), "unknown format 'shapefile'"),
    (("source=atlantis",), "unknown source 'atlantis'"),
    (("format=geojson", "url={url}", "fields=title"), "bad fields entry 'title'"),
    (("format=geojson", "url={url}", "fields=colour:paint"), "bad fields entry 'colour:paint'"),
    (("format=geojson", "url={url}", "bbox=1,2,3"), "is not four numbers"),
    (("format=geojson", "url={url}", "bbox=10,0,5,1"), "needs -180 <= W < E <= 180"),
    (("format=geojson", "url={url}", "areas={missing}"), "areas file not found"),
    (("format=geojson", "url={url}", "areas={points}"), "not a Polygon or MultiPolygon"),
    (("format=geojson",), "give -a source=NAME"),
])
def test_bad_input_is_one_sentence_exit_2_nothing_written(city, served, tmp_path, arguments, sentence):
    base, log = served
    points = tmp_path / "points.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}))
    places = {"url": f"{base}{URLS['geojson']}", "missing": tmp_path / "nope.geojson", "points": points}
    before = requests_per_path(log)
    home = tmp_path / "home"
    result, _ = crawl(home, *(argument.format(**places) for argument in arguments))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("scrapy crawl public_art: ")]
    assert len(errors) == 1 and sentence in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert requests_per_path(log) == before  # nothing fetched
    assert not home.exists() or not any(home.iterdir())  # no database, no image folder, no areas


@pytest.fixture
def refusing_port():
    """`port -> port`: bind a loopback port without listening, so every connection to it is refused
    (for the test's length, whatever else runs on this host)."""
    with socket.socket() as first, socket.socket() as second:
        sockets = iter((first, second))

        def bound(port: int = 0) -> int:
            sock = next(sockets)
            sock.bind(("127.0.0.1", port))
            return sock.getsockname()[1]

        yield bound


def unreadable_source(result: subprocess.CompletedProcess) -> str:
    """The one sentence of a crawl whose source could not be read (exit 1, no summary, no traceback)."""
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "next: medium" not in result.stdout
    [line] = [line for line in result.stderr.splitlines() if line.startswith("scrapy crawl public_art: ")]
    return line


def test_a_source_nothing_listens_on_is_one_sentence_exit_1(tmp_path, refusing_port):
    url = f"http://127.0.0.1:{refusing_port()}/art.geojson"
    result, _ = crawl(tmp_path, "format=geojson", f"url={url}")
    assert unreadable_source(result).startswith(f"scrapy crawl public_art: could not read {url}: ")


def test_a_source_that_answers_404_is_one_sentence_exit_1(served, tmp_path):
    url = f"{served[0]}city/api/nosuch.geojson"
    result, _ = crawl(tmp_path, "format=geojson", f"url={url}")
    assert unreadable_source(result) == f"scrapy crawl public_art: could not read {url}: HTTP status 404"


def test_the_sample_city_not_served_at_its_port_says_how_to_serve_it(tmp_path, refusing_port):
    registered = source_spec("samplecity").url
    refusing_port(urlsplit(registered).port)
    result, _ = crawl(tmp_path, "source=samplecity")
    line = unreadable_source(result)
    assert f"could not read {registered}: " in line and "medium sample-world serve" in line


def test_the_city_is_served_beside_a_world_and_built_by_the_cli(city, tmp_path, capsys):
    from medium.cli import main
    from sampleworld import build_world

    assert main(["--home", str(tmp_path), "sample-world", "city", str(city.directory)]) == 0  # already built
    assert f"{len(city.catalogue)} artworks" in capsys.readouterr().out
    world = build_world(tmp_path / "world", 3, seed=1)
    cdn_path = urlsplit(world.manifest["src"].iloc[0]).path
    with running_server(world.directory, city=city.directory) as base:
        for path in (cdn_path, "city/art/", "city/api/artworks.geojson"):
            with urlopen(base + path.lstrip("/")) as answer:
                assert answer.status == 200
        with pytest.raises(HTTPError) as missing:
            urlopen(base + "city/images/missing.jpg")
        assert missing.value.code == 404
