"""URLs that never break: `aliases` in front matter, and the moves the build records in
content/redirects.yaml, each become a redirect page at the old URL (generator.site.moves,
generator/site/families/redirect_pages.py)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.check.checker import check_content
from generator.check.sitecheck import check_site
from generator.config import Settings
from generator.content.redirectfile import REDIRECTS_FILE, format_redirects, read_redirects
from generator.errors import ContentError
from generator.site.build import build_site
from tests.golden.regenerate import fixture_settings

BASE = "https://example.github.io/pressroom/"  # the fixture's base URL
HYDROGEN = "en/2024/03/korea-us-hydrogen-cooperation/index.md"  # a page bundle: its folder moves


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


class _Head(HTMLParser):
    """What a redirect page says: its refresh, canonical, robots, link and language."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.links: list[str] = []
        self.lang = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "meta" and "content" in values:
            self.meta[values.get("http-equiv") or values.get("name", "")] = values["content"]
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values["href"]
        if tag == "a":
            self.links.append(values["href"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_redirect(site: Path, old: str) -> _Head:
    head = _Head()
    head.feed((site / old / "index.html").read_text(encoding="utf-8"))
    return head


def lands_on(site: Path, old: str) -> str:
    """The page a browser at BASE + old is sent to, resolved as a browser resolves the refresh
    URL and the link (both relative: the page works under any base path); both must agree."""
    head = read_redirect(site, old)
    refresh = re.fullmatch(r"0; url=(.+)", head.meta["refresh"])
    assert refresh, head.meta
    target = urljoin(BASE + old, refresh.group(1))
    assert head.links == [refresh.group(1)]
    assert head.canonical == target  # absolute, as every page's canonical URL
    return target[len(BASE):]


def set_front(settings: Settings, relative: str, old: str, new: str) -> None:
    path = settings.content_path / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move(settings: Settings, relative: str, old_date: str, new_date: str) -> str:
    """Change a release's date, and move its file where `check` says it belongs."""
    set_front(settings, relative, f"date: {old_date}", f"date: {new_date}")
    target = relative.replace(old_date[:7].replace("-", "/"), new_date[:7].replace("-", "/"))
    source, dest = settings.content_path / relative, settings.content_path / target
    if relative.endswith("/index.md"):  # a page bundle moves as a folder, with its files
        source, dest = source.parent, dest.parent
    dest.parent.mkdir(parents=True, exist_ok=True)
    source.rename(dest)
    return target


def add_aliases(settings: Settings, relative: str, lines: str) -> None:
    set_front(settings, relative, "translation_key:", f"{lines}\ntranslation_key:")


def test_an_alias_is_a_redirect_page_to_its_release(settings: Settings, tmp_path: Path) -> None:
    add_aliases(settings, HYDROGEN, "aliases:\n  - /en/old/hydrogen\n  - en/2019/news/h2.html")
    add_aliases(settings, "ko/2024/03/korea-us-hydrogen-cooperation.md", "aliases: [ko/수소/]")
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    assert lands_on(site, "en/old/hydrogen/") == "en/2024/03/korea-us-hydrogen-cooperation/"
    head = read_redirect(site, "en/old/hydrogen/")
    assert head.meta["robots"] == "noindex" and head.lang == "en"
    assert "This release has moved" in "".join(head.text)  # the theme's string table's text
    page = (site / "en/2019/news/h2.html").read_text(encoding="utf-8")  # an old site's file name
    assert 'url=../../../en/2024/03/korea-us-hydrogen-cooperation/"' in page
    korean = read_redirect(site, "ko/수소/")
    assert korean.lang == "ko" and "새 주소" in "".join(korean.text)
    assert lands_on(site, "ko/수소/") == "ko/2024/03/korea-us-hydrogen-cooperation/"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "korea-us-hydrogen-cooperation/" in sitemap and "old/hydrogen" not in sitemap
    assert "h2.html" not in sitemap and "%EC%88%98%EC%86%8C" not in sitemap
    report = check_site(settings, site, "site")  # `pressroom check`'s link check accepts them
    assert report.problems == []


@pytest.mark.parametrize(("aliases", "line", "message"), [
    ("aliases:\n  - en/fine/\n  - https://elsewhere.example/en/x/", 10, "names a host"),
    ("aliases:\n  - en/../../etc/", 9, "'..'"),
    ("aliases: [en/a/?x=1]", 8, "query"),
    ("aliases: /en/old/", 8, "must be a list"),
    ("aliases:\n  - en/a/\n  - /en/a", 10, "listed twice"),
    ("aliases: [en/CON/old/]", 8, "a name Windows reserves"),
])
def test_a_bad_alias_is_an_error_on_its_line(settings: Settings, tmp_path: Path, aliases: str, line: int,
                                              message: str) -> None:
    add_aliases(settings, HYDROGEN, aliases)
    with pytest.raises(ContentError) as raised:
        build_site(settings, tmp_path / "out", search=False)
    assert str(raised.value).startswith(f"{HYDROGEN}:{line}: ")
    assert message in str(raised.value)


@pytest.mark.parametrize(("alias", "message"), [
    ("en/2024/", "is the URL of a page of this site"),  # a year's archive
    ("en/2024/02/smes-export-vouchers/", "is the URL of a page of this site"),  # another release
    ("/en/taken/", "is also an alias of en/2023/12/year-end-trade-briefing.md"),
])
def test_an_alias_never_takes_a_page_or_another_alias(settings: Settings, tmp_path: Path, alias: str,
                                                       message: str) -> None:
    add_aliases(settings, "en/2023/12/year-end-trade-briefing.md", "aliases: [en/taken/]")
    add_aliases(settings, HYDROGEN, f"aliases:\n  - en/fine/\n  - {alias}")
    with pytest.raises(ContentError) as raised:
        build_site(settings, tmp_path / "out", search=False)
    assert str(raised.value).startswith(f"{HYDROGEN}:10: alias ")
    assert message in str(raised.value)


def test_a_date_change_leaves_the_old_url_redirecting(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    assert not (settings.content_path / REDIRECTS_FILE).exists()  # nothing moved: no file
    move(settings, HYDROGEN, "2024-03-28", "2024-04-02")
    report = build_site(settings, site, search=False)
    assert report.warnings == []
    assert read_redirects(settings.content_path) == {
        "en/2024/03/korea-us-hydrogen-cooperation/": "2024-03-28-hydrogen"}
    assert lands_on(site, "en/2024/03/korea-us-hydrogen-cooperation/") == \
        "en/2024/04/korea-us-hydrogen-cooperation/"
    assert (site / "en/2024/04/korea-us-hydrogen-cooperation/index.html").is_file()
    # the Korean version did not move: its page stays where it was, and is no redirect
    assert "refresh" not in (site / "ko/2024/03/korea-us-hydrogen-cooperation/index.html").read_text()
    recorded = (settings.content_path / REDIRECTS_FILE).stat().st_mtime_ns
    build_site(settings, site, search=False)  # learns nothing new: the file is left alone
    assert (settings.content_path / REDIRECTS_FILE).stat().st_mtime_ns == recorded
    assert lands_on(site, "en/2024/03/korea-us-hydrogen-cooperation/") == \
        "en/2024/04/korea-us-hydrogen-cooperation/"


def test_a_chain_of_moves_lands_on_the_last_url(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    second = move(settings, HYDROGEN, "2024-03-28", "2024-04-02")
    build_site(settings, site, search=False)
    set_front(settings, second, "slug: korea-us-hydrogen-cooperation", "slug: hydrogen-partnership")
    (settings.content_path / second).parent.rename(settings.content_path / "en/2024/04/hydrogen-partnership")
    build_site(settings, site, search=False)
    assert sorted(read_redirects(settings.content_path)) == [
        "en/2024/03/korea-us-hydrogen-cooperation/", "en/2024/04/korea-us-hydrogen-cooperation/"]
    for old in read_redirects(settings.content_path):
        assert lands_on(site, old) == "en/2024/04/hydrogen-partnership/"  # in one step, not via B


def test_a_page_that_takes_an_old_url_back_wins(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    moved = move(settings, HYDROGEN, "2024-03-28", "2024-04-02")
    build_site(settings, site, search=False)
    move(settings, moved, "2024-04-02", "2024-03-28")  # and back again
    report = build_site(settings, site, search=False)
    assert read_redirects(settings.content_path) == {
        "en/2024/04/korea-us-hydrogen-cooperation/": "2024-03-28-hydrogen"}
    notice = [w for w in report.warnings if REDIRECTS_FILE in w]
    assert len(notice) == 1 and "en/2024/03/korea-us-hydrogen-cooperation/ is now a page" in notice[0]
    page = (site / "en/2024/03/korea-us-hydrogen-cooperation/index.html").read_text(encoding="utf-8")
    assert "refresh" not in page and "<article" in page  # the release, never the redirect
    assert lands_on(site, "en/2024/04/korea-us-hydrogen-cooperation/") == \
        "en/2024/03/korea-us-hydrogen-cooperation/"


def test_an_alias_takes_over_a_recorded_old_url(settings: Settings, tmp_path: Path) -> None:
    recorded = {"en/2020/01/old/": "2024-03-28-hydrogen", "en/2020/02/kept/": "2024-03-28-hydrogen"}
    (settings.content_path / REDIRECTS_FILE).write_text(format_redirects(recorded), encoding="utf-8")
    add_aliases(settings, "en/2023/12/year-end-trade-briefing.md", "aliases: [en/2020/01/old/]")
    report = build_site(settings, tmp_path / "out", search=False)
    assert report.warnings == [f"{settings.content_path / REDIRECTS_FILE}: en/2020/01/old/ is now an alias "
                               "of the site; its redirect is dropped"]
    assert read_redirects(settings.content_path) == {"en/2020/02/kept/": "2024-03-28-hydrogen"}
    assert lands_on(tmp_path / "out", "en/2020/01/old/") == "en/2023/12/year-end-trade-briefing/"


def test_a_fresh_clone_builds_the_recorded_redirects_and_guesses_nothing(settings: Settings,
                                                                         tmp_path: Path) -> None:
    recorded = {"en/2020/01/hydrogen/": "2024-03-28-hydrogen", "en/2020/01/gone/": "no-such-release"}
    (settings.content_path / REDIRECTS_FILE).write_text(format_redirects(recorded), encoding="utf-8")
    move(settings, HYDROGEN, "2024-03-28", "2024-04-02")  # moved before any build: no state saw it
    site = tmp_path / "out"
    report = build_site(settings, site, search=False)
    assert report.warnings == []
    assert lands_on(site, "en/2020/01/hydrogen/") == "en/2024/04/korea-us-hydrogen-cooperation/"
    assert not (site / "en/2020/01/gone").exists()  # its release is gone: no page, the line stays
    assert not (site / "en/2024/03/korea-us-hydrogen-cooperation").exists()
    assert "en/2020/01/gone/" in read_redirects(settings.content_path)


def test_a_build_without_cache_reads_no_state_and_records_no_move(settings: Settings, tmp_path: Path) -> None:
    """`--no-cache` reads no cache, the state included: it has nothing to compare with (the
    README says to build once without it after moving releases)."""
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    move(settings, HYDROGEN, "2024-03-28", "2024-04-02")
    report = build_site(settings, site, search=False, cache=False)
    assert report.warnings == [] and not (settings.content_path / REDIRECTS_FILE).exists()


@pytest.mark.parametrize(("text", "line", "message"), [
    ("en/a/: key\nen/b/: [1, 2\n", 2, "bad YAML"),  # the line of the [ left open, not past the end
    ("- en/a/\n", 1, "must map old URLs"),
    ("en/a/: key\nhttps://x.example/en/b/: key\n", 2, "names a host"),
    ("en/a/: key\n/en/a: other\n", 2, "listed twice"),
    ("en/a/: key\nen/b/:\n", 2, "names no translation_key"),
    ("en/a/: key\nen/b/: {lang: en}\n", 2, "each line must be"),
])
def test_a_malformed_redirects_file_is_an_error_on_its_line(settings: Settings, tmp_path: Path, text: str,
                                                            line: int, message: str) -> None:
    (settings.content_path / REDIRECTS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build_site(settings, tmp_path / "out", search=False)
    assert str(raised.value).startswith(f"{settings.content_path / REDIRECTS_FILE}:{line}: ")
    assert message in str(raised.value)


def test_check_reports_a_malformed_redirects_file(settings: Settings) -> None:
    (settings.content_path / REDIRECTS_FILE).write_text("en/a/: key\nen/../b/: key\n", encoding="utf-8")
    problems = [str(problem) for problem in check_content(settings).problems]
    assert f"content/{REDIRECTS_FILE}:2: old URL 'en/../b/' has an empty, '.' or '..' segment; " \
           "write the path plainly" in problems


def test_the_file_is_sorted_and_stable(tmp_path: Path) -> None:
    entries = {"ko/2024/03/수소/": "b", "en/2024/04/z/": "a", "en/2024/03/x/": "c: colon"}
    text = format_redirects(entries)
    (tmp_path / REDIRECTS_FILE).write_text(text, encoding="utf-8")
    assert read_redirects(tmp_path) == entries
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == ["en/2024/03/x/: 'c: colon'", "en/2024/04/z/: a", "ko/2024/03/수소/: b"]
    assert format_redirects(dict(reversed(entries.items()))) == text


def test_redirects_work_under_any_base_path(settings: Settings, tmp_path: Path) -> None:
    """The same pages from a root site: only the canonical URL names the base."""
    shutil.copytree(settings.root, tmp_path / "root")
    build_site(settings, tmp_path / "a", search=False)
    move(settings, HYDROGEN, "2024-03-28", "2024-04-02")
    build_site(settings, tmp_path / "a", search=False)
    rooted = settings.with_base_url("https://press.example/")
    build_site(rooted, tmp_path / "b", search=False)
    old = "en/2024/03/korea-us-hydrogen-cooperation/index.html"
    a, b = ((tmp_path / out / old).read_text(encoding="utf-8") for out in ("a", "b"))
    assert a.replace(BASE, "https://press.example/") == b
    canonical = read_redirect(tmp_path / "a", old[:-len("index.html")]).canonical
    assert urlsplit(canonical).path.startswith("/pressroom/")
