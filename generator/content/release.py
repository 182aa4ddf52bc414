"""The archive's source of truth: one Markdown file with YAML front matter per release.

This module is the contract between the importer (which writes these files), the build (which
reads them) and people (who edit them). Layout: content/<lang>/<yyyy>/<mm>/<slug>.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.config import SUPPORTED_LANGUAGES
from generator.content.frontmatter import fast_front_matter
from generator.errors import ContentError

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_SLUG_LENGTH = 80
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Hangul syllables are allowed so a Korean-only release keeps a readable slug.
SLUG_PATTERN = re.compile(r"^[a-z0-9\uac00-\ud7a3]+(?:-[a-z0-9\uac00-\ud7a3]+)*$")
FRONT_MATTER_FENCE = "---"

REQUIRED_KEYS = ("title", "date", "lang", "category", "tags", "slug", "translation_key", "summary")
OPTIONAL_KEYS = ("category_inferred", "source")
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

    @property
    def url_path(self) -> str:
        """The page's path below the site's base path, e.g. `en/2024/04/some-slug/`."""
        return f"{self.lang}/{self.date:%Y}/{self.date:%m}/{self.slug}/"


def is_safe_slug(slug: str) -> bool:
    return (
        len(slug) <= MAX_SLUG_LENGTH
        and unicodedata.is_normalized("NFC", slug)
        and bool(SLUG_PATTERN.match(slug))
    )


def content_path_for(lang: str, date: dt.date, slug: str) -> str:
    return f"{month_folder(lang, date)}/{slug}.md"


def month_folder(lang: str, date: dt.date) -> str:
    """`<lang>/<yyyy>/<mm>`. Integer formatting, not strftime (many times slower, and it writes
    years before 1000 unpadded on Linux: that form is kept for them)."""
    if date.year >= 1000:
        return f"{lang}/{date.year}/{date.month:02d}"
    return f"{lang}/{date:%Y}/{date:%m}"


def iter_release_files(content_dir: Path) -> Iterator[Path]:
    """Every release file, in a stable order, for every supported language."""
    for lang in SUPPORTED_LANGUAGES:
        lang_dir = content_dir / lang
        if lang_dir.is_dir():
            yield from sorted(lang_dir.rglob("*.md"))


def split_front_matter(text: str, where: str) -> tuple[str, str, int]:
    """Return (front matter, body, body's first line number)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise ContentError(where, 1, "the file must start with a '---' line of YAML front matter")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FRONT_MATTER_FENCE:
            front = "\n".join(lines[1:index])
            rest = "\n".join(lines[index + 1 :])
            body = rest.lstrip("\n")
            # the line the body's first (non-blank) line is on, so errors inside it point right
            return front, body.rstrip("\n"), index + 2 + len(rest) - len(body)
    raise ContentError(where, 1, "the front matter has no closing '---' line")


_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:")
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _key_line(front: str, key: str) -> int:
    for number, line in enumerate(front.split("\n"), 2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def parse_release(text: str, path: str) -> Release:
    """Parse one release file's text; `path` is relative to the content folder."""
    front, body, body_line = split_front_matter(text, path)
    try:
        data = yaml.load(front, Loader=SafeLoader)  # noqa: S506 - SafeLoader or CSafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        raise ContentError(path, line, f"bad YAML front matter: {reason}") from None
    except ValueError as error:
        # PyYAML's only ValueError on safe input: a date-shaped value that is no real date.
        raise ContentError(path, _key_line(front, "date"), f"impossible date: {error}") from None
    if not isinstance(data, dict):
        raise ContentError(path, 2, "the front matter must be a mapping of keys to values")
    _check_duplicate_keys(front, path)
    return _release_from(data, body, body_line, front, path)


def _check_duplicate_keys(front: str, path: str) -> None:
    """YAML keeps the last of two equal keys silently; a person editing by hand meant one."""
    seen: set[str] = set()
    for number, line in enumerate(front.split("\n"), 2):
        match = _TOP_KEY.match(line)
        if match:
            if match.group(1) in seen:
                raise ContentError(path, number, f"duplicate front matter key {match.group(1)!r}")
            seen.add(match.group(1))


def _check_characters(release: Release, front: str, path: str) -> None:
    """Characters XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) would make
    every feed holding the release unreadable, and are HTML parse errors."""
    for key in ("title", "summary"):
        match = _FORBIDDEN_CHARACTER.search(getattr(release, key))
        if match:
            raise ContentError(path, _key_line(front, key),
                               f"{key} holds the control character U+{ord(match.group()):04X}; remove it")
    match = _FORBIDDEN_CHARACTER.search(release.body)
    if match:
        line = release.body_line + release.body.count("\n", 0, match.start())
        raise ContentError(path, line, f"the body holds the control character U+{ord(match.group()):04X}; "
                                       "remove it")


def release_from_data(data: dict[str, Any], body: str, body_line: int, front: str, path: str) -> Release:
    """Check parsed front matter and make the Release (for readers that parse YAML themselves)."""
    return _release_from(data, body, body_line, front, path)


def _release_from(data: dict[str, Any], body: str, body_line: int, front: str, path: str) -> Release:
    def fail(key: str, message: str) -> ContentError:
        return ContentError(path, _key_line(front, key), message)

    for key in data:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise fail(str(key), f"unknown front matter key {key!r}")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise ContentError(path, 1, f"front matter lacks {key!r}")
    for key in ("title", "lang", "category", "slug", "translation_key", "summary"):
        if not isinstance(data[key], str):
            raise fail(key, f"{key} must be text")
    if not data["title"].strip():
        raise fail("title", "title is empty")
    if not isinstance(data["date"], dt.date) or isinstance(data["date"], dt.datetime):
        raise fail("date", f"date must be a date like 2024-04-23, not {data['date']!r}")
    if data["lang"] not in SUPPORTED_LANGUAGES:
        raise fail("lang", f"lang must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    if not path.startswith(data["lang"] + "/") and "/" in path:
        raise fail("lang", f"lang is {data['lang']!r} but the file is not under {data['lang']}/")
    if not ID_PATTERN.match(data["category"]):
        raise fail("category", f"category {data['category']!r} is not a vocabulary id")
    tags = data["tags"] if data["tags"] is not None else []
    if not isinstance(tags, list) or not all(isinstance(t, str) and ID_PATTERN.match(t) for t in tags):
        raise fail("tags", "tags must be a list of vocabulary ids like [japan, semiconductors]")
    if not is_safe_slug(data["slug"]):
        raise fail("slug", f"slug {data['slug']!r} must be lowercase letters, digits and hyphens, "
                           f"at most {MAX_SLUG_LENGTH} characters")
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
    )
    _check_characters(release, front, path)  # here: both the YAML and the fast reader end here
    return release


def _source_from(value: Any, fail: Any) -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - set(SOURCE_KEYS):
        raise fail(f"source must be a mapping of {', '.join(SOURCE_KEYS)}")
    try:
        return Source(dump=str(value["dump"]), record=int(value["record"]), hash=str(value["hash"]))
    except (KeyError, TypeError, ValueError):
        raise fail(f"source needs {', '.join(SOURCE_KEYS)}") from None


def read_release(content_dir: Path, file: Path) -> Release:
    relative = file.relative_to(content_dir).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(relative, None, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:  # a dangling link, a folder named *.md, no permission
        raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None
    return parse_release(text, relative)


def format_release(release: Release) -> str:
    """The file text for a release: the one serialisation both importer and tests rely on."""
    data: dict[str, Any] = {
        "title": release.title,
        "date": release.date,
        "lang": release.lang,
        "category": release.category,
    }
    if release.category_inferred:
        data["category_inferred"] = True
    data.update(
        tags=list(release.tags),
        slug=release.slug,
        translation_key=release.translation_key,
        summary=release.summary,
    )
    if release.source is not None:
        data["source"] = {
            "dump": release.source.dump,
            "record": release.source.record,
            "hash": release.source.hash,
        }
    front = fast_front_matter(data) or yaml.dump(
        data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=10**6,
        default_flow_style=None,
    )
    return f"{FRONT_MATTER_FENCE}\n{front}{FRONT_MATTER_FENCE}\n\n{release.body.strip()}\n"
