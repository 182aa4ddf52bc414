from __future__ import annotations

import importlib
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from generator.cli import main
from generator.config import Settings
from generator.errors import PressroomError
from generator.incremental import cache as cache_module
from generator.site import parallel
from generator.site.build import build_site
from generator.site.outfiles import OutputFile, file_digest
from generator.site.report import PAGES_FILE_LIMIT, pages_limit_warnings
from tests.buildfixture import assert_same_tree, edit, snapshot
from tests.golden.regenerate import EXPECTED, fixture_settings

BASE = "https://example.github.io/pressroom/"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def test_golden_site(settings: Settings, tmp_path: Path) -> None:
    """Regenerate after an intended change with `python -m tests.golden.regenerate`."""
    build_site(settings, tmp_path / "out", search=False)  # the index: tests/site/test_search.py
    assert_same_tree(EXPECTED, tmp_path / "out")


def test_the_whole_shape_exists_in_both_languages(settings: Settings, tmp_path: Path) -> None:
    build_site(settings, tmp_path / "out")
    files = set(snapshot(tmp_path / "out"))
    for lang in ("en", "ko"):
        for path in ("index.html", "page/2/index.html", "2024/index.html", "2024/04/index.html",
                     "2024/04/ai-standards-plenary-seoul/index.html", "categories/index.html",
                     "category/trade/index.html", "category/trade/page/2/index.html", "tags/index.html",
                     "tag/exports/index.html", "feed.xml", "category/trade/feed.xml", "tag/japan/feed.xml"):
            assert f"{lang}/{path}" in files
    assert {"index.html", "404.html", "sitemap.xml", "robots.txt", ".nojekyll", "static/style.css"} <= files
    assert "ko/2024/01/중소기업-수출-상담회/index.html" in files
    assert "en/2023/12/year-end-trade-briefing/index.html" in files
    assert not any(name.startswith("ko/2023/") for name in files)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang") or ""
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.urls.append((tag if values.get("rel") not in ("canonical", "alternate") or
                                  values.get("type") else "meta-link", values[name] or ""))


