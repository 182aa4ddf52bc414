"""The archive's source of truth: one Markdown file with YAML front matter per release.

This module is the contract between the importer (which writes these files), the build (which
reads them) and people (who edit them): the Release type, the rule that says where its file and
its page are, and what its front matter may hold. Reading and writing the text is
generator.content.frontmatter; finding the files is generator.content.files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.content.editorial import EMPTY_EXTRA, Contact, ExtraMap

if TYPE_CHECKING:
    from generator.content.bundles import Bundle

MAX_SLUG_LENGTH = 80
# A slug names a file (`<slug>.md`, and the importer's `.<slug>.md.<pid>.tmp` beside it) and a
# folder of the site: most file systems allow 255 bytes per name, and a Hangul syllable takes
# three in UTF-8, so 80 of them would not leave room for the rest.
MAX_SLUG_BYTES = 200
# A title is repeated on every list, feed and related list that shows its release: bounded so
# that one file cannot swell the site (a 10 MB title made a 266 MB site). Longer is an error,
# in the import and in the build, never a silent cut.
MAX_TITLE_LENGTH = 2000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099  # date_problem: the years a release may have
# Names Windows reserves for devices, with or without an extension (`con`, `con.md`): a file or
# folder so named cannot be created or checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{device}{n}" for device in ("com", "lpt")
                                                           for n in range(10))})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Hangul syllables (and Japanese kana and CJK ideographs) are allowed so a Korean-only (or
# Japanese-only) release keeps a readable slug.
SLUG_LETTERS = "a-z0-9\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff"
SLUG_PATTERN = re.compile(rf"^[{SLUG_LETTERS}]+(?:-[{SLUG_LETTERS}]+)*$")

REQUIRED_KEYS = ("title", "date", "lang", "category", "tags", "slug", "translation_key", "summary")
# The import's own optional keys, then an editor's (generator.content.editorial), never imported.
OPTIONAL_KEYS = ("category_inferred", "source", "updated", "draft", "contact", "extra", "aliases")
SOURCE_KEYS = ("dump", "record", "hash")


@dataclass(frozen=True)
class Source:
    """Where the importer found a release: dump file, record number, hash of the raw record."""

    dump: str
    record: int
    hash: str


@dataclass(frozen=True)
class Release:
    path: str  # relative to the content folder, with forward slashes
    lang: str
    title: str
    date: dt.date
    category: str
    tags: tuple[str, ...]
    slug: str
    translation_key: str
    summary: str
    body: str  # Markdown source, already escaped by the importer
    body_line: int  # the file's line number where the body starts, for error messages
    category_inferred: bool = False
    source: Source | None = None
    updated: dt.date | None = None  # the day it was last corrected; never before `date`
    draft: bool = False  # built by `serve` and `build --drafts` only
    contact: Contact | None = None
    extra: ExtraMap = EMPTY_EXTRA  # free values for templates, read-only
    # old URLs of the page, normalised (generator.content.aliases): each gets a redirect page
    aliases: tuple[str, ...] = ()
    # A page bundle's files (generator.content.bundles), filled when the build reads the release;
    # None for a single file.
    bundle: Bundle | None = None

    @property
    def hand_written(self) -> bool:
        """Whether a person wrote the file (the importer always records its source): its body
        is then rendered with the Markdown extensions of generator.content.markup."""
        return self.source is None

    @property
    def url_path(self) -> str:
        """The page's path below the site's base path, e.g. `en/2024/04/some-slug/`: the one
        page rule (the content file's is content_path_for). Integer formatting, not strftime:
        the build asks it of every release, and strftime costs more than the rest of indexing
        (the build asks once, and keeps the answers in Archive.url_paths)."""
        date = self.date
        return f"{period_path(self.lang, date.year, date.month)}{self.slug}/"


def period_path(lang: str, year: int, month: int | None = None) -> str:
    """A year's or a month's archive page, e.g. `en/2024/` or `en/2024/04/`: the folder its
    releases' pages (Release.url_path) sit in, so years before 1000 are padded alike."""
    return f"{lang}/{year:04d}/" if month is None else f"{lang}/{year:04d}/{month:02d}/"


def is_safe_slug(slug: str) -> bool:
    return (
        len(slug) <= MAX_SLUG_LENGTH
        and len(slug.encode("utf-8")) <= MAX_SLUG_BYTES
        and unicodedata.is_normalized("NFC", slug)
        and bool(SLUG_PATTERN.match(slug))
        and not is_reserved_name(slug)
    )


def is_reserved_name(segment: str) -> bool:
    """Whether a path segment (a slug, a category or tag id) is a name Windows reserves: the part
    before its first dot, case and trailing spaces aside."""
    return segment.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


def title_problem(title: str) -> str | None:
    """What is wrong with a title's length or its letters, or None: the import and the build
    ask alike. A title of format characters alone (U+200B …) is empty to a reader: a link with
    no visible text in every list, a blank heading."""
    if len(title) > MAX_TITLE_LENGTH:
        return (f"title too long: {len(title):,} characters, at most {MAX_TITLE_LENGTH:,}; shorten it "
                "(the rest belongs in the body)")
    if not any(char.isprintable() and not char.isspace() and unicodedata.category(char) != "Cf"
               for char in title):
        return "title has no visible character (only spaces or invisible format characters)"
    return None


def date_problem(date: dt.date) -> str | None:
    """What makes a release's date implausible, or None: the import and the build ask alike.
    A year before 1900 or after 2099 is a typo (0001, 2204, 9999), not a press release; it would
    stretch the stats page over every month between (megabytes), top every feed for ever, and file
    the release where no reader looks. Fixed bounds, not today's date: a build must not depend on
    the day it runs, and a dated-ahead release (an embargo, a test archive) is the user's call."""
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        return (f"implausible date {date.isoformat()}: a release's date must be from {EARLIEST_YEAR} "
                f"to {LATEST_YEAR}; check the year")
    return None


def shown(value: Any) -> str:
    """A value for an error message: its repr, cut to a line (a value may be megabytes, or a YAML
    alias bomb whose full repr would never end)."""
    if isinstance(value, (list, dict)):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def content_path_for(lang: str, date: dt.date, slug: str) -> str:
    """Where a release's file belongs below content/, e.g. `en/2024/04/some-slug.md`: the one
    content rule (the importer asks it before a Release exists; the page's is Release.url_path)."""
    return f"{month_folder(lang, date)}/{slug}.md"


def bundle_path_for(lang: str, date: dt.date, slug: str) -> str:
    """Where a release's file is when the release is a page bundle, e.g.
    `en/2024/04/some-slug/index.md`: its folder holds the files published beside its page. The
    importer writes single files (content_path_for), and keeps a release in its bundle."""
    return f"{month_folder(lang, date)}/{slug}/index.md"


def same_place(path: str, other: str) -> bool:
    """Whether two content paths are one release's place, as a single file or as a bundle."""
    return path == other or single_path(path) == single_path(other)


def single_path(path: str) -> str:
    """The single-file form of a release's content path (`…/slug/index.md` → `…/slug.md`)."""
    head, _, name = path.rpartition("/")
    return head + ".md" if name == "index.md" and head.count("/") == 3 else path


def slug_of_path(path: str) -> str:
    """The slug a content path names: the file's name, or a bundle's folder."""
    return single_path(path).rsplit("/", 1)[-1][:-3]


def month_folder(lang: str, date: dt.date) -> str:
    """`<lang>/<yyyy>/<mm>`, the folder content_path_for puts a release in. Integer formatting,
    not strftime (many times slower, and it writes years before 1000 unpadded on Linux: that form
    is kept for them, so existing files stay where they are)."""
    if date.year >= 1000:
        return f"{lang}/{date.year}/{date.month:02d}"
    return f"{lang}/{date:%Y}/{date:%m}"


_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def key_line(front: str, key: str) -> int:
    """The file's line of a top-level front matter key (1 when not found), for error messages."""
    return find_key_line(front.split("\n"), key, first=2) or 1


def find_key_line(lines: Iterable[str], key: str, first: int = 1) -> int | None:
    """The number of the line where top-level key `key:` stands, counting from `first`; None
    when it does not."""
    for number, line in enumerate(lines, first):
        if line.startswith(f"{key}:"):
            return number
    return None
