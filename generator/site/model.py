"""The theme contract, part one: the values a template shows (releases, terms, periods, links).

Every object a template receives is a frozen dataclass documented here and in
generator/site/pages.py (the page classes, one per template); docs/themes.md is generated from
these docstrings. URLs are relative to the site root, percent-encoded, without a leading slash:
a template writes `{{ root }}{{ x.url }}` for a link and `{{ absolute(x.url) }}` where a full URL
is needed. Fields whose name starts with an underscore serve the build (signatures, caching) and
are no part of the contract.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from generator.content.editorial import EMPTY_EXTRA, ExtraMap
from generator.site.details import AttachmentView, Citation, ContactView, DataField, ImageView

# The theme contract of this module (docs/themes.md documents these), with the views of
# generator/site/details.py it names; BodyShelf and serialise serve the build.
__all__ = ["Alternate", "AttachmentView", "Citation", "ContactView", "DataField", "FeedLink", "ImageView",
           "LanguageLink", "Pagination", "PeriodView", "ReleaseView", "SiteView", "TermView"]

@dataclass(frozen=True, slots=True)
class TermView:
    """A category or a tag, in the page's language."""

    id: str
    """The term's id in the vocabulary (`trade`, `japan`): the same in every language."""
    label: str
    """The term's name in the page's language."""
    url: str
    """Its list page, e.g. `en/category/trade/`."""
    kind: str
    """`"category"` or `"tag"`."""
    group: str = ""
    """A tag's kind from the vocabulary (`country`, `sector`, `agency` …), `""` for a category or
    a tag without kind."""
    group_label: str = ""
    """A tag's group name in the page's language (the string `kind_<group>`, `kind_other` for a
    tag without kind): the heading of its group on the tags index; `""` for a category."""
    count: int | None = None
    """How many releases of the page's language it has, on indexes and sidebars; None on the
    terms of a release."""


@dataclass(frozen=True, slots=True)
class PeriodView:
    """A year or a month of the archive, in the page's language."""

    label: str
    """"2024" / "2024년" for a year, "April 2024" / "2024년 4월" for a month."""
    url: str
    """Its archive page, e.g. `en/2024/` or `en/2024/04/`."""
    year: int
    """The year."""
    month: int | None = None
    """The month (1–12), None for a year."""
    count: int | None = None
    """How many releases it holds; None where a page shows no count (a release's month, an
    archive's previous/next links)."""


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a page of a paginated list stands among its pages."""

    number: int
    """This page's number, from 1 (the newest releases)."""
    total: int
    """How many pages the list has (at least 1)."""
    newer: str | None
    """URL of the page with newer releases, None on page 1."""
    older: str | None
    """URL of the page with older releases, None on the last page."""


@dataclass(frozen=True, slots=True)
class Alternate:
    """One `<link rel="alternate" hreflang>` of a page: a version of it in another language."""

    lang: str
    """A language code, or `"x-default"` for the language choice (the root page)."""
    url: str
    """That version's URL."""


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One entry of the language switch: every site language except the page's own."""

    code: str
    """The language's code (`ko`)."""
    name: str
    """The language's name in itself ("한국어"), for the switch's label."""
    url: str
    """This page in that language, or that language's home when `exists` is false."""
    exists: bool
    """Whether the page has a version in that language."""
    site_title: str
    """The site's title in that language (the label of a link to that language's home)."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page advertises (in its head and footer): RSS, with its JSON Feed beside it."""

    title: str
    """The name pages advertise the feed by: the `feed_language`, `feed_category` or `feed_tag`
    string ("Category Trade (RSS)"). The feed's own `<title>` is FeedPage.title, which
    differs."""
    url: str
    """The feed's URL, e.g. `en/category/trade/feed.xml`."""
    json_title: str
    """The name of the same feed as JSON Feed: the `feed_language_json`, `feed_category_json` or
    `feed_tag_json` string ("Category Trade (JSON Feed)")."""
    json_url: str
    """The JSON Feed 1.1 beside the RSS feed, same items in the same order
    (`en/category/trade/feed.json`), for `<link rel="alternate" type="application/feed+json">`."""


