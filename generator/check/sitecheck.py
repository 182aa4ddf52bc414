"""The built site's half of `pressroom check`: links, assets, hreflang alternates, feeds.

Every HTML file is read with html.parser (which reports each tag's line), every URL resolved the
way a browser would against the page's URL under the base path, and looked up in one listing of
the output folder, so the check stays linear in the size of the site. Feeds and the sitemap are
read with expat rather than feedparser: it keeps the command free of a runtime dependency and
reports the line of each element, which feedparser cannot; the test suite still reads every feed
with feedparser as a second, independent client.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.parsers import expat

from generator.config import Settings
from generator.errors import Problem
from generator.site.parallel import split_work
from generator.site.search import BUNDLE

ATOM = "http://www.w3.org/2005/Atom"
URL_ATTRIBUTES = {"href", "src", "srcset", "poster"}


@dataclass
class SiteReport:
    pages: int = 0
    links: int = 0
    feeds: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    """The output folder as a set of files, and how URLs map onto it."""

    out_dir: Path
    files: frozenset[str]  # paths relative to out_dir, forward slashes
    base_url: str
    base_path: str
    # built without its search index (`build --no-search`): pagefind/ is made by the next build
    # that indexes, so links into it are not this site's to check yet
    searchless: bool = False

    def page_url(self, relative: str) -> str:
        """The URL a file is served at: `en/index.html` → `/base/en/`."""
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return self.base_path + relative

    def target(self, url: str, page_url: str) -> str | None:
        """The site path a URL points at, or None when it is not ours to check."""
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            if parts.scheme not in ("http", "https", ""):
                return None  # mailto:, data:, tel: …
            if not (url.startswith(self.base_url) or url.startswith(self.base_url.split(":", 1)[1])):
                return None  # another host: not ours
            path = urlsplit(url).path
        else:
            path = urlsplit(urljoin(page_url, url)).path
        # the same for any theme: a search page links pagefind/pagefind-ui.js whether or not
        # this build indexed the site
        if path.startswith(f"{self.base_path}{BUNDLE}/") and self.searchless:
            return None
        return path

    def file_of(self, path: str) -> str | None:
        """The file a site path is served from (a folder without its slash redirects, as on
        GitHub Pages), or None."""
        if not path.startswith(self.base_path):
            return None
        relative = unquote(path[len(self.base_path):])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        for candidate in (relative, f"{relative}/index.html"):
            if candidate in self.files:
                return candidate
        return None

    def missing(self, path: str) -> str | None:
        """Why a site path does not resolve to a file, or None when it does."""
        if not path.startswith(self.base_path):
            return f"leaves the site's base path {self.base_path}"
        return None if self.file_of(path) else "no such file in the built site"


class _PageReader(HTMLParser):
    """Collects every URL a page refers to and its hreflang alternates, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str]] = []  # line, tag, url
        self.alternates: list[tuple[int, str, str]] = []  # line, hreflang, url
        self.ids: set[str] = set()  # fragment targets

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in URL_ATTRIBUTES & values.keys():
            if name == "srcset":
                for candidate in values[name].split(","):
                    if candidate.strip():
                        self.urls.append((line, tag, candidate.split()[0]))
            else:
                self.urls.append((line, tag, values[name].strip()))
        rel = values.get("rel", "").lower().split()
        if tag == "link" and "alternate" in rel and "hreflang" in values and "href" in values:
            self.alternates.append((line, values["hreflang"], values["href"].strip()))


def _listing(out_dir: Path) -> frozenset[str]:
    files = []
    for folder, _dirs, names in os.walk(out_dir):
        prefix = Path(folder).relative_to(out_dir).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        files.extend(prefix + name for name in names)
    return frozenset(files)


