"""`medium neighbourhoods`: how a run's predicted media spread over a city's neighbourhoods.

Joins a source's artworks with the run's predictions of their pictures, counts media per
neighbourhood, tests whether medium and neighbourhood are independent (chi-square), draws a
stacked bar chart and a map, and sets what the city published against what the model sees.
Writes `$MEDIUM_HOME/neighbourhoods/<source>/`: table.csv, summary.json, bars.png, map.png
and, where the source publishes a medium, published_vs_predicted.csv.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from sqlalchemy import Engine, and_, select

from classifier.runs import finished_run
from storage.areas import OUTSIDE, Areas, recorded_areas_path
from storage.artworks import file_safe, reassign_neighbourhoods
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.models import Artwork, Prediction

ALPHA = 0.05
RULE = ("Cochran's rule: the chi-square test is trusted only when no expected count is below 1 "
        "and at most 20% of expected counts are below 5.")
PUBLISHED_NOTICE = ("Published media are the source's own words for how a work was made (spray paint, acrylic, "
                    "mosaic, ...), not BAM's seven illustration media: published_vs_predicted.csv shows which "
                    "BAM medium the model finds each material looks like. It is not an accuracy.")


def analyse(config: Config, run_id: str, source: str | None = None, areas_path: Path | None = None) -> dict:
    """Write the folder and return its summary (the contents of summary.json)."""
    from analysis.neighbourhood_plots import bars_chart, map_chart  # matplotlib only when drawing

    engine = open_database(config.db_url, create=False)
    finished_run(engine, run_id)
    source = source or only_source(engine)
    frame = artworks_with_predictions(engine, run_id, source)
    areas = None
    if areas_path is not None:
        areas = Areas.load(areas_path)
        frame["neighbourhood"] = areas.assign(frame["lon"], frame["lat"])
        reassign_neighbourhoods(engine, source, dict(zip(frame["id"], frame["neighbourhood"])))
    elif recorded_areas_path(config.home, source).is_file():
        areas = Areas.load(recorded_areas_path(config.home, source))
    predicted = frame.dropna(subset=["medium"])
    if predicted.empty:
        raise UserError(f"run {run_id} has no predictions for the artworks of {source!r}; "
                        f"run `medium predict {run_id} --source public_art` first")
    out = output_folder(config, source)
    out.mkdir(parents=True, exist_ok=True)
    table = media_table(predicted)
    table.to_csv(out / "table.csv", index=False)
    cross = published_vs_predicted(predicted)
    if cross is not None:
        cross.to_csv(out / "published_vs_predicted.csv")
    bars_chart(table, f"Predicted media per neighbourhood: {source} (run {run_id})", out / "bars.png")
    map_chart(frame, areas, f"Artworks of {source} by predicted medium (run {run_id})", out / "map.png")
    summary = {
        "source": source, "run": run_id, "artworks": len(frame), "predicted": len(predicted),
        "neighbourhoods": sorted(set(predicted["neighbourhood"].dropna())),
        "chi_square": chi_square(predicted),
        "files": {"table": "table.csv", "bars": "bars.png", "map": "map.png",
                  "published_vs_predicted": "published_vs_predicted.csv" if cross is not None else None},
        "notice": PUBLISHED_NOTICE if cross is not None else None,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def output_folder(config: Config, source: str) -> Path:
    return config.home / "neighbourhoods" / file_safe(source)


def only_source(engine: Engine) -> str:
    with engine.connect() as connection:
        sources = connection.execute(select(Artwork.source).distinct().order_by(Artwork.source)).scalars().all()
    if not sources:
        raise UserError("no public-art artworks are stored; crawl some with `scrapy crawl public_art`")
    if len(sources) > 1:
        raise UserError(f"artworks of several sources are stored ({', '.join(sources)}); choose one with --source")
    return sources[0]


def artworks_with_predictions(engine: Engine, run_id: str, source: str) -> pd.DataFrame:
    """Every artwork of `source` with its predicted medium (NaN where its picture has none)."""
    query = (select(Artwork.id, Artwork.title, Artwork.medium_text, Artwork.lat, Artwork.lon, Artwork.neighbourhood,
                    Prediction.medium)
             .outerjoin(Prediction, and_(Prediction.image_id == Artwork.image_id, Prediction.run_id == run_id))
             .where(Artwork.source == source).order_by(Artwork.id))
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).all(), columns=list(query.selected_columns.keys()))
    if frame.empty:
        raise UserError(f"no artworks of source {source!r} are stored")
    return frame


def media_table(predicted: pd.DataFrame) -> pd.DataFrame:
    """Long table: neighbourhood, medium, count, share (of the neighbourhood's predicted artworks)."""
    counts = (predicted.assign(neighbourhood=predicted["neighbourhood"].fillna(OUTSIDE))
              .groupby(["neighbourhood", "medium"]).size().rename("count").reset_index())
    counts["share"] = (counts["count"] / counts.groupby("neighbourhood")["count"].transform("sum")).round(4)
    return counts.sort_values(["neighbourhood", "count"], ascending=[True, False]).reset_index(drop=True)


def chi_square(predicted: pd.DataFrame) -> dict:
    """Test of independence of neighbourhood and predicted medium (artworks inside a neighbourhood)."""
    observed = pd.crosstab(predicted["neighbourhood"].dropna(), predicted["medium"]) if predicted[
        "neighbourhood"].notna().any() else pd.DataFrame()
    result = {"statistic": None, "dof": None, "p_value": None, "warning": None, "rule": RULE}
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        result["warning"] = ("The chi-square test needs artworks in at least two neighbourhoods and at least two "
                             "predicted media; there are "
                             f"{observed.shape[0]} and {observed.shape[1]}.")
        return {**result, "sentence": result["warning"]}
    statistic, p_value, dof, expected = chi2_contingency(observed.to_numpy())
    result |= {"statistic": round(float(statistic), 3), "dof": int(dof)}
    small = float(np.mean(expected < 5))
    if expected.min() < 1 or small > 0.2:
        result["warning"] = (f"Too few artworks for the chi-square test: {small:.0%} of the expected counts are "
                             f"below 5 and the smallest is {expected.min():.2f} (Cochran's rule allows at most "
                             "20% below 5 and none below 1), so no p-value is given; crawl more artworks or use "
                             "fewer, larger areas.")
        return {**result, "sentence": result["warning"]}
    result["p_value"] = float(p_value)
    return {**result, "sentence": _sentence(p_value, statistic, dof, int(observed.to_numpy().sum()))}


def _sentence(p_value: float, statistic: float, dof: int, n: int) -> str:
    test = f"(chi-square = {statistic:.1f}, {dof} degrees of freedom, p = {p_value:.2g}, {n} artworks)"
    if p_value < ALPHA:
        return (f"The predicted medium depends on the neighbourhood {test}: media this uneven across "
                f"neighbourhoods would arise by chance less than {ALPHA:.0%} of the time if they were independent.")
    return (f"No evidence that predicted media differ between neighbourhoods {test}: the differences seen are "
            f"within what chance alone would give at the {ALPHA:.0%} level.")


def published_vs_predicted(predicted: pd.DataFrame) -> pd.DataFrame | None:
    """Counts of published medium text (as the source words it, lower-cased) by predicted medium."""
    published = predicted["medium_text"].dropna().str.strip().str.lower()
    published = published[published != ""]
    if published.empty:
        return None
    return pd.crosstab(published.rename("published medium"), predicted.loc[published.index, "medium"])