@dataclass(frozen=True, slots=True)
class SiteView:
    """The site as a page of one language sees it."""

    title: str
    """The site's title in the page's language."""
    description: str
    """The site's description in the page's language."""
    base_url: str
    """The site's absolute URL, ending in `/` (`https://example.org/press/`)."""
    languages: tuple[str, ...]
    """The site's language codes, the default first."""
    default_language: str
    """The site's default language."""
    locale: str
    """The Open Graph locale of the page's language (`en_US`, `ko_KR`)."""
    locales: dict[str, str]
    """The Open Graph locale of every site language by code (`{"en": "en_US", "ja": "ja_JP"}`),
    from CLDR's likely territory of each language."""
    home_url: str
    """The page language's home (`en/`)."""
    categories_url: str
    """The page language's index of all categories (`en/categories/`)."""
    tags_url: str
    """The page language's index of all tags (`en/tags/`)."""
    search_url: str
    """The page language's search page (`en/search/`)."""
    feed_url: str
    """The page language's feed (`en/feed.xml`)."""
    json_feed_url: str
    """The page language's JSON Feed (`en/feed.json`)."""
    opensearch_url: str
    """The page language's OpenSearch description (`en/opensearch.xml`), for
    `<link rel="search" type="application/opensearchdescription+xml">`."""
    stats_url: str
    """The page language's archive at a glance (`en/stats/`): the stats page, which every
    page's footer links to."""
    data_url: str
    """The page language's page of the archive as data (`en/data/`), which every page's footer
    links to."""
    image: ImageView | None
    """The site's default preview image (the `image` setting), None without one; a page shows
    its own `page.image`, which is the release's image or this."""


class BodyShelf:
    """Where ReleaseView.content finds rendered bodies: filled by the build after planning, for
    the pages that render (the views are made before anyone knows which will)."""

    __slots__ = ("html",)

    def __init__(self) -> None:
        self.html: Mapping[str, str] = {}


@dataclass(frozen=True, slots=True, eq=False)
class ReleaseView:
    """One press release in one language, as any page shows it."""

    title: str
    """The release's title."""
    date: dt.date
    """Its publication date; printed as is, it reads ISO 8601 (`2024-04-23`, for a `datetime`
    attribute)."""
    date_text: str
    """The date in the page's locale: "April 23, 2024" / "2024년 4월 23일 (화)"."""
    lang: str
    """The release's language."""
    url: str
    """Its page, e.g. `en/2024/04/chips-act/`."""
    summary: str
    """Its one-paragraph summary (may be empty)."""
    category: TermView
    """Its category (`count` is None)."""
    tags: tuple[TermView, ...]
    """Its tags in front-matter order (`count` is None)."""
    translations: tuple[ReleaseView, ...] = ()
    """Its versions in the site's other languages, in site language order. Filled on a release
    page's own release (`page.release`) only, and one level deep: their own `translations` and
    `related` are empty. Empty in lists and feeds."""
    related: tuple[ReleaseView, ...] = ()
    """Up to five related releases in the same language, most related first. Filled on a release
    page's own release only; empty elsewhere."""
    image: ImageView | None = None
    """The first image its body shows that is a file of its page bundle, or None (then
    `site.image` stands in for previews, see Page.image). Set where `content` is (a release
    page's own release, feed items)."""
    attachments: tuple[AttachmentView, ...] = ()
    """The files of its page bundle that its body neither shows nor links to, by name. Set where
    `content` is (a release page's own release, feed items); empty elsewhere."""
    updated: dt.date | None = None
    """The day the release was last corrected (front matter `updated`, never before `date`), or
    None. Printed as is, it reads ISO 8601, for a `datetime` attribute."""
    updated_text: str = ""
    """`updated` in the page's locale, formatted like `date_text`; `""` when there is none. Label
    it with the string `updated` ("Updated" / "수정")."""
    contact: ContactView | None = None
    """Who to ask about the release (front matter `contact`), or None."""
    extra: Mapping[Any, Any] = EMPTY_EXTRA
    """The front matter's `extra` map, untouched and read-only (`release.extra.budget` or
    `release.extra["budget"]`; nested maps alike, lists as tuples); empty when there is none.
    Its values are what YAML made of them: text, numbers, booleans, dates. Reading a key the
    release lacks fails the build, as any undefined name does; for a key not every release has,
    write `release.extra.get("budget")` or test `"budget" in release.extra`."""
    _digest: str = field(default="", repr=False)
    _body: str | None = field(default=None, repr=False)
    _shelf: BodyShelf | None = field(default=None, repr=False)

    @property
    def content(self) -> Markup | None:
        """The release's body as HTML: set on a release page's own release and on feed items,
        None in lists, related lists, translations and neighbour links."""
        if self._body is None or self._shelf is None:
            return None
        return Markup(self._shelf.html[self._body])

    @property
    def translation(self) -> ReleaseView | None:
        """The first of `translations` (the other language's version on a two-language site),
        or None."""
        return self.translations[0] if self.translations else None

    # Views are compared and hashed by their digest (a hash of everything they show), so that
    # fragment caching and signatures cost one string each.
    def __eq__(self, other: object) -> bool:
        return other.__class__ is ReleaseView and other._digest == self._digest  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._digest)


