"""The pages every build plans once per site or language: the root language choice, the search
pages and the 404 page."""

from __future__ import annotations

from generator.site.families.shared import FamilyContext
from generator.site.outfiles import OutputFile, html_file
from generator.site.pages import LanguageSection, NotFoundPage, RootPage, SearchPage
from generator.site.search import SEARCH_TEMPLATE, ui_texts

ROOT_LATEST = 6  # releases per language on the root language-choice page
NOT_FOUND = "404.html"


def root_page(ctx: FamilyContext) -> OutputFile:
    settings = ctx.settings
    releases = ctx.archive.releases
    sections = tuple(LanguageSection(code, settings.title[code], settings.description[code], f"{code}/",
                                     ctx.views(releases[code][:ROOT_LATEST]), len(releases[code]),
                                     ctx.language_feed[code])
                     for code in ctx.archive.languages)
    lang = settings.default_language
    # the root speaks every language: it names every language's feed
    others = tuple(ctx.language_feed[code] for code in ctx.archive.languages if code != lang)
    page = RootPage(**ctx.common(lang, "", settings.title[lang], settings.description[lang],
                                 {code: f"{code}/" for code in ctx.archive.languages}, others, x_default=""),
                    sections=sections)
    return html_file(page, "", "root.html")


def search_pages(ctx: FamilyContext) -> list[OutputFile]:
    """`/{lang}/search/` for each language, each the other's alternate."""
    files = []
    for lang in ctx.archive.languages:
        t = ctx.strings[lang]
        page = SearchPage(**ctx.language_page(lang, "search", t("title_search"), t("description_search")),
                          ui=ui_texts(t))
        files.append(html_file(page, f"{lang}/search/", SEARCH_TEMPLATE))
    return files


def not_found_page(ctx: FamilyContext) -> OutputFile:
    """One 404 page for the whole site, in every language; its links start at the base path."""
    settings = ctx.settings
    lang = settings.default_language
    t = ctx.strings[lang]
    # every other language's home is where a reader goes from here
    homes = {code: f"{code}/" for code in settings.languages}
    common = ctx.common(lang, "", t("title_not_found"), t("description_not_found"), homes, ())
    sections = tuple(LanguageSection(code, settings.title[code], settings.description[code], f"{code}/", (),
                                     len(ctx.archive.releases[code]), ctx.language_feed[code])
                     for code in settings.languages)
    page = NotFoundPage(**{**common, "url": None, "alternates": ()}, sections=sections)
    return OutputFile(NOT_FOUND, NOT_FOUND, NOT_FOUND, lang, page)
