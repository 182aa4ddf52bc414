"""The page shows exactly the dump's text: escaping through the real Markdown renderer."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.content.markup import MarkdownRenderer
from generator.importing.bodytext import (
    escape_line,
    markdown_and_summary,
    paragraphs,
    sentences,
    summary,
    to_markdown,
)

RENDER = MarkdownRenderer()
TAG = re.compile(r"<[^>]*>")

SPECIALS = list("*_`#>|<&[]\\{}%!()-+=.:~^\"'/") + ["{{", "}}", "{%", "%}", "&amp;", "&lt;", "<b>", "1.",
                                                    "---", "***", "    ", "\t", "http://x.io", "<a@b.c>"]
ALPHABET = st.one_of(
    st.sampled_from(SPECIALS),
    st.sampled_from(list("abcXYZ 0123456789가나다한국어다.요. U.S. Co. Mr. 28.5 ,;?")),
    st.sampled_from(["\n", "\n\n", " \n ", "\u00a0", "\u3000"]),
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
)
TEXT = st.lists(ALPHABET, max_size=80).map("".join)


def visible(markup_html: str) -> str:
    """What a reader sees: tags gone, entities resolved, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", markup_html)).split())


def normalised(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["en", "ko"]))
@example("# Heading *bold* _em_ `code` <b>x</b> &amp; {{ var }} {% tag %} [l](u) \\", "en")
@example("1. one\n- two\n+ three\n> quote\n---\n    code\n| a | b |", "en")
@example("===\nSetext\n===", "en")
@example("&#123; &copy; <http://x.io> <a@b.c>", "en")
def test_rendered_text_equals_dump_text(text: str, lang: str) -> None:
    assert visible(RENDER(to_markdown(text, lang))) == normalised(text)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_no_template_syntax_survives_into_html(text: str) -> None:
    rendered = RENDER(to_markdown(text, "en"))
    assert "{{" not in rendered and "{%" not in rendered


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["en", "ko"]))
def test_paragraphs_change_only_whitespace(text: str, lang: str) -> None:
    assert normalised(" ".join(paragraphs(text, lang))) == normalised(text)
    assert normalised(" ".join(sentences(text, lang))) == normalised(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=15).map(". ".join), st.sampled_from(["en", "ko"]), st.integers(20, 300))
@example("Mr. Kim met U.S. officials. " * 30 + "Done.", "en", 200)
@example("수출이 28.5% 늘었다. " * 40, "ko", 200)
def test_markdown_and_summary_in_one_pass_agree_with_each_alone(text: str, lang: str, limit: int) -> None:
    """The importer's one-pass form (long bodies included) gives what each function gives."""
    assert markdown_and_summary(text, lang, limit) == (to_markdown(text, lang), summary(text, lang, limit))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He met U.S. officials in Washington D.C. today. Then he left.",
         ["He met U.S. officials in Washington D.C. today.", "Then he left."]),
        ("J.P. Morgan Chase & Co. bought it. Mr. Kim agreed. Exports rose 28.5 percent. Done.",
         ["J.P. Morgan Chase & Co. bought it.", "Mr. Kim agreed.", "Exports rose 28.5 percent.", "Done."]),
        ("Tokyo Electron Ltd. and others. It said “yes.” Then 2025 came.",
         ["Tokyo Electron Ltd. and others.", "It said “yes.”", "Then 2025 came."]),
    ],
)
def test_english_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def test_korean_sentence_boundaries() -> None:
    expected = ["장관은 4월 18일 참석했다.", "J.P. 모건 체이스(J.P. Morgan Chase & Co.)에 인도될 예정이다.",
                "좋아요.", "28.5% 증가"]
    assert sentences(" ".join(expected), "ko") == expected


def test_long_bodies_get_paragraphs_short_ones_stay_whole() -> None:
    sentence = "The Ministry of Trade, Industry and Energy (MOTIE) announced a plan with the U.S. today. "
    assert len(paragraphs(sentence * 2, "en")) == 1
    long = paragraphs(sentence * 12, "en")
    assert len(long) >= 3 and all(p.endswith("today.") for p in long)


def test_escape_line_starts() -> None:
    assert escape_line("1. item") == "1\\. item"
    assert escape_line("- item") == "\\- item"
    assert escape_line("# title") == "\\# title"
    assert escape_line("a & b < c") == "a &amp; b &lt; c"


def test_summary_is_one_or_two_sentences_within_the_limit() -> None:
    assert summary("First one. Second one. Third one.", "en") == "First one. Second one."
    long_first = "Word " * 60 + "end. Next."
    cut = summary(long_first, "en")
    assert len(cut) <= 200 and cut.endswith("…") and not cut.startswith(" ")
    korean = "산업통상자원부는 투자를 확정했다고 밝혔다. 도레이는 1963년 진출했다. 세 번째 문장이다."
    assert summary(korean, "ko") == "산업통상자원부는 투자를 확정했다고 밝혔다. 도레이는 1963년 진출했다."
    assert summary("Short. " + "X" * 250 + ".", "en") == "Short."
