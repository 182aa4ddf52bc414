from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import validation
from generator.content.frontmatter import format_release
from generator.content.release import Release
from generator.content.validation import KeyLines, archive_problems
from generator.content.vocabulary import parse_vocabulary
from generator.errors import ContentError
from generator.site.archive import build_archive, newest_first, paginate

VOCAB = parse_vocabulary(
    "categories:\n  trade: {en: Trade, ko: 통상}\n  energy: {en: Energy, ko: 에너지}\n"
    "tags:\n  japan: {en: Japan, ko: 일본, kind: country}\n  steel: {en: Steel, ko: 철강}\n",
    "vocabulary.yaml")


def release(lang: str, day: int, slug: str, key: str | None = None, **changes: object) -> Release:
    date = dt.date(2024, 4, day) if day <= 30 else dt.date(2024, 5, day - 30)
    base = Release(path=f"{lang}/{date:%Y/%m}/{slug}.md", lang=lang, title=f"{slug} title", date=date,
                   category="trade", tags=("japan",), slug=slug, translation_key=key or slug,
                   summary="s", body="b", body_line=10)
    return replace(base, **changes)


def test_indexes_orders_and_neighbours() -> None:
    items = [release("en", 1, "a"), release("en", 3, "c", tags=("japan", "steel")), release("en", 2, "b"),
             release("ko", 2, "b", category="energy"), release("en", 31, "d")]
    archive = build_archive(items, VOCAB, ("en", "ko"))
    assert [r.slug for r in archive.releases["en"]] == ["d", "c", "b", "a"]
    assert sorted(archive.by_month["en"]) == [(2024, 4), (2024, 5)]
    assert [r.slug for r in archive.by_year["en"][2024]] == ["d", "c", "b", "a"]
    assert [r.slug for r in archive.by_tag["en"]["steel"]] == ["c"]
    assert list(archive.by_category["ko"]) == ["energy"]
    c = archive.releases["en"][1]
    assert archive.newer(c).slug == "d" and archive.older(c).slug == "b"
    assert archive.newer(archive.releases["en"][0]) is None
    assert archive.older(archive.releases["en"][-1]) is None
    b_en = archive.releases["en"][2]
    assert archive.translation(b_en, "ko").lang == "ko"
    assert archive.translation(c, "ko") is None


def test_same_date_order_is_total_and_stable() -> None:
    items = [release("en", 5, name) for name in ("x", "a", "m")]
    assert [r.slug for r in newest_first(items)] == [r.slug for r in newest_first(reversed(items))]


def test_unknown_category_names_file_and_line(tmp_path: Path) -> None:
    bad = release("en", 1, "a", category="fishing")
    (tmp_path / "en/2024/04").mkdir(parents=True)
    (tmp_path / bad.path).write_text(format_release(bad), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_archive([bad], VOCAB, ("en", "ko"), tmp_path)
    assert str(caught.value) == "en/2024/04/a.md:5: category 'fishing' is not in the vocabulary"


def test_unknown_tag_is_an_error() -> None:
    with pytest.raises(ContentError, match="tag 'whales' is not in the vocabulary"):
        build_archive([release("en", 1, "a", tags=("whales",))], VOCAB, ("en", "ko"))


def test_clashes_are_errors() -> None:
    clash = "slug 'a' clashes with en/2024/04/a.md: both would be /en/2024/04/a/"
    with pytest.raises(ContentError, match=clash):
        build_archive([release("en", 1, "a"), release("en", 1, "a", path="en/2024/04/other.md")],
                      VOCAB, ("en",))
    shared = r"en/2024/04/a.md: translation_key 'k' is shared with another en release \(en/2024/04/b.md\)"
    with pytest.raises(ContentError, match=shared):
        build_archive([release("en", 1, "a", key="k"), release("en", 2, "b", key="k")], VOCAB, ("en",))


def test_paginate() -> None:
    items = [release("en", day, f"s{day}") for day in range(1, 6)]
    assert [len(p) for p in paginate(items, 2)] == [2, 2, 1]
    assert paginate([], 2) == [[]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["en", "ko"]), st.integers(1, 40), st.sampled_from("abc"),
                          st.sampled_from("kl"), st.sampled_from(["trade", "energy", "fishing"]),
                          st.sampled_from([(), ("japan",), ("steel", "whales")])), max_size=6))
def test_the_quick_soundness_pass_agrees_with_the_full_lists(items: list[tuple]) -> None:
    """archive_problems answers the common case (nothing wrong) with one quick loop; it must
    say nothing exactly when the full lists are empty."""
    releases = [release(lang, day, slug, key, category=category, tags=tags,
                        path=f"{lang}/{index}/{slug}.md")
                for index, (lang, day, slug, key, category, tags) in enumerate(items)]
    lines = KeyLines(None)
    full = [*(p for r in releases for p in validation._unknown_ids(r, VOCAB, lines)),
            *validation._clashing_pages(releases, {r.path: r.url_path for r in releases}, lines),
            *validation._shared_keys(releases, lines)]
    assert archive_problems(releases, VOCAB, lines) == full
