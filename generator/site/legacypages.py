"""The page plan: every output file of the site as plain data, before any template runs.

A rebuild renders only pages whose signature (generator.site.model) changed, and a partial
build plans only the pages a change can touch (generator.incremental.scope), so an edit re-renders its
release's pages in both languages and the lists, archives and feeds it appears in, with output
byte-identical to a cold build.
"""

from __future__ import annotations

from typing import Any

from generator.config import Settings
from generator.content.release import Release
from generator.site.archive import Archive, paginate
from generator.site.i18n import Strings, format_date, format_month, format_year, month_name
from generator.site.legacymodel import Entries, Entry, Page, Scope, html_page, make_entry, page_url, url_of

ROOT_LATEST = 6  # releases per language on the root language-choice page


class Planner:
    """Turns an archive into the list of pages; one per build."""

    def __init__(self, archive: Archive, settings: Settings, strings: dict[str, Strings],
                 body_keys: dict[str, str], related: dict[str, tuple[Release, ...]]) -> None:
        self.archive = archive
        self.settings = settings
        self.strings = strings
        self.url_paths = archive.url_paths
        self.scope: Scope | None = None
        vocab = archive.vocabulary

        def make(release: Release) -> Entry:
            lang = release.lang
            return make_entry(
                url_of(self.url_paths[release.path]), lang, release.title, format_date(release.date, lang),
                release.date.isoformat(), release.summary,
                (release.category, vocab.categories[release.category].label(lang)),
                tuple((tag, vocab.tags[tag].label(lang)) for tag in dict.fromkeys(release.tags)),
                body_keys[release.path])

        self.entries = Entries(make, archive.by_path)
        self.related = related  # generator.incremental.relatedscope
        self.language_feed = {lang: (strings[lang]("feed_language"), url_of(f"{lang}/feed.xml"))
                              for lang in archive.languages}
        self.months: dict[tuple[int, int, str], tuple[str, str]] = {}  # a month's label and URL

    def entry_list(self, releases: list[Release]) -> tuple[Entry, ...]:
        return tuple(self.entries[r.path] for r in releases)

    def common(self, lang: str, url: str, title: str, description: str,
               alternates: dict[str, str], feeds: tuple[tuple[str, str], ...], x_default: str | None = None,
               ) -> dict[str, Any]:
        """What every page's head and header need: alternates, language switch, feeds."""
        alts = [(code, url_of(alternates[code])) for code in self.archive.languages if code in alternates]
        default = self.settings.default_language
        if x_default is None and default in alternates:
            x_default = alternates[default]
        if x_default is not None and len(alts) > 1:
            alts.append(("x-default", url_of(x_default)))
        switch = []
        for other in self.archive.languages:
            if other != lang:
                target = alternates.get(other)
                fallback = target if target is not None else f"{other}/"  # else the other home
                switch.append((other, url_of(fallback), target is not None))
        return {"url": url_of(url), "title": title, "description": description,
                "alternates": tuple(alts), "switch": tuple(switch),
                "feeds": (self.language_feed[lang], *feeds)}

    def plan(self, scope: Scope | None = None) -> list[Page]:
        """Every page, or those every build plans plus the scope's (see Scope)."""
        self.scope = scope
        pages = [self.root()]
        for lang in self.archive.languages:
            pages += self.homes(lang)
            pages += self.archives(lang)
            pages += self.releases(lang, scope)
            pages += self.taxonomies(lang, "category")
            pages += self.taxonomies(lang, "tag")
        return pages

    def root(self) -> Page:
        sections = []
        for lang in self.archive.languages:
            latest = self.archive.releases[lang][:ROOT_LATEST]
            sections.append((lang, self.settings.title[lang], self.settings.description[lang],
                             self.entry_list(latest), len(self.archive.releases[lang])))
        lang = self.settings.default_language
        page = self.common(lang, "", self.settings.title[lang], self.settings.description[lang],
                           {code: f"{code}/" for code in self.archive.languages}, (), x_default="")
        return html_page("", "root.html", lang, {"page": page, "sections": tuple(sections)})

    def _sidebar(self, lang: str) -> dict[str, Any]:
        years = self.archive.by_year[lang]
        categories = self.archive.by_category[lang]
        vocab = self.archive.vocabulary.categories
        return {
            "years": tuple((format_year(y, lang), url_of(f"{lang}/{y}/"), len(years[y]))
                           for y in sorted(years, reverse=True)),
            "categories": tuple((vocab[c].label(lang), url_of(f"{lang}/category/{c}/"), len(categories[c]))
                                for c in vocab if c in categories),
        }

    def _pagination(self, base: str, number: int, total: int) -> dict[str, Any]:
        return {"number": number, "total": total,
                "newer": url_of(page_url(base, number - 1)) if number > 1 else None,
                "older": url_of(page_url(base, number + 1)) if number < total else None}

    def _alternates_for_list(self, base_of: dict[str, str], counts: dict[str, int],
                             number: int) -> dict[str, str]:
        """A list page's translation is the same page number of the same list, where it exists."""
        size = self.settings.page_size
        return {code: page_url(base, number) for code, base in base_of.items()
                if number <= max(1, -(-counts[code] // size))}

    def wants(self, group: str) -> bool:
        return self.scope is None or self.scope.wants(group)

    def homes(self, lang: str) -> list[Page]:
        t = self.strings[lang]
        chunks = paginate(self.archive.releases[lang], self.settings.page_size)
        counts = {code: len(self.archive.releases[code]) for code in self.archive.languages}
        pages = []
        for number, chunk in enumerate(chunks, 1):
            group = f"home:{lang}:{number}"
            if not self.wants(group):
                continue
            url = page_url(f"{lang}/", number)
            title = self.settings.title[lang] if number == 1 else t("title_page", number=number)
            alternates = self._alternates_for_list({c: f"{c}/" for c in counts}, counts, number)
            description = self.settings.description[lang]
            # page 1 has the language choice as its x-default; later pages have no such choice
            x_default = "" if number == 1 else None
            page = self.common(lang, url, title, description, alternates, (), x_default=x_default)
            pages.append(html_page(url, "home.html", lang, {
                "page": page, "entries": self.entry_list(chunk), "total": counts[lang],
                "pagination": self._pagination(f"{lang}/", number, len(chunks)), **self._sidebar(lang)},
                group=group))
        return pages

    def archives(self, lang: str) -> list[Page]:
        t = self.strings[lang]
        pages = []
        years = sorted(self.archive.by_year[lang])
        for index, year in enumerate(years):
            group = f"archive:{lang}:{year}"
            if not self.wants(group):
                continue
            url = f"{lang}/{year}/"
            alternates = {c: f"{c}/{year}/" for c in self.archive.languages
                          if year in self.archive.by_year[c]}
            months = tuple(
                (month_name(m, lang), url_of(f"{lang}/{year}/{m:02d}/"), self.entry_list(rs))
                for (y, m), rs in sorted(self.archive.by_month[lang].items(), reverse=True) if y == year)
            context = {
                "page": self.common(lang, url, format_year(year, lang),
                                    t("description_year", year=format_year(year, lang)), alternates, ()),
                "heading": format_year(year, lang), "total": len(self.archive.by_year[lang][year]),
                "months": months, "entries": (),
                "previous": self._period(years, index - 1, lambda y: (format_year(y, lang), f"{lang}/{y}/")),
                "next": self._period(years, index + 1, lambda y: (format_year(y, lang), f"{lang}/{y}/")),
            }
            pages.append(html_page(url, "archive.html", lang, context, group=group))
        month_keys = sorted(self.archive.by_month[lang])
        for index, (year, month) in enumerate(month_keys):
            group = f"archive:{lang}:{year}-{month:02d}"
            if not self.wants(group):
                continue
            url = f"{lang}/{year}/{month:02d}/"
            releases = self.archive.by_month[lang][(year, month)]
            alternates = {c: f"{c}/{year}/{month:02d}/" for c in self.archive.languages
                          if (year, month) in self.archive.by_month[c]}
            label = format_month(year, month, lang)
            def period(key: tuple[int, int]) -> tuple[str, str]:
                return format_month(key[0], key[1], lang), f"{lang}/{key[0]}/{key[1]:02d}/"
            context = {
                "page": self.common(lang, url, label, t("description_month", month=label), alternates, ()),
                "heading": label, "total": len(releases), "months": (), "entries": self.entry_list(releases),
                "year": (format_year(year, lang), url_of(f"{lang}/{year}/")),
                "previous": self._period(month_keys, index - 1, period),
                "next": self._period(month_keys, index + 1, period),
            }
            pages.append(html_page(url, "archive.html", lang, context, group=group))
        return pages

    @staticmethod
    def _period(keys: list[Any], index: int, describe: Any) -> tuple[str, str] | None:
        if 0 <= index < len(keys):
            label, url = describe(keys[index])
            return label, url_of(url)
        return None

    def month(self, year: int, month: int, lang: str) -> tuple[str, str]:
        """A month's archive label and URL, made once: every release page shows its month's."""
        key = (year, month, lang)
        found = self.months.get(key)
        if found is None:
            found = (format_month(year, month, lang), url_of(f"{lang}/{year:04d}/{month:02d}/"))
            self.months[key] = found
        return found

    def releases(self, lang: str, scope: Scope | None) -> list[Page]:
        pages = []
        archive = self.archive
        chosen = archive.releases[lang]
        if scope is not None:
            wanted = (archive.by_path.get(path) for path in sorted(scope.releases()))
            chosen = [r for r in wanted if r is not None and r.lang == lang]
        for release in chosen:
            entry = self.entries[release.path]
            url_path = self.url_paths[release.path]
            alternates = {release.lang: url_path}
            translations = []
            for other in archive.languages:
                twin = archive.translation(release, other) if other != lang else None
                if twin is not None:
                    alternates[other] = self.url_paths[twin.path]
                    translations.append(self.entries[twin.path])
            category_feed = (self.strings[lang]("feed_category", name=entry.category[1]),
                             url_of(f"{lang}/category/{release.category}/feed.xml"))
            newer, older = archive.newer(release), archive.older(release)
            context = {
                "page": self.common(lang, url_path, release.title, release.summary, alternates,
                                    (category_feed,)),
                "entry": entry, "translations": tuple(translations),
                "newer": self.entries[newer.path] if newer else None,
                "older": self.entries[older.path] if older else None,
                "related": tuple(self.entries[other.path] for other in self.related[release.path]),
                "month": self.month(release.date.year, release.date.month, lang),
            }
            pages.append(html_page(url_path, "release.html", lang, context, group=f"release:{release.path}"))
        return pages

    def taxonomies(self, lang: str, kind: str) -> list[Page]:
        """The index of all categories (or tags) with counts, and each one's paginated list."""
        t = self.strings[lang]
        plural = "categories" if kind == "category" else "tags"
        terms = self.archive.vocabulary.categories if kind == "category" else self.archive.vocabulary.tags
        index = self.archive.by_category if kind == "category" else self.archive.by_tag
        used = [term for term_id, term in terms.items() if term_id in index[lang]]
        listing = tuple((term.kind, term.label(lang), url_of(f"{lang}/{kind}/{term.id}/"),
                         len(index[lang][term.id])) for term in used)
        if kind == "tag":  # grouped by kind (country, sector …), each group in vocabulary order
            kinds = list(dict.fromkeys(term.kind for term in terms.values()))
            listing = tuple(sorted(listing, key=lambda item: kinds.index(item[0])))
        url = f"{lang}/{plural}/"
        pages = [html_page(url, "taxonomy.html", lang, {
            "page": self.common(lang, url, t(f"title_{plural}"), t(f"description_{plural}"),
                                {c: f"{c}/{plural}/" for c in self.archive.languages}, ()),
            "kind": kind, "terms": listing})]
        for term in used:
            base = f"{lang}/{kind}/{term.id}/"
            label = term.label(lang)
            feed = (t(f"feed_{kind}", name=label), url_of(base + "feed.xml"))
            chunks = paginate(index[lang][term.id], self.settings.page_size)
            counts = {c: len(index[c].get(term.id, ())) for c in self.archive.languages}
            present = {c: f"{c}/{kind}/{term.id}/" for c in self.archive.languages if counts[c]}
            for number, chunk in enumerate(chunks, 1):
                group = f"{kind}:{term.id}:{lang}:{number}"
                if not self.wants(group):
                    continue
                url = page_url(base, number)
                title = t(f"title_{kind}", name=label)
                if number > 1:
                    title = t("title_paged", title=title, number=number)
                alternates = self._alternates_for_list(present, counts, number)
                pages.append(html_page(url, "list.html", lang, {
                    "page": self.common(lang, url, title, t(f"description_{kind}", name=label), alternates,
                                        (feed,)),
                    "kind": kind, "term": (term.id, label, url_of(base)), "total": counts[lang],
                    "entries": self.entry_list(chunk),
                    "pagination": self._pagination(base, number, len(chunks)),
                    "index_url": url_of(f"{lang}/{plural}/")}, group=group))
        return pages
