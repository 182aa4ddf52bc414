"""The end-to-end checkers themselves, on tiny hand-made sites and feeds (fast: no build, no browser).

A checker that passes everything proves nothing; each rule here is shown to catch its fault.
"""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from .feeds import check_feed, date_problem
from .links import check_links, check_sitemap
from .pages_server import PagesServer
from .support import require

BASE = "http://127.0.0.1:8000/pressroom/"
FEED = BASE + "en/feed.xml"
PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="{css}"><link rel="canonical" href="{canonical}">
<link rel="alternate" type="application/rss+xml" href="{base}en/feed.xml"></head>
<body><main id="main">{body}</main></body></html>"""
GOOD_BODIES = {
    "index.html": ('<a href="en/">English</a> <a href="ko/" hreflang="ko">한국어</a>', "en"),
    "en/index.html": ('<a href="2024/04/chips/">Chips</a> <a href="#main">skip</a>'
                      '<img src="../logo.png" srcset="../logo.png 1x, ../logo.png 2x" alt="">'
                      '<a href="https://www.motie.go.kr/">MOTIE</a>', "en"),
    "en/2024/04/chips/index.html": (
        '<a href="../../../">home</a> <a href="../../../../ko/2024/04/%EB%B0%98/">반</a>', "en"),
    "ko/index.html": ('<a href="2024/04/%EB%B0%98/">반도체</a>', "ko"),
    "ko/2024/04/반/index.html": ('<a href="/pressroom/ko/">홈</a>', "ko"),
    "404.html": ('<a href="#main">skip</a> <a href="/pressroom/en/">home</a>'
                 '<link rel="alternate" type="application/rss+xml" href="/pressroom/en/feed.xml">', "en"),
}


def page(body: str, lang: str, canonical: str = BASE, css: str = "/pressroom/style.css") -> str:
    return PAGE.format(lang=lang, css=css, canonical=canonical, base=BASE, body=body)


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name, (body, lang) in GOOD_BODIES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(page(body, lang), encoding="utf-8")
    (site / "style.css").write_text("body{}", encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG")
    (site / "en" / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BASE}</loc></url><url><loc>{BASE}ko/2024/04/%EB%B0%98/</loc></url></urlset>",
        encoding="utf-8")
    robots = f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"
    (site / "robots.txt").write_text(robots, encoding="utf-8")
    return site


def reasons(site: Path) -> list[str]:
    return [f"{p.page} {p.url} {p.reason}" for p in check_links(site, BASE)]


def test_a_sound_site_has_no_link_problem(mini_site: Path) -> None:
    assert reasons(mini_site) == []
    assert check_sitemap(mini_site, BASE) == []


@pytest.mark.parametrize(("body", "expected"), [
    ('<a href="2024/05/gone/">x</a>', "no file en/2024/05/gone/index.html"),
    ('<a href="/en/">x</a>', "outside the base path /pressroom/"),
    ('<a href="http://127.0.0.1:8000/pressroom/en/">x</a>', "carries a host"),
    ('<a href="#nowhere">x</a>', "no element with id 'nowhere'"),
    ('<a href="2024/04/chips/#nowhere">x</a>', "no element with id 'nowhere'"),
    ('<a href="2024">x</a>', "folder without its trailing slash"),
    ('<img src="https://cdn.example.com/x.png" alt="">', "asset from another host"),
    ('<img srcset="../gone.png 2x" alt="">', "no file gone.png"),
    ('<script src="../../app.js"></script>', "outside the base path"),
    ('<link rel="alternate" hreflang="ko" href="../ko/">', "must be an absolute URL"),
    ('<link rel="alternate" type="application/rss+xml" href="feed.rss">', "no file en/feed.rss"),
])
def test_link_checker_catches(mini_site: Path, body: str, expected: str) -> None:
    (mini_site / "en/index.html").write_text(page(body, "en"), encoding="utf-8")
    assert any(expected in problem for problem in reasons(mini_site)), reasons(mini_site)


def test_link_checker_wants_absolute_canonical_and_relative_404_links_are_broken(mini_site: Path) -> None:
    (mini_site / "ko/index.html").write_text(page("", "ko", canonical="/pressroom/ko/"), encoding="utf-8")
    relative_404 = page('<a href="en/">home</a>', "en", css="style.css")
    (mini_site / "404.html").write_text(relative_404, encoding="utf-8")
    found = reasons(mini_site)
    assert any("ko/index.html /pressroom/ko/ must be an absolute URL" in p for p in found), found
    assert any(p.startswith("404.html en/ no file") for p in found), found
    assert any(p.startswith("404.html style.css no file") for p in found), found


def test_sitemap_checker_catches_missing_pages_and_robots(mini_site: Path) -> None:
    (mini_site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BASE}en/2020/01/none/</loc></url><url><loc>/pressroom/en/</loc></url></urlset>",
        encoding="utf-8")
    (mini_site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    found = [str(p) for p in check_sitemap(mini_site, BASE)]
    assert len(found) == 3, found


def rss(items: str, self_url: str = FEED, built: str = "Tue, 23 Apr 2024 09:00:00 +0900") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Press</title><link>{BASE}en/</link><description>All</description><language>en</language>
<atom:link href="{self_url}" rel="self" type="application/rss+xml"/><lastBuildDate>{built}</lastBuildDate>
{items}</channel></rss>""".encode()


