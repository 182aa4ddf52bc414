"""Dump text → Markdown that renders back to exactly that text, in readable paragraphs.

Dumps flatten each release into one long line. The importer restores paragraphs at sentence
boundaries (only whitespace changes) and escapes every character Markdown, HTML or Jinja would
interpret, so generator.content.markup.MarkdownRenderer shows the dump's text verbatim
(tests/test_lossless.py proves it for arbitrary text).
"""

from __future__ import annotations

import re

# Characters escaped anywhere in a line. Backslash escapes where Python-Markdown honours them
# (they keep the source readable); character references for what it does not escape: `&`, `<`,
# `>` (raw HTML and autolinks), `|`, and braces so `{{ }}`/`{% %}` never reach a template.
_INLINE = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "{": "&#123;", "}": "&#125;",
}
# Backslash and ampersand first: the other replacements introduce them.
_INLINE_ORDER = tuple(sorted(_INLINE.items(), key=lambda item: item[0] not in "\\&"))
# What a line may not start with: headings, list markers, rules/setext underlines, list numbers.
_LINE_START_RE = re.compile(r"^(?:[#+-]|\d+(?=\.))")

# English words ending in a period that do not end a sentence.
_ABBREVIATIONS = (
    "Mr. Mrs. Ms. Dr. Prof. Sr. Jr. St. Co. Corp. Inc. Ltd. Bros. No. Nos. vs. etc. e.g. i.e. "
    "Gov. Gen. Rep. Sen. Amb. Dept. Min. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. "
    "Nov. Dec. approx. est. Fig. Art. Vol. pp. p.m. a.m."
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
_INITIALS_RE = re.compile(r"^(?:[A-Za-z]\.)+$")  # U.S. D.C. J.P. and single initials
# A candidate boundary: sentence punctuation, closing quotes/brackets, whitespace.
_EN_BOUNDARY_RE = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(\[A-Z0-9가-힣])")
# Korean sentences end in a Hangul syllable (다. 요. 음. 함. …) before the punctuation.
_KO_BOUNDARY_RE = re.compile(r"(?<=[\uac00-\ud7a3])[.!?][\"'”’)\]]*(\s+)")

PARAGRAPH_TARGET = {"en": 320, "ko": 160}  # characters before a paragraph may end
LONG_BODY = {"en": 480, "ko": 240}  # shorter bodies stay one paragraph
SUMMARY_LIMIT = 200


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def sentences(text: str, lang: str, limit: int = 0) -> list[str]:
    """Split one paragraph into sentences (the first `limit` of them when it is set); joining
    them with spaces gives the text back."""
    return _sentences(normalise_space(text), lang, limit)


def _sentences(text: str, lang: str, limit: int = 0) -> list[str]:
    pieces: list[str] = []
    start = 0
    pattern = _KO_BOUNDARY_RE if lang == "ko" else _EN_BOUNDARY_RE
    for match in pattern.finditer(text):
        end = match.start(1)
        if lang != "ko" and not _ends_sentence(text[max(start, end - 24) : end]):
            continue
        if end > start:
            pieces.append(text[start:end])
            if len(pieces) == limit:
                return pieces
        start = match.end(1)
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _ends_sentence(before: str) -> bool:
    """Whether text ending in sentence punctuation (and maybe quotes) ends a sentence: not
    after an abbreviation (Co., Mr.) or initials (U.S., D.C., J.P.)."""
    if not before.endswith("."):
        return True
    word = before.rsplit(None, 1)[-1].lstrip("\"'“‘([")
    return word not in ABBREVIATIONS and not _INITIALS_RE.match(word)


def paragraphs(body: str, lang: str) -> list[str]:
    """The body's paragraphs: its own lines, each long one split at sentence boundaries."""
    return _paragraphs(body, lang)[0]


def _paragraphs(body: str, lang: str) -> tuple[list[str], list[str]]:
    """paragraphs(), and the first two sentences of the body's first line (what summary()
    needs: each line is normalised and split only once)."""
    result: list[str] = []
    opening: list[str] | None = None
    for line in body.split("\n"):
        line = normalise_space(line)
        if not line:
            continue
        if len(line) <= LONG_BODY.get(lang, 480):
            result.append(line)
            if opening is None:
                opening = _sentences(line, lang, limit=2)
            continue
        current: list[str] = []
        size, first = 0, len(result)
        split = _sentences(line, lang)
        if opening is None:
            opening = split[:2]
        for sentence in split:
            current.append(sentence)
            size += len(sentence) + 1
            if size >= PARAGRAPH_TARGET.get(lang, 320):
                result.append(" ".join(current))
                current, size = [], 0
        if current:
            # A short last sentence joins the paragraph before it rather than standing alone.
            if len(result) > first and size < PARAGRAPH_TARGET.get(lang, 320) // 3:
                result[-1] = f"{result[-1]} {' '.join(current)}"
            else:
                result.append(" ".join(current))
    return result, opening or []


def escape_line(line: str) -> str:
    """One paragraph of plain text as Markdown source that renders to the same text."""
    return _escape(normalise_space(line))


def _escape(escaped: str) -> str:
    for char, replacement in _INLINE_ORDER:  # str.replace per character beats str.translate here
        if char in escaped:
            escaped = escaped.replace(char, replacement)
    # `1.` is a list only at a line start; `\.` keeps the number and drops the meaning.
    return _LINE_START_RE.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(),
                              escaped, count=1)


def to_markdown(body: str, lang: str) -> str:
    """The release body as Markdown: paragraphs restored, every special character escaped."""
    return "\n\n".join(_escape(p) for p in paragraphs(body, lang))  # paragraphs are normalised


def markdown_and_summary(body: str, lang: str, limit: int = SUMMARY_LIMIT) -> tuple[str, str]:
    """(to_markdown(body, lang), summary(body, lang, limit)), the body split only once."""
    found, opening = _paragraphs(body, lang)
    return "\n\n".join(_escape(p) for p in found), _summary_of(opening, limit)


def summary(body: str, lang: str, limit: int = SUMMARY_LIMIT) -> str:
    """The first sentence or two, at most about `limit` characters, ending at a sentence end.

    A first sentence longer than the limit is cut at the last word boundary before it, with an
    ellipsis, so a summary never runs on.
    """
    first = next((p for p in body.split("\n") if p.strip()), "")
    return _summary_of(sentences(first, lang, limit=2), limit)


def _summary_of(opening: list[str], limit: int) -> str:
    """The summary from the first (up to two) sentences of the body's first line."""
    picked: list[str] = []
    for sentence in opening:
        if picked and len(" ".join([*picked, sentence])) > limit:
            break
        picked.append(sentence)
        if len(picked) == 2:
            break
    text = " ".join(picked)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(") + "…"
