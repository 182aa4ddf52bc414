"""Search, index side: what a built page gives the index — its language, title and term weights.

The index is made from the pages as readers get them, so it holds exactly what a reader sees and
any theme's markup works: the element marked `data-pagefind-body` (a release's article; the
attribute keeps Pagefind's name so themes written for Pagefind index the same text), less its
parts marked `data-pagefind-ignore`, scripts, styles and comments. A site whose theme marks no
page has every page's `<body>` indexed instead (search.py decides; each page is read both ways).

Pages are read with regular expressions, not a full HTML parser: a build writes thousands of
pages and the whole index must cost less than the pages themselves. The markup read is the
build's own output (well-formed, quoted attributes), and a page the expressions cannot read
(no closing tag) is read to its end, never dropped.

Terms (generator/site/searchquery.py defines them for both sides): runs of letters and digits,
NFKC and lowercase; Han and kana as pairs of characters; a Korean word whole and as each of its
morphemes (generator/site/koreansearch.py). A term's weight on a page is how often it occurs,
and `TITLE_WEIGHT` more for each time in the title, so a release about a thing ranks above one
that mentions it.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.site.koreansearch import Analyser
from generator.site.searchquery import HANGUL, TOKEN, grams, normal

MARKER = "data-pagefind-body"
IGNORED = "data-pagefind-ignore"
TITLE_WEIGHT = 4
UNDETERMINED = "und"  # BCP 47 for "no language given": a page without a usable `<html lang>`
_RAW = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_LANG = re.compile(r"<html\b[^>]*?\slang\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_MARKED = re.compile(rf"<(\w+)\b[^>]*?\s{MARKER}\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<(body)\b[^>]*>", re.IGNORECASE)
_LEFT_OUT = re.compile(rf"<(\w+)\b[^>]*?\s{IGNORED}\b[^>]*>", re.IGNORECASE)
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class PageText:
    """A page's indexed text: `marked` whether it came from a `data-pagefind-body` element (else
    from the whole body); `text` its words, tags removed; `title` what a result shows."""

    lang: str
    title: str
    text: str
    marked: bool


def page_text(page: str, *, body: bool = True) -> PageText | None:
    """The indexed text of an HTML page; None when it has no body to index (a body marked
    `data-pagefind-ignore`, as redirect pages are). `body=False`: a page with no marked element
    is not read (`UNREAD`): most pages of a site whose theme marks its releases are lists."""
    found = _marked(page)
    marked = found is not None
    if not marked and not body:
        return UNREAD
    found = found or _BODY.search(page)
    if found is None or IGNORED in found.group(0):
        return None
    inner = _RAW.sub(" ", page[found.end():])
    inner = _without_left_out(inner[:_closing(inner, found.group(1))])
    heading = _H1.search(inner) or _TITLE.search(page)
    title = _plain(heading.group(1)) if heading else ""
    return PageText(page_language(page), title, _plain(inner), marked)


UNREAD = PageText("", "", "", False)  # its empty language marks it


def _marked(page: str) -> re.Match[str] | None:
    """The first start tag carrying `MARKER`, found from the last `>` before the marker's first
    occurrence: `_MARKED.search(page)`'s own match (a tag cannot span a `>`, so none starts
    earlier), without scanning every tag of the head for it."""
    at = page.find(MARKER)
    return None if at < 0 else _MARKED.search(page, page.rfind(">", 0, at) + 1)


def page_language(page: str) -> str:
    """The page's `<html lang>`, lowercased; `UNDETERMINED` when missing or not a language tag."""
    found = _LANG.search(page)
    code = found.group(1).lower() if found else ""
    return code if _CODE.fullmatch(code) else UNDETERMINED


def _closing(inner: str, name: str) -> int:
    """Where the element whose start tag came just before `inner` ends: its matching end tag,
    elements of the same name inside it counted; the end of the page if it never closes."""
    depth = 1
    for tag in re.finditer(rf"<(/?){name}\b[^>]*>", inner, re.IGNORECASE):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.start()
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return len(inner)


def _without_left_out(inner: str) -> str:
    """`inner` less every element marked `data-pagefind-ignore` (the date line, a share box)."""
    while (found := _LEFT_OUT.search(inner)) is not None:
        if found.group(1).lower() in _VOID or found.group(0).endswith("/>"):
            inner = inner[:found.start()] + " " + inner[found.end():]
            continue
        rest = inner[found.end():]
        end = _closing(rest, found.group(1))
        after = rest[end:]
        closing = after.find(">")
        inner = inner[:found.start()] + " " + (after[closing + 1:] if closing >= 0 else "")
    return inner


def _plain(markup: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def token_weights(page: PageText) -> Counter[str]:
    """Each token of the page with its weight: what `weights` turns into terms. Counted first
    because a page repeats its words: the terms of a token are found once per page, not per use."""
    counts = Counter(TOKEN.findall(normal(page.text)))
    for token in TOKEN.findall(normal(page.title)):
        counts[token] += TITLE_WEIGHT
    return counts


def hangul_tokens(tokens: Iterable[str]) -> set[str]:
    """The Korean ones among some tokens: what the analyser must have seen before `weights`."""
    # an ASCII token holds no Hangul: the check is cheap, the search is not (a call per token)
    return {token for token in tokens if not token.isascii() and HANGUL.search(token)}


def weights(tokens: Counter[str], analyser: Analyser) -> dict[str, int]:
    """Each term of a page with its weight (see the module's docstring), from its
    `token_weights`; its Korean tokens must have been given to `analyser.learn` first."""
    counts: dict[str, int] = {}
    for token, weight in tokens.items():
        terms = _PARTS.get(token)
        if terms is None:
            terms = [sys.intern(term) for term in _terms(token, analyser)]  # one copy per term
            if analyser.knows(token) or not HANGUL.search(token):
                _PARTS[token] = terms  # a token's terms depend on the token alone, once analysed
        for term in terms:
            counts[term] = counts.get(term, 0) + weight
    return counts


def _terms(token: str, analyser: Analyser) -> list[str]:
    if not HANGUL.search(token):
        return grams(token)
    return [token] + [part for part in dict.fromkeys(analyser.morphemes(token)) if part and part != token]


_PARTS: dict[str, list[str]] = {}  # token → its terms, for the life of the process
