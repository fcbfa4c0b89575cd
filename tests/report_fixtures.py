"""A small but complete `MEDIUM_HOME` for the report tests: a tiny store with crawl
failures, public artworks (one titled like a script), a tiny model trained, evaluated and
used to predict, a recorded import of a folder that declares itself synthetic, and
hand-written explain and neighbourhood files that follow the interfaces of CONTRACTS.md.
Nothing here depends on the explain or public-art code."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from sqlalchemy import insert, update

from medium.cli import main
from classifier_fixtures import MEDIUM_COLOURS, FixtureImage, add_images, make_store, solid
from storage.bam_import import ImportSummary
from storage.bam_options import ImportOptions
from storage.db import open_database
from storage.records import record_crawl, record_import
from storage.models import Artwork, Image, Status

RUN = "tiny"
TINY = ["--image-size", "32", "--width", "8", "--depth", "2", "--batch-size", "8"]
SCRIPT_TITLE = "<script>alert(1)</script>"
ODD_ARTIST = "Ann & <i>Bo</i>"
ODD_REASON = "HTTP 503 <b>after</b> 2 attempt(s)"
NOTICE = "synthetic sample world: made for the report tests"
CHI_SENTENCE = "Predicted media do not depend on the neighbourhood here (p = 0.41)."
FIDELITY = 0.913
TRANSFER_GROUPS = ("narrow pictures", "wide pictures")


@pytest.fixture(scope="session")
def report_home(tmp_path_factory) -> Path:
    """The home, built once for the report tests and the browser test (shared through conftest)."""
    home = tmp_path_factory.mktemp("report-home")
    build_home(home)
    return home


def build_home(home: Path) -> None:
    config = make_store(home, split_sizes={"train": 3, "val": 2, "test": 2})
    _crawl_outcomes(config)
    _public_art(config)
    _import_record(home)
    assert main(["--home", str(home), "train", *TINY, "--epochs", "2", "--run-id", RUN]) == 0
    assert main(["--home", str(home), "evaluate", RUN]) == 0
    assert main(["--home", str(home), "evaluate", RUN, "--dataset", str(_transfer_set(home))]) == 0
    assert main(["--home", str(home), "predict", RUN, "--source", "public_art"]) == 0
    write_explanation(config.runs_dir / RUN / "explain")
    write_neighbourhoods(home / "neighbourhoods" / "public_art")


def _crawl_outcomes(config) -> None:
    """Failed, invalid and missing images with their reasons, and the record of their crawl."""
    outcomes = [(Status.FAILED, ODD_REASON)] * 3 + [(Status.INVALID, "not an image: cannot identify")] * 2 \
        + [(Status.MISSING, "HTTP 404")]
    with open_database(config.db_url).begin() as connection:
        for i, (status, reason) in enumerate(outcomes):
            connection.execute(insert(Image).values(
                source="bam", source_id=f"problem-{i}", url=f"https://example.invalid/{i}.jpg", medium="comic",
                split="train", status=status.value, error=reason, attempts=2))
        connection.execute(update(Image).where(Image.status == Status.DONE).values(bytes=1000))
    record_crawl(config.home, "bam_images", {
        "spider": "bam_images", "source": "bam", "finish_reason": "finished", "started": "2026-11-29T10:00:00+00:00",
        "finished": "2026-11-29T10:00:20+00:00", "seconds": 20.0, "images": {"done": 49, "missing": 1, "failed": 3,
                                                                                "invalid": 2},
        "images_per_second": 2.75, "response_bytes": 1_250_000})


def _public_art(config) -> None:
    ids = add_images(config, [FixtureImage(solid(MEDIUM_COLOURS[medium]), None, None, None, 900 + i, source="public_art")
                              for i, medium in enumerate(("comic", "oilpaint", "watercolor"))])
    artworks = [(SCRIPT_TITLE, ODD_ARTIST, "spray paint", "North"), ("Blue Wall", "Cy", "acrylic", "North"),
                ("Harbour", None, "mosaic", None)]
    with open_database(config.db_url).begin() as connection:
        for n, ((title, artist, medium, area), image_id) in enumerate(zip(artworks, ids)):
            connection.execute(insert(Artwork).values(
                source="testcity", source_id=str(n), title=title, artist=artist, medium_text=medium, year=2001 + n,
                lat=41.0 + n / 100, lon=-87.0, neighbourhood=area, image_id=image_id))


def _import_record(home: Path) -> None:
    world = home / "world"
    world.mkdir()
    (world / "world.json").write_text(json.dumps({"n_images": 7, "notice": NOTICE}))
    options = ImportOptions(min_margin=1.5, media=("comic", "oilpaint"), per_class=40).checked()
    record_import(home, world / "bam.sqlite", options,
                  ImportSummary(labelled=120, imported=80, dead=3, new=80, per_class={"comic": 40, "oilpaint": 40}))


def _transfer_set(home: Path) -> Path:
    """Six pictures in two groups (`TRANSFER_GROUPS`), named by the labels.csv's style column."""
    folder = home / "transfer"
    rows = ["path,medium,style"]
    for medium in ("comic", "graphite", "watercolor"):
        (folder / medium).mkdir(parents=True)
        for i in range(2):
            PILImage.fromarray(solid(MEDIUM_COLOURS[medium], (40 + 4 * i, 36))).save(folder / medium / f"{i}.png")
            rows.append(f"{medium}/{i}.png,{medium},{TRANSFER_GROUPS[i]}")
    (folder / "labels.csv").write_text("\n".join(rows) + "\n")
    return folder


