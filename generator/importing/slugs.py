"""Slugs: stable, lowercase, at most 80 characters and 200 bytes, safe as one path segment on
any system (never a name Windows reserves, such as `con` or `com1`).

English titles go through python-slugify (ASCII, cut at a word boundary). Korean-only releases
keep their Hangul (NFC), never a romanisation; anything else becomes a hyphen. Titles of other
languages keep Japanese kana and CJK ideographs (`日本語`) as Korean keeps Hangul, since their
romanisation would be a jumble; other scripts go through python-slugify (`é` → e, `Тест` → test).
"""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify

from generator.content.release import (
    MAX_SLUG_BYTES,
    MAX_SLUG_LENGTH,
    SLUG_LETTERS,
    is_reserved_name,
    is_safe_slug,
)

_NOT_KOREAN_SLUG = re.compile(r"[^a-z0-9\uac00-\ud7a3]+")
_NOT_NATIVE_SLUG = re.compile(rf"[^{SLUG_LETTERS}]+")
_KANA_OR_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_INITIAL_DOT = re.compile(r"(?<=\b[A-Za-z])\.")
_AMPERSAND = re.compile(r"(?<=\w)(&)(?=\w)|&")
FALLBACK = "release"


def _cut(slug: str, room: int = 0) -> str:
    """Within the limits less `room` (characters of an ASCII suffix to come), cut at a hyphen
    where there is one. Bytes count as well as characters: a Hangul syllable takes three."""
    limit = MAX_SLUG_LENGTH - room
    fitting = len(slug.encode("utf-8")[: MAX_SLUG_BYTES - room].decode("utf-8", "ignore"))
    limit = min(limit, fitting)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return (cut[: cut.rfind("-")] if "-" in cut else slug[:limit]).strip("-")


def _usable(slug: str) -> str:
    """The slug, or one that is safe: a reserved device name (`con`, `com1`) gets `-release`."""
    if slug and is_reserved_name(slug):
        slug = f"{slug}-release"
    return slug if slug and is_safe_slug(slug) else FALLBACK


def english_slug(title: str) -> str:
    # "Japan's" → japans, "U.S." → us: apostrophes and initials' dots are no word breaks.
    title = _INITIAL_DOT.sub("", title.replace("'", "").replace("’", ""))
    title = _AMPERSAND.sub(lambda m: "" if m.group(1) else " and ", title)  # R&D → rd, A & B → a-and-b
    return _usable(slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True))


def korean_slug(title: str) -> str:
    text = unicodedata.normalize("NFC", title).lower()
    return _usable(_cut(_NOT_KOREAN_SLUG.sub("-", text).strip("-")))


def native_slug(title: str) -> str:
    """Kana, CJK ideographs, Hangul, ASCII letters and digits, hyphens between (`日本の半導体投資`)."""
    text = unicodedata.normalize("NFC", title).lower()
    return _usable(_cut(_NOT_NATIVE_SLUG.sub("-", text).strip("-")))


def slug_for(title: str, lang: str) -> str:
    """The slug base of a release title in `lang`."""
    if lang == "ko":
        return korean_slug(title)
    if lang != "en" and _KANA_OR_IDEOGRAPH.search(title):
        return native_slug(title)
    return english_slug(title)  # python-slugify transliterates other scripts (`Тест` → test)


def with_suffix(base: str, number: int) -> str:
    """`base-2`, `base-3` …, still within the limits."""
    suffix = f"-{number}"
    return _cut(base, len(suffix)).rstrip("-") + suffix


def is_variant(slug: str, base: str) -> bool:
    """Whether `slug` is `base` or `base` with a collision suffix (so a re-import keeps it)."""
    if slug == base:
        return True
    stem, _, number = slug.rpartition("-")
    return number.isdigit() and stem == _cut(base, len(number) + 1).rstrip("-")
