"""The UI strings the build itself reads from a theme's string tables: page titles, descriptions,
feed names, language names, tag group names and Pagefind's UI texts.

They are one registry (key → placeholders → meaning) so that a theme author finds them in
docs/themes.md, the families (generator/site/families/*) use only registered keys with their
placeholders (tests/site/test_buildstrings.py reads their calls), and a theme that lacks some
gets one error listing all of them when its tables load, rather than one per build.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PressroomError
from generator.site.i18n import Strings, load_strings


@dataclass(frozen=True)
class BuildString:
    """One string the build reads: its key, the placeholders it may use, what it is for."""

    key: str
    placeholders: tuple[str, ...]
    meaning: str


def _entry(key: str, meaning: str, *placeholders: str) -> tuple[str, BuildString]:
    return key, BuildString(key, placeholders, meaning)


# Pagefind UI's translatable texts; each is a `search_<key>` build string (generator/site/search.py).
SEARCH_UI_KEYS = ("placeholder", "clear_search", "load_more", "search_label", "filters_label", "zero_results",
                  "many_results", "one_result", "alt_search", "search_suggestion", "searching")
LANGUAGE_NAME = "language_<code>"  # one per site language
GROUP_LABEL = "kind_<group>"  # one per tag kind of the vocabulary; kind_other for tags without one

BUILD_STRINGS: dict[str, BuildString] = dict([
    _entry(LANGUAGE_NAME, "The name of the language `<code>` in the table's language, one per site "
                          "language (`language_ko: Korean`); the language switch names each language "
                          "in itself (LanguageLink.name)."),
    _entry(GROUP_LABEL, "The name of a group of tags (TermView.group_label): one per tag `kind` of the "
                        "vocabulary (`kind_country`), and `kind_other` when a tag has no kind."),
    _entry("feed_language", "The title of the language's feed where a page advertises it "
                            "(FeedLink.title); the feed's own title is the site's title."),
    _entry("feed_category", "The title of a category's feed where its pages advertise it (FeedLink.title).",
           "name"),
    _entry("feed_tag", "The title of a tag's feed where its pages advertise it (FeedLink.title).", "name"),
    _entry("feed_title", "The title of a category's or tag's feed itself (FeedPage.title): `{site}` is "
                         "the site's title, `{name}` the term's.", "site", "name"),
    _entry("title_page", "The title of the home's page 2 and later.", "number"),
    _entry("title_paged", "The title of a category's or tag's page 2 and later: `{title}` is page 1's.",
           "title", "number"),
    _entry("title_categories", "The title of the index of all categories."),
    _entry("description_categories", "The description of the index of all categories."),
    _entry("title_category", "The title of a category's page.", "name"),
    _entry("description_category", "The description of a category's page and feed.", "name"),
    _entry("title_tags", "The title of the index of all tags."),
    _entry("description_tags", "The description of the index of all tags."),
    _entry("title_tag", "The title of a tag's page.", "name"),
    _entry("description_tag", "The description of a tag's page and feed.", "name"),
    _entry("description_year", "The description of a year's archive: `{year}` is its label.", "year"),
    _entry("description_month", "The description of a month's archive: `{month}` is its label.", "month"),
    _entry("title_search", "The title of the search page."),
    _entry("description_search", "The description of the search page."),
    _entry("title_not_found", "The title of the 404 page (in the default language)."),
    _entry("description_not_found", "The description of the 404 page."),
    _entry("redirect_title", "The title of a redirect page at a release's old URL (an alias, or where "
                             "it was before it moved): `{title}` is the release's.", "title"),
    _entry("redirect_link", "The text of a redirect page's link to the release's current page, for a "
                            "browser that does not follow the page's refresh.", "title"),
    *(_entry(f"search_{key}", f"Pagefind UI's `{key}` text (SearchPage.ui).") for key in SEARCH_UI_KEYS),
])
"""Every string the build reads, by key; `<code>` and `<group>` keys stand for one key each."""


def group_key(group: str) -> str:
    """The string key of a tag group's label (`kind_country`; `kind_other` for no group)."""
    return "kind_" + (group or "other")


def required(languages: Iterable[str], groups: Iterable[str]) -> dict[str, BuildString]:
    """The registry with `<code>` and `<group>` keys made concrete for a site."""
    found = {}
    for key, entry in BUILD_STRINGS.items():
        if key == LANGUAGE_NAME:
            found.update({f"language_{code}": entry for code in languages})
        elif key == GROUP_LABEL:
            found.update({group_key(group): entry for group in dict.fromkeys(groups)})
        else:
            found[key] = entry
    return found


def placeholders(text: str) -> list[str]:
    """The `{name}` fields of a text, as str.format reads them (ValueError if it cannot)."""
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


def check_tables(tables: Mapping[str, Strings], wanted: Mapping[str, BuildString]) -> None:
    """Fail on the first table that lacks build strings (one error naming all it lacks) or gives
    one a placeholder the build does not fill."""
    for table in tables.values():
        missing = [key for key in wanted if key not in table.table]
        if missing:
            listed = ", ".join(key + "".join(f" {{{name}}}" for name in wanted[key].placeholders)
                               for key in missing)
            raise PressroomError(table.where, None, f"missing {len(missing)} build string(s) for language "
                                                    f"{table.lang!r} (see docs/themes.md): {listed}")
        for key, entry in wanted.items():
            _check_placeholders(table, key, entry)


def _check_placeholders(table: Strings, key: str, entry: BuildString) -> None:
    takes = " ".join(f"{{{name}}}" for name in entry.placeholders) or "no placeholders"
    try:
        fields = placeholders(table.table[key])
    except ValueError as error:
        raise PressroomError(table.where, table.line(key),
                             f"string {key!r} is not valid text with placeholders ({error}); "
                             f"it takes {takes}") from None
    for field in fields:
        if field not in entry.placeholders:
            raise PressroomError(table.where, table.line(key),
                                 f"string {key!r} has placeholder {{{field}}}; it takes {takes}")


def load_tables(theme_path: Path, languages: Sequence[str], groups: Iterable[str]) -> dict[str, Strings]:
    """Every site language's string table, checked against the build strings the site needs
    (`groups`: the vocabulary's tag kinds)."""
    tables = {lang: load_strings(theme_path, lang) for lang in languages}
    check_tables(tables, required(languages, groups))
    return tables
