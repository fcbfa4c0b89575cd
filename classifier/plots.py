"""The PNGs a user looks at: sample grids, training curves, confusion matrices.

Figures are built with `matplotlib.figure.Figure` directly (no pyplot state, no GUI
backend), so plotting works in threads, tests and headless hosts alike.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image
from sklearn.metrics import ConfusionMatrixDisplay

from storage.labels import EMOTIONS, MEDIA

CELL_INCHES = 1.4
THUMBNAIL_PIXELS = 160
DPI = 110
NAMES = {**MEDIA, **EMOTIONS}


def display_name(key: str) -> str:
    """`Oil Paint` for `oilpaint`, the key itself when it is not a class key."""
    return NAMES.get(key, key)


def image_grid(rows: dict[str, list[Path]], title: str, out: Path, *, counts: dict[str, int] | None = None) -> Path:
    """A grid with one row per class, labelled with its display name and its image count
    (`counts[key]` when given, e.g. all stored images of the class, else the row's length)."""
    n_columns = max((len(paths) for paths in rows.values()), default=0) or 1
    figure = Figure(figsize=(CELL_INCHES * n_columns + 1.6, CELL_INCHES * max(len(rows), 1) + 0.6))
    axes = figure.subplots(max(len(rows), 1), n_columns, squeeze=False)
    for axes_row, (key, paths) in zip(axes, rows.items()):
        n = (counts or {}).get(key, len(paths))
        for column, ax in enumerate(axes_row):
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_frame_on(column < len(paths))
            if column < len(paths):
                _show(ax, paths[column])
        axes_row[0].set_ylabel(f"{display_name(key)}\n({n:,})", rotation=0, ha="right", va="center", fontsize=9)
    figure.suptitle(title)
    figure.tight_layout()
    return _save(figure, out)


def history_plot(history: pd.DataFrame, out: Path) -> Path:
    """Accuracy and loss per epoch, train and validation, for both heads (from the CSV log)."""
    figure = Figure(figsize=(11, 4))
    for ax, measure in zip(figure.subplots(1, 2), ("accuracy", "loss")):
        for head, colour in (("medium", "C0"), ("emotion", "C1")):
            for prefix, style in (("", "-"), ("val_", "--")):
                column = f"{prefix}{head}_{measure}"
                if column in history:
                    label = f"{head} ({'validation' if prefix else 'train'})"
                    ax.plot(history["epoch"] + 1, history[column], style, color=colour, marker=".", label=label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel(measure)
        ax.set_title(f"{measure.capitalize()} per epoch")
        ax.legend()
        ax.grid(alpha=0.3)
    figure.tight_layout()
    return _save(figure, out)


def confusion_plot(true: np.ndarray, predicted: np.ndarray, keys: list[str], title: str, out: Path) -> Path:
    """Row-normalised confusion matrix of class codes (indices of `keys`), named axes."""
    labels = np.arange(len(keys))
    present = np.union1d(true, predicted).astype(int)  # classes in neither would be empty rows
    figure = Figure(figsize=(1.0 * len(present) + 3, 0.9 * len(present) + 2.5))
    ax = figure.subplots()
    ConfusionMatrixDisplay.from_predictions(
        true, predicted, labels=labels[present], display_labels=[display_name(keys[i]) for i in present],
        normalize="true", values_format=".2f", xticks_rotation=45, cmap="Blues", colorbar=False, ax=ax)
    ax.set_title(title)
    figure.tight_layout()
    return _save(figure, out)


def _show(ax, path: Path) -> None:
    """The picture, small; a broken file says so in its cell instead of failing the grid."""
    try:
        with Image.open(path) as image:
            image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            image = image.convert("RGB")
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            ax.imshow(np.asarray(image))
    except (OSError, SyntaxError, ValueError):
        ax.text(0.5, 0.5, "unreadable", ha="center", va="center", fontsize=8, transform=ax.transAxes)


def _save(figure: Figure, out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=DPI)
    return out
