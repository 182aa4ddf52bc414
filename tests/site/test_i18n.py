from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.errors import PressroomError
from generator.site.i18n import Strings, load_strings
from generator.site.timing import rfc822

THEMES = Path(__file__).resolve().parents[2] / "themes"


def test_every_theme_has_the_same_keys_in_english_and_korean() -> None:
    for theme in THEMES.iterdir():
        tables = {lang: yaml.safe_load((theme / "strings" / f"{lang}.yaml").read_text(encoding="utf-8"))
                  for lang in ("en", "ko")}
        assert set(tables["en"]) == set(tables["ko"]), set(tables["en"]) ^ set(tables["ko"])
        for lang, table in tables.items():
            assert all(isinstance(v, str) and v.strip() for v in table.values()), lang


def test_placeholders_match_between_languages() -> None:
    import string
    en = load_strings(THEMES / "default", "en").table
    ko = load_strings(THEMES / "default", "ko").table
    for key in en:
        names = {f[1] for f in string.Formatter().parse(en[key]) if f[1]}
        assert names == {f[1] for f in string.Formatter().parse(ko[key]) if f[1]}, key


def test_missing_key_names_key_and_language() -> None:
    strings = Strings("ko", {"a": "가"}, "themes/x/strings/ko.yaml")
    assert strings("a") == "가"
    with pytest.raises(PressroomError, match="missing UI string 'nav_home' for language 'ko'"):
        strings("nav_home")


def test_dates_per_locale_without_machine_locales() -> None:
    day = dt.date(2024, 4, 23)
    en = load_strings(THEMES / "default", "en").formats
    ko = load_strings(THEMES / "default", "ko").formats
    assert en.date(day) == "April 23, 2024"
    assert ko.date(day) == "2024년 4월 23일 (화)"
    assert ko.date(dt.date(2023, 12, 31)) == "2023년 12월 31일 (일)"
    assert en.month(2024, 4) == "April 2024"
    assert ko.month(2024, 4) == "2024년 4월"
    assert (en.year(2024), ko.year(2024)) == ("2024", "2024년")
    assert (en.month_name(4), ko.month_name(4)) == ("April", "4월")


def test_a_language_without_format_keys_gets_cldr_formats() -> None:
    ja = Strings("ja", {}, "strings/ja.yaml").formats
    day = dt.date(2024, 4, 23)
    assert (ja.date(day), ja.month(2024, 4), ja.year(2024), ja.month_name(4)) == (
        "2024年4月23日", "2024年4月", "2024年", "4月")
    assert ja.count(12345) == "12,345"


def test_rfc822_is_seoul_time_with_english_names() -> None:
    assert rfc822(dt.date(2024, 4, 23), "Asia/Seoul") == "Tue, 23 Apr 2024 00:00:00 +0900"
    assert rfc822(dt.date(2024, 7, 1), "America/New_York") == "Mon, 01 Jul 2024 00:00:00 -0400"


def test_bad_string_table_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "en.yaml").write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(PressroomError, match="en.yaml"):
        load_strings(tmp_path, "en")
    with pytest.raises(PressroomError, match="no string table for language 'ko'"):
        load_strings(tmp_path, "ko")


def test_site_table_overrides_and_extends_the_themes(tmp_path: Path) -> None:
    (tmp_path / "theme" / "strings").mkdir(parents=True)
    (tmp_path / "theme" / "strings" / "en.yaml").write_text("a: A\nb: B\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "en.yaml").write_text("b: Bee\nc: C\n", encoding="utf-8")
    table = load_strings(tmp_path / "theme", "en", tmp_path / "site")
    assert table.table == {"a": "A", "b": "Bee", "c": "C"}
    assert table.file_of("a").endswith("theme/strings/en.yaml")
    assert table.file_of("b").endswith("site/en.yaml")
    (tmp_path / "site" / "ja.yaml").write_text("a: エー\n", encoding="utf-8")
    assert load_strings(tmp_path / "theme", "ja", tmp_path / "site").table == {"a": "エー"}


def test_a_placeholder_is_an_error_also_when_the_call_fills_none() -> None:
    table = Strings("en", {"count": "{count} releases", "braces": "{{literal}} text"}, "t.yaml")
    with pytest.raises(PressroomError) as caught:
        table("count")
    assert str(caught.value) == ("t.yaml: string 'count' has placeholder {count}, which is not given "
                                 "here (given: none)")
    assert table("braces") == table("braces", n=1) == "{literal} text"  # `{{` reads the same either way


@pytest.mark.parametrize(("text", "error"), [
    ("a: x\n\nb: 42\n", "en.yaml:3: string 'b' is not text: quote it"),
    ("a: x\nb: yes\n", "en.yaml:2: string 'b' is not text"),
    ("a: x\nb:\n  - one\n", "en.yaml:3: string 'b' is not text"),
    ("a: x\nb: y\na: z\n", "en.yaml:3: string 'a' is given twice"),
    ("- a\n", "en.yaml:1: a string table must map keys to text"),
])
def test_a_string_table_error_names_the_line_and_key(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "en.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        load_strings(tmp_path, "en")
    assert f"{tmp_path}/strings/{error}" in str(caught.value)


def test_a_misspelt_theme_is_named_with_the_closest_theme(tmp_path: Path) -> None:
    (tmp_path / "themes" / "audit" / "strings").mkdir(parents=True)
    with pytest.raises(PressroomError) as caught:
        load_strings(tmp_path / "themes" / "audti", "en")
    assert str(caught.value).endswith("no theme 'audti': the folder does not exist (the `theme` setting "
                                      f"names a folder of {tmp_path / 'themes'}); did you mean 'audit'?")
