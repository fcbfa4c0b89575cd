"""Published labels with the real dataset's flaws: scores whose argmax is wrong for about 10% of
modules (mostly where the top score is low and barely ahead), and crowd votes with a few errors.
"""

from __future__ import annotations

import numpy as np

from sampleworld.vocabulary import CONTENTS, EMOTION_COLUMNS, MEDIA, MEDIA_COLUMNS, MOODS

WRONG_SHARE = 0.10  # argmax on a wrong class
CONFIDENT_WRONG_SHARE = 0.2  # of those, how many still look confident
AMBIGUOUS_RIGHT_SHARE = 0.10  # right argmax but a small lead
LOWEST_SCORE = -23.0
CROWD_SHARE = 0.20
CROWD_ERROR = 0.03
LABELS = np.array(["positive", "negative", "unsure"], dtype=object)
POSITIVE, NEGATIVE, UNSURE = range(3)
AUTOMATIC_POSITIVE_ABOVE = -2.5  # automatic labels: positive above, negative below the second bound
AUTOMATIC_NEGATIVE_BELOW = -8.0


def class_scores(rng: np.random.Generator, truth: np.ndarray, n_classes: int, noisy: bool = True) -> np.ndarray:
    """Scores in -23..0 (higher = more confident) for one attribute group, given each row's true class.

    Confident rows lead by 2.5-9 with a top near 0; ambiguous rows lead by less than 1.5 with a
    top of -2 to -8, and most wrong argmaxes are ambiguous ones whose runner-up is the truth.
    """
    n = len(truth)
    if noisy:
        wrong = rng.random(n) < WRONG_SHARE
        ambiguous = np.where(wrong, rng.random(n) >= CONFIDENT_WRONG_SHARE, rng.random(n) < AMBIGUOUS_RIGHT_SHARE)
    else:
        wrong = ambiguous = np.zeros(n, dtype=bool)
    top_class = np.where(wrong, (truth + rng.integers(1, n_classes, n)) % n_classes, truth)
    runner_class = np.where(wrong, truth, (truth + rng.integers(1, n_classes, n)) % n_classes)
    top = np.where(ambiguous, -rng.uniform(2, 8, n), -rng.uniform(0, 2.5, n))
    lead = np.where(ambiguous, rng.uniform(0.01, 1.5, n), rng.uniform(2.5, 9, n))
    scores = (top - lead - rng.uniform(0.2, 14, (n_classes, n))).T
    rows = np.arange(n)
    scores[rows, runner_class] = top - lead
    scores[rows, top_class] = top
    return np.clip(scores, LOWEST_SCORE, 0).astype(np.float32)


def all_scores(rng: np.random.Generator, medium: np.ndarray, mood: np.ndarray, noisy: bool = True) -> np.ndarray:
    """The 20 score columns in SCORE_COLUMNS order: content, emotion, media."""
    n = len(medium)
    content = -rng.uniform(3, 23, (n, len(CONTENTS)))
    content[np.arange(n), rng.integers(len(CONTENTS), size=n)] = -rng.uniform(0, 3, n)
    return np.hstack([content.astype(np.float32), class_scores(rng, mood, len(MOODS), noisy),
                      class_scores(rng, medium, len(MEDIA), noisy)])


def crowd_votes(rng: np.random.Generator, mid: np.ndarray, medium: np.ndarray, mood: np.ndarray):
    """(mid, attribute, label) rows for about a fifth of the modules, sorted by mid then attribute.

    The true medium is voted positive (a few percent err), one to three other media mostly
    negative or unsure, and half the voted modules get an emotion row.
    """
    chosen = np.flatnonzero(rng.random(len(mid)) < CROWD_SHARE)
    m = len(chosen)
    others = np.argsort(rng.random((m, len(MEDIA) - 1)), axis=1)[:, :3] + 1
    n_others = rng.integers(1, 4, m)
    mids, attributes, labels = [mid[chosen]], [np.asarray(MEDIA_COLUMNS, dtype=object)[medium[chosen]]], []
    labels.append(np.where(rng.random(m) < CROWD_ERROR, rng.choice([NEGATIVE, UNSURE], m), POSITIVE))
    for k in range(3):
        keep = n_others > k
        other = (medium[chosen] + others[:, k]) % len(MEDIA)
        mids.append(mid[chosen][keep])
        attributes.append(np.asarray(MEDIA_COLUMNS, dtype=object)[other[keep]])
        labels.append(rng.choice([NEGATIVE, UNSURE, POSITIVE], keep.sum(), p=[0.85, 0.12, 0.03]))
    with_emotion = rng.random(m) < 0.5
    positive_emotion = rng.random(m) < 0.6
    emotion = np.where(positive_emotion, mood[chosen], (mood[chosen] + rng.integers(1, len(MOODS), m)) % len(MOODS))
    mids.append(mid[chosen][with_emotion])
    attributes.append(np.asarray(EMOTION_COLUMNS, dtype=object)[emotion[with_emotion]])
    labels.append(np.where(positive_emotion, POSITIVE, NEGATIVE)[with_emotion])
    mids, attributes, labels = np.concatenate(mids), np.concatenate(attributes), np.concatenate(labels)
    order = np.lexsort((attributes.astype(str), mids))
    return mids[order], attributes[order], LABELS[labels[order]]
