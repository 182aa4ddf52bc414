"""The archive at a glance (/{lang}/stats/): its tables equal counts computed here, straight
from the content files; its charts are well-formed SVG with a text alternative."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.config import Settings, load_settings
from generator.site import charts
from generator.site.build import build_site
from generator.site.charts import Series, bar_chart, count_axis, hbar_chart, line_chart, nice_max
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


class Tables(HTMLParser):
    """Each section's table: section id → rows of cell texts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section: str | None = None
        self.cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section":
            self.section = attributes.get("id")
            self.tables[self.section] = []
        elif tag == "tr" and self.section:
            self.tables[self.section].append([])
        elif tag in ("td", "th") and self.section:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def svgs(text: str) -> list[str]:
    """The inline SVG elements of a page, as text."""
    found, start = [], 0
    while (begin := text.find("<svg", start)) != -1:
        end = text.index("</svg>", begin) + len("</svg>")
        found.append(text[begin:end])
        start = end
    return found


def releases(content: Path, lang: str) -> list[dict]:
    """Every release's front matter, read with PyYAML: nothing of the generator's."""
    found = []
    for path in sorted((content / lang).rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("---\n")[1]
        found.append(yaml.safe_load(head))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    settings: Settings = load_settings(REPO / "pyproject.toml")
    out = tmp_path_factory.mktemp("stats") / "site"
    build_site(settings, out, search=False, cache=False)
    return settings.content_path, out


def page(out: Path, lang: str) -> str:
    return (out / lang / "stats" / "index.html").read_text(encoding="utf-8")


def as_int(cell: str) -> int:
    return int(cell.replace(",", ""))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_tables_equal_the_archive_counts(built: tuple[Path, Path], lang: str) -> None:
    content, out = built
    mine = releases(content, lang)
    other = {r["translation_key"] for code in ("en", "ko") if code != lang for r in releases(content, code)}
    tables = Tables(page(out, lang)).tables
    dates = [r["date"] if isinstance(r["date"], dt.date) else dt.date.fromisoformat(r["date"]) for r in mine]

    # per month: the total column, and every month from the first release's to the last's
    monthly = tables["monthly"][1:]
    per_month = Counter((d.year, d.month) for d in dates)
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    assert len(monthly) == span
    assert sum(as_int(row[-1]) for row in monthly) == len(mine)
    assert sorted((as_int(row[-1]) for row in monthly), reverse=True)[:len(per_month)] == sorted(
        per_month.values(), reverse=True)
    # per month and category: the columns' sums are the categories' counts
    per_category = Counter(r["category"] for r in mine)
    assert sorted(sum(as_int(row[i]) for row in monthly) for i in range(1, len(monthly[0]) - 1)) == sorted(
        per_category.values())

    # top tags per year: each column sums to the tag's count, and they are the most used tags
    tags = tables["tags"]
    per_tag = Counter(tag for r in mine for tag in dict.fromkeys(r.get("tags") or []))
    sums = sorted(sum(as_int(row[i]) for row in tags[1:]) for i in range(1, len(tags[0])))
    assert sums == sorted(per_tag.values(), reverse=True)[:len(sums)][::-1]
    assert [row[0] for row in tags[1:]] == [str(y) for y in range(first.year, last.year + 1)]

    # coverage: releases and translated releases per year
    for row in tables["coverage"][1:]:
        year = int(row[0])
        of_year = [r for r, d in zip(mine, dates, strict=True) if d.year == year]
        paired = sum(1 for r in of_year if r["translation_key"] in other)
        assert (as_int(row[1]), as_int(row[2])) == (len(of_year), paired)
        assert row[3] == (f"{100 * paired / len(of_year):.0f}%" if of_year else "0%")

    # busiest days: the counts of the busiest days, in order
    per_day = Counter(dates)
    assert [as_int(row[1]) for row in tables["days"][1:]] == sorted(per_day.values(), reverse=True)[:10]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_charts_are_well_formed_svg_with_text_alternatives(built: tuple[Path, Path], lang: str) -> None:
    found = svgs(page(built[1], lang))
    assert len(found) == 4
    for text in found:
        root = ET.fromstring(text)  # well-formed, or this raises
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert root.findall(f".//{SVG}rect") or root.findall(f".//{SVG}polyline")


def test_footer_links_to_the_stats_page(built: tuple[Path, Path]) -> None:
    home = (built[1] / "ko" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ko/stats/"' in home and "한눈에 보는 아카이브" in home


def test_svg_writer_escapes_labels_and_scales() -> None:
    hostile = '<script>alert("x")</script> & co'
    for text in (bar_chart(["a", hostile], [Series(hostile, (1.0, 3.0))], title=hostile, description=hostile,
                           ident="t"),
                 line_chart(["a", "b"], [Series(hostile, (0.0, 5.0))], title=hostile, description="d",
                            ident="t"),
                 hbar_chart([hostile], [7.0], title="t", description=hostile, ident="t", standalone=True)):
        root = ET.fromstring(text)
        assert "<script" not in text and root.find(f"{SVG}script") is None
        assert hostile in "".join(root.itertext())
    bars = ET.fromstring(bar_chart(["a", "b"], [Series("s", (2.0, 4.0))], title="t", description="d",
                                   ident="t"))
    heights = [float(r.get("height")) for r in bars.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(2 * heights[0])  # bars are to scale
    assert [nice_max(v) for v in (0, 3, 7, 12, 180, 2400)] == [1, 5, 10, 20, 200, 2500]


def axis_labels(svg: str) -> list[str]:
    """The value axis' labels, zero first (those written left of the plot, right-aligned)."""
    root = ET.fromstring(svg)
    return [text.text or "" for text in root.iter(f"{SVG}text") if text.get("text-anchor") == "end"]


@pytest.mark.parametrize(("largest", "ticks"), [
    (0, ["0", "1"]), (1, ["0", "1"]), (2, ["0", "1", "2"]), (3, ["0", "1", "2", "3"]),
    (5, ["0", "2", "4", "6"]), (7, ["0", "2", "4", "6", "8"]), (12, ["0", "5", "10", "15"]),
    (99, ["0", "25", "50", "75", "100"]), (180, ["0", "50", "100", "150", "200"]),
    (2400, ["0", "1k", "2k", "3k"]), (12345, ["0", "5k", "10k", "15k"]),
])
def test_release_counts_have_whole_ticks(largest: int, ticks: list[str]) -> None:
    """A month of one release was drawn against ticks of 0.25, 0.5 and 0.75 releases; seven
    against 2.5 and 7.5."""
    values = (float(largest), float(largest) / 2 // 1)
    for chart in (bar_chart(["a", "b"], [Series("s", values)], title="t", description="d", ident="t",
                            counts=True),
                  line_chart(["a", "b"], [Series("s", values)], title="t", description="d", ident="t",
                             counts=True)):
        assert axis_labels(chart) == ticks
    top, step = count_axis(largest)
    assert step >= 1 and top % step == 0 and top >= largest and top // step <= 4


def test_a_whole_top_count_reaches_the_top_of_the_plot() -> None:
    bars = ET.fromstring(bar_chart(["a", "b"], [Series("s", (1.0, 3.0))], title="t", description="d",
                                   ident="t", counts=True))
    heights = [float(r.get("height")) for r in bars.iter(f"{SVG}rect")]
    plot = charts.HEIGHT - charts.BOTTOM - charts.TOP
    assert heights[1] == pytest.approx(plot)  # 3 of 3: the whole plot
    assert heights[0] == pytest.approx(plot / 3, abs=0.1)  # coordinates have one decimal


def test_shares_keep_their_four_steps() -> None:
    chart = bar_chart(["a"], [Series("s", (60.0,))], title="t", description="d", ident="t", unit="%")
    assert axis_labels(chart) == ["0%", "25%", "50%", "75%", "100%"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_stats_pages_count_axes_are_whole(built: tuple[Path, Path], lang: str) -> None:
    monthly, tags = svgs(page(built[1], lang))[:2]
    for chart in (monthly, tags):
        labels = axis_labels(chart)
        assert labels[0] == "0" and len(labels) >= 2
        assert all(re.fullmatch(r"\d+k?", label) for label in labels), labels


@pytest.mark.parametrize("largest", [3.0, 45.0, 87.5, 100.0])
def test_shares_are_drawn_against_the_whole(largest: float) -> None:
    """A coverage of 45 % was drawn against a top of 50 %, with ticks of 12.5 % and 37.5 %."""
    chart = bar_chart(["a", "b"], [Series("s", (largest, largest / 3))], title="t", description="d",
                      ident="t", unit="%", whole=100)
    assert axis_labels(chart) == ["0%", "25%", "50%", "75%", "100%"]
