"""Findings of an outside audit of the dump parser and the import: line breaks and invisible
characters in a title, a missing `-` line merging two releases, dates in non-ASCII digits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.files import iter_release_files
from generator.content.frontmatter import parse_release
from generator.importing.dumps import parse_dump


def run(project: Path, *args: str) -> int:
    return main(["--quiet", "--config", str(project / "pyproject.toml"), *args])


def run_import(project: Path, *args: str) -> int:
    return run(project, "import", *args)


def category(line: str) -> str | None:
    return {"industry": "industry"}.get(line.strip().casefold())


def parse(text: str):
    return parse_dump(text.encode("utf-8"), "d.txt", "en", category)


# Titles

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_a_line_break_inside_a_title_is_a_space(char: str) -> None:
    dump = parse(f"-\nSteel{char}exports \u2028 climb{char}\nBody one{char}two. date2024-05-12\n")
    assert not dump.problems
    (only,) = dump.records
    assert only.title == "Steel exports climb"
    # the body is as it was: a C0/C1 control dropped (no hash changes), U+2028/U+2029 kept
    kept = char if char in "\u2028\u2029" else ""
    assert only.body == f"Body one{kept}two."


def test_invisible_characters_are_dropped_from_a_title_and_joiners_stay() -> None:
    dump = parse("-\nSoft\u00adhyphen zero\u200bwidth word\u2060joiner \u200bedge\u200b\n"
                 "Body. date2024-05-12\n"
                 "-\nمی\u200cخواهم \u200d👩\u200d💻 \u202bbidi\u202c \u200e\nBody. date2024-05-13\n")
    assert not dump.problems
    first, second = dump.records
    assert first.title == "Softhyphen zerowidth wordjoiner edge"
    assert second.title == "می\u200cخواهم \u200d👩\u200d💻 \u202bbidi\u202c \u200e"  # ZWNJ, ZWJ, bidi kept
    hidden = parse("-\n\u200b\u00ad\u2060\nBody. date2024-05-12\n")
    assert not hidden.records
    assert str(hidden.problems[0]).startswith("d.txt:2: title has no visible character")


def test_a_title_with_a_paragraph_separator_imports_and_builds(project: Path, capsys) -> None:
    """The audit's case: the import wrote a file whose YAML no longer parsed (every build and
    check failed on it)."""
    dump = project / "ko.txt"
    dump.write_text("-\n반도체\u2029수출 증가\n반도체 수출이\u2028늘었다. date2024-05-12\n", encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    (file,) = iter_release_files(project / "content")
    path = file.relative_to(project / "content").as_posix()
    release = parse_release(file.read_text(encoding="utf-8"), path)
    assert release.title == "반도체 수출 증가" and release.summary == "반도체 수출이 늘었다."
    assert run(project, "build") == 0, capsys.readouterr().err


def test_a_release_imported_before_titles_were_cleaned_is_not_imported_again(project: Path) -> None:
    """A manifest written by an older import kept a zero-width space in the identity; the
    re-import reads today's title without it and must continue that release, not write a twin."""
    dump = project / "en.txt"
    dump.write_text("-\nSteel exports climb\nBody. date2024-05-12\n", encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    manifest = project / "content" / ".import-manifest.json"
    old = manifest.read_text(encoding="utf-8").replace("steel exports", "steel\\u200b exports")
    assert "\\u200b" in old
    manifest.write_text(old, encoding="utf-8")
    dump.write_text("-\nSteel\u200b exports climb\nBody. date2024-05-12\n", encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    assert len(list(iter_release_files(project / "content"))) == 1


# A missing separator

MERGED = ("-\nFirst release\nBody one about steel. date2024-05-12\n"
          "Second release\nBody two about ships. date2024-05-13\n")


@pytest.mark.parametrize("text", [
    MERGED,
    MERGED.replace("\nSecond", "\n--\nSecond"),  # a mistyped separator
    MERGED.replace("steel. date2024-05-12\nSecond release\n", "steel. date2024-05-12\n"),  # two dates
])
def test_a_missing_separator_is_a_problem_at_the_first_date_and_nothing_merges(text: str) -> None:
    dump = parse(text + "-\nThird release\nBody three. date2024-05-14\n")
    assert [record.title for record in dump.records] == ["Third release"]  # the records around still parse
    assert [str(problem) for problem in dump.problems] == [
        "d.txt:3: a line ends with a date (date2024-05-12) but the record goes on: is the '-' line "
        "between two releases missing?"]


def test_a_date_inside_a_line_or_a_title_is_still_text() -> None:
    dump = parse("-\nUpdate on date2024-01-01 plans\nBody date2024-01-01 and more.\nMore date2024-03-03\n"
                 "-\nMandate2024-01-01\nBody mandate2024-05-01\nLast. date2024-03-04\n")
    assert not dump.problems
    assert [(r.title, r.date) for r in dump.records] == [
        ("Update on date2024-01-01 plans", dt.date(2024, 3, 3)), ("Mandate2024-01-01", dt.date(2024, 3, 4))]


def test_the_merged_dump_imports_nothing_merged(project: Path, capsys) -> None:
    dump = project / "merged.txt"
    dump.write_text(MERGED, encoding="utf-8")
    assert run_import(project, str(dump)) == 1  # every record was bad
    assert "merged.txt:3: a line ends with a date (date2024-05-12)" in capsys.readouterr().err
    assert not [file for file in iter_release_files(project / "content")
                if "Body one about steel" in file.read_text(encoding="utf-8")]


# Dates

@pytest.mark.parametrize("marker", ["２０２４-０３-０５", "2024-٠٣-05", "２０２４-03-05", "2024-03-०५"])
def test_a_date_in_other_digits_is_a_bad_date(marker: str) -> None:
    dump = parse(f"-\nTitle\nBody. date{marker}\n")
    assert not dump.records
    assert [str(problem) for problem in dump.problems] == [
        f"d.txt:3: bad date {marker!r}: expected dateYYYY-MM-DD"]
