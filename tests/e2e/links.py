"""A link checker for a built site: every internal link and asset of every HTML page must land.

It reads the files, not a server, so it is fast and exact: each URL is resolved against the URL
the page is served at (base URL + its path), must stay below the base path, and must name a file
that exists (a folder URL names its index.html; a #fragment names an id on the target page).
Links between pages must carry no host, so the same build works from a mirror or a preview
server; canonical, alternate and Open Graph URLs must instead be absolute, under the base URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

# Attributes that make the browser fetch something, or take the reader somewhere.
URL_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("img", "src"), ("script", "src"), ("iframe", "src"),
    ("source", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("embed", "src"), ("object", "data"), ("form", "action"), ("input", "src"),
}
SRCSET_TAGS = {"img", "source"}
# <link> relations whose href is fetched or navigated like a link between pages.
FETCHED_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "prefetch",
                     "modulepreload", "mask-icon", "next", "prev", "search", "license", "author"}
# <link> relations and <meta> properties that must be absolute URLs: canonical by its RFC, and
# hreflang alternates by what search engines accept; a feed's alternate link may be relative.
ABSOLUTE_LINK_RELS = {"canonical"}
ABSOLUTE_META = {"og:url", "og:image", "twitter:image"}
NAVIGATION_TAGS = {"a", "area", "form"}
IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript"}
# 404.html is served at any unknown URL: resolving its links from a deep one exposes relative links.
NOT_FOUND_PROBE = "no/such/page/at/all/"


@dataclass(frozen=True)
class Problem:
    page: str  # the page's file, relative to the site folder
    url: str  # the URL as written in the page
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url!r}: {self.reason}"


@dataclass(frozen=True)
class Reference:
    url: str
    must_be_absolute: bool  # canonical, hreflang alternates, og:url
    navigation: bool  # a place the reader goes (may leave the site), not an asset
    may_carry_host: bool = False  # a feed's alternate link: absolute or relative, both fine


@dataclass
class ParsedPage:
    references: list[Reference] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base_href: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        refs = self.page.references
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "base" and "href" in values and self.page.base_href is None:
            self.page.base_href = values["href"]
        for name, value in values.items():
            if (tag, name) in URL_ATTRIBUTES and value.strip():
                refs.append(Reference(value.strip(), False, tag in NAVIGATION_TAGS))
        if tag in SRCSET_TAGS and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    refs.append(Reference(candidate.split()[0], False, False))
        if tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if rels & ABSOLUTE_LINK_RELS or ("alternate" in rels and "hreflang" in values):
                refs.append(Reference(values["href"], True, True))
            elif "alternate" in rels:
                refs.append(Reference(values["href"], False, True, may_carry_host=True))
            elif rels & FETCHED_LINK_RELS:
                refs.append(Reference(values["href"], False, bool(rels & {"next", "prev"})))
        if tag == "meta":
            if values.get("property", values.get("name", "")) in ABSOLUTE_META and values.get("content"):
                refs.append(Reference(values["content"], True, True))
            refresh = re.match(r"\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.I)
            if values.get("http-equiv", "").lower() == "refresh" and refresh:
                refs.append(Reference(refresh.group(1), False, True))


def parse_page(path: Path) -> ParsedPage:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def page_url(site_dir: Path, file: Path, base_url: str) -> str:
    """The URL a file is served at: a folder's index.html at the folder's URL."""
    relative = file.relative_to(site_dir).as_posix()
    if relative == "404.html":
        return base_url + NOT_FOUND_PROBE
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return base_url + quote(relative)


def target_file(site_dir: Path, base_url: str, url: str) -> tuple[Path | None, str | None]:
    """The file an absolute URL of this site names, or why it names none."""
    parts, base = urlsplit(url), urlsplit(base_url)
    path = unquote(parts.path)
    if not path.startswith(base.path):
        return None, f"outside the base path {base.path}"
    relative = path[len(base.path):]
    if ".." in relative.split("/"):
        return None, "climbs out of the site"
    target = site_dir / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    elif target.is_dir():
        return None, "names a folder without its trailing slash"
    if not target.is_file():
        return None, f"no file {target.relative_to(site_dir).as_posix()}"
    return target, None


def check_links(site_dir: Path, base_url: str) -> list[Problem]:
    """Every problem with the links and assets of every HTML page under `site_dir`."""
    base = urlsplit(base_url)
    origin = f"{base.scheme}://{base.netloc}"
    pages = {file: parse_page(file) for file in sorted(site_dir.rglob("*.html"))}
    problems: list[Problem] = []
    for file, page in pages.items():
        name = file.relative_to(site_dir).as_posix()
        here = urljoin(page_url(site_dir, file, base_url), page.base_href or "")
        for ref in page.references:
            scheme = urlsplit(ref.url).scheme.lower()
            if scheme in IGNORED_SCHEMES:
                continue
            written = urlsplit(ref.url)
            absolute = urljoin(here, ref.url)
            parts = urlsplit(absolute)
            own_host = f"{parts.scheme}://{parts.netloc}" == origin
            if ref.must_be_absolute and not (written.scheme and written.netloc):
                problems.append(Problem(name, ref.url, "must be an absolute URL"))
                continue
            if not (ref.must_be_absolute or ref.may_carry_host) and written.netloc:
                if own_host:
                    problems.append(Problem(name, ref.url, "carries a host; links between pages must not"))
                elif not ref.navigation:
                    problems.append(Problem(name, ref.url, "loads an asset from another host"))
                continue
            if not own_host:
                if not ref.navigation:
                    problems.append(Problem(name, ref.url, "loads an asset from another host"))
                continue
            if ref.url.startswith("#") and page.base_href is None:
                target, reason = file, None  # within the page, wherever it is served
            else:
                target, reason = target_file(site_dir, base_url, absolute)
            if reason:
                problems.append(Problem(name, ref.url, reason))
                continue
            fragment = unquote(parts.fragment)
            if fragment and fragment != "top" and target is not None and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if fragment not in ids:
                    problems.append(Problem(name, ref.url, f"no element with id {fragment!r} on the target"))
    return problems


def check_sitemap(site_dir: Path, base_url: str) -> list[Problem]:
    """The sitemap lists absolute URLs of pages that exist; robots.txt points at the sitemap."""
    problems: list[Problem] = []
    try:
        root = ElementTree.parse(site_dir / "sitemap.xml").getroot()
    except (OSError, ElementTree.ParseError) as error:
        return [Problem("sitemap.xml", "", f"unreadable: {error}")]
    locations = [loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    if not locations:
        problems.append(Problem("sitemap.xml", "", "lists no URL in the sitemaps.org namespace"))
    for location in locations:
        if not location.startswith(base_url):
            problems.append(Problem("sitemap.xml", location, f"not under the base URL {base_url}"))
            continue
        _, reason = target_file(site_dir, base_url, location)
        if reason:
            problems.append(Problem("sitemap.xml", location, reason))
    robots_file = site_dir / "robots.txt"
    robots = robots_file.read_text(encoding="utf-8") if robots_file.is_file() else ""
    if f"Sitemap: {base_url}sitemap.xml" not in robots.splitlines():
        problems.append(Problem("robots.txt", "", f"has no line 'Sitemap: {base_url}sitemap.xml'"))
    return problems
