"""What the search tests share: a release's indexed text read from its HTML (the truth a search
is compared with, found without the index), and the search page driven in Chromium.

The indexed text is the element marked `data-pagefind-body` less its `data-pagefind-ignore`
parts, `<script>` and `<style>` (SEARCH.md); blocks are kept apart by a space, as the search
page's script keeps them apart when it reads a result page for its excerpt.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
          "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre",
          "section", "table", "td", "th", "tr", "ul"}
RELEASES = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
BOX = "[data-pressroom-search]"
RESULT_LINKS = "els => els.map(a => new URL(a.href).pathname)"
ANSWERED = "box => ['done', 'unavailable'].includes(document.querySelector(box).dataset.state)"


class _Indexed(HTMLParser):
    """Collects the text of the marked element, less what the index leaves out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside the marked one (the marked one included)
        self.skipped = 0  # open elements inside a left-out part (the part included)
        self.parts: list[str] = []
        self.title: str | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if self.depth and tag in BLOCKS:
            self.parts.append(" ")
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
            if self.skipped or "data-pagefind-ignore" in names or tag in ("script", "style"):
                self.skipped += 1
            elif tag == "h1" and self.title is None and self._heading is None:
                self._heading = []
        elif "data-pagefind-body" in names:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.depth:
            return
        self.depth -= 1
        self.skipped = max(0, self.skipped - 1)
        if tag == "h1" and self._heading is not None:
            self.title, self._heading = " ".join("".join(self._heading).split()), None
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipped:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


def indexed(page: Path) -> tuple[str, str | None]:
    """A page's indexed text (whitespace collapsed) and its title (the first `<h1>` in it)."""
    parser = _Indexed()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split()), parser.title


def releases_with(site: Path, lang: str, pattern: str, base_path: str) -> set[str]:
    """The link paths of one language's releases whose indexed text matches `pattern`."""
    return {base_path + page.parent.relative_to(site).as_posix() + "/"
            for page in (site / lang).glob(RELEASES)
            if re.search(pattern, indexed(page)[0], re.IGNORECASE)}


def wait_done(page: Any, timeout: float = 30_000) -> None:
    """Until the search box has answered (results and message shown) or found no index."""
    page.wait_for_function(ANSWERED,
                           arg=BOX, timeout=timeout)


def load_all(page: Any, timeout: float = 30_000) -> None:
    """Press "more" until every result is listed."""
    while page.query_selector(".pressroom-search__more") is not None:
        shown = page.locator(".pressroom-search__result").count()
        page.click(".pressroom-search__more")
        page.wait_for_function("n => document.querySelectorAll('.pressroom-search__result').length > n",
                               arg=shown, timeout=timeout)


def wait_excerpts(page: Any, timeout: float = 30_000) -> None:
    """Until every listed result shows its excerpt (read from the release page)."""
    page.wait_for_function("() => [...document.querySelectorAll('.pressroom-search__excerpt')]"
                           ".every(p => p.textContent.trim())", timeout=timeout)


def search_in_browser(page: Any, url: str, query: str) -> tuple[list[str], str]:
    """Type a query in the search page; return every result's link path and the message."""
    page.goto(url)
    page.fill(".pressroom-search__input", query)
    wait_done(page)
    load_all(page)
    links = page.eval_on_selector_all(".pressroom-search__link", RESULT_LINKS)
    return links, page.inner_text(".pressroom-search__message")
