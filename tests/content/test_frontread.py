from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.frontread import read_release_text
from generator.content.release import Release, Source, format_release, iter_release_files, parse_release
from generator.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
PIECES = st.sampled_from([*"aZ 09:#'\"-,[]{}&*!|>%@`?.~\\/\t\u00a0한국’“", "yes", "no", "null", "0x1F", "1e3",
                          "12:30", "2024-01-01", ": ", " #", "- ", "\x85", "\u2028", "~"])
TEXT = st.lists(PIECES, min_size=1, max_size=12).map("".join)
IDS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)


def outcome(text: str, path: str) -> object:
    try:
        return parse_release(text, path)
    except ContentError as error:
        return str(error)


def fast_outcome(text: str, path: str) -> object:
    try:
        return read_release_text(text, path)
    except ContentError as error:
        return str(error)


@settings(max_examples=400, deadline=None)
@given(title=TEXT, summary=TEXT, key=TEXT, tags=st.lists(IDS, max_size=4), inferred=st.booleans(),
       day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
       dump=st.sampled_from(["seeds/en/a.txt", "seeds/ko/003_x.ko.txt", "yes", "a b.txt"]),
       with_source=st.booleans())
def test_fast_reading_equals_yaml(title: str, summary: str, key: str, tags: list[str], inferred: bool,
                                  day: dt.date, dump: str, with_source: bool) -> None:
    release = Release(path=f"en/{day:%Y/%m}/s.md", lang="en", title=title, date=day, category="trade",
                      tags=tuple(tags), slug="s", translation_key=key, summary=summary, body="Body.",
                      body_line=0, category_inferred=inferred,
                      source=Source(dump, 3, "sha256:ab") if with_source else None)
    text = format_release(release)
    assert fast_outcome(text, release.path) == outcome(text, release.path)


@pytest.mark.parametrize("change", [
    ("date: 2024-04-23", "date: 2024-02-30"), ("date: 2024-04-23", "date: soon"), ("lang: en", "lang: fr"),
    ("slug: s", "slug: ../etc"), ("tags: [japan]", "tags: [Japan]"), ("category: trade", "categry: trade"),
    ("title: T", "title: [T"), ("title: T", "title: T # note"), ("title: T", "title: 2024"),
    ("title: T", "title: 'T''s'"), ("title: T", 'title: "T\\u00e9"'), ("tags: [japan]", "tags:\n- japan"),
])
def test_errors_and_odd_forms_read_as_yaml_reads_them(change: tuple[str, str]) -> None:
    text = ("---\ntitle: T\ndate: 2024-04-23\nlang: en\ncategory: trade\ntags: [japan]\nslug: s\n"
            "translation_key: k\nsummary: S\n---\n\nBody.\n").replace(*change)
    assert fast_outcome(text, "en/2024/04/s.md") == outcome(text, "en/2024/04/s.md")


def test_every_real_file_reads_the_same() -> None:
    for content in (REPO / "content", REPO / "tests" / "golden" / "site" / "content"):
        for file in iter_release_files(content) if content.is_dir() else []:
            relative = file.relative_to(content).as_posix()
            text = file.read_text(encoding="utf-8")
            assert read_release_text(text, relative) == parse_release(text, relative)
