"""Markdown → HTML for release bodies, with raw HTML escaped rather than passed through (unless
the `allow_html` setting says otherwise, for hand-written bodies) and links only to the web, to
mail and within the site. Hand-written bodies (no `source:` in the front matter) also get
tables, footnotes, definition lists and heading ids; imported bodies render as they always did.

The importer escapes dump text so that this renderer shows it verbatim; both sides, and the
property test that proves it, use this one function. A hand-edited body may still hold a link
or an image; one whose target would run or embed something (`javascript:`, `data:`,
`vbscript:`, `file:` …, however disguised) is not made: its Markdown stays as text, on pages and
in feeds alike, as markdown-it's `validateLink` does.

Every image gets `loading="lazy"`, and `width`/`height` when it is a file of the release's page
bundle whose size is known (the renderer is given them: generator.content.bundles). The same
pass records every link and image target, so the build can check that the local files a body
names exist (generator.content.bundles.check_references).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# The inline patterns that make an element with a URL (Python-Markdown's names for them).
_URL_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail")
_ESCAPED = re.compile(f"{STX}(\\d+){ETX}")  # a backslash escape, as Markdown keeps it until the end
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# A browser ignores C0 controls and spaces around a URL, and tabs and newlines inside it (the
# WHATWG URL parser), so ` java\tscript:` is `javascript:` to it. A URL holds no whitespace or
# control character once trimmed: a target that does is no link (Markdown turned a tab into spaces).
_AROUND = "".join(map(chr, range(0x21)))
_INSIDE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029]")

# Rendered bodies are cached by a hash of their Markdown (generator.site.outfiles.body_key);
# this names the rendering as well, so HTML made by other code (this module, the fast path
# beside it or another Python-Markdown) is never taken from the cache.
RENDERING = hashlib.blake2b(
    markdown.__version__.encode() + Path(__file__).read_bytes()
    + Path(__file__).with_name("bodies.py").read_bytes(), digest_size=32).digest()


def _as_read(url: str) -> str:
    """A link or image target as a browser reads the attribute: Markdown's placeholders and
    character references decoded (the HTML keeps `&#106;`), what it trims trimmed."""
    url = _ESCAPED.sub(lambda m: chr(int(m.group(1))), url.replace(AMP_SUBSTITUTE, "&"))
    return html.unescape(url).strip(_AROUND)


def local_file(url: str) -> str | None:
    """The file below the page's folder that a relative target names (`photo.jpg`,
    `./files/report%20v2.pdf#page=2` → `files/report v2.pdf`), or None: a URL with a scheme or
    starting at the root, a fragment or query alone, a folder (ends in `/`, another page) or a
    path leaving the page's folder (`../`)."""
    url = _as_read(url)
    if not url or url.startswith(("/", "#", "?")) or _SCHEME.match(url):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path or path.endswith("/"):
        return None
    name = posixpath.normpath(unquote(path))
    if name.startswith("../") or name in (".", ".."):
        return None
    return name


def is_allowed_target(url: str) -> bool:
    """Whether a link or image may point at `url`: an http, https or mailto URL, or a relative
    one, without whitespace or controls inside. Judged as a browser reads the attribute (see
    _as_read), case ignored."""
    url = _as_read(url)
    if _INSIDE.search(url):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


