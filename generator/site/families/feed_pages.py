"""RSS 2.0 feeds, each with a JSON Feed 1.1 beside it: one per language, category and tag,
newest `feed_size` releases each.

Feeds are planned as pages (so they take part in signatures and incremental rebuilds) and
rendered through the theme's autoescaped `feed.xml`; the `absolutize` filter makes every URL
inside a release's HTML absolute for feed readers, and the `feedtext` filter escapes plain text
for the elements readers show as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urljoin

from generator.content.release import Release
from generator.site.families.shared import FamilyContext
from generator.site.outfiles import ALL, OutputFile, term_path, url_of
from generator.site.pages import FeedItem, FeedPage
from generator.site.structured import NO_DATA
from generator.site.timing import modified_rfc3339, rfc822, rfc3339

JSON_FEED = "feed.json"  # the OutputFile kind of a JSON Feed, written by generator/site/jsonfeed.py
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolutize(html: str | None, base: str) -> str:
    """Resolve relative href/src values against `base`, the item's absolute URL. It returns
    plain text (a `str`, never Markup), given Markup or not, so that autoescape escapes the HTML
    once, as `<description>` and `<content:encoded>` must carry it; None gives ""."""
    if html is None:
        return ""
    return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), str(html))


def feedtext(text: str | None) -> str:
    """Plain text (a title, a summary) for an RSS `<title>` or `<description>`: readers decode the
    XML and then read those as HTML, so a title `T <img src=x onerror=…>` escaped once would reach
    them as an image tag. The text comes back HTML-escaped as plain `str`, never Markup, so that
    autoescape escapes it a second time for the XML; decoded twice, it is the text again, and
    feedparser reports it as HTML holding no element. None gives ""."""
    return html.escape(str(text), quote=False) if text is not None else ""


def _feed(ctx: FamilyContext, lang: str, base: str, link: str, title: str, description: str,
          releases: list[Release], group: str = ALL) -> list[OutputFile]:
    """The RSS feed `base`feed.xml (from the theme's template) and the JSON Feed `base`feed.json
    beside it (written in Python, generator/site/jsonfeed.py) from the same items."""
    timezone = ctx.settings.timezone
    ranks = ctx.archive.day_rank
    newest = releases[: ctx.settings.feed_size]
    items = tuple(FeedItem(ctx.bodied(r.path), rfc822(r.date, timezone, ranks[r.path]),
                           rfc3339(r.date, timezone, ranks[r.path]),
                           modified_rfc3339(r, timezone, ranks[r.path])) for r in newest)
    # the newest release dates the feed, never the clock, so rebuilds stay byte-identical
    last = items[0].date if items else rfc822(dt.date(1970, 1, 1), timezone)
    files = []
    for name, kind in (("feed.xml", "feed.xml"), ("feed.json", JSON_FEED)):
        url = url_of(base + name)
        page = FeedPage(lang=lang, url=url, title=title, description=description, alternates=(), languages=(),
                        feeds=(), image=None, json_ld=NO_DATA, link=url_of(link), last_build=last,
                        items=items)
        files.append(OutputFile(base + name, url, kind, lang, page, None, group))
    return files


def feed_pages(ctx: FamilyContext, lang: str) -> list[OutputFile]:
    """The language's feed, and the feed of each category and tag it uses."""
    archive = ctx.archive
    t = ctx.strings[lang]
    site = ctx.settings.title[lang]
    files = _feed(ctx, lang, f"{lang}/", f"{lang}/", site, ctx.settings.description[lang],
                  archive.releases[lang])
    vocab = archive.vocabulary
    for kind, terms, index in (("category", vocab.categories, archive.by_category[lang]),
                               ("tag", vocab.tags, archive.by_tag[lang])):
        for term_id, term in terms.items():
            group = f"{kind}:{term_id}:{lang}:feed"
            if term_id not in index or not ctx.wants(group):
                continue
            label = term.label(lang)
            base = term_path(lang, kind, term_id)
            description = (t("description_category", name=label) if kind == "category"
                           else t("description_tag", name=label))
            files += _feed(ctx, lang, base, base, t("feed_title", site=site, name=label),
                           description, index[term_id], group)
    return files
