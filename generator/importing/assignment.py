"""One-to-one assignment of candidate pairs, solved exactly, with a margin for ambiguity.

Greedy assignment (best pair first) can give a release to the wrong partner: when A fits X a
little better than B does, but B fits nothing else and A fits Y almost as well, greedy takes
A–X and leaves B alone. The assignment with the greatest total score is found instead, with the
Hungarian method (Kuhn–Munkres, shortest augmenting paths with potentials), on one connected
part of the candidate graph at a time: parts are small (the releases of a few days that share
evidence), so the O(n³) method costs little and the whole stays near-linear in the archive.
Pure Python: the parts are too small for a numerical library to pay for its import.

A pair is formed only when it wins clearly: for each assigned pair the best assignment *without*
it is solved too, and when that alternative's total comes within `margin`, the pair is ambiguous
(two near-duplicate releases, a translation that shares too little). Leaving a pair unformed is
always an alternative, so a pair scoring below `margin` is never formed either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_EXACT_ALTERNATIVES = 40  # releases in a part; in larger ones a pair is compared with its rivals


@dataclass(frozen=True)
class Match:
    """A scored English–Korean candidate pair (record keys) and the features both share."""

    en: str
    ko: str
    score: float
    shared: tuple[str, ...]


def assign(edges: Sequence[Match], margin: float,
           confident: float) -> tuple[list[Match], list[tuple[Match, Match | None]]]:
    """(pairs formed, ambiguous pairs with the rival from their best alternative) of one part.
    A pair scoring under `confident` is never formed, only proposed."""
    usable = [edge for edge in edges if edge.score > 0]
    if len(usable) == 1:
        only = usable[0]
        return ([only], []) if only.score >= max(margin, confident) else ([], [(only, None)])
    chosen = _solve(usable, None)
    total = sum(edge.score for edge in chosen)
    nodes = len({e.en for e in usable}) + len({e.ko for e in usable})
    formed, ambiguous = [], []
    for edge in chosen:
        if nodes <= MAX_EXACT_ALTERNATIVES:
            alternative = _solve(usable, edge)
            lost = total - sum(other.score for other in alternative)
        else:
            alternative, lost = [], _local_loss(edge, usable)
        if lost >= margin and edge.score >= confident:
            formed.append(edge)
            continue
        rivals = [other for other in alternative if other.en == edge.en] + \
                 [other for other in alternative if other.ko == edge.ko]
        ambiguous.append((edge, rivals[0] if rivals else _best_rival(edge, usable)))
    return formed, ambiguous


def _local_loss(edge: Match, edges: Sequence[Match]) -> float:
    """How far `edge` beats the best other candidate of either of its releases: the stand-in
    for the exact test on parts too large to re-solve once per pair (the benchmark archives'
    largest part has 10 releases). It looks at one step of rearrangement only, so it can miss
    an alternative that moves three releases at once."""
    rivals = [other.score for other in edges
              if other is not edge and (other.en == edge.en or other.ko == edge.ko)]
    return edge.score - max(rivals, default=0.0)


def _best_rival(edge: Match, edges: Sequence[Match]) -> Match | None:
    others = [o for o in edges if o is not edge and (o.en == edge.en or o.ko == edge.ko)]
    return max(others, key=lambda o: o.score, default=None)


def _solve(edges: Sequence[Match], without: Match | None) -> list[Match]:
    """The edges of a maximum-total one-to-one assignment, leaving `without` out."""
    english = sorted({e.en for e in edges})
    korean = sorted({e.ko for e in edges})
    rows, cols = {k: i for i, k in enumerate(english)}, {k: j for j, k in enumerate(korean)}
    flip = len(english) > len(korean)  # the method wants no more rows than columns
    n, m = (len(korean), len(english)) if flip else (len(english), len(korean))
    cost = [[0.0] * m for _ in range(n)]  # 0: leaving both unpaired costs nothing
    by_cell: dict[tuple[int, int], Match] = {}
    for edge in edges:
        if edge is without:
            continue
        i, j = rows[edge.en], cols[edge.ko]
        cell = (j, i) if flip else (i, j)
        cost[cell[0]][cell[1]] = -edge.score
        by_cell[cell] = edge
    return [by_cell[(i, j)] for i, j in enumerate(hungarian(cost)) if (i, j) in by_cell]


def hungarian(cost: Sequence[Sequence[float]]) -> list[int]:
    """The column assigned to each row in a minimum-cost assignment of an n × m matrix, n ≤ m
    (the classic O(n²m) form with row and column potentials)."""
    n, m = len(cost), len(cost[0]) if cost else 0
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # column → its row (1-based; 0 free), path back
    for row in range(1, n + 1):
        owner[0], column = row, 0
        least, used = [inf] * (m + 1), [False] * (m + 1)
        while owner[column]:
            used[column] = True
            current, delta, nearest = owner[column], inf, 0
            costs, u_current = cost[current - 1], u[current]
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = costs[j - 1] - u_current - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, column
                    if least[j] < delta:
                        delta, nearest = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = nearest
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    assigned = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            assigned[owner[j] - 1] = j - 1
    return assigned
