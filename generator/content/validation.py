"""Whether parsed releases make one archive: the problems `pressroom build` and `pressroom check`
both look for, found and worded once, so the two never disagree on what is wrong.

A single file's front matter is checked as it is read (generator.content.release); what is
checked here needs the vocabulary or the other releases. archive_problems are what make a build
impossible (an id the vocabulary lacks, two releases on one page, one translation_key twice in a
language); content_problems adds what `check` reports and a build tolerates (a release in a
language the site does not build, a file in the wrong folder, a pair that disagrees on its date,
category or tags).
Problems name the file relative to the content folder, and the line of the key to fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from generator.content.release import Release, content_path_for, find_key_line, same_place
from generator.content.vocabulary import Vocabulary
from generator.errors import Problem
from generator.languages import language_name


class KeyLines:
    """Front matter key → line number. A Release does not keep its keys' lines (a build holds
    tens of thousands), so a file is read again, lazily and only when it has a problem."""

    def __init__(self, content_dir: Path | None) -> None:
        self.content_dir = content_dir  # None: releases made in memory, problems have no line
        self.cache: dict[str, list[str]] = {}

    def of(self, release: Release, key: str) -> int | None:
        if self.content_dir is None:
            return None
        if release.path not in self.cache:
            try:
                text = (self.content_dir / release.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.cache[release.path] = text.split("\n")
        return find_key_line(self.cache[release.path], key)

    def problem(self, release: Release, key: str, message: str) -> Problem:
        return Problem(release.path, self.of(release, key), message)


def archive_problems(releases: Sequence[Release], vocabulary: Vocabulary, lines: KeyLines,
                     url_paths: Mapping[str, str] | None = None) -> list[Problem]:
    """What keeps these releases (of the languages being built) from making one site, in the
    order: each release's ids, then clashing pages, then shared translation keys. `url_paths`:
    each release's Release.url_path by its path, where the caller has them (the build does)."""
    urls = _url_paths(releases) if url_paths is None else url_paths
    if _sound(releases, vocabulary, urls):
        return []
    problems = [problem for release in releases for problem in _unknown_ids(release, vocabulary, lines)]
    return [*problems, *_clashing_pages(releases, urls, lines), *_shared_keys(releases, lines)]


def _url_paths(releases: Iterable[Release]) -> dict[str, str]:
    return {release.path: release.url_path for release in releases}


def _sound(releases: Sequence[Release], vocabulary: Vocabulary, url_paths: Mapping[str, str]) -> bool:
    """Whether archive_problems has nothing to say, in one plain loop: the build asks it of every
    release every time, and it is almost always so."""
    categories, tags = vocabulary.categories, vocabulary.tags
    urls: set[str] = set()
    keys: dict[str, set[str]] = defaultdict(set)  # lang → translation keys
    for release in releases:
        if release.category not in categories:
            return False
        for tag in release.tags:
            if tag not in tags:
                return False
        url, taken = url_paths[release.path], keys[release.lang]
        if url in urls or release.translation_key in taken:
            return False
        urls.add(url)
        taken.add(release.translation_key)
    return True


def content_problems(releases: Sequence[Release], vocabulary: Vocabulary | None,
                     languages: tuple[str, ...], lines: KeyLines, shown_dir: str) -> list[Problem]:
    """Everything `pressroom check` reports of parsed releases: archive_problems (the vocabulary's
    part only when it loaded), and what the build tolerates. `shown_dir`: the content folder as
    the person sees it, for the path a misplaced file should move to."""
    problems = []
    for release in releases:
        problems += _misplaced(release, languages, lines, shown_dir)
        if vocabulary is not None:
            problems += _unknown_ids(release, vocabulary, lines)
    return [*problems, *_clashing_pages(releases, _url_paths(releases), lines),
            *_shared_keys(releases, lines), *_pair_dates(releases, lines),
            *_pair_terms(releases, lines, shown_dir)]


