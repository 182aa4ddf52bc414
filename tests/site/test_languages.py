"""A site of three languages (en, ko and a `ja` the theme has no table for) and a site of one.

The three-language site is the golden fixture's English and Korean releases plus the Japanese
ones and the site-level `strings/ja.yaml` of tests/site/trilingual/: one Japanese release pairs
with both others, one with English only (a release in two of three languages), one stands alone.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from generator.cli import main
from generator.config import Settings, load_settings
from generator.errors import PressroomError
from generator.site.build import build_site
from tests.e2e.feeds import check_feed
from tests.e2e.support import require_java, validate_html
from tests.golden.regenerate import FIXTURE, REPO

TRILINGUAL = Path(__file__).resolve().parent / "trilingual"
BASE = "https://example.github.io/pressroom/"
PAIRED = "2024/04/japan-advanced-materials-investment/"
Cap = pytest.CaptureFixture[str]


def make_project(folder: Path, languages: str | None = None, edit: Callable[[str], str] = str) -> Settings:
    """The golden fixture with the three-language fixture over it, using the repository's themes."""
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns(".pressroom-cache"))
    shutil.copytree(TRILINGUAL, folder, dirs_exist_ok=True)
    config = folder / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace('themes_dir = "../../../themes"',
                                                      f'themes_dir = "{REPO / "themes"}"')
    if languages is not None:
        text = re.sub(r"(?m)^languages = .*$", f"languages = {languages}", text)
    config.write_text(edit(text), encoding="utf-8")
    return load_settings(config)


