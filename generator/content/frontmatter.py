"""A release file's text: YAML front matter between `---` lines, then the Markdown body.

The one reader (parse_release) and the one writer (format_release) of that text. PyYAML is the
authority for both, but it is pure Python where it matters and dominates the cost of reading or
writing tens of thousands of files, so each side has a fast path for the front matter this
module itself writes (one `key: value` per line, plain or single-quoted scalars, flow lists of
ids, the source mapping). Anything a fast path is not certain about (comments, double quotes,
block lists, a value YAML would quote, fold, escape or resolve to another type) goes to PyYAML.
tests/test_frontmatter.py checks that both paths agree, on arbitrary text and on every real file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from generator.content.frontcheck import release_from_data
from generator.content.release import Release, key_line
from generator.errors import ContentError, yaml_reason

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FRONT_MATTER_FENCE = "---"

# Writing. A scalar YAML may write plain in block context: starts with no indicator or space,
# holds only printable characters (allow_unicode), no line break, and no ": ", " #" or trailing
# ":" / space. "/", "." and "_" lead no YAML indicator: dump paths (absolute, or "../" relative)
# stay plain. U+2028 and U+2029 are line breaks to YAML (as are "\n" and U+0085, outside these
# ranges anyway): written plain, they split or fold the value, so PyYAML quotes them.
_PRINTABLE = "\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_BLOCK_PLAIN = re.compile(f"[A-Za-z0-9/._{_PRINTABLE}($][\x20-\x7e{_PRINTABLE}]*")
_FLOW_UNSAFE = re.compile(r"[,?\[\]{}:#]")
_HASH = re.compile(r"sha256:[0-9a-f]+")
_STR_TAG = "tag:yaml.org,2002:str"
_HUGE_NUMBER = re.compile(r"[0-9_]{4000,}")

# Reading.
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:")
_LINE = re.compile(r"([a-z_]+): (.+)")
# ASCII digits: \d (and int()) take ２ and ٣ too, YAML does not (it reads such a value as text)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TAGS = re.compile(r"\[((?:[a-z0-9-]+(?:, [a-z0-9-]+)*)?)\]")
_SOURCE = re.compile(r"\{dump: ([^'\"{}\[\],:#&*!|>%@`]+), record: ([0-9]+), hash: '([^']*)'\}")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_STRING_KEYS = frozenset(("title", "lang", "category", "slug", "translation_key", "summary"))


def format_release(release: Release) -> str:
    """The file text for a release: the one serialisation importer, build and tests rely on."""
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
    data.update(_editorial(release))
    if release.source is not None:
        data["source"] = {
            "dump": release.source.dump,
            "record": release.source.record,
            "hash": release.source.hash,
        }
    if release.aliases:
        data["aliases"] = list(release.aliases)
    front = fast_front_matter(data) or yaml.dump(
        data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=10**6,
        default_flow_style=None,
    )
    return f"{FRONT_MATTER_FENCE}\n{front}{FRONT_MATTER_FENCE}\n\n{release.body.strip()}\n"


def _editorial(release: Release) -> dict[str, Any]:
    """An editor's keys (generator.content.editorial), in a fixed order, only where set: a file
    the importer wrote never has them, and writing one back keeps what a person added."""
    data: dict[str, Any] = {}
    if release.updated is not None:
        data["updated"] = release.updated
    if release.draft:
        data["draft"] = True
    if release.contact is not None:
        data["contact"] = {key: value for key, value in vars(release.contact).items() if value}
    if release.extra:
        data["extra"] = release.extra.thawed()
    return data


def _plain(value: str, resolver: yaml.resolver.Resolver, flow: bool) -> bool:
    if not _BLOCK_PLAIN.fullmatch(value) or value[-1] in " :" or ": " in value or " #" in value:
        return False
    if value.startswith("..."):  # a document end marker: PyYAML quotes it
        return False
    if flow and _FLOW_UNSAFE.search(value):
        return False
    # A plain scalar that reads back as a number, date, bool or null would need quotes. The
    # resolver only has such rules for some first characters (yaml_implicit_resolvers is keyed
    # by them; None would be rules for any character): others are text without asking it.
    implicit = resolver.yaml_implicit_resolvers
    if value[0] not in implicit and None not in implicit and not resolver.yaml_path_resolvers:
        return True
    return resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def fast_front_matter(data: dict[str, Any]) -> str | None:
    """The YAML yaml.dump(data, allow_unicode=True, sort_keys=False, width=10**6,
    default_flow_style=None) would write for release front matter, or None when unsure."""
    resolver = yaml.resolver.Resolver()
    lines = []
    for key, value in data.items():
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            lines.append(f"{key}: {value.isoformat()}")
        elif isinstance(value, str):
            if not _plain(value, resolver, flow=False):
                return None
            lines.append(f"{key}: {value}")
        elif isinstance(value, list):
            if not all(isinstance(item, str) and _plain(item, resolver, flow=True) for item in value):
                return None
            lines.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, dict) and list(value) == ["dump", "record", "hash"]:
            dump, record, digest = value["dump"], value["record"], value["hash"]
            if not (isinstance(dump, str) and _plain(dump, resolver, flow=True) and type(record) is int
                    and record >= 0 and isinstance(digest, str) and _HASH.fullmatch(digest)):
                return None
            lines.append(f"{key}: {{dump: {dump}, record: {record}, hash: '{digest}'}}")
        else:
            return None
    return "\n".join(lines) + "\n"


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


def parse_release(text: str, path: str) -> Release:
    """Parse one release file's text; `path` is relative to the content folder. The common case
    is read without PyYAML; everything else, and every error, is PyYAML's reading."""
    front, body, body_line = split_front_matter(text, path)
    data = _fast_data(front)
    if data is None:
        data = _yaml_data(front, path)
    return release_from_data(data, body, body_line, front, path)