def item(date: str = "Tue, 23 Apr 2024 09:00:00 +0900", content: str = "<p>Full text.</p>",
         slug: str = "chips") -> str:
    link = f"{BASE}en/2024/04/{slug}/"
    return (f"<item><title>Chips</title><link>{link}</link><guid isPermaLink=\"true\">{link}</guid>"
            f"<pubDate>{date}</pubDate><description>Summary.</description><category>Industry</category>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>")


def test_a_sound_feed_has_no_problem() -> None:
    two_items = item() + item("Mon, 22 Apr 2024 09:00:00 +0900", slug="b")
    assert check_feed(rss(two_items), FEED, BASE) == []


@pytest.mark.parametrize(("feed", "expected"), [
    (rss(item("2024-04-23T09:00:00+09:00")), "is not an RFC 822 date"),
    (rss(item("Tue, 23 Apr 2024 00:00:00 +0000")), "not at Seoul time"),
    (rss(item("화, 23 4월 2024 09:00:00 +0900")), "pubDate"),
    (rss(item("Wed, 23 Apr 2024 09:00:00 +0900")), "wrong weekday"),
    (rss(item(), built="23 April 2024"), "lastBuildDate"),
    (rss(item(content='<a href="/pressroom/en/">x</a>')), "relative URL '/pressroom/en/' in content:encoded"),
    (rss(item(content='<img src="chart.png" alt="">')), "relative URL 'chart.png'"),
    (rss(item(content="")), "no content"),
    (rss(item(), self_url=BASE + "feed.xml"), "atom:link rel=self"),
    (rss(item()).replace(b"</channel>", b"<bad></channel>"), "not well-formed"),
    (rss(item("Mon, 22 Apr 2024 09:00:00 +0900", slug="b") + item()), "newest first"),
    (rss(""), "has no item"),
])
def test_feed_checker_catches(feed: bytes, expected: str) -> None:
    problems = check_feed(feed, BASE + "en/feed.xml", BASE)
    assert any(expected in p for p in problems), problems


def test_date_rule_accepts_only_english_rfc822_at_seoul_time() -> None:
    assert date_problem("Tue, 23 Apr 2024 09:00:00 +0900") is None
    assert date_problem("Tue, 23 Apr 2024 09:00:00 KST") is not None
    assert date_problem(None) == "missing"


def get(server: PagesServer, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_pages_server_behaves_like_github_pages(mini_site: Path) -> None:
    with PagesServer(mini_site, "/pressroom/") as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/pressroom/"
        status, headers, body = get(server, "/pressroom/")
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8") and b"English" in body
        assert get(server, "/pressroom")[0] == 301  # one request: two would differ in their Date header
        assert get(server, "/pressroom")[1]["Location"] == "/pressroom/"
        assert get(server, "/pressroom/en")[1]["Location"] == "/pressroom/en/"
        assert get(server, "/pressroom/ko/2024/04/%EB%B0%98/")[0] == 200
        assert get(server, "/pressroom/en/feed.xml")[1]["Content-Type"] == "application/xml"
        status, _, body = get(server, "/pressroom/no/such/page/")
        assert status == 404 and body == (mini_site / "404.html").read_bytes()
        assert get(server, "/pressroom/en/feed.xml/")[0] == 404
        assert get(server, "/pressroom/../../etc/passwd")[0] == 404
        status, _, body = get(server, "/en/")
        assert status == 404 and b"GitHub Pages" in body, "outside the base path is not the site"


def test_a_missing_tool_skips_locally_and_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="the browser is missing"):
        require(False, "the browser", "apt-get install chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires it"):
        require(False, "the browser", "apt-get install chromium")
    require(True, "the browser", "apt-get install chromium")
