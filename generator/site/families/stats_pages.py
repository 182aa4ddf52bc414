"""The archive at a glance: `/{lang}/stats/`, four charts drawn at build time as inline SVG
(generator/site/charts.py), each with a text alternative and the table of its numbers.

The numbers come from the archive's own indexes (generator/site/archive.py), so they are the
counts every other page shows. They depend on each release's language, date, category, tags and
translation key, and on nothing else a release holds: the pages are in the STATS group, which a
partial build plans only when a change touches one of those (generator/incremental/scope.py), so
an edited title or body does not draw the charts again (0.3 s at 10,000 releases per language).
When planned, the page's signature (charts and tables included) decides whether it renders again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.content.release import Release
from generator.site.charts import Series, bar_chart, hbar_chart, line_chart
from generator.site.families.shared import FamilyContext
from generator.site.i18n import Strings
from generator.site.outfiles import STATS, OutputFile, html_file
from generator.site.pages import StatsChart, StatsPage

STATS_TEMPLATE = "stats.html"
TOP_TAGS = 6  # tags on the per-year chart; more lines than that are hard to tell apart
BUSIEST = 10  # days on the busiest-days chart


def stats_pages(ctx: FamilyContext) -> list[OutputFile]:
    """`/{lang}/stats/` for each language, each the other's alternate; none when a partial build
    does not want them (its changes leave every chart as it was)."""
    if not ctx.wants(STATS):
        return []
    files = []
    for lang in ctx.archive.languages:
        t = ctx.strings[lang]
        releases = ctx.archive.releases[lang]
        charts = _charts(ctx, lang, t, releases) if releases else ()
        first, last = (releases[-1].date, releases[0].date) if releases else (None, None)
        intro = (t("stats_intro", count=t.formats.count(len(releases)), first=t.formats.date(first),
                   last=t.formats.date(last)) if first and last else t("stats_empty"))
        page = StatsPage(**ctx.language_page(lang, "stats", t("title_stats"), t("description_stats")),
                         total=len(releases), intro=intro, charts=charts)
        files.append(html_file(page, f"{lang}/stats/", STATS_TEMPLATE, STATS))
    return files


def _charts(ctx: FamilyContext, lang: str, t: Strings, releases: list[Release]) -> tuple[StatsChart, ...]:
    return (monthly_chart(ctx, lang, t), tags_chart(ctx, lang, t), coverage_chart(ctx, lang, t),
            busiest_chart(lang, t, releases))


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """Every month from `first`'s to `last`'s, empty ones included: the time axis is even."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(ctx: FamilyContext, lang: str, t: Strings) -> StatsChart:
    """Releases per month over the whole archive, stacked by category (vocabulary order)."""
    by_month = ctx.archive.by_month[lang]
    releases = ctx.archive.releases[lang]
    months = months_between(releases[-1].date, releases[0].date)
    categories = [c for c in ctx.archive.vocabulary.categories if c in ctx.archive.by_category[lang]]
    counts = {key: Counter(r.category for r in found) for key, found in by_month.items()}
    series = [Series(ctx.archive.vocabulary.categories[c].label(lang),
                     tuple(float(counts.get(m, Counter())[c]) for m in months)) for c in categories]
    totals = [len(by_month.get(m, ())) for m in months]
    busiest = max(range(len(months)), key=lambda i: (totals[i], months[i]))
    labels = [str(y) if m == 1 or i == 0 else "" for i, (y, m) in enumerate(months)]
    title = t("stats_monthly_title")
    alt = t("stats_monthly_alt", first=t.formats.month(*months[0]), last=t.formats.month(*months[-1]),
            month=t.formats.month(*months[busiest]), count=t.formats.count(totals[busiest]))
    rows = tuple((t.formats.month(y, m),
                  *(t.formats.count(counts.get((y, m), Counter())[c]) for c in categories),
                  t.formats.count(total)) for (y, m), total in zip(months, totals, strict=True))
    svg = bar_chart(labels, series, title=title, description=alt, ident="chart-monthly", counts=True)
    return StatsChart("monthly", title, alt, svg, tuple(s.name for s in series),
                      (t("stats_col_month"), *(s.name for s in series), t("stats_col_total")), rows)


