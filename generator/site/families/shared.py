"""What every page family needs: the archive, settings and strings, release and term views made
once per build, and the parts every page has (alternates, language switch, feeds).

Views are shared between pages (a release is listed on a dozen), made when first asked for (a
partial build needs few) and carry a digest of what they show, so signing a page costs one
string per release it lists.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.config import Settings
from generator.content.release import Release, period_path
from generator.site import model
from generator.site.archive import Archive
from generator.site.attachments import bundle_views
from generator.site.buildstrings import group_key
from generator.site.datasetlines import LineCache
from generator.site.i18n import Strings
from generator.site.images import site_image
from generator.site.outfiles import Scope, page_url, term_path, url_of
from generator.site.structured import NO_DATA, breadcrumb_data


def _digest(prefix: str, fields: tuple[Any, ...]) -> str:
    """A hash of strings (nested in tuples and lists). marshal rather than repr, which is slower;
    the same version as generator.site.model.serialise, for the same reason."""
    return prefix + hashlib.blake2b(marshal.dumps(fields, 2), digest_size=12).hexdigest()


class _ViewTable(dict[str, model.ReleaseView]):
    """Release views by content path, made on first use (a dict's own lookup when found)."""

    def __init__(self, make: Callable[[str], model.ReleaseView]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, path: str) -> model.ReleaseView:
        view = self[path] = self.make(path)
        return view


class FamilyContext:
    """The shared state of one build's page families (generator/site/families/*)."""

    def __init__(self, archive: Archive, settings: Settings, strings: dict[str, Strings],
                 body_keys: dict[str, str], related: dict[str, tuple[Release, ...]],
                 shelf: model.BodyShelf, scope: Scope | None = None, lines: LineCache | None = None) -> None:
        self.archive = archive
        self.settings = settings
        self.strings = strings
        self.body_keys = body_keys
        self.related = related  # generator.incremental.relatedscope
        self.shelf = shelf
        self.scope = scope
        self.lines = lines  # the dataset's JSONL lines of the last build (generator/site/datasetlines.py)
        self._views = _ViewTable(self._make_view)  # made when first asked for: a partial build needs few
        self._bodied: dict[str, model.ReleaseView] = {}
        self._terms: dict[tuple[str, str, str], model.TermView] = {}
        self._months: dict[tuple[int, int, str], model.PeriodView] = {}
        self._images: dict[str, model.ImageView | None] = {}
        self.language_feed = {lang: self.feed_link(lang, "language", f"{lang}/")
                              for lang in archive.languages}
        # the switch names each language in itself ("한국어" on an English page)
        self.endonyms = {lang: strings[lang](f"language_{lang}") for lang in archive.languages}

    def feed_link(self, lang: str, kind: str, base: str, label: str = "") -> model.FeedLink:
        """The feeds (RSS and JSON Feed) in folder `base` of a language ("language"), a category
        or a tag labelled `label`, as pages advertise them."""
        t = self.strings[lang]
        if kind == "language":
            titles = (t("feed_language"), t("feed_language_json"))
        elif kind == "category":
            titles = (t("feed_category", name=label), t("feed_category_json", name=label))
        else:
            titles = (t("feed_tag", name=label), t("feed_tag_json", name=label))
        return model.FeedLink(titles[0], url_of(base + "feed.xml"), titles[1], url_of(base + "feed.json"))

    def site_image(self, lang: str) -> model.ImageView | None:
        """The site's default preview image (the `image` setting) in the language, or None."""
        if lang not in self._images:  # once per build: every page shows it
            self._images[lang] = site_image(self.settings, lang)
        return self._images[lang]

    def wants(self, group: str) -> bool:
        return self.scope is None or self.scope.wants(group)

    def term(self, kind: str, term_id: str, lang: str, count: int | None = None) -> model.TermView:
        """A category or tag in a language; without a count (a release's terms) made once."""
        key = (kind, term_id, lang)
        found = self._terms.get(key) if count is None else None
        if found is None:
            vocab = self.archive.vocabulary
            term = (vocab.categories if kind == "category" else vocab.tags)[term_id]
            group = term.kind if kind == "tag" else ""
            label = self.strings[lang](group_key(group)) if kind == "tag" else ""
            found = model.TermView(term_id, term.label(lang), url_of(term_path(lang, kind, term_id)), kind,
                                   group, label, count)
            if count is None:
                self._terms[key] = found
        return found

    def view(self, path: str) -> model.ReleaseView:
        """The release as lists show it: no content, translations or related."""
        return self._views[path]

    def views(self, releases: Iterable[Release]) -> tuple[model.ReleaseView, ...]:
        made = self._views
        return tuple([made[r.path] for r in releases])

    def _make_view(self, path: str) -> model.ReleaseView:
        release = self.archive.by_path[path]
        lang = release.lang
        category = self.term("category", release.category, lang)
        tags = tuple(self.term("tag", tag, lang) for tag in dict.fromkeys(release.tags))
        url = url_of(self.archive.url_paths[path])
        formats = self.strings[lang].formats
        date_text = formats.date(release.date)
        updated = release.updated
        updated_text = formats.date(updated) if updated is not None else ""
        contact = model.ContactView(**vars(release.contact)) if release.contact is not None else None
        # the terms by id and label: all a list shows of them (their URLs follow from the id)
        digest = _digest("R", (url, lang, release.title, date_text, str(release.date), release.summary,
                               category.id, category.label, [(tag.id, tag.label) for tag in tags],
                               updated_text, str(updated),
                               tuple(vars(release.contact).values()) if release.contact else None,
                               release.extra.signature))
        return model.ReleaseView(release.title, release.date, date_text, lang, url, release.summary, category,
                                 tags, (), (), updated=updated, updated_text=updated_text, contact=contact,
                                 extra=release.extra, _digest=digest)

    def bodied(self, path: str) -> model.ReleaseView:
        """The release as a feed shows it: with its content."""
        found = self._bodied.get(path)
        if found is None:
            found = self._bodied[path] = self.full(path, (), ())
        return found

    def full(self, path: str, translations: tuple[model.ReleaseView, ...],
             related: tuple[model.ReleaseView, ...]) -> model.ReleaseView:
        """The release with its content, and translations and related as given."""
        v = self.view(path)
        key = self.body_keys[path]
        image, attachments = bundle_views(self.archive.by_path[path], self.archive.url_paths[path],
                                          self.strings[v.lang])
        digest = _digest("F", (v._digest, key, tuple(t._digest for t in translations),
                               tuple(r._digest for r in related), repr((image, attachments))))
        return model.ReleaseView(v.title, v.date, v.date_text, v.lang, v.url, v.summary, v.category, v.tags,
                                 translations, related, image, attachments, v.updated, v.updated_text,
                                 v.contact, v.extra, digest, key, self.shelf)

    def month(self, year: int, month: int, lang: str) -> model.PeriodView:
        """A month's archive link, made once: every release page shows its month's."""
        key = (year, month, lang)
        found = self._months.get(key)
        if found is None:
            found = self._months[key] = model.PeriodView(self.strings[lang].formats.month(year, month),
                                                   url_of(period_path(lang, year, month)), year, month)
        return found

    def language_page(self, lang: str, name: str, title: str, description: str) -> dict[str, Any]:
        """The common fields of `/{lang}/{name}/`, a page every language has (search, stats,
        data), each the others' alternate."""
        return self.common(lang, f"{lang}/{name}/", title, description,
                           {code: f"{code}/{name}/" for code in self.archive.languages}, ())

    def common(self, lang: str, url: str, title: str, description: str, alternates: dict[str, str],
               feeds: tuple[model.FeedLink, ...], x_default: str | None = None,
               json_ld: Markup = NO_DATA, image: model.ImageView | None = None) -> dict[str, Any]:
        """The fields of every page (generator.site.pages.Page) but the page's own."""
        return {"lang": lang, "url": url_of(url), "title": title, "description": description,
                "alternates": self.alternate_links(alternates, x_default),
                "languages": self.switch(lang, alternates),
                "feeds": (self.language_feed[lang], *feeds), "image": image or self.site_image(lang),
                "json_ld": json_ld}

    def alternate_links(self, alternates: dict[str, str],
                        x_default: str | None = None) -> tuple[model.Alternate, ...]:
        """A page's hreflang alternates (Page.alternates) from its paths by language."""
        languages = self.archive.languages
        # a site of one language has no alternates to name (its root page would name its home,
        # which cannot name the root back)
        alts = [model.Alternate(code, url_of(alternates[code])) for code in languages
                if code in alternates and len(languages) > 1]
        default = self.settings.default_language
        if x_default is None and default in alternates:
            x_default = alternates[default]
        if x_default is not None and len(alts) > 1:
            alts.append(model.Alternate("x-default", url_of(x_default)))
        return tuple(alts)

    def switch(self, lang: str, alternates: dict[str, str]) -> tuple[model.LanguageLink, ...]:
        """Links to the page in each other language, or to that language's home."""
        links = []
        for other in self.archive.languages:
            if other != lang:
                target = alternates.get(other)
                fallback = target if target is not None else f"{other}/"
                links.append(model.LanguageLink(other, self.endonyms[other], url_of(fallback),
                                                target is not None, self.settings.title[other]))
        return tuple(links)

    def breadcrumbs(self, lang: str, *crumbs: tuple[str, str]) -> Markup:
        """A list page's BreadcrumbList: the language's home, then `crumbs` (name, path)."""
        home = (self.settings.title[lang], f"{lang}/")
        named = [(name, url_of(path)) for name, path in (home, *crumbs)]
        return breadcrumb_data(named, self.settings.base_url)

    def pagination(self, base: str, number: int, total: int) -> model.Pagination:
        return model.Pagination(number, total, url_of(page_url(base, number - 1)) if number > 1 else None,
                          url_of(page_url(base, number + 1)) if number < total else None)

    def list_alternates(self, base_of: dict[str, str], counts: dict[str, int], number: int) -> dict[str, str]:
        """A list page's translation is the same page number of the same list, where it exists."""
        size = self.settings.page_size
        return {code: page_url(base, number) for code, base in base_of.items()
                if number <= max(1, -(-counts[code] // size))}
