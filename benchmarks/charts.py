"""Pictures of the benchmark: build time and peak memory against archive size, one line per tool,
as one standalone SVG (two charts stacked), drawn with Pressroom's own SVG writer
(generator/site/charts.py) so the benchmark needs nothing more.

    import charts  # beside run.py, like its other modules
    (out / "results.svg").write_text(charts.chart_svg(charts.measurements(report)), encoding="utf-8")
    # and in results.md: ![Build time and peak memory against archive size](results.svg)

`measurements` turns the Results of benchmarks/report.py into the plain shape `chart_svg` takes:
a list of {"tool", "size" (releases per language), "wall_seconds", "peak_mib"}, the medians of
the cold builds (the step every tool runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

from generator.site.charts import HEIGHT, WIDTH, Series, line_chart

MIB = 2**20
STEP = "cold build"


def measurements(report: Any, step: str = STEP) -> list[dict[str, Any]]:
    """The medians of `step` for each tool and size of benchmarks/report.py's Results."""
    return [{"tool": tool, "size": n, "wall_seconds": row.median_seconds(),
             "peak_mib": row.median_peak() / MIB}
            for (n, tool, kind), row in sorted(report.rows.items()) if kind == step]


def _series(rows: Iterable[Mapping[str, Any]], key: str) -> tuple[list[str], list[Series]]:
    """Sizes on the axis (in order) and one series per tool (first seen first); a size a tool
    was not measured at counts as 0, drawn at the axis."""
    rows = list(rows)
    sizes = sorted({int(r["size"]) for r in rows})
    tools = list(dict.fromkeys(str(r["tool"]) for r in rows))
    value = {(str(r["tool"]), int(r["size"])): float(r[key]) for r in rows}
    series = [Series(tool, tuple(value.get((tool, n), 0.0) for n in sizes)) for tool in tools]
    return [f"{n:,}" for n in sizes], series


def _legend(names: list[str], y: int) -> str:
    items = []
    for n, name in enumerate(names):
        x = 60 + 150 * n
        items.append(f'<rect class="series-{n % 8}" x="{x}" y="{y}" width="12" height="12"/>'
                     f'<text class="label" x="{x + 18}" y="{y + 11}">{escape(name)}</text>')
    return "".join(items)


def chart_svg(rows: list[Mapping[str, Any]]) -> str:
    """One SVG: wall seconds (top) and peak MiB (bottom) against releases per language, a line
    per tool, with a legend; each half has its own title and description for screen readers."""
    labels, times = _series(rows, "wall_seconds")
    _, memory = _series(rows, "peak_mib")
    tools = [s.name for s in times]
    top = line_chart(labels, times, title="Cold build time (wall seconds) by releases per language",
                     description="Median wall seconds of a cold build for " + ", ".join(tools)
                     + " at " + ", ".join(labels) + " releases per language.", ident="bench-time", unit=" s",
                     standalone=True)
    bottom = line_chart(labels, memory, title="Peak memory (MiB) by releases per language",
                        description="Median peak memory in MiB of a cold build for " + ", ".join(tools) + ".",
                        ident="bench-memory", standalone=True)
    total = 2 * HEIGHT + 90
    second = 60 + HEIGHT + 30
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" role="img" '
            f'aria-labelledby="bench-title"><title id="bench-title">Benchmark: build time and peak memory '
            f"against archive size</title>{_legend(tools, 8)}"
            f'<text class="label" x="8" y="50">Cold build, wall seconds</text>{_placed(top, 60)}'
            f'<text class="label" x="8" y="{second - 10}">Peak memory, MiB</text>'
            f"{_placed(bottom, second)}</svg>\n")


def _placed(svg: str, y: int) -> str:
    """A chart nested at height `y` of the picture."""
    return svg.replace("<svg ", f'<svg y="{y}" width="{WIDTH}" height="{HEIGHT}" ', 1)
