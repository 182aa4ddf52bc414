from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from generator.content.files import iter_release_files, read_release, release_files
from generator.content.frontmatter import format_release, parse_release
from generator.content.release import Release, Source, content_path_for, is_safe_slug, month_folder
from generator.errors import ContentError

RELEASE = Release(
    path="en/2024/04/korea-japan-steel.md",
    lang="en",
    title='Korea: "steel" #1 & more',
    date=dt.date(2024, 4, 23),
    category="industry",
    tags=("japan", "steel"),
    slug="korea-japan-steel",
    translation_key="2024-04-23-korea-japan-steel",
    summary="Korea and Japan: talks.",
    body="First paragraph.\n\nSecond paragraph.",
    body_line=13,  # the first line of the body, after the blank line
    source=Source("seeds/en/a.txt", 3, "sha256:00ff"),
)


def test_format_then_parse_round_trips() -> None:
    text = format_release(RELEASE)
    assert parse_release(text, RELEASE.path) == RELEASE
    assert RELEASE.url_path == "en/2024/04/korea-japan-steel/"


def test_inferred_category_round_trips() -> None:
    release = replace(RELEASE, category_inferred=True, source=None)
    parsed = parse_release(format_release(release), release.path)
    assert parsed == replace(release, body_line=parsed.body_line)
    assert parsed.category_inferred


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("date: 2024-04-23", "date: 2024-02-30", ":3: impossible date"),
        ("date: 2024-04-23", "date: soon", ":3: date must be a date"),
        ("date: 2024-04-23", "date: 0001-01-01", ":3: implausible date 0001-01-01"),
        ("date: 2024-04-23", "date: 9999-12-31", ":3: implausible date 9999-12-31"),
        ("title: 'Korea: \"steel\" #1 & more'", "title: \"\\u200B\\u2060\"",
         ":2: title has no visible character"),
        ("lang: en", "lang: French", ":4: lang must be a language code"),
        ("lang: en", "lang: fr", ":4: lang is 'fr' but the file is not under fr/"),
        ("slug: korea-japan-steel", "slug: ../etc", ":7: slug '../etc' must be"),
        ("tags: [japan, steel]", "tags: [Japan]", ":6: tags must be a list"),
        ("category: industry", "categry: industry", ":5: unknown front matter key 'categry'"),
        ("title: 'Korea", "title: [Korea", "bad YAML front matter"),
    ],
)
def test_bad_front_matter_names_file_and_line(old: str, new: str, expected: str) -> None:
    text = format_release(RELEASE)
    assert old in text
    with pytest.raises(ContentError) as caught:
        parse_release(text.replace(old, new, 1), RELEASE.path)
    message = str(caught.value)
    assert message.startswith(RELEASE.path + ":")
    assert any(part in message for part in expected.split("|")), message


def test_missing_fence_is_an_error() -> None:
    with pytest.raises(ContentError, match=":1: the file must start with"):
        parse_release("title: x\n", "en/x.md")


@pytest.mark.parametrize(
    ("slug", "safe"),
    [("abc-123", True), ("반도체-수출", True), ("a" * 81, False), ("..", False),
     ("a/b", False), ("Upper", False), ("-lead", False), ("", False)],
)
def test_slug_safety(slug: str, safe: bool) -> None:
    assert is_safe_slug(slug) is safe


def test_page_and_content_paths_keep_their_year_forms() -> None:
    """The one page rule pads years to four digits (what the build has always written); the one
    content rule keeps the importer's folder form, unpadded before the year 1000."""
    old = replace(RELEASE, date=dt.date(999, 1, 2))
    assert old.url_path == "en/0999/01/korea-japan-steel/"
    assert content_path_for("en", old.date, old.slug) == "en/999/01/korea-japan-steel.md"
    assert content_path_for("ko", RELEASE.date, "s") == f"{month_folder('ko', RELEASE.date)}/s.md"
    assert content_path_for("ko", RELEASE.date, "s") == "ko/2024/04/s.md"


def test_the_lister_lists_what_it_cannot_read(tmp_path: Path) -> None:
    """A folder named like a release and a dangling link are listed, and reading them says why
    not in one line (the folder's own releases are listed too)."""
    (tmp_path / "en/2024/04/notes.md").mkdir(parents=True)
    (tmp_path / "en/2024/04/notes.md/inner.md").write_text(format_release(RELEASE), encoding="utf-8")
    (tmp_path / "en/2024/04/a-b.md").write_text(format_release(RELEASE), encoding="utf-8")
    (tmp_path / "en/2024/04/gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "en/2024/04/notes.txt").write_text("not a release", encoding="utf-8")
    (tmp_path / "ko").mkdir()
    (tmp_path / "ko/z.md").write_text(format_release(RELEASE), encoding="utf-8")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr/x.md").write_text(format_release(RELEASE), encoding="utf-8")
    listed = ["en/2024/04/a-b.md", "en/2024/04/gone.md", "en/2024/04/notes.md",
              "en/2024/04/notes.md/inner.md", "ko/z.md"]
    assert release_files(tmp_path, ("en", "ko")) == listed  # the site's languages only
    listed_paths = iter_release_files(tmp_path, ("en", "ko"))
    assert [path.relative_to(tmp_path).as_posix() for path in listed_paths] == listed
    assert release_files(tmp_path) == [*listed[:4], "fr/x.md", "ko/z.md"]  # every language folder
    with pytest.raises(ContentError) as caught:
        read_release(tmp_path, tmp_path / "en/2024/04/gone.md")
    assert str(caught.value) == "en/2024/04/gone.md: cannot read the file: No such file or directory"
    with pytest.raises(ContentError) as caught:
        read_release(tmp_path, tmp_path / "en/2024/04/notes.md")
    assert str(caught.value) == "en/2024/04/notes.md: cannot read the file: Is a directory"
