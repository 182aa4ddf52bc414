"""The UI strings the build itself reads from a theme's string tables: page titles, descriptions,
feed names, language names, tag group names and the search page's texts.

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

from generator.errors import PressroomError, Problem, many
from generator.languages import FORMAT_KEYS, pattern_problem
from generator.site.i18n import Strings, check_theme, load_strings
from generator.suggest import did_you_mean


@dataclass(frozen=True)
class BuildString:
    """One string the build reads: its key, the placeholders it may use, what it is for."""

    key: str
    placeholders: tuple[str, ...]
    meaning: str


def _entry(key: str, meaning: str, *placeholders: str) -> tuple[str, BuildString]:
    return key, BuildString(key, placeholders, meaning)


# The search page's texts (SearchPage.ui, read by generator/site/searchclient.js); each is a
# `search_<key>` build string. The script fills in [SEARCH_TERM] (the typed query) and [COUNT].
SEARCH_UI_KEYS = ("placeholder", "search_label", "clear_search", "load_more", "zero_results", "many_results",
                  "one_result", "searching", "unavailable", "elsewhere")
SEARCH_UI_MEANINGS = {
    "placeholder": "The search box's placeholder",
    "search_label": "The search box's label",
    "clear_search": "The button that empties the search box",
    "load_more": "The button under the results that shows the next five",
    "zero_results": "The message when nothing is found; `[SEARCH_TERM]` is the typed query",
    "many_results": "The message when several releases are found: `[COUNT]` of them for `[SEARCH_TERM]`",
    "one_result": "The message when one release is found for `[SEARCH_TERM]` (`[COUNT]` is 1)",
    "searching": "The message while the index loads and the query runs, for `[SEARCH_TERM]`",
    "unavailable": "The message when the search index cannot be fetched: a build made with "
                   "`--no-search`, a broken upload, a page opened from disk",
    "elsewhere": "Where nothing is found, the words before a link per other site language to the same "
                 "search there (each link named in its language); `[SEARCH_TERM]` is the typed query",
}
LANGUAGE_NAME = "language_<code>"  # one per site language
STATS_CHARTS = ("monthly", "tags", "coverage", "days")
STATS_COLUMNS = ("month", "year", "day", "total", "releases", "translated", "share")
GROUP_LABEL = "kind_<group>"  # one per tag kind of the vocabulary; kind_other for tags without one

BUILD_STRINGS: dict[str, BuildString] = dict([
    _entry(LANGUAGE_NAME, "The name of the language `<code>` in the table's language, one per site "
                          "language (`language_ko: Korean`); the language switch names each language "
                          "in itself (LanguageLink.name). Optional: CLDR's name (Babel) when absent."),
    _entry(GROUP_LABEL, "The name of a group of tags (TermView.group_label): one per tag `kind` of the "
                        "vocabulary (`kind_country`), and `kind_other` for a tag without a kind (required "
                        "even when no tag lacks one yet: the next import may bring one)."),
    _entry("cite_note", "The `note` of a release's BibTeX entry (Citation.bibtex): what the work is and "
                        "its date (`Press release, {date}`).", "date"),
    _entry("feed_language", "The title of the language's feed where a page advertises it "
                            "(FeedLink.title); the feed's own title is the site's title."),
    _entry("feed_category", "The title of a category's feed where its pages advertise it (FeedLink.title).",
           "name"),
    _entry("feed_tag", "The title of a tag's feed where its pages advertise it (FeedLink.title).", "name"),
    _entry("feed_language_json", "The title of the language's JSON Feed where a page advertises it "
                                 "(FeedLink.json_title)."),
    _entry("feed_category_json", "The title of a category's JSON Feed where its pages advertise it "
                                 "(FeedLink.json_title).", "name"),
    _entry("feed_tag_json", "The title of a tag's JSON Feed where its pages advertise it "
                            "(FeedLink.json_title).", "name"),
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
    _entry("title_data", "The title of the page that explains the open dataset (`en/data/`)."),
    _entry("description_data", "The description of the open dataset's page."),
    _entry("title_not_found", "The title of the 404 page (in the default language)."),
    _entry("description_not_found", "The description of the 404 page."),
    _entry("size_bytes", "A file's size below 1 KB (AttachmentView.size_text): `{n}` is the number of "
                         "bytes.", "n"),
    _entry("size_kb", "A file's size in kilobytes (AttachmentView.size_text).", "n"),
    _entry("size_mb", "A file's size in megabytes (AttachmentView.size_text).", "n"),
    _entry("redirect_title", "The title of a redirect page at a release's old URL (an alias, or where "
                             "it was before it moved): `{title}` is the release's.", "title"),
    _entry("redirect_link", "The text of a redirect page's link to the release's current page, for a "
                            "browser that does not follow the page's refresh.", "title"),
    *(_entry(f"search_{key}", f"{SEARCH_UI_MEANINGS[key]} (SearchPage.ui).") for key in SEARCH_UI_KEYS),
    # the stats page (generator/site/families/stats_pages.py)
    _entry("title_stats", "The title of the stats page (the archive at a glance)."),
    _entry("description_stats", "The description of the stats page."),
    _entry("stats_intro", "The stats page's first sentence (StatsPage.intro).", "count", "first", "last"),
    _entry("stats_empty", "StatsPage.intro of a language without releases."),
    *(_entry(f"stats_{chart}_title", f"The heading of the `{chart}` chart (StatsChart.title).")
      for chart in STATS_CHARTS),
    _entry("stats_monthly_alt", "The monthly chart's text alternative (StatsChart.description).",
           "first", "last", "month", "count"),
    _entry("stats_tags_alt", "The tags chart's text alternative.", "count", "tags", "first", "last"),
    _entry("stats_coverage_alt", "The coverage chart's text alternative.", "first", "last", "share"),
    _entry("stats_days_alt", "The busiest days chart's text alternative.", "count", "day", "releases"),
    *(_entry(f"stats_col_{column}", f"A heading of the stats tables' columns: {column}.")
      for column in STATS_COLUMNS),
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
            # kind_other always: any import can bring a tag the vocabulary gives no kind
            found.update({group_key(group): entry for group in dict.fromkeys((*groups, ""))})
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


def load_tables(theme_path: Path, languages: Sequence[str], groups: Iterable[str],
                site_strings: Path | None = None) -> dict[str, Strings]:
    """Every site language's string table (the theme's, extended by the site's `site_strings`
    folder), checked against each other and against the build strings the site needs
    (`groups`: the vocabulary's tag kinds)."""
    check_theme(theme_path)
    places = [theme_path / "strings", *([site_strings] if site_strings is not None else [])]
    missing = [lang for lang in languages if not any((place / f"{lang}.yaml").is_file() for place in places)]
    if missing:
        wanted = " or ".join(str(place / f"{missing[0]}.yaml") for place in reversed(places))
        raise PressroomError(places[-1] / f"{missing[0]}.yaml", None,
                             f"no string table for language(s) {', '.join(map(repr, missing))}: add "
                             f"{wanted}" + (" (and likewise for the others)" if len(missing) > 1 else ""))
    codes = tuple(languages)
    tables = {lang: load_strings(theme_path, lang, site_strings).with_language_names(codes)
              for lang in languages}
    check_same_keys(tables)
    check_formats(tables)
    check_tables(tables, required(languages, groups))  # first: the registry knows which side is wrong
    check_placeholders_agree(tables)
    return tables


def _optional(key: str) -> bool:
    """Keys a table may leave out: CLDR gives language names and formats."""
    return key.startswith("language_") or key in FORMAT_KEYS


def check_same_keys(tables: Mapping[str, Strings]) -> None:
    """Every table has every key another one has: a page must not miss a string in one language."""
    every: dict[str, Strings] = {}  # each key with the first table that has it
    for table in tables.values():
        for key in table.table:
            if not _optional(key):
                every.setdefault(key, table)
    for table in tables.values():
        lacking = [key for key in every if key not in table.table]
        if lacking:
            # every one named: a new language's table lacks many, and a list cut at ten left the
            # editor to diff the tables by hand
            shown = ", ".join(_origin(key, every[key], table, tables) for key in lacking)
            raise PressroomError(table.where, None, f"language {table.lang!r} lacks {len(lacking)} string(s) "
                                                    f"other languages have: {shown}")


def _origin(key: str, holder: Strings, lacking: Strings, tables: Mapping[str, Strings]) -> str:
    """A key one table lacks, with the file and line that gave it. A key that one table alone
    has, from another folder than any of the lacking table's files (a site's own strings/,
    beside the theme's), is likely a typo there, so the lacking table's closest key is offered."""
    line = holder.line(key)
    given = holder.file_of(key)
    folders = {Path(file).parent for file in (lacking.where, *lacking.sources.values())}
    alone = sum(key in table.table for table in tables.values()) == 1
    hint = did_you_mean(key, lacking.table) if alone and Path(given).parent not in folders else ""
    return f"{key!r} (in {holder.lang!r}, {given}{f':{line}' if line else ''}{hint})"


def check_placeholders_agree(tables: Mapping[str, Strings]) -> None:
    """A string must not swap a placeholder for one no other language's same string has: `{cnt}`
    in one table where the others say `{count}` is a typo that only a page filling it would show,
    perhaps long after. Leaving one out is a translation's right, so only a swap is an error.
    Which side is the typo cannot be known from the tables alone (build strings are checked
    against the registry first, which does know: load_tables), so every string of the swap is
    named, each at its own file and line: blaming one language named a correct file."""
    if len(tables) < 2:
        return
    for key in sorted({key for table in tables.values() for key in table.table}):
        used = {table.lang: _fields(table, key) for table in tables.values() if key in table.table}
        for lang in used:
            others = set().union(*(fields for code, fields in used.items() if code != lang))
            stray, lacking = sorted(used[lang] - others), sorted(others - used[lang])
            if stray and lacking:
                sides = [lang, *(code for code, fields in used.items() if code != lang and fields)]
                raise many(PressroomError, [_swap(tables[code], key, used[code], used) for code in sides])


def _swap(table: Strings, key: str, fields: set[str], used: dict[str, set[str]]) -> Problem:
    """One side of a placeholder swap: what this table's string has that another's lacks."""
    own = ", ".join(f"{{{name}}}" for name in sorted(fields))
    elsewhere = "; ".join(f"{code!r} has {', '.join(f'{{{name}}}' for name in sorted(other)) or 'none'}"
                          for code, other in used.items() if code != table.lang)
    return Problem(table.file_of(key), table.line(key),
                   f"string {key!r} has placeholder(s) {own} in {table.lang!r}, but {elsewhere}: "
                   "one of them is a typo (the same string takes the same placeholders in every language)")


def _fields(table: Strings, key: str) -> set[str]:
    try:
        return set(placeholders(table.table[key]))
    except ValueError as error:
        raise PressroomError(table.file_of(key), table.line(key),
                             f"string {key!r} is not valid text with placeholders ({error})") from None


def check_formats(tables: Mapping[str, Strings]) -> None:
    """A table's date formats must be CLDR patterns."""
    for table in tables.values():
        for key in FORMAT_KEYS:
            problem = pattern_problem(table.table[key]) if key in table.table else None
            if problem:
                raise PressroomError(table.file_of(key), table.line(key), f"{key}: {problem}")
