"""A block a child template overrides must exist in the template it extends.

Jinja renders a child template through its parent: a `{% block %}` the parent does not have is
never shown, silently. A misspelt name (`{% block contnet %}` in release.html) then gives a page
with an empty body and no error, which a theme author cannot tell from a bug of the build. So
the build reads each template's top-level blocks and names any that no template up its
`{% extends %}` chain defines. A block nested inside another is shown where it stands, so only
the child's outermost blocks are checked; an `extends` whose name is not a plain string is left
alone (the build cannot know the parent).

Every build runs this, so the templates' tags are first scanned with a regular expression (well
under a millisecond for a theme, where parsing them all takes a tenth of a second); only a
template the scan finds wanting is parsed, and the parse decides.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

import jinja2
from jinja2 import nodes

from generator.errors import PressroomError

_HIDDEN = re.compile(r"\{#.*?#\}|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_TAG = re.compile(r"""\{%-?\s*(?:(extends)\s+(['"])([^'"]+)\2|(block)\s+(\w+)|(endblock)\b)""")


class Scan(NamedTuple):
    parent: str | None  # the template extended, when named by a plain string
    blocks: frozenset[str]  # every block, nested ones included
    outer: tuple[str, ...]  # the blocks not inside another


def check_blocks(env: jinja2.Environment, names: list[str]) -> None:
    """Raise on the first overriding block of `names` that its parents lack (FILE:LINE)."""
    scans: dict[str, Scan | None] = {}
    for name in names:
        scan = _scan(env, name, scans)
        if scan is None or scan.parent is None:
            continue
        known = _chain(env, scan.parent, scans, {name})
        if known is not None and not set(scan.outer) <= known:
            _confirm(env, name)


def _scan(env: jinja2.Environment, name: str, scans: dict[str, Scan | None]) -> Scan | None:
    if name not in scans:
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr] - env has one
        except (jinja2.TemplateError, UnicodeDecodeError, OSError):
            scans[name] = None  # compiling the template names why
            return None
        parent, blocks, outer, depth = None, set(), [], 0
        for tag in _TAG.finditer(_HIDDEN.sub("", source)):
            if tag.group(1):
                parent = parent or tag.group(3)
            elif tag.group(4):
                blocks.add(tag.group(5))
                if depth == 0:
                    outer.append(tag.group(5))
                depth += 1
            else:
                depth = max(0, depth - 1)
        scans[name] = Scan(parent, frozenset(blocks), tuple(outer))
    return scans[name]


def _chain(env: jinja2.Environment, name: str, scans: dict[str, Scan | None],
           seen: set[str]) -> set[str] | None:
    """Every block of `name` and the templates it extends (scanned); None when one is unreadable."""
    scan = None if name in seen else _scan(env, name, scans)  # a cycle: Jinja reports it
    if scan is None:
        return None
    if scan.parent is None:
        return set(scan.blocks)
    above = _chain(env, scan.parent, scans, seen | {name})
    return None if above is None else above | scan.blocks


def _confirm(env: jinja2.Environment, name: str) -> None:
    """Parse the template and its chain; raise for an outer block none of them defines."""
    parsed = _parse(env, name)
    parent = _parent(parsed[0]) if parsed else None
    known = _parsed_chain(env, parent, {name}) if parent else None
    if parsed is None or parent is None or known is None:
        return
    for block in _outer_blocks(parsed[0]):
        if block.name not in known:
            raise PressroomError(parsed[1], block.lineno, _message(block.name, parent, known))


def _message(block: str, parent: str, known: set[str]) -> str:
    close = difflib.get_close_matches(block, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (it has {', '.join(map(repr, sorted(known)))})"
    return (f"template error: block {block!r} is in no template this one extends ({parent!r} and "
            f"up), so it would never show{hint}")


def _parse(env: jinja2.Environment, name: str) -> tuple[nodes.Template, str] | None:
    """The template's syntax tree and file; None when it cannot be read (compiling it names why)."""
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr] - env has one
        return env.parse(source, name, filename), filename or name
    except (jinja2.TemplateError, UnicodeDecodeError, OSError):
        return None


def _parent(tree: nodes.Template) -> str | None:
    for extends in tree.find_all(nodes.Extends):
        if isinstance(extends.template, nodes.Const) and isinstance(extends.template.value, str):
            return extends.template.value
        return None
    return None


def _parsed_chain(env: jinja2.Environment, name: str, seen: set[str]) -> set[str] | None:
    """Every block of `name` and the templates it extends, parsed; None when one cannot be read."""
    parsed = None if name in seen else _parse(env, name)
    if parsed is None:
        return None
    blocks = {block.name for block in parsed[0].find_all(nodes.Block)}
    parent = _parent(parsed[0])
    if parent is None:
        return blocks
    above = _parsed_chain(env, parent, seen | {name})
    return None if above is None else blocks | above


def _outer_blocks(tree: nodes.Template) -> list[nodes.Block]:
    """The blocks not inside another block, in the order they stand."""
    found: list[nodes.Block] = []
    stack: list[nodes.Node] = [tree]
    while stack:
        node = stack.pop()
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Block):
                found.append(child)
            else:
                stack.append(child)
    return sorted(found, key=lambda block: block.lineno)