def _as_page(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def check_site(settings: Settings, out_dir: Path, shown_dir: str) -> SiteReport:
    """Check the site in out_dir; problems name files as `shown_dir/relative path`."""
    report = SiteReport()
    if not (out_dir / "index.html").is_file():
        report.problems.append(Problem(shown_dir, None, "no built site here; run `pressroom build` first"))
        return report
    site = Site(out_dir, _listing(out_dir), settings.base_url, settings.base_path,
                searchless=not (out_dir / BUNDLE).is_dir())
    pages = sorted(relative for relative in site.files if relative.endswith(".html"))
    # Parsing is the heavy part: two processes share it on large sites (see generator.site.parallel).
    results = sorted(split_work(lambda chunk: [_read_page(site, r, shown_dir) for r in chunk], pages),
                     key=lambda result: result.relative)
    ids = {result.relative: result.ids for result in results}
    alternates = {result.page_url: result.alternates for result in results if result.page_url is not None}
    listed = {page: {other for _, _, other in links} for page, links in alternates.items()}
    for result in results:
        report.pages += 1
        report.links += result.links
        report.problems.extend(result.problems)
        for file, line, target, fragment in result.wanted:
            if fragment not in ids.get(target, ()):
                report.problems.append(Problem(file, line, f"broken link: {target} has no element with "
                                                           f"id {fragment!r}"))
        for file, line, other in result.alternates:
            if other != result.page_url and other in listed and result.page_url not in listed[other]:
                report.problems.append(Problem(file, line, f"hreflang alternate {other} does not list "
                                                           f"this page ({result.page_url}) back"))
    for relative in sorted(r for r in site.files if r.endswith(".xml")):
        _check_xml(site, relative, report, f"{shown_dir}/{relative}")
    return report


@dataclass
class _PageResult:
    """What one HTML file contributes; small, so it travels back from a worker process."""

    relative: str
    page_url: str | None  # None for the 404 page, which is served at any address
    links: int = 0
    problems: list[Problem] = field(default_factory=list)
    alternates: list[tuple[str, int, str]] = field(default_factory=list)  # file, line, alternate page
    ids: set[str] = field(default_factory=set)  # fragment targets on this page
    wanted: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, line, target, id


def _read_page(site: Site, relative: str, shown_dir: str) -> _PageResult:
    file = f"{shown_dir}/{relative}"
    result = _PageResult(relative, None if relative == "404.html" else site.page_url(relative))
    reader = _PageReader()
    try:
        reader.feed((site.out_dir / relative).read_text(encoding="utf-8"))
        reader.close()
    except UnicodeDecodeError as error:
        result.problems.append(Problem(file, None, f"not UTF-8 ({error.reason})"))
        return result
    page_url = site.page_url(relative)
    for line, tag, url in reader.urls:
        path = site.target(url, page_url)
        if path is None:
            continue
        result.links += 1
        why = site.missing(path)
        if why:
            result.problems.append(Problem(file, line, f"broken link <{tag}> {url!r} → {path}: {why}"))
            continue
        fragment = unquote(urlsplit(url).fragment)
        target = site.file_of(path)
        if fragment and target and target.endswith(".html"):
            result.wanted.append((file, line, target, fragment))
    result.ids = reader.ids
    if result.page_url is not None:
        for line, _lang, url in reader.alternates:
            path = site.target(url, page_url)
            if path is not None:
                result.alternates.append((file, line, _as_page(unquote(path))))  # as page_url
    return result


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


def _check_xml(site: Site, relative: str, report: SiteReport, file: str) -> None:
    try:
        root = _parse_xml((site.out_dir / relative).read_bytes())
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        report.problems.append(Problem(file, error.lineno, f"not well-formed XML: {reason}"))
        return

    def problem(element: _Element, message: str) -> None:
        report.problems.append(Problem(file, element.line, message))

    def link(element: _Element, url: str) -> None:
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
        elif name == "link" or (name == "guid" and child.attrs.get("isPermaLink") != "false"):
            link(child, child.content())
        elif name == "pubDate":
            try:
                parsedate_to_datetime(child.content())
            except (TypeError, ValueError):
                problem(child, f"pubDate {child.content()!r} is not an RFC 822 date")
