"""The explanation page: `index.html` (a Jinja2 template, autoescaped, so every text that
comes from data is escaped) and `metrics.json`, beside the PNGs they refer to."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from classifier.features import describe
from storage.labels import display_name
from classifier.runs import write_json

PAGE = "index.html"
METRICS = "metrics.json"
HIGH_FIDELITY = 0.85  # above it the surrogate's reasons can be read as the CNN's, mostly
# A CNN less than this far above the better of always-the-majority and a uniform guess has learnt
# next to nothing: a surrogate that imitates it imitates guesswork, so its fidelity says little.
NEAR_CHANCE_MARGIN = 0.10
MEDIA_COUNT = 7


def majority_share(labels) -> float:
    """The accuracy of always answering the most frequent of `labels`."""
    counts = pd.Series(labels).value_counts(normalize=True)
    return float(counts.iloc[0]) if len(counts) else 0.0


def near_chance(cnn_accuracy: float, majority: float | None) -> bool:
    return cnn_accuracy < max(majority or 0.0, 1 / MEDIA_COUNT) + NEAR_CHANCE_MARGIN


def write_page(folder: Path, metrics: dict, test_size: int) -> Path:
    """Write `metrics.json` and `index.html` into `folder`; return the page's path."""
    write_json(folder / METRICS, metrics)
    environment = Environment(loader=PackageLoader("analysis.explain", "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(name=display_name, percent=lambda value: f"{100 * value:.1f}%")
    template = environment.get_template("explain.html")
    features = sorted({item["feature"] for items in metrics["top_features"].values() for item in items})
    page = template.render(m=metrics, test_size=test_size, high=metrics["fidelity"]["test"] >= HIGH_FIDELITY,
                           threshold=HIGH_FIDELITY, uniform=1 / MEDIA_COUNT,
                           near_chance=metrics.get("cnn_near_chance", False),
                           glossary={name: describe(name) for name in features})
    path = folder / PAGE
    path.write_text(page, encoding="utf-8")
    return path
