"""A Korean-only release keeps Hangul in its slug: its URL must work everywhere a reader meets it.

The demo pairs every release, so this builds a variant: one Korean release loses its English
counterpart and gets a Hangul slug. Percent-encoded paths are where servers, link builders and
feed writers most often disagree, so it is read by the link checker, feedparser and the browser.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest

from generator.content.files import read_release
from generator.content.frontmatter import format_release
from generator.content.release import content_path_for

from .feeds import check_feed
from .links import check_links, check_sitemap
from .pages_server import PagesServer
from .support import BuiltSite, build_demo

pytestmark = pytest.mark.e2e
HANGUL_SLUG = "방산-수출-200억-달러-목표"


def make_korean_only(project: Path) -> None:
    content = project / "content"
    korean_file = sorted((content / "ko").rglob("*.md"))[0]
    korean = read_release(content, korean_file)
    for english_file in (content / "en").rglob("*.md"):
        if read_release(content, english_file).translation_key == korean.translation_key:
            english_file.unlink()
    korean_file.unlink()
    alone = dataclasses.replace(korean, slug=HANGUL_SLUG, translation_key=f"ko-only-{HANGUL_SLUG}",
                                path=content_path_for("ko", korean.date, HANGUL_SLUG))
    (content / alone.path).write_text(format_release(alone), encoding="utf-8")


@pytest.fixture(scope="module")
def korean_only_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    folder = tmp_path_factory.mktemp("korean-only")
    with PagesServer(folder / "site", "/pressroom/") as server:
        yield build_demo(folder, server.base_url, edit=make_korean_only)


def hangul_page(site: BuiltSite) -> Path:
    pages = list(site.folder.glob(f"ko/*/*/{HANGUL_SLUG}/index.html"))
    assert len(pages) == 1, f"the build wrote {pages} for the Hangul slug"
    return pages[0]


def test_hangul_slug_page_links_feeds_and_sitemap_hold(korean_only_site: BuiltSite) -> None:
    site = korean_only_site
    page_path = hangul_page(site).parent.relative_to(site.folder).as_posix() + "/"
    problems = [str(p) for check in (check_links, check_sitemap) for p in check(site.folder, site.base_url)]
    assert not problems, "\n".join(problems[:40])
    feed = site.folder / "ko" / "feed.xml"
    feed_problems = check_feed(feed.read_bytes(), site.url_of(feed), site.base_url, site.settings.feed_size)
    assert not feed_problems, "\n".join(feed_problems)
    expected = unquote(site.url(page_path))
    sitemap = (site.folder / "sitemap.xml").read_text(encoding="utf-8")
    listed = {"feed": [e.link for e in feedparser.parse(feed.read_bytes()).entries],
              "sitemap": re.findall(r"<loc>([^<]*)</loc>", sitemap)}
    for where, urls in listed.items():
        found = [url for url in urls if unquote(url) == expected]
        assert found, f"the {where} lacks {expected}"
        assert found[0].isascii(), f"the {where} writes {found[0]!r}, not a percent-encoded URL"


def test_reader_reaches_the_hangul_slug_from_the_korean_home(open_reader,
                                                             korean_only_site: BuiltSite) -> None:
    site = korean_only_site
    target = site.url(quote(hangul_page(site).parent.relative_to(site.folder).as_posix() + "/"))
    reader = open_reader(site)
    reader.open(site.url("ko/"))
    reader.follow(reader.find(re.escape(target), what="the link to the Korean-only release"))
    assert reader.html_lang().startswith("ko")
    assert reader.page.locator("h1").first.inner_text().strip()
    english = re.escape(site.url("en/")) + r"\d{4}/\d{2}/[^/]+/"
    to_english = [a.href for a in reader.anchors() if re.fullmatch(english, a.href)]
    assert not to_english, f"the Korean-only release links to English releases: {to_english}"
    reader.assert_clean()
