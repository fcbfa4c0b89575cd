"""Train/val/test assignment: stratified by medium, grouped by project.

Modules of one Behance project share an artist and a style, so a project split
across train and test would leak. Whole projects are therefore dealt out, and the
deal is stratified by each project's dominant medium with scikit-learn's
`train_test_split`. (`StratifiedGroupKFold` gives the same two properties but
walks the groups in Python: 40 s for 100k projects, far too slow for BAM's 2.3M
modules; this takes about a second.)

At small sizes a stratified deal still comes out lumpy (a class of four projects may land
wholly in train), so the deal is mended afterwards: every class with at least one project
per split gets a project in each split that has a share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from storage.models import DEFAULT_SPLIT_FRACTIONS, Split


def assign_splits(
    labels: np.ndarray,
    groups: np.ndarray,
    *,
    fractions: tuple[float, float, float] = DEFAULT_SPLIT_FRACTIONS,
    seed: int = 0,
    fixed: dict[int, str] | None = None,
) -> np.ndarray:
    """Return one split name per row.

    `labels` and `groups` are per row (class codes and project ids). Groups found in
    `fixed` (project -> split, from an earlier import) keep their split, so that a
    re-import never moves a project and never lets one span two splits.
    """
    if not np.isclose(sum(fractions), 1.0) or min(fractions) < 0:
        raise ValueError(f"split fractions must be non-negative and sum to 1, got {fractions}")
    dominant = _dominant_label(groups, labels)
    fixed = fixed or {}
    known = dominant.index.isin(list(fixed)) if fixed else np.zeros(len(dominant), bool)

    by_group = pd.Series(pd.NA, index=dominant.index, dtype="object")
    if known.any():
        by_group[known] = [fixed[g] for g in dominant.index[known]]
    new = dominant[~known]
    if len(new):
        by_group[new.index] = _deal(new.index.to_numpy(), new.to_numpy(), fractions, seed)
    return by_group.reindex(groups).to_numpy(dtype=object)


def _dominant_label(groups: np.ndarray, labels: np.ndarray) -> pd.Series:
    """Each group's most frequent label (vectorised: a per-group `value_counts` takes minutes)."""
    counts = pd.DataFrame({"group": groups, "label": labels}).value_counts().reset_index(name="n")
    counts = counts.sort_values(["group", "n"], ascending=[True, False], kind="stable")
    return counts.drop_duplicates("group").set_index("group")["label"]


def _deal(groups: np.ndarray, strata: np.ndarray, fractions, seed: int) -> np.ndarray:
    """Deal groups into train/val/test in the given fractions, stratified when possible."""
    train_fraction, val_fraction, test_fraction = fractions
    out = np.full(len(groups), Split.TRAIN.value, dtype=object)
    held_fraction = val_fraction + test_fraction
    if held_fraction == 0 or len(groups) < 3:
        return out
    indices = np.arange(len(groups))
    train, held = _split(indices, strata, held_fraction, seed)
    out[held] = Split.TEST.value
    if val_fraction and len(held) > 1:
        _, val = _split(held, strata[held], val_fraction / held_fraction, seed + 1)
        out[val] = Split.VAL.value
    wanted = [split.value for split, fraction in zip(Split, fractions) if fraction > 0]
    _give_every_class_each_split(out, strata, wanted, np.random.default_rng(seed))
    return out


def _give_every_class_each_split(out: np.ndarray, strata: np.ndarray, wanted: list[str],
                                 rng: np.random.Generator) -> None:
    """Where a class with a project per wanted split has none in one, move one of its
    projects there from the split that holds most of them (which then holds two or more)."""
    for label in pd.unique(strata):
        members = np.flatnonzero(strata == label)
        if len(members) < len(wanted):
            continue
        for split in wanted:
            if (out[members] == split).any():
                continue
            splits, counts = np.unique(out[members], return_counts=True)
            donors = members[out[members] == splits[counts.argmax()]]
            out[rng.choice(donors)] = split


def _split(indices: np.ndarray, strata: np.ndarray, fraction: float, seed: int):
    """`train_test_split`, stratified unless a class is too rare to be split."""
    from sklearn.model_selection import train_test_split  # a second of import: only when splitting

    counts = pd.Series(strata).value_counts()
    n_held = max(1, round(fraction * len(indices)))
    stratify = strata if counts.min() >= 2 and len(counts) <= n_held <= len(indices) - len(counts) else None
    return train_test_split(indices, test_size=n_held, stratify=stratify, random_state=seed)
