"""A gradient-boosted surrogate of the CNN: it learns the CNN's medium *predictions* (not
the true labels) from interpretable features, so what explains the surrogate explains,
as far as the two agree, the CNN. How far they agree is the fidelity.

SHAP values come from `shap.TreeExplainer` in its path-dependent mode on the raw
(log-odds) output: exact for trees, fast, and they add up to the surrogate's
`decision_function`. The interventional mode with a background set was tried on
shap 0.51 + scikit-learn 1.9: it missed additivity by ~0.04 on multiclass
HistGradientBoosting and took ~80 times longer, so it is not used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

MAX_ITER = 300
LEARNING_RATE = 0.08
MAX_LEAF_NODES = 15
L2 = 1.0
TOP = 3  # features per medium in the metrics and the page's sentences


def fit_surrogate(features: pd.DataFrame, cnn_classes: np.ndarray, seed: int) -> HistGradientBoostingClassifier:
    """Fit on the CNN's predicted class codes; missing feature values (unreadable files)
    are taken as they are, HistGradientBoosting learns where they go."""
    model = HistGradientBoostingClassifier(max_iter=MAX_ITER, learning_rate=LEARNING_RATE,
                                           max_leaf_nodes=MAX_LEAF_NODES, l2_regularization=L2,
                                           early_stopping=False, random_state=seed)
    return model.fit(features, cnn_classes)


def agreement(predicted: np.ndarray, reference: np.ndarray) -> float:
    """Share of rows where two sets of class codes agree: fidelity (against the CNN) or
    accuracy (against the true labels)."""
    return float(np.mean(np.asarray(predicted) == np.asarray(reference))) if len(predicted) else float("nan")


@dataclass
class SurrogateShap:
    """Per-row, per-feature, per-class SHAP values of the surrogate's raw output."""

    values: np.ndarray  # rows x features x classes
    base: np.ndarray  # rows x classes
    data: pd.DataFrame  # the explained rows' feature values
    classes: np.ndarray  # class codes, in the surrogate's column order

    def raw_output(self) -> np.ndarray:
        """What the values add up to: the surrogate's raw output per row and class."""
        return self.values.sum(axis=1) + self.base


def surrogate_shap(model: HistGradientBoostingClassifier, rows: pd.DataFrame) -> SurrogateShap:
    import shap

    explainer = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent", model_output="raw")
    explanation = explainer(rows)
    values, base = np.asarray(explanation.values), np.asarray(explanation.base_values)
    if values.ndim == 2:  # two classes: one log-odds output, for the second class
        values, base = np.stack([-values, values], axis=-1), np.stack([-base, base], axis=-1)
    return SurrogateShap(values, base, rows, model.classes_)


def raw_output(model: HistGradientBoostingClassifier, rows: pd.DataFrame) -> np.ndarray:
    """The surrogate's raw output as rows x classes (two classes: minus and plus the log-odds)."""
    raw = model.decision_function(rows)
    return np.stack([-raw, raw], axis=-1) if raw.ndim == 1 else raw


def directions(shap_values: SurrogateShap) -> dict[int, dict[str, str]]:
    """Per class code and feature: "+" if larger values push towards the class, "-" if
    they push away (the sign of the correlation between the feature's values and its
    SHAP values; "+" when either is constant)."""
    return {int(code): {name: _direction(shap_values.data[name].to_numpy(), shap_values.values[:, i, column])
                        for i, name in enumerate(shap_values.data.columns)}
            for column, code in enumerate(shap_values.classes)}


def top_features(shap_values: SurrogateShap, n: int = TOP) -> dict[int, list[dict]]:
    """Per class code: the `n` features with the largest mean |SHAP|, with their direction."""
    signs = directions(shap_values)
    names = list(shap_values.data.columns)
    top = {}
    for column, code in enumerate(shap_values.classes):
        importance = np.abs(shap_values.values[:, :, column]).mean(axis=0)
        top[int(code)] = [{"feature": names[i], "direction": signs[int(code)][names[i]],
                           "mean_abs_shap": round(float(importance[i]), 6)} for i in np.argsort(-importance)[:n]]
    return top


def _direction(feature: np.ndarray, shap_column: np.ndarray) -> str:
    known = ~np.isnan(feature)
    if known.sum() < 2 or feature[known].std() == 0 or shap_column[known].std() == 0:
        return "+"
    return "+" if np.corrcoef(feature[known], shap_column[known])[0, 1] >= 0 else "-"
