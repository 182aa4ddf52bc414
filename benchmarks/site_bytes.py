"""Where a built site's bytes go, per family of file, and what that makes per release.

GitHub Pages holds 1 GB, so the measure that matters is bytes per release *all-in*: everything in
site/ divided by the releases of every language. The breakdown says which family to cut:

- release pages: every file of a release's folder ({lang}/YYYY/MM/slug/: its page, bundle files);
  a folder is a release's when its index.html carries the theme contract's `data-pagefind-body`
  (the mark that says "this page is a release, index it"), so no URL pattern is guessed;
- list pages: home pages, their pagination, year and month archives, category and tag pages
  (and the categories/tags indexes);
- feeds: feed.xml and feed.json files (site, category, tag);
- search-index: the static search index (`search-index/`, formerly Pagefind's `pagefind/`);
- data: the open dataset (`data/`) and the data pages ({lang}/data/);
- other: assets, search and stats pages, 404, sitemap, robots.txt, OpenSearch descriptions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

FAMILIES = ("release pages", "list pages", "feeds", "search-index", "data", "other")
RELEASE_MARK = b"data-pagefind-body"
SEARCH_FOLDERS = {"search-index", "pagefind"}
LIST_FOLDERS = {"page", "category", "categories", "tag", "tags"}
YEAR = re.compile(r"\d{4}")


def _release_folders(site: Path) -> set[str]:
    """Folders (relative, POSIX) whose index.html is marked as a release."""
    found = set()
    for page in site.glob("*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"):
        with page.open("rb") as handle:
            if RELEASE_MARK in handle.read():
                found.add(page.parent.relative_to(site).as_posix())
    return found


def family(parts: tuple[str, ...], releases: set[str]) -> str:
    """The family of one file, from its path's parts relative to the site root."""
    name = parts[-1]
    if parts[0] in SEARCH_FOLDERS:
        return "search-index"
    if parts[0] == "data" or (len(parts) > 2 and parts[1] == "data"):
        return "data"
    if len(parts) >= 5 and "/".join(parts[:4]) in releases:
        return "release pages"
    if name in ("feed.xml", "feed.json"):
        return "feeds"
    if name == "index.html" and len(parts) >= 2:
        inner = parts[1:-1]  # below the language folder
        if not inner or inner[0] in LIST_FOLDERS or YEAR.fullmatch(inner[0]):
            return "list pages"
    return "other"


def breakdown(site: Path) -> dict[str, tuple[int, int]]:
    """(files, bytes) per family, every family present (zeros for an empty one)."""
    releases = _release_folders(site)
    totals = {name: [0, 0] for name in FAMILIES}
    for path, _dirs, names in os.walk(site):
        for name in names:
            file = os.path.join(path, name)
            parts = Path(file).relative_to(site).parts
            entry = totals[family(parts, releases)]
            entry[0] += 1
            entry[1] += os.lstat(file).st_size
    return {name: (files, size) for name, (files, size) in totals.items()}


def markdown(sizes: dict[int, dict[str, tuple[int, int]]], tool: str) -> list[str]:
    """The breakdown table: per size, each family's files, MB and bytes per release (both
    languages' releases counted), then the all-in total."""
    if not sizes:
        return []
    lines = [f"Site bytes per release, all-in ({tool}'s cold build; releases = N × 2 languages; "
             "KB = 1,000 bytes):", "", "| N | family | files | MB | KB per release | share |",
             "|---:|---|---:|---:|---:|---:|"]
    for n, families in sorted(sizes.items()):
        total = sum(size for _files, size in families.values()) or 1
        for name, (files, size) in families.items():
            lines.append(f"| {n:,} | {name} | {files:,} | {size / 1e6:.1f} | {size / (2 * n) / 1000:.2f} "
                         f"| {100 * size / total:.0f} % |")
        files = sum(f for f, _size in families.values())
        lines.append(f"| {n:,} | **all-in** | {files:,} | {total / 1e6:.1f} | "
                     f"**{total / (2 * n) / 1000:.2f}** | 100 % |")
    return [*lines, ""]
