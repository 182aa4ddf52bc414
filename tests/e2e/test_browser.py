"""The demo archive read in headless Chromium under /pressroom/, as a reader would, in both languages.

Every scenario ends with `assert_clean()`: no console error, no uncaught exception, no failed
request, no 4xx/5xx (except the 404 asked for) and no request to another host on any page visited.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from .conftest import PAGED_PAGE_SIZE
from .links import page_url
from .support import BuiltSite

pytestmark = pytest.mark.e2e
LANGUAGES = ("en", "ko")
OTHER = {"en": "ko", "ko": "en"}


def release_url(site: BuiltSite, lang: str) -> str:
    return re.escape(site.url(f"{lang}/")) + r"\d{4}/\d{2}/[^/]+/"


def hreflang_alternates(reader) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in reader.head_links("alternate") if link["hreflang"]}


def tag_url(site: BuiltSite, lang: str) -> str:
    return re.escape(site.url(f"{lang}/tag/")) + r"[a-z0-9-]+/"


def open_release_with_translation(reader, site: BuiltSite, lang: str):
    """From the language's home, follow release links until one offers its translation."""
    other = OTHER[lang]
    reader.open(site.url(f"{lang}/"))
    candidates = [a for a in reader.anchors() if a.visible and re.fullmatch(release_url(site, lang), a.href)]
    assert candidates, f"{site.url(f'{lang}/')} links to no release"
    for candidate in candidates[:8]:
        reader.follow(reader.find(re.escape(candidate.href), what="the release link"))
        try:
            return reader.find(release_url(site, other), hreflang=other, what="a link to the translation")
        except AssertionError:
            reader.page.go_back(wait_until="load")
    raise AssertionError(f"none of the first releases on /{lang}/ links to a translation")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_root_offers_both_languages_and_leads_to_the_chosen_one(open_reader, site: BuiltSite,
                                                                 lang: str) -> None:
    reader = open_reader(site)
    reader.open(site.url())
    alternates = hreflang_alternates(reader)
    for code in LANGUAGES:
        assert alternates.get(code) == site.url(f"{code}/"), f"root: hreflang alternates are {alternates}"
        reader.find(release_url(site, code), what=f"a latest release in {code} on the root")
    reader.follow(reader.find(re.escape(site.url(f"{lang}/")), hreflang=lang, what=f"the choice of {lang}"))
    assert reader.html_lang().startswith(lang)
    assert reader.page.title().strip()
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_release_links_to_its_translation_and_back(open_reader, site: BuiltSite, lang: str) -> None:
    reader = open_reader(site)
    other = OTHER[lang]
    translation = open_release_with_translation(reader, site, lang)
    original = reader.page.url
    assert reader.html_lang().startswith(lang)
    heading = reader.page.locator("h1").first.inner_text().strip()
    assert heading, f"{original} has no visible h1"
    alternates = hreflang_alternates(reader)
    assert alternates.get(other) == translation.href, f"{original}: hreflang alternates {alternates}"

    reader.follow(translation)
    assert reader.html_lang().startswith(other)
    translated = reader.page.locator("h1").first.inner_text().strip()
    assert translated and translated != heading, f"the translation's heading is {translated!r}"
    reader.follow(reader.find(re.escape(original), hreflang=lang, what="the link back to the original"))
    assert reader.page.url == original
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_release_tags_lead_to_tag_pages_listing_it(open_reader, site: BuiltSite, lang: str) -> None:
    reader = open_reader(site)
    open_release_with_translation(reader, site, lang)
    release = reader.page.url
    tag = reader.find(tag_url(site, lang), what="a tag link")
    reader.follow(tag)
    assert reader.html_lang().startswith(lang)
    reader.find(re.escape(release), what="a link back to the tagged release")
    feeds = [link["href"] for link in reader.head_links("alternate") if "rss" in link["type"]]
    assert tag.href + "feed.xml" in feeds, f"the tag page names feeds {feeds}"
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tag_pages_paginate(open_reader, paged_site: BuiltSite, lang: str) -> None:
    site = paged_site
    reader = open_reader(site)
    reader.open(site.url(f"{lang}/tags/"))
    tags = [a for a in reader.anchors() if re.fullmatch(tag_url(site, lang), a.href)]
    assert tags, f"/{lang}/tags/ lists no tag"
    paged = [a for a in tags if (site.folder / a.href[len(site.base_url):] / "page" / "2").is_dir()]
    assert paged, f"no tag of the demo has more than {PAGED_PAGE_SIZE} releases in {lang}"
    reader.follow(paged[0])
    turn_to_page_two_and_back(reader, site, lang)
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_latest_releases_paginate(open_reader, paged_site: BuiltSite, lang: str) -> None:
    reader = open_reader(paged_site)
    reader.open(paged_site.url(f"{lang}/"))
    turn_to_page_two_and_back(reader, paged_site, lang)
    reader.assert_clean()


