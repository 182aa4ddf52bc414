"""A fast path for writing release front matter, byte-identical to PyYAML's output.

PyYAML's representer and serializer are pure Python and dominate the cost of writing tens of
thousands of release files. Almost every value in front matter is a plain scalar, which this
module writes directly; anything it is not certain about (a value YAML would quote, fold,
escape or read back as another type) makes it return None, and the caller uses yaml.dump.
tests/test_frontmatter.py checks that both paths agree on arbitrary text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

# A scalar YAML may write plain in block context: starts with no indicator or space, holds only
# printable characters (allow_unicode), and no ": ", " #" or trailing ":" / space.
_BLOCK_PLAIN = re.compile(
    "[A-Za-z0-9\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd($][\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*"
)
_FLOW_UNSAFE = re.compile(r"[,?\[\]{}:#]")
_HASH = re.compile(r"sha256:[0-9a-f]+")
_STR_TAG = "tag:yaml.org,2002:str"


def _plain(value: str, resolver: yaml.resolver.Resolver, flow: bool) -> bool:
    if not _BLOCK_PLAIN.fullmatch(value) or value[-1] in " :" or ": " in value or " #" in value:
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
