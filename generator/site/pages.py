"""The theme contract, part two: one page class per template, and the names every template gets.

A template receives its page object as `page` (an instance of the class TEMPLATES names for
it) and the names of TEMPLATE_GLOBALS, nothing else. The values inside pages are the views of
generator/site/model.py. Page objects are frozen: a page's signature (its serialisation, see
generator/site/outfiles.py) decides whether it renders again, so everything a template can show
is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.model import (
    Citation,
    FeedLink,
    Pagination,
    PeriodView,
    ReleaseView,
    TermView,
)
from generator.site.overview import DataPage, StatsChart, StatsPage
from generator.site.pagebase import Page

# the theme contract of this module
__all__ = ["TEMPLATES", "TEMPLATE_GLOBALS", "ArchiveMonth", "ArchivePage", "DataPage", "FeedItem", "FeedPage",
           "HomePage", "LanguageSection", "NotFoundPage", "Page", "ReleasePage", "RootPage", "SearchPage",
           "StatsChart", "StatsPage", "TermIndexPage", "TermPage"]


@dataclass(frozen=True, slots=True)
class LanguageSection:
    """One language's part of the root page (or of the 404 page, where `releases` is empty)."""

    code: str
    """The language's code."""
    title: str
    """The site's title in that language."""
    description: str
    """The site's description in that language."""
    url: str
    """That language's home, e.g. `ko/`."""
    releases: tuple[ReleaseView, ...]
    """Its newest releases (six on the root page; none on the 404 page)."""
    total: int
    """How many releases it has."""
    feed: FeedLink
    """That language's feed (RSS, and its JSON Feed)."""


@dataclass(frozen=True, slots=True)
class RootPage(Page):
    """root.html: the language choice at the site root (`index.html`)."""

    sections: tuple[LanguageSection, ...]
    """One section per site language, in site order."""


@dataclass(frozen=True, slots=True)
class HomePage(Page):
    """home.html: a language's home and its later pages (`en/`, `en/page/2/` …), newest first."""

    releases: tuple[ReleaseView, ...]
    """This page's releases."""
    total: int
    """How many releases the language has."""
    pagination: Pagination
    """Where this page stands among the home's pages."""
    years: tuple[PeriodView, ...]
    """Every year with releases, newest first, with counts (the sidebar)."""
    categories: tuple[TermView, ...]
    """Every category with releases, in vocabulary order, with counts (the sidebar)."""


@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    """A month on a year's archive page, with its releases."""

    period: PeriodView
    """The month: its `label` is the month's name only ("April", "4월"), `count` is set."""
    releases: tuple[ReleaseView, ...]
    """The month's releases, newest first."""


@dataclass(frozen=True, slots=True)
class ArchivePage(Page):
    """archive.html: a year (`en/2024/`, its months listed) or a month (`en/2024/04/`, its
    releases listed)."""

    period: PeriodView
    """The year or month this page shows (its label is the page's heading)."""
    total: int
    """How many releases the period holds."""
    months: tuple[ArchiveMonth, ...]
    """On a year's page, its months, newest first; empty on a month's page."""
    releases: tuple[ReleaseView, ...]
    """On a month's page, its releases, newest first; empty on a year's page."""
    year: PeriodView | None
    """On a month's page, its year; None on a year's page."""
    previous: PeriodView | None
    """The period before this one (older) that has releases, or None."""
    next: PeriodView | None
    """The period after this one (newer) that has releases, or None."""


@dataclass(frozen=True, slots=True)
class TermIndexPage(Page):
    """taxonomy.html: all categories (`en/categories/`) or all tags (`en/tags/`) with counts."""

    kind: str
    """`"category"` or `"tag"`."""
    terms: tuple[TermView, ...]
    """The terms with releases in the page's language, with counts: categories in vocabulary
    order; tags ordered by their `group`, the groups in vocabulary order, each tag with its
    `group_label` for a heading. (Jinja's `groupby("group")` sorts the groups by id; to keep
    the vocabulary's order, loop over `page.terms|map(attribute="group")|unique`.)"""


@dataclass(frozen=True, slots=True)
class TermPage(Page):
    """list.html: one category's or tag's releases, paginated (`en/category/trade/`)."""

    kind: str
    """`"category"` or `"tag"`."""
    term: TermView
    """The category or tag (`count` is set)."""
    total: int
    """How many releases of the page's language it has."""
    releases: tuple[ReleaseView, ...]
    """This page's releases, newest first."""
    pagination: Pagination
    """Where this page stands among the term's pages."""
    index_url: str
    """The index of all categories or all tags (`en/categories/`)."""


@dataclass(frozen=True, slots=True)
class ReleasePage(Page):
    """release.html: one release (`en/2024/04/chips-act/`)."""

    release: ReleaseView
    """The release, with `content`, `translations` and `related` filled."""
    newer: ReleaseView | None
    """The next newer release of the same language, or None."""
    older: ReleaseView | None
    """The next older release of the same language, or None."""
    month: PeriodView
    """The release's month archive."""
    cite: Citation
    """How to cite the release: plain text and BibTeX."""

    def _bodies(self) -> tuple[str, ...]:
        return (self.release._body,) if self.release._body else ()


@dataclass(frozen=True, slots=True)
class SearchPage(Page):
    """search.html: the search page of a language (`en/search/`), where the script in
    `search-index/` queries that language's index (see [Search](#search))."""

    ui: str
    """The search page's texts as a JSON object, one key per `search_*` build string without its
    prefix (`placeholder`, `search_label`, `clear_search`, `load_more`, `zero_results`,
    `many_results`, `one_result`, `searching`, `unavailable`, `elsewhere`), for the container's
    `data-texts` attribute."""