# The scalars marshal writes as themselves. A date and Markup (a str subclass, which shows
# unescaped where a str with the same text is escaped) are written tagged, see _plain.
_SCALARS = frozenset({str, int, bool, float, type(None)})
_SCALAR_NAMES = frozenset({"str", "int", "bool", "float", "None"})
_MARSHAL_VERSION = 2  # 3 and later write back-references that depend on object identity
# per class: its fields in order, and the positions of those that may hold views or tuples
_LAYOUT: dict[type, tuple[Callable[[Any], tuple[Any, ...]], tuple[int, ...]]] = {}


def _layout(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[int, ...]]:
    names = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    nested = tuple(index for index, name in enumerate(names)
                   if not set(str(cls.__dataclass_fields__[name].type).split(" | ")) <= _SCALAR_NAMES)  # type: ignore[attr-defined]
    getter = attrgetter(*names) if len(names) > 1 else (lambda value: (getattr(value, names[0]),))
    found = _LAYOUT[cls] = (getter, nested)
    return found


def _plain(value: Any) -> Any:
    """A page object as nested tuples of scalars; a release view stands in as its digest."""
    cls = value.__class__
    if cls in _SCALARS:
        return value
    if cls is ReleaseView:
        return value._digest
    if cls is tuple:
        return tuple([_plain(item) for item in value])
    if cls is Markup:
        return ("Markup", str(value))
    if cls is dt.date:
        return ("date", value.toordinal())
    if cls is ExtraMap:
        return ("map", value.signature)
    getter, nested = _LAYOUT.get(cls) or _layout(cls)
    fields = getter(value)
    if not nested:
        return (cls.__name__, fields)
    items = list(fields)
    for index in nested:
        items[index] = _plain(items[index])
    return (cls.__name__, items)


def serialise(value: Any) -> bytes:
    """The bytes a page's signature hashes: everything its template can show. Every field of
    every view in it is written (a release view as its digest, itself a hash of all the release
    shows), so the signature changes whenever the page's output can; and nothing else is, so it
    stays the same when it cannot. marshal rather than repr: several times faster (repr scans
    every character to escape it), and its version 2 format writes a value the same way whatever
    the object's identity (no references, no interning flags), so equal pages give equal bytes."""
    return marshal.dumps(_plain(value), _MARSHAL_VERSION)
