from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.bodies import BodyConverter, plain_paragraphs
from generator.content.files import iter_release_files, read_release
from generator.content.markup import HAND_WRITTEN, HAND_WRITTEN_HTML, IMPORTED, MarkdownRenderer

REPO = Path(__file__).resolve().parents[2]
RENDER = MarkdownRenderer()

# Text made of the characters that matter to Markdown, plus ordinary words in both languages.
PIECES = st.sampled_from([
    "a", "Korea", "반도체", " ", " ", "\n", "\n\n", "\n \n", "\\", "\\*", "\\_", "\\\\", "\\[", "\\]", "\\`",
    "\\-", "\\#", "\\.", "\\!", "\\>", "\\a", "*", "_", "`", "[", "]", "(", ")", "<", ">", "&", "&amp;",
    "&lt;", "&#124;", "&#x7B;", "&copy;", "&bad", "!", "#", "-", "+", "=", "1.", "2)", "  ", "\t", "\"",
    "'", "“", "’", "{", "}", "|", ":", "http://x.org", "~", "^", "%", "\u00a0", "1984\\.", "·",
    "\u3000", "\u2028", "\x0b", "\x0c", "\x1c", "\\\n",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_fast_path_equals_markdown_whenever_it_answers(text: str) -> None:
    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == RENDER(text)


def test_the_fast_path_takes_typical_imported_bodies() -> None:
    body = ("The Ministry (MOTIE) said R&amp;D rose 4.8% \\*not\\* much &lt;b&gt; &#124; &#123;x&#125;.\n\n"
            "반도체 수출은 66.7% 늘었다. “CRN” — Korea’s first!")
    assert plain_paragraphs(body) == RENDER(body)
    assert plain_paragraphs("*emphasis*") is None and plain_paragraphs("- a list") is None


def every_release_body() -> list[str]:
    bodies = []
    for content in (REPO / "content", REPO / "tests" / "golden" / "site" / "content"):
        if content.is_dir():
            bodies += [read_release(content, file).body for file in iter_release_files(content)]
    return bodies


@pytest.mark.parametrize("body", every_release_body())
def test_every_real_body_converts_as_markdown_does(body: str) -> None:
    assert BodyConverter()(body) == RENDER(body)


# Hand-written bodies (no `source:`): tables, footnotes, definition lists, heading ids.
HAND = """## 수출 동향

| Item | 2023 | 2024 |
|---|---:|---:|
| Chips | 98.6 | 141.9 |

Exports rose[^1].

FTA
: Free trade agreement

[^1]: Source: MOTIE, <b>preliminary</b>.
"""


def test_hand_written_bodies_get_tables_footnotes_definitions_and_heading_ids() -> None:
    html = MarkdownRenderer(HAND_WRITTEN)(HAND)
    assert '<h2 id="수출-동향">수출 동향</h2>' in html
    assert "<table>" in html and '<td style="text-align: right;">141.9</td>' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'href="#fnref:1"' in html  # both ends of the link exist
    assert "<dl>\n<dt>FTA</dt>\n<dd>Free trade agreement</dd>\n</dl>" in html
    assert "&lt;b&gt;preliminary&lt;/b&gt;" in html  # raw HTML stays escaped


def test_imported_bodies_render_as_before_whatever_they_hold() -> None:
    html = BodyConverter()(HAND, IMPORTED)
    assert html == RENDER(HAND)
    assert "<table>" not in html and "| Item | 2023 | 2024 |" in html and "footnote" not in html


def test_allow_html_passes_raw_html_but_never_a_dangerous_link() -> None:
    text = ('Read <a href="javascript:alert(1)">this</a> and <a href="https://motie.go.kr/">that</a>.\n\n'
            "<div><img src='data:image/png;base64,xx' alt=''><a href=\"JaVa&#115;cript:x\">y</a></div>\n\n"
            "[z](javascript:alert(2))")
    html = MarkdownRenderer(HAND_WRITTEN_HTML)(text)
    assert '<a href="https://motie.go.kr/">that</a>' in html and "<div>" in html
    assert "javascript" not in html.replace("[z](javascript:alert(2))", "").lower()
    assert "data:" not in html and "cript:x" not in html
    assert "&lt;a" in MarkdownRenderer(HAND_WRITTEN)(text)  # without the setting: escaped


@settings(max_examples=800, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_fast_path_equals_markdown_for_hand_written_bodies_whenever_it_answers(text: str) -> None:
    for mode in (HAND_WRITTEN, HAND_WRITTEN_HTML):
        converted = BodyConverter()(text, mode)
        assert converted == MarkdownRenderer(mode)(text)
