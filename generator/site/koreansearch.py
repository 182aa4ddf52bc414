"""Korean search, index side: each Korean word's morphemes, so a stem is found in any form.

In Korean, particles and endings are written onto the word (수출은, 투자를) and nouns join into
compounds (수출통제, 항공우주·방산). The index (generator/site/searchtext.py) holds every Korean
word whole and as its morphemes, cut by kiwipiepy, a Korean morphological analyser whose model
ships as a wheel (`kiwipiepy_model`; nothing is downloaded at run time): 수출통제를 is found by
수출, 통제 and 수출통제를. The query side (generator/site/searchquery.py) strips the particle
or ending a reader types and matches by prefix. A stem inside a compound is found only when it is
one morpheme: 통제 finds 수출통제, but 항공우주산업 does not find 한국항공우주산업 (indexed as
한국|항공|우주|산업; the query side has no dictionary to split a typed compound alike).

**Speed.** Words repeat: each distinct word is analysed once, alone (so the answer depends on the
word only, never on its neighbours: an index is the same however it was reached), in one
kiwipiepy batch per group of pages (kiwipiepy spreads a batch over its own threads), and
remembered: for the rest of the process, and between builds (generator/site/searchcache.py), so a
build whose pages hold no new word never loads kiwipiepy (its model: 0.5 s of CPU and 0.3 GB).
"""

from __future__ import annotations

import string
import threading
from collections.abc import Iterable
from typing import Any

from generator.errors import PressroomError

SPLIT_FROM = 4  # syllables: a noun this long may be a compound that kiwipiepy keeps whole
GROUP = 500  # pages analysed per kiwipiepy batch: bounded memory, few calls
_NOUNS = frozenset({"NNG", "NNP"})
_PUNCTUATION = frozenset(string.punctuation)
MARK = "^`"  # between a remembered word's morphemes (ASCII punctuation: never inside a token)


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

    def knows(self, word: str) -> bool:
        return word in self._marked

    def morphemes(self, word: str) -> list[str]:
        """The word's morphemes (after `learn` saw it); the word itself when it is one."""
        return self._marked.get(word, word).split(MARK)

    def known(self) -> dict[str, str]:
        """Every word analysed so far, marked: to keep for the next build (searchcache.py)."""
        with self._lock:
            return dict(self._marked)

    def remember(self, marked: dict[str, str]) -> None:
        """Take words marked by an earlier build: a word's marking depends on the word alone (it
        is analysed alone), so a remembered one is what analysing it now would give, and a build
        whose pages hold no new word never loads kiwipiepy (its model: 0.5 s of CPU and 0.3 GB)."""
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
    # Without the typo and multi-word dictionaries: they serve the reading of whole sentences
    # (misspellings, set phrases), while the index reads words one at a time. Measured: the model
    # loads in half the time and words are analysed 2.6 times faster.
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


def mark_word(word: str, spans: list[tuple[int, int]]) -> str:
    """`MARK` at each morpheme boundary inside `word` that touches a non-ASCII character and no
    ASCII punctuation: English words and figures inside a Korean word (5G통신, SK하이닉스) stay
    whole, as the query side reads them, and punctuation already separates tokens."""
    cuts = sorted({edge for span in spans for edge in span if 0 < edge < len(word)})
    out, last = [], 0
    for cut in cuts:
        left, right = word[cut - 1], word[cut]
        if (left.isascii() and right.isascii()) or _PUNCTUATION.intersection(left + right):
            continue  # the tokenizer already splits at punctuation
        out += [word[last:cut], MARK]
        last = cut
    return "".join(out) + word[last:]
