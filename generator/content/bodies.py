"""Release bodies → HTML, fast. Most bodies the importer writes are plain paragraphs with
backslash escapes and character references; for those, Python-Markdown's output is known
exactly and is produced here ~100× faster. Anything else — emphasis, lists, links, quotes,
headings, or any character this module is unsure of — goes to generator.content.markup's
MarkdownRenderer. tests/test_bodies.py checks the fast path against the renderer on
generated text and on every release of the fixture and demo archives.
"""

from __future__ import annotations

import re

from generator.content.markup import IMPORTED, MarkdownRenderer

# Python-Markdown's backslash-escapable characters (markdown.Markdown.ESCAPED_CHARS).
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")
_OUTPUT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# One token of a paragraph: an escape, a character reference (kept as it is, like Markdown's
# entity pattern), or a character that may start Markdown syntax (then: not plain).
_TOKEN = re.compile(r"\\(.)|(&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)|([\\`*_\[\]<>&\t\r\x00])", re.S)
# Line starts that may open a block: indentation, headings, quotes, lists, rules, setext.
_BLOCK_START = re.compile(r"[ \t#>+*=_-]|\d+[.)]")
# What the hand-written extensions (tables, definition lists) read as syntax and the importer's
# renderer does not: a body with it is not plain in those modes.
_EXTENDED = re.compile(r"\||^:", re.M)


class _NotPlain(Exception):
    pass


def _token(match: re.Match[str]) -> str:
    escaped, reference, special = match.groups()
    if escaped is not None:
        if escaped not in _ESCAPABLE:
            raise _NotPlain
        return _OUTPUT.get(escaped, escaped)
    if reference is not None:
        return reference
    raise _NotPlain


def plain_paragraphs(text: str) -> str | None:
    """Markdown's HTML for a body of plain paragraphs, or None when the body is anything more."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if line != line.strip() or _BLOCK_START.match(line):
            return None
        paragraphs[-1].append(line)
    try:
        parts = ["<p>" + _TOKEN.sub(_token, "\n".join(lines)) + "</p>" for lines in paragraphs if lines]
    except _NotPlain:
        return None
    return "\n".join(parts)


class BodyConverter:
    """Plain paragraphs directly; everything else through the Markdown renderer of its mode
    (generator.content.markup.body_mode). Plain paragraphs render alike in every mode, but for
    what only the extensions read as syntax (a table's `|`, a definition's leading `:`), which
    plain_paragraphs passes as text (tests/content/test_bodies.py)."""

    def __init__(self) -> None:
        self._markdown: dict[str, MarkdownRenderer] = {}

    def __call__(self, text: str, mode: str = IMPORTED,
                 sizes: dict[str, tuple[int, int]] | None = None) -> str:
        """`sizes`: the page bundle's image sizes by file name (MarkdownRenderer's)."""
        html = plain_paragraphs(text) if mode == IMPORTED or not _EXTENDED.search(text) else None
        if html is not None:
            return html
        renderer = self._markdown.get(mode)
        if renderer is None:
            renderer = self._markdown[mode] = MarkdownRenderer(mode)
        return renderer(text, sizes)
