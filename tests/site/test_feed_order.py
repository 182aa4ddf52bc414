"""Same-day releases keep the dumps' order in every list and feed, at stable times within their
day (generator/site/timing.py); a JSON Feed beside each RSS feed carries the same items in the
same order; the sitemap dates release pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from generator.content.release import Release, Source
from generator.site.archive import day_ranks, newest_first
from generator.site.build import build_site
from generator.site.timing import modified_rfc3339, rfc822, rfc3339
from tests.golden.regenerate import fixture_settings
from tests.jsonfeedcheck import json_feed_problems, same_items

BASE = "https://example.github.io/pressroom/"
DAY = "2024-04-22"  # the fixture's English AI standards release is of this day


def _release(slug: str, date: dt.date, record: int | None, dump: str = "seeds/en/a.txt") -> Release:
    return Release(path=f"en/{date:%Y/%m}/{slug}.md", lang="en", title=slug, date=date, category="trade",
                   tags=(), slug=slug, translation_key=slug, summary="", body="b", body_line=10,
                   source=Source(dump, record, "sha256:x") if record is not None else None)


def test_a_day_lists_the_dump_order_then_hand_written_files_in_file_order() -> None:
    day, before = dt.date(2024, 4, 22), dt.date(2024, 4, 21)
    releases = [_release("zeta", day, 1), _release("alpha", day, 3), _release("mid", day, 2),
                _release("hand-b", day, None), _release("hand-a", day, None), _release("older", before, 1),
                _release("other-dump", day, 2, "seeds/en/b.txt")]
    ordered = [r.slug for r in newest_first(releases)]
    # record 1 is the dump's first, its newest; equal records go by dump name; then file names
    assert ordered == ["zeta", "mid", "other-dump", "alpha", "hand-a", "hand-b", "older"]
    assert ordered == [r.slug for r in newest_first(reversed(releases))]
    ranks = day_ranks(newest_first(releases))
    assert [ranks[f"en/2024/04/{slug}.md"] for slug in ordered] == [5, 4, 3, 2, 1, 0, 0]


def test_times_within_a_day_count_seconds_from_midnight_in_the_site_zone() -> None:
    day = dt.date(2024, 4, 22)
    assert rfc822(day, "Asia/Seoul", 3) == "Mon, 22 Apr 2024 00:00:03 +0900"
    assert rfc3339(day, "Asia/Seoul", 61) == "2024-04-22T00:01:01+09:00"
    assert modified_rfc3339(_release("x", day, 1), "Asia/Seoul", 2) == "2024-04-22T00:00:02+09:00"


SAME_DAY = """---
title: "{title}"
date: {day}
lang: en
category: {category}
tags: [{tags}]
slug: {slug}
translation_key: {slug}
summary: "{title}."
source: {{dump: seeds/en/x.txt, record: {record}, hash: 'sha256:{record}'}}
---

{title}.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden fixture with three more English releases on the AI standards release's day,
    from one dump: record 1 (newest), 2 and 3; the hand-written AI standards one comes last."""
    work = tmp_path_factory.mktemp("sameday")
    settings = fixture_settings(work / "site")
    for record, slug, category, tags in ((2, "a-second-of-the-day", "industry", "ai"),
                                         (1, "b-first-of-the-day", "energy", "hydrogen"),
                                         (3, "c-third-of-the-day", "industry", "ai, standards")):
        file = settings.content_path / f"en/2024/04/{slug}.md"
        file.write_text(SAME_DAY.format(title=slug.replace("-", " ").capitalize(), day=DAY, category=category,
                                        tags=tags, slug=slug, record=record), encoding="utf-8")
    build_site(replace(settings, feed_size=9), work / "out", search=False)
    return work / "out"


def _slugs(links: list[str]) -> list[str]:
    return [link.rstrip("/").rsplit("/", 1)[1] for link in links]


def test_feeds_keep_the_day_in_dump_order_with_increasing_times(site: Path) -> None:
    parsed = feedparser.parse((site / "en/feed.xml").read_bytes())
    day = [entry for entry in parsed.entries if entry.published.startswith("Mon, 22 Apr 2024")]
    assert _slugs([entry.link for entry in day]) == [
        "b-first-of-the-day", "a-second-of-the-day", "c-third-of-the-day", "ai-standards-plenary-seoul"]
    assert [entry.published for entry in day] == [f"Mon, 22 Apr 2024 00:00:0{n} +0900" for n in (3, 2, 1, 0)]
    # a category feed shows the same times: they belong to the release, not to the feed
    industry = feedparser.parse((site / "en/category/industry/feed.xml").read_bytes())
    times = {entry.link: entry.published for entry in industry.entries}
    assert times[BASE + "en/2024/04/c-third-of-the-day/"] == "Mon, 22 Apr 2024 00:00:01 +0900"
    # the lists agree with the feeds: the month's archive lists the day in the same order
    month = (site / "en/2024/04/index.html").read_text(encoding="utf-8")
    shown = re.findall(r'href="[./]*en/2024/04/([^/"]+)/"', month)
    of_the_day = {"b-first-of-the-day", "a-second-of-the-day", "c-third-of-the-day",
                  "ai-standards-plenary-seoul"}
    order = [slug for slug in dict.fromkeys(shown) if slug in of_the_day]
    assert order == _slugs([entry.link for entry in day])


def test_every_json_feed_has_the_rss_feeds_items_in_the_same_order(site: Path) -> None:
    rss_files = sorted(site.rglob("feed.xml"))
    assert sorted(site.rglob("feed.json")) == [path.with_name("feed.json") for path in rss_files]
    problems = []
    for rss_file in rss_files:
        json_file = rss_file.with_name("feed.json")
        own = BASE + json_file.relative_to(site).as_posix()
        problems += [f"{own}: {p}" for p in json_feed_problems(json_file.read_bytes(), own, BASE)]
        problems += [f"{own}: {p}" for p in same_items(rss_file.read_bytes(), json_file.read_bytes())]
    assert not problems, "\n".join(problems[:20])


def test_the_json_feed_check_finds_what_breaks_the_spec(site: Path) -> None:
    """The checks above can fail: a feed without `version`, an item without content, a feed whose
    items are reordered."""
    text = (site / "en/feed.json").read_bytes()
    data = json.loads(text)
    own = BASE + "en/feed.json"
    assert json_feed_problems(text, own, BASE) == []
    broken = {**data, "version": "1", "items": [{**data["items"][0], "content_html": None, "id": ""}]}
    found = json_feed_problems(json.dumps(broken).encode(), own, BASE)
    assert any("version" in p for p in found) and any("content_html" in p for p in found)
    swapped = {**data, "items": [data["items"][1], data["items"][0], *data["items"][2:]]}
    assert same_items((site / "en/feed.xml").read_bytes(), json.dumps(swapped).encode())


def test_sitemap_dates_release_pages_by_their_modified_date(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", sitemap))
    assert entries[BASE + "en/2024/04/b-first-of-the-day/"] == DAY
    assert entries[BASE + "ko/2024/04/ai-standards-plenary-seoul/"] == DAY
    assert BASE + "en/" not in entries  # lists carry no lastmod
    assert json.loads((site / "en/feed.json").read_text(encoding="utf-8"))["items"][0]["date_modified"]
