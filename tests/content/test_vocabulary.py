"""The shipped vocabulary and the matcher that assigns categories and tags from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import DEFAULT_LANGUAGES
from generator.content.release import ID_PATTERN
from generator.content.rules import Rules, leading_literal
from generator.content.vocabulary import Matcher, Term, load_vocabulary, parse_vocabulary
from generator.errors import ContentError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_vocabulary(REPO / "content"))


def seed_texts() -> list[tuple[str, str]]:
    texts = []
    for lang in DEFAULT_LANGUAGES:
        for dump in sorted((REPO / "seeds" / lang).glob("*.txt")):
            texts += [(lang, chunk) for chunk in dump.read_text(encoding="utf-8").split("\n-\n")]
    return texts


def test_shipped_vocabulary_is_complete(matcher: Matcher) -> None:
    vocabulary = matcher.vocabulary
    assert {"industry", "trade", "energy", "investment", "general"} <= set(vocabulary.categories)
    assert vocabulary.categories["trade"].labels == {"en": "Trade", "ko": "통상"}
    assert len(vocabulary.tags) >= 40
    for term in [*vocabulary.categories.values(), *vocabulary.tags.values()]:
        assert ID_PATTERN.match(term.id) and term.id.isascii()
        assert all(term.labels[lang].strip() for lang in DEFAULT_LANGUAGES)
    for term in vocabulary.tags.values():
        assert term.kind and all(term.rules[lang] for lang in DEFAULT_LANGUAGES), term.id
    kinds = {t.kind for t in vocabulary.tags.values()}
    assert {"country", "bloc", "sector", "agency", "theme"} <= kinds
    for wanted in ("japan", "fdi", "fta", "supply-chains", "standards", "carbon-neutrality", "ipef",
                   "semiconductors", "batteries", "defense", "shipbuilding", "steel", "ai", "lng",
                   "nuclear", "hydrogen", "kats", "kotra", "motie"):
        assert wanted in vocabulary.tags


@pytest.mark.parametrize(("line", "expected"), [
    ("Industry", "industry"), (" industry ", "industry"), ("INDUSTRIAL  POLICY", "industry"),
    ("산업", "industry"), ("통상", "trade"), ("Energy", "energy"), ("투자", "investment"),
    ("Others", "general"), ("Steel talks", None), ("", None),
])
def test_category_lines_map_through_aliases(matcher: Matcher, line: str, expected: str | None) -> None:
    assert matcher.category_for_line(line) == expected


def test_inferred_categories(matcher: Matcher) -> None:
    assert matcher.infer_category("Korea's ICT exports climb", "Exports rose in August.", "en") == "trade"
    assert matcher.infer_category("LNG and hydrogen", "Energy security and nuclear power.", "en") == "energy"
    assert matcher.infer_category("수출 증가", "8월 수출이 늘었다.", "ko") == "trade"
    assert matcher.infer_category("A meeting", "Nothing in particular.", "en") == "general"


def test_tags_follow_vocabulary_order(matcher: Matcher) -> None:
    tags = matcher.tags("Steel and Japan", "Korea and Japan discussed steel.", "en")
    assert tags == ("japan", "steel")
    order = list(matcher.vocabulary.tags)
    assert list(tags) == sorted(tags, key=order.index)
    assert matcher.tags("반도체", "일본과 반도체 협력을 논의했다.", "ko") == ("japan", "semiconductors")


def test_word_boundaries_and_korean_ambiguity(matcher: Matcher) -> None:
    assert "ai" not in matcher.tags("Minister visits KAI", "Short body about KAI.", "ko")
    assert "india" not in matcher.tags("선박", "J.P. 모건에 인도될 예정이다.", "ko")
    assert "automobiles" not in matcher.tags("Several", "Several events.", "en")


def test_long_body_needs_two_mentions_for_a_tag(matcher: Matcher) -> None:
    filler = "The ministry held a meeting on cooperation. " * 20
    assert "steel" not in matcher.tags("Talks", filler + "Steel was mentioned.", "en")
    assert "steel" in matcher.tags("Talks", filler + "Steel was mentioned. Steel again.", "en")


def test_leading_literals() -> None:
    assert leading_literal(r"\bindustr(y|ies)\b") == "industr"
    assert leading_literal(r"\bU\.S\.") == "u.s."
    assert leading_literal(r"\bchips?\b") == "chip"
    assert leading_literal(r"a|b") == ""
    assert leading_literal(r"(?:x)") == ""
    assert leading_literal("인도(?:와|의)") == "인도"


def test_every_match_starts_with_its_leading_literal(matcher: Matcher) -> None:
    """The speed-up is only sound if each rule's literal begins every match it can make."""
    vocabulary = matcher.vocabulary
    for lang, text in seed_texts():
        folded = text.lower()
        for term in [*vocabulary.categories.values(), *vocabulary.tags.values()]:
            for pattern in term.rules[lang]:
                literal = leading_literal(pattern)
                for match in re.finditer(pattern, text, re.IGNORECASE):
                    assert folded[match.start():].startswith(literal), (pattern, match.group())


def test_matcher_agrees_with_plain_regular_expressions(matcher: Matcher) -> None:
    vocabulary = matcher.vocabulary
    for lang, text in seed_texts():
        title, _, body = text.strip("-\n").partition("\n")
        plain_title = [t.id for t in vocabulary.tags.values()
                       if any(re.search(p, title, re.I) for p in t.rules[lang])]
        needed = 1 if len(body) < 600 else 2
        expected = [t.id for t in vocabulary.tags.values()
                    if t.id in plain_title
                    or sum(len(re.findall(p, body, re.I)) for p in t.rules[lang]) >= needed]
        assert list(matcher.tags(title, body, lang)) == expected


