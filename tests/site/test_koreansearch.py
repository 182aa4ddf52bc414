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
    # "ㆍ" (U+318D; U+119E after NFKC) written as the middle dot splits as "·" does
    ("항공우주ㆍ방산", ["항공우주", "방산"]), ("소재ㆍ부품ㆍ장비를", ["소재", "부품", "장비"]),
    ("소재\u119e부품\u119e장비", ["소재", "부품", "장비"]), ("중ㆍ저준위", ["중", "저준위"]),
    ("AIㆍ반도체", ["ai", "반도체"]), ("ㆍ반도체", ["반도체"]), ("ㆍ", []),
    ("\u1112\u119e\u11ab글", ["\u1112\u119e\u11ab글"]),  # the vowel of an old syllable stays a letter
    # particles in combination
    ("반도체에서만", ["반도체"]), ("반도체랑", ["반도체"]), ("기업이랑", ["기업"]), ("정부하고", ["정부"]),
    ("수출까지도", ["수출"]), ("반도체만큼", ["반도체"]), ("기업에게서", ["기업"]), ("정부로부터", ["정부"]),
    ("산업통상자원부로서", ["산업통상자원부"]), ("협력으로써", ["협력"]), ("반도체마저", ["반도체"]),
    ("수출조차", ["수출"]), ("기업마다", ["기업"]), ("정부밖에", ["정부"]), ("규제에서도", ["규제"]),
    ("내년부터는", ["내년"]), ("기업에게만", ["기업"]), ("대화로만", ["대화"]),
    ("사랑", ["사랑"]), ("이랑", ["이랑"]), ("하고", ["하고"]), ("마저", ["마저"]),  # 2 syllables kept
])
def test_queries_are_cut_like_the_index(typed: str, sent: list[str]) -> None:
    assert query_terms(typed) == sent


def test_a_stripped_query_is_a_prefix_of_the_typed_word() -> None:
    """So stripping can only add matches: a word matching the typed query matches its stem."""
    for word in ["수출은", "국가", "고속도로", "증가했으며", "가가가", "에서", "반도체에서만", "사랑",
                 "아리랑"]:
        assert word.startswith(strip_suffix(word)) and len(strip_suffix(word)) >= min(2, len(word))


def test_every_suffix_is_read_by_kiwipiepy_as_particles_or_endings() -> None:
    """The table is the analyser's: after a noun, each entry is only particles, endings or the
    suffixes that make a noun a verb (하다, 되다, 시키다), the plural 들 and the copula."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    functional = re.compile(r"^(J|E|XS|VCP)")
    # 만큼 after a noun is a particle (반도체만큼), which kiwipiepy tags a bound noun (NNB): the
    # noun before it is its own morpheme all the same, which is what stripping it relies on.
    bound = {"만큼": re.compile("^NNB$")}

    def read_as_suffix(noun: str, suffix: str) -> bool:
        tokens = kiwi.tokenize(noun + suffix)
        allowed = bound.get(suffix, functional)
        return ((tokens[0].form, tokens[0].tag) == (noun, "NNG")
                and all(functional.match(t.tag) or allowed.match(t.tag) for t in tokens[1:]))

    # Particles differ after a vowel (회사가, 회사로) and a consonant (기업이, 기업으로).
    for suffix in PARTICLES:
        assert read_as_suffix("회사", suffix) or read_as_suffix("기업", suffix), suffix
    for suffix in ENDINGS:
        assert read_as_suffix("증가", suffix), suffix


@pytest.mark.parametrize("dot", ["\u318d", "\u119e"])
def test_the_araea_middle_dot_splits_indexed_words_as_the_middle_dot_does(dot: str) -> None:
    """Official texts write 항공우주ㆍ방산 with "ㆍ" (a letter, U+119E after NFKC): indexed as if
    written with "·", so 방산 and 저준위 are found, as the query side reads it too."""
    def indexed(mark: str) -> dict[str, int]:
        body = f"항공우주{mark}방산 중{mark}저준위 소재{mark}부품{mark}장비를"
        page = (f'<html lang="ko"><body><article data-pagefind-body><h1>소재{mark}부품</h1>'
                f"<p>{body}</p></article></body></html>")
        text = page_text(page)
        assert text is not None
        tokens = token_weights(text)
        ANALYSER.learn(tokens)
        return weights(tokens, ANALYSER)

    found = indexed(dot)
    assert found == indexed("\u00b7")
    assert {"방산", "저준위", "부품", "장비"} <= set(found)
    assert found["부품"] == 2 + 4  # in the heading and the paragraph, and the title's bonus
    assert not any("\u119e" in term or "\u318d" in term for term in found)
    for query in (f"항공우주{dot}방산", f"중{dot}저준위", f"소재{dot}부품{dot}장비"):
        assert set(query_terms(query)) - {"중"} <= set(found), query


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
