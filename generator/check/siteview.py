"""The built site as `pressroom check` sees it: a set of files, how URLs map onto them, and
the report the checks of pages (sitecheck.py) and feeds (feedcheck.py) fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.errors import Problem
from generator.site.search import BUNDLE


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
    # built without its search index (`build --no-search`): search-index/ is made by the next build
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
        # the same for any theme: a search page links search-index/pressroom-search.js whether or not
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
