"""The suspects an audit found (`medium audit RUN` writes `runs/RUN/audit/suspects.csv`) and
which of them a training run or an evaluation leaves out.

The file is the contract between the audit (in `analysis`) and the verbs that act on it (train
and evaluate, here in `classifier`): one row per audited image and head, most suspect first.
Light on purpose (pandas only): the CLI reads it before TensorFlow loads. The database's
labels are never changed: leaving an image out is a choice of one run, recorded in its params.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from storage.config import Config
from storage.errors import UserError

AUDIT_DIR = "audit"
SUSPECTS_FILE = "suspects.csv"
# rank: 1 = most likely wrong, per head; quality: cleanlab's label quality score (0..1, low =
# likely wrong); flagged: 1 where cleanlab's find_label_issues calls the label an issue
COLUMNS = ["rank", "head", "image_id", "source_id", "split", "published", "suggested", "quality", "flagged",
           "bam_margin"]
EXCLUDED_HEAD = "medium"  # an image whose medium is suspect is left out; a mood suspect alone is only listed


class Suspects(NamedTuple):
    """The images an audit suspects, and how they were chosen (in words, for a report)."""

    audit_run: str
    selection: str
    ids: set[int]


def suspects_path(config: Config, run_id: str) -> Path:
    return config.runs_dir / run_id / AUDIT_DIR / SUSPECTS_FILE


def read_suspects(config: Config, run_id: str) -> pd.DataFrame:
    """The audit of run `run_id`, or a `UserError` saying how to make one."""
    path = suspects_path(config, run_id)
    if not path.is_file():
        raise UserError(f"run {run_id} has no audit ({path} is missing); run `medium audit {run_id}` first")
    table = pd.read_csv(path, dtype={"source_id": str, "split": str, "published": str, "suggested": str})
    missing = sorted(set(COLUMNS) - set(table.columns))
    if missing:
        raise UserError(f"{path} is not an audit's file: it lacks the column(s) {', '.join(missing)}")
    return table


def check_selection(top: int | None, threshold: float | None) -> None:
    """`--top` and `--threshold` are alternatives, each within its range."""
    if top is not None and threshold is not None:
        raise UserError("give --top or --threshold, not both")
    if top is not None and top < 1:
        raise UserError(f"--top must be at least 1, not {top}")
    if threshold is not None and not (math.isfinite(threshold) and 0 < threshold <= 1):
        raise UserError(f"--threshold is a label quality between 0 (excluded) and 1, not {threshold}")


def excluded_ids(suspects: pd.DataFrame, top: int | None = None, threshold: float | None = None) -> set[int]:
    """Ids of the images to leave out, by their medium label: the `top` most suspect, those
    whose label quality is below `threshold`, or (neither given) those cleanlab flagged."""
    check_selection(top, threshold)
    rows = suspects[suspects["head"] == EXCLUDED_HEAD].sort_values("rank")
    if top is not None:
        rows = rows.head(top)
    elif threshold is not None:
        rows = rows[rows["quality"] < threshold]
    else:
        rows = rows[rows["flagged"] == 1]
    return set(rows["image_id"].astype(int))


def selection_words(top: int | None, threshold: float | None) -> str:
    if top is not None:
        return f"the {top} most suspect medium labels"
    if threshold is not None:
        return f"medium labels of quality below {threshold}"
    return "the medium labels cleanlab flagged"


def add_selection_flags(parser: argparse.ArgumentParser, *, top_dest: str = "top",
                        threshold_dest: str = "threshold") -> None:
    """`--exclude-suspects RUN [--top N | --threshold T]`, shared by train and evaluate."""
    group = parser.add_argument_group("label audit (see `medium audit`)")
    group.add_argument("--exclude-suspects", metavar="RUN", dest="exclude_suspects",
                       help="leave out the images whose medium label the audit of run RUN suspects "
                            "(the database's labels stay as imported)")
    group.add_argument("--top", metavar="N", type=int, dest=top_dest,
                       help="with --exclude-suspects: only the N most suspect (default: those cleanlab flagged)")
    group.add_argument("--threshold", metavar="T", type=float, dest=threshold_dest,
                       help="with --exclude-suspects: those whose label quality (0..1) is below T")


def chosen_suspects(config: Config, run_id: str, top: int | None, threshold: float | None) -> Suspects:
    ids = excluded_ids(read_suspects(config, run_id), top, threshold)
    return Suspects(run_id, selection_words(top, threshold), ids)


def checked_flags(run_id: str | None, top: int | None, threshold: float | None) -> None:
    """`--top`/`--threshold` need `--exclude-suspects`; each is in range."""
    if run_id is None and (top is not None or threshold is not None):
        raise UserError("--top and --threshold choose among suspects; give --exclude-suspects RUN too")
    check_selection(top, threshold)
