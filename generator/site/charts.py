"""A small SVG writer for the charts of the stats pages and the benchmark: bars (stacked or
not, vertical or horizontal) and lines, drawn as text at build time.

Why not pygal or matplotlib: a chart here is a few hundred rectangles whose colours must come
from the theme (CSS custom properties, so light and dark mode follow the reader's setting);
matplotlib's SVG backend writes fixed colours and paths for glyphs, weighs ~40 MB with numpy
and takes a second to import; pygal embeds its own styles and a script. This writer is ~150
lines, needs nothing, and draws a 120-month chart in about a millisecond.

Colours are classes: `series-0` … `series-7` (fill or stroke `var(--chart-N)`), `axis`, `grid`,
`label`; the page's stylesheet defines them. A standalone file (`standalone=True`, the
benchmark's) carries its own style with the same classes. Every label is escaped: text from
content never reaches the reader as markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

SERIES = 8  # colours; series past that reuse them
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40

STANDALONE_STYLE = (
    ".axis{stroke:#4f5560}.grid{stroke:#d9dbd6}.label{fill:#1b1d21;font:11px sans-serif}"
    + "".join(f".series-{n}{{fill:{c}}}.line.series-{n}{{stroke:{c};fill:none}}"
              for n, c in enumerate(("#0b4f8a", "#c2410c", "#2f7d32", "#7b3fa0", "#8a6d0b", "#0e7c86",
                                     "#a3334f", "#4f5560")))
    + "@media (prefers-color-scheme: dark){.label{fill:#e8e6e1}.grid{stroke:#343840}}")


@dataclass(frozen=True, slots=True)
class Series:
    """One named row of values, one per category on the axis."""

    name: str
    values: tuple[float, ...]


def _num(value: float) -> str:
    """Coordinates with at most one decimal: shorter files, the same picture."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_max(value: float) -> float:
    """The axis' top: 1, 2, 2.5 or 5 times a power of ten, at or above `value`."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return factor * step
    return 10 * step


def count_axis(value: float) -> tuple[int, int]:
    """(top, step) of an axis of counts: a whole step of 1, 2 or 5 times a power of ten (25,
    250 … too), the smallest that reaches `value` in at most four steps, and the top a whole
    number of steps at or above it. Counts are whole, so are their grid lines: a top of 1 is
    one step (0 and 1), never quarters; 7 is 0, 2, 4, 6, 8."""
    wanted = max(1, math.ceil(value))
    scale = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * scale
            if step == int(step) and wanted <= 4 * step:
                return int(step) * math.ceil(wanted / step), int(step)
        scale *= 10


def _open(title: str, description: str, ident: str, width: int, height: int, standalone: bool) -> list[str]:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" class="chart">')
    parts = [head, f'<title id="{ident}-title">{escape(title)}</title>',
             f'<desc id="{ident}-desc">{escape(description)}</desc>']
    if standalone:
        parts.append(f"<style>{STANDALONE_STYLE}</style>")
    return parts


def _axis(values: Sequence[float], counts: bool, whole: float | None = None) -> tuple[float, int]:
    """(top, number of steps) of a value axis reaching the largest of `values`: counts in whole
    steps (count_axis), shares of a `whole` (100 for percentages) up to the whole in quarters,
    other values in four steps up to nice_max."""
    largest = max(values, default=0)
    if whole is not None and largest <= whole:
        return whole, 4
    if counts:
        top, step = count_axis(largest)
        return top, top // step
    return nice_max(largest), 4


def _value_axis(top: float, x0: float, x1: float, y0: float, y1: float, unit: str = "",
                steps: int = 4) -> list[str]:
    """Grid lines with their values (`steps` above zero), along a vertical value axis from y0
    (zero) up to y1."""
    parts = []
    for step in range(steps + 1):
        value = top * step / steps
        y = y0 - (y0 - y1) * step / steps
        parts.append(f'<line class="grid" x1="{_num(x0)}" x2="{_num(x1)}" y1="{_num(y)}" y2="{_num(y)}"/>')
        parts.append(f'<text class="label" x="{_num(x0 - 4)}" y="{_num(y + 4)}" text-anchor="end">'
                     f"{escape(_short(value) + unit)}</text>")
    return parts


def _short(value: float) -> str:
    if value >= 1000 and value % 100 == 0:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _category_labels(labels: Sequence[str], x0: float, slot: float, y: float, every: int) -> list[str]:
    return [f'<text class="label" x="{_num(x0 + slot * (i + 0.5))}" y="{_num(y)}" text-anchor="middle">'
            f"{escape(label)}</text>" for i, label in enumerate(labels) if i % every == 0]


def bar_chart(labels: Sequence[str], series: Sequence[Series], *, title: str, description: str, ident: str,
              unit: str = "", every: int = 1, standalone: bool = False, counts: bool = False,
              whole: float | None = None) -> str:
    """Vertical bars, one per label, each stacked from the series (one series: plain bars).
    `every`: label every n-th bar only (months over years). `counts`: the values are whole
    numbers (releases), so is every value on the axis. `whole`: the values are shares of it
    (100: percentages), drawn against all of it, so bars of two pages compare and the ticks are
    round (0, 25, 50, 75, 100 %, never 12.5 % of a 50 % top)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top, steps = _axis(totals, counts, whole)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP
    slot = (x1 - x0) / max(1, len(labels))
    gap = min(2.0, slot * 0.2)
    parts = _open(title, description, ident, WIDTH, HEIGHT, standalone)
    parts += _value_axis(top, x0, x1, y0, y1, unit, steps)
    for i in range(len(labels)):
        base = y0
        for n, one in enumerate(series):
            height = (y0 - y1) * one.values[i] / top
            if height <= 0:
                continue
            base -= height
            parts.append(f'<rect class="series-{n % SERIES}" x="{_num(x0 + slot * i + gap / 2)}" '
                         f'y="{_num(base)}" width="{_num(slot - gap)}" height="{_num(height)}"/>')
    parts.append(f'<line class="axis" x1="{x0}" x2="{x1}" y1="{y0}" y2="{y0}"/>')
    parts += _category_labels(labels, x0, slot, y0 + 16, every)
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str, description: str, ident: str,
               unit: str = "", standalone: bool = False, counts: bool = False) -> str:
    """One line (with a dot per value) per series over the labels. `counts`: as bar_chart's."""
    top, steps = _axis([v for s in series for v in s.values], counts)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP
    slot = (x1 - x0) / max(1, len(labels))
    parts = _open(title, description, ident, WIDTH, HEIGHT, standalone)
    parts += _value_axis(top, x0, x1, y0, y1, unit, steps)
    for n, one in enumerate(series):
        points = [(x0 + slot * (i + 0.5), y0 - (y0 - y1) * v / top) for i, v in enumerate(one.values)]
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        parts.append(f'<polyline class="line series-{n % SERIES}" points="{path}"/>')
        parts += [f'<circle class="series-{n % SERIES}" cx="{_num(x)}" cy="{_num(y)}" r="3"/>'
                  for x, y in points]
    parts.append(f'<line class="axis" x1="{x0}" x2="{x1}" y1="{y0}" y2="{y0}"/>')
    parts += _category_labels(labels, x0, slot, y0 + 16, 1)
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, description: str,
               ident: str, standalone: bool = False) -> str:
    """Horizontal bars, one per label, its value written at its end (busiest days)."""
    row, left = 22, 110
    height = TOP + row * len(labels) + 8
    top = nice_max(max(values, default=0))
    parts = _open(title, description, ident, WIDTH, height, standalone)
    span = WIDTH - RIGHT - left - 40
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * i
        width = span * value / top
        parts += [f'<text class="label" x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
                  f'<rect class="series-0" x="{left}" y="{y + 3}" width="{_num(width)}" height="{row - 6}"/>',
                  f'<text class="label" x="{_num(left + width + 4)}" y="{y + 15}">'
                  f"{escape(_short(value))}</text>"]
    parts.append("</svg>")
    return "".join(parts)


