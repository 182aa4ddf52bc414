"""Korean search, query side: what the search page sends Pagefind for a typed Korean query.

The index (generator/site/koreansearch.py) holds each Korean word whole and as its morphemes.
The browser cannot run kiwipiepy, so `SCRIPT`, written into the Pagefind bundle, gives the
search page `processTerm`, a table-driven twin of `query_terms`: a query word holding Hangul is
split at every character that is not a letter or digit (the middle dot of 항공우주·방산), and
each part loses the longest particle or ending of `SUFFIXES` that leaves a stem of at least
`MIN_STEM` characters (수출은 → 수출; 국가 stays 국가). A stripped word is a prefix of the typed
one, so stripping can only add matches, never lose one. Every entry of the table is one
kiwipiepy reads as particles or endings (tests/site/test_koreansearch.py).

It also gives `processResult`: Pagefind shows the marked text it indexed, so the marker is
removed from titles and excerpts before readers see them. A release whose text itself holds the
two characters of `MARK` would lose them in an excerpt only; press releases do not write them.
"""

from __future__ import annotations

import json
import re
import unicodedata

MARK = "^`"  # ASCII punctuation: Pagefind indexes the parts of a word it separates
SCRIPT = "pressroom-search.js"  # written into the Pagefind bundle
MIN_STEM = 2
HANGUL = re.compile("[\uac00-\ud7a3]")
_PIECES = re.compile(r"[\W_]+")  # not a letter or digit: the query side's word breaks

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
        if not HANGUL.search(word):
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
