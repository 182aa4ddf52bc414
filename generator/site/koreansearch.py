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
build whose pages hold no new word never loads kiwipiepy (its model: 2 s of CPU and 0.3 GB). The
model lives in a process of its own (generator/site/kiwiprocess.py), which a build that will need
it starts first thing, so that it loads while the pages are planned and rendered.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import string
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from generator.errors import PressroomError

GROUP = 500  # pages analysed per kiwipiepy batch: bounded memory, few calls
_PUNCTUATION = frozenset(string.punctuation)
MARK = "^`"  # between a remembered word's morphemes (ASCII punctuation: never inside a token)


def is_korean(code: str) -> bool:
    return code.split("-")[0].lower() == "ko"


class Analyser:
    """kiwipiepy, in a process of its own (generator/site/kiwiprocess.py), behind a memo of marked
    words. Started on first use, or ahead of it by `prepare`."""

    def __init__(self) -> None:
        self._helper: _Helper | None = None
        self._marked: dict[str, str] = {}
        self._lock = threading.Lock()  # serve indexes from a background thread

    def prepare(self) -> None:
        """Start loading the model now (about two seconds), so that it is ready by the time
        words are sent: a build calls this first when its index will need it."""
        with self._lock:
            self._started()

    def learn(self, words: Iterable[str]) -> None:
        """Analyse, in one batch, the words not seen before."""
        with self._lock:
            new = sorted({w for w in words if w not in self._marked})
            if not new:
                return
            for word, spans in zip(new, self._started().spans(new), strict=True):
                self._marked[word] = mark_word(word, spans)

    def close(self) -> None:
        """End the analyser's process now (it ends at exit anyway); a later `learn` starts one."""
        with self._lock:
            if self._helper is not None:
                self._helper.close()
                self._helper = None

    def _started(self) -> _Helper:
        # a forked process (a build worker, serve's build process) starts its own: two processes
        # asking one analyser through the same pipes would read each other's answers
        if self._helper is None or self._helper.owner != os.getpid():
            self._helper = _Helper()
        return self._helper

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
        whose pages hold no new word never loads kiwipiepy."""
        with self._lock:
            for word, value in marked.items():
                self._marked.setdefault(word, value)


ANALYSER = Analyser()
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `generator` package


class _Helper:
    """The kiwipiepy process: started at once, asked one batch at a time. It ends when this
    process does (its input closes), or at exit if it is still loading."""

    def __init__(self) -> None:
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": str(_ROOT) + (os.pathsep + path if path else "")}
        self.owner = os.getpid()
        self._process = subprocess.Popen([sys.executable, "-m", "generator.site.kiwiprocess"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        atexit.register(self.close)

    def spans(self, words: list[str]) -> list[list[tuple[int, int]]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            self._process.stdin.write(json.dumps(words, ensure_ascii=False).encode() + b"\n")
            self._process.stdin.flush()
            reply = json.loads(self._process.stdout.readline() or b"null")
        except (OSError, ValueError):
            reply = None
        if not isinstance(reply, dict):
            # the process, not the input, is at fault (killed, out of memory): named by its file
            raise PressroomError(_ROOT / "generator" / "site" / "kiwiprocess.py", None,
                                 "the Korean analyser for search stopped (exit status "
                                 f"{self._process.poll()}); build again")
        if "error" in reply:
            raise PressroomError("pyproject.toml", None, str(reply["error"]))
        return [[(int(a), int(b)) for a, b in spans] for spans in reply["spans"]]

    def close(self) -> None:
        if os.getpid() != self.owner:
            return  # a forked copy: the process is its parent's to end
        atexit.unregister(self.close)  # else each closed helper stays referenced until exit
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()


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
