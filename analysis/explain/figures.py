"""The explanation's pictures: SHAP importance, beeswarms and waterfalls of the surrogate,
pixel maps of the CNN, thumbnails of the images they talk about.

Our own figures use `matplotlib.figure.Figure` (no pyplot state). shap's beeswarm and
waterfall draw on pyplot's current figure; they run on the Agg backend (set before shap
is imported, see `use_agg`) and each figure is closed once saved.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from analysis.explain.surrogate import SurrogateShap
from classifier.plots import DPI
from storage.image_store import open_address
from storage.labels import display_name

BARS = 8  # features per medium in the importance figure
SHAP_DISPLAY = 10  # features in a beeswarm or waterfall
THUMBNAIL = 192  # pixels, longest side of the images shown beside the plots
PAIRS_PER_ROW = 4  # image + map pairs in a row of a pixel-map figure
MAP_SMOOTHING = 3.0  # pixels, Gaussian sigma applied to pixel maps for display
MAP_COLOURS = "bwr"
MAP_SCALE = ("pixel SHAP for the CNN's answer, against each image's strongest pixel: red raised the probability "
             "of the class the CNN chose, blue lowered it; the stronger, the more opaque")
POSITIVE, NEGATIVE = "#d62728", "#1f77b4"  # a larger value pushes towards / away from the class


def use_agg() -> None:
    """shap's plots draw through pyplot: keep it off any GUI backend."""
    matplotlib.use("Agg")


def importance_figure(shap_values: SurrogateShap, keys: list[str], directions: dict[int, dict[str, str]],
                      out: Path) -> Path:
    """One panel per class: the features with the largest mean |SHAP|, red where a larger
    value pushes towards the class, blue where it pushes away."""
    classes = list(shap_values.classes)
    columns = min(4, len(classes))
    rows = -(-len(classes) // columns)
    figure = Figure(figsize=(4.2 * columns, 2.9 * rows), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).ravel()
    names = list(shap_values.data.columns)
    for ax, (column, code) in zip(axes, enumerate(classes)):
        importance = np.abs(shap_values.values[:, :, column]).mean(axis=0)
        order = np.argsort(-importance)[:BARS][::-1]
        colours = [POSITIVE if directions[int(code)].get(names[i], "+") == "+" else NEGATIVE for i in order]
        ax.barh([names[i] for i in order], importance[order], color=colours)
        ax.set_title(display_name(keys[code]))
        ax.set_xlabel("mean |SHAP| (log-odds)")
        ax.tick_params(axis="y", labelsize=8)
    for ax in axes[len(classes):]:
        ax.set_visible(False)
    figure.suptitle("What drives the surrogate's choice of each medium "
                    "(red: more of it means more likely, blue: less likely)")
    return _save(figure, out)


def beeswarm(shap_values: SurrogateShap, column: int, title: str, out: Path) -> Path:
    """shap's beeswarm of one class: each dot an image, placed by its SHAP value,
    coloured by its feature value."""
    import matplotlib.pyplot as plt
    import shap

    plt.figure()
    shap.plots.beeswarm(_class_explanation(shap_values, column), max_display=SHAP_DISPLAY, show=False)
    return _save_current(plt, title, "SHAP value (log-odds of the class)", out)


def waterfall(shap_values: SurrogateShap, row: int, column: int, title: str, out: Path) -> Path:
    """shap's waterfall of one image and class: from the average log-odds to this image's."""
    import matplotlib.pyplot as plt
    import shap

    plt.figure()
    shap.plots.waterfall(_class_explanation(shap_values, column)[row], max_display=SHAP_DISPLAY, show=False)
    return _save_current(plt, title, None, out)


def pixel_map_figure(images: np.ndarray, maps: np.ndarray, titles: list[str], heading: str, out: Path) -> Path:
    """Per image, side by side: the picture, and its SHAP map over a grey copy (red raised
    the predicted class, blue lowered it; the stronger, the more opaque), on one colour
    scale per image, lightly smoothed so that regions rather than single pixels show. A colour
    bar under the pairs says what the colours mean."""
    return _save(pixel_map_panels(images, maps, titles, heading), out)


def pixel_map_panels(images: np.ndarray, maps: np.ndarray, titles: list[str], heading: str) -> Figure:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from scipy.ndimage import gaussian_filter

    rows = -(-len(images) // PAIRS_PER_ROW)
    columns = 2 * min(PAIRS_PER_ROW, len(images))
    figure = Figure(figsize=(1.9 * columns, 2.1 * rows + 1.1), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).reshape(rows, -1, 2).reshape(-1, 2)
    for (left, right), image, values, title in zip(axes, images, maps, titles):
        values = gaussian_filter(values, MAP_SMOOTHING)
        limit = float(np.percentile(np.abs(values), 99.5)) or 1.0
        left.imshow(image.astype(np.uint8))
        left.set_title(title, fontsize=7)
        right.imshow(image.astype(np.float32).mean(axis=-1), cmap="gray", vmin=0, vmax=255)
        right.imshow(values, cmap=MAP_COLOURS, vmin=-limit, vmax=limit, alpha=np.clip(np.abs(values) / limit, 0, 1))
        right.set_title("SHAP: red for, blue against", fontsize=7)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    for left, right in axes[len(images):]:
        left.set_visible(False)
        right.set_visible(False)
    scale = figure.colorbar(ScalarMappable(Normalize(-1, 1), cmap=MAP_COLOURS), ax=axes.ravel().tolist(),
                            orientation="horizontal", location="bottom", shrink=0.6, aspect=40, pad=0.02)
    scale.set_ticks([-1, 0, 1], labels=["lowered it most", "no effect", "raised it most"])
    scale.set_label(MAP_SCALE, fontsize=8)
    scale.ax.tick_params(labelsize=8)
    figure.suptitle(heading, fontsize=10)
    return figure


def thumbnail(source: str, out: Path) -> Path:
    """A small PNG copy of a stored image (its store address), for the page."""
    with Image.open(open_address(source)) as image:
        image = image.convert("RGB")
        image.thumbnail((THUMBNAIL, THUMBNAIL))
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, "PNG")
    return out


def _class_explanation(shap_values: SurrogateShap, column: int):
    import shap

    return shap.Explanation(values=shap_values.values[:, :, column], base_values=shap_values.base[:, column],
                            data=shap_values.data.to_numpy(), feature_names=list(shap_values.data.columns))


def _save_current(plt, title: str, xlabel: str | None, out: Path) -> Path:
    figure = plt.gcf()
    try:
        figure.axes[0].set_title(title)
        if xlabel:
            figure.axes[0].set_xlabel(xlabel)
        return _save(figure, out, tight=True)
    finally:
        plt.close(figure)


def _save(figure, out: Path, tight: bool = False) -> Path:
    """Save as PNG; `tight` figures (shap's, whose labels lie outside the axes) keep a margin
    so no label is cut at an edge."""
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=DPI, bbox_inches="tight" if tight else None, pad_inches=0.3 if tight else 0.1)
    return out
