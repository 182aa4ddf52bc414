"""The theme's UI strings per language, and locale dates that need no installed machine locale.

Dates are formatted by hand rather than with Babel or `locale`: the site needs exactly two
formats ("April 23, 2024" and "2024년 4월 23일 (화)") (feeds' RFC 822 times are generator.site.timing's),
and a hand-written table is deterministic on every machine and costs no dependency.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from generator.errors import PressroomError, yaml_reason

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same rules, faster

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
OG_LOCALES = {"en": "en_US", "ko": "ko_KR"}


class Strings:
    """One language's string table. A missing key is a build error naming key and language."""

    def __init__(self, lang: str, table: dict[str, str], where: str) -> None:
        self.lang = lang
        self.table = table
        self.where = where

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.table[key]
        except KeyError:
            raise PressroomError(self.where, None,
                                 f"missing UI string {key!r} for language {self.lang!r}") from None
        if not values:
            return text
        try:
            return text.format(**values)
        except KeyError as error:  # a placeholder the caller does not fill: the table's mistake
            given = ", ".join(f"{{{name}}}" for name in values)
            raise PressroomError(self.where, self.line(key), f"string {key!r} has placeholder "
                                 f"{{{error.args[0]}}}, which is not given here (given: {given})") from None
        except (IndexError, ValueError) as error:
            raise PressroomError(self.where, self.line(key),
                                 f"string {key!r} is not valid text with placeholders ({error})") from None

    def line(self, key: str) -> int | None:
        """The line of `key:` in the table's file, for an error (read only then)."""
        try:
            text = Path(self.where).read_text(encoding="utf-8")
        except OSError:
            return None
        pattern = re.compile(rf"""^['"]?{re.escape(key)}['"]?\s*:""")
        return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def load_strings(theme_path: Path, lang: str) -> Strings:
    """Read `strings/<lang>.yaml` of the theme: a flat mapping of key → text."""
    path = theme_path / "strings" / f"{lang}.yaml"
    if not theme_path.is_dir():
        raise PressroomError(theme_path, None, f"no theme {theme_path.name!r}: the folder does not exist")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506 - safe
    except FileNotFoundError:
        raise PressroomError(path, None, f"the theme has no string table for language {lang!r}") from None
    except UnicodeDecodeError as error:
        raise PressroomError(path, None, f"not UTF-8 text ({error.reason})") from None
    except yaml.YAMLError as error:
        line, reason = yaml_reason(error)
        raise PressroomError(path, line, f"bad YAML: {reason}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise PressroomError(path, 1, "a string table must map keys to text")
    return Strings(lang, data, str(path))


def format_date(date: dt.date, lang: str) -> str:
    """The long date of a page's locale."""
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일 ({WEEKDAYS_KO[date.weekday()]})"
    return f"{MONTHS_EN[date.month - 1]} {date.day}, {date.year}"


def format_month(year: int, month: int, lang: str) -> str:
    if lang == "ko":
        return f"{year}년 {month}월"
    return f"{MONTHS_EN[month - 1]} {year}"


def month_name(month: int, lang: str) -> str:
    return f"{month}월" if lang == "ko" else MONTHS_EN[month - 1]


def format_year(year: int, lang: str) -> str:
    return f"{year}년" if lang == "ko" else str(year)


def format_count(number: int, lang: str) -> str:
    """Digits grouped the same way in both languages (1,234)."""
    return f"{number:,}"
