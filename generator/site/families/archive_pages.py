"""Year and month archives: a year lists its months with their releases, a month its releases."""

from __future__ import annotations

from generator.content.release import period_path
from generator.site.families.shared import FamilyContext
from generator.site.model import PeriodView
from generator.site.outfiles import OutputFile, html_file, url_of
from generator.site.pages import ArchiveMonth, ArchivePage


def _year(ctx: FamilyContext, year: int, lang: str) -> PeriodView:
    return PeriodView(ctx.strings[lang].formats.year(year), url_of(period_path(lang, year)), year)


def year_pages(ctx: FamilyContext, lang: str) -> list[OutputFile]:
    t = ctx.strings[lang]
    archive = ctx.archive
    years = sorted(archive.by_year[lang])
    files = []
    for index, year in enumerate(years):
        group = f"archive:{lang}:{year}"
        if not ctx.wants(group):
            continue
        url = period_path(lang, year)
        alternates = {c: period_path(c, year) for c in archive.languages if year in archive.by_year[c]}
        months = tuple(
            ArchiveMonth(PeriodView(t.formats.month_name(m), url_of(period_path(lang, year, m)), y, m,
                                    len(rs)),
                         ctx.views(rs))
            for (y, m), rs in sorted(archive.by_month[lang].items(), reverse=True) if y == year)
        label = t.formats.year(year)
        total = len(archive.by_year[lang][year])
        crumbs = ctx.breadcrumbs(lang, (label, url))
        page = ArchivePage(**ctx.common(lang, url, label, t("description_year", year=label), alternates, (),
                                        json_ld=crumbs),
                           period=PeriodView(label, url_of(url), year, None, total), total=total,
                           months=months, releases=(), year=None,
                           previous=_year(ctx, years[index - 1], lang) if index > 0 else None,
                           next=_year(ctx, years[index + 1], lang) if index + 1 < len(years) else None)
        files.append(html_file(page, url, "archive.html", group))
    return files


def month_pages(ctx: FamilyContext, lang: str) -> list[OutputFile]:
    t = ctx.strings[lang]
    archive = ctx.archive
    keys = sorted(archive.by_month[lang])
    files = []
    for index, (year, month) in enumerate(keys):
        group = f"archive:{lang}:{year}-{month:02d}"
        if not ctx.wants(group):
            continue
        url = period_path(lang, year, month)
        releases = archive.by_month[lang][(year, month)]
        alternates = {c: period_path(c, year, month) for c in archive.languages
                      if (year, month) in archive.by_month[c]}
        label = t.formats.month(year, month)
        crumbs = ctx.breadcrumbs(lang, (t.formats.year(year), period_path(lang, year)), (label, url))
        common = ctx.common(lang, url, label, t("description_month", month=label), alternates, (),
                            json_ld=crumbs)
        page = ArchivePage(**common,
                           period=PeriodView(label, url_of(url), year, month, len(releases)),
                           total=len(releases), months=(), releases=ctx.views(releases),
                           year=_year(ctx, year, lang),
                           previous=ctx.month(*keys[index - 1], lang) if index > 0 else None,
                           next=ctx.month(*keys[index + 1], lang) if index + 1 < len(keys) else None)
        files.append(html_file(page, url, "archive.html", group))
    return files
