"""Search, query side: how a typed query becomes index terms, and the tables the browser needs.

The index (generator/site/searchtext.py) holds each Korean word whole and as its kiwipiepy
morphemes, Chinese and Japanese text as overlapping pairs of characters, other words whole. The
browser cannot run kiwipiepy, so the search page's script (generator/site/searchclient.js) cuts
a query with `tables()`, written into the index as `tables.json`, the way `query_terms` here does
(the reference: tests/e2e/test_korean_search.py compares the two in Chromium):

- a Korean word is split at every character that is not a letter or digit (the middle dot of
  항공우주·방산, and the "ㆍ" official texts write for it: `normal` makes it a middle dot on both
  sides), and each part loses the longest particle or ending of `SUFFIXES` that leaves
  `MIN_STEM` characters (수출은 → 수출; 국가 stays 국가);
- an English word loses a plural or tense ending (exports → export) when `ENGLISH_MIN_STEM`
  letters remain;
- a query term matches every index term it begins (generator/site/searchindex.py), so a stripped
  word can only add matches, never lose one: 수출 finds 수출은 and 수출통제, export finds exported.

Every entry of the Korean table is one kiwipiepy reads as particles or endings
(tests/site/test_koreansearch.py), but 만큼, a particle after a noun (반도체만큼), which it tags a
bound noun: the noun before it is its own morpheme either way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

VERSION = 1  # of the index's layout, in tables.json and each meta.json
BLOCK = 16  # titles and links per `docs/` file
MIN_STEM = 2
ENGLISH_SUFFIXES = ("ies", "ing", "ed", "es", "s")
ENGLISH_MIN_STEM = 3
HANGUL = re.compile("[\uac00-\ud7a3]")
# Han and kana: no spaces between words, so text is indexed and queried as pairs of characters.
GRAMMED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"([{GRAMMED}]+)")
TOKEN = re.compile(r"[^\W_]+")  # a run of letters and digits: the unit of the index and of queries
# Korean official texts write the middle dot of 항공우주ㆍ방산 or 중ㆍ저준위 as "ㆍ" (U+318D HANGUL
# LETTER ARAEA), which NFKC makes U+119E (the araea vowel): a letter, so the word would stay one
# token, and kiwipiepy often keeps it whole. So it is read as the middle dot U+00B7, which
# separates tokens, wherever it is not the vowel of an old syllable, i.e. not after a leading
# consonant jamo (ᄒᆞᆫ keeps it). searchclient.js's `normal` does the same.
ARAEA = "\u119e"
MIDDLE_DOT = "\u00b7"
_ARAEA_DOT = re.compile("(?<![\u1100-\u115f\ua960-\ua97f])\u119e")

# Particles (조사) that follow a noun, alone and in the usual combinations.
PARTICLES = (
    "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "만", "로", "으로", "에서",
    "에게", "께서", "까지", "부터", "보다", "처럼", "마다", "조차", "밖에", "이나", "나",
    "에는", "에도", "에만", "에서는", "에서도", "에서의", "으로는", "으로도", "으로의", "로는",
    "로도", "로의", "과의", "와의", "과는", "와는", "과도", "와도", "까지의", "부터는", "에게는",
    "으로서", "로서", "으로써", "로써", "이라는", "라는", "이란", "이며", "이고", "이다", "였다",
    "이었다", "에의", "들", "들이", "들은", "들을", "들의", "들과", "들에", "들에게", "들도",
    "에서만", "에게서", "에게도", "에게만", "에서부터", "으로부터", "로부터", "으로만", "로만",
    "이랑", "랑", "하고", "까지도", "까지만", "보다는", "만큼", "마저",
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


def normal(text: str) -> str:
    """Text as both sides compare it: NFKC (full-width letters, compatibility forms), the araea
    written as a middle dot made `MIDDLE_DOT` (항공우주ㆍ방산: see `ARAEA`), lowercase."""
    if not unicodedata.is_normalized("NFKC", text):  # most text is: the check is cheap
        text = unicodedata.normalize("NFKC", text)
    if ARAEA in text:  # rare: the search is skipped for almost every page
        text = _ARAEA_DOT.sub(MIDDLE_DOT, text)
    return text.lower()


def strip_suffix(word: str) -> str:
    """The stem of a typed Korean word: the longest particle or ending that leaves `MIN_STEM`."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def strip_english(word: str) -> str:
    """A typed English word without its plural or tense ending, `ENGLISH_MIN_STEM` letters kept."""
    if word.isascii() and word.isalpha():
        for suffix in ENGLISH_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= ENGLISH_MIN_STEM:
                return word[: -len(suffix)]
    return word


def grams(token: str) -> list[str]:
    """A token's Han and kana runs as overlapping pairs (a lone character as itself), its other
    runs as words: the terms a token of any script stands for, on both sides."""
    out: list[str] = []
    for run in _RUNS.split(token):
        if not run:
            continue
        if _RUNS.fullmatch(run):
            out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            out.append(run)
    return out


def query_terms(query: str) -> list[str]:
    """The index terms a typed query looks for, each matched as a prefix (searchclient.js's twin)."""
    terms: list[str] = []
    for word in normal(query).split():
        for i, piece in enumerate(TOKEN.findall(word)):
            if HANGUL.search(piece):
                # A particle standing alone after a quote or bracket (‘반도체’를) is no word of its own.
                if not (i and piece in _SUFFIX_SET):
                    terms.append(strip_suffix(piece))
            else:
                terms += [strip_english(part) for part in grams(piece)]
    return list(dict.fromkeys(terms))


def tables() -> dict[str, Any]:
    """`tables.json`: what the browser needs to cut a query as `query_terms` does."""
    return {"version": VERSION, "block": BLOCK, "suffixes": list(SUFFIXES), "minStem": MIN_STEM,
            "englishSuffixes": list(ENGLISH_SUFFIXES), "englishMinStem": ENGLISH_MIN_STEM}
