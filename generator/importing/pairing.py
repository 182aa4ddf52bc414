"""Proposing which English and Korean records are one release in two languages.

Record order is no evidence (dumps of the two languages need not line up), so pairs come from
content. Each record becomes a set of language-free features — figures with their units and
scale (generator.importing.figures: `120억 달러` and `USD 12 billion` are one feature), the
vocabulary's concepts (a tag its English rules find on one side and its Korean rules on the
other), and Latin names and acronyms (MOTIE, KAI, ORION SPIRIT). A feature's weight is its
rarity across the whole import (inverse document frequency): `MOTIE` is in nearly every release
and says almost nothing, `USD 83.6 million` says a lot.

An English release is compared with the Korean releases dated from `before` days earlier to
`after` days later (the Korean original usually comes first). A pair's score is the weight of
what both share divided by the smaller side's total, so a long translation of a short original
is not punished for what it adds; an absolute floor of shared weight keeps a short release with
two common features from scoring high on luck. Two releases whose dumps both state a category,
and state different ones, are never a pair.

Candidate pairs form a bipartite graph; each connected part is assigned one-to-one exactly
(generator.importing.assignment) to the greatest total score. A pair whose best alternative
assignment scores within MARGIN of it is ambiguous: it is not formed but proposed to a person,
with its evidence.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.importing.assignment import Match, assign
from generator.importing.figures import figures

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
    # Currency codes are part of a figure (figures.py), which Korean writes as 달러 or 원.
    "usd", "krw", "eur", "jpy", "us", "mln", "bln", "won",
})
MIN_RECORDS = 50  # rarity() counts a smaller import as this many records
MIN_SHARED = 2  # a pair needs at least this many shared features …
MIN_WEIGHT = 4.0  # … weighing at least this much together (about two features in 1 of 7 releases)
DAY_COST = 0.02  # score lost per day between the two dates: of two equal candidates, the closer
MIN_SCORE = 0.22  # weaker candidates are not even proposed
CONFIDENT = 0.3  # a pair scoring less is proposed, never formed
MARGIN = 0.08  # an assignment beating its best alternative by less than this is a proposal
KEEP_RATIO = 0.5  # an edge below this share of both its ends' best edges is never assigned


@dataclass(frozen=True)
class Candidate:
    """A record as the pairing sees it; `key` names it in results."""

    key: str
    date: dt.date
    features: frozenset[str]
    category: str | None = None  # stated by the dump; None when inferred


@dataclass
class Proposed:
    """Pairs formed, and ambiguous pairs left to a person with the rival that came close."""

    pairs: list[Match] = field(default_factory=list)
    proposals: list[tuple[Match, Match | None]] = field(default_factory=list)


def features(title: str, body: str, lang: str, tags: Sequence[str] = ()) -> frozenset[str]:
    """A record's evidence in a form both languages share: figures, tags, Latin names."""
    text = f"{title}\n{body}"
    # In English only capitalised words are names; Korean text writes only names in Latin.
    names = set(map(str.lower, (_LATIN_RE if lang == "ko" else _CAPITALISED_RE).findall(text)))
    names -= _COMMON
    return frozenset([*figures(text), *(f"tag {tag}" for tag in tags),
                      *(f"name {name}" for name in names if len(name) >= 2)])


def propose(english: Sequence[Candidate], korean: Sequence[Candidate], window: tuple[int, int],
            weights: dict[str, float] | None = None) -> Proposed:
    """Pairs and proposals among the candidates; `window` is (days before, days after) the
    English date in which a Korean release may lie. `weights` are the features' rarity over
    the whole import (rarity() of every record), computed from the candidates when absent."""
    weight = weights if weights is not None else rarity([c.features for c in (*english, *korean)])
    edges = _pruned(_edges(english, korean, window, weight))
    outcome = Proposed()
    for part in _components(edges):
        chosen, ambiguous = assign(part, MARGIN, CONFIDENT)
        outcome.pairs.extend(chosen)
        outcome.proposals.extend(ambiguous)
    outcome.pairs.sort(key=lambda m: (m.en, m.ko))
    outcome.proposals.sort(key=lambda p: (p[0].en, p[0].ko))
    return outcome


def rarity(feature_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each feature's inverse document frequency over the records given. A small import says
    little about rarity (in an import of one pair every feature is in every record), so it
    counts as if it held MIN_RECORDS records: what two releases share is then rare, as it
    would be in an archive."""
    counts = Counter(item for found in feature_sets for item in found)
    size = max(len(feature_sets), MIN_RECORDS) + 1
    return {item: math.log(size / count) for item, count in counts.items()}


def _edges(english: Sequence[Candidate], korean: Sequence[Candidate], window: tuple[int, int],
           weight: dict[str, float]) -> list[Match]:
    """Every candidate pair with enough shared evidence, scored."""
    by_day: dict[int, list[tuple[Candidate, float]]] = defaultdict(list)  # date ordinal → Korean
    for ko in korean:
        by_day[ko.date.toordinal()].append((ko, sum(weight.get(f, 0.0) for f in ko.features)))
    before, after = window
    edges = []
    for en in sorted(english, key=lambda c: c.key):
        en_total = sum(weight.get(f, 0.0) for f in en.features)
        day = en.date.toordinal()
        for offset in range(-before, after + 1):
            for ko, ko_total in by_day.get(day + offset, ()):
                shared = en.features & ko.features
                if len(shared) < MIN_SHARED or (en.category and ko.category and en.category != ko.category):
                    continue
                common = sum(weight.get(f, 0.0) for f in shared)
                if common < MIN_WEIGHT:
                    continue
                score = common / min(en_total, ko_total) - DAY_COST * abs(offset)
                if score < MIN_SCORE:
                    continue
                ranked = tuple(sorted(shared, key=lambda f: (-weight.get(f, 0.0), f)))
                edges.append(Match(en.key, ko.key, round(score, 9), ranked))
    return edges


def _pruned(edges: list[Match]) -> list[Match]:
    """Edges worth assigning: those within KEEP_RATIO of the best edge of one of their ends.
    A pair far weaker than what both of its releases have elsewhere would only chain otherwise
    separate groups into one large part, which the exact assignment then pays for."""
    best: dict[str, float] = defaultdict(float)
    for edge in edges:
        best["en:" + edge.en] = max(best["en:" + edge.en], edge.score)
        best["ko:" + edge.ko] = max(best["ko:" + edge.ko], edge.score)
    return [edge for edge in edges
            if edge.score >= KEEP_RATIO * min(best["en:" + edge.en], best["ko:" + edge.ko])]


def _components(edges: list[Match]) -> list[list[Match]]:
    """The connected parts of the candidate graph (union–find), each in a fixed order."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for edge in edges:
        a, b = root("en:" + edge.en), root("ko:" + edge.ko)
        if a != b:
            parent[max(a, b)] = min(a, b)
    parts: dict[str, list[Match]] = defaultdict(list)
    for edge in edges:
        parts[root("en:" + edge.en)].append(edge)
    return [parts[key] for key in sorted(parts)]
