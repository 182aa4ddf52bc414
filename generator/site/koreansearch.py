"""Korean search: stems, compound parts and middle-dot parts become words Pagefind can find.

Pagefind splits text at whitespace only and matches each query word as a prefix of an indexed
word, so in Korean, where particles and endings are written onto the word (수출은, 투자를) and
nouns join into compounds (수출통제, 항공우주·방산), a stem is found only at the start of a word.

**Index side.** Before Pagefind runs, every Korean page (under a `ko` language folder) is copied
into the folder Pagefind reads (generator/site/searchpages.py) with its text segmented by
kiwipiepy, a Korean morphological analyser whose model ships as a wheel (`kiwipiepy_model`;
nothing is downloaded at run time). Inside each
whitespace-separated word a marker (`MARK`, ASCII punctuation) is put between morphemes:
`수출^`통제^`를`. Pagefind indexes a word holding ASCII punctuation both whole (punctuation
dropped: `수출통제를`, so every match of today still holds) and as its parts (`수출`, `통제`,
`를`), all at the one position of the word, so a part match highlights the original word. Other
pages are hard links into that folder, so English keeps Pagefind's own stemming and nothing else
changes. The site's files are never touched: readers and page bytes see no marker.

**Query side**: generator/site/koreanquery.py, whose `SCRIPT` (written here into the bundle,
beside Pagefind's own files) cuts a Korean query in the browser the way the index was cut, and
removes the marker from the titles and excerpts Pagefind shows. A stem inside a compound is found
only when it is one morpheme: 통제 finds 수출통제, but 항공우주산업 does not find 한국항공우주산업
(indexed as 한국|항공|우주|산업; the query side has no dictionary to split a typed compound alike).

**Speed.** Words repeat: each distinct word is analysed once, alone, in one kiwipiepy batch per
group of pages (kiwipiepy spreads a batch over its own threads), and remembered for the rest of
the process, so `pressroom serve` analyses only new words when it indexes again; and the marked
pages are kept between builds (generator/site/searchpages.py), so only changed pages are marked.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import PressroomError
from generator.site.koreanquery import HANGUL, MARK, SCRIPT, browser_script

SPLIT_FROM = 4  # syllables: a noun this long may be a compound that kiwipiepy keeps whole
GROUP = 500  # pages analysed per kiwipiepy batch: bounded memory, few calls
_NOUNS = frozenset({"NNG", "NNP"})
_TEXT = re.compile(r">([^<]+)<")  # text between two tags
_WORD = re.compile(r"\S+")
_PUNCTUATION = frozenset(string.punctuation)
_OPENING = re.compile(r"<(\w+)")
_SKIP = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


def is_korean(code: str) -> bool:
    return code.split("-")[0].lower() == "ko"


class Analyser:
    """kiwipiepy behind a memo of marked words. Loaded on first use (about a second)."""

    def __init__(self) -> None:
        self._kiwi: Any = None
        self._marked: dict[str, str] = {}
        self._splits: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self._lock = threading.Lock()  # serve indexes from a background thread

    def learn(self, words: Iterable[str]) -> None:
        """Analyse, in one batch, the words not seen before."""
        with self._lock:
            new = sorted({w for w in words if w not in self._marked})
            if not new:
                return
            if self._kiwi is None:
                self._kiwi = _load_kiwi()
            spans = self._spans(new)
            for word in new:
                self._marked[word] = mark_word(word, spans[word])

    def _spans(self, words: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Each word's morpheme spans, plus the parts of its long nouns (`_parts`)."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for word, tokens in zip(words, self._kiwi.tokenize(words), strict=True):
            spans[word] = [(t.start, t.start + t.len) for t in tokens]
            for t in tokens:
                if t.tag in _NOUNS and t.len >= SPLIT_FROM:
                    spans[word] += [(t.start + a, t.start + b) for a, b in self._parts(t.form, t.tag)]
        return spans

    def _parts(self, noun: str, tag: str) -> list[tuple[int, int]]:
        """Read alone, a long noun often stays whole (항공우주) where in a sentence kiwipiepy
        splits it (항공|우주); so it is read once more, alone and with itself forbidden, and the
        split is kept when all its parts are nouns of two syllables or more (국가기술표준원 →
        국가|기술|표준원, but not 필리핀 → 필|리|핀). Alone, so the answer depends on the noun only,
        never on the other words of a batch: the index is the same however it was reached."""
        if (noun, tag) not in self._splits:
            from kiwipiepy import MorphemeSet

            tokens = self._kiwi.tokenize(noun, blocklist=MorphemeSet(self._kiwi, [(noun, tag)]))
            parts = [(t.start, t.start + t.len) for t in tokens]
            whole = len(parts) > 1 and sum(b - a for a, b in parts) == len(noun)
            good = whole and all(t.tag in _NOUNS and t.len >= 2 for t in tokens)
            self._splits[(noun, tag)] = parts if good else []
        return self._splits[(noun, tag)]

    def marked(self, word: str) -> str:
        """The word with `MARK` between its morphemes (after `learn` saw it)."""
        return self._marked.get(word, word)

    def known(self) -> dict[str, str]:
        """Every word analysed so far, marked: to keep for the next build (searchpages.py)."""
        with self._lock:
            return dict(self._marked)

    def remember(self, marked: dict[str, str]) -> None:
        """Take words marked by an earlier build: a word's marking depends on the word alone (it
        is analysed alone), so a remembered one is what analysing it now would give, and a build
        whose pages hold no new word never loads kiwipiepy (7 s of CPU, 0.5 GB)."""
        with self._lock:
            for word, value in marked.items():
                self._marked.setdefault(word, value)


ANALYSER = Analyser()


def _load_kiwi() -> Any:
    try:
        from kiwipiepy import Kiwi  # type: ignore[import-untyped]
    except ImportError:
        raise PressroomError("pyproject.toml", None, "the Korean analyser for search is missing: "
                             "pip install 'kiwipiepy>=0.24,<0.25'") from None
    return Kiwi()


def mark_word(word: str, spans: list[tuple[int, int]]) -> str:
    """`MARK` at each morpheme boundary inside `word` that touches a non-ASCII character and no
    ASCII punctuation: English words, figures and character references (`R&amp;D`) are left
    whole, as Pagefind reads them, and where Pagefind splits by itself no marker is needed."""
    cuts = sorted({edge for span in spans for edge in span if 0 < edge < len(word)})
    out, last = [], 0
    for cut in cuts:
        left, right = word[cut - 1], word[cut]
        if (left.isascii() and right.isascii()) or _PUNCTUATION.intersection(left + right):
            continue  # Pagefind already splits at ASCII punctuation
        out += [word[last:cut], MARK]
        last = cut
    return "".join(out) + word[last:]


def _indexed_part(html: str) -> tuple[str, str, str]:
    """The page cut around its indexed element: from the attribute to the last closing tag of
    the element's name (its own or a later one: never less than the element), so the lists and
    navigation around it, which Pagefind does not index, are not analysed either."""
    start = html.find("data-pagefind-body")
    if start < 0:
        return html, "", ""
    name = _OPENING.match(html, html.rfind("<", 0, start))
    end = html.rfind(f"</{name.group(1)}>", start) if name else -1
    end = len(html) if end < 0 else end
    return html[:start], html[start:end], html[end:]


def hangul_words(html: str) -> set[str]:
    body = _SKIP.sub("", _indexed_part(html)[1])
    return {w for text in _TEXT.findall(body) for w in _WORD.findall(text) if HANGUL.search(w)}


def mark_html(html: str, analyser: Analyser = ANALYSER) -> str:
    """The page as Pagefind should read it: its indexed text segmented with `MARK`."""
    analyser.learn(hangul_words(html))
    return marked_html(html, analyser)


def marked_html(html: str, analyser: Analyser) -> str:
    head, body, tail = _indexed_part(html)
    if not body:
        return html

    def words(text: re.Match[str]) -> str:
        return ">" + _WORD.sub(lambda w: analyser.marked(w.group()), text.group(1)) + "<"

    kept = [m.span() for m in _SKIP.finditer(body)]
    pieces, last = [], 0
    for start, end in kept + [(len(body), len(body))]:
        pieces += [_TEXT.sub(words, body[last:start]), body[start:end]]
        last = end
    return head + "".join(pieces) + tail


def write_script(bundle: Path) -> None:
    """Put `SCRIPT` into a Pagefind bundle folder."""
    (bundle / SCRIPT).write_text(browser_script(), encoding="utf-8")