def _png(path: Path, colour: tuple[int, int, int], size=(120, 80)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.fromarray(solid(colour, size)).save(path)


def write_explanation(folder: Path) -> None:
    """What `medium explain RUN` writes, per CONTRACTS.md, plus a cache that must stay behind."""
    _png(folder / "importance.png", (200, 120, 40))
    _png(folder / "pixel_maps" / "comic.png", (40, 120, 200))
    _png(folder.parent / "escape.png", (0, 0, 0))  # named by metrics.json, but outside the folder
    (folder / "features.npz").write_bytes(np.zeros(4).tobytes())
    (folder / "index.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>explain'
                                       '</title></head><body><img src="importance.png" alt="importance"></body></html>')
    metrics = {"fidelity": {"test": FIDELITY, "train": 0.97}, "accuracy": {"cnn": 0.81, "surrogate": 0.77},
               "features": 24, "images": 49, "seconds": 12.5,
               "top_features": {"comic": [{"feature": "halftone periodicity", "direction": "+", "mean_abs_shap": 0.42},
                                          {"feature": "share of flat regions", "direction": "+", "mean_abs_shap": 0.2},
                                          {"feature": "saturation mean", "direction": "-", "mean_abs_shap": 0.1}]},
               "files": {"importance": "importance.png", "pixel_maps": ["pixel_maps/comic.png", "../escape.png"]}}
    (folder / "metrics.json").write_text(json.dumps(metrics))


def write_neighbourhoods(folder: Path) -> None:
    """What `medium neighbourhoods RUN` writes, per CONTRACTS.md."""
    folder.mkdir(parents=True)
    _png(folder / "bars.png", (90, 160, 90))
    _png(folder / "map.png", (160, 90, 160))
    (folder / "table.csv").write_text("neighbourhood,medium,count,share\nNorth,comic,3,0.75\nNorth,oilpaint,1,0.25\n"
                                      "South,oilpaint,2,1.0\n")
    (folder / "published_vs_predicted.csv").write_text(f"published,comic,oilpaint\nspray paint,2,0\n{SCRIPT_TITLE},0,1\n")
    summary = {"source": "public_art", "run": RUN, "artworks": 3, "predicted": 3, "neighbourhoods": ["North", "South"],
               "chi_square": {"statistic": 1.8, "dof": 1, "p_value": 0.41, "warning": None,
                              "rule": "every expected count at least 5", "sentence": CHI_SENTENCE},
               "files": {"table": "table.csv", "bars": "bars.png", "map": "map.png",
                         "published_vs_predicted": "published_vs_predicted.csv"},
               "notice": "synthetic sample city: made for the report tests"}
    (folder / "summary.json").write_text(json.dumps(summary))
