"""The search page in Chromium, as a reader uses it: the demo archive served under /pressroom/,
searched in both languages by typing, by the keyboard alone and by ?q= links; results five at a
time; excerpts that mark the query and never carry the page's markup; the `unavailable` message
when the index is missing. The truth is read from the release pages (tests/e2e/searching.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .browser import describe, run_axe, serious
from .pages_server import PagesServer
from .searching import BOX, RESULT_LINKS, load_all, releases_with, search_in_browser, wait_done, wait_excerpts
from .support import BuiltSite

pytestmark = pytest.mark.e2e
UNAVAILABLE = {"ko": "지금은 검색을 사용할 수 없습니다.", "en": "Search is not available right now."}


@dataclass
class Watched:
    """A tab whose console errors, uncaught exceptions and requests to other hosts are noted."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)
    allowed: tuple[str, ...] = ()  # URLs expected to fail to load (Chromium logs their 404)

    def watch(self) -> Watched:
        self.page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the host's, not ours
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._request)
        return self

    def _request(self, request: Any) -> None:
        if not (request.url.startswith(self.base) or request.url.endswith("/favicon.ico")):
            self.errors.append(f"off-site {request.url}")

    def _console(self, message: Any) -> None:
        expected = message.text.startswith("Failed to load resource") and any(
            message.location.get("url", "").startswith(url) for url in self.allowed)
        if message.type == "error" and not expected:
            self.errors.append(message.text)


@pytest.fixture
def tab(browser: Any, served_site: tuple[BuiltSite, PagesServer]) -> Iterator[Watched]:
    context = browser.new_context()
    yield Watched(context.new_page(), served_site[1].base_url).watch()
    context.close()


def copy_site(site: BuiltSite, folder: Path, change: Any) -> Path:
    """A copy of the built site, changed, to serve beside the original."""
    copy = folder / "site"
    shutil.copytree(site.folder, copy)
    change(copy)
    return copy


def test_bilingual_search_in_chromium_under_a_base_path(tab: Watched,
                                                        served_site: tuple[BuiltSite, PagesServer]) -> None:
    site, _ = served_site
    folder, base_path, base, page = site.folder, site.base_path, tab.base, tab.page
    # Korean is indexed by morpheme as well as by word: 반도체 is found inside compounds
    # (시스템반도체) too, and the demo has a release where it stands only in one.
    korean = releases_with(folder, "ko", "반도체", base_path)
    inside = releases_with(folder, "ko", r"[\uac00-\ud7a3]반도체", base_path)
    alone = releases_with(folder, "ko", r"(?<![\uac00-\ud7a3])반도체", base_path)
    assert inside - alone, "no release has 반도체 only inside a compound"
    english = releases_with(folder, "en", r"\bsemiconductor", base_path)
    assert releases_with(folder, "ko", "반도체[가를]", base_path) <= korean and len(korean) >= 2
    assert english

    links, message = search_in_browser(page, base + "ko/search/", "반도체")
    assert set(links) == korean and len(links) == len(korean)
    assert message == f"‘반도체’에 대한 보도자료 {len(korean)}건"

    links, message = search_in_browser(page, base + "en/search/", "semiconductor")
    assert set(links) == english and len(links) == len(english)
    assert message == f"{len(english)} releases found for semiconductor"

    # Never mixed: an English word on the Korean page finds Korean releases only.
    links, _ = search_in_browser(page, base + "ko/search/", "semiconductor")
    assert all(link.startswith(base_path + "ko/") for link in links)
    links, message = search_in_browser(page, base + "en/search/", "반도체")
    assert links == [] and message == "No releases found for 반도체"

    # A result opens its release page, still under the base path.
    page.goto(base + "ko/search/?q=반도체")
    wait_done(page)
    page.click(".pressroom-search__link >> nth=0")
    page.wait_for_load_state()
    assert page.url.startswith(base + "ko/") and page.locator("h1#release-title").count() == 1
    assert tab.errors == []


def test_a_query_in_the_address_runs_on_load_and_typing_keeps_it_there(tab: Watched) -> None:
    page = tab.page
    page.goto(tab.base + "ko/search/?q=" + quote("반도체"))
    wait_done(page)
    assert page.input_value(".pressroom-search__input") == "반도체"
    assert page.inner_text(".pressroom-search__message").startswith("‘반도체’에 대한 보도자료 ")
    assert page.locator(".pressroom-search__result").count() > 0
    # the language switch leads to the same search in English
    assert page.get_attribute("a[hreflang=en]", "href") == tab.base + "en/search/?q=" + quote("반도체")

    page.fill(".pressroom-search__input", "수출")
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === '수출'")
    wait_done(page)
    assert page.inner_text(".pressroom-search__message").startswith("‘수출’에 대한 보도자료 ")
    assert page.get_attribute("a[hreflang=en]", "href") == tab.base + "en/search/?q=" + quote("수출")
    assert page.url.split("?")[0] == tab.base + "ko/search/"  # the same page, only its query changed
    assert tab.errors == []