def parse_release_with_yaml(text: str, path: str) -> Release:
    """parse_release without its fast path: the authority the fast path is tested against."""
    front, body, body_line = split_front_matter(text, path)
    return release_from_data(_yaml_data(front, path), body, body_line, front, path)


def _yaml_data(front: str, path: str) -> dict[str, Any]:
    try:
        data = yaml.load(front, Loader=SafeLoader)  # noqa: S506 - SafeLoader or CSafeLoader
    except yaml.reader.ReaderError as error:  # a character YAML does not accept (NUL …), no mark
        line = front.count("\n", 0, error.position) + 2
        code = error.character if isinstance(error.character, int) else ord(error.character)  # C or Python
        raise ContentError(path, line, f"bad YAML front matter: the character U+{code:04X} is not "
                                       f"allowed ({error.reason})") from None
    except yaml.YAMLError as error:
        line, reason = yaml_reason(error, front, first=2)  # the front matter starts on line 2
        raise ContentError(path, line or 1, f"bad YAML front matter: {reason}") from None
    except ValueError as error:
        # PyYAML's ValueErrors on safe input: a date-shaped value that is no real date, or a
        # number too long for Python to read (more than sys.get_int_max_str_digits() digits).
        huge = _HUGE_NUMBER.search(front)
        if huge:
            line = front.count("\n", 0, huge.start()) + 2
            raise ContentError(path, line, "bad YAML front matter: a number of over 4,000 digits") from None
        raise ContentError(path, key_line(front, "date"), f"impossible date: {error}") from None
    if not isinstance(data, dict):
        raise ContentError(path, 2, "the front matter must be a mapping of keys to values")
    _check_duplicate_keys(front, path)
    return data


def _check_duplicate_keys(front: str, path: str) -> None:
    """YAML keeps the last of two equal keys silently; a person editing by hand meant one."""
    seen: set[str] = set()
    for number, line in enumerate(front.split("\n"), 2):
        match = _TOP_KEY.match(line)
        if match:
            if match.group(1) in seen:
                raise ContentError(path, number, f"duplicate front matter key {match.group(1)!r}")
            seen.add(match.group(1))


class _NotSimple(Exception):
    pass


def _fast_data(front: str) -> dict[str, Any] | None:
    """The front matter as PyYAML would read it, when it is in format_release's simple form;
    None otherwise (also for anything wrong with it: PyYAML then words the error)."""
    data: dict[str, Any] = {}
    try:
        for line in front.split("\n"):
            match = _LINE.fullmatch(line)
            if not match or match.group(1) in data:
                raise _NotSimple
            data[match.group(1)] = _value(match.group(1), match.group(2))
    except Exception:  # noqa: BLE001 - _NotSimple, or any surprise: the slow path reports it properly
        return None
    return data


def _implicit(value: str) -> bool:
    """Whether PyYAML would read this plain scalar as something other than a string."""
    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers.get(value[0], [])
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
    if key in ("date", "updated"):
        match = _DATE.fullmatch(value)
        if not match:
            raise _NotSimple
        return dt.date(*map(int, match.groups()))  # an impossible date: the slow path reports it
    if key == "tags":
        match = _TAGS.fullmatch(value)
        if not match:
            raise _NotSimple
        return match.group(1).split(", ") if match.group(1) else []
    if key in ("category_inferred", "draft") and value in ("true", "false"):
        return value == "true"
    if key == "source":
        match = _SOURCE.fullmatch(value)
        if match and not _implicit(match.group(1)) and match.group(1) == match.group(1).strip():
            return {"dump": match.group(1), "record": int(match.group(2)), "hash": match.group(3)}
    raise _NotSimple
