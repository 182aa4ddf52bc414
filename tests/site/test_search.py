"""Search: the built site's own index, one per language (generator/site/search.py); the search
page in Chromium is tested in tests/e2e/test_search_page.py and tests/e2e/test_korean_search.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.errors import PressroomError
from generator.site.search import BUNDLE, index_site
from generator.site.searchindex import chunk_name

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


def meta(site: Path, lang: str) -> dict[str, Any]:
    return json.loads((site / BUNDLE / lang / "meta.json").read_bytes())


def terms(site: Path, lang: str) -> dict[str, list[int]]:
    """Every term of a language's index with its (decoded) postings: [id, weight, id, weight…]."""
    found: dict[str, list[int]] = {}
    for chunk in (site / BUNDLE / lang / "terms").iterdir():
        for term, entry in json.loads(chunk.read_bytes()).items():
            assert term not in found, f"{term} in two chunks"
            pairs = list(entry)
            for i in range(2, len(pairs), 2):
                pairs[i] += pairs[i - 2]
            found[term] = pairs
    return found


def test_index_is_split_by_language_and_holds_only_marked_pages(tmp_path: Path, repo_root: Path) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    assert {lang: meta(site, lang)["docs"] for lang in ("en", "ko")} == {"en": 1, "ko": 2}
    assert sorted(p.name for p in (site / BUNDLE).iterdir() if p.is_dir()) == ["en", "ko"]
    assert json.loads((site / BUNDLE / "ko/docs/0.json").read_bytes()) == [
        ["ko/a/", "수출 동향"], ["ko/b/", "투자 확대"]]
    korean, english = terms(site, "ko"), terms(site, "en")
    # 반도체가 and 반도체를: the words whole and their stem, on both pages; the title counts more.
    assert korean["반도체"] == [0, 1, 1, 1] and korean["반도체가"] == [0, 1] and korean["반도체를"] == [1, 1]
    assert korean["수출"][:2] == [0, 1 + 4 + 1]  # 수출 in the title (4) and in h1 and 수출을 (1 each)
    assert "semiconductor" in english and "latest" not in english and "listed" not in english
    assert not set(korean) & {"chip", "semiconductor"}, "never mixed"
    assert (site / BUNDLE / "pressroom-search.js").is_file() and (site / BUNDLE / "tables.json").is_file()
    first = tree_bytes(site / BUNDLE)

    # Indexing again gives the same bytes (deterministic), and an old index leaves nothing behind.
    (site / BUNDLE / "ko" / "terms" / "stale.json").write_bytes(b"old")
    for _ in range(2):
        index_site(settings, site)
        assert tree_bytes(site / BUNDLE) == first
    assert not list(tmp_path.glob(".site.*")), "no staging folder is left beside the site"


def test_an_edited_page_patches_the_index_into_a_cold_ones_bytes(tmp_path: Path, repo_root: Path) -> None:
    """After one page changes, only the files its changed words touch are written again (the
    others are the same files, hard-linked from the old index), and the index equals one made
    from scratch, byte for byte; pages added or removed rewrite the language whole, alike."""
    import shutil

    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    untouched = site / BUNDLE / "ko/terms" / chunk_name("정")
    inode = untouched.stat().st_ino
    page = site / "ko/a/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("수출 동향", "수입 동향 개정"), encoding="utf-8")
    index_site(settings, site)
    assert untouched.stat().st_ino == inode, "an untouched chunk is not written again"
    assert json.loads((site / BUNDLE / "ko/docs/0.json").read_bytes())[0] == ["ko/a/", "수입 동향 개정"]
    for step in ("edited", "added"):
        if step == "added":
            (site / "ko/c").mkdir()
            (site / "ko/c/index.html").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
            index_site(settings, site)
        cold = tmp_path / f"cold-{step}"
        shutil.copytree(site, cold, ignore=shutil.ignore_patterns(BUNDLE))
        index_site(settings, cold)
        assert tree_bytes(site / BUNDLE) == tree_bytes(cold / BUNDLE), step


def test_a_theme_that_marks_nothing_has_every_body_indexed(tmp_path: Path, repo_root: Path) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    for page in site.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(" data-pagefind-body", ""), encoding="utf-8")
    redirect = site / "en/old/index.html"
    redirect.parent.mkdir()
    redirect.write_text('<html lang="en"><body data-pagefind-ignore="all"><a href="../a/">moved</a>'
                        "</body></html>", encoding="utf-8")
    index_site(settings, site)
    english = terms(site, "en")
    assert meta(site, "en")["docs"] == 2 and "listed" in english and "moved" not in english


def test_an_index_that_cannot_be_written_keeps_the_old_one(tmp_path: Path, repo_root: Path) -> None:
    import os

    from generator.config import load_settings
    from generator.site.swap import staging

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    before = tree_bytes(site / BUNDLE)
    (site / "ko/a/index.html").write_text("<html lang=ko><body>새 글</body></html>", encoding="utf-8")
    blocker = staging(site.resolve(), BUNDLE)  # a file where the new index's folder must go
    blocker.write_text("in the way", encoding="utf-8")
    try:
        with pytest.raises(PressroomError, match="cannot write"):
            index_site(settings, site)
    finally:
        os.unlink(blocker)
    assert tree_bytes(site / BUNDLE) == before


