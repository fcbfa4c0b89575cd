"""Render the gathered sections with Jinja2. Autoescape is on for every template, so a
title, an artist, an error reason or a file name taken from data shows as text."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from storage.labels import display_name

TEMPLATE = "index.html.j2"


def render(page: dict) -> str:
    return _environment().get_template(TEMPLATE).render(**page)


def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("analysis.report", "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(number=_number, share=_share, pvalue=_pvalue, display=display_name, size=_size)
    return environment


def _number(value, digits: int = 3) -> str:
    """Thousands separated for counts, `digits` decimals for measures, a dash for nothing."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _pvalue(value) -> str:
    return "–" if value is None else f"{value:.3g}"


def _share(value) -> str:
    return "–" if value is None else f"{value:.1%}"


def _size(n_bytes) -> str:
    value = float(n_bytes or 0)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
