"""Korean search: stems, compound parts and middle-dot parts become words Pagefind can find.

Pagefind splits text at whitespace only and matches each query word as a prefix of an indexed
word, so in Korean, where particles and endings are written onto the word (수출은, 투자를) and
nouns join into compounds (수출통제, 항공우주·방산), a stem is found only at the start of a word.

**Index side.** Before Pagefind runs, every Korean page (under a `ko` language folder) is copied
into a shadow of the site with its text segmented by kiwipiepy, a Korean morphological analyser
whose model ships as a wheel (`kiwipiepy_model`; nothing is downloaded at run time). Inside each
whitespace-separated word a marker (`MARK`, ASCII punctuation) is put between morphemes:
`수출^`통제^`를`. Pagefind indexes a word holding ASCII punctuation both whole (punctuation
dropped: `수출통제를`, so every match of today still holds) and as its parts (`수출`, `통제`,
`를`), all at the one position of the word, so a part match highlights the original word. Other
pages are hard links into the shadow, so English keeps Pagefind's own stemming and nothing else
changes. The site's files are never touched: readers and page bytes see no marker.

Pagefind keeps the marked text as the excerpt it shows, so `SCRIPT`, written into the bundle
beside Pagefind's own files, gives the search page `processResult`, which removes the marker
from titles and excerpts before they are shown. A release whose text itself holds the two
characters of `MARK` would lose them in an excerpt only; press releases do not write them.

**Query side.** The browser cannot run kiwipiepy, so the same `SCRIPT` gives `processTerm`, a
table-driven twin of `query_terms`: a query word holding Hangul is split at every character that
is not a letter or digit (the middle dot of 항공우주·방산), and each part loses the longest
particle or ending of `SUFFIXES` that leaves a stem of at least `MIN_STEM` characters (수출은 →
수출; 국가 stays 국가). A stripped word is a prefix of the typed one, so stripping can only add
matches, never lose one. Every entry of the table is one kiwipiepy reads as particles or endings
(tests/site/test_koreansearch.py). A stem inside a compound is found only when it is one
morpheme: 통제 finds 수출통제, but 항공우주산업 does not find 한국항공우주산업 (kiwipiepy splits it
into 한국|항공|우주|산업, and the query side has no dictionary to split a typed compound alike).

**Speed.** Words repeat: each distinct word is analysed once, alone, in one kiwipiepy batch per
group of pages (kiwipiepy spreads a batch over its own threads), and remembered for the rest of
the process, so `pressroom serve` analyses only new words when it indexes again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import PressroomError

MARK = "^`"  # ASCII punctuation: Pagefind indexes the parts of a word it separates
SCRIPT = "pressroom-search.js"  # written into the Pagefind bundle
MIN_STEM = 2
SPLIT_FROM = 4  # syllables: a noun this long may be a compound that kiwipiepy keeps whole
GROUP = 500  # pages analysed per kiwipiepy batch: bounded memory, few calls

# Particles (조사) that follow a noun, alone and in the usual combinations.
PARTICLES = (
    "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "만", "로", "으로", "에서",
    "에게", "께서", "까지", "부터", "보다", "처럼", "마다", "조차", "밖에", "이나", "나",
    "에는", "에도", "에만", "에서는", "에서도", "에서의", "으로는", "으로도", "으로의", "로는",
    "로도", "로의", "과의", "와의", "과는", "와는", "과도", "와도", "까지의", "부터는", "에게는",
    "으로서", "로서", "으로써", "로써", "이라는", "라는", "이란", "이며", "이고", "이다", "였다",
    "이었다", "에의", "들", "들이", "들은", "들을", "들의", "들과", "들에", "들에게", "들도",
)
# Endings of a noun made a verb with 하다/되다/시키다 (증가했다, 확대된), the usual forms.
ENDINGS = (
    "하다", "했다", "하고", "하며", "하는", "한", "할", "해", "하여", "해서", "했으며", "했고",
    "하기", "하게", "하면", "하기로", "하겠다", "한다", "합니다", "했습니다", "하였다", "하였으며",
    "된다", "됐다", "되었다", "되어", "되고", "되며", "되는", "된", "될", "돼", "되면", "됐으며",
    "시킨", "시켰다", "시키는", "시키고", "시켜",
)
SUFFIXES = tuple(sorted(set(PARTICLES + ENDINGS), key=lambda s: (-len(s), s)))
_SUFFIX_SET = frozenset(SUFFIXES)

_NOUNS = frozenset({"NNG", "NNP"})
_HANGUL = re.compile("[\uac00-\ud7a3]")
_PIECES = re.compile(r"[\W_]+")  # not a letter or digit: the query side's word breaks
_TEXT = re.compile(r">([^<]+)<")  # text between two tags
_WORD = re.compile(r"\S+")
_PUNCTUATION = frozenset(string.punctuation)
_SKIP = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


def is_korean(code: str) -> bool:
    return code.split("-")[0].lower() == "ko"


# --- Query side --------------------------------------------------------------------------------

def strip_suffix(word: str) -> str:
    """The stem of a typed word: the longest particle or ending that leaves `MIN_STEM` off."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def query_terms(query: str) -> str:
    """What the search page sends Pagefind for a typed query (the reference for `SCRIPT`)."""
    terms: list[str] = []
    for word in unicodedata.normalize("NFC", query).split():
        if not _HANGUL.search(word):
            terms.append(word)  # English and figures: Pagefind's own handling
            continue
        pieces = [piece for piece in _PIECES.split(word) if piece]
        # A particle standing alone after a quote or bracket (‘반도체’를) is no word of its own.
        terms += [strip_suffix(p) for i, p in enumerate(pieces) if not (i and p in _SUFFIX_SET)]
    return " ".join(terms)


