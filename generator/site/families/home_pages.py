"""A language's home: its releases newest first, paginated, with years and categories aside."""

from __future__ import annotations

from generator.content.release import period_path
from generator.site.archive import paginate
from generator.site.families.shared import FamilyContext
from generator.site.model import PeriodView, TermView
from generator.site.outfiles import OutputFile, html_file, page_url, url_of
from generator.site.pages import HomePage


def _sidebar(ctx: FamilyContext, lang: str) -> tuple[tuple[PeriodView, ...], tuple[TermView, ...]]:
    years = ctx.archive.by_year[lang]
    categories = ctx.archive.by_category[lang]
    year_label = ctx.strings[lang].formats.year
    periods = tuple(PeriodView(year_label(y), url_of(period_path(lang, y)), y, None, len(years[y]))
                    for y in sorted(years, reverse=True))
    terms = tuple(ctx.term("category", c, lang, len(categories[c]))
                  for c in ctx.archive.vocabulary.categories if c in categories)
    return periods, terms


def home_pages(ctx: FamilyContext, lang: str) -> list[OutputFile]:
    t = ctx.strings[lang]
    settings = ctx.settings
    chunks = paginate(ctx.archive.releases[lang], settings.page_size)
    counts = {code: len(ctx.archive.releases[code]) for code in ctx.archive.languages}
    years, categories = _sidebar(ctx, lang)
    files = []
    for number, chunk in enumerate(chunks, 1):
        group = f"home:{lang}:{number}"
        if not ctx.wants(group):
            continue
        url = page_url(f"{lang}/", number)
        title = settings.title[lang] if number == 1 else t("title_page", number=number)
        alternates = ctx.list_alternates({c: f"{c}/" for c in counts}, counts, number)
        # page 1 has the language choice as its x-default; later pages have no such choice
        x_default = "" if number == 1 else None
        page = HomePage(**ctx.common(lang, url, title, settings.description[lang], alternates, (),
                                     x_default=x_default),
                        releases=ctx.views(chunk), total=counts[lang],
                        pagination=ctx.pagination(f"{lang}/", number, len(chunks)),
                        years=years, categories=categories)
        files.append(html_file(page, url, "home.html", group))
    return files
