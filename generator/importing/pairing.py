"""Proposing which English and Korean records are one release in two languages.

Record order is no evidence (dumps of the two languages need not line up), so pairs come from
content: records of the same date that share figures (28.5, 120, 2025 …) and Latin names and
acronyms (MOTIE, KAI, IPEF, Boeing, ORION SPIRIT). Evidence found in every record of a date
counts for little; rarer evidence counts for more. Pairs are assigned one-to-one, best first,
in a deterministic order. Work is bucketed by date, so it grows with the archive, not its square.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator import workers

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9&]*")
# A capital not preceded by a name character. The look-behind comes after the capital (and
# covers it) so the regex engine can skip ahead to capitals instead of trying every position.
_CAPITALISED_RE = re.compile(r"[A-Z](?<![A-Za-z0-9&][A-Z])[A-Za-z0-9&]*")
# Capitalised English words that say nothing about which release this is.
_COMMON = frozenset({
    "the", "a", "an", "in", "on", "at", "of", "for", "and", "to", "by", "with", "as", "from",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "our", "his", "her",
    "their", "korea", "korean", "koreans", "republic", "ministry", "minister", "vice", "meanwhile",
    "also", "during", "after", "before", "under", "over", "since", "while", "through", "however",
})
MIN_SHARED = 2  # a pair needs at least this many shared pieces of evidence


@dataclass(frozen=True)
class Candidate:
    """A record as the pairing sees it; `key` orders candidates and names them in results."""

    key: str
    date: dt.date
    evidence: frozenset[str]


def evidence(title: str, body: str, lang: str) -> frozenset[str]:
    """Figures and Latin names in a record's text, in a form both languages share."""
    text = f"{title}\n{body}"
    # A figure ends in a digit and holds a separator only between digits, so after dropping
    # thousands commas it counts when it has two characters or more (one digit says nothing).
    figures = {number.replace(",", "") for number in _NUMBER_RE.findall(text)}
    # In English only capitalised words are names; Korean text writes only names in Latin.
    names = set(map(str.lower, (_LATIN_RE if lang == "ko" else _CAPITALISED_RE).findall(text)))
    names -= _COMMON
    return frozenset([*("#" + figure for figure in figures if len(figure) >= 2),
                      *(name for name in names if len(name) >= 2)])


def propose_pairs(english: Iterable[Candidate], korean: Iterable[Candidate]) -> list[tuple[str, str]]:
    """One-to-one (english key, korean key) pairs, best evidence first."""
    by_date: dict[dt.date, tuple[list[Candidate], list[Candidate]]] = defaultdict(lambda: ([], []))
    for candidate in english:
        by_date[candidate.date][0].append(candidate)
    for candidate in korean:
        by_date[candidate.date][1].append(candidate)
    dates = sorted(date for date, (en, ko) in by_date.items() if en and ko)
    # Dates are independent of each other: large imports pair them in two processes.
    count = sum(len(en) + len(ko) for en, ko in by_date.values())
    return workers.map_chunks(_pair_dates, by_date, dates, parallel=count >= workers.PARALLEL_FROM)


def _pair_dates(by_date: dict[dt.date, tuple[list[Candidate], list[Candidate]]],
                dates: Sequence[dt.date]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for date in dates:
        pairs.extend(_pair_bucket(*by_date[date]))
    return pairs


def _pair_bucket(english: list[Candidate], korean: list[Candidate]) -> list[tuple[str, str]]:
    counts = Counter(item for c in (*english, *korean) for item in c.evidence)
    size = len(english) + len(korean)
    weight = {item: math.log((size + 1) / count) + 0.1 for item, count in counts.items()}
    scored: list[tuple[float, str, str]] = []
    for en in english:
        for ko in korean:
            shared = en.evidence & ko.evidence
            if len(shared) >= MIN_SHARED:
                # Dividing by the union's size keeps a short release from losing its partner to
                # a longer one that repeats its text (near-duplicates on one day).
                union = sum(weight[i] for i in en.evidence | ko.evidence)
                score = sum(weight[i] for i in shared) / union
                scored.append((-round(score, 9), en.key, ko.key))
    scored.sort()
    taken_en: set[str] = set()
    taken_ko: set[str] = set()
    pairs = []
    for _, en_key, ko_key in scored:
        if en_key not in taken_en and ko_key not in taken_ko:
            taken_en.add(en_key)
            taken_ko.add(ko_key)
            pairs.append((en_key, ko_key))
    return pairs
