"""Search: Pagefind indexes the built site per language; the search pages find the right
releases in headless Chromium under a base path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.errors import PressroomError
from generator.site.search import BUNDLE, index_site

JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


def fixture_site(root: Path) -> Path:
    site = root / "site"
    pages = {
        "ko/a/index.html": ("ko", "수출 동향", "올해 반도체가 수출을 이끌었다."),
        "ko/b/index.html": ("ko", "투자 확대", "정부는 반도체를 지원한다."),
        "en/a/index.html": ("en", "Chip exports", "Semiconductor exports rose."),
        "en/index.html": ("en", "Latest", "Not a release: semiconductor listed here"),
    }
    for relative, (lang, title, text) in pages.items():
        marker = "" if relative == "en/index.html" else " data-pagefind-body"
        file = site / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
                        f'</title></head><body><main{marker}><h1>{title}</h1><p>{text}</p></main>'
                        f"</body></html>", encoding="utf-8")
    return site


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_split_by_language_and_holds_only_marked_pages(tmp_path: Path, repo_root: Path) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 1, "ko": 2}
    assert (site / BUNDLE / "pagefind-ui.js").is_file()
    first = tree_bytes(site / BUNDLE)

    # Indexing again gives the same bytes (deterministic), and an old index leaves nothing behind.
    (site / BUNDLE / "fragment" / "stale.pf_fragment").write_bytes(b"old")
    for _ in range(4):  # Pagefind's own language order varies between runs
        index_site(settings, site)
        assert tree_bytes(site / BUNDLE) == first
    assert not list(tmp_path.glob(".site.*")), "no staging folder is left beside the site"


def test_a_failing_indexer_keeps_the_old_index(tmp_path: Path, repo_root: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    before = sorted((site / BUNDLE).rglob("*"))
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'boom: cannot index' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(PressroomError, match="Pagefind could not index the site: boom: cannot index"):
        index_site(settings, site)
    assert sorted((site / BUNDLE).rglob("*")) == before


# --- The demo archive, built under a base path, searched in headless Chromium -------------------

CHROMIUM = Path("/usr/bin/chromium")
BASE_PATH = "/pressroom/"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive built for http://127.0.0.1:…/pressroom/ with its search index."""
    import shutil

    from generator.config import load_settings
    from generator.site.build import build_site

    root = tmp_path_factory.mktemp("demo")
    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "pyproject.toml", root / "pyproject.toml")
    for folder in ("content", "themes"):
        shutil.copytree(repo / folder, root / folder)
    settings = load_settings(root / "pyproject.toml").with_base_url(f"http://127.0.0.1:8000{BASE_PATH}")
    build_site(settings)
    return settings.output_path


def releases_with(site: Path, lang: str, pattern: str) -> set[str]:
    """Release pages of one language whose article text matches, read from the built HTML."""

    found = set()
    for page in (site / lang).glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("data-pagefind-body"):html.index("</article>")]
        if re.search(pattern, re.sub(r"<[^>]+>", " ", article), re.IGNORECASE):
            found.add(BASE_PATH + page.parent.relative_to(site).as_posix() + "/")
    return found


def test_search_is_the_only_script_and_only_on_search_pages(demo_site: Path) -> None:
    # JSON-LD is data, not a program: the one `<script>` a page may have besides search's
    with_script = sorted(p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.html")
                         if "<script" in JSON_LD.sub("", p.read_text(encoding="utf-8")))
    assert with_script == ["en/search/index.html", "ko/search/index.html"]
    search = (demo_site / "ko/search/index.html").read_text(encoding="utf-8")
    assert '<p class="notice" lang="en">Search needs JavaScript.' in search
    assert '<p class="notice" lang="ko">검색에는 자바스크립트가 필요합니다.' in search
    assert '<a href="../ko/search/">검색</a>' in (demo_site / "ko/index.html").read_text(encoding="utf-8")


