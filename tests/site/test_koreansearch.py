"""Korean search's analyser and query side (generator/site/koreansearch.py, searchquery.py), with the
real kiwipiepy. The browser's twin of the query side is compared in tests/e2e/test_korean_search.py."""

from __future__ import annotations

import re

import pytest

from generator.site.koreansearch import ANALYSER, MARK, Analyser, mark_word
from generator.site.searchquery import ENDINGS, PARTICLES, query_terms, strip_suffix, tables
from generator.site.searchtext import page_text, token_weights, weights


def marked(word: str) -> str:
    ANALYSER.learn([word])
    return ANALYSER.marked(word)


@pytest.mark.parametrize(("word", "expected"), [
    ("수출통제를", "수출^`통제^`를"),                  # compound and particle
    ("항공우주·방산", "항공^`우주^`·^`방산"),          # a long noun kiwipiepy keeps whole alone
    ("소재·부품·장비", "소재^`·^`부품^`·^`장비"),
    ("증가했다", "증가^`했^`다"),                      # 하+었 share a syllable: cut around it
    ("국가기술표준원(KATS)은", "국가^`기술^`표준원(KATS)은"),  # no mark beside ASCII punctuation
    ("SK하이닉스는", "SK^`하이^`닉스^`는"),  # a name may split too: harmless, it stays whole as well
    ("R&amp;D를", "R&amp;D^`를"),                      # a character reference stays whole
    ("필리핀은", "필리핀^`은"),                        # no split into one-syllable pieces
    ("반도체", "반도체"),
])
def test_words_are_marked_between_morphemes(word: str, expected: str) -> None:
    assert marked(word) == expected
    assert marked(word).replace(MARK, "") == word


def test_marks_never_touch_ascii_pairs_or_punctuation() -> None:
    assert mark_word("FA-50과", [(0, 2), (2, 3), (3, 5), (5, 6)]) == "FA-50^`과"
    assert mark_word("abc", [(0, 1), (1, 3)]) == "abc"


def test_a_korean_page_is_indexed_by_word_and_morpheme() -> None:
    page = ('<html lang="ko"><head><title>제목</title></head><body><nav>탐색</nav>'
            '<article data-pagefind-body class="수출통제"><h1>수출통제를</h1>'
            '<script>if (a<b) { x = "스크립트"; }</script><p data-x="속성">투자를 늘렸다</p>'
            '<p data-pagefind-ignore>무시</p></article></body></html>')
    text = page_text(page)
    assert text is not None and text.lang == "ko" and text.title == "수출통제를"
    ANALYSER.learn(["수출통제를", "투자를", "늘렸다"])
    found = weights(token_weights(text), ANALYSER)
    assert found["수출통제를"] == 1 + 4 and found["수출"] == 5 and found["통제"] == 5 and found["투자"] == 1
    assert not {"탐색", "스크립트", "속성", "무시", "제목"} & set(found)


@pytest.mark.parametrize(("typed", "sent"), [
    ("수출은", ["수출"]), ("투자를", ["투자"]), ("반도체가", ["반도체"]), ("수출통제를", ["수출통제"]),
    ("통상에서는", ["통상"]), ("증가했다", ["증가"]), ("확대된", ["확대"]), ("기업들의", ["기업"]),
    ("항공우주·방산", ["항공우주", "방산"]), ("‘K-반도체’를", ["k", "반도체"]),
    ("소재·부품·장비를", ["소재", "부품", "장비"]),
    ("국가", ["국가"]), ("국가가", ["국가"]), ("인도", ["인도"]), ("한", ["한"]),  # stems keep 2 syllables
    ("U.S. exports", ["u", "s", "export"]), ("R&D를", ["r", "d를"]),
    ("  수출은   늘었다 ", ["수출", "늘었다"]),
    ("Policies ending", ["polic", "end"]), ("ＡＢＣ 2024", ["abc", "2024"]), ("수출 수출은", ["수출"]),
    ("先端技術", ["先端", "端技", "技術"]), ("日本", ["日本"]), ("の", ["の"]),
])
def test_queries_are_cut_like_the_index(typed: str, sent: list[str]) -> None:
    assert query_terms(typed) == sent


def test_a_stripped_query_is_a_prefix_of_the_typed_word() -> None:
    """So stripping can only add matches: a word matching the typed query matches its stem."""
    for word in ["수출은", "국가", "고속도로", "증가했으며", "가가가", "에서"]:
        assert word.startswith(strip_suffix(word)) and len(strip_suffix(word)) >= min(2, len(word))


def test_every_suffix_is_read_by_kiwipiepy_as_particles_or_endings() -> None:
    """The table is the analyser's: after a noun, each entry is only particles, endings or the
    suffixes that make a noun a verb (하다, 되다, 시키다), the plural 들 and the copula."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    functional = re.compile(r"^(J|E|XS|VCP)")

    def read_as_suffix(noun: str, suffix: str) -> bool:
        tokens = kiwi.tokenize(noun + suffix)
        return ((tokens[0].form, tokens[0].tag) == (noun, "NNG")
                and all(functional.match(t.tag) for t in tokens[1:]))

    # Particles differ after a vowel (회사가, 회사로) and a consonant (기업이, 기업으로).
    for suffix in PARTICLES:
        assert read_as_suffix("회사", suffix) or read_as_suffix("기업", suffix), suffix
    for suffix in ENDINGS:
        assert read_as_suffix("증가", suffix), suffix


def test_the_browser_gets_the_table() -> None:
    table = tables()
    assert table["minStem"] == 2 and set(table["suffixes"]) == set(PARTICLES + ENDINGS)
    assert table["suffixes"] == sorted(table["suffixes"], key=lambda s: (-len(s), s)), "longest first"


def test_a_word_is_marked_the_same_whatever_it_is_learnt_with() -> None:
    """The index must not depend on which words a build (or serve's memory) met first."""
    words = ["한국항공우주산업(KAI)", "항공우주산업", "항공우주", "국가기술표준원", "기술표준원은"]
    alone = {}
    for word in words:
        analyser = Analyser()
        analyser.learn([word])
        alone[word] = analyser.marked(word)
    together = Analyser()
    together.learn(words)
    assert {word: together.marked(word) for word in words} == alone
