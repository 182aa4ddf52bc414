"""Hostile and malformed dumps through the real `pressroom import`: every problem is one
`FILE:LINE: message` line, no traceback, nothing already imported is lost."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.files import iter_release_files, read_release
from generator.content.release import is_safe_slug
from generator.importing.dumps import parse_dump

BODY = "The ministry announced a plan today."


def record(title: str, date: str = "2024-04-23", body: str = BODY) -> str:
    return f"-\n{title}\n{body} date{date}\n"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_import(project: Path, *args: str) -> int:
    return main(["--quiet", "--config", str(project / "pyproject.toml"), "import", *args])


def releases(project: Path, lang: str = "en") -> list:
    content = project / "content"
    return [read_release(content, f) for f in iter_release_files(content)
            if f.relative_to(content).parts[0] == lang]


def parse(data: bytes, lang: str | None = "en"):
    return parse_dump(data, "d.txt", lang, lambda line: None)


@pytest.fixture
def project(scratch_project: Path) -> Path:
    """The scratch project with no releases yet: what a dump adds is all there is."""
    for lang in ("en", "ko"):
        for file in list((scratch_project / "content" / lang).rglob("*.md")):
            file.unlink()
    (scratch_project / "content" / ".pressroom-manifest.json").unlink(missing_ok=True)
    return scratch_project


@pytest.mark.parametrize("data, message", [
    (b"-\n-\n-\n", "empty record"),
    (b"-\ndate2024-04-23\n-\n", "empty record: only a date"),
    (record("Spaces", date=" 2024-04-23").encode(), "no date"),
    (record("Slashes", date="2024/04/23").encode(), "bad date '2024/04/23'"),
    (record("Not leap", date="2023-02-29").encode(), "impossible date 2023-02-29"),
    (b"-\nBad \xff\xfe title\n" + BODY.encode() + b" date2024-04-23\n", "undecodable bytes"),
    ("-\nCaf\xe9\nBody. date2024-04-23\n".encode("latin-1"), "undecodable bytes"),
])
def test_malformed_records_are_problems_with_a_line(data: bytes, message: str) -> None:
    dump = parse(data)
    assert not dump.records
    assert dump.problems and message in dump.problems[0].message
    assert all(p.line and str(p).startswith(f"d.txt:{p.line}: ") for p in dump.problems)


def test_edge_dates_titles_and_missing_newline_parse() -> None:
    data = (record("Year 1900", "1900-01-01") + record("Leap day", "2024-02-29")
            + record("Update on date2024-01-01 plans")
            + "-\nTwo dates\nBody date2024-01-01 and more date2024-03-03")  # no final newline
    dump = parse(data.encode())
    assert not dump.problems
    got = [(r.title, r.date.isoformat(), r.body) for r in dump.records]
    assert got == [("Year 1900", "1900-01-01", BODY), ("Leap day", "2024-02-29", BODY),
                   ("Update on date2024-01-01 plans", "2024-04-23", BODY),
                   ("Two dates", "2024-03-03", "Body date2024-01-01 and more")]


def test_implausible_dates_and_invisible_titles_are_skipped_with_a_line() -> None:
    """A year-one or year-9999 release stretched the stats page to megabytes and topped every
    feed; a title of zero-width spaces was a link with no text in every list."""
    data = (record("Year one", "0001-01-01") + record("Year 9999", "9999-12-31")
            + record("Next century", "2100-01-01") + record("\u200b\u200b \u2060")
            + record("Zero\ufeffwidth"))
    dump = parse(data.encode())
    assert [r.title for r in dump.records] == ["Zerowidth"]  # a stray byte-order mark is dropped
    messages = [str(problem) for problem in dump.problems]
    assert len(messages) == 4
    assert messages[0] == ("d.txt:3: implausible date 0001-01-01: a release's date must be from 1900 "
                           "to 2099; check the year; this record is skipped")
    assert "implausible date 9999-12-31" in messages[1] and "implausible date 2100-01-01" in messages[2]
    assert messages[3].startswith("d.txt:11: title has no visible character")


def test_utf16_with_bom_cr_only_and_utf8_bom_decode() -> None:
    text = record("Sixteen bits")
    for data in ((("\ufeff" + text).encode("utf-16-le")), text.encode("utf-16"),
                 text.encode("utf-16-be").join([b"\xfe\xff", b""]),
                 text.replace("\n", "\r").encode(), b"\xef\xbb\xbf" + text.encode()):
        dump = parse(data)
        assert not dump.problems, data[:8]
        assert [r.title for r in dump.records] == ["Sixteen bits"]


def test_xml_forbidden_characters_are_dropped_from_dumps() -> None:
    dump = parse(record("Ctl\x01\x0b title\ufffe\uffff", body="Body\x00 \x1b[31m text\x85.").encode())
    (only,) = dump.records
    assert only.title == "Ctl title" and only.body == "Body [31m text."


def test_ten_thousand_empty_records_and_a_5mb_line(project: Path, capsys) -> None:
    dumps = project / "dumps"
    dumps.mkdir()
    (dumps / "empty.txt").write_bytes(b"-\n" * 10_000)
    (dumps / "huge.txt").write_text(record("Huge body", body="x" * 5_000_000), encoding="utf-8")
    assert run_import(project, str(dumps / "empty.txt")) == 1  # nothing importable at all
    err = capsys.readouterr().err
    assert err.count("empty record") == 9_999 and "Traceback" not in err
    assert run_import(project, str(dumps / "huge.txt")) == 0
    (only,) = releases(project)
    assert len(only.body) == 5_000_000


def test_hostile_titles_give_safe_slugs(project: Path, capsys) -> None:
    titles = ["Word " * 400, "!!! ??? ...", "🎉🎉🎉", "..", "a/b\\c ../.. <script>alert(1)</script>",
              "{{ 7*7 }} {% include 'x' %} ]]> &#0;", "\u202eRTL שלום \u200d\u200b zwj"]
    dump = project / "hostile.txt"
    dump.write_text("".join(record(t, f"2024-04-{10 + n}") for n, t in enumerate(titles)), encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    found = releases(project)
    # a zero-width space is dropped from a title; the joiner (ZWJ) and the bidi override stay
    assert sorted(r.title for r in found) == sorted(" ".join(t.split()) if t.startswith("Word") else
                                                    t.strip().replace("\u200b", "") for t in titles)
    for release in found:
        assert is_safe_slug(release.slug) and 0 < len(release.slug) <= 80
        assert release.slug not in (".", "..") and "/" not in release.slug and "\\" not in release.slug


def test_unknown_category_line_is_the_title(project: Path) -> None:
    """Documented: a first line that is no category alias is the title, not an error."""
    dump = project / "cat.txt"
    dump.write_text("-\nBanana\nA title\nBody. date2024-04-23\n", encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    (only,) = releases(project)
    assert only.title == "Banana" and only.body == "A title\n\nBody."  # each dump line a paragraph


def test_wrong_lang_is_refused_and_nothing_is_written(project: Path, capsys) -> None:
    english = project / "en.txt"
    english.write_text(record("English title"), encoding="utf-8")
    korean = project / "ko.txt"
    korean.write_text(record("반도체 수출 증가", body="반도체 수출이 크게 늘었다."), encoding="utf-8")
    before = snapshot(project / "content")
    assert run_import(project, "--lang", "ko", str(english)) == 1
    assert "en.txt:1: --lang ko, but the dump has no Korean text" in capsys.readouterr().err
    assert run_import(project, "--lang", "en", str(korean)) == 1
    assert "ko.txt:1: --lang en, but the dump is mostly Korean" in capsys.readouterr().err
    assert snapshot(project / "content") == before


def test_binary_file_and_empty_folder_fail_without_traceback(project: Path, capsys) -> None:
    binary = project / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    (project / "empty").mkdir()
    assert run_import(project, str(binary)) == 1
    assert run_import(project, str(project / "empty")) == 1
    assert run_import(project, str(project / "nowhere")) == 1
    err = capsys.readouterr().err
    assert "undecodable bytes" in err and "no dump files" in err and "no such dump file" in err
    assert "Traceback" not in err
    assert releases(project) == []


def test_a_pipe_or_a_dangling_link_is_named_for_what_it_is(project: Path, capsys) -> None:
    """Named directly or found in a named folder, never skipped in silence, never 'no such file'."""
    folder = project / "dumps"
    folder.mkdir()
    (folder / "good.txt").write_text(record("A good release"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(project / "nowhere.txt")
    assert run_import(project, str(folder)) == 0  # the good dump imports; the others are said
    err = capsys.readouterr().err
    assert f"{folder / 'pipe.txt'}: not a regular file (a pipe, a socket or a device): give a text " \
           "file; skipped" in err
    assert f"{folder / 'gone.txt'}: a link that leads to no file" in err
    assert [release.title for release in releases(project)] == ["A good release"]
    assert run_import(project, str(folder / "pipe.txt")) == 1
    assert "pipe.txt: not a regular file" in capsys.readouterr().err


def test_motie_style_korean_release_without_english(project: Path) -> None:
    dump = project / "motie.txt"
    dump.write_text(
        "-\n[보도자료] 산업부, 「반도체 특별법」 시행령 입법예고…첨단산업 지원 강화\n"
        "산업통상자원부는 2024년 4월 23일(화) 시행령 제정안을 입법예고한다고 밝혔다.\n"
        "총 1,234억 원 규모의 소재ㆍ부품ㆍ장비 기업 지원 방안을 담았다.\n"
        "담당 부서 : 반도체과 / 과장 홍길동 (044-203-4270)\ndate2024-04-23\n"
        "-\n가\n한 글자 제목 본문입니다. date2024-04-19\n", encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    found = {r.title: r for r in releases(project, "ko")}
    first = found["[보도자료] 산업부, 「반도체 특별법」 시행령 입법예고…첨단산업 지원 강화"]
    assert first.slug == "보도자료-산업부-반도체-특별법-시행령-입법예고-첨단산업-지원-강화"
    assert "1,234억 원" in first.body and first.body.endswith("(044-203-4270)")
    assert found["가"].slug == "가"


def test_mixed_language_dump_files_each_record_under_its_language(project: Path) -> None:
    dump = project / "mixed.txt"
    korean = record("한국어 보도자료 제목", body="산업부는 수출이 늘었다고 밝혔다.")
    dump.write_text(record("English release title") + korean + record("Another English one", "2024-04-22"),
                    encoding="utf-8")
    assert run_import(project, str(dump)) == 0
    assert sorted(r.slug for r in releases(project, "en")) == ["another-english-one", "english-release-title"]
    assert [r.slug for r in releases(project, "ko")] == ["한국어-보도자료-제목"]
    # a dump forced with --lang keeps every record in that language
    forced = parse(dump.read_bytes(), "en")
    assert [r.lang for r in forced.records] == ["en", "en", "en"]
