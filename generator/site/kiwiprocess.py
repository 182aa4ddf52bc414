"""kiwipiepy in a process of its own: the Korean analyser's model loads while the build plans
and renders, instead of after.

Loading kiwipiepy's model and readying its analyser (done on the first analysis) takes about
two seconds of CPU, and holds the interpreter's lock all along: a thread would stall the build
as much as loading in line does. A cold build only knows its Korean words once its pages are
rendered, so in line the two seconds came last, with both cores idle but one. Here the model is
loaded by a child process started when the build begins (koreansearch.Analyser.prepare), and
the words are sent to it when they are known. Started afresh with `python -m`, never forked: a
fork would copy the build's memory and whatever lock another thread held (serve indexes from a
thread), and the model is the child's alone.

The protocol is one JSON line each way: a list of words in, then `{"spans": [...]}` with each
word's morpheme spans in order, or `{"error": "..."}` when kiwipiepy is missing or its model
does not load. The child ends
when its input closes: when the build ends, however it ends (a killed parent's pipe closes too).
It ignores Ctrl-C, which reaches every process of the terminal's group: the build handles it
and closes the pipe.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from typing import Any, TextIO

SPLIT_FROM = 4  # syllables: a noun this long may be a compound that kiwipiepy keeps whole
_NOUNS = frozenset({"NNG", "NNP"})
MISSING = "the Korean analyser for search is missing: pip install 'kiwipiepy>=0.24,<0.25'"
Spans = list[tuple[int, int]]


class Morphemes:
    """Words cut into morphemes by kiwipiepy, each word read alone (so the answer depends on the
    word only, never on its neighbours: an index is the same however it was reached)."""

    def __init__(self, kiwi: Any) -> None:
        self._kiwi = kiwi
        self._splits: dict[tuple[str, str], Spans] = {}

    def spans(self, words: list[str]) -> list[Spans]:
        """Each word's morpheme spans, plus the parts of its long nouns (`_parts`), in one batch
        (kiwipiepy spreads a batch over its own threads)."""
        out: list[Spans] = []
        for tokens in self._kiwi.tokenize(words):
            spans = [(t.start, t.start + t.len) for t in tokens]
            for t in tokens:
                if t.tag in _NOUNS and t.len >= SPLIT_FROM:
                    spans += [(t.start + a, t.start + b) for a, b in self._parts(t.form, t.tag)]
            out.append(spans)
        return out

    def _parts(self, noun: str, tag: str) -> Spans:
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


def load() -> Morphemes:
    """kiwipiepy's model, ready: the first analysis readies the analyser (a second more, which
    kiwipiepy defers until then), so it is done here, before any word is waiting."""
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]

    # Without the typo and multi-word dictionaries: they serve the reading of whole sentences
    # (misspellings, set phrases), while the index reads words one at a time. Measured: the model
    # loads in half the time and words are analysed 2.6 times faster.
    kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    kiwi.tokenize("수출")
    return Morphemes(kiwi)


def serve_words(source: TextIO, sink: TextIO) -> None:
    """Answer each line of words on `source` until it closes."""
    try:
        morphemes: Morphemes | None = load()
        failure = ""
    except ImportError:
        morphemes, failure = None, MISSING
    except Exception as error:  # noqa: BLE001 - a damaged model: said in the build's words, not a traceback
        morphemes, failure = None, f"the Korean analyser for search could not load its model: {error}"
    for line in source:
        reply = ({"error": failure} if morphemes is None
                 else {"spans": morphemes.spans([str(word) for word in json.loads(line)])})
        sink.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sink.flush()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own
    sink = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    with contextlib.suppress(BrokenPipeError):  # the build ended while a reply was on its way
        serve_words(source, sink)


if __name__ == "__main__":
    main()
