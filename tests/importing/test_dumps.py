"""The dump parser: tolerant of messy files, exact about problems, never raising."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importing.dumps import detect_language, parse_dump

CATEGORIES = {"industry": "industry", "산업": "industry", "trade": "trade"}


def category(line: str) -> str | None:
    return CATEGORIES.get(line.strip().casefold())


def parse(text: str | bytes, lang: str | None = None):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_dump(data, "d.txt", lang, category)


GOOD = "-\nIndustry\nA title\nThe body. date2024-04-23\n-\nSecond title\nMore text here. date2024-04-22\n"


def test_a_plain_dump_parses_into_records() -> None:
    dump = parse(GOOD)
    assert dump.problems == []
    assert dump.lang == "en"
    first, second = dump.records
    assert (first.category, first.title, first.body, first.date) == ("industry", "A title", "The body.",
                                                                    dt.date(2024, 4, 23))
    assert (first.number, first.line, second.number, second.line) == (1, 2, 2, 6)
    assert second.category is None and second.title == "Second title"
    assert first.hash.startswith("sha256:") and len(first.hash) == 71


def test_crlf_bom_blank_lines_and_trailing_spaces_change_nothing() -> None:
    messy = "\ufeff" + GOOD.replace("\n", "  \r\n").replace("-  \r\nSecond", "-\r\n\r\n\r\nSecond")
    clean, dirty = parse(GOOD).records, parse(messy).records
    assert [(r.title, r.body, r.date, r.category, r.hash) for r in dirty] == \
           [(r.title, r.body, r.date, r.category, r.hash) for r in clean]


def test_missing_final_newline_and_no_leading_separator() -> None:
    dump = parse("Title\nBody text. date2024-01-02")
    assert dump.problems == [] and dump.records[0].title == "Title"


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "-\n한국 제목\n본문입니다. date2024-01-02\n")
    record = parse(decomposed, "ko").records[0]
    assert record.title == "한국 제목" and unicodedata.is_normalized("NFC", record.body)


def test_separator_lines_may_carry_spaces_and_a_multi_line_body_keeps_its_lines() -> None:
    record = parse(" - \nTitle\nFirst paragraph.\nSecond paragraph. date2024-01-02\n  -  \n").records[0]
    assert record.body == "First paragraph.\nSecond paragraph."


def test_date_on_its_own_line() -> None:
    assert parse("-\nTitle\nBody.\ndate2024-01-02\n").records[0].body == "Body."


def test_category_line_only_when_it_names_a_category() -> None:
    not_category = parse("-\nSteel talks\nKorea and Japan met.\nMore. date2024-01-02\n").records[0]
    assert not_category.category is None and not_category.title == "Steel talks"
    korean = parse("-\n산업\n제목\n본문이다. date2024-01-02\n").records[0]
    assert korean.category == "industry" and korean.title == "제목"
    long_line = "Industry " * 6
    assert parse(f"-\n{long_line}\nTitle\nBody. date2024-01-02\n").records[0].category is None


def test_control_characters_are_dropped() -> None:
    assert parse("-\nTi\x02tle\nBo\x00dy. date2024-01-02\n").records[0].title == "Title"


def test_every_problem_message_exactly() -> None:
    text = (
        "-\nNo date\nBody without a date\n"            # 1-3
        "-\nImpossible\nBody. date2024-02-30\n"         # 4-6
        "-\nBad\nBody. date2024-4-3\n"                  # 7-9
        "-\n\n"                                         # 10-11 empty record
        "-\nLonely title date2024-01-01\n"              # 12-13
        "-\nIndustry\nTitle only date2024-01-01\n"      # 14-16
        "-\ndate2024-01-01\n"                           # 17-18
        "-\nGood\nBody. date2024-01-01\n"               # 19-21
    )
    dump = parse(text)
    assert [str(p) for p in dump.problems] == [
        "d.txt:3: no date: the record's last line must end with dateYYYY-MM-DD",
        "d.txt:6: impossible date 2024-02-30",
        "d.txt:9: bad date '2024-4-3': expected dateYYYY-MM-DD",
        "d.txt:10: empty record: nothing between two '-' lines",
        "d.txt:13: title without body: 'Lonely title' has no text before its date",
        "d.txt:16: title without body: 'Title only' has no text before its date",
        "d.txt:18: empty record: only a date",
    ]
    assert [r.title for r in dump.records] == ["Good"]
    assert dump.records[0].number == 8


def test_undecodable_bytes_name_their_line_and_spare_the_other_records() -> None:
    data = (b"-\nGood\nBody. date2024-01-01\n-\nBad \xff\xfe title\nBody. date2024-01-02\n"
            b"-\nFine\nText. date2024-01-03\n")
    dump = parse(data)
    assert [str(p) for p in dump.problems] == [
        "d.txt:5: undecodable bytes (not UTF-8) at byte 5 of the line; this record is skipped"]
    assert [r.title for r in dump.records] == ["Good", "Fine"]


def test_empty_files() -> None:
    for text in ("", "\ufeff", "\n\n  \n", "-\n"):
        assert [str(p) for p in parse(text).problems] == ["d.txt:1: empty file: no records"], repr(text)


def test_language_detection() -> None:
    assert detect_language("Korea and Japan (MOTIE) 2024") == "en"
    assert detect_language("산업통상자원부(MOTIE)는 4월 22일 일본 도레이(Toray Industries)와 밝혔다") == "ko"
    assert parse("-\n제목\n본문 MOTIE 입니다. date2024-01-02\n").lang == "ko"
    assert parse("-\n제목\n본문. date2024-01-02\n", lang="en").lang == "en"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    dump = parse(data)
    for record in dump.records:
        assert record.title and record.body and unicodedata.is_normalized("NFC", record.body)


DUMPISH = list("-\n \r\tdate0123456789-Industry산업제목ab.\ufeff\x00")
TEXTISH = st.text(alphabet=st.sampled_from(DUMPISH), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXTISH)
def test_dump_shaped_text_never_raises_and_lines_are_real(text: str) -> None:
    dump = parse(text)
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))  # a lone CR ends a line too
    for problem in dump.problems:
        assert problem.line is not None and 1 <= problem.line <= max(lines, 1)


def test_a_binary_file_names_five_bad_lines_and_counts_the_rest() -> None:
    """A line each would flood the terminal with a binary file's thousands of lines."""
    data = b"\n".join(b"garbage \xff\xfe\x00 %d" % n for n in range(40))
    problems = [str(problem) for problem in parse(data).problems]
    assert len(problems) == 6
    assert all(p.startswith(f"d.txt:{n}: undecodable bytes") for n, p in enumerate(problems[:5], 1))
    assert problems[5] == ("d.txt:6: and 35 more lines with undecodable bytes, their records skipped: "
                           "is this a text dump?")