# --- The demo archive, built under a base path (searched in Chromium: tests/e2e/test_search_page.py)

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


def test_build_indexes_unless_told_not_to(scratch_project: Path) -> None:
    from generator.cli import main

    config = str(scratch_project / "pyproject.toml")
    site = scratch_project / "site"
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert (site / "ko/search/index.html").is_file() and not (site / BUNDLE).exists()
    # Nothing changed since, yet the index is missing: the next build writes it.
    assert main(["--config", config, "build"]) == 0
    releases = {lang: len(list((scratch_project / "content" / lang).rglob("*.md"))) for lang in ("en", "ko")}
    assert {lang: meta(site, lang)["docs"] for lang in ("en", "ko")} == releases
    # A rebuild from scratch (no memory of the last build) keeps the index, as it keeps CNAME.
    import shutil

    shutil.rmtree(scratch_project / ".pressroom-cache")
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert (site / BUNDLE / "tables.json").is_file()


def test_pages_read_by_forked_workers_give_the_same_index(tmp_path: Path, repo_root: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Large sites are read on every core (generator/workers.py); the index must not tell."""
    import shutil

    from generator import workers
    from generator.config import load_settings
    from generator.site import search

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path / "one")
    index_site(settings, site)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search, "PARALLEL_FROM", 1)  # each language's files written by a worker too
    monkeypatch.setattr(workers, "workers", lambda: 2)
    forked_calls: list[int] = []
    map_chunks = search.map_chunks

    def spied(function: Any, shared: Any, items: Any, parallel: bool | None = None) -> Any:
        if parallel:
            forked_calls.append(len(items))
        return map_chunks(function, shared, items, parallel)

    monkeypatch.setattr(search, "map_chunks", spied)
    forked = tmp_path / "two" / "site"
    shutil.copytree(site, forked, ignore=shutil.ignore_patterns(BUNDLE))
    index_site(settings, forked)
    assert tree_bytes(forked / BUNDLE) == tree_bytes(site / BUNDLE)
    assert forked_calls[-1] == 2  # the two languages, one per core


@pytest.mark.parametrize("failure", ["disk full", "damaged shard"])
def test_a_language_written_by_a_worker_fails_as_itself(tmp_path: Path, repo_root: Path, failure: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's full disk is the one-line error a build reports, never a worker's traceback;
    its damaged shard is raised as such (write_index then reads every page again)."""
    import errno

    from generator import workers
    from generator.config import load_settings
    from generator.site import search, searchcache

    def write_language(folder: Path, *args: object) -> None:
        if folder.name == "ko":
            if failure == "disk full":
                raise OSError(errno.ENOSPC, "No space left on device", str(folder))
            raise searchcache.Damaged("a shard")
        folder.mkdir(parents=True)

    monkeypatch.setattr(search, "PARALLEL_FROM", 0)  # forked, however few the pages
    monkeypatch.setattr(workers, "workers", lambda: 2)
    monkeypatch.setattr(search, "write_language", write_language)
    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path / "one")
    if failure == "disk full":
        with pytest.raises(PressroomError, match="search-index: cannot write: No space left on device$"):
            index_site(settings, site)
    else:
        with pytest.raises(searchcache.Damaged, match="a shard"):
            search._write_languages(site, tmp_path / "bundle", [("en", []), ("ko", [])], {})


def test_a_worker_weighs_the_pages_whose_words_are_known(tmp_path: Path) -> None:
    """A worker weighs an English page, and a Korean one whose words were all analysed before
    it was forked; a Korean page with a new word comes back as counts, for the build to analyse
    that word first. Either way the weights are the same."""
    from generator.site import search
    from generator.site.koreansearch import ANALYSER
    from generator.site.searchtext import page_text, token_weights, weights

    pages = {"en.html": '<html lang="en"><body><article data-pagefind-body><h1>Exports</h1>'
                        '<p>Exports rose</p></article></body></html>',
             "ko.html": '<html lang="ko"><body><article data-pagefind-body><h1>반도체 수출은</h1>'
                        '<p>늘었다</p></article></body></html>',
             "new.html": '<html lang="ko"><body><article data-pagefind-body><h1>처음보는낱말들이</h1>'
                         '</article></body></html>'}
    for name, page in pages.items():
        (tmp_path / name).write_text(page, encoding="utf-8")
    ANALYSER.learn(["반도체", "수출은", "늘었다"])
    read = dict(zip(pages, search._tokens((tmp_path, False), list(pages)), strict=True))
    assert [read[name][2] for name in pages] == [True, True, ANALYSER.knows("처음보는낱말들이")]
    for name, page in pages.items():
        text = page_text(page)
        assert text is not None
        counts = token_weights(text)
        ANALYSER.learn(["처음보는낱말들이"])
        expected = weights(counts, ANALYSER)
        got = read[name][1] if read[name][2] else weights(read[name][1], ANALYSER)  # type: ignore[arg-type]
        assert got == expected
