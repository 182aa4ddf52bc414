"""The XML half of the built site's check: feeds (RSS 2.0 as readers need it) and sitemaps.

Read with expat rather than feedparser: it keeps the command free of a runtime dependency and
reports the line of each element; the test suite still reads every feed with feedparser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from xml.parsers import expat

from generator.check.siteview import Site, SiteReport
from generator.errors import Problem

ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    text: list[str] = field(default_factory=list)
    children: list[_Element] = field(default_factory=list)

    def find(self, tag: str) -> _Element | None:
        return next((child for child in self.children if child.tag == tag), None)

    def content(self) -> str:
        return "".join(self.text).strip()


def _parse_xml(data: bytes) -> _Element:
    """A minimal element tree that remembers each element's line (ElementTree forgets it)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    root = _Element("", {}, 0)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = _Element(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = lambda text: stack[-1].text.append(text)
    parser.Parse(data, True)
    return root.children[0]


def check_xml(site: Site, relative: str, report: SiteReport, file: str) -> None:
    try:
        root = _parse_xml((site.out_dir / relative).read_bytes())
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        report.problems.append(Problem(file, error.lineno, f"not well-formed XML: {reason}"))
        return

    def problem(element: _Element, message: str) -> None:
        report.problems.append(Problem(file, element.line, message))

    def link(element: _Element, url: str) -> None:
        if not urlsplit(url.strip()).scheme:  # resolved against the feed's URL, it may look fine
            problem(element, f"{url!r} is relative: a feed's and a sitemap's links must be absolute, "
                             "since a reader has no page to resolve them against (`absolute(url)`)")
            return
        path = site.target(url, site.page_url(relative))
        if path is None:
            problem(element, f"{url!r} is not a URL of this site ({site.base_url})")
            return
        report.links += 1
        why = site.missing(path)
        if why:
            problem(element, f"broken link {url!r}: {why}")

    if root.tag.endswith("urlset"):
        for url in root.children:
            loc = next((c for c in url.children if c.tag.endswith("loc")), None)
            if loc is not None:
                link(loc, loc.content())
        return
    if root.tag != "rss":
        return
    report.feeds += 1
    channel = root.find("channel")
    if root.attrs.get("version") != "2.0" or channel is None:
        problem(root, "an RSS 2.0 feed needs <rss version=\"2.0\"> around one <channel>")
        return
    for name in ("title", "link", "description"):
        child = channel.find(name)
        if child is None or not child.content():
            problem(channel, f"the channel has no <{name}>")
    self_link = next((c for c in channel.children
                      if c.tag == f"{ATOM} link" and c.attrs.get("rel") == "self"), None)
    if self_link is None:
        problem(channel, "the channel has no <atom:link rel=\"self\">")
    elif site.target(self_link.attrs.get("href", ""), "/") != site.page_url(relative):
        problem(self_link, f"atom:link rel=self {self_link.attrs.get('href')!r} is not this feed's URL")
    for item in (c for c in channel.children if c.tag == "item"):
        _check_item(item, problem, link)


def _check_item(item: _Element, problem: Callable[[_Element, str], None],
                link: Callable[[_Element, str], None]) -> None:
    for name in ("title", "link", "guid", "pubDate", "description"):
        child = item.find(name)
        if child is None or not child.content():
            problem(item, f"a feed item has no <{name}>")
        elif name == "title" and "<" in child.content():
            # readers show an RSS title as HTML: plain text must be escaped twice (`|feedtext`)
            problem(child, "the item's <title> reaches readers as markup; write it with |feedtext")
        elif name == "link" or (name == "guid" and child.attrs.get("isPermaLink") != "false"):
            link(child, child.content())
        elif name == "pubDate":
            try:
                parsedate_to_datetime(child.content())
            except (TypeError, ValueError):
                problem(child, f"pubDate {child.content()!r} is not an RFC 822 date")