@dataclass(frozen=True, slots=True)
class NotFoundPage(Page):
    """404.html: served for any missing address, in every language at once. Its `url` is None
    (it has no address of its own) and its `alternates` are empty; its `lang`, `title`,
    `languages` (the switch, linking each other language's home) and `feeds` (that language's
    feed) are the default language's, and each of `sections` carries a language's own title,
    home and feed. `root` is the site's base path here, not a relative way (see `root`)."""

    sections: tuple[LanguageSection, ...]
    """One section per site language, in site order (their `releases` are empty)."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed."""

    release: ReleaseView
    """The release, with `content` set."""
    date: str
    """Its publication time in RFC 822 (`Tue, 23 Apr 2024 00:00:01 +0900`): its day in the
    site's time zone, at a stable time that keeps the dumps' order within the day (the day's
    oldest release at midnight, each newer one a second later; see generator/site/timing.py)."""
    published: str
    """The same time in RFC 3339 (`2024-04-23T00:00:01+09:00`), for the JSON Feed."""
    modified: str
    """When the release last changed, RFC 3339 (its publication time until it is modified)."""


@dataclass(frozen=True, slots=True)
class FeedPage(Page):
    """feed.xml: an RSS 2.0 feed of a language, category or tag (`en/feed.xml`,
    `en/category/trade/feed.xml`). The JSON Feed beside it (`feed.json`) is written in Python from
    an equal page object (generator/site/jsonfeed.py), so a theme has no template for it. Its
    `url` is the feed's own; `alternates`, `languages` and
    `feeds` are empty. Its `title` is the feed's own name (the site's title for a language's
    feed, the `feed_title` string for a category's or tag's), which differs from the title pages
    advertise it with (FeedLink.title). `pressroom check` reads every feed as readers do and
    requires `<rss version="2.0">` around one `<channel>` with a `<title>`, `<link>`,
    `<description>` and an `<atom:link rel="self">` to the feed's own URL (the `atom` namespace
    declared: `xmlns:atom="http://www.w3.org/2005/Atom"`, and `xmlns:content=
    "http://purl.org/rss/1.0/modules/content/"` for `<content:encoded>`), and in every `<item>` a
    `<title>`, `<link>`, `<guid>`, an RFC 822 `<pubDate>` (FeedItem.date) and a `<description>`.
    A release's HTML goes in as
    `{{ release.content|absolutize(absolute(release.url)) }}`: `absolutize` returns plain text,
    so autoescape escapes the HTML once, as `<description>` and `<content:encoded>` need. Plain
    text in an element readers show as HTML (every `<title>`, a `<description>` holding the
    summary) goes in as `{{ release.title|feedtext }}`, escaped twice."""

    link: str
    """The HTML page the feed follows (`en/`, `en/category/trade/`)."""
    last_build: str
    """The newest item's time in RFC 822 (never the clock, so rebuilds are identical)."""
    items: tuple[FeedItem, ...]
    """The newest releases, newest first (the site's `feed_size` at most)."""

    def _bodies(self) -> tuple[str, ...]:
        return tuple(item.release._body for item in self.items if item.release._body)


TEMPLATES: dict[str, type[Page]] = {
    "root.html": RootPage, "home.html": HomePage, "archive.html": ArchivePage,
    "taxonomy.html": TermIndexPage, "list.html": TermPage, "release.html": ReleasePage,
    "search.html": SearchPage, "404.html": NotFoundPage, "feed.xml": FeedPage, "stats.html": StatsPage,
    "data.html": DataPage,
}
"""Each template the build renders, and the class of the `page` it receives: a theme needs these
and no other. Templates they extend or import (the default theme's base.html, macros.html and
items.html) are the theme's own choice and get what the template that uses them gets; an
error in one names its file and line when a page uses it."""

TEMPLATE_GLOBALS: dict[str, str] = {
    "page": "The page object: an instance of the template's class in TEMPLATES.",
    "site": "The site in the page's language (SiteView).",
    "lang": "The page's language code (the same as `page.lang`). Macros imported without context see "
            "it, `site`, `t`, `strings`, `absolute` and the filters, but not `page` or `root`: pass "
            "those as arguments.",
    "root": 'The relative way from the page to the site root ("../../", or "./"; the base path on '
            "the 404 page): links are written `{{ root }}{{ x.url }}`.",
    "t": 'The UI strings of the page\'s language: `t("key")`, `t("key", name=value)` fills `{name}`. '
         "A missing key fails the build.",
    "strings": 'Every language\'s UI strings by code: `strings["ko"]("key")`.',
    "absolute": "A function: `absolute(url)` is the full URL (the base URL and `url`), for feeds and "
                "metadata.",
    "absolutize": "A filter: `html|absolutize(base)` resolves the relative `href` and `src` values "
                  "of an HTML fragment against the absolute URL `base` (feeds' content). It returns "
                  "plain text, never Markup, so autoescape escapes the HTML once; add no `|e`, "
                  "`|forceescape` or `|safe`.",
    "feedtext": "A filter: `text|feedtext` is plain text for a feed's `<title>` or `<description>`, "
                "which readers show as HTML: it escapes the text as HTML and returns plain text, so "
                "autoescape escapes it again and a reader shows exactly the text, never markup "
                "(`{{ release.title|feedtext }}`, `{{ page.title|feedtext }}`).",
    "number": "A filter: `count|number` is a number as the page's language writes it (CLDR digit "
              "grouping, `1,234`); `count|number(code)` as language `code` does (one of the site's "
              "languages: another is an error).",
}
"""The names every template receives, each with its meaning (docs/themes.md lists them)."""
