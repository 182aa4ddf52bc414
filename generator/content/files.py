"""What content/ holds: release files below a folder per language, and the vocabulary file.

One lister serves the build, `pressroom check`, the input fingerprint and the tests, so they
all see the same releases in the same order. A release file is anything named `*.md` below a
language folder: a dangling link or a folder named `x.md` is listed too, and fails to read with
`FILE: cannot read the file: …` in the build and in check alike, so a person learns of it
instead of losing a release without a word (what is inside such a folder is listed as well).
A page bundle (generator.content.bundles) is listed as its index.md; the files beside it are its
own, not releases.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.content.bundles import BUNDLE_DEPTH, INDEX
from generator.content.frontmatter import parse_release
from generator.content.release import Release
from generator.errors import ContentError
from generator.languages import is_language_tag

VOCABULARY_FILE = "vocabulary.yaml"


def content_languages(content: Path) -> list[str]:
    """The folders of content/ named like a language code: where releases may be."""
    try:
        return sorted(e.name for e in os.scandir(content) if e.is_dir() and is_language_tag(e.name))
    except OSError:
        return []


def release_files(content: Path, languages: Iterable[str] | None = None) -> list[str]:
    """The release files of content/ in the folders of `languages` (by default every folder
    named like a language code), relative to it with forward slashes, sorted as strings (the
    order the build reads them in). os.walk on strings, because pathlib's rglob is several
    times slower on tens of thousands of files; it does not follow links to folders."""
    found = []
    for lang in content_languages(content) if languages is None else languages:
        for folder, folders, files in os.walk(os.path.join(content, lang)):
            prefix = os.path.relpath(folder, content).replace(os.sep, "/") + "/"
            if INDEX in files and prefix.count("/") == BUNDLE_DEPTH:
                found.append(prefix + INDEX)  # a page bundle: what else it holds is its files
                folders[:] = []
                continue
            found += [prefix + name for name in files if name.endswith(".md")]
            found += [prefix + name for name in folders if name.endswith(".md")]  # to be named
    return sorted(found)


def iter_release_files(content: Path, languages: Iterable[str] | None = None) -> Iterator[Path]:
    """release_files as paths below `content`, for callers that open them one by one."""
    return (content / relative for relative in release_files(content, languages))


def read_release(content_dir: Path, file: Path) -> Release:
    """One release file, read and parsed; every way it can fail is a ContentError naming it."""
    relative = file.relative_to(content_dir).as_posix()
    return parse_release(release_text(read_file(str(file), relative), relative), relative)


def read_file(file: str, relative: str) -> bytes:
    """A release file's bytes; a dangling link, a folder, no permission or a file gone meanwhile
    is a ContentError naming it (`relative`, its path below content/)."""
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None


def release_text(data: bytes, relative: str) -> str:
    """A release file's text: UTF-8, line ends as text mode's universal newlines make them."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(relative, line, f"not UTF-8 text ({error.reason} at byte {error.start + 1}); "
                                           "save the file as UTF-8") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
