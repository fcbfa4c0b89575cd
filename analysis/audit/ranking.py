"""Out-of-sample probabilities and confident learning: which published labels are likely wrong.

An image's own label must not have trained the model that judges it: a model that saw the
label has learnt it, noise included, and then agrees with it. So every image is judged by
gradient-boosted trees on the interpretable features (`classifier.features`, as the run's
feature model reads them) fitted on the other folds, with whole projects kept in one fold
(modules of a project share an artist and a style, and a style seen in training would vouch
for its own labels). cleanlab's confident learning then compares those probabilities with
the published labels, class by class (`find_label_issues`), and scores every label's quality.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
from threadpoolctl import threadpool_limits

FOLDS = 5
FILTER_BY = "prune_by_noise_rate"  # cleanlab's default: flag the labels least like their class, as many as it estimates are wrong
QUALITY_METHOD = "self_confidence"  # the out-of-sample probability of the published label


def out_of_sample_probabilities(features: np.ndarray, labels: np.ndarray, groups: np.ndarray, seed: int,
                                folds: int = FOLDS) -> np.ndarray:
    """Per row, the probabilities (over the classes present, in sorted order) of trees that
    never saw the row's project. Classes weigh alike, as in the run's feature model.

    One OpenMP thread, as for the feature model: spin-waiting threads on a busy shared host
    made such fits many times slower."""
    model = HistGradientBoostingClassifier(class_weight="balanced", random_state=seed)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    with threadpool_limits(limits=1, user_api="openmp"), warnings.catch_warnings():
        # a class with fewer projects than folds is in some folds only; its probabilities there are 0
        warnings.filterwarnings("ignore", message=".*least populated class.*", category=UserWarning)
        return cross_val_predict(model, features, labels, groups=groups, cv=splitter, method="predict_proba")


def label_issues(labels: np.ndarray, probabilities: np.ndarray) -> pd.DataFrame:
    """Per row (labels are codes 0..K-1 of the probabilities' columns): `quality` (cleanlab's
    label quality score, low = likely wrong), `flagged` (find_label_issues), `suggested`
    (the most probable class) and `rank` (1 = most suspect, by quality)."""
    from cleanlab.filter import find_label_issues
    from cleanlab.rank import get_label_quality_scores

    flagged = find_label_issues(labels, probabilities, filter_by=FILTER_BY, n_jobs=1)
    quality = get_label_quality_scores(labels, probabilities, method=QUALITY_METHOD)
    order = np.lexsort((np.arange(len(labels)), ~flagged, quality))  # lowest quality first; ties: flagged first
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(1, len(labels) + 1)
    return pd.DataFrame({"quality": quality, "flagged": flagged.astype(int),
                         "suggested": probabilities.argmax(axis=1), "rank": rank})
