"""The build strings: every string table call of generator/site uses a registered key with its
placeholders; a theme lacking some gets one error listing them; a wrong placeholder is a
`FILE:LINE:` error, whether the build or a template fills it."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from generator.errors import PressroomError
from generator.site.buildstrings import (
    BUILD_STRINGS,
    check_placeholders_agree,
    check_same_keys,
    load_tables,
    required,
)
from generator.site.i18n import Strings, load_strings

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "generator" / "site"
THEMES = REPO / "themes"
# every key the demo vocabulary could need: `<code>` and `<group>` made concrete
KNOWN = required(("en", "ko"), ("country", "sector", ""))


def _is_table_call(call: ast.Call) -> bool:
    """`t(…)`, `strings(…)`, `strings[lang](…)`, `ctx.strings[lang](…)`: a string table called."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("t", "strings")
    if isinstance(func, ast.Subscript):
        holder = func.value
        return (isinstance(holder, ast.Name) and holder.id == "strings") or (
            isinstance(holder, ast.Attribute) and holder.attr == "strings")
    return False


def _keys(node: ast.expr) -> list[str]:
    """The registered keys a key expression can be; a key the test cannot read fails."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if node.value in KNOWN else []
    if isinstance(node, ast.JoinedStr):  # f"language_{lang}": every key it can match
        pattern = "".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
                          for part in node.values)
        return [key for key in KNOWN if re.fullmatch(pattern, key)]
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "group_key":
        return [key for key in KNOWN if key.startswith("kind_")]
    raise AssertionError(f"line {node.lineno}: a string key the test cannot read: {ast.unparse(node)}")


def _calls() -> list[tuple[str, int, list[str], set[str]]]:
    found = []
    for path in sorted(SITE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_table_call(node) and node.args:
                given = {keyword.arg for keyword in node.keywords if keyword.arg}
                found.append((path.name, node.lineno, _keys(node.args[0]), given))
    return found


def test_every_string_the_build_reads_is_registered_with_its_placeholders() -> None:
    calls = _calls()
    assert len(calls) >= 25, calls  # the families' calls were found, not skipped
    for file, line, keys, given in calls:
        assert keys, f"{file}:{line}: the key is not a registered build string"
        for key in keys:
            takes = KNOWN[key].placeholders
            assert set(takes) == given, f"{file}:{line}: {key} takes {takes}"
    used = {key for _, _, keys, _ in calls for key in keys}
    assert used == set(KNOWN), set(KNOWN) - used  # and nothing is registered that the build never reads


@pytest.mark.parametrize("theme", ["default", "minimal"])
def test_the_bundled_themes_have_every_build_string(theme: str) -> None:
    groups = ("country", "sector", "agency", "theme", "bloc", "energy", "")
    tables = load_tables(THEMES / theme, ("en", "ko"), groups)
    assert set(tables) == {"en", "ko"}


def _theme(tmp_path: Path, text: str) -> Path:
    (tmp_path / "strings").mkdir(parents=True)
    (tmp_path / "strings" / "en.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _default_table(drop: tuple[str, ...] = (), **replace: str) -> str:
    lines = (THEMES / "default" / "strings" / "en.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split(":", 1)[0] not in drop]
    return "\n".join(f'{line.split(":", 1)[0]}: "{replace[line.split(":", 1)[0]]}"'
                     if line.split(":", 1)[0] in replace else line for line in kept) + "\n"


def test_a_table_lacking_build_strings_gets_one_error_listing_them(tmp_path: Path) -> None:
    theme = _theme(tmp_path, _default_table(drop=("feed_title", "search_searching", "title_tags")))
    with pytest.raises(PressroomError) as caught:
        load_tables(theme, ("en",), ("country",))
    problem = caught.value.problem
    assert problem.path.endswith("strings/en.yaml") and problem.line is None
    assert "missing 3 build string(s) for language 'en'" in problem.message
    assert "feed_title {site} {name}, title_tags, search_searching" in problem.message


def test_language_names_and_formats_left_out_come_from_cldr(tmp_path: Path) -> None:
    theme = _theme(tmp_path, _default_table(drop=("language_en", "language_ko", "date_format")))
    tables = load_tables(theme, ("en",), ("country",))
    assert tables["en"]("language_en") == "English"
    assert tables["en"].formats.date(dt.date(2024, 4, 23)) == "April 23, 2024"


def test_a_language_without_a_string_table_is_one_error_naming_the_files(tmp_path: Path) -> None:
    site = tmp_path / "strings"
    with pytest.raises(PressroomError) as caught:
        load_tables(THEMES / "default", ("en", "ko", "ja", "fr"), ("country",), site)
    message = str(caught.value)
    assert message.startswith(f"{site}/ja.yaml: no string table for language(s) 'ja', 'fr': add ")
    assert f"{site}/ja.yaml or {THEMES / 'default'}/strings/ja.yaml" in message


def test_a_key_one_language_lacks_names_key_language_and_file(tmp_path: Path) -> None:
    site = tmp_path / "strings"
    site.mkdir()
    ja = {key: text for key, text in load_strings(THEMES / "default", "en").table.items()
          if key not in ("nav_tags", "date_format")}
    (site / "ja.yaml").write_text(yaml.safe_dump(ja, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        load_tables(THEMES / "default", ("en", "ko", "ja"), ("country", "sector", "agency", "theme"), site)
    assert str(caught.value) == (f"{site}/ja.yaml: language 'ja' lacks 1 string(s) other languages "
                                 f"have: 'nav_tags' (in 'en', {THEMES}/default/strings/en.yaml:10)")


def _with_site_en(tmp_path: Path, text: str) -> tuple[Path, PressroomError]:
    """The site's strings/ folder holding an en.yaml of `text`, and the error loading the
    default theme's tables with it raises."""
    site = tmp_path / "strings"
    site.mkdir()
    (site / "en.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        load_tables(THEMES / "default", ("en", "ko"), ("country", "sector"), site)
    return site, caught.value


def test_a_misspelt_key_in_a_sites_table_is_named_where_it_is(tmp_path: Path) -> None:
    """Found by an outside audit: `nav_serch` in the site's strings/en.yaml was reported only as
    a key the theme's ko.yaml lacks; the message now names the file and line that gave it, and
    the key the lacking table has that is closest to it."""
    site, error = _with_site_en(tmp_path, "nav_serch: Find\n")
    assert str(error) == (f"{THEMES}/default/strings/ko.yaml: language 'ko' lacks 1 string(s) other "
                                 f"languages have: 'nav_serch' (in 'en', {site}/en.yaml:1; did you mean "
                                 "'nav_search'?)")


def test_a_bad_date_format_is_an_error_at_its_line(tmp_path: Path) -> None:
    theme = _theme(tmp_path, _default_table(date_format="d MMMMMMM y"))
    with pytest.raises(PressroomError, match=r"en.yaml:\d+: date_format: not a CLDR date pattern"):
        load_tables(theme, ("en",), ("country",))


def test_a_wrong_placeholder_in_a_build_string_names_file_line_and_key(tmp_path: Path) -> None:
    theme = _theme(tmp_path, _default_table(title_category="Category {zzz}"))
    line = next(n for n, text in enumerate((theme / "strings" / "en.yaml").read_text().splitlines(), 1)
                if text.startswith("title_category:"))
    with pytest.raises(PressroomError) as caught:
        load_tables(theme, ("en",), ("country",))
    assert str(caught.value) == (f"{theme}/strings/en.yaml:{line}: string 'title_category' has "
                                 "placeholder {zzz}; it takes {name}")


def test_a_wrong_placeholder_in_a_theme_string_fails_where_a_template_fills_it(tmp_path: Path) -> None:
    theme = _theme(tmp_path, "a: x\nrelease_count: \"{zzz} releases\"\n")
    table = load_strings(theme, "en")
    with pytest.raises(PressroomError) as caught:
        table("release_count", count=3)
    assert str(caught.value) == (f"{theme}/strings/en.yaml:2: string 'release_count' has placeholder "
                                 "{zzz}, which is not given here (given: {count})")
    assert Strings("en", {"b": "{0} x"}, "t.yaml")  # positional fields are errors too, not tracebacks
    with pytest.raises(PressroomError, match="not valid text with placeholders"):
        Strings("en", {"b": "{0} x"}, "t.yaml")("b", n=1)


def test_the_registry_documents_each_string() -> None:
    for key, entry in BUILD_STRINGS.items():
        assert entry.meaning.endswith("."), key


def test_kind_other_is_required_before_any_tag_lacks_a_kind() -> None:
    """Else the next import that brings a tag the vocabulary gives no kind breaks the theme."""
    wanted = required(("en",), ("country",))
    assert "kind_country" in wanted and "kind_other" in wanted


def test_a_placeholder_no_other_language_has_is_an_error_before_any_page_fills_it(tmp_path: Path) -> None:
    """`{cnt}` in one table where the other says `{count}` failed only when a page filled it.
    Which side is the typo the tables cannot say: both are named, each at its line."""
    en = Strings("en", {"release_count": "{count} releases", "all": "All {count}"}, "en.yaml")
    ko = Strings("ko", {"release_count": "보도자료 {cnt}건", "all": "전체"}, "ko.yaml")  # may leave one out
    with pytest.raises(PressroomError) as caught:
        check_placeholders_agree({"en": en, "ko": ko})
    assert str(caught.value) == (
        "en.yaml: string 'release_count' has placeholder(s) {count} in 'en', but 'ko' has {cnt}: one of them "
        "is a typo (the same string takes the same placeholders in every language)\n"
        "ko.yaml: string 'release_count' has placeholder(s) {cnt} in 'ko', but 'en' has {count}: one of them "
        "is a typo (the same string takes the same placeholders in every language)")
    ko.table["release_count"] = "보도자료 {count}건"
    check_placeholders_agree({"en": en, "ko": ko})


def test_a_build_string_typo_in_a_sites_table_is_blamed_on_that_table(tmp_path: Path) -> None:
    """Found by an outside audit: `{nam}` in the site's own strings/en.yaml was reported at the
    theme's untouched ko.yaml. The registry knows what a build string takes, so it decides."""
    site, error = _with_site_en(tmp_path, 'feed_tag: "Tag {nam} (RSS)"\n')
    assert str(error) == (f"{site / 'en.yaml'}:1: string 'feed_tag' has placeholder {{nam}}; "
                                 "it takes {name}")


def test_a_table_lacking_many_strings_names_every_one() -> None:
    """A new language's table lacks dozens: the list cut at ten left the editor to diff by hand."""
    en = Strings("en", {f"key_{n}": "text" for n in range(25)}, "en.yaml")
    ja = Strings("ja", {"key_0": "テキスト"}, "ja.yaml")
    with pytest.raises(PressroomError) as caught:
        check_same_keys({"en": en, "ja": ja})
    assert "lacks 24 string(s)" in str(caught.value)
    assert all(f"'key_{n}' (in 'en', en.yaml" in str(caught.value) for n in range(1, 25))
