"""Reading front matter, fast (generator.content.frontmatter is the writing side). A cold build reads
tens of thousands of release files, and PyYAML spends most of its parsing time on them. Front
matter as generator.content.release.format_release writes it (one `key: value` per line, plain or
single-quoted scalars, flow lists of ids, the source mapping) is read here directly; anything
else (comments, double quotes, block lists, values PyYAML would resolve to non-strings) goes to
generator.content.release.parse_release. tests/test_frontread.py checks both agree on generated
releases and on every real file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from yaml.resolver import Resolver

from generator.content.release import Release, parse_release, release_from_data, split_front_matter

_LINE = re.compile(r"([a-z_]+): (.+)")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TAGS = re.compile(r"\[((?:[a-z0-9-]+(?:, [a-z0-9-]+)*)?)\]")
_SOURCE = re.compile(r"\{dump: ([^'\"{}\[\],:#&*!|>%@`]+), record: (\d+), hash: '([^']*)'\}")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_STRING_KEYS = frozenset(("title", "lang", "category", "slug", "translation_key", "summary"))


class _NotSimple(Exception):
    pass


def _implicit(value: str) -> bool:
    """Whether PyYAML would read this plain scalar as something other than a string."""
    resolvers = Resolver.yaml_implicit_resolvers.get(value[0], [])
    return any(pattern.match(value) for _, pattern in resolvers)


def _text(value: str) -> str:
    quoted = _SINGLE.fullmatch(value)
    if quoted:
        text = quoted.group(1).replace("''", "'")
        if text.isprintable():
            return text
        raise _NotSimple
    if (value[0] in _INDICATORS or value[-1] in ": " or ": " in value or " #" in value
            or not value.isprintable() or _implicit(value)):
        raise _NotSimple
    return value


def _value(key: str, value: str) -> Any:
    if key in _STRING_KEYS:
        return _text(value)
    if key == "date":
        match = _DATE.fullmatch(value)
        if not match:
            raise _NotSimple
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            raise _NotSimple from None  # let the slow path report it
    if key == "tags":
        match = _TAGS.fullmatch(value)
        if not match:
            raise _NotSimple
        return match.group(1).split(", ") if match.group(1) else []
    if key == "category_inferred" and value in ("true", "false"):
        return value == "true"
    if key == "source":
        match = _SOURCE.fullmatch(value)
        if match and not _implicit(match.group(1)) and match.group(1) == match.group(1).strip():
            return {"dump": match.group(1), "record": int(match.group(2)), "hash": match.group(3)}
    raise _NotSimple


def read_release_text(text: str, path: str) -> Release:
    """generator.content.release.parse_release, with the common case done without PyYAML."""
    try:
        front, body, body_line = split_front_matter(text, path)
        data: dict[str, Any] = {}
        for line in front.split("\n"):
            match = _LINE.fullmatch(line)
            if not match or match.group(1) in data:
                raise _NotSimple
            data[match.group(1)] = _value(match.group(1), match.group(2))
    except _NotSimple:
        return parse_release(text, path)
    except Exception:  # noqa: BLE001 - any surprise: the slow path reports it properly
        return parse_release(text, path)
    return release_from_data(data, body, body_line, front, path)