def page_url(site: Path, file: Path, base: str = BASE) -> str:
    relative = quote(file.relative_to(site).as_posix())
    return base + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def resolve(site: Path, file: Path, url: str, base: str = BASE) -> Path:
    """The output file a link on `file` leads to."""
    target = urlsplit(urljoin(page_url(site, file, base), url))
    assert target.geturl().startswith(base), (file, url)
    path = unquote(target.path)[len(urlsplit(base).path):]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def test_every_internal_link_resolves_under_the_sub_path(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    base_path = urlsplit(BASE).path
    pages = sorted(site.rglob("*.html"))
    for file in pages:
        parser = Links()
        parser.feed(file.read_text(encoding="utf-8"))
        assert parser.html_lang in ("en", "ko"), file
        for kind, url in parser.urls:
            if kind == "meta-link":  # canonical and hreflang alternates are absolute by design
                assert url.startswith(BASE), (file, url)
                continue
            if url == "data:,":  # the empty favicon, which spares browsers a request
                continue
            if url.startswith(("http://", "https://")):
                assert not url.startswith(BASE), f"{file}: a link between pages carries a host: {url}"
                continue
            if url.startswith("/"):  # only the 404 page, which is served at any depth
                assert file.name == "404.html" and url.startswith(base_path), (file, url)
            assert resolve(site, file, url).is_file(), f"{file.relative_to(site)}: broken link {url}"


def test_every_page_has_head_metadata(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert '<meta name="description" content="' in text and "<title>" in text
        assert 'type="application/rss+xml"' in text or file.name == "404.html"
        if file.name != "404.html":
            assert f'<link rel="canonical" href="{page_url(site, file)}">' in text, file
            assert 'property="og:url"' in text and re.search(r'og:locale" content="(en_US|ko_KR)"', text)
        assert re.search(r'hreflang="(en|ko)" lang="(en|ko)"', text), f"{file}: no language switch"
    release = (site / "en/2024/03/korea-us-hydrogen-cooperation/index.html").read_text(encoding="utf-8")
    assert f'hreflang="ko" href="{BASE}ko/2024/03/korea-us-hydrogen-cooperation/"' in release
    assert 'href="../../../../en/category/energy/feed.xml"' in release
    alone = (site / "en/2023/12/year-end-trade-briefing/index.html").read_text(encoding="utf-8")
    assert "There is no Korean version of this release." in alone and 'href="../../../../ko/"' in alone
    korean = (site / "ko/2024/01/중소기업-수출-상담회/index.html").read_text(encoding="utf-8")
    assert "이 보도자료는 영어판이 없습니다." in korean and "2024년 1월 10일 (수)" in korean


def test_sitemap_and_robots(settings: Settings, tmp_path: Path) -> None:
    build_site(settings, tmp_path / "out")
    sitemap = (tmp_path / "out/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}en/2024/04/ai-standards-plenary-seoul/</loc>" in sitemap
    assert f'hreflang="x-default" href="{BASE}en/2024/04/ai-standards-plenary-seoul/"' in sitemap
    assert "%EC%A4%91" in sitemap and "404" not in sitemap  # Korean slugs percent-encoded
    robots = (tmp_path / "out/robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_two_builds_are_identical_and_a_rebuild_writes_nothing(settings: Settings, tmp_path: Path) -> None:
    first = build_site(settings, tmp_path / "a")
    build_site(settings, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*")}
    again = build_site(settings, tmp_path / "a")
    assert again.written == 0 and again.unchanged == first.written and again.rendered == 0
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*")} == mtimes
    summary = again.summary()
    assert re.fullmatch(r"build: 71 pages, 28 feeds — 0 written, 141 unchanged in \d+\.\d\d s", summary)


def test_a_build_with_nothing_to_do_reads_only_the_quick_state(settings: Settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "out"
    build_site(settings, site)

    def refuse(*_: object) -> None:
        raise AssertionError("the whole state was loaded for a build with nothing to do")

    monkeypatch.setattr(cache_module, "load_state", refuse)
    again = build_site(settings, site)
    assert again.written == 0 and again.unchanged > 0 and again.pages == 71
    # any change (a release, a deleted output file) needs the whole state again
    (site / "en/feed.xml").unlink()
    with pytest.raises(AssertionError, match="whole state was loaded"):
        build_site(settings, site)
    monkeypatch.undo()
    assert build_site(settings, site).written == 1
    edit(settings)
    monkeypatch.setattr(cache_module, "load_state", refuse)
    with pytest.raises(AssertionError, match="whole state was loaded"):
        build_site(settings, site)


def test_the_build_record_follows_the_output_and_ignores_the_import_manifest(settings: Settings,
                                                                            tmp_path: Path) -> None:
    from generator.incremental.fingerprint import input_fingerprint, last_build

    build_site(settings, tmp_path / "other")
    build_site(settings, settings.output_path)
    build_site(settings, tmp_path / "other")  # nothing to do there, but the record must move
    record = last_build(settings)
    assert record is not None and record["output"] == str((tmp_path / "other").resolve())
    # the manifest is the importer's bookkeeping; no page depends on it
    (settings.content_path / ".import-manifest.json").write_text("{}", encoding="utf-8")
    assert record["fingerprint"] == input_fingerprint(settings)
    edit(settings)
    assert record["fingerprint"] != input_fingerprint(settings)


def test_the_build_record_equals_a_fingerprint_made_from_scratch(settings: Settings, tmp_path: Path) -> None:
    """The build hands the hashes of the files it read to the record; they must be the files' own."""
    from generator.incremental.fingerprint import HASHES_FILE, cache_path, input_fingerprint, last_build

    crlf = settings.content_path / "en/2024/04/ai-standards-plenary-seoul.md"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    site = tmp_path / "out"
    build_site(settings, site)
    (cache_path(settings) / HASHES_FILE).unlink()
    record = last_build(settings)
    assert record is not None and record["fingerprint"] == input_fingerprint(settings)
    assert "\r" not in (site / "en/2024/04/ai-standards-plenary-seoul/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("tell_changed", [True, False])
def test_incremental_build_equals_a_cold_build(settings: Settings, tmp_path: Path,
                                               tell_changed: bool) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    changed = edit(settings)
    removed = settings.content_path / "en/2024/02/smes-export-vouchers.md"
    removed.unlink()
    report = build_site(settings, site, changed={changed, removed} if tell_changed else None)
    assert 0 < report.rendered < 60 and report.deleted >= 1
    assert not (site / "en/2024/02/smes-export-vouchers").exists()
    build_site(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


def test_parallel_rendering_gives_the_same_site(settings: Settings, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(settings, tmp_path / "serial")
    shutil.rmtree(settings.root / ".pressroom-cache")
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    build_site(settings, tmp_path / "parallel")
    assert_same_tree(tmp_path / "serial", tmp_path / "parallel")


def test_an_edit_renders_its_data_files_on_both_cores_the_same(settings: Settings, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Heavy data files go parallel even with few pages to render, one at each end of the pages
    (so on different cores); the JSONL's line names are kept by the worker that made it."""
    site = tmp_path / "out"
    build_site(settings, site)
    edit(settings)
    calls: list[bool] = []
    map_chunks = parallel.map_chunks
    monkeypatch.setattr(parallel, "map_chunks", lambda *args, **kwargs: calls.append(kwargs["parallel"])
                        or map_chunks(*args, **kwargs))
    # the fixture's 12 rows weigh 12 pages in each export: the edit's 26 pages weigh 48
    monkeypatch.setattr(parallel, "EXPORT_ROWS_PER_PAGE", 1)
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 40)
    report = build_site(settings, site)
    assert calls.count(True) == 1 and report.rendered < 40  # the rendering; the rest stays serial
    kinds = [page.kind for page, _ in parallel._spread([(p, "") for p in _planned_exports(settings)])]
    assert kinds[0] == kinds[-1] == "export"
    build_site(settings, tmp_path / "cold", cache=False)
    assert_same_tree(tmp_path / "cold", site)
    # filed under the hash the build records for the file (worked out once, by the renderer)
    jsonl = (site / "data/releases.jsonl").read_bytes()
    names = list((settings.root / ".pressroom-cache").rglob(f"{file_digest(jsonl)}.names"))
    assert names and all(len(n.read_text().split()) == jsonl.count(b"\n") for n in names)


def _planned_exports(settings: Settings) -> list[OutputFile]:
    class Data:
        rows = tuple(range(12))

    exports = [OutputFile(f"data/{n}", f"data/{n}", "export", None, None, Data()) for n in ("a", "b")]
    pages = [OutputFile(f"p{i}/", f"p{i}/", "release.html", "en", None) for i in range(3)]
    return [exports[0], *pages, exports[1]]


def test_a_failed_build_leaves_the_previous_site_whole(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    before = snapshot(site)
    edit(settings)
    bad = settings.content_path / "en/2024/04/ai-standards-plenary-seoul.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("date: 2024-04-22", "date: 2024-02-30"),
                   encoding="utf-8")
    with pytest.raises(PressroomError, match=r"^en/2024/04/ai-standards-plenary-seoul.md:3: impossible date"):
        build_site(settings, site)
    assert snapshot(site) == before
    # no staging folder left behind; the folder begun as the next build's spare is kept as such
    assert set(os.listdir(tmp_path)) - {".out.spare"} == {"site", "out"}


def test_render_error_after_some_pages_leaves_the_site_whole(settings: Settings, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    before = snapshot(site)
    edit(settings)
    settings.templates_path.mkdir()
    (settings.templates_path / "404.html").write_text("{{ 1 / 0 }}\n", encoding="utf-8")
    with pytest.raises(PressroomError, match="404.html:1: template error"):
        build_site(settings, site)
    assert snapshot(site) == before
    assert set(os.listdir(tmp_path)) - {".out.spare"} == {"site", "out"}  # as above


def test_cli_prints_errors_without_traceback(settings: Settings, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = str(settings.root / "pyproject.toml")
    bad = settings.content_path / "en/2024/04/ai-standards-plenary-seoul.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("category: industry", "category: fishing"),
                   encoding="utf-8")
    assert main(["--config", config, "build", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("content/en/2024/04/ai-standards-plenary-seoul.md:5: category 'fishing' is not "
                           "in the vocabulary") and "Traceback" not in err


def test_cli_summary_and_base_url(settings: Settings, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = str(settings.root / "pyproject.toml")
    assert main(["--config", config, "build", "--out", str(tmp_path / "o"),
                 "--base-url", "https://mirror.example.org/a/b"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"build: 71 pages, 28 feeds — 141 written, 0 unchanged in \d+\.\d\d s\n", out)
    page = (tmp_path / "o/404.html").read_text(encoding="utf-8")
    assert 'href="/a/b/en/"' in page and 'href="/a/b/static/style.css"' in page


def test_refuses_output_folders_it_could_damage(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(PressroomError, match="refusing to build into"):
        build_site(settings, settings.root)
    other = tmp_path / "someone-elses"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(PressroomError, match="Pressroom did not create"):
        build_site(settings, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_out_builds_only_into_folders_it_made(settings: Settings, tmp_path: Path) -> None:
    """`.nojekyll` is any GitHub Pages site's: another site's folder holding one is refused; the
    project's own output folder built by an older version (`.nojekyll`, no `.pressroom-site`)
    is adopted, and so is an empty folder."""
    other = tmp_path / "another-site"
    other.mkdir()
    (other / ".nojekyll").write_text("", encoding="utf-8")
    (other / "index.html").write_text("theirs", encoding="utf-8")
    with pytest.raises(PressroomError, match=r"another-site: .*has no \.pressroom-site"):
        build_site(settings, other)
    assert sorted(p.name for p in other.iterdir()) == [".nojekyll", "index.html"]
    empty = tmp_path / "empty"
    empty.mkdir()
    build_site(settings, empty, search=False)
    assert (empty / ".pressroom-site").is_file()
    legacy = settings.output_path
    legacy.mkdir()
    (legacy / ".nojekyll").write_text("", encoding="utf-8")
    (legacy / "index.html").write_text("an older build", encoding="utf-8")
    build_site(settings, None, search=False)
    assert (legacy / ".pressroom-site").is_file()
    assert "an older build" not in (legacy / "index.html").read_text(encoding="utf-8")


def test_stale_files_go_but_kept_files_stay(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    (site / "CNAME").write_text("press.example.org\n", encoding="utf-8")
    shutil.rmtree(settings.root / ".pressroom-cache")  # no memory of the last build: compare bytes
    (site / "en" / "old-page.html").write_text("old", encoding="utf-8")
    report = build_site(settings, site)
    assert report.written == 0 and report.deleted == 1
    assert (site / "CNAME").exists() and not (site / "en" / "old-page.html").exists()


@pytest.mark.parametrize("serve", [False, True])
def test_files_removed_from_the_site_by_hand_are_made_again(settings: Settings, tmp_path: Path,
                                                           serve: bool) -> None:
    """A page, a list page, a feed, a theme file and a data file deleted from the output: the
    next build writes them again (kept records of files that are gone would keep them gone), as
    does serve's rebuild of nothing (changed=set())."""
    site = tmp_path / "out"
    build_site(settings, site)
    cold = snapshot(site)
    gone = [next(p for p in cold if p.startswith("en/20") and p.count("/") == 4),
            next(p for p in cold if p.startswith("en/tag/") and p.endswith("index.html")),
            "en/feed.xml", "static/style.css", "data/releases.csv"]
    for name in gone:
        (site / name).unlink()
    report = build_site(settings, site, changed=set() if serve else None, search=not serve)
    assert report.written == len(gone)
    assert snapshot(site) == cold


def test_pages_limit_warnings() -> None:
    assert pages_limit_warnings(10 * 1024**2, ("a.html", 1000)) == []
    warnings = pages_limit_warnings(int(0.9 * 1024**3), ("sitemap.xml", 95 * 1024**2))
    assert len(warnings) == 2
    assert "GitHub Pages publishes at most 1,024 MB" in warnings[0] and "sitemap.xml is 95 MB" in warnings[1]
    assert PAGES_FILE_LIMIT == 100 * 1024**2


def test_a_long_sitemap_becomes_an_index() -> None:
    from generator.site.sitemap import render_sitemap_index, sitemap_files
    entries = tuple((f"en/{n}/", ()) for n in range(5))
    single = sitemap_files(entries, limit=10)
    assert [(name, kind) for name, kind, _ in single] == [("sitemap.xml", "sitemap")]
    files = sitemap_files(entries, limit=2)
    assert [(name, kind) for name, kind, _ in files] == [
        ("sitemap.xml", "sitemap-index"), ("sitemap-1.xml", "sitemap"), ("sitemap-2.xml", "sitemap"),
        ("sitemap-3.xml", "sitemap")]
    index = render_sitemap_index(BASE, files[0][2])
    assert f"<sitemap><loc>{BASE}sitemap-3.xml</loc></sitemap>" in index


REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.skipif(not (REAL_CONTENT / "vocabulary.yaml").is_file(),
                    reason="the demo archive is not imported on this branch yet")
def test_the_demo_archive_builds_with_working_links(scratch_settings: Settings, tmp_path: Path) -> None:
    from dataclasses import replace

    import feedparser
    settings = replace(scratch_settings, base_url="https://example.github.io/pressroom/")
    site = tmp_path / "demo"
    report = build_site(settings, site)
    assert report.pages > 50 and report.feeds > 10
    for file in site.rglob("*.html"):
        parser = Links()
        parser.feed(file.read_text(encoding="utf-8"))
        for kind, url in parser.urls:
            if kind == "meta-link" or url.startswith(("http://", "https://", "data:")):
                continue
            assert resolve(site, file, url).is_file(), f"{file.relative_to(site)}: broken link {url}"
    for feed in site.rglob("feed.xml"):
        assert feedparser.parse(feed.read_bytes()).bozo == 0, feed


def test_bodies_are_read_again_when_the_body_cache_is_gone(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    (settings.root / ".pressroom-cache" / "bodies.sqlite").unlink()
    settings.templates_path.mkdir()
    (settings.templates_path / "root.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    report = build_site(settings, site)  # every page renders again; the releases come from the state
    assert report.rendered == report.unchanged + report.written
    (settings.templates_path / "root.html").unlink()
    build_site(settings, site)
    build_site(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


def _rewrite(settings: Settings, path: str, old: str, new: str) -> set[Path]:
    file = settings.content_path / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")
    return {file}


def _move(settings: Settings, path: str, target: str, old: str, new: str) -> set[Path]:
    _rewrite(settings, path, old, new)
    source, destination = settings.content_path / path, settings.content_path / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    source.rename(destination)
    return {source, destination}


def _add(settings: Settings, path: str, text: str) -> set[Path]:
    file = settings.content_path / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return {file}


def _delete(settings: Settings, path: str) -> set[Path]:
    (settings.content_path / path).unlink()
    return {settings.content_path / path}


NEW_KO = """---
title: "연말 통상 브리핑: 2023년 돌아보기"
date: 2023-12-15
lang: ko
category: trade
tags: [exports, usa]
slug: year-end-trade-briefing
translation_key: 2023-12-15-briefing
summary: "산업부가 2023년 통상 성과를 돌아봤다."
---

산업부는 12월 15일 2023년 통상 성과를 돌아봤다.
"""

# A hand-written release on the day of the English AI standards release, after it in file order:
# the older of the two, it takes midnight and moves the other's time in feeds it is not in.
SAME_DAY_EN = """---
title: "Battery grid pilot"
date: 2024-04-22
lang: en
category: energy
tags: [hydrogen]
slug: battery-grid-pilot
translation_key: 2024-04-22-battery
summary: "A pilot."
---

A pilot.
"""

EDITS = {
    "a release joins another's day": lambda s: _add(s, "en/2024/04/battery-grid-pilot.md", SAME_DAY_EN),
    "date moves to another year": lambda s: _move(
        s, "en/2024/03/export-results-february.md", "en/2023/11/export-results-february.md",
        "date: 2024-03-05", "date: 2023-11-20"),
    "category changes": lambda s: _rewrite(s, "en/2024/04/ai-standards-plenary-seoul.md",
                                           "category: industry", "category: policy"),
    "a first use of a tag": lambda s: _rewrite(s, "ko/2024/02/smes-export-vouchers.md",
                                               "tags: [smes, exports]", "tags: [smes, ai, usa]"),
    "a new translation pairs an English-only release": lambda s: _add(
        s, "ko/2023/12/year-end-trade-briefing.md", NEW_KO),
    "a pair is broken": lambda s: _rewrite(s, "ko/2024/03/korea-us-hydrogen-cooperation.md",
                                           "translation_key: 2024-03-28-hydrogen",
                                           "translation_key: 2024-03-28-hydrogen-ko"),
    "the only release of a year goes": lambda s: _delete(s, "en/2023/12/year-end-trade-briefing.md"),
    "the newest release goes": lambda s: _delete(s, "ko/2024/04/japan-advanced-materials-investment.md"),
    "tags are reordered": lambda s: _rewrite(s, "en/2024/04/japan-advanced-materials-investment.md",
                                             "tags: [japan, semiconductors, investment]",
                                             "tags: [investment, japan, semiconductors]"),
    "the summary changes": lambda s: _rewrite(s, "en/2024/02/smes-export-vouchers.md",
                                              "summary: \"The ministry opens", "summary: \"It opens"),
    "only the body changes": lambda s: _rewrite(s, "en/2024/02/smes-export-vouchers.md",
                                                "\n\nThe ", "\n\nThis week the "),
    "an old title changes": lambda s: _rewrite(s, "en/2023/12/year-end-trade-briefing.md",
                                               "2023 in review", "the year in review"),
}


@pytest.mark.parametrize("tell_changed", [True, False], ids=["told", "found"])
@pytest.mark.parametrize("edit_name", sorted(EDITS))
def test_partial_build_equals_cold_build(settings: Settings, tmp_path: Path, edit_name: str,
                                         tell_changed: bool) -> None:
    site = tmp_path / "out"
    first = build_site(settings, site)
    changed = EDITS[edit_name](settings)
    report = build_site(settings, site, changed=changed if tell_changed else None)
    assert report.rendered < first.written  # planned and rendered only part of the site
    build_site(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


# the edits above that can change what the stats pages count (day, category, tags, counterpart)
COUNTED = {"a release joins another's day", "date moves to another year", "category changes",
           "a first use of a tag", "a new translation pairs an English-only release", "a pair is broken",
           "the only release of a year goes", "the newest release goes", "tags are reordered"}


@pytest.mark.parametrize("edit_name", sorted(EDITS))
def test_the_stats_are_drawn_again_only_when_a_count_can_change(settings: Settings, tmp_path: Path,
                                                                 edit_name: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A title, summary or body edit keeps the stats pages (their charts cost 0.3 s at 10,000 per
    language); the rest plan them again. Either way the site equals a cold build's."""
    site = tmp_path / "out"
    build_site(settings, site)
    drawn: list[str] = []
    family = importlib.import_module("generator.site.families.stats_pages")  # the package names a function so
    charts = family._charts
    monkeypatch.setattr(family, "_charts", lambda ctx, lang, *rest: drawn.append(lang)
                        or charts(ctx, lang, *rest))
    build_site(settings, site, changed=EDITS[edit_name](settings))
    assert drawn == (list(settings.languages) if edit_name in COUNTED else [])
    monkeypatch.undo()
    build_site(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


def test_a_killed_build_leaves_no_litter_for_long(settings: Settings, tmp_path: Path) -> None:
    litter = tmp_path / ".out.building-999999999"  # above any pid_max: no such process
    (litter / "en").mkdir(parents=True)
    build_site(settings, tmp_path / "out")
    assert not litter.exists() and (tmp_path / "out" / "index.html").is_file()


def test_a_release_dated_year_999_fails_the_build_at_its_line(settings: Settings, tmp_path: Path) -> None:
    """A typo'd year is an error naming the file and line (content.release.date_problem), and the
    build writes nothing: it stretched the stats page over every month between, and before that
    asked every archive path to be padded (`en/0999/`)."""
    source = settings.content_path / "en/2023/12/year-end-trade-briefing.md"
    text = source.read_text(encoding="utf-8").replace("date: 2023-12-", "date: 0999-12-")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("date:"))
    _add(settings, "en/0999/12/year-end-trade-briefing.md", text)
    source.unlink()
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out", search=False)
    assert f"en/0999/12/year-end-trade-briefing.md:{line}: implausible date 0999-12-" in str(caught.value)
    assert not (tmp_path / "out").exists()