def _unknown_ids(release: Release, vocabulary: Vocabulary, lines: KeyLines) -> Iterator[Problem]:
    if release.category not in vocabulary.categories:
        yield lines.problem(release, "category", f"category {release.category!r} is not in the vocabulary")
    for tag in release.tags:
        if tag not in vocabulary.tags:
            yield lines.problem(release, "tags", f"tag {tag!r} is not in the vocabulary")


def _misplaced(release: Release, languages: tuple[str, ...], lines: KeyLines,
               shown_dir: str) -> Iterator[Problem]:
    if release.lang not in languages:
        yield lines.problem(release, "lang", f"lang {release.lang!r} is not one of the site's languages")
    expected = content_path_for(release.lang, release.date, release.slug)
    if not same_place(release.path, expected):
        yield lines.problem(release, "slug", f"date and slug place this release at {shown_dir}/{expected} "
                                             f"(or {shown_dir}/{expected[:-3]}/index.md as a page bundle); "
                                             "move the file there")


def _clashing_pages(releases: Iterable[Release], url_paths: Mapping[str, str],
                    lines: KeyLines) -> Iterator[Problem]:
    """Two releases with one language, month and slug would overwrite each other's page."""
    first: dict[str, Release] = {}
    for release in releases:
        url = url_paths[release.path]
        taken = first.setdefault(url, release)
        if taken is not release:
            yield lines.problem(release, "slug", f"slug {release.slug!r} clashes with {taken.path}: "
                                                 f"both would be /{url}")


def _by_key(releases: Iterable[Release]) -> dict[str, dict[str, list[Release]]]:
    """translation_key → lang → its releases."""
    by_key: dict[str, dict[str, list[Release]]] = defaultdict(lambda: defaultdict(list))
    for release in releases:
        by_key[release.translation_key][release.lang].append(release)
    return by_key


def _shared_keys(releases: Iterable[Release], lines: KeyLines) -> Iterator[Problem]:
    """A translation_key names one release per language: each of several is told of the others."""
    for key, per_lang in _by_key(releases).items():
        for lang, group in per_lang.items():
            for release in group if len(group) > 1 else ():
                others = ", ".join(r.path for r in group if r is not release)
                yield lines.problem(release, "translation_key",
                                    f"translation_key {key!r} is shared with another {lang} release "
                                    f"({others}); a key pairs exactly one release per language")


def _pair_dates(releases: Iterable[Release], lines: KeyLines) -> Iterator[Problem]:
    """A release and its translation tell of one day."""
    for per_lang in _by_key(releases).values():
        singles = [group[0] for group in per_lang.values() if len(group) == 1]
        for release in singles:
            for other in singles:
                if other is not release and other.date != release.date:
                    yield lines.problem(release, "date",
                                        f"date {release.date} differs from its {other.lang} "
                                        f"translation {other.path} ({other.date})")


def _pair_terms(releases: Iterable[Release], lines: KeyLines, shown_dir: str) -> Iterator[Problem]:
    """A pair carries one category and the same tags (the import gives it one set; a hand edit
    may part them): else a category or tag page lists the release in one language only, and its
    link to the other language's page leads to a list without it. Told once, on the version that
    is not English, in the order the tags are listed."""
    for per_lang in _by_key(releases).values():
        singles = sorted((group[0] for group in per_lang.values() if len(group) == 1),
                         key=lambda release: (release.lang != "en", release.lang))
        for release in singles[1:]:
            model = singles[0]
            where = f"its {language_name(model.lang, 'en')} version {shown_dir}/{model.path}"
            if release.category != model.category:
                yield lines.problem(release, "category", f"category {release.category!r} differs from "
                                                         f"{where} ({model.category!r})")
            extra = [tag for tag in release.tags if tag not in model.tags]
            missing = [tag for tag in model.tags if tag not in release.tags]
            if extra or missing:
                parts = [f"{word} {', '.join(tags)}"
                         for word, tags in (("adds", extra), ("lacks", missing)) if tags]
                yield lines.problem(release, "tags", f"tags differ from {where}: {'; '.join(parts)}")
