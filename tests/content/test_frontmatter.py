"""Both fast paths of generator.content.frontmatter agree with PyYAML, or step aside: the writer
writes exactly what PyYAML writes, the reader reads what PyYAML reads (the same Release, or the
same error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.content.files import iter_release_files
from generator.content.frontmatter import (
    SafeDumper,
    fast_front_matter,
    format_release,
    parse_release,
    parse_release_with_yaml,
)
from generator.content.release import Release, Source
from generator.errors import ContentError

REPO = Path(__file__).resolve().parents[2]

NASTY = st.one_of(
    st.sampled_from(list(" :#-?,[]{}&*!|>'\"%@`\\$().~=+/_") + ["yes", "no", "null", "true", "1e5", "12:30",
                                                               "0x1F", "2024-04-23", ": ", " #", "---", "\t",
                                                               "...", ".inf", ".5", "../"]),
    st.sampled_from(list("abcXYZ0123456789가나다한국 ’“”…·")),
    st.characters(codec="utf-8"),
)
TEXT = st.lists(NASTY, max_size=20).map("".join)
IDS = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


def by_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=None)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT, st.lists(st.one_of(IDS, TEXT), max_size=4), st.booleans(),
       st.integers(min_value=-3, max_value=10**6), st.from_regex(r"sha256:[0-9a-f]{0,8}", fullmatch=True))
@example("Japan's $120 mln (KRW) “deal”", "seeds/en/x.txt", "요약: 첫 문장.", ["japan", "yes"], True, 3,
         "sha256:ab")
@example("Japan's $120 mln (KRW) “deal” #1", "seeds/en/x.txt", "첫 문장. 28.5% 증가", ["japan"], False, 3,
         "sha256:ab")
@example("Japan", "/data/dumps/en/synth_0000.txt", "...and more", ["japan"], False, 3, "sha256:ab")
@example("_x", "../seeds/en/x.txt", ".5", [".inf", "./a"], False, 3, "sha256:ab")
def test_fast_path_equals_yaml(title: str, dump: str, summary: str, tags: list[str], inferred: bool,
                               record: int, digest: str) -> None:
    data = {"title": title, "date": dt.date(2024, 4, 23), "lang": "en", "category": "industry"}
    if inferred:
        data["category_inferred"] = True
    data.update(tags=tags, slug="a-slug", translation_key="2024-04-23-a-slug", summary=summary,
                source={"dump": dump, "record": record, "hash": digest})
    fast = fast_front_matter(data)
    if fast is not None:
        assert fast == by_yaml(data)


def test_plain_values_take_the_fast_path() -> None:
    data = {"title": "Japan's $120 mln (KRW) “deal” 1", "date": dt.date(2024, 4, 23), "lang": "ko",
            "category": "industry", "tags": ["japan", "steel"], "slug": "반도체-수출",
            "summary": "첫 문장. 28.5%",
            "source": {"dump": "seeds/ko/a.ko.txt", "record": 2, "hash": "sha256:00ff"}}
    assert fast_front_matter(data) == by_yaml(data)
    assert fast_front_matter({**data, "summary": "a: b"}) is None
    assert fast_front_matter({**data, "tags": ["yes"]}) is None
    # dumps imported from elsewhere: an absolute or "../" path (before, every such release took
    # PyYAML's writer, 0.1 ms each: 2-3 s of a 20,000-record import)
    for dump in ("/data/dumps/en/synth_0000.txt", "../seeds/ko/a.ko.txt"):
        moved = {**data, "source": {**data["source"], "dump": dump}}
        assert fast_front_matter(moved) == by_yaml(moved)


def test_the_archive_takes_the_fast_path() -> None:
    taken = 0
    for file in iter_release_files(REPO / "content"):
        front = file.read_text(encoding="utf-8").split("---\n")[1]
        data = yaml.safe_load(front)
        fast = fast_front_matter(data)
        taken += fast is not None
        assert fast in (None, front)
    assert taken >= 30


# Reading

PIECES = st.sampled_from([*"aZ 09:#'\"-,[]{}&*!|>%@`?.~\\/\t\u00a0한국’“", "yes", "no", "null", "0x1F", "1e3",
                          "12:30", "2024-01-01", ": ", " #", "- ", "\x85", "\u2028", "~"])
READ_TEXT = st.lists(PIECES, min_size=1, max_size=12).map("".join)
READ_IDS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)


def outcome(text: str, path: str) -> object:
    try:
        return parse_release_with_yaml(text, path)
    except ContentError as error:
        return str(error)


def fast_outcome(text: str, path: str) -> object:
    try:
        return parse_release(text, path)
    except ContentError as error:
        return str(error)


@settings(max_examples=400, deadline=None)
@given(title=READ_TEXT, summary=READ_TEXT, key=READ_TEXT, tags=st.lists(READ_IDS, max_size=4),
       inferred=st.booleans(),
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
            assert parse_release(text, relative) == parse_release_with_yaml(text, relative)
