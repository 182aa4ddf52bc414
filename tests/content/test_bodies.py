from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.bodies import BodyConverter, plain_paragraphs
from generator.content.files import iter_release_files, read_release
from generator.content.markup import MarkdownRenderer

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
