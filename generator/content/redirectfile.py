"""content/redirects.yaml: the old URLs of releases that moved, kept so they keep working.

When a release's URL changes between two builds (a new date or slug; the same release, known by
its translation_key and language), the build records the old URL here (generator.site.moves),
and every later build, incremental or cold, in this clone or a fresh one, writes a redirect
page there pointing at the release's current URL. It lives in content/, beside the releases,
because it is part of the archive's history: committed with them, it survives a fresh clone, a
new cache and a new machine, which a record in the build cache would not.

The file is a mapping `old URL: translation_key`, one line each, sorted, under a comment saying
what it is; the old URL's first segment is the release's language. People may edit it (remove a
line to let an old URL go; add one by hand for a move the build could not see).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from generator.content.aliases import alias_problem, normalise_alias
from generator.errors import ContentError, yaml_line, yaml_reason
from generator.importing.writer import write_atomically

REDIRECTS_FILE = "redirects.yaml"
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HEADER = """\
# Old URLs of releases that moved (a new date or slug), so that links to them keep working.
# Written by `pressroom build` when it sees a release's URL change; read by every build, which
# makes a redirect page at each old URL pointing at the release's current page.
# Each line: the old URL (below the site's address; its first segment is the language) and the
# release's translation_key. Delete a line to let that old URL go.
"""


def read_redirects(content_dir: Path) -> dict[str, str]:
    """Old URL → translation_key, as recorded; {} when there is no file. Every way the file can
    be wrong is a ContentError naming its line."""
    path = content_dir / REDIRECTS_FILE
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte order mark dropped: see yaml_line
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as error:
        raise ContentError(shown, None, f"not UTF-8 text ({error.reason}); save the file as UTF-8") from None
    except OSError as error:
        raise ContentError(shown, None, f"cannot read the file: {error.strerror}") from None
    try:
        node = yaml.compose(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader or CSafeLoader
    except yaml.YAMLError as error:
        line, reason = yaml_reason(error, text)
        raise ContentError(shown, line, f"bad YAML: {reason}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(shown, yaml_line(text, node.start_mark),
                           "the file must map old URLs to translation keys (`en/2024/04/old-slug/: key`)")
    found: dict[str, str] = {}
    for key, value in node.value:
        old, problem = _entry(key, value, found)
        if problem is not None:  # its line counted only now: yaml_line reads the text up to it
            raise ContentError(shown, yaml_line(text, key.start_mark), problem)
        found[old] = value.value
    return found


def _entry(key: yaml.Node, value: yaml.Node, found: dict[str, str]) -> tuple[str, str | None]:
    """An entry's old URL, normalised, and what is wrong with the entry (None: nothing)."""
    if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
        return "", "each line must be `old URL: translation_key`"
    problem = alias_problem(key.value)
    if problem is not None:
        return "", problem.replace("alias", "old URL", 1)
    old = normalise_alias(key.value)
    if old in found:
        return old, f"old URL {old!r} is listed twice"
    if "/" not in old.rstrip("/"):
        return old, f"old URL {old!r} should start with its language, like en/"
    if not value.value.strip():
        return old, f"old URL {old!r} names no translation_key"
    return old, None


def format_redirects(entries: Mapping[str, str]) -> str:
    """The file's text: the header, then one `old URL: key` line per entry, sorted by URL."""
    lines = [yaml.safe_dump({old: entries[old]}, allow_unicode=True, width=10**6) for old in sorted(entries)]
    return HEADER + "".join(lines)


def write_redirects(content_dir: Path, entries: Mapping[str, str]) -> None:
    """Replace the file, whole or not at all (a kill or a full disk leaves the old one)."""
    write_atomically(content_dir / REDIRECTS_FILE, format_redirects(entries))
