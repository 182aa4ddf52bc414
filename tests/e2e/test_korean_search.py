"""Korean search in Chromium: stems are found whatever follows them, and inside compounds and
middle-dot lists; results and excerpts stay Korean and as written.

The fixture is the demo archive's 18 Korean releases, served under /pressroom/. The truth for a
query is computed from the text, independently of the index: the releases whose indexed text
(the article without its `data-pagefind-ignore` parts: tests/e2e/searching.py), analysed in
context by kiwipiepy, holds the query's stem as a morpheme. The index instead analyses each word
alone (generator/site/searchtext.py), so the two can disagree, which is what recall measures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.site.searchquery import query_terms

from .pages_server import PagesServer
from .searching import RELEASES, indexed, load_all, wait_done, wait_excerpts
from .support import BuiltSite

pytestmark = pytest.mark.e2e

# (typed query, the stems it stands for: a release is expected when it holds them all, since
# the search finds the releases that match every word of a query). Each group needs recall >= 0.95.
QUERIES = {
    "bare stem": [("수출", "수출"), ("반도체", "반도체"), ("투자", "투자"), ("산업", "산업"),
                  ("기술", "기술"), ("통상", "통상"), ("정부", "정부")],
    "particle or ending": [("수출은", "수출"), ("투자를", "투자"), ("반도체가", "반도체"),
                           ("산업의", "산업"), ("기술을", "기술"), ("정부는", "정부"),
                           ("통상에서", "통상"), ("협력을", "협력"), ("지원했다", "지원"),
                           ("반도체에서만", "반도체"), ("반도체랑", "반도체"), ("수출까지도", "수출"),
                           ("기업으로부터", "기업"), ("정부하고", "정부")],
    "compound part": [("통제", "통제"), ("통신", "통신"), ("지능", "지능"), ("위원회", "위원회"),
                      ("교섭", "교섭"), ("우주", "우주"), ("센터", "센터"), ("통제를", "통제")],
    "middle-dot part": [("방산", "방산"), ("태평양", "태평양"), ("부품", "부품"), ("장비", "장비"),
                        ("운송", "운송"), ("소프트웨어", "소프트웨어"), ("안보", "안보"),
                        ("항공우주·방산", "항공 우주 방산"), ("소재·부품·장비를", "소재 부품 장비"),
                        # "ㆍ" (U+318D), as official texts write the middle dot
                        ("항공우주ㆍ방산", "항공 우주 방산"), ("소재ㆍ부품ㆍ장비를", "소재 부품 장비")],
}


@cache
def korean_releases(folder: Path) -> dict[str, tuple[str, str, frozenset[str]]]:
    """Each Korean release's link path → its indexed text, its title and the morphemes kiwipiepy
    reads in the text."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    found = {}
    for page in sorted(folder.glob("ko/" + RELEASES)):
        text, title = indexed(page)
        link = page.parent.relative_to(folder).as_posix() + "/"
        found[link] = (text, title or "", frozenset(token.form for token in kiwi.tokenize(text)))
    return found


def search(page: Any, url: str) -> list[dict[str, str]]:
    """Open a search page with ?q=, load every result; each result's link path, title and excerpt."""
    page.goto(url)
    wait_done(page, timeout=60_000)
    load_all(page, timeout=60_000)
    wait_excerpts(page, timeout=60_000)
    return page.eval_on_selector_all(".pressroom-search__result", """els => els.map(r => ({
        link: new URL(r.querySelector('.pressroom-search__link').href).pathname,
        title: r.querySelector('.pressroom-search__link').textContent,
        excerpt: r.querySelector('.pressroom-search__excerpt').textContent,
        marks: [...r.querySelectorAll('.pressroom-search__excerpt mark')].map(m => m.textContent)}))""")


@pytest.fixture(scope="module")
def korean_page(browser: Any, served_site: tuple[BuiltSite, PagesServer]) -> Any:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    yield page
    context.close()
    assert errors == []


def test_korean_queries_find_stems_in_every_form(korean_page: Any,
                                                 served_site: tuple[BuiltSite, PagesServer]) -> None:
    site, server = served_site
    releases = korean_releases(site.folder)
    base = site.base_path
    report, misses = [], []
    for group, queries in QUERIES.items():
        found_total = true_total = 0
        for query, stem in queries:
            truth = {link for link, (_, _, morphemes) in releases.items() if morphemes >= set(stem.split())}
            assert truth, f"the fixture has no release with {stem}: pick another query"
            results = search(korean_page, f"{server.base_url}ko/search/?q={query}")
            links = {r["link"].removeprefix(base) for r in results}
            assert all(r["link"].startswith(base + "ko/") for r in results), (query, results)
            for result in results:  # titles and excerpts are the release's own words
                text, title, _ = releases[result["link"].removeprefix(base)]
                assert result["title"] == title, result
                words = set(text.split())
                shown = [w for w in result["excerpt"].split() if w != "…"]
                assert set(shown) <= words, result
                assert result["marks"], result  # the query's stem, marked where it occurs
            found_total += len(truth & links)
            true_total += len(truth)
            report.append(f"{group}: {query} → {len(truth & links)}/{len(truth)}")
            misses += [f"{query}: {link}" for link in sorted(truth - links)]
        assert found_total / true_total >= 0.95, (group, report, misses)
    assert sum(len(q) for q in QUERIES.values()) >= 20
    print("\n".join(report))


def test_korean_queries_find_nothing_in_english(korean_page: Any,
                                                served_site: tuple[BuiltSite, PagesServer]) -> None:
    _, server = served_site
    for queries in QUERIES.values():
        for query, _ in queries:
            assert search(korean_page, f"{server.base_url}en/search/?q={query}") == [], query


def test_the_browser_cuts_queries_as_python_does(korean_page: Any,
                                                 served_site: tuple[BuiltSite, PagesServer]) -> None:
    _, server = served_site
    korean_page.goto(f"{server.base_url}ko/search/")
    korean_page.wait_for_function("() => window.PressroomSearch !== undefined")
    typed = [query for queries in QUERIES.values() for query, _ in queries] + [
        "‘K-반도체’를", "SK하이닉스는", "R&D를", "U.S. exports", "  수출은   늘었다 ", "국가가", "국가",
        "소재·부품·장비를", "AI를", "기업들의", "증가했으며", "ｆｕｌｌ폭", "수출\u1100", "한",
        "半導体の輸出", "日本", "輸", "カタカナ語", "policies exported tests", "bus ing", "2024년 3월",
        "Ⅻ ㎏ ﬁle", "수출\u00a0통제", "a\x1c를", "İstanbul", "ΟΔΟΣ", "semi_conductor", "ＡＩ반도체",
        "중ㆍ저준위", "소재\u119e부품\u119e장비", "AIㆍ반도체", "ㆍ반도체", "반도체ㆍ", "ㆍ",
        "\u1112\u119e\u11ab글", "\ua960\u119e", "반도체에서만", "반도체랑", "기업이랑",
        "반도체만큼", "사랑", "[COUNT] 수출"]
    in_browser = korean_page.evaluate("qs => qs.map(q => window.PressroomSearch.queryTerms(q))", typed)
    assert in_browser == [query_terms(query) for query in typed]
