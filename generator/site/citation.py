"""The "Cite this release" block: a plain-text reference and a BibTeX entry, made in Python so
that every theme cites alike (ReleasePage.cite)."""

from __future__ import annotations

import hashlib
import re

from generator.content.release import Release
from generator.site.model import Citation

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX's `language` field takes the language's English name (biblatex, babel)
_LANGUAGE_NAMES = {"en": "english", "ko": "korean"}
_SPECIAL = re.compile(r"[{}%&$#_^~\\]")
_ESCAPES = {"{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
            "^": r"\^{}", "~": r"\~{}", "\\": r"\textbackslash{}"}
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX's special characters escaped, in one pass (so the
    braces an escape adds are not escaped again). Line breaks become spaces."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], " ".join(text.split()))


def bibtex_key(translation_key: str, lang: str) -> str:
    """A key from the translation key and language, ASCII letters, digits and hyphens only (what
    every BibTeX reader accepts). A key that had to lose characters (Hangul) gets a short hash of
    the original, so two releases never share one."""
    safe = _KEY_UNSAFE.sub("-", translation_key).strip("-") or "release"
    if safe != translation_key:
        safe += "-" + hashlib.blake2b(translation_key.encode("utf-8"), digest_size=4).hexdigest()
    return f"{safe}-{lang}"


def cite(release: Release, publisher: str, url: str, note: str) -> Citation:
    """How to cite `release`, published by `publisher` (the site's title in its language) at the
    absolute `url`, with the BibTeX `note` in its language (the `cite_note` string); the reader
    adds the date they accessed it."""
    date = release.date
    text = f"{publisher}. ({date.isoformat()}). {release.title}. {url}"
    key = bibtex_key(release.translation_key, release.lang)
    language = _LANGUAGE_NAMES.get(release.lang, release.lang)
    fields = [("title", "{" + bibtex_escape(release.title) + "}"),
              ("author", "{{" + bibtex_escape(publisher) + "}}"),
              ("organization", "{" + bibtex_escape(publisher) + "}"),
              ("year", "{" + str(date.year) + "}"),
              ("month", _MONTHS[date.month - 1]),
              ("url", "{" + url + "}"),
              ("language", "{" + language + "}"),
              ("note", "{" + bibtex_escape(note) + "}")]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return Citation(text, f"@misc{{{key},\n{body}\n}}\n", key)
