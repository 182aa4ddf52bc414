"""RSS 2.0 feeds: one per language, category and tag, newest `feed_size` releases each.

Feeds are planned as pages (so they take part in signatures and incremental rebuilds) and
rendered through the theme's autoescaped `feed.xml`; this module supplies their contexts and
the helper that makes every URL inside a release's HTML absolute for feed readers.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

from generator.config import Settings
from generator.content.release import Release
from generator.site.archive import Archive
from generator.site.i18n import Strings, rfc822
from generator.site.legacymodel import ALL, Page, Scope, url_of
from generator.site.legacypages import Planner

_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolutize(html: str, base: str) -> str:
    """Resolve relative href/src values against `base`, the item's absolute URL."""
    return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def _feed(planner: Planner, lang: str, path: str, link: str, title: str, description: str,
          releases: list[Release], group: str = ALL) -> Page:
    settings: Settings = planner.settings
    newest = releases[: settings.feed_size]
    items = tuple((planner.entries[r.path], rfc822(r.date, settings.timezone)) for r in newest)
    # the newest release dates the feed, never the clock, so rebuilds stay byte-identical
    last = rfc822(newest[0].date if newest else dt.date(1970, 1, 1), settings.timezone)
    return Page(path=path, url=url_of(path), template="feed.xml", lang=lang, group=group, context={
        "title": title, "link": url_of(link), "feed_url": url_of(path), "description": description,
        "last_build": last, "items": items})


def plan_feeds(planner: Planner, scope: Scope | None = None) -> list[Page]:
    archive: Archive = planner.archive
    settings = planner.settings
    pages = []
    for lang in archive.languages:
        t: Strings = planner.strings[lang]
        site = settings.title[lang]
        pages.append(_feed(planner, lang, f"{lang}/feed.xml", f"{lang}/", site,
                           settings.description[lang], archive.releases[lang]))
        vocab = archive.vocabulary
        for kind, terms, index in (("category", vocab.categories, archive.by_category[lang]),
                                   ("tag", vocab.tags, archive.by_tag[lang])):
            for term_id, term in terms.items():
                group = f"{kind}:{term_id}:{lang}:feed"
                if term_id not in index or (scope is not None and not scope.wants(group)):
                    continue
                label = term.label(lang)
                base = f"{lang}/{kind}/{term_id}/"
                pages.append(_feed(planner, lang, base + "feed.xml", base,
                                   t("feed_title", site=site, name=label),
                                   t(f"description_{kind}", name=label), index[term_id], group))
    return pages
