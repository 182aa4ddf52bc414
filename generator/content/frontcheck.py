"""Parsed front matter → a Release, or every problem of it at once.

Both of generator.content.frontmatter's readers (the fast path and PyYAML) end here, so they
accept the same files. A hand-written file is often wrong in several ways at once: each problem
is reported with the line of its key, in one ContentError (errors.many), so one run of `build`
or `check` tells a person all there is to fix. A value whose key is wrong is not judged further.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.content import editorial
from generator.content.aliases import aliases_from
from generator.content.release import (
    ID_PATTERN,
    MAX_SLUG_BYTES,
    MAX_SLUG_LENGTH,
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    SOURCE_KEYS,
    Release,
    Source,
    date_problem,
    is_reserved_name,
    is_safe_slug,
    key_line,
    shown,
    title_problem,
)
from generator.errors import ContentError, Problem, many
from generator.languages import is_language_tag
from generator.suggest import did_you_mean

_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_TEXT_KEYS = ("title", "lang", "category", "slug", "translation_key", "summary")


class _Problems:
    """The problems found so far in one file's front matter."""

    def __init__(self, path: str, front: str) -> None:
        self.path, self.front = path, front
        self.found: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.found.append(Problem(self.path, key_line(self.front, key), message))


def release_from_data(data: dict[str, Any], body: str, body_line: int, front: str, path: str) -> Release:
    """Check parsed front matter (`front` is its text, for line numbers) and make the Release;
    a ContentError holding every problem found otherwise."""
    reserved = next((part for part in path.split("/") if is_reserved_name(part)), None)
    if reserved is not None:
        raise ContentError(path, 1, f"{reserved!r} is a name Windows reserves for a device: such a file "
                                    "cannot be checked out there; rename it after its slug")
    problems = _Problems(path, front)
    fail = problems.fail
    known = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
    for key in data:
        if key not in known:
            fail(str(key), f"unknown front matter key {shown(key)}{did_you_mean(str(key), known)}")
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.found.append(Problem(path, 1, f"front matter lacks {key!r}"))
    good = {key: data[key] for key in _TEXT_KEYS if key in data and _text_ok(key, data[key], fail)}
    if "date" in data and not _is_date(data["date"]):
        fail("date", f"date must be a date like 2024-04-23, not {shown(data['date'])}")
    elif "date" in data and (implausible := date_problem(data["date"])):
        fail("date", implausible)
    if "lang" in good:
        _check_lang(good["lang"], path, fail)
    if "category" in good and not ID_PATTERN.match(good["category"]):
        fail("category", f"category {shown(good['category'])} is not a vocabulary id")
    tags = [] if data.get("tags") is None else data["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and ID_PATTERN.match(t) for t in tags):
        fail("tags", "tags must be a list of vocabulary ids like [japan, semiconductors]")
    if "slug" in good and not is_safe_slug(good["slug"]):
        fail("slug", _slug_problem(good["slug"]))
    inferred = data.get("category_inferred", False)
    if not isinstance(inferred, bool):
        fail("category_inferred", "category_inferred must be true or false")
    date = data.get("date") if _is_date(data.get("date")) else None
    extras = {
        "updated": editorial.updated_from(data.get("updated"), date, fail),
        "draft": editorial.draft_from(data.get("draft"), fail),
        "contact": editorial.contact_from(data.get("contact"), fail),
        "extra": editorial.extra_from(data.get("extra"), fail),
    }
    source = _source_from(data.get("source"), fail)
    try:
        aliases = aliases_from(data.get("aliases"), front, path)
    except ContentError as error:
        problems.found.extend(error.problems)
        aliases = ()
    _check_characters(good, body, body_line, problems)
    if problems.found:
        raise many(ContentError, sorted(problems.found, key=lambda problem: problem.line or 0))
    return Release(path=path, lang=good["lang"], title=good["title"], date=data["date"],
                   category=good["category"], tags=tuple(tags), slug=good["slug"],
                   translation_key=good["translation_key"], summary=good["summary"], body=body,
                   body_line=body_line, category_inferred=inferred, source=source, aliases=aliases,
                   **extras)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _text_ok(key: str, value: Any, fail: editorial.Fail) -> bool:
    """Whether a text key's value is text worth checking further (else its problem is told)."""
    if not isinstance(value, str):
        fail(key, f"{key} must be text")
        return False
    if key == "title":
        if not value.strip():
            fail("title", "title is empty")
            return False
        too_long = title_problem(value)
        if too_long:
            fail("title", too_long)
            return False
    if key == "translation_key" and not value.strip():
        fail("translation_key", "translation_key is empty")
        return False
    return True


def _check_lang(lang: str, path: str, fail: editorial.Fail) -> None:
    if not is_language_tag(lang):  # whether the site has it is checked with the settings
        fail("lang", f"lang must be a language code such as en, ko or ja, not {shown(lang)}")
    elif not path.startswith(lang + "/") and "/" in path:
        fail("lang", f"lang is {lang!r} but the file is not under {lang}/")


def _check_characters(good: dict[str, str], body: str, body_line: int, problems: _Problems) -> None:
    """Characters XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) would make
    every feed holding the release unreadable, and are HTML parse errors."""
    for key in ("title", "summary"):
        match = _FORBIDDEN_CHARACTER.search(good.get(key, ""))
        if match:
            problems.fail(key, f"{key} holds the control character U+{ord(match.group()):04X}; remove it")
    match = _FORBIDDEN_CHARACTER.search(body)
    if match:
        line = body_line + body.count("\n", 0, match.start())
        problems.found.append(Problem(problems.path, line, "the body holds the control character "
                                                           f"U+{ord(match.group()):04X}; remove it"))


def _slug_problem(slug: str) -> str:
    if is_reserved_name(slug):
        return f"slug {slug!r} is a name Windows reserves for a device; choose another"
    return (f"slug {shown(slug)} must be lowercase letters, digits and hyphens, at most {MAX_SLUG_LENGTH} "
            f"characters and {MAX_SLUG_BYTES} bytes in UTF-8")


def _source_from(value: Any, fail: editorial.Fail) -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - set(SOURCE_KEYS):
        fail("source", f"source must be a mapping of {', '.join(SOURCE_KEYS)}")
        return None
    dump, record, digest = value.get("dump"), value.get("record"), value.get("hash")
    # each checked for its type, never converted: str() of a YAML alias bomb would not end
    if not (isinstance(dump, str) and isinstance(record, int) and not isinstance(record, bool)
            and isinstance(digest, str)):
        fail("source", f"source needs {', '.join(SOURCE_KEYS)}: the dump's path, the record's number, "
                       "its hash")
        return None
    return Source(dump=dump, record=record, hash=digest)
