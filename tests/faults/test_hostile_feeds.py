"""Hostile titles, summaries and links through the real build, read the way readers read them:
feeds with a real XML parser and with feedparser (its sanitized view), pages with an HTML parser.
No text from content may reach a reader as markup, and no link or image may point anywhere but
http, https, mailto or a relative URL."""

from __future__ import annotations

import html
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from generator.cli import main
from generator.content.bodies import BodyConverter
from generator.content.frontmatter import parse_release
from generator.site.families.feed_pages import absolutize
from tests.golden.regenerate import fixture_settings

BASE = "https://example.github.io/pressroom/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
TITLES = {
    "img": "T <img src=x onerror=alert(1)>",
    "mixed": "R&D &amp; <b>bold</b> ]]> <![CDATA[ x &lt;script&gt;",
}
SUMMARY = "S <script>alert(1)</script> & &amp; <a href=javascript:alert(2)>x</a>"
HOSTILE_LINKS = [
    "[js](javascript:alert(1))", "[case](JaVaScRiPt:alert(2))", "[dec](&#106;avascript:alert(3))",
    "[hex](&#x6A;avascript:alert(4))", "[named](javascript&colon;alert(5))", "[lead]( javascript:alert(6))",
    "[tab](java\tscript:alert(7))", "[vb](vbscript:msgbox(8))", "[file](file:///etc/passwd)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)", "[angle](<javascript:alert(10)>)",
    "[ref][bad]", "[bad]", "![img](javascript:alert(11))",
    "![svg](data:image/svg+xml,<svg onload=alert(12)>)", "![imgref][badimg]", "<ftp://example.org/x>",
    "[nl](java&#10;script:alert(13))",
]
GOOD_LINKS = {"[web](https://example.org/)": "https://example.org/",
              "[mail](mailto:press@example.org)": "mailto:press@example.org"}
BODY = ("Links: " + " ".join(HOSTILE_LINKS) + "\n\nFine: " + " ".join(GOOD_LINKS) +
        "\n\n[bad]: javascript:alert(14)\n[badimg]: data:image/png;base64,AAAA\n")


def release_text(key: str, day: int) -> str:
    quoted = TITLES[key].replace("'", "''")
    return (f"---\ntitle: '{quoted}'\ndate: 2024-04-{day}\nlang: en\ncategory: industry\ntags: [ai]\n"
            f"slug: hostile-{key}\ntranslation_key: 2024-04-{day}-hostile-{key}\n"
            f"summary: '{SUMMARY}'\n---\n\n{BODY}")


