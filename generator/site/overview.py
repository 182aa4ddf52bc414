"""The theme contract: the pages that look at the archive as a whole, the stats page (charts
drawn at build time) and the data page (the open dataset's fields); page classes like those of
generator/site/pages.py, whose TEMPLATES names them."""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.model import DataField
from generator.site.pagebase import Page

# the theme contract of this module
__all__ = ["DataPage", "StatsChart", "StatsPage"]


@dataclass(frozen=True, slots=True)
class StatsChart:
    """One chart of the stats page, with its text alternative and the table of its numbers."""

    id: str
    """A short id, unique on the page (`monthly`, `tags`, `coverage`, `days`), for anchors."""
    title: str
    """The chart's heading."""
    description: str
    """Its text alternative: what the chart shows, in a sentence (also inside the SVG's `<desc>`)."""
    svg: str
    """The chart as SVG markup, drawn at build time (generator/site/charts.py), every label
    escaped: insert it with `{{ chart.svg|safe }}`. Its shapes carry the classes `series-0` …
    `series-7`, `grid`, `axis` and `label`, which the theme's stylesheet colours (the default
    theme: `--chart-1` … `--chart-8`, light and dark). It has `role="img"` and a `<title>` and
    `<desc>`."""
    series: tuple[str, ...]
    """The names of its coloured series in colour order (`series-N` is the N-th), for a legend;
    empty when the chart has one colour."""
    columns: tuple[str, ...]
    """The data table's column headings; the first column heads the rows."""
    rows: tuple[tuple[str, ...], ...]
    """The data table's rows, formatted: the first cell names the row (a month, year or day)."""


@dataclass(frozen=True, slots=True)
class StatsPage(Page):
    """stats.html: the archive at a glance (`en/stats/`): releases per month by category,
    per year for the top tags, translation coverage per year, the busiest days."""

    total: int
    """How many releases the language has."""
    intro: str
    """A sentence on the archive: how many releases, from which day to which."""
    charts: tuple[StatsChart, ...]
    """The charts in page order; empty when the language has no releases."""


@dataclass(frozen=True, slots=True)
class DataPage(Page):
    """data.html: the archive as an open dataset (`en/data/`), explaining the files under
    `data/` and their columns."""

    csv_url: str
    """`data/releases.csv`: one row per release of every language."""
    jsonl_url: str
    """`data/releases.jsonl`: the same, one JSON object a line, plus the full text."""
    package_url: str
    """`data/datapackage.json`: the Frictionless Data Package describing both."""
    fields: tuple[DataField, ...]
    """The columns, in file order."""
    total: int
    """How many rows (releases of every language) the files hold."""
    licence: str | None
    """The `data_licence` setting (an SPDX identifier such as `CC-BY-4.0`), None when the site
    states no licence."""
    licence_url: str | None
    """The licence's page on spdx.org, None with no licence."""
