"""The PNGs a user looks at: sample grids, learning curves, confusion matrices.

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
from sklearn.metrics import confusion_matrix

from storage.image_store import open_address
from storage.labels import display_name

CELL_INCHES = 1.4
THUMBNAIL_PIXELS = 160
DPI = 110
PART_NAMES = {"cnn": "CNN", "features": "feature model"}  # the parts of a blended run (`classifier.blend`)


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


HEAD_MEASURES = (("medium", "accuracy"), ("medium", "loss"), ("emotion", "accuracy"), ("emotion", "loss"))
TRAIN_STYLE = {"color": "C0", "linestyle": "-", "marker": "o"}
VALIDATION_STYLE = {"color": "C3", "linestyle": "--", "marker": "s"}


def history_plot(history: pd.DataFrame, out: Path, *, best_epoch: int | None = None) -> Path:
    return _save(history_figure(history, best_epoch), out)


def history_figure(history: pd.DataFrame, best_epoch: int | None = None) -> Figure:
    """Accuracy and loss per epoch for both heads (from the CSV log), one panel each: train
    solid blue with dots, validation dashed red with squares, whole-number epochs from 1, and
    the best epoch (1-based) marked when given."""
    epochs = history["epoch"] + 1
    figure = Figure(figsize=(11, 7))
    for ax, (head, measure) in zip(figure.subplots(2, 2).flat, HEAD_MEASURES):
        for prefix, name, style in (("", "train", TRAIN_STYLE), ("val_", "validation", VALIDATION_STYLE)):
            column = f"{prefix}{head}_{measure}"
            if column in history:
                ax.plot(epochs, history[column], label=name, markersize=4, **style)
        if best_epoch is not None:
            ax.axvline(best_epoch, color="0.4", linestyle=":", label=f"best epoch ({best_epoch})")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel(measure)
        ax.set_title(f"{head.capitalize()} head: {measure}")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    figure.suptitle("Learning curves: train vs validation")
    figure.tight_layout()
    return figure


def confusion_plot(true: np.ndarray, predicted: np.ndarray, keys: list[str], title: str, out: Path) -> Path:
    """Confusion matrix of class codes (indices of `keys`); classes in neither are left out."""
    present = np.union1d(true, predicted).astype(int)
    matrix = confusion_matrix(true, predicted, labels=present)
    return confusion_matrix_plot(matrix, [keys[i] for i in present], title, out)


def confusion_matrix_plot(matrix, labels: list[str], title: str, out: Path) -> Path:
    return _save(confusion_figure(matrix, labels, title), out)


def confusion_figure(matrix, labels: list[str], title: str) -> Figure:
    """Each cell shows its count and its share of the true class's row; the colour is the
    share (a colour bar says how much), so classes of different sizes compare at a glance."""
    counts = np.asarray(matrix, dtype=int)
    rows = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, rows, out=np.zeros(counts.shape), where=rows > 0)
    names = [display_name(label) for label in labels]
    # constrained layout keeps the title (a figure title, over the matrix and its colour bar) clear of the bar
    figure = Figure(figsize=(1.1 * len(names) + 3.2, 0.95 * len(names) + 2.6), layout="constrained")
    ax = figure.subplots()
    shown = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for (row, column), n in np.ndenumerate(counts):
        ax.text(column, row, f"{n:,}\n{shares[row, column]:.0%}", ha="center", va="center", fontsize=9,
                color="white" if shares[row, column] > 0.6 else "black")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), [f"{name} ({n:,})" for name, n in zip(names, rows[:, 0])])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class (images)")
    figure.suptitle(title, wrap=True)
    figure.colorbar(shown, ax=ax, label="share of the true class")
    return figure


def _show(ax, path: str) -> None:
    """The picture (a store address), small; a broken file says so in its cell instead of failing the grid."""
    try:
        with Image.open(open_address(path)) as image:
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
