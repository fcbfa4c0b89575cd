"""`medium audit RUN`, stage by stage: check the inputs, read every stored labelled image's
features (at the run's input size, as its feature model reads them), judge each head's labels
out of sample (`analysis.audit.ranking`), write the suspects, their pictures and the page.

Checks come first and import nothing heavy, so bad input writes nothing. The audit is built
in a partial folder that replaces `runs/RUN/audit/` only when complete; the feature cache is
the one `medium explain` keeps in the run folder (the same stored images, the same features),
so either verb reads what the other computed.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select

from analysis.audit import DEFAULT_PICTURES
from analysis.audit.ranking import FILTER_BY, FOLDS, QUALITY_METHOD, TREES
from analysis.explain.build import FEATURE_CACHE
from classifier.dataset import HEADS, NO_LABEL, labelled_images
from classifier.params import TrainParams
from classifier.runs import finished_run, run_dir, write_json
from classifier.suspects import AUDIT_DIR, COLUMNS, SUSPECTS_FILE
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.models import Image, Run
from storage.store import recorded_store

SUMMARY_FILE = "summary.json"
MARGINS = {"medium": "medium_margin", "emotion": "emotion_margin"}


@dataclass
class Inputs:
    run: Run
    images: pd.DataFrame  # stored labelled images of every split, with source_id and the BAM margins
    pictures: int  # suspects shown per class


def checked_inputs(config: Config, run_id: str, pictures: int = DEFAULT_PICTURES) -> Inputs:
    """The run and the images to audit, or a `UserError` saying in one sentence why not."""
    if pictures < 1:
        raise UserError(f"--top must be at least 1, not {pictures}")
    engine = open_database(config.db_url, create=False)
    run = finished_run(engine, run_id)
    images = labelled_images(engine, recorded_store(engine, config).images)
    if images.empty:
        raise UserError("there are no stored images with a medium label to audit; import and crawl some first")
    projects = images["project_id"].fillna(-images["id"]).nunique()
    if projects < FOLDS or images["medium"].nunique() < 2:
        raise UserError(f"an audit needs images of at least two media from at least {FOLDS} projects "
                        f"(its {FOLDS} folds keep each project whole); there are {projects} projects")
    return Inputs(run, _with_margins(engine, images), pictures)


def _with_margins(engine, images: pd.DataFrame) -> pd.DataFrame:
    """The images with their source id and BAM margins (read for every labelled row at once:
    a list of a million ids would be over a database's limit of bound parameters)."""
    query = (select(Image.id, Image.source_id, Image.medium_margin, Image.emotion_margin)
             .where(Image.medium.is_not(None), Image.path.is_not(None)))
    with engine.connect() as connection:
        extra = pd.DataFrame(connection.execute(query).all(), columns=["id", "source_id", *MARGINS.values()])
    return images.merge(extra, on="id", how="left")


def audit(config: Config, inputs: Inputs, seed: int = 0) -> dict:
    """Write `runs/<id>/audit/` (suspects.csv, summary.json, index.html, pictures) and return the summary."""
    from analysis.audit.ranking import label_issues, out_of_sample_probabilities
    from analysis.explain.feature_cache import model_input_features

    started = time.monotonic()
    folder = run_dir(config, inputs.run.id)
    images = inputs.images
    size = TrainParams.from_dict(inputs.run.params).image_size  # as the run's feature model and explain see them
    features = model_input_features(images["id"].to_numpy(), images["path"].tolist(), size,
                                    folder / FEATURE_CACHE).to_numpy()
    readable = ~np.isnan(features).any(axis=1)
    if not readable.any():
        raise UserError(f"none of the {len(images)} stored labelled images could be read")
    groups = images["project_id"].fillna(-images["id"]).to_numpy()
    tables, heads = [], {}
    for head, keys in HEADS.items():
        rows = readable & (images[head].to_numpy() != NO_LABEL)
        present = np.unique(images[head].to_numpy()[rows])
        if len(present) < 2:
            heads[head] = {"audited": 0, "note": f"fewer than two {head} classes are labelled: nothing to compare"}
            continue
        labels = np.searchsorted(present, images[head].to_numpy()[rows])
        probabilities = out_of_sample_probabilities(features[rows], labels, groups[rows], seed)
        issues = label_issues(labels, probabilities)
        table = _suspect_rows(head, images[rows], present, keys, issues)
        tables.append(table)
        heads[head] = _head_summary(table, labels, probabilities)
    suspects = pd.concat(tables, ignore_index=True)
    summary = {"run": inputs.run.id, "images": len(images), "unreadable": int((~readable).sum()),
               "method": {"features": "the 20 interpretable features",
                          "model": f"RandomForestClassifier ({TREES} trees)", "folds": FOLDS,
                          "grouped_by": "project_id", "cleanlab_filter_by": FILTER_BY, "quality": QUALITY_METHOD,
                          "seed": seed},
               "heads": heads, "seconds": round(time.monotonic() - started, 1)}
    _write(folder, suspects, summary, inputs.pictures)
    return summary


def _suspect_rows(head: str, images: pd.DataFrame, present: np.ndarray, keys: list[str],
                  issues: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({
        "rank": issues["rank"].to_numpy(), "head": head, "image_id": images["id"].to_numpy(),
        "source_id": images["source_id"].to_numpy(), "split": images["split"].to_numpy(),
        "published": [keys[code] for code in images[head].to_numpy()],
        "suggested": [keys[code] for code in present[issues["suggested"].to_numpy()]],
        "quality": issues["quality"].round(6).to_numpy(), "flagged": issues["flagged"].to_numpy(),
        "bam_margin": images[MARGINS[head]].to_numpy(), "path": images["path"].to_numpy()})
    return table.sort_values("rank", ignore_index=True)


def _head_summary(table: pd.DataFrame, labels: np.ndarray, probabilities: np.ndarray) -> dict:
    flagged = table[table["flagged"] == 1]
    counts = table.groupby("published").size()
    return {"audited": len(table), "flagged": len(flagged),
            "out_of_sample_agreement": round(float((probabilities.argmax(axis=1) == labels).mean()), 4),
            "per_class": {key: {"labelled": int(n), "flagged": int((flagged["published"] == key).sum())}
                          for key, n in counts.items()}}


def _write(folder, suspects: pd.DataFrame, summary: dict, pictures: int) -> None:
    """Build the audit folder under a partial name, then swap it in whole."""
    from analysis.audit.page import write_page  # matplotlib, for the thumbnails

    partial = folder / f".{AUDIT_DIR}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        suspects[COLUMNS].to_csv(partial / SUSPECTS_FILE, index=False)
        write_json(partial / SUMMARY_FILE, summary)
        write_page(partial, suspects, summary, pictures)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    target, old = folder / AUDIT_DIR, folder / f".{AUDIT_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)
