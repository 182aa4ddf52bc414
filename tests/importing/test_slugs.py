"""Slugs safe as a file and folder name on any system, and titles bounded, in the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.content.files import iter_release_files, read_release
from generator.content.release import MAX_SLUG_BYTES, MAX_TITLE_LENGTH, WINDOWS_RESERVED, is_safe_slug
from generator.importing.dumps import parse_dump
from generator.importing.slugs import english_slug, is_variant, korean_slug, with_suffix

RESERVED = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "com0", "lpt0"]


@pytest.mark.parametrize("name", RESERVED)
def test_reserved_names_are_never_slugs(name: str) -> None:
    assert name in WINDOWS_RESERVED and not is_safe_slug(name)
    for title in (name, name.upper(), f"{name.title()}.", f" {name} "):
        for slug in (english_slug(title), korean_slug(title)):
            assert is_safe_slug(slug) and slug not in WINDOWS_RESERVED, (title, slug)
            assert slug.startswith(name)  # the title still shows in its slug
    assert is_safe_slug(f"{name}-2") and is_safe_slug(f"{name}x") and is_safe_slug(f"x-{name}")


def test_korean_slugs_stay_within_the_byte_bound() -> None:
    """80 Hangul syllables are 240 bytes: with `.md` and a temporary file's affixes, too long a
    file name where file systems allow 255 bytes."""
    for title in ("반" * 100, "반도체 " * 60, "수출 " * 45 + "a" * 30):
        slug = korean_slug(title)
        assert is_safe_slug(slug) and len(slug.encode("utf-8")) <= MAX_SLUG_BYTES, slug
        assert len(f".{slug}.md.4194304.tmp".encode()) <= 255
        for number in (2, 99, 12345):
            variant = with_suffix(slug, number)
            assert is_safe_slug(variant) and is_variant(variant, slug), variant
    assert not is_safe_slug("가" * 67) and is_safe_slug("가" * 66)
    assert korean_slug("반도체 수출 28.5% 증가") == "반도체-수출-28-5-증가"  # short slugs are as before


def test_english_slugs_are_unchanged_below_the_bounds() -> None:
    assert english_slug("Japan's U.S. R&D plan") == "japans-us-rd-plan"
    assert len(english_slug("Word " * 100)) <= 80


def test_an_overlong_title_is_a_problem_and_the_rest_imports(scratch_project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    dump = scratch_project / "long.txt"
    long_title = "Long " * 2_000_000  # 10 MB on one line
    dump.write_text(f"-\nA fine title\nA body. date2024-04-23\n-\n{long_title}\nIts body. date2024-04-24\n"
                    f"-\nCon\nA body. date2024-04-25\n", encoding="utf-8")
    config = str(scratch_project / "pyproject.toml")
    assert main(["--config", config, "import", "--lang", "en", str(dump)]) == 0
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if line.startswith("long.txt:")]
    assert problems == [f"long.txt:5: title too long: {len(long_title.strip()):,} characters, at most "
                        f"{MAX_TITLE_LENGTH:,}; shorten it (the rest belongs in the body); "
                        "this record is skipped"]
    assert "Traceback" not in err
    content = scratch_project / "content"
    imported = {release.title: release
                for release in (read_release(content, f) for f in iter_release_files(content))}
    assert "A fine title" in imported and imported["Con"].slug == "con-release"
    assert not any(title.startswith("Long Long") for title in imported)
    assert main(["--config", config, "import", "--lang", "en", "--strict", str(dump)]) == 1


def test_title_bound_in_the_parser() -> None:
    fits = "T" * MAX_TITLE_LENGTH
    dump = parse_dump(f"-\n{fits}\nBody. date2024-04-23\n-\n{fits}x\nBody. date2024-04-24\n".encode(),
                      "d.txt", "en", lambda line: None)
    assert [r.title for r in dump.records] == [fits]
    assert [(p.line, p.message.split(":")[0]) for p in dump.problems] == [(5, "title too long")]


def test_slugs_of_other_languages_keep_their_letters_or_go_ascii() -> None:
    from generator.importing.slugs import slug_for

    assert slug_for("日本の半導体投資、過去最大に", "ja") == "日本の半導体投資-過去最大に"
    assert slug_for("Économie française : bilan", "fr") == "economie-francaise-bilan"  # Latin: ASCII
    assert slug_for("반도체 수출 증가", "ko") == "반도체-수출-증가"
    assert slug_for("Japan's exports", "en") == "japans-exports"
    assert all(is_safe_slug(slug_for(title, "ja")) for title in ("ソウルで会談", "ＡＩ標準", "2024年"))
    assert slug_for("Тест", "ru") == "test"  # other scripts are transliterated
