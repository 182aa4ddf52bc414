"""Pairing as evidence and assignment (generator.importing.pairing, .assignment)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importing.assignment import Match, assign, hungarian
from generator.importing.pairing import Candidate, features, propose, rarity

DAY = dt.date(2024, 4, 18)


def best_total(cost: list[list[float]]) -> float:
    """The minimum assignment cost by trying every assignment of rows to distinct columns."""
    n, m = len(cost), len(cost[0])
    return min(sum(cost[i][j] for i, j in enumerate(columns))
               for columns in itertools.permutations(range(m), n))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.integers(n, 6).flatmap(
    lambda m: st.lists(st.lists(st.floats(-1, 0, allow_nan=False), min_size=m, max_size=m),
                       min_size=n, max_size=n))))
def test_hungarian_finds_the_minimum_that_brute_force_finds(cost: list[list[float]]) -> None:
    columns = hungarian(cost)
    assert len(set(columns)) == len(cost)
    total = sum(cost[i][j] for i, j in enumerate(columns))
    assert abs(total - best_total(cost)) < 1e-9


def test_exact_assignment_beats_greedy() -> None:
    # Greedy takes A–X (0.9) and leaves B alone; the best total is A–Y + B–X.
    edges = [Match("A", "X", 0.9, ()), Match("A", "Y", 0.85, ()), Match("B", "X", 0.8, ())]
    formed, ambiguous = assign(edges, margin=0.05, confident=0.3)
    assert {(m.en, m.ko) for m in formed} == {("A", "Y"), ("B", "X")}
    assert ambiguous == []


def test_a_pair_within_the_margin_of_its_alternative_is_only_proposed() -> None:
    twins = [Match("A", "X", 0.8, ("28.5%",)), Match("A", "Y", 0.78, ())]
    formed, ambiguous = assign(twins, margin=0.05, confident=0.3)
    assert formed == []
    assert [(m.ko, rival.ko if rival else None) for m, rival in ambiguous] == [("X", "Y")]
    weak = [Match("A", "X", 0.25, ())]
    assert assign(weak, margin=0.05, confident=0.3) == ([], [(weak[0], None)])


def candidate(key: str, text: str, lang: str, date: dt.date = DAY, tags: tuple[str, ...] = (),
              category: str | None = None) -> Candidate:
    return Candidate(key, date, features(key, text, lang, tags), category)


FILLER_EN = [candidate(f"en{n}", f"Filler release number {n * 37 + 11} about Nothing{n}", "en")
             for n in range(30)]


def test_figures_in_their_own_units_pair_a_release_published_days_later() -> None:
    english = [candidate("Boeing deal", "Boeing pledges $120 mln and KRW 2.4 trillion by 2027; "
                         "Boeing and KAI sign.", "en", DAY + dt.timedelta(days=3), ("aerospace",)),
               *FILLER_EN]
    korean = [candidate("보잉", "보잉(Boeing)은 1억 2천만 달러와 2조 4천억 원을 2027년까지 "
                        "투자한다. KAI 협력.", "ko", DAY, ("aerospace",))]
    outcome = propose(english, korean, (7, 1))
    assert [(m.en, m.ko) for m in outcome.pairs] == [("Boeing deal", "보잉")]
    shared = set(outcome.pairs[0].shared)
    assert {"USD 120 million", "KRW 2.4 trillion", "year 2027", "tag aerospace"} <= shared
    # Outside the window (the Korean dated two days after the English), no pair.
    late = [Candidate("보잉", DAY + dt.timedelta(days=5), korean[0].features)]
    assert propose(english, late, (7, 1)).pairs == []


def test_categories_both_dumps_state_must_agree() -> None:
    text_en, text_ko = "USD 83.6 million from ORION SPIRIT in 1994", "8,360만 달러 ORION SPIRIT 1994년"
    english = [candidate("en", text_en, "en", category="trade"), *FILLER_EN]
    assert propose(english, [candidate("ko", text_ko, "ko", category="energy")], (7, 1)).pairs == []
    assert len(propose(english, [candidate("ko", text_ko, "ko", category=None)], (7, 1)).pairs) == 1
    assert len(propose(english, [candidate("ko", text_ko, "ko", category="trade")], (7, 1)).pairs) == 1


def test_a_long_translation_is_not_punished_against_a_short_original() -> None:
    short = candidate("short", "ORION SPIRIT, USD 13.6 billion", "en")
    long_text = "ORION SPIRIT호 136억 달러. " + " ".join(f"기타{n} {n * 1000 + 7}억 원" for n in range(12))
    outcome = propose([short, *FILLER_EN], [candidate("long", long_text, "ko")], (7, 1))
    assert [(m.en, m.ko, m.score >= 0.9) for m in outcome.pairs] == [("short", "long", True)]


def test_rarity_is_judged_over_the_whole_import() -> None:
    weights = rarity([frozenset({"name motie", "28.5%"}), frozenset({"name motie"}),
                      frozenset({"name motie"})])
    assert weights["28.5%"] > weights["name motie"] > 0


def test_one_pair_imported_alone_is_found() -> None:
    # In an import of two records every feature is in every record; rarity still counts them.
    english = [candidate("en", "Minister meets Boeing on 120 jets and 35 engines (MOTIE)", "en")]
    korean = [candidate("ko", "장관, Boeing과 항공기 120대와 엔진 35기 논의 (MOTIE)", "ko")]
    assert [(m.en, m.ko) for m in propose(english, korean, (7, 1)).pairs] == [("en", "ko")]


def test_a_large_part_compares_each_pair_with_its_rivals() -> None:
    # 25 + 25 releases chained by weaker links: too large to re-solve once per pair.
    chain = [Match(f"e{i:02}", f"k{i:02}", 0.9, ()) for i in range(25)]
    chain += [Match(f"e{i:02}", f"k{i + 1:02}", 0.5, ()) for i in range(24)]
    chain.append(Match("e24", "k00", 0.86, ()))  # a rival within the margin of e24–k24
    formed, ambiguous = assign(chain, margin=0.05, confident=0.3)
    # The cautious test leaves both pairs the rival touches to a person; the rest are formed.
    assert {(m.en, m.ko) for m in formed} == {(f"e{i:02}", f"k{i:02}") for i in range(1, 24)}
    assert [(m.en, m.ko, rival.score) for m, rival in ambiguous] == [("e00", "k00", 0.86),
                                                                     ("e24", "k24", 0.86)]
