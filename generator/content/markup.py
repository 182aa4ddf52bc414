"""Markdown → HTML for release bodies, with raw HTML escaped rather than passed through.

The importer escapes dump text so that this renderer shows it verbatim; both sides, and the
property test that proves it, use this one function.
"""

from __future__ import annotations

import markdown


class _EscapeRawHtml(markdown.Extension):
    """Drop the processors that let raw HTML through; what remains escapes `<` and `&`."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents (creating one is costly)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[_EscapeRawHtml()], output_format="html")

    def __call__(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