def test_more_shows_five_at_a_time_until_every_result(tab: Watched,
                                                      served_site: tuple[BuiltSite, PagesServer]) -> None:
    site, _ = served_site
    expected = releases_with(site.folder, "en", r"\bkorea", site.base_path)
    assert len(expected) > 10, "pick a query with three pages of results"
    page = tab.page
    page.goto(tab.base + "en/search/?q=korea")
    wait_done(page)
    assert page.locator(".pressroom-search__result").count() == 5
    assert page.inner_text(".pressroom-search__message") == f"{len(expected)} releases found for korea"
    shown = [5]
    while page.query_selector(".pressroom-search__more") is not None:
        page.click(".pressroom-search__more")
        page.wait_for_function("n => document.querySelectorAll('.pressroom-search__result').length > n",
                               arg=shown[-1])
        shown.append(page.locator(".pressroom-search__result").count())
        # the first new result takes the focus, so a keyboard reader goes on from there
        assert page.evaluate("document.activeElement.className") == "pressroom-search__link"
    assert shown == [min(5 * i, len(expected)) for i in range(1, len(shown) + 1)]
    links = page.eval_on_selector_all(".pressroom-search__link", RESULT_LINKS)
    assert len(links) == len(set(links)) and set(links) == expected
    assert tab.errors == []


