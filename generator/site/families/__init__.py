"""One generator per page family, as in Pelican: each module plans the output files of one kind
of page from the archive (generator/site/families/shared.py holds what they share)."""

from __future__ import annotations

from generator.site.families.archive_pages import month_pages, year_pages
from generator.site.families.data_pages import data_files, data_pages
from generator.site.families.feed_pages import feed_pages
from generator.site.families.fixed_pages import not_found_page, root_page, search_pages
from generator.site.families.home_pages import home_pages
from generator.site.families.release_pages import release_pages
from generator.site.families.shared import FamilyContext
from generator.site.families.stats_pages import stats_pages
from generator.site.families.term_pages import term_index_page, term_list_pages
from generator.site.outfiles import OutputFile


def plan_pages(ctx: FamilyContext) -> list[OutputFile]:
    """Every templated file of the site, or in a partial build (ctx.scope) those every build
    plans and those of the scope."""
    files = [root_page(ctx)]
    for lang in ctx.archive.languages:
        files += home_pages(ctx, lang)
        files += year_pages(ctx, lang)
        files += month_pages(ctx, lang)
        files += release_pages(ctx, lang)
        for kind in ("category", "tag"):
            files.append(term_index_page(ctx, lang, kind))
            files += term_list_pages(ctx, lang, kind)
    for lang in ctx.archive.languages:
        files += feed_pages(ctx, lang)
    files += search_pages(ctx)
    files += stats_pages(ctx)
    files += data_pages(ctx)
    files += data_files(ctx)
    files.append(not_found_page(ctx))
    return files