def test_every_release_page_shows_related_releases(demo_site: Path) -> None:
    pages = list(demo_site.glob("*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lang = page.relative_to(demo_site).parts[0]
        assert 'class="related"' in html, page
        start = html.index('class="related-list"')
        related = html[start:html.index("</section>", start)]  # the cite block is a section before it
        links = related.count("<li>")
        assert 1 <= links <= 5
        assert related.count(f'href="../../../../{lang}/') == links  # same language only


def search_in_browser(page: Any, url: str, query: str) -> tuple[list[str], str]:
    """Type a query in the search page; return every result's link and the results message."""
    page.goto(url)
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_function(
        "() => { const m = document.querySelector('.pagefind-ui__message');"
        " return m && !m.textContent.includes('…'); }")
    while True:
        # Pagefind draws a placeholder per result, then fills it when the result's data arrives.
        page.wait_for_function(
            "() => [...document.querySelectorAll('.pagefind-ui__result')]"
            ".every(r => r.querySelector('.pagefind-ui__result-link'))")
        more = page.query_selector(".pagefind-ui__button")  # "more results"
        if more is None:
            break
        more.click()
    links = page.eval_on_selector_all(".pagefind-ui__result-link",
                                      "els => els.map(e => e.getAttribute('href'))")
    return links, page.inner_text(".pagefind-ui__message")


@pytest.mark.e2e
def test_bilingual_search_in_chromium_under_a_base_path(demo_site: Path) -> None:
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("browser test skipped: Debian's chromium is not installed at /usr/bin/chromium")
    from e2e.browser import CHROMIUM_ARGS
    from e2e.pages_server import PagesServer
    from playwright.sync_api import sync_playwright

    # Korean is indexed by morpheme (generator/site/koreansearch.py): 반도체 is found inside
    # compounds (시스템반도체) too, and the demo has a release where it stands only in one.
    korean = releases_with(demo_site, "ko", "반도체")
    assert releases_with(demo_site, "ko", r"[\uac00-\ud7a3]반도체") - releases_with(
        demo_site, "ko", r"(?<![\uac00-\ud7a3])반도체"), "no release has 반도체 only inside a compound"
    english = releases_with(demo_site, "en", r"\bsemiconductor")
    assert releases_with(demo_site, "ko", "반도체[가를]") <= korean and len(korean) >= 2
    assert english
    errors: list[str] = []
    with PagesServer(demo_site, BASE_PATH) as server:
        base = server.base_url
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            # Browsers ask the host's root for /favicon.ico, outside the site's base path: not ours.
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: None if r.url.startswith(base) or r.url.endswith("/favicon.ico")
                    else errors.append(f"off-site {r.url}"))

            links, message = search_in_browser(page, base + "ko/search/", "반도체")
            assert set(links) == korean and len(links) == len(korean)
            assert message == f"반도체에 대한 보도자료 {len(korean)}건"

            links, message = search_in_browser(page, base + "en/search/", "semiconductor")
            assert set(links) == english and len(links) == len(english)
            assert message == f"{len(english)} releases found for semiconductor"

            # Never mixed: an English word on the Korean page finds Korean releases only.
            links, _ = search_in_browser(page, base + "ko/search/", "semiconductor")
            assert all(link.startswith(BASE_PATH + "ko/") for link in links)
            links, message = search_in_browser(page, base + "en/search/", "반도체")
            assert links == [] and message == "No releases found for 반도체"

            # A result opens its release page, still under the base path.
            page.goto(base + "ko/search/?q=반도체")
            page.click(".pagefind-ui__result-link >> nth=0")
            page.wait_for_load_state()
            assert page.url.startswith(base + "ko/") and page.locator("h1#release-title").count() == 1
            browser.close()
    assert errors == []


def test_build_indexes_unless_told_not_to(scratch_project: Path) -> None:
    from generator.cli import main

    config = str(scratch_project / "pyproject.toml")
    site = scratch_project / "site"
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert (site / "ko/search/index.html").is_file() and not (site / BUNDLE).exists()
    # Nothing changed since, yet the index is missing: the next build writes it.
    assert main(["--config", config, "build"]) == 0
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    releases = {lang: len(list((scratch_project / "content" / lang).rglob("*.md"))) for lang in ("en", "ko")}
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == releases
    # A rebuild from scratch (no memory of the last build) keeps the index, as it keeps CNAME.
    import shutil

    shutil.rmtree(scratch_project / ".pressroom-cache")
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert (site / BUNDLE / "pagefind-entry.json").is_file()