def _guarded(processor: InlineProcessor) -> InlineProcessor:
    """The same pattern, matching only where its link or image has an allowed target; where it
    has not, Markdown reads on as if the pattern had not matched, so the text stays text."""
    plain = processor.handleMatch

    def handle_match(match: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:
        element, start, end = plain(match, data)  # type: ignore[call-arg]
        target = element.get("href", element.get("src")) if element is not None else None
        if target is not None and not is_allowed_target(target):
            return None, None, None
        return element, start, end

    processor.handleMatch = handle_match  # type: ignore[method-assign]
    return processor


class _SafeMarkup(markdown.Extension):
    """Drop the processors that let raw HTML through (what remains escapes `<` and `&`), unless
    `allow_html`, and guard every pattern that makes a link or an image."""

    def __init__(self, allow_html: bool = False) -> None:
        super().__init__()
        self.allow_html = allow_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        if self.allow_html:
            # before raw_html (30) puts the stashed HTML back into the document
            md.postprocessors.register(_RawTargets(md), "raw_targets", 35)
        else:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        for name in _URL_PATTERNS:
            _guarded(md.inlinePatterns[name])


class Reference(NamedTuple):
    """A link or image target a body names: `kind` is "img" or "a"; `alt` an image's text."""

    kind: str
    url: str  # as the browser reads it
    alt: str


class _Media(Treeprocessor):
    """Images: `loading="lazy"`, and their size when the renderer knows the file; every target
    recorded (after the inline patterns ran, so links and images exist as elements)."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: Any) -> None:
        found = self.renderer.references
        sizes = self.renderer.sizes
        for element in root.iter():
            if element.tag == "img":
                src = element.get("src", "")
                found.append(Reference("img", _as_read(src), _as_read(element.get("alt", ""))))
                size = sizes.get(local_file(src) or "") if sizes else None
                if size is not None:
                    element.set("width", str(size[0]))
                    element.set("height", str(size[1]))
                element.set("loading", "lazy")
            elif element.tag == "a" and element.get("href") is not None:
                found.append(Reference("a", _as_read(element.get("href", "")), ""))


class _MediaMarkup(markdown.Extension):
    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Media(md, self.renderer), "media", 5)  # after "inline" (20)
# An attribute of raw HTML that holds a URL, and its value (quoted or not).
_URL_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|srcset|action|formaction|poster|background|cite|data|xlink:href)\s*=\s*"""
    r"""("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)


class _RawTargets(Postprocessor):
    """Raw HTML, where the setting lets it through, keeps no URL attribute whose target
    is_allowed_target refuses (the attribute goes): the scheme allowlist holds either way."""

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            stash[index] = _URL_ATTRIBUTE.sub(_allowed_attribute, str(block))
        return text


def _allowed_attribute(match: re.Match[str]) -> str:
    value = match.group(1)
    if value[:1] in "\"'":
        value = value[1:-1]
    return match.group(0) if is_allowed_target(value) else ""


# How a body is rendered, by who wrote it: the importer's bodies exactly as ever (the lossless
# promise is tested byte for byte), a person's with the extensions people expect of Markdown.
# The mode starts the body's cache key (generator.site.outfiles.body_key), so the renderer is
# known from the key alone.
IMPORTED = ""
HAND_WRITTEN = "hand:"
HAND_WRITTEN_HTML = "html:"
_MODES = (HAND_WRITTEN, HAND_WRITTEN_HTML)


def body_mode(hand_written: bool, allow_html: bool) -> str:
    """The rendering mode of a release's body: IMPORTED, HAND_WRITTEN or HAND_WRITTEN_HTML."""
    if not hand_written:
        return IMPORTED
    return HAND_WRITTEN_HTML if allow_html else HAND_WRITTEN


def mode_of(key: str) -> tuple[str, str]:
    """(mode, the key without it) of a body key."""
    for mode in _MODES:
        if key.startswith(mode):
            return mode, key[len(mode):]
    return IMPORTED, key


def _extensions(mode: str) -> list[Any]:
    safe = _SafeMarkup(allow_html=mode == HAND_WRITTEN_HTML)
    if mode == IMPORTED:
        return [safe]
    # Heading ids from the heading's text, Hangul kept (toc's default drops it); no permalinks,
    # which would add a visible character to every heading. Footnote links are fragments
    # (`#fn:1`), which resolve against the page's own URL (themes set no <base>).
    toc = TocExtension(permalink=False, slugify=slugify_unicode, toc_depth="2-6")
    return [safe, "tables", FootnoteExtension(BACKLINK_TITLE="", SUPERSCRIPT_TEXT="{}"), "def_list", toc]


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents (creating one is costly).
    `sizes`: (width, height) of the page bundle's images by file name, for their `<img>`;
    after each call `references` holds the body's link and image targets in order."""

    def __init__(self, mode: str = IMPORTED) -> None:
        extensions = [*_extensions(mode), _MediaMarkup(self)]
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        self.sizes: dict[str, tuple[int, int]] = {}
        self.references: list[Reference] = []

    def __call__(self, text: str, sizes: dict[str, tuple[int, int]] | None = None) -> str:
        self._md.reset()
        self.sizes = sizes or {}
        self.references = []
        return self._md.convert(text)
