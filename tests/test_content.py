from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from generator.content.frontmatter import format_release, parse_release
from generator.content.release import Release, Source, is_safe_slug
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
        ("lang: en", "lang: fr", ":4: lang must be one of"),
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
