from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from generator.site.families.feed_pages import absolutize
from tests.golden.regenerate import build_fixture

BASE = "https://example.github.io/pressroom/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("feeds")
    build_fixture(work / "site", work / "out")
    return work / "out"


def feeds(site: Path) -> list[Path]:
    found = sorted(site.rglob("feed.xml"))
    assert len(found) > 10
    return found


def test_every_feed_parses_without_bozo_and_items_are_complete(site: Path) -> None:
    for path in feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        channel = parsed.feed
        url = BASE + path.relative_to(site).as_posix()
        assert channel.title and channel.link.startswith(BASE) and channel.subtitle
        assert channel.language in ("en", "ko")
        assert [link.href for link in channel.links if link.rel == "self"] == [url]
        assert parsed.entries, path
        text = path.read_text(encoding="utf-8")
        assert text.count('<guid isPermaLink="true">') == len(parsed.entries)
        for item in parsed.entries:
            assert item.link.startswith(BASE) and item.id == item.link
            assert item.published.endswith("+0900")
            assert item.summary and item.content[0].value.startswith("<p>")
            assert item.tags and all(tag.term for tag in item.tags)


def test_feed_dates_are_rfc822_in_english_in_both_languages(site: Path) -> None:
    text = (site / "ko" / "feed.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", text)
    assert dates[0] == "Tue, 23 Apr 2024 00:00:00 +0900"
    newest = re.search(r"<lastBuildDate>([^<]+)</lastBuildDate>", text)
    assert newest and newest.group(1) == dates[0]  # from the newest release, never the clock


def test_feed_size_caps_items_newest_first(site: Path) -> None:
    parsed = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    assert len(parsed.entries) == 3  # feed_size of the fixture
    dates = [entry.published_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_content_has_no_relative_urls_and_raw_html_stays_escaped(site: Path) -> None:
    text = (site / "en" / "category" / "industry" / "feed.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(text)
    html = next(e.content[0].value for e in parsed.entries if "ai-standards" in e.link)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert BASE + "en/2024/03/korea-us-hydrogen-cooperation/" in hrefs
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_absolutize() -> None:
    html = '<p><a href="../x/">x</a> <img src="a.png" alt=""> <a href="https://o.org/">o</a></p>'
    out = absolutize(html, "https://h.io/p/en/2024/04/s/")
    assert 'href="https://h.io/p/en/2024/04/x/"' in out and 'src="https://h.io/p/en/2024/04/s/a.png"' in out
    assert 'href="https://o.org/"' in out


def test_absolutize_returns_plain_text_so_autoescape_escapes_it_once() -> None:
    """The contract docs/themes.md states: Markup in, `str` out, so `{{ content|absolutize(b) }}`
    in an autoescaped feed.xml writes the HTML escaped once, with no `|forceescape` or `|e`."""
    from jinja2 import Environment
    from markupsafe import Markup

    out = absolutize(Markup('<p><a href="x/">x</a></p>'), "https://h.io/en/")
    assert type(out) is str
    assert absolutize(None, "https://h.io/en/") == ""
    env = Environment(autoescape=True)
    env.filters["absolutize"] = absolutize
    written = env.from_string("<c>{{ html|absolutize(base) }}</c>").render(
        html=Markup('<a href="x/">x</a>'), base="https://h.io/en/")
    assert written == '<c>&lt;a href=&#34;https://h.io/en/x/&#34;&gt;x&lt;/a&gt;</c>'