def browser_script() -> str:
    """`SCRIPT`: processTerm and processResult for PagefindUI, with this module's table."""
    table = json.dumps({"suffixes": SUFFIXES, "minStem": MIN_STEM, "mark": MARK},
                       ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_TEMPLATE.replace("TABLE", table)


_SCRIPT_TEMPLATE = """\
// Written by Pressroom (generator/site/koreansearch.py): Korean queries as the index holds them.
(function () {
  "use strict";
  var T = TABLE;
  var hangul = /[\\uac00-\\ud7a3]/, breaks = /[^\\p{L}\\p{N}]+/u;
  function strip(word) {
    for (var i = 0; i < T.suffixes.length; i++) {
      var s = T.suffixes[i];
      if (word.length - s.length >= T.minStem && word.slice(-s.length) === s) {
        return word.slice(0, -s.length);
      }
    }
    return word;
  }
  function processTerm(query) {
    var terms = [];
    query.normalize("NFC").split(/\\s+/).forEach(function (word) {
      if (!word) return;
      if (!hangul.test(word)) { terms.push(word); return; }
      word.split(breaks).filter(Boolean).forEach(function (p, i) {
        if (!(i && T.suffixes.indexOf(p) >= 0)) terms.push(strip(p));
      });
    });
    return terms.join(" ");
  }
  function clean(text) { return typeof text === "string" ? text.split(T.mark).join("") : text; }
  function processResult(result) {
    result.excerpt = clean(result.excerpt);
    if (result.meta) result.meta.title = clean(result.meta.title);
    (result.sub_results || []).forEach(function (sub) {
      sub.title = clean(sub.title);
      sub.excerpt = clean(sub.excerpt);
    });
    return result;
  }
  window.PressroomSearch = {processTerm: processTerm, processResult: processResult};
})();
"""


# --- Index side --------------------------------------------------------------------------------

class Analyser:
    """kiwipiepy behind a memo of marked words. Loaded on first use (about a second)."""

    def __init__(self) -> None:
        self._kiwi: Any = None
        self._marked: dict[str, str] = {}
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
        """Each word's morpheme spans. Read alone, a long noun often stays whole (항공우주) where in
        a sentence kiwipiepy splits it (항공|우주); so every noun of `SPLIT_FROM` syllables or more
        is read once more with itself forbidden, and its split is kept when all its parts are
        nouns of two syllables or more (국가기술표준원 → 국가|기술|표준원, but not 필리핀 → 필|리|핀)."""
        from kiwipiepy import MorphemeSet

        first = dict(zip(words, self._kiwi.tokenize(words), strict=True))
        spans = {word: [(t.start, t.start + t.len) for t in tokens] for word, tokens in first.items()}
        long = {(t.form, t.tag) for tokens in first.values() for t in tokens
                if t.tag in _NOUNS and len(t.form) >= SPLIT_FROM}
        again = [word for word, tokens in first.items() if any((t.form, t.tag) in long for t in tokens)]
        if not again:
            return spans
        blocked = MorphemeSet(self._kiwi, list(long))
        for word, tokens in zip(again, self._kiwi.tokenize(again, blocklist=blocked), strict=True):
            for noun in (t for t in first[word] if (t.form, t.tag) in long):
                start, end = noun.start, noun.start + noun.len
                parts = [t for t in tokens if start <= t.start and t.start + t.len <= end]
                if (len(parts) > 1 and sum(t.len for t in parts) == noun.len
                        and all(t.tag in _NOUNS and t.len >= 2 for t in parts)):
                    spans[word] += [(t.start, t.start + t.len) for t in parts]
        return spans

    def marked(self, word: str) -> str:
        """The word with `MARK` between its morphemes (after `learn` saw it)."""
        return self._marked.get(word, word)


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


def _indexed_part(html: str) -> tuple[str, str]:
    """The page split where its indexed element starts: only text after it is marked."""
    start = html.find("data-pagefind-body")
    return (html, "") if start < 0 else (html[:start], html[start:])


def _hangul_words(html: str) -> set[str]:
    body = _SKIP.sub("", _indexed_part(html)[1])
    return {w for text in _TEXT.findall(body) for w in _WORD.findall(text) if _HANGUL.search(w)}


def mark_html(html: str, analyser: Analyser = ANALYSER) -> str:
    """The page as Pagefind should read it: its indexed text segmented with `MARK`."""
    analyser.learn(_hangul_words(html))
    return _marked_html(html, analyser)


def _marked_html(html: str, analyser: Analyser) -> str:
    head, body = _indexed_part(html)
    if not body:
        return html

    def words(text: re.Match[str]) -> str:
        return ">" + _WORD.sub(lambda w: analyser.marked(w.group()), text.group(1)) + "<"

    kept = [m.span() for m in _SKIP.finditer(body)]
    pieces, last = [], 0
    for start, end in kept + [(len(body), len(body))]:
        pieces += [_TEXT.sub(words, body[last:start]), body[start:end]]
        last = end
    return head + "".join(pieces)


def shadow_site(site: Path, shadow: Path, analyser: Analyser = ANALYSER) -> Path:
    """The folder Pagefind should index: `site` itself when it has no Korean pages, otherwise
    `shadow`, filled with the site's HTML (Korean pages marked, the others hard links)."""
    korean = [entry.name for entry in os.scandir(site) if entry.is_dir() and is_korean(entry.name)]
    if not korean:
        return site
    try:
        _fill_shadow(site, shadow, korean, analyser)
    except OSError as error:
        shutil.rmtree(shadow, ignore_errors=True)
        raise PressroomError(shadow, None, f"cannot prepare the pages for search: {error}") from None
    return shadow


def _fill_shadow(site: Path, shadow: Path, korean: list[str], analyser: Analyser) -> None:
    shutil.rmtree(shadow, ignore_errors=True)
    pages: list[tuple[Path, Path]] = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        target = shadow / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative.parts[0] in korean and len(relative.parts) > 1:
            pages.append((path, target))
        else:
            _link(path, target)
    for start in range(0, len(pages), GROUP):
        group = [(page.read_text(encoding="utf-8"), target) for page, target in pages[start:start + GROUP]]
        analyser.learn(w for html, _ in group for w in _hangul_words(html))
        for html, target in group:
            target.write_text(_marked_html(html, analyser), encoding="utf-8")


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy reads the same
        shutil.copyfile(source, target)


def write_script(bundle: Path) -> None:
    """Put `SCRIPT` into a Pagefind bundle folder."""
    (bundle / SCRIPT).write_text(browser_script(), encoding="utf-8")