def turn_to_page_two_and_back(reader, site: BuiltSite, lang: str) -> None:
    """On the first page of a list: a page's worth of releases, then page 2 with others, then back."""
    first_page = reader.page.url
    first = {a.href for a in reader.anchors("main") if re.fullmatch(release_url(site, lang), a.href)}
    assert 0 < len(first) <= PAGED_PAGE_SIZE, f"{first_page} lists {len(first)} releases on one page"
    reader.follow(reader.find(re.escape(first_page + "page/2/"), what="the link to page 2"))
    assert reader.html_lang().startswith(lang)
    second = {a.href for a in reader.anchors("main") if re.fullmatch(release_url(site, lang), a.href)}
    assert second and not second & first, f"page 2 lists {sorted(second)} after {sorted(first)}"
    reader.follow(reader.find(re.escape(first_page), what="the link back to page 1"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_year_and_month_archives(open_reader, site: BuiltSite, lang: str) -> None:
    reader = open_reader(site)
    year_url = re.escape(site.url(f"{lang}/")) + r"\d{4}/"
    reader.open(site.url(f"{lang}/"))
    try:
        year = reader.find(year_url, what="a year archive link")
    except AssertionError:
        open_release_with_translation(reader, site, lang)
        year = reader.find(year_url, what="a year archive link, on the home or a release page")
    reader.follow(year)
    assert reader.html_lang().startswith(lang)
    month = reader.find(re.escape(year.href) + r"\d{2}/", what="a month archive link")
    reader.follow(month)
    reader.find(re.escape(month.href) + r"[^/]+/", scope="main", what="a release of that month")
    other = OTHER[lang]
    other_month = month.href.replace(f"/{lang}/", f"/{other}/", 1)
    relative = other_month[len(site.base_url):]
    if (site.folder / relative / "index.html").is_file():
        reader.find(re.escape(other_month), hreflang=other, what="the same month in the other language")
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_name_their_feed_and_it_reads(open_reader, site: BuiltSite, lang: str) -> None:
    reader = open_reader(site)
    reader.open(site.url(f"{lang}/"))
    feeds = [link["href"] for link in reader.head_links("alternate") if link["type"] == "application/rss+xml"]
    assert site.url(f"{lang}/feed.xml") in feeds, f"/{lang}/ names feeds {feeds}"
    response = reader.page.request.get(site.url(f"{lang}/feed.xml"))
    assert response.status == 200 and "xml" in response.headers["content-type"]
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and parsed.feed.get("title") and parsed.entries
    reader.assert_clean()


@pytest.mark.parametrize("path", ["no/such/page/", "en/2099/01/nothing-here/", "ko/tag/nothing-here/page/9/"])
def test_unknown_url_shows_the_404_page_with_working_links(open_reader, site: BuiltSite, path: str) -> None:
    reader = open_reader(site)
    reader.open(site.url(path), status=404)
    assert reader.page.locator("h1").first.inner_text().strip(), "the 404 page has no heading"
    here = reader.page.url
    # Links within the page (a skip link to #main) stay on the 404; every other one must land.
    anchors = [a for a in reader.anchors()
               if a.visible and a.href.startswith(site.base_url) and a.href.split("#")[0] != here]
    assert anchors, "the 404 page links nowhere on the site"
    for anchor in anchors:
        answer = reader.page.request.get(anchor.href)
        assert answer.status == 200, f"404 page link {anchor.text!r} → {anchor.href}: HTTP {answer.status}"
    home = next((a for a in anchors if a.href in {site.url(), *(site.url(f"{c}/") for c in LANGUAGES)}), None)
    assert home is not None, f"the 404 page links to no home page: {[a.href for a in anchors]}"
    reader.follow(home)
    reader.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots_and_no_sideways_scrolling(open_reader, site: BuiltSite, artifacts: Path,
                                               lang: str, width: int) -> None:
    reader = open_reader(site, width=width)
    reader.open(site.url(f"{lang}/"))
    reader.screenshot(artifacts, f"{lang}-home-{width}")
    open_release_with_translation(reader, site, lang)
    reader.screenshot(artifacts, f"{lang}-release-{width}")
    overflow = reader.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{reader.page.url} scrolls sideways by {overflow}px at {width}px wide"
    reader.assert_clean()


def test_release_reads_without_javascript(browser, site: BuiltSite) -> None:
    release = next(site.folder.glob("en/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url_of(release.parent) + "/")
        text = page.locator("main").first.inner_text()
        assert len(text) > 200, f"the release's text is not there without JavaScript: {text!r}"
    finally:
        context.close()


PAGE_BACKGROUND_JS = """() => {
  for (const element of [document.body, document.documentElement]) {
    const colour = getComputedStyle(element).backgroundColor;
    if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return 'rgb(255, 255, 255)';
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_korean_release_keeps_words_whole_and_dark_scheme_is_dark(open_reader, site: BuiltSite) -> None:
    release = sorted(site.folder.glob("ko/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))[0]
    url = site.url_of(release.parent) + "/"
    backgrounds = {}
    for scheme in ("light", "dark"):
        reader = open_reader(site, color_scheme=scheme)
        reader.open(url)
        word_break = reader.page.evaluate(
            "getComputedStyle(document.querySelector('main p') || document.querySelector('main')).wordBreak")
        assert word_break == "keep-all", f"{url}: Korean text breaks lines with word-break {word_break}"
        backgrounds[scheme] = luminance(reader.page.evaluate(PAGE_BACKGROUND_JS))
        reader.assert_clean()
    assert backgrounds["dark"] < 0.3 < 0.7 < backgrounds["light"], f"page luminance by scheme: {backgrounds}"


PHONE_PAGES = ("", "{lang}/", "{lang}/categories/", "{lang}/tags/", "{lang}/category/*/", "{lang}/tag/*/",
               "{lang}/[0-9][0-9][0-9][0-9]/", "{lang}/[0-9][0-9][0-9][0-9]/[0-9][0-9]/",
               "{lang}/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_kind_scrolls_sideways_on_a_phone(open_reader, site: BuiltSite, lang: str) -> None:
    reader = open_reader(site, width=390)
    wide = []
    for pattern in PHONE_PAGES:
        found = sorted(site.folder.glob(pattern.format(lang=lang) + "index.html"))
        assert found, f"the site has no page like /{pattern.format(lang=lang)}"
        # The page with the longest file holds the longest words and lists: the likeliest to overflow.
        longest = max(found, key=lambda file: file.stat().st_size)
        reader.open(page_url(site.folder, longest, site.base_url))
        overflow = reader.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append(f"{reader.page.url} by {overflow}px")
    assert not wide, "pages that scroll sideways at 390px:\n" + "\n".join(wide)
    reader.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_site_built_for_the_domain_root_reads_there(open_reader, root_site: BuiltSite, lang: str) -> None:
    site = root_site
    assert site.base_path == "/"
    reader = open_reader(site)
    reader.open(site.url())
    reader.follow(reader.find(re.escape(site.url(f"{lang}/")), hreflang=lang, what=f"the choice of {lang}"))
    reader.follow(reader.find(release_url(site, lang), what="a release"))
    assert reader.html_lang().startswith(lang)
    reader.open(site.url(f"{lang}/no-such-page/"), status=404)
    assert reader.page.locator("h1").first.inner_text().strip(), "the 404 page has no heading"
    reader.assert_clean()
