"""The page model's types: what a page is, what a list shows of a release, and URLs.

A page's context holds everything its template shows (entries are small tuples shared between
pages; bodies appear only as the hash of their Markdown). So a page's signature, the hash of its
template name, path and context, changes exactly when its output can change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote

from generator.content.release import Release

_PLAIN = re.compile(r"[a-z0-9_./-]*")


class Entry(NamedTuple):
    """What any list, feed or neighbour link shows of a release."""

    url: str
    lang: str
    title: str
    date: str  # in the release's locale
    iso: str
    summary: str
    category: tuple[str, str]  # id, label
    tags: tuple[tuple[str, str], ...]
    body_key: str
    digest: str = ""  # a hash of all the fields above, set by make_entry

    def __repr__(self) -> str:
        # repr() is the signature's serialisation. An entry appears on a dozen pages; standing
        # in for it by its digest keeps signing every page of a large archive cheap.
        return self.digest


def make_entry(*fields: Any) -> Entry:
    digest = hashlib.blake2b(tuple.__repr__(fields).encode("utf-8"), digest_size=12).hexdigest()
    return Entry(*fields, digest=f"E{digest}")


ALL = "all"  # the group of pages every build plans


class Page(NamedTuple):
    """One output file. A named tuple rather than a frozen dataclass: a large site plans tens of
    thousands, and a frozen dataclass's __init__ costs several times more."""

    path: str  # output file, relative to the site root
    url: str  # the page's URL relative to the base URL, percent-encoded
    template: str  # a theme template, or "text" / "copy" / "sitemap" … for files made in Python
    lang: str | None
    context: dict[str, Any]
    # What a partial build must plan to reproduce this page: "release:<content path>" for a
    # release's page, "<kind>:<id>" for a category's or tag's pages and feeds, else ALL.
    group: str = ALL

    def signature(self, fingerprint: str) -> str:
        data = repr((fingerprint, self.path, self.template, self.lang, self.context)).encode("utf-8")
        return hashlib.blake2b(data, digest_size=16).hexdigest()


def url_of(path: str) -> str:
    # most paths are plain ASCII ids and slugs that need no quoting; quote() is slow
    return path if _PLAIN.fullmatch(path) else quote(path, safe="/")


def body_key(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()


def page_url(base: str, number: int) -> str:
    """Page 1 of a list lives at its base URL, the others at `page/N/`."""
    return base if number == 1 else f"{base}page/{number}/"


def html_page(url: str, template: str, lang: str | None, context: dict[str, Any], group: str = ALL) -> Page:
    path = url + "index.html" if url == "" or url.endswith("/") else url
    return Page(path=path, url=url_of(url), template=template, lang=lang, context=context, group=group)


@dataclass(frozen=True)
class Scope:
    """What a partial build plans: pages whose group is named here or starts with one of the
    prefixes, and the ALL group (root, indexes, language feeds, sitemap, fixed files). Groups:
    "release:<content path>", "home:<lang>:<n>", "archive:<lang>:<yyyy>[-<mm>]",
    "<category|tag>:<id>:<lang>:<n|feed>"."""

    groups: frozenset[str]
    prefixes: tuple[str, ...]

    def wants(self, group: str) -> bool:
        return group == ALL or group in self.groups or group.startswith(self.prefixes)

    def releases(self) -> list[str]:
        return [group[len("release:"):] for group in self.groups if group.startswith("release:")]


class Entries(dict[str, Entry]):
    """Entries by release path, made when first asked for: a partial build needs few."""

    def __init__(self, make: Callable[[Release], Entry], releases: dict[str, Release]) -> None:
        super().__init__()
        self.make = make
        self.releases = releases

    def __missing__(self, path: str) -> Entry:
        entry = self[path] = self.make(self.releases[path])
        return entry