class _Head(HTMLParser):
    """The hreflang alternates, og:locale tags and language-switch links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hreflang: list[str] = []
        self.locales: list[tuple[str, str]] = []
        self.switch: list[str] = []
        self._in_switch = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "alternate" and found.get("hreflang"):
            self.hreflang.append(found["hreflang"] or "")
        if tag == "meta" and (found.get("property") or "").startswith("og:locale"):
            self.locales.append((found["property"] or "", found.get("content") or ""))
        if tag == "li":
            self._in_switch = "switch" in (found.get("class") or "").split()
        if tag == "a" and self._in_switch:
            self.switch.append(found.get("hreflang") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_switch = False


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Path]]:
    folder = tmp_path_factory.mktemp("trilingual")
    settings = make_project(folder / "project")
    build_site(settings, folder / "site")  # with search: it covers every language
    yield settings, folder / "site"


def test_a_paired_release_has_three_alternates_and_cldr_dates(trilingual: tuple[Settings, Path]) -> None:
    _, site = trilingual
    for lang in ("en", "ko", "ja"):
        page = head(site / lang / PAIRED / "index.html")
        assert page.hreflang == ["en", "ko", "ja", "x-default"], lang
        assert sorted(page.switch) == sorted({"en", "ko", "ja"} - {lang}), lang
    ja = (site / "ja" / PAIRED / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in ja and "2024年4月23日" in ja
    assert ("og:locale", "ja_JP") in head(site / "ja" / PAIRED / "index.html").locales
    assert head(site / "en" / PAIRED / "index.html").locales == [
        ("og:locale", "en_US"), ("og:locale:alternate", "ko_KR"), ("og:locale:alternate", "ja_JP")]
    # CLDR's names where no table gives one: "Japanese" in English, "日本語" in itself
    english = (site / "en" / PAIRED / "index.html").read_text(encoding="utf-8")
    assert "Read this release in Japanese:" in english
    assert ">日本語</a>" in (site / "ko" / PAIRED / "index.html").read_text(encoding="utf-8")
    archive = (site / "ja/2024/index.html").read_text(encoding="utf-8")
    assert "<title>2024年" in archive and ">4月</a>" in archive


def test_every_page_switches_to_the_two_other_languages(trilingual: tuple[Settings, Path]) -> None:
    _, site = trilingual
    pages = [p for p in site.rglob("*.html") if "search-index" not in p.parts and p.name != "404.html"]
    assert len(pages) > 40
    for path in pages:
        own = re.search(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8"))
        assert own, path
        assert sorted(head(path).switch) == sorted({"en", "ko", "ja"} - {own.group(1)}), path


def test_a_release_in_two_of_three_languages(trilingual: tuple[Settings, Path]) -> None:
    _, site = trilingual
    page = site / "ja/2023/12/year-end-trade-briefing/index.html"
    assert head(page).hreflang == ["en", "ja", "x-default"]
    text = page.read_text(encoding="utf-8")
    assert "この報道資料の韓国語版はありません。" in text  # "no Korean version", the name from CLDR
    alone = next((site / "ja/2024/05").glob("*/index.html"))
    assert head(alone).hreflang == ["ja"] and alone.parent.name == "日本語のみの報道資料"


def test_root_feeds_sitemap_and_search_cover_every_language(trilingual: tuple[Settings, Path]) -> None:
    _, site = trilingual
    root = head(site / "index.html")
    assert root.hreflang == ["en", "ko", "ja", "x-default"]
    for page in ("index.html", "404.html"):  # the language choice and the 404 page offer all three
        text = (site / page).read_text(encoding="utf-8")
        assert all(f'hreflang="{code}"' in text for code in ("en", "ko", "ja")), page
        assert "ゴールデン報道資料" in text, page
    feeds = sorted(site.rglob("feed.xml"))
    assert {f.relative_to(site).parts[0] for f in feeds} == {"en", "ko", "ja"}
    for feed in feeds:
        url = BASE + feed.relative_to(site).as_posix()
        assert check_feed(feed.read_bytes(), url, BASE, max_items=3) == [], feed
    ja = feedparser.parse((site / "ja/feed.xml").read_bytes())
    assert ja.feed.language == "ja" and ja.feed.title == "ゴールデン報道資料"
    assert {e.title for e in ja.entries} >= {"日本の先端素材企業、韓国に1億2千万ドルの投資を約束"}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{BASE}ja/{PAIRED}" in sitemap and 'hreflang="ja"' in sitemap
    for lang in ("en", "ko", "ja"):
        meta = json.loads((site / "search-index" / lang / "meta.json").read_bytes())
        assert meta["docs"] == len(list((site / lang).glob("[0-9]*/[0-9]*/*/index.html"))), lang
    # Japanese is indexed in pairs of characters: 先端 (advanced) stands in the chunk of 先.
    chunk = json.loads((site / "search-index/ja/terms" / ("先".encode().hex() + ".json")).read_bytes())
    assert "先端" in chunk
    search = (site / "ja/search/index.html").read_text(encoding="utf-8")
    assert "報道資料を検索" in search


def test_pressroom_check_passes(trilingual: tuple[Settings, Path], capsys: Cap) -> None:
    settings, site = trilingual
    code = main(["--config", str(settings.root / "pyproject.toml"), "check", "--out", str(site)])
    out = capsys.readouterr().out
    assert code == 0, out
    code = main(["--config", str(settings.root / "pyproject.toml"), "check", "--translations"])
    out = capsys.readouterr().out
    assert code == 0, out
    briefing = "2023/12/year-end-trade-briefing.md"
    assert f"pair\tcontent/en/{briefing}\tcontent/ja/{briefing}\n" in out  # in two of three languages
    assert "unpaired\tcontent/ja/2024/05/日本語のみの報道資料.md" in out  # it lacks any translation


def test_the_pages_pass_the_nu_html_checker(trilingual: tuple[Settings, Path]) -> None:
    require_java()
    _, site = trilingual
    status, output = validate_html(site)
    assert status == 0, f"the Nu HTML Checker found errors:\n{output[-8000:]}"


def test_a_language_without_a_string_table_is_one_clear_error(tmp_path: Path) -> None:
    def french(text: str) -> str:
        return text.replace('ja = "ゴールデン', 'fr = "Communiqués"\nja = "ゴールデン').replace(
            'ja = "三つの', 'fr = "Archive"\nja = "三つの')

    settings = make_project(tmp_path / "project", '["en", "ko", "ja", "fr"]', french)
    vocabulary = settings.content_path / "vocabulary.yaml"
    vocabulary.write_text(re.sub(r"ja: ([^,}]+)", r"ja: \1, fr: \1", vocabulary.read_text(encoding="utf-8")),
                          encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "site", search=False)
    assert str(caught.value) == (
        f"{settings.root}/strings/fr.yaml: no string table for language(s) 'fr': add "
        f"{settings.root}/strings/fr.yaml or {REPO}/themes/default/strings/fr.yaml")


def test_a_vocabulary_without_a_label_in_a_site_language_is_an_error(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    vocabulary = settings.content_path / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    labels = len(re.findall(r", ja: [^,}]+", text))
    vocabulary.write_text(re.sub(r", ja: [^,}]+", "", text), encoding="utf-8")
    with pytest.raises(PressroomError, match=r"vocabulary.yaml:3: category 'trade' has no ja label") as error:
        build_site(settings, tmp_path / "site", search=False)
    # every term at once, not one per build
    problems = error.value.problems
    assert len(problems) == labels > 1
    assert all(problem.message.endswith("has no ja label") and problem.line for problem in problems)


def test_a_single_language_site_builds(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project", '["en"]')
    build_site(settings, tmp_path / "site", search=False)
    site = tmp_path / "site"
    assert not (site / "ko").exists() and not (site / "ja").exists()
    page = head(site / "en" / PAIRED / "index.html")
    assert page.hreflang == [] and page.switch == []  # no other language to name or offer
    assert "Read this release in" not in (site / "en" / PAIRED / "index.html").read_text(encoding="utf-8")
    code = main(["--config", str(settings.root / "pyproject.toml"), "check", "--out", str(site)])
    assert code == 0
