"""The minimal theme builds the demo archive into a site that `pressroom check` accepts.

Written against the command line only (`generator.cli.main`): the theme was written from
docs/themes.md, and this test shows a site built with it is complete and consistent.
"""

import json
import re
import shutil
import tomllib
from html import unescape as html_unescape
from pathlib import Path

import feedparser
import pytest
import yaml
from markupsafe import escape

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
THEME = REPO / "themes" / "minimal"


def _with_minimal_theme(pyproject: str) -> str:
    """The demo pyproject.toml with `theme = "minimal"` and `themes_dir` set in [tool.pressroom]."""
    lines = pyproject.splitlines()
    start = lines.index("[tool.pressroom]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    table = [line for line in lines[start + 1:end] if not re.match(r"\s*(theme|themes_dir)\s*=", line)]
    table += ['theme = "minimal"', f"themes_dir = {json.dumps(str(REPO / 'themes'))}"]
    return "\n".join(lines[:start + 1] + table + lines[end:]) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo archive copied to a tmp folder and built with the minimal theme; (project, site)."""
    project = tmp_path_factory.mktemp("minimal")
    shutil.copytree(REPO / "content", project / "content")
    config = project / "pyproject.toml"
    config.write_text(_with_minimal_theme((REPO / "pyproject.toml").read_text(encoding="utf-8")),
                      encoding="utf-8")
    settings = tomllib.loads(config.read_text(encoding="utf-8"))["tool"]["pressroom"]
    assert settings["theme"] == "minimal"
    assert main(["--config", str(config), "build", "--no-search"]) == 0
    return project, project / "site"


def _front_title(markdown: Path) -> str:
    """A release's title from its YAML front matter."""
    _, front, _ = markdown.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front)["title"]


def _release_page(site: Path, markdown: Path, lang: str) -> Path:
    """The built page of a release: en/2024/09/<slug>/index.html for content/en/2024/09/<slug>.md
    (or a page bundle's content/en/2024/09/<slug>/index.md)."""
    if markdown.name == "index.md":
        markdown = markdown.parent.with_suffix(".md")
    relative = markdown.relative_to(REPO / "content" / lang).with_suffix("")
    return site / lang / relative / "index.html"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_release_pages_exist_with_their_titles(built, lang):
    _, site = built
    sources = sorted((REPO / "content" / lang).rglob("*.md"))
    assert sources
    for markdown in sources:
        page = _release_page(site, markdown, lang)
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        title = _front_title(markdown)
        heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
        assert heading and html_unescape(heading.group(1)).strip() == title, (page, title)
        assert f"<title>{escape(title)} — " in html, (page, title)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lists_terms_and_feeds_exist(built, lang):
    _, site = built
    for path in ("index.html", "feed.xml", "categories/index.html", "tags/index.html",
                 "search/index.html", "2024/index.html"):
        assert (site / lang / path).is_file(), path
    categories = [p for p in (site / lang / "category").iterdir() if p.is_dir()]
    tags = [p for p in (site / lang / "tag").iterdir() if p.is_dir()]
    assert categories and tags
    for term in categories + tags:
        assert (term / "index.html").is_file(), term
        assert (term / "feed.xml").is_file(), term
    assert (site / "index.html").is_file() and (site / "404.html").is_file()


def test_every_html_page_is_accessible_and_links_its_feed(built):
    _, site = built
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!doctype html>"), page
        assert re.search(r'<html lang="(en|ko)">', html), page
        assert '<a class="skip" href="#main">' in html and 'id="main"' in html, page
        assert '<link rel="alternate" type="application/rss+xml"' in html, page
        if page.name != "search.html" and "/search/" not in page.as_posix():
            data = r'<script type="application/ld\+json">[^<]*</script>'  # JSON-LD is data, not a program
            assert "<script" not in re.sub(data, "", html), page


def test_release_pages_have_hreflang_and_a_language_switch(built):
    _, site = built
    page = next((site / "en").rglob("2024/*/*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert 'hreflang="en"' in html and 'hreflang="ko"' in html
    assert '<nav class="lang-switch"' in html and "한국어" in html


def test_feeds_parse_without_errors(built):
    _, site = built
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) > 2
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "rss20", path
        assert parsed.feed.title and parsed.feed.link.startswith("http"), path
        for entry in parsed.entries:
            assert entry.link.startswith("http") and entry.title and entry.published, (path, entry)


def test_pressroom_check_passes(built):
    project, _ = built
    assert main(["--config", str(project / "pyproject.toml"), "check"]) == 0


def test_the_theme_uses_only_documented_names_and_no_items_html():
    """Written from docs/themes.md: every name it uses is documented, and it has only the
    templates the docs list plus the base and macros it chose."""
    import importlib

    from generator.site import themedocs
    from generator.site.pages import TEMPLATES
    from generator.site.themecontract import read_model
    from tests.themedocs.usage import check_theme

    contract = read_model(importlib.import_module(themedocs.MODEL))
    assert check_theme(THEME / "templates", contract) == []
    names = {path.name for path in (THEME / "templates").iterdir()}
    assert names == set(TEMPLATES) | {"base.html", "macros.html"}


def test_tags_index_is_grouped_under_translated_group_labels(built):
    _, site = built
    en = (site / "en" / "tags" / "index.html").read_text(encoding="utf-8")
    ko = (site / "ko" / "tags" / "index.html").read_text(encoding="utf-8")
    assert ">Countries and regions</h2>" in en and ">Sectors</h2>" in en
    assert ">국가·지역</h2>" in ko
    release = next((site / "en").rglob("2024/*/*/index.html")).read_text(encoding="utf-8")
    assert "<article data-pagefind-body>" in release