@pytest.fixture(scope="module", params=["default", "minimal"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The golden fixture plus two hostile releases, built with the theme; (theme, site folder)."""
    project = tmp_path_factory.mktemp(f"hostile-{request.param}")
    fixture_settings(project)
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("feed_size = 3", "feed_size = 50")
                      .replace('theme = "default"', f'theme = "{request.param}"'), encoding="utf-8")
    for day, key in enumerate(TITLES, 28):
        file = project / f"content/en/2024/04/hostile-{key}.md"
        file.write_text(release_text(key, day), encoding="utf-8")
    assert main(["--config", str(config), "build", "--no-search"]) == 0
    return request.param, project / "site"


def scheme(url: str) -> str:
    """A URL's scheme as a browser finds it (WHATWG URL parsing): controls and spaces around it
    and tabs and newlines inside it ignored; "" for a relative URL."""
    url = re.sub("[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


class Elements:
    """The elements of an HTML text, with attribute values decoded as a browser decodes them."""

    def __init__(self, text: str) -> None:
        from html.parser import HTMLParser

        found: list[tuple[str, dict[str, str]]] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found.append((tag, {name: value or "" for name, value in attrs}))

        parser = Parser()
        parser.feed(text)
        parser.close()
        self.found = found

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.found]

    def targets(self) -> list[str]:
        """Every URL a reader can follow or load, but the theme's own icon link (`data:,`, which
        keeps browsers from asking the host root for /favicon.ico)."""
        return [attrs[name] for tag, attrs in self.found for name in ("href", "src", "action")
                if name in attrs and not (tag == "link" and attrs.get("rel") == "icon")]


def assert_safe_html(text: str, *, theme_page: bool = False) -> None:
    """No link or image to a disallowed scheme, no event handler; no active element either,
    unless `text` is a whole page (where the theme's own search script is expected)."""
    elements = Elements(text)
    if not theme_page:
        assert not {"script", "iframe", "object", "embed", "svg"} & set(elements.tags()), text
    bad = [url for url in elements.targets() if scheme(url) not in ("", "http", "https", "mailto")]
    assert not bad, bad
    assert not [attrs for _, attrs in elements.found if any(name.startswith("on") for name in attrs)]


def as_text(html_text: str) -> str:
    """What a reader shows for an element it reads as HTML: that HTML must hold no element."""
    assert not Elements(html_text).found, html_text
    return html.unescape(html_text)


def hostile_items(channel: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {item.findtext("link", "").rstrip("/").rsplit("-", 1)[-1]: item for item in channel.iter("item")
            if "/hostile-" in item.findtext("link", "")}


def test_feed_text_reaches_readers_as_the_literal_text(site: tuple[str, Path]) -> None:
    theme, folder = site
    feeds = sorted(folder.rglob("feed.xml"))
    assert feeds
    seen = 0
    for path in feeds:
        channel = ElementTree.parse(path).getroot().find("channel")
        assert channel is not None
        as_text(channel.findtext("title", "")) and as_text(channel.findtext("description", ""))
        for key, item in hostile_items(channel).items():
            seen += 1
            assert as_text(item.findtext("title", "")) == TITLES[key]
            if theme == "default":  # the summary in <description>, the body in <content:encoded>
                assert as_text(item.findtext("description", "")) == SUMMARY
    assert seen >= 4  # both releases, in the language's, the category's and the tag's feed


def test_feedparser_sanitized_view_holds_no_markup_from_content(site: tuple[str, Path]) -> None:
    _, folder = site
    parsed = feedparser.parse((folder / "en/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {entry.link.rstrip("/").rsplit("-", 1)[-1]: entry
               for entry in parsed.entries if "/hostile-" in entry.link}
    assert sorted(entries) == sorted(TITLES)
    for key, entry in entries.items():
        detail = entry.title_detail
        shown = entry.title if detail.type == "text/plain" else as_text(entry.title)
        assert shown == TITLES[key], (detail.type, entry.title)
        fields = [entry.title, entry.summary, *(content.value for content in entry.get("content", []))]
        for value in fields:
            assert "<img" not in value and "<script" not in value and "<b>" not in value, value
            assert_safe_html(value)


def test_links_on_pages_only_to_allowed_targets(site: tuple[str, Path]) -> None:
    _, folder = site
    pages = sorted(folder.rglob("*.html"))
    assert pages
    for page in pages:
        assert_safe_html(page.read_text(encoding="utf-8"), theme_page=True)
    page = (folder / "en/2024/04/hostile-img/index.html").read_text(encoding="utf-8")
    targets = Elements(page).targets()
    assert set(GOOD_LINKS.values()) <= set(targets)
    shown = html.unescape(page)
    for link in HOSTILE_LINKS:  # the Markdown stays as text the reader can see
        visible = link.split("](", 1)[0] + "]" if "](" in link else link
        assert visible in shown, visible


def test_feed_content_is_the_pages_html(site: tuple[str, Path]) -> None:
    """One sanitized HTML for a body, on its page and in every feed (links made absolute there)."""
    theme, folder = site
    release = parse_release(release_text("img", 28), "en/2024/04/hostile-img.md")
    body = BodyConverter()(release.body)
    assert "javascript" in body and "<a href=\"javascript" not in body
    assert body in (folder / "en/2024/04/hostile-img/index.html").read_text(encoding="utf-8")
    url = BASE + "en/2024/04/hostile-img/"
    channel = ElementTree.parse(folder / "en/feed.xml").getroot().find("channel")
    assert channel is not None
    item = hostile_items(channel)["img"]
    content = item.findtext(f"{{{CONTENT}}}encoded") if theme == "default" else item.findtext("description")
    assert content == absolutize(body, url)
    assert_safe_html(content or "")


def test_hostile_link_forms_render_as_text() -> None:
    """Each disguise alone, straight through the body renderer both build and feeds use."""
    convert = BodyConverter()
    for link in HOSTILE_LINKS:
        out = convert(link + "\n\n[bad]: javascript:x\n[badimg]: data:x\n")
        assert "<a " not in out and "<img" not in out, (link, out)
    for link, target in GOOD_LINKS.items():
        assert f'href="{target}"' in convert(link)
    assert '<img alt="i" loading="lazy" src="pic.png"' in convert("![i](pic.png)")
    assert 'href="../x/"' in convert("[r](../x/)") and 'href="#top"' in convert("[t](#top)")


def test_every_feed_of_both_themes_is_well_formed_xml(site: tuple[str, Path]) -> None:
    _, folder = site
    for path in sorted(folder.rglob("*.xml")):
        ElementTree.parse(path)  # raises on anything not well-formed


def test_titles_are_escaped_twice_in_the_xml(site: tuple[str, Path]) -> None:
    theme, folder = site
    text = (folder / "en/feed.xml").read_text(encoding="utf-8")
    assert "<title>T &amp;lt;img src=x onerror=alert(1)&amp;gt;</title>" in text, theme



def test_check_names_a_feed_title_escaped_once(site: tuple[str, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A theme that forgets `|feedtext` is caught by `pressroom check`, with the feed's line."""
    _, folder = site
    feed = folder / "en/feed.xml"
    good = feed.read_bytes()
    once = good.replace(b"T &amp;lt;img src=x onerror=alert(1)&amp;gt;",
                        b"T &lt;img src=x onerror=alert(1)&gt;")
    assert once != good
    config = str(folder.parent / "pyproject.toml")
    try:
        feed.write_bytes(once)
        assert main(["--config", config, "check"]) == 1
        line = once[: once.index(b"T &lt;img")].count(b"\n") + 1
        out = capsys.readouterr().out
        assert re.search(rf"en/feed\.xml:{line}: the item's <title> reaches readers as markup", out), out
    finally:
        feed.write_bytes(good)
    assert main(["--config", config, "check"]) == 0, capsys.readouterr().out
