"""Every string the writer is given reads back as itself: format_release → parse_release, for every
BMP code point at the start, in the middle and at the end of a value (an outside audit found
U+2028/U+2029 written plain: the file's YAML no longer parsed, and every build and check failed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from generator.content.frontmatter import (
    SafeDumper,
    fast_front_matter,
    format_release,
    parse_release,
    parse_release_with_yaml,
)
from generator.content.release import Release, Source
from generator.errors import ContentError

# What a release file may not hold at all (generator.content.frontcheck refuses it by name).
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def release(title: str, summary: str, key: str) -> Release:
    return Release(path="ko/2024/05/x.md", lang="ko", title=title, date=dt.date(2024, 5, 1),
                   category="trade", tags=("japan",), slug="x", translation_key=key, summary=summary,
                   body="Body.", body_line=0, source=Source("seeds/ko/a.txt", 1, "sha256:ab"))


def test_every_bmp_code_point_round_trips_in_a_title_and_summary() -> None:
    wrong = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # lone surrogates: no text file can hold them
            continue
        char = chr(code)
        # middle, start and end: a value's first and last characters are judged apart
        title, summary, key = f"Steel {char} exports", f"{char}x", f"k{char}"
        try:
            back = parse_release(format_release(release(title, summary, key)), "ko/2024/05/x.md")
        except ContentError as error:
            if not (REFUSED.match(char) and "control character" in str(error)):
                wrong.append(f"U+{code:04X}: {error}")
            continue
        if REFUSED.match(char) or (back.title, back.summary, back.translation_key) != (title, summary, key):
            wrong.append(f"U+{code:04X}: read back as {(back.title, back.summary, back.translation_key)!r}")
    assert wrong == []


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\n"])
def test_line_breaks_are_never_written_plain(char: str) -> None:
    for value in (f"Korea{char}steel", f"{char}x", f"x{char}", char):
        data = {"title": value, "date": dt.date(2024, 5, 1), "lang": "ko", "tags": [f"a{char}b"],
                "summary": value, "source": {"dump": f"d{char}.txt", "record": 1, "hash": "sha256:ab"}}
        fast = fast_front_matter(data)
        assert fast is None or fast == yaml.dump(data, Dumper=SafeDumper, allow_unicode=True,
                                                 sort_keys=False, width=10**6, default_flow_style=None)


def test_the_audited_title_imports_into_a_file_that_parses() -> None:
    """The auditor's case: a Korean title with a paragraph separator in it."""
    text = format_release(release("반도체\u2029수출 28.5% 증가", "첫 문장.\u2028둘째", "2024-05-01-x"))
    back = parse_release(text, "ko/2024/05/x.md")
    assert back.title == "반도체\u2029수출 28.5% 증가" and back.summary == "첫 문장.\u2028둘째"


@pytest.mark.parametrize("change", [
    ("date: 2024-04-23", "date: ２０２４-04-23"), ("date: 2024-04-23", "date: 2024-٠٤-23"),
    ("date: 2024-04-23", "date: 2024-04-२३"), ("record: 3", "record: ３"),
])
def test_digits_of_other_scripts_read_as_yaml_reads_them(change: tuple[str, str]) -> None:
    """The fast reader took \\d (any script's digits) where YAML takes ASCII only: a hand-typed
    full-width date or record number built through one reader and failed through the other."""
    text = ("---\ntitle: T\ndate: 2024-04-23\nlang: en\ncategory: trade\ntags: [japan]\nslug: s\n"
            "translation_key: k\nsummary: S\nsource: {dump: a.txt, record: 3, hash: 'sha256:ab'}\n---\n\n"
            "Body.\n").replace(*change)
    with pytest.raises(ContentError) as fast:
        parse_release(text, "en/2024/04/s.md")
    with pytest.raises(ContentError) as slow:
        parse_release_with_yaml(text, "en/2024/04/s.md")
    assert str(fast.value) == str(slow.value)
