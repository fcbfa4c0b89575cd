"""The two pictures of `medium neighbourhoods`: a stacked bar chart of predicted media per
neighbourhood, and a map of the artworks coloured by predicted medium over the outlines.

No map tiles: outlines come from the areas GeoJSON (holes drawn as holes), and the axes are
stretched by 1/cos(latitude) so that a degree east and a degree north look alike.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry.polygon import orient

from classifier.plots import DPI
from storage.areas import OUTSIDE, Areas
from storage.labels import MEDIA, display_name

COLOURS = {key: f"C{index}" for index, key in enumerate(MEDIA)}  # one colour per medium in both pictures


def bars_chart(table: pd.DataFrame, title: str, out: Path) -> Path:
    """Horizontal bars, one per neighbourhood, split into shares of each predicted medium."""
    shares = table.pivot(index="neighbourhood", columns="medium", values="share").fillna(0)
    shares = shares.loc[sorted(shares.index, key=lambda name: (name == OUTSIDE, name))]  # the outside last
    shares = shares[[key for key in MEDIA if key in shares.columns]]
    totals = table.groupby("neighbourhood")["count"].sum().reindex(shares.index)
    figure = Figure(figsize=(10, 1.2 + 0.55 * len(shares)))
    ax = figure.subplots()
    left = np.zeros(len(shares))
    for key in shares.columns:
        ax.barh(shares.index, shares[key], left=left, color=COLOURS[key], label=display_name(key), edgecolor="white")
        left += shares[key].to_numpy()
    for row, total in enumerate(totals):
        ax.text(1.01, row, f"n = {total}", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    return _finish(figure, ax, ("share of the neighbourhood's artworks with a prediction", "neighbourhood"), title,
                   legend_x=1.12, out=out)


def map_chart(frame: pd.DataFrame, areas: Areas | None, title: str, out: Path) -> Path:
    """Points coloured by predicted medium (grey crosses: no prediction), over the outlines."""
    figure = Figure(figsize=(10, 7))
    ax = figure.subplots()
    if areas is not None:
        for name, geometry in zip(areas.names, areas.geometries):
            ax.add_patch(PathPatch(_outline(geometry), facecolor="#f2f2ee", edgecolor="#555555", linewidth=1))
            anchor = geometry.representative_point()
            ax.annotate(name, (anchor.x, anchor.y), ha="center", va="center", fontsize=9, color="#333333",
                        fontweight="bold", zorder=4, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                           "edgecolor": "none", "alpha": 0.7})
    for key in [key for key in MEDIA if key in set(frame["medium"].dropna())]:
        points = frame[frame["medium"] == key]
        ax.scatter(points["lon"], points["lat"], s=36, color=COLOURS[key], edgecolor="black", linewidth=0.4,
                   label=f"{display_name(key)} ({len(points)})", zorder=3)
    unpredicted = frame[frame["medium"].isna()]
    if len(unpredicted):
        ax.scatter(unpredicted["lon"], unpredicted["lat"], s=30, marker="x", color="grey", zorder=3,
                   label=f"no prediction ({len(unpredicted)})")
    ax.set_aspect(1 / math.cos(math.radians(float(frame["lat"].mean()))))
    ax.autoscale_view()
    return _finish(figure, ax, ("longitude (°)", "latitude (°)"), title, legend_x=1.01, out=out)


def _finish(figure: Figure, ax, labels: tuple[str, str], title: str, legend_x: float, out: Path) -> Path:
    """Axis labels, title, the media legend right of the axes; saved without the margins."""
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title)
    ax.legend(title="predicted medium", loc="upper left", bbox_to_anchor=(legend_x, 1), frameon=False)
    figure.savefig(out, dpi=DPI, bbox_inches="tight")
    return out


def _outline(geometry) -> MplPath:
    """One compound path for a (Multi)Polygon: exteriors and holes, so holes stay unfilled."""
    polygons = [orient(polygon) for polygon in getattr(geometry, "geoms", [geometry])]  # holes wind backwards
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    vertices, codes = [], []
    for ring in rings:
        coordinates = np.asarray(ring.coords)[:, :2]
        vertices.append(coordinates)
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(coordinates) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes)
