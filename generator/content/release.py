"""The archive's source of truth: one Markdown file with YAML front matter per release.

This module is the contract between the importer (which writes these files), the build (which
reads them) and people (who edit them): the Release type, the rule that says where its file and
its page are, and what its front matter may hold. Reading and writing the text is
generator.content.frontmatter; finding the files is generator.content.files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.config import SUPPORTED_LANGUAGES
from generator.content.aliases import aliases_from
from generator.errors import ContentError

MAX_SLUG_LENGTH = 80
# A slug names a file (`<slug>.md`, and the importer's `.<slug>.md.<pid>.tmp` beside it) and a
# folder of the site: most file systems allow 255 bytes per name, and a Hangul syllable takes
# three in UTF-8, so 80 of them would not leave room for the rest.
MAX_SLUG_BYTES = 200
# A title is repeated on every list, feed and related list that shows its release: bounded so
# that one file cannot swell the site (a 10 MB title made a 266 MB site). Longer is an error,
# in the import and in the build, never a silent cut.
MAX_TITLE_LENGTH = 2000
# Names Windows reserves for devices, with or without an extension (`con`, `con.md`): a file or
# folder so named cannot be created or checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{device}{n}" for device in ("com", "lpt")
                                                           for n in range(10))})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Hangul syllables are allowed so a Korean-only release keeps a readable slug.
SLUG_PATTERN = re.compile(r"^[a-z0-9\uac00-\ud7a3]+(?:-[a-z0-9\uac00-\ud7a3]+)*$")

REQUIRED_KEYS = ("title", "date", "lang", "category", "tags", "slug", "translation_key", "summary")
OPTIONAL_KEYS = ("category_inferred", "source", "aliases")
SOURCE_KEYS = ("dump", "record", "hash")


@dataclass(frozen=True)
class Source:
    """Where the importer found a release: dump file, record number, hash of the raw record."""

    dump: str
    record: int
    hash: str


@dataclass(frozen=True)
class Release:
    path: str  # relative to the content folder, with forward slashes
    lang: str
    title: str
    date: dt.date
    category: str
    tags: tuple[str, ...]
    slug: str
    translation_key: str
    summary: str
    body: str  # Markdown source, already escaped by the importer
    body_line: int  # the file's line number where the body starts, for error messages
    category_inferred: bool = False
    source: Source | None = None
    # old URLs of the page, normalised (generator.content.aliases): each gets a redirect page
    aliases: tuple[str, ...] = ()

    @property
    def url_path(self) -> str:
        """The page's path below the site's base path, e.g. `en/2024/04/some-slug/`: the one
        page rule (the content file's is content_path_for). Integer formatting, not strftime:
        the build asks it of every release, and strftime costs more than the rest of indexing
        (the build asks once, and keeps the answers in Archive.url_paths)."""
        date = self.date
        return f"{period_path(self.lang, date.year, date.month)}{self.slug}/"


def period_path(lang: str, year: int, month: int | None = None) -> str:
    """A year's or a month's archive page, e.g. `en/2024/` or `en/2024/04/`: the folder its
    releases' pages (Release.url_path) sit in, so years before 1000 are padded alike."""
    return f"{lang}/{year:04d}/" if month is None else f"{lang}/{year:04d}/{month:02d}/"


def is_safe_slug(slug: str) -> bool:
    return (
        len(slug) <= MAX_SLUG_LENGTH
        and len(slug.encode("utf-8")) <= MAX_SLUG_BYTES
        and unicodedata.is_normalized("NFC", slug)
        and bool(SLUG_PATTERN.match(slug))
        and not is_reserved_name(slug)
    )


def is_reserved_name(segment: str) -> bool:
    """Whether a path segment (a slug, a category or tag id) is a name Windows reserves: the part
    before its first dot, case and trailing spaces aside."""
    return segment.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


def title_problem(title: str) -> str | None:
    """What is wrong with a title's length, or None: the import and the build ask alike."""
    if len(title) > MAX_TITLE_LENGTH:
        return (f"title too long: {len(title):,} characters, at most {MAX_TITLE_LENGTH:,}; shorten it "
                "(the rest belongs in the body)")
    return None


def shown(value: Any) -> str:
    """A value for an error message: its repr, cut to a line (a value may be megabytes, or a YAML
    alias bomb whose full repr would never end)."""
    if isinstance(value, (list, dict)):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def content_path_for(lang: str, date: dt.date, slug: str) -> str:
    """Where a release's file belongs below content/, e.g. `en/2024/04/some-slug.md`: the one
    content rule (the importer asks it before a Release exists; the page's is Release.url_path)."""
    return f"{month_folder(lang, date)}/{slug}.md"


def month_folder(lang: str, date: dt.date) -> str:
    """`<lang>/<yyyy>/<mm>`, the folder content_path_for puts a release in. Integer formatting,
    not strftime (many times slower, and it writes years before 1000 unpadded on Linux: that form
    is kept for them, so existing files stay where they are)."""
    if date.year >= 1000:
        return f"{lang}/{date.year}/{date.month:02d}"
    return f"{lang}/{date:%Y}/{date:%m}"


_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def key_line(front: str, key: str) -> int:
    """The file's line of a top-level front matter key (1 when not found), for error messages."""
    return find_key_line(front.split("\n"), key, first=2) or 1


def find_key_line(lines: Iterable[str], key: str, first: int = 1) -> int | None:
    """The number of the line where top-level key `key:` stands, counting from `first`; None
    when it does not."""
    for number, line in enumerate(lines, first):
        if line.startswith(f"{key}:"):
            return number
    return None


def _check_characters(release: Release, front: str, path: str) -> None:
    """Characters XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) would make
    every feed holding the release unreadable, and are HTML parse errors."""
    for key in ("title", "summary"):
        match = _FORBIDDEN_CHARACTER.search(getattr(release, key))
        if match:
            raise ContentError(path, key_line(front, key),
                               f"{key} holds the control character U+{ord(match.group()):04X}; remove it")
    match = _FORBIDDEN_CHARACTER.search(release.body)
    if match:
        line = release.body_line + release.body.count("\n", 0, match.start())
        raise ContentError(path, line, f"the body holds the control character U+{ord(match.group()):04X}; "
                                       "remove it")


def release_from_data(data: dict[str, Any], body: str, body_line: int, front: str, path: str) -> Release:
    """Check parsed front matter (`front` is its text, for line numbers) and make the Release:
    both of generator.content.frontmatter's readers end here, so they accept the same files."""
    def fail(key: str, message: str) -> ContentError:
        return ContentError(path, key_line(front, key), message)

    reserved = next((part for part in path.split("/") if is_reserved_name(part)), None)
    if reserved is not None:
        raise ContentError(path, 1, f"{reserved!r} is a name Windows reserves for a device: such a file "
                                    "cannot be checked out there; rename it after its slug")
    for key in data:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise fail(str(key), f"unknown front matter key {shown(key)}")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise ContentError(path, 1, f"front matter lacks {key!r}")
    for key in ("title", "lang", "category", "slug", "translation_key", "summary"):
        if not isinstance(data[key], str):
            raise fail(key, f"{key} must be text")
    if not data["title"].strip():
        raise fail("title", "title is empty")
    too_long = title_problem(data["title"])
    if too_long:
        raise fail("title", too_long)
    if not isinstance(data["date"], dt.date) or isinstance(data["date"], dt.datetime):
        raise fail("date", f"date must be a date like 2024-04-23, not {shown(data['date'])}")
    if data["lang"] not in SUPPORTED_LANGUAGES:
        raise fail("lang", f"lang must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    if not path.startswith(data["lang"] + "/") and "/" in path:
        raise fail("lang", f"lang is {data['lang']!r} but the file is not under {data['lang']}/")
    if not ID_PATTERN.match(data["category"]):
        raise fail("category", f"category {shown(data['category'])} is not a vocabulary id")
    tags = data["tags"] if data["tags"] is not None else []
    if not isinstance(tags, list) or not all(isinstance(t, str) and ID_PATTERN.match(t) for t in tags):
        raise fail("tags", "tags must be a list of vocabulary ids like [japan, semiconductors]")
    if not is_safe_slug(data["slug"]):
        raise fail("slug", _slug_problem(data["slug"]))
    if not data["translation_key"].strip():
        raise fail("translation_key", "translation_key is empty")
    inferred = data.get("category_inferred", False)
    if not isinstance(inferred, bool):
        raise fail("category_inferred", "category_inferred must be true or false")
    release = Release(
        path=path,
        lang=data["lang"],
        title=data["title"],
        date=data["date"],
        category=data["category"],
        tags=tuple(tags),
        slug=data["slug"],
        translation_key=data["translation_key"],
        summary=data["summary"],
        body=body,
        body_line=body_line,
        category_inferred=inferred,
        source=_source_from(data.get("source"), lambda m: fail("source", m)),
        aliases=aliases_from(data.get("aliases"), front, path),
    )
    _check_characters(release, front, path)
    return release


def _slug_problem(slug: str) -> str:
    if is_reserved_name(slug):
        return f"slug {slug!r} is a name Windows reserves for a device; choose another"
    return (f"slug {shown(slug)} must be lowercase letters, digits and hyphens, at most {MAX_SLUG_LENGTH} "
            f"characters and {MAX_SLUG_BYTES} bytes in UTF-8")


def _source_from(value: Any, fail: Any) -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - set(SOURCE_KEYS):
        raise fail(f"source must be a mapping of {', '.join(SOURCE_KEYS)}")
    dump, record, digest = value.get("dump"), value.get("record"), value.get("hash")
    # each checked for its type, never converted: str() of a YAML alias bomb would not end
    if not (isinstance(dump, str) and isinstance(record, int) and not isinstance(record, bool)
            and isinstance(digest, str)):
        raise fail(f"source needs {', '.join(SOURCE_KEYS)}: the dump's path, the record's number, its hash")
    return Source(dump=dump, record=record, hash=digest)
