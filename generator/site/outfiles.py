"""The plan of one output file, apart from what its template sees; URLs; partial-build scopes.

An OutputFile says where a file goes, how it is made (a template, or "copy", "text", "sitemap" …
for files made in Python), its language and its group (what a partial build must plan to
reproduce it), and holds the theme-facing page object (generator/site/pages.py) for template
files, or the means to make it when it is signed or rendered (Deferred: release pages), or plain
data for the others. Its signature, a hash of all that, changes exactly when its
output can change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from generator.content.files import read_file, release_text
from generator.content.frontmatter import split_front_matter
from generator.content.markup import RENDERING, mode_of
from generator.errors import ContentError
from generator.site.model import serialise
from generator.site.pages import Page

_PLAIN = re.compile(r"[a-z0-9_./-]*")
ALL = "all"  # the group of files every build plans
STATS = "stats"  # the stats pages: planned when a change can move a count (generator/incremental/scope.py)


# What the sitemap says of a page: its URL, its hreflang alternates (language, URL), and its
# `lastmod` (ISO date; "" where there is none). generator/site/sitemap.py writes it.
SitemapEntry = tuple[str, tuple[tuple[str, str], ...], str]


def file_digest(data: bytes) -> str:
    """An output file's hash as the build records it; the search index and the dataset's line
    cache find what they kept of a file by it."""
    hasher = file_hasher()
    hasher.update(data)
    return hasher.hexdigest()


def file_hasher() -> hashlib.blake2b:
    """file_digest fed piece by piece, for a file never held whole (the dataset's JSONL); the
    one place that names the hash."""
    return hashlib.blake2b(digest_size=16)


def in_blocks(pieces: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The pieces joined into blocks of at least `size` bytes (the last may be smaller)."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer.clear()
            held = 0
    if buffer:
        yield b"".join(buffer)


class Deferred(NamedTuple):
    """A page made when it is signed or rendered, not when it is planned. A release page's own
    model (its release with translations, related releases, JSON-LD and citation: a few KB each)
    would otherwise be held for every release from planning to the end of the build, and copied
    again into each forked worker that touches it; made in the worker that renders it, it lives
    as long as its rendering. What the build needs of the page before then is kept here."""

    make: Callable[[], Page]  # the page; equal every time it is called (a signature depends on it)
    lang: str
    bodies: tuple[str, ...]  # the keys of the rendered bodies it shows (OutputFile.bodies)
    sitemap: SitemapEntry | None  # what the sitemap says of it (generator.site.sitemap.sitemap_entry)


class OutputFile(NamedTuple):
    """One output file. A named tuple rather than a frozen dataclass: a large site plans tens of
    thousands, and a frozen dataclass's __init__ costs several times more."""

    path: str  # relative to the site root
    url: str  # the file's URL relative to the base URL, percent-encoded
    kind: str  # a theme template, or "text" / "copy" / "sitemap" … for files made in Python
    lang: str | None
    # what the template sees; None for files made in Python, but a JSON Feed's (made from its
    # page); Deferred where it is made when needed (OutputFile.made)
    page: Page | Deferred | None
    data: Any = None  # what a file made in Python is made from
    # What a partial build must plan to reproduce this file: "release:<content path>" for a
    # release's page, "<kind>:<id>" for a category's or tag's pages and feeds, else ALL.
    group: str = ALL

    def made(self) -> OutputFile:
        """This file with its page made, if its plan deferred it; else this file."""
        page = self.page
        return self._replace(page=page.make()) if isinstance(page, Deferred) else self

    def signature(self, fingerprint: str) -> str:
        page = self.page.make() if isinstance(self.page, Deferred) else self.page
        shown = serialise(page) if page is not None else repr(self.data).encode("utf-8")
        text = f"{fingerprint}\0{self.path}\0{self.kind}\0{self.lang}\0".encode()
        return hashlib.blake2b(text + shown, digest_size=16).hexdigest()

    def bodies(self) -> tuple[str, ...]:
        """The keys of the rendered bodies its template shows (or, for the dataset's JSONL, its
        rows hold: generator/site/dataset.py)."""
        if self.kind == "export":
            return tuple(key for _, key in self.data.bodies)
        if isinstance(self.page, Deferred):
            return self.page.bodies
        return self.page._bodies() if self.page is not None else ()


def url_of(path: str) -> str:
    # most paths are plain ASCII ids and slugs that need no quoting; quote() is slow
    return path if _PLAIN.fullmatch(path) else quote(path, safe="/")


def body_key(body: str) -> str:
    """The key of a body's HTML in the cache: its Markdown, and the code that renders it."""
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16, key=RENDERING).hexdigest()


def markdown_hash(key: str) -> str:
    """The hash of the Markdown alone in a body key (Gathered.body_keys): without the rendering
    mode in front (generator.content.markup.mode_of) or the page bundle's image sizes behind
    (generator.site.gather.bundle_body_key), so a file read again can be checked against it."""
    return mode_of(key)[1].partition(".")[0]


def source_markdown(content: Path, path: str, key: str) -> str:
    """A release's Markdown body, read again from its file `path` (relative to `content`): the
    build keeps bodies in the body cache, not in memory. A file edited while the build ran is
    an error, never a body that does not fit its key."""
    body = split_front_matter(release_text(read_file(str(content / path), path), path), path)[1]
    if body_key(body) != markdown_hash(key):
        raise ContentError(path, None, "the file changed while the site was being built; build again")
    return body


def term_path(lang: str, kind: str, term_id: str) -> str:
    """A category's or tag's list page (`en/category/trade/`); its feed is `feed.xml` in it."""
    return f"{lang}/{kind}/{term_id}/"


def page_url(base: str, number: int) -> str:
    """Page 1 of a list lives at its base URL, the others at `page/N/`."""
    return base if number == 1 else f"{base}page/{number}/"


def html_file(page: Page | Deferred, path: str, kind: str, group: str = ALL) -> OutputFile:
    """The file of an HTML page whose (unencoded) path is `path`."""
    target = path + "index.html" if path == "" or path.endswith("/") else path
    return OutputFile(target, url_of(path), kind, page.lang, page, None, group)


@dataclass(frozen=True)
class Scope:
    """What a partial build plans: pages whose group is named here or starts with one of the
    prefixes, and the ALL group (root, indexes, language feeds, sitemap, fixed files). Groups:
    "release:<content path>", "home:<lang>:<n>", "archive:<lang>:<yyyy>[-<mm>]",
    "<category|tag>:<id>:<lang>:<n|feed>", "stats"."""

    groups: frozenset[str]
    prefixes: tuple[str, ...]

    def wants(self, group: str) -> bool:
        return group == ALL or group in self.groups or group.startswith(self.prefixes)

    def releases(self) -> list[str]:
        return [group[len("release:"):] for group in self.groups if group.startswith("release:")]
