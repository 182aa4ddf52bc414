"""The built site's half of `pressroom check`: links, assets and hreflang alternates of every
page (feeds and sitemaps: feedcheck.py).

Every HTML file is read with html.parser (which reports each tag's line), every URL resolved the
way a browser would against the page's URL under the base path, and looked up in one listing of
the output folder (siteview.py), so the check stays linear in the size of the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.check.feedcheck import check_xml
from generator.check.siteview import Site, SiteReport
from generator.config import Settings
from generator.errors import Problem
from generator.site.parallel import split_work
from generator.site.search import BUNDLE

URL_ATTRIBUTES = {"href", "src", "srcset", "poster"}


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
        check_xml(site, relative, report, f"{shown_dir}/{relative}")
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
