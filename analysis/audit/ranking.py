"""Out-of-sample probabilities and confident learning: which published labels are likely wrong.

An image's own label must not have trained the model that judges it: a model that saw the
label has learnt it, noise included, and then agrees with it. So every image is judged by a
random forest on the interpretable features (`classifier.features`, which the run's feature
model reads too) fitted on the other folds, with whole projects kept in one fold (modules of
a project share an artist and a style, and a style seen in training would vouch for its own
labels). cleanlab's confident learning then estimates, class by class, how many labels are
wrong and flags that many with the lowest out-of-sample probability of their published label
(`find_label_issues`, `low_self_confidence`), which also ranks every label.

Why a forest and that filter (measured on the sample world, docs/audit.md): the run's own
model, gradient-boosted trees, is as accurate but sure of its mistakes, and cleanlab took
those for label errors (precision 0.38 on the demo's import); a forest's averaged votes stay
unsure where it errs (precision 0.92 at recall 0.77 there).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

FOLDS = 5
TREES = 300
FILTER_BY = "low_self_confidence"  # as many as the confident joint says are wrong, lowest quality first
QUALITY_METHOD = "self_confidence"  # the out-of-sample probability of the published label
PRECISION = 6  # decimals kept: the forest's threads add votes in any order, and the last bits would reorder ties


def out_of_sample_probabilities(features: np.ndarray, labels: np.ndarray, groups: np.ndarray, seed: int,
                                folds: int = FOLDS) -> np.ndarray:
    """Per row, the probabilities (over the classes present, in sorted order) of a forest that
    never saw the row's project. Classes weigh alike, as in the run's feature model."""
    model = RandomForestClassifier(TREES, class_weight="balanced", random_state=seed, n_jobs=-1)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # a class with fewer projects than folds is in some folds only; its probabilities there are 0
        warnings.filterwarnings("ignore", message=".*least populated class.*", category=UserWarning)
        probabilities = cross_val_predict(model, features, labels, groups=groups, cv=splitter, method="predict_proba")
    return probabilities.round(PRECISION)


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
