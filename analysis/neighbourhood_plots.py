"""The two pictures of `medium neighbourhoods`: a stacked bar chart of predicted media per
neighbourhood, and a map of the artworks coloured by predicted medium over the outlines.

No map tiles: outlines come from the areas GeoJSON (holes drawn as holes). The map is drawn in
a local projection, kilometres east and north of the artworks' centre (equirectangular about the
centre's latitude: true to scale over a city), with equal axes and a scale bar, so that a
kilometre east and a kilometre north look alike at any latitude.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from shapely.geometry.polygon import orient
from shapely.ops import transform as shapely_transform

from classifier.plots import DPI
from storage.areas import OUTSIDE, Areas
from storage.labels import MEDIA, display_name

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
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
    return _finish(*map_figure(frame, areas, title), legend_x=1.01, out=out)


def map_figure(frame: pd.DataFrame, areas: Areas | None, title: str) -> tuple[Figure, object, tuple[str, str], str]:
    """The map's figure and axes, in kilometres about the artworks' centre (`LocalProjection`)."""
    projection = LocalProjection(float(frame["lat"].mean()), float(frame["lon"].mean()))
    frame = frame.assign(x=projection.x(frame["lon"]), y=projection.y(frame["lat"]))
    figure = Figure(figsize=(10, 7))
    ax = figure.subplots()
    if areas is not None:
        for name, geometry in zip(areas.names, areas.geometries):
            geometry = shapely_transform(projection.xy, geometry)
            ax.add_patch(PathPatch(_outline(geometry), facecolor="#f2f2ee", edgecolor="#555555", linewidth=1))
            anchor = geometry.representative_point()
            ax.annotate(name, (anchor.x, anchor.y), ha="center", va="center", fontsize=9, color="#333333",
                        fontweight="bold", zorder=4, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                           "edgecolor": "none", "alpha": 0.7})
    for key in [key for key in MEDIA if key in set(frame["medium"].dropna())]:
        points = frame[frame["medium"] == key]
        ax.scatter(points["x"], points["y"], s=36, color=COLOURS[key], edgecolor="black", linewidth=0.4,
                   label=f"{display_name(key)} ({len(points)})", zorder=3)
    unpredicted = frame[frame["medium"].isna()]
    if len(unpredicted):
        ax.scatter(unpredicted["x"], unpredicted["y"], s=30, marker="x", color="grey", zorder=3,
                   label=f"no prediction ({len(unpredicted)})")
    ax.set_aspect("equal")
    ax.autoscale_view()
    _scale_bar(ax)
    centre = f"{abs(projection.lat):.4f}°{'N' if projection.lat >= 0 else 'S'}, " \
             f"{abs(projection.lon):.4f}°{'E' if projection.lon >= 0 else 'W'}"
    return figure, ax, (f"km east of the centre ({centre})", "km north of the centre"), title


class LocalProjection:
    """Longitude and latitude to kilometres east and north of (`lat`, `lon`): equirectangular
    about that latitude, whose distortion over a city's few kilometres is far below a pixel."""

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon
        self._east = EARTH_RADIUS_KM * math.radians(1) * math.cos(math.radians(lat))  # km per degree east
        self._north = EARTH_RADIUS_KM * math.radians(1)  # km per degree north

    def x(self, lon):
        return (np.asarray(lon, dtype=float) - self.lon) * self._east

    def y(self, lat):
        return (np.asarray(lat, dtype=float) - self.lat) * self._north

    def xy(self, lon, lat, z=None):
        """For `shapely.ops.transform`: GeoJSON puts longitude first."""
        return self.x(lon), self.y(lat)


def _scale_bar(ax) -> None:
    """A bar of a round length (1, 2 or 5 times a power of ten km), about a fifth of the map's width."""
    left, right = ax.get_xlim()
    target = (right - left) / 5
    power = 10 ** math.floor(math.log10(target)) if target > 0 else 1
    length = max((step * power for step in (1, 2, 5) if step * power <= target), default=power)
    label = f"{length:g} km" if length >= 1 else f"{length * 1000:g} m"
    ax.add_artist(AnchoredSizeBar(ax.transData, length, label, "lower right", pad=0.6, sep=4, frameon=True,
                                  size_vertical=(ax.get_ylim()[1] - ax.get_ylim()[0]) / 150))


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
