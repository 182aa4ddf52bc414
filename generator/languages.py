"""Language codes and their CLDR locale data (Babel): which codes a site may use, their names,
Open Graph locales, and the date and number formats of pages.

A site's languages come from its settings; nothing here lists them. Babel's CLDR data stands in
for hand-made month and weekday tables, so a third language needs no code. Locales and compiled
patterns are made once per process: the build formats a date for every release.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import DateTimePattern, parse_pattern
from babel.numbers import format_decimal

# The shape of a BCP 47 tag as a site uses it: a folder and URL segment (`en`, `ko`, `pt-BR`).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# The string-table keys that choose a language's formats (CLDR patterns); absent, CLDR's own.
FORMAT_KEYS = ("date_format", "month_format", "year_format", "month_name_format")


def is_language_tag(name: str) -> bool:
    """Whether a name has the shape of a language code (a content folder that holds releases)."""
    return bool(LANGUAGE_TAG.match(name))


def language_problem(code: object) -> str | None:
    """Why `code` cannot be a site language, or None when Babel knows it."""
    if not isinstance(code, str) or not LANGUAGE_TAG.match(code):
        return f"{code!r} is not a language code (a BCP 47 tag such as en, ko, ja or pt-BR)"
    try:
        locale_of(code)
    except (UnknownLocaleError, ValueError):
        return f"{code!r} is not a language Babel (CLDR) knows"
    return None


@functools.cache
def locale_of(code: str) -> Locale:
    """The Babel locale of a language code (`pt-BR` → pt_BR); UnknownLocaleError if none."""
    return Locale.parse(code, sep="-")


@functools.cache
def og_locale(code: str) -> str:
    """The Open Graph locale (`language_TERRITORY`) of a code: its own territory, else the one
    CLDR's likely subtags give (`en` → en_US, `ko` → ko_KR, `ja` → ja_JP)."""
    locale = locale_of(code)
    territory = locale.territory
    if territory is None:
        subtags = get_global("likely_subtags")
        likely = subtags.get(str(locale)) or subtags.get(locale.language)
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language


def language_name(code: str, in_language: str) -> str:
    """The name of language `code` in language `in_language` ("Korean", "한국어", "日本語")."""
    return locale_of(code).get_display_name(locale_of(in_language)) or code


class LocaleFormats:
    """One language's date and number formats: CLDR patterns, from its string table's
    FORMAT_KEYS where given, else CLDR's (`long` dates, `yMMMM` months, `y` years, `LLLL`
    month names). Results are kept: a few hundred distinct dates serve thousands of pages."""

    def __init__(self, code: str, patterns: dict[str, str]) -> None:
        self.locale = locale_of(code)
        skeletons = self.locale.datetime_skeletons
        defaults = {"date_format": str(self.locale.date_formats["long"]),
                    "month_format": str(skeletons["yMMMM"]), "year_format": str(skeletons["y"]),
                    "month_name_format": "LLLL"}
        self.patterns: dict[str, DateTimePattern] = {
            key: parse_pattern(patterns.get(key) or defaults[key]) for key in FORMAT_KEYS}
        self._made: dict[tuple[str, dt.date], str] = {}

    def _apply(self, key: str, date: dt.date) -> str:
        found = self._made.get((key, date))
        if found is None:
            found = self._made[(key, date)] = self.patterns[key].apply(date, self.locale)
        return found

    def date(self, date: dt.date) -> str:
        """A page's long date ("April 23, 2024", "2024년 4월 23일 (화)")."""
        return self._apply("date_format", date)

    def month(self, year: int, month: int) -> str:
        """A month with its year ("April 2024", "2024년 4월")."""
        return self._apply("month_format", dt.date(year, month, 1))

    def year(self, year: int) -> str:
        """A year ("2024", "2024년")."""
        return self._apply("year_format", dt.date(year, 1, 1))

    def month_name(self, month: int) -> str:
        """A month's name alone ("April", "4월")."""
        return self._apply("month_name_format", dt.date(2000, month, 1))

    def count(self, number: int) -> str:
        """A count with the language's digit grouping (1,234)."""
        return format_decimal(number, locale=self.locale)


def pattern_problem(pattern: str) -> str | None:
    """Why a string table's format pattern is not a CLDR date pattern, or None."""
    try:
        parse_pattern(pattern).apply(dt.date(2024, 4, 23), Locale("en"))
    except (ValueError, KeyError, AttributeError) as error:
        return f"not a CLDR date pattern ({error})"
    return None
