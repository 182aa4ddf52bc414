"""The demo archive as machines read it, under a GitHub Pages sub-path and at a host's root:
JSON-LD on every release and list page, link previews, JSON Feeds beside the RSS feeds, the
root page's feeds, OpenSearch descriptions whose search URL works on the served site."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from tests.jsonfeedcheck import json_feed_problems, same_items
from tests.structuredcheck import PageData, article_problems, links_of, read_page

from .links import page_url, target_file
from .pages_server import PagesServer
from .support import BuiltSite

pytestmark = pytest.mark.e2e
SITES = ["site", "root_site"]  # under /pressroom/, and at the root of a host
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def _pages(site: BuiltSite, pattern: str) -> list[tuple[Path, str, PageData]]:
    return [(file, page_url(site.folder, file, site.base_url), read_page(file.read_text(encoding="utf-8")))
            for file in sorted(site.folder.glob(pattern))]


def _release_pages(site: BuiltSite) -> list[tuple[Path, str, PageData]]:
    found = []
    for lang in site.settings.languages:
        found += _pages(site, f"{lang}/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    assert len(found) >= 30, "the demo archive has 18 releases per language"
    return found


def _exists(site: BuiltSite, url: str) -> bool:
    return target_file(site.folder, site.base_url, url)[0] is not None


def _article(site: BuiltSite, url: str, page: PageData) -> dict:
    lang = url[len(site.base_url):].split("/", 1)[0]
    assert len(page.json_ld) == 1, f"{url}: {len(page.json_ld)} JSON-LD blocks"
    data = page.json_ld[0]
    assert not article_problems(data, url, lang, site.settings.title[lang]), \
        (url, article_problems(data, url, lang, site.settings.title[lang]))
    return data


@pytest.mark.parametrize("which", SITES)
def test_every_release_page_is_a_news_article_with_its_properties(which: str,
                                                                  request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    for _, url, page in _release_pages(site):
        data = _article(site, url, page)
        assert data["headline"] == page.meta["og:title"], url
        tags = [text for href, text in page.anchors if "/tag/" in href]
        assert data["keywords"] == tags, url  # the tags' labels, in the page's order
        categories = [text for href, text in page.anchors if "/category/" in href and text]
        assert data["articleSection"] == categories[0], url
        assert data["datePublished"] <= data["dateModified"], url
        assert data["publisher"]["url"] == site.url(url[len(site.base_url):].split("/", 1)[0] + "/")


@pytest.mark.parametrize("which", SITES)
def test_translations_link_each_other_the_korean_as_the_original(which: str,
                                                                 request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    articles = {url: _article(site, url, page) for _, url, page in _release_pages(site)}
    pairs = 0
    for url, data in articles.items():
        if data["inLanguage"] == "en" and "translationOfWork" in data:
            original = data["translationOfWork"]
            assert original["inLanguage"] == "ko" and _exists(site, original["url"]), url
            assert url in [t["url"] for t in articles[original["url"]]["workTranslation"]], url
            pairs += 1
        elif data["inLanguage"] == "ko" and "workTranslation" in data:
            for translation in data["workTranslation"]:
                assert articles[translation["url"]]["translationOfWork"]["url"] == url
        assert not ("translationOfWork" in data and data["inLanguage"] == "ko"), url
    assert pairs >= 15, "the demo archive pairs its English releases with Korean ones"


@pytest.mark.parametrize("which", SITES)
def test_previews_carry_the_site_image_with_its_true_size(which: str, request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    for _, url, page in _release_pages(site)[:6] + _pages(site, "en/index.html"):
        image = page.meta["og:image"]
        target = target_file(site.folder, site.base_url, image)[0]
        assert target is not None, (url, image)
        with Image.open(target) as opened:
            assert (int(page.meta["og:image:width"]), int(page.meta["og:image:height"])) == opened.size
        # X reads og:title, og:description and og:image where its own tags are missing, and the
        # default theme leaves them out rather than repeat them; a repeat must at least agree.
        assert page.meta["twitter:card"] == "summary_large_image"
        assert page.meta.get("twitter:image", image) == image
        assert page.meta["og:title"] and page.meta["og:description"]
        assert page.meta.get("twitter:title", page.meta["og:title"]) == page.meta["og:title"]
        if "/20" in url:
            assert _article(site, url, page)["image"]["url"] == image


@pytest.mark.parametrize("which", SITES)
def test_list_pages_carry_a_breadcrumb_trail_to_themselves(which: str,
                                                           request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    lists = []
    for lang in site.settings.languages:
        for pattern in ("[0-9][0-9][0-9][0-9]/index.html", "[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html",
                        "categories/index.html", "tags/index.html", "category/*/index.html",
                        "tag/*/index.html", "tag/*/page/*/index.html"):
            lists += _pages(site, f"{lang}/{pattern}")
    assert len(lists) > 40
    for _, url, page in lists:
        assert len(page.json_ld) == 1, url
        trail = page.json_ld[0]
        assert trail["@type"] == "BreadcrumbList" and trail["@context"] == "https://schema.org", url
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)), url
        assert items[0]["item"] == site.url(url[len(site.base_url):].split("/", 1)[0] + "/"), url
        assert items[-1]["item"] == url and len(items) >= 2, url
        assert all(_exists(site, item["item"]) and item["name"] for item in items), url


def test_no_other_page_claims_structured_data(site: BuiltSite) -> None:
    for name in ("index.html", "en/index.html", "ko/search/index.html", "404.html"):
        assert read_page((site.folder / name).read_text(encoding="utf-8")).json_ld == [], name


@pytest.mark.parametrize("which", SITES)
def test_each_rss_feed_has_a_json_feed_with_the_same_items(which: str,
                                                           request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    problems = []
    for rss in site.feed_files():
        json_file = rss.with_name("feed.json")
        own = site.url_of(json_file)
        if not json_file.is_file():
            problems.append(f"{own}: missing")
            continue
        problems += [f"{own}: {p}" for p in json_feed_problems(json_file.read_bytes(), own, site.base_url)]
        problems += [f"{own}: {p}" for p in same_items(rss.read_bytes(), json_file.read_bytes())]
    assert not problems, "\n".join(problems[:30])


def test_pages_advertise_json_feeds_and_the_root_names_every_language_feed(site: BuiltSite) -> None:
    for file, url, page in _pages(site, "*/category/*/index.html") + _pages(site, "*/index.html"):
        rss = links_of(page, "alternate", "application/rss+xml")
        json_feeds = links_of(page, "alternate", "application/feed+json")
        assert [href.replace("feed.json", "feed.xml") for href in json_feeds] == rss, url
        assert all((file.parent / href).resolve().is_file() for href in json_feeds), url
    root = read_page((site.folder / "index.html").read_text(encoding="utf-8"))
    for lang in site.settings.languages:
        for name in ("feed.xml", "feed.json"):
            assert f"./{lang}/{name}" in [href for href, _ in root.anchors], (lang, name)
            assert f"./{lang}/{name}" in links_of(root, "alternate"), (lang, name)


def test_opensearch_opens_the_language_search_page_with_the_query(
        served_site: tuple[BuiltSite, PagesServer]) -> None:
    site, _ = served_site
    for lang in site.settings.languages:
        description = site.folder / lang / "opensearch.xml"
        root = ET.fromstring(description.read_bytes())
        assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
        short = root.findtext(f"{OPENSEARCH}ShortName") or ""
        assert 0 < len(short) <= 16 and root.findtext(f"{OPENSEARCH}InputEncoding") == "UTF-8"
        urls = {url.get("type"): url.get("template") for url in root.iter(f"{OPENSEARCH}Url")}
        assert urls["application/opensearchdescription+xml"] == site.url_of(description)
        template = urls["text/html"] or ""
        assert template.startswith(site.base_url) and "{searchTerms}" in template
        with urllib.request.urlopen(template.replace("{searchTerms}", quote("반도체 수출"))) as answer:
            text = answer.read().decode("utf-8")
            assert answer.status == 200 and "data-pressroom-search" in text and f'lang="{lang}"' in text
        # the search page's script reads the query from `q` (generator/site/searchclient.js)
        assert "?q={searchTerms}" in template
        script = site.folder / "search-index/pressroom-search.js"
        assert '.get("q")' in script.read_text(encoding="utf-8")
        for file, url, page in _pages(site, f"{lang}/**/index.html")[:40]:
            hrefs = links_of(page, "search", "application/opensearchdescription+xml")
            assert len(hrefs) == 1 and (file.parent / hrefs[0]).resolve() == description.resolve(), url
