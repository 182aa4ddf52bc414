"""Every feed of the demo site, read by feedparser and held to the W3C validator's rules."""

from __future__ import annotations

import pytest

from .feeds import check_feed
from .links import target_file
from .support import BuiltSite

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("which", ["site", "root_site"])
def test_every_feed_reads_cleanly_and_completely(which: str, request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    feeds = site.feed_files()
    names = {f.relative_to(site.folder).as_posix() for f in feeds}
    assert names >= {f"{lang}/feed.xml" for lang in site.settings.languages}
    assert any("/category/" in f.as_posix() for f in feeds), "no category feed"
    assert any("/tag/" in f.as_posix() for f in feeds), "no tag feed"
    problems = [f"{site.url_of(feed)}: {problem}"
                for feed in feeds
                for problem in check_feed(feed.read_bytes(), site.url_of(feed), site.base_url,
                                          site.settings.feed_size)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


def test_feed_items_link_to_pages_that_exist(site: BuiltSite) -> None:
    import feedparser

    missing = []
    for feed in site.feed_files():
        for entry in feedparser.parse(feed.read_bytes()).entries:
            _, reason = target_file(site.folder, site.base_url, entry.link)
            if reason:
                missing.append(f"{site.url_of(feed)}: {entry.link}: {reason}")
    assert not missing, "\n".join(missing)


def test_each_language_feed_speaks_its_language(site: BuiltSite) -> None:
    import feedparser

    for lang in site.settings.languages:
        parsed = feedparser.parse((site.folder / lang / "feed.xml").read_bytes())
        assert parsed.feed.get("language", "").lower().startswith(lang), parsed.feed.get("language")
        assert all(f"/{lang}/" in entry.link for entry in parsed.entries), f"/{lang}/feed.xml links elsewhere"