def test_rule_counts_agree_with_finditer_on_overlapping_literals() -> None:
    """The one-scan counting against plain finditer, with literals that are prefixes of each
    other, overlap themselves, need a word boundary or none, or have no literal at all."""
    patterns = [r"\btra", r"\btrade\b", r"\btrade minister", r"\baa", "aa", "aaa", "a.a", r"\bu\.s\.",
                "인도", "인도(?:와|의)", "한-인도", r"(?:x|yy)+", r"\b-z", "de"]
    terms = [Term(id=f"t{i}", labels={"en": "x", "ko": "x"}, rules={"en": (p,)})
             for i, p in enumerate(patterns)]
    rules = Rules.build(terms, "en")
    compiled = [re.compile(p) for p in patterns]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(["tra", "trade", " minister", "a", "aa", ".", " ", "u.s.", "-z", "인도",
                                     "와", "한-", "x", "yy", "de", "Q"]), max_size=40),
           st.integers(1, 4))
    def check(pieces: list[str], limit: int) -> None:
        text = "".join(pieces)
        found, matched = rules.counts(text, (limit,) * len(patterns))
        expected = [min(limit, sum(1 for _ in p.finditer(text))) for p in compiled]
        assert found == expected
        assert sorted(matched) == [i for i, n in enumerate(expected) if n]

    check()


# a category and a tag of one id, and a tag named like a nested key (`ko:` under a category's rules)
SHARED_IDS = """\
categories:
  # comment
  standards:
    en: Standards
    ko: 표준
    rules:
      ko: ['표준']
  trade:
    en: Trade
    ko: 통상
tags:
  # themes
  ko:
    en: Korea
    ko: 한국
  standards: {kind: theme, en: Standards, ko: 표준}
"""


def _line(prefix: str, after: int = 0) -> int:
    return next(number for number, line in enumerate(SHARED_IDS.splitlines(), 1)
                if number > after and line.startswith(prefix))


def test_a_missing_label_names_the_line_of_its_own_section() -> None:
    """A tag's missing label pointed at the category of the same id (the first `standards:`)."""
    with pytest.raises(ContentError) as caught:
        parse_vocabulary(SHARED_IDS, "vocabulary.yaml", ("en", "ko", "ja"))
    tags = _line("tags:")
    assert [str(problem) for problem in caught.value.problems] == [
        f"vocabulary.yaml:{_line('  standards:')}: category 'standards' has no ja label",
        f"vocabulary.yaml:{_line('  trade:')}: category 'trade' has no ja label",
        f"vocabulary.yaml:{_line('  ko:', tags)}: tag 'ko' has no ja label",
        f"vocabulary.yaml:{_line('  standards:', tags)}: tag 'standards' has no ja label",
    ]
    assert _line("  standards:", tags) > _line("  ko:", tags) > tags > _line("      ko:")


def test_a_broken_tag_names_its_own_line_not_a_category_of_the_same_id() -> None:
    text = SHARED_IDS.replace("{kind: theme, en: Standards, ko: 표준}",
                              "{kind: theme, en: Standards, ko: 표준, colour: red}")
    with pytest.raises(ContentError) as caught:
        parse_vocabulary(text, "vocabulary.yaml", ("en", "ko"))
    assert caught.value.problem.line == _line("  standards:", _line("tags:"))
    assert "tag 'standards' has unknown key(s) ['colour']" in caught.value.problem.message


def test_the_shipped_vocabulary_names_every_missing_label_of_a_new_language_at_its_line() -> None:
    text = (REPO / "content" / "vocabulary.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    with pytest.raises(ContentError) as caught:
        parse_vocabulary(text, "vocabulary.yaml", ("en", "ko", "ja"))
    problems = caught.value.problems
    vocabulary = load_vocabulary(REPO / "content")
    assert len(problems) == len(vocabulary.categories) + len(vocabulary.tags)
    tags = lines.index("tags:") + 1
    for problem in problems:
        kind, term_id = re.match(r"(category|tag) '([^']+)' has no ja label$", problem.message).groups()
        assert problem.line is not None and lines[problem.line - 1].startswith(f"  {term_id}:")
        assert (problem.line > tags) == (kind == "tag"), problem


@pytest.mark.parametrize(("text", "bilateral"), [
    ("한-미 양자 협력을 강화하기로 했다", True), ("양자회담을 열었다", True), ("양자 및 다자 협의", True),
    ("양자컴퓨터 개발에 투자한다", False), ("양자 기술 분야 연구", False), ("양자암호통신 시범사업", False),
])
def test_the_korean_bilateral_rule_is_not_quantum(text: str, bilateral: bool) -> None:
    """양자 is bilateral (양자 협력) and quantum (양자컴퓨터): found by an outside audit, a science
    ministry's release on quantum computers was tagged Bilateral Talks."""
    vocabulary = load_vocabulary(Path(__file__).resolve().parents[2] / "content", ("en", "ko"))
    rules = Rules.build([vocabulary.tags["bilateral-talks"]], "ko")
    found, _ = rules.counts(text.lower(), (9,) * len(rules.patterns))
    assert (sum(found) > 0) == bilateral