def excerpt_nodes(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(".pressroom-search__excerpt", """els => els.map(p => ({
        text: p.textContent, marks: [...p.querySelectorAll('mark')].map(m => m.textContent),
        elements: [...p.querySelectorAll('*')].map(e => e.tagName + e.attributes.length)}))""")


def test_excerpts_mark_the_query_as_text(tab: Watched) -> None:
    page = tab.page
    page.goto(tab.base + "en/search/?q=semiconductors")  # found as semiconductor…, marked so
    wait_done(page)
    wait_excerpts(page)
    excerpts = excerpt_nodes(page)
    assert excerpts
    for excerpt in excerpts:
        assert excerpt["marks"] and all(m.lower().startswith("semiconductor") for m in excerpt["marks"])
        assert set(excerpt["elements"]) == {"MARK0"}, excerpt  # only bare <mark>s, nothing of the page
        assert len(excerpt["text"]) <= 200
    assert tab.errors == []


def test_markup_in_a_release_stays_text_in_its_excerpt(
        browser: Any, served_site: tuple[BuiltSite, PagesServer], tmp_path: Path) -> None:
    """A release whose text holds markup, shown as text, and markup the excerpt leaves out."""
    site, _ = served_site
    link = sorted(releases_with(site.folder, "en", r"\bsemiconductor", site.base_path))[0]
    relative = Path(link.removeprefix(site.base_path)) / "index.html"
    hostile = ('<p>semiconductor &lt;b&gt;bold&lt;/b&gt; <img src="x" onerror="window.pwned=1">'
               '<script>window.pwned=2</script></p>')

    def plant(copy: Path) -> None:
        html = (copy / relative).read_text(encoding="utf-8")
        marked = html.index("data-pagefind-body")
        body = html.index(">", marked) + 1
        (copy / relative).write_text(html[:body] + hostile + html[body:], encoding="utf-8")

    with PagesServer(copy_site(site, tmp_path, plant), site.base_path) as server:
        context = browser.new_context()
        tab = Watched(context.new_page(), server.base_url).watch()
        page = tab.page
        page.goto(server.base_url + "en/search/?q=semiconductor")
        wait_done(page)
        load_all(page)
        wait_excerpts(page)
        assert page.evaluate("window.pwned") is None
        found = page.evaluate("""link => [...document.querySelectorAll('.pressroom-search__result')]
            .filter(r => new URL(r.querySelector('a').href).pathname === link)
            .map(r => r.querySelector('.pressroom-search__excerpt').innerHTML)""", link)
        context.close()
    assert len(found) == 1
    assert "semiconductor</mark> &lt;b&gt;bold&lt;/b&gt;" in found[0]
    assert "<img" not in found[0] and "<script" not in found[0] and "pwned" not in found[0]
    assert tab.errors == []


def test_the_keyboard_alone_searches_and_reaches_the_results(tab: Watched) -> None:
    page = tab.page
    page.goto(tab.base + "ko/search/")
    for _ in range(30):  # past the skip link and the site's navigation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pressroom-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    label = page.evaluate("document.activeElement.labels[0].textContent")
    assert label == "보도자료 검색"
    assert page.evaluate("document.activeElement.closest('form').getAttribute('role')") == "search"
    page.keyboard.type("반도체")
    wait_done(page)
    assert page.locator(".pressroom-search__result").count() > 0
    page.keyboard.press("Tab")  # the clear button
    assert page.evaluate("document.activeElement.className") == "pressroom-search__clear"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "pressroom-search__link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused result shows where the focus is"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(tab.base + "ko/") and "/search/" not in page.url
    assert tab.errors == []


def test_nothing_found_offers_the_same_search_in_the_other_language(tab: Watched) -> None:
    """A reader who types Korean into the English search finds nothing there: the page offers the
    same query on the Korean search page, which finds it; a search that finds something does not."""
    page = tab.page
    page.goto(tab.base + "en/search/?q=" + quote("반도체"))
    wait_done(page)
    assert page.locator(".pressroom-search__result").count() == 0
    offer = page.locator(".pressroom-search__elsewhere")
    assert offer.inner_text().startswith("Search for 반도체 in:")
    link = page.locator(".pressroom-search__elsewhere a[hreflang=ko]")
    assert link.inner_text() == "한국어" and link.get_attribute("lang") == "ko"
    assert link.get_attribute("href") == tab.base + "ko/search/?q=" + quote("반도체")
    link.click()
    page.wait_for_url(tab.base + "ko/search/?q=" + quote("반도체"))
    wait_done(page)
    assert page.locator(".pressroom-search__result").count() > 0
    assert page.query_selector(".pressroom-search__elsewhere") is None
    page.fill(".pressroom-search__input", "zzzqqq")
    page.wait_for_function("() => document.querySelector('.pressroom-search__elsewhere') !== null")
    assert page.locator(".pressroom-search__elsewhere a[hreflang=en]").inner_text() == "English"
    assert tab.errors == []


def test_a_query_holding_the_placeholders_is_shown_as_typed(tab: Watched) -> None:
    """The messages' `[SEARCH_TERM]` and `[COUNT]` are filled in one pass over the template: the
    reader's query is never scanned again, so placeholders (or `$&`) in it stay as typed."""
    page = tab.page
    typed = "zzzqqq [SEARCH_TERM] [COUNT] $& $$"
    page.goto(tab.base + "en/search/?q=" + quote(typed))
    wait_done(page)
    assert page.locator(".pressroom-search__result").count() == 0
    assert page.inner_text(".pressroom-search__message") == f"No releases found for {typed}"
    assert page.inner_text(".pressroom-search__elsewhere").startswith(f"Search for {typed} in:")

    page.goto(tab.base + "en/search/?q=" + quote("[COUNT]"))  # the word "count" finds releases
    wait_done(page)
    load_all(page)
    found = page.locator(".pressroom-search__result").count()
    assert found > 1, "pick a query with results"
    assert page.inner_text(".pressroom-search__message") == f"{found} releases found for [COUNT]"
    assert tab.errors == []


def test_an_empty_query_shows_nothing(tab: Watched) -> None:
    page = tab.page
    page.goto(tab.base + "en/search/?q=semiconductor")
    wait_done(page)
    page.fill(".pressroom-search__input", "   ")
    page.wait_for_function(f"() => document.querySelector('{BOX}').dataset.state === 'idle'")
    assert page.inner_text(".pressroom-search__message") == ""
    assert page.locator(".pressroom-search__result").count() == 0
    assert page.query_selector(".pressroom-search__more") is None
    assert "q=" not in page.url

    page.goto(tab.base + "en/search/?q=korea")
    wait_done(page)
    page.click(".pressroom-search__clear")
    page.wait_for_function(f"() => document.querySelector('{BOX}').dataset.state === 'idle'")
    assert page.input_value(".pressroom-search__input") == ""
    assert page.locator(".pressroom-search__result").count() == 0
    assert page.query_selector(".pressroom-search__more") is None
    assert page.evaluate("document.activeElement.className") == "pressroom-search__input"
    assert tab.errors == []


def test_a_missing_index_says_search_is_unavailable(browser: Any, served_site: tuple[BuiltSite, PagesServer],
                                                     tmp_path: Path) -> None:
    """The script and its style sheet are there, the index is not (a broken upload)."""
    site, _ = served_site

    def drop_index(copy: Path) -> None:
        for path in (copy / "search-index").iterdir():
            if path.name not in ("pressroom-search.js", "pressroom-search.css"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()

    with PagesServer(copy_site(site, tmp_path, drop_index), site.base_path) as server:
        context = browser.new_context()
        tab = Watched(context.new_page(), server.base_url, allowed=(server.base_url + "search-index/",))
        page = tab.watch().page
        for lang, text in UNAVAILABLE.items():
            page.goto(server.base_url + f"{lang}/search/?q=semiconductor")
            wait_done(page)
            assert page.evaluate(f"document.querySelector('{BOX}').dataset.state") == "unavailable"
            assert page.inner_text(".pressroom-search__message").startswith(text)
            assert page.locator(".pressroom-search__result").count() == 0
        context.close()
    assert tab.errors == []


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_search_page_with_results_has_no_serious_accessibility_violation(
        browser: Any, served_site: tuple[BuiltSite, PagesServer], axe_script: Path,
        color_scheme: str) -> None:
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    page.goto(served_site[1].base_url + "ko/search/?q=" + quote("반도체"))
    wait_done(page)
    wait_excerpts(page)
    violations = serious(run_axe(page, axe_script))
    context.close()
    assert not violations, describe(violations)