def tags_chart(ctx: FamilyContext, lang: str, t: Strings) -> StatsChart:
    """Releases per year of the most used tags (ties: vocabulary order)."""
    by_tag = ctx.archive.by_tag[lang]
    order = {tag: n for n, tag in enumerate(ctx.archive.vocabulary.tags)}
    top = sorted(by_tag, key=lambda tag: (-len(by_tag[tag]), order.get(tag, len(order))))[:TOP_TAGS]
    years = sorted(ctx.archive.by_year[lang])
    years = list(range(years[0], years[-1] + 1))
    counts = {tag: Counter(r.date.year for r in by_tag[tag]) for tag in top}
    names = [ctx.archive.vocabulary.tags[tag].label(lang) for tag in top]
    series = [Series(name, tuple(float(counts[tag][y]) for y in years))
              for tag, name in zip(top, names, strict=True)]
    title = t("stats_tags_title")
    alt = t("stats_tags_alt", count=len(top), tags=", ".join(names), first=years[0], last=years[-1])
    rows = tuple((str(y), *(t.formats.count(counts[tag][y]) for tag in top)) for y in years)
    svg = line_chart([str(y) for y in years], series, title=title, description=alt, ident="chart-tags",
                     counts=True)
    return StatsChart("tags", title, alt, svg, tuple(names), (t("stats_col_year"), *names), rows)


def coverage_chart(ctx: FamilyContext, lang: str, t: Strings) -> StatsChart:
    """Per year, the share of the language's releases with a counterpart in another language."""
    archive = ctx.archive
    others = [code for code in archive.languages if code != lang]
    by_year = archive.by_year[lang]
    years = list(range(min(by_year), max(by_year) + 1))
    paired = {y: sum(1 for r in by_year.get(y, ()) if any(archive.translation(r, o) for o in others))
              for y in years}
    totals = {y: len(by_year.get(y, ())) for y in years}
    shares = [100 * paired[y] / totals[y] if totals[y] else 0.0 for y in years]
    overall = 100 * sum(paired.values()) / max(1, sum(totals.values()))
    title = t("stats_coverage_title")
    alt = t("stats_coverage_alt", first=years[0], last=years[-1], share=f"{overall:.0f}%")
    rows = tuple((str(y), t.formats.count(totals[y]), t.formats.count(paired[y]), f"{share:.0f}%")
                 for y, share in zip(years, shares, strict=True))
    svg = bar_chart([str(y) for y in years], [Series(t("stats_col_share"), tuple(shares))], title=title,
                    description=alt, ident="chart-coverage", unit="%", whole=100)
    return StatsChart("coverage", title, alt, svg, (), (t("stats_col_year"), t("stats_col_releases"),
                      t("stats_col_translated"), t("stats_col_share")), rows)


def busiest_chart(lang: str, t: Strings, releases: list[Release]) -> StatsChart:
    """The days with the most releases (ties: the later day first)."""
    per_day = Counter(r.date for r in releases)
    days = sorted(per_day.items(), key=lambda item: (-item[1], -item[0].toordinal()))[:BUSIEST]
    labels = [day.isoformat() for day, _ in days]
    title = t("stats_days_title")
    alt = t("stats_days_alt", count=len(days), day=t.formats.date(days[0][0]),
            releases=t.formats.count(days[0][1]))
    rows = tuple((t.formats.date(day), t.formats.count(count)) for day, count in days)
    svg = hbar_chart(labels, [float(count) for _, count in days], title=title, description=alt,
                     ident="chart-days")
    return StatsChart("days", title, alt, svg, (), (t("stats_col_day"), t("stats_col_releases")), rows)
