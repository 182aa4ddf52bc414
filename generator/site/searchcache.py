"""Search, index side: each page's indexed terms, kept between builds and read again only when
the page changed.

Reading a page for search (generator/site/searchtext.py) costs more than writing the index from
what was read; so what each page gave is kept in the cache folder, under the page's hash as the
build recorded it, and a build that changed one release reads that one page again, never the
archive. The Korean words analysed so far are kept beside it (koreansearch.Analyser.known).

Both files are replaced atomically, and an entry is trusted only for the hash it was made from:
a killed build leaves either the old file or the new one, each true to its pages. Files written
by other reading code (another version of these modules, of kiwipiepy, of Python's marshal) are
not trusted: every page is read again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.site import kiwiprocess, koreansearch, searchquery, searchtext
from generator.site.searchindex import json_bytes, write_file

PAGES = "pages.marshal"  # marshal: ten times faster to load than JSON for 100,000 small dicts
WORDS = "words.json"


@dataclass(frozen=True)
class PageEntry:
    """What one page gave the index: `digest` the page's hash; `marked` whether its text came
    from a `data-pagefind-body` element; `lang`, `title` and term `weights` (searchtext.py);
    `lang` empty for a page with nothing to index."""

    digest: str
    marked: bool
    lang: str
    title: str
    weights: dict[str, int]


def signature() -> str:
    """What the entries depend on besides the pages: the reading code, the analyser, Python."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for module in (kiwiprocess, koreansearch, searchquery, searchtext):
        digest.update(Path(module.__file__ or "").read_bytes())
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            digest.update(f"\0{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{package} missing".encode())
    return digest.hexdigest()


def load(folder: Path) -> dict[str, PageEntry]:
    """The entries kept in `folder`, by page path; none when missing, damaged or made by other
    code. The remembered Korean words go to the analyser."""
    try:
        data = marshal.loads((folder / PAGES).read_bytes())
        if data["signature"] != signature():
            return {}
        entries = {path: PageEntry(*fields) for path, fields in data["pages"].items()}
    except Exception:  # noqa: BLE001 - marshal raises anything on a damaged file; read pages again
        return {}
    try:
        words = json.loads((folder / WORDS).read_bytes())
        koreansearch.ANALYSER.remember({str(k): str(v) for k, v in words.items()})
    except (OSError, ValueError, AttributeError):
        pass  # none yet, or damaged: the words are analysed again
    return entries


def save(folder: Path, entries: dict[str, PageEntry]) -> None:
    """Keep `entries` (and the analyser's words) for the next build."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = {path: (e.digest, e.marked, e.lang, e.title, e.weights) for path, e in sorted(entries.items())}
    write_file(folder / PAGES, marshal.dumps({"signature": signature(), "pages": pages}))
    known = koreansearch.ANALYSER.known()
    write_file(folder / WORDS, json_bytes(known))


def page_digest(data: bytes) -> str:
    """A page's hash as the build records it (generator/site/parallel.py)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def html_pages(site: Path) -> Iterator[str]:
    """Every HTML file under `site`, as a relative POSIX path; dot-folders (staging) skipped."""
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = os.path.relpath(folder, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(files):
            if name.endswith(".html"):
                yield prefix + name
