"""`pressroom check`: prove the archive can be trusted before it is published.

Content checks read content/ (front matter schema, vocabulary ids, clashing output paths,
translation pairs); site checks (generator.check.sitecheck) read the built site. Every problem prints
as `FILE:LINE: message`, paths relative to the project, and any problem makes the exit code 1.
`--translations` instead lists the releases that lack another language, and always exits 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.check.sitecheck import SiteReport, check_site
from generator.config import Settings
from generator.content.release import Release, content_path_for, iter_release_files, read_release
from generator.content.vocabulary import VOCABULARY_FILE, Vocabulary, load_vocabulary
from generator.errors import ContentError, Problem
from generator.incremental.fingerprint import last_build


@dataclass(frozen=True)
class ContentReport:
    releases: list[Release]
    problems: list[Problem]


def _shown(settings: Settings, path: Path) -> str:
    """A path as a person in the project folder would type it."""
    try:
        return path.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        return str(path)


class _Lines:
    """Front matter key → line number, read lazily and only for files that have a problem."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.cache: dict[str, list[str]] = {}

    def of(self, release: Release, key: str) -> int:
        if release.path not in self.cache:
            try:
                text = (self.content_dir / release.path).read_text(encoding="utf-8")
            except OSError:
                text = ""
            self.cache[release.path] = text.split("\n")
        for number, line in enumerate(self.cache[release.path], 1):
            if line.startswith(f"{key}:"):
                return number
        return 1


def check_content(settings: Settings) -> ContentReport:
    content_dir = settings.content_path
    shown_dir = _shown(settings, content_dir)
    problems: list[Problem] = []

    def problem(path: str, line: int | None, message: str) -> None:
        problems.append(Problem(f"{shown_dir}/{path}", line, message))

    vocabulary: Vocabulary | None = None
    try:
        vocabulary = load_vocabulary(content_dir)
    except ContentError as error:
        problems.append(Problem(_shown(settings, Path(error.problem.path)), error.problem.line,
                                error.problem.message))
    releases: list[Release] = []
    for file in iter_release_files(content_dir):
        try:
            releases.append(read_release(content_dir, file))
        except ContentError as error:
            problem(error.problem.path, error.problem.line, error.problem.message)
    lines = _Lines(content_dir)
    for release in releases:
        if release.lang not in settings.languages:
            problem(release.path, lines.of(release, "lang"),
                    f"lang {release.lang!r} is not one of the site's languages")
        expected = content_path_for(release.lang, release.date, release.slug)
        if release.path != expected:
            problem(release.path, lines.of(release, "slug"),
                    f"date and slug place this release at {shown_dir}/{expected}; move the file there")
        if vocabulary is not None:
            if release.category not in vocabulary.categories:
                problem(release.path, lines.of(release, "category"),
                        f"category {release.category!r} is not in {VOCABULARY_FILE}")
            for tag in release.tags:
                if tag not in vocabulary.tags:
                    problem(release.path, lines.of(release, "tags"),
                            f"tag {tag!r} is not in {VOCABULARY_FILE}")
    for path, line, message in (*_clashing_urls(releases, lines), *_pair_problems(releases, lines)):
        problem(path, line, message)
    return ContentReport(releases, problems)


def _clashing_urls(releases: list[Release], lines: _Lines) -> Iterable[tuple[str, int, str]]:
    """Two releases with one language, month and slug would overwrite each other's page."""
    by_url: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        by_url[release.url_path].append(release)
    for url, group in by_url.items():
        for release in group[1:] if len(group) > 1 else ():
            yield (release.path, lines.of(release, "slug"),
                   f"slug {release.slug!r} clashes with {group[0].path}: both would be /{url}")


def _pair_problems(releases: list[Release], lines: _Lines) -> Iterable[tuple[str, int, str]]:
    """A translation_key names one release per language, and a pair tells of one day."""
    by_key: dict[str, dict[str, list[Release]]] = defaultdict(lambda: defaultdict(list))
    for release in releases:
        by_key[release.translation_key][release.lang].append(release)
    for key, per_lang in by_key.items():
        for lang, group in per_lang.items():
            for release in group if len(group) > 1 else ():
                others = ", ".join(r.path for r in group if r is not release)
                yield (release.path, lines.of(release, "translation_key"),
                       f"translation_key {key!r} is shared with another {lang} release ({others}); "
                       f"a key pairs exactly one release per language")
        singles = [group[0] for group in per_lang.values() if len(group) == 1]
        for release in singles:
            for other in singles:
                if other is not release and other.date != release.date:
                    yield (release.path, lines.of(release, "date"),
                           f"date {release.date} differs from its {other.lang} translation "
                           f"{other.path} ({other.date})")


def untranslated(releases: list[Release], languages: tuple[str, ...]) -> list[Release]:
    """Releases whose translation_key lacks at least one of the site's other languages."""
    langs_of: dict[str, set[str]] = defaultdict(set)
    for release in releases:
        langs_of[release.translation_key].add(release.lang)
    wanted = set(languages)
    lacking = [r for r in releases if r.lang in wanted and not wanted <= langs_of[r.translation_key]]
    return sorted(lacking, key=lambda r: (r.lang, r.date, r.path))


def _site_base_url(settings: Settings, args: argparse.Namespace, out_dir: Path) -> str:
    """The base URL the site was built for: given, else the last build's, else the settings'."""
    if getattr(args, "base_url", None):
        return settings.with_base_url(args.base_url).base_url
    record = last_build(settings)
    if record and Path(record.get("output", "")) == out_dir.resolve() and record.get("base_url"):
        return record["base_url"]
    return settings.base_url


def command(settings: Settings, args: argparse.Namespace) -> int:
    report = check_content(settings)
    if getattr(args, "translations", False):
        lacking = untranslated(report.releases, settings.languages)
        shown_dir = _shown(settings, settings.content_path)
        for release in lacking:
            print(f"{shown_dir}/{release.path}\t{release.date}\t{release.title}")
        print(f"{len(lacking)} of {len(report.releases)} releases lack a translation", file=sys.stderr)
        return 0
    out_dir = (getattr(args, "out", None) or settings.output_path).resolve()
    site: SiteReport = check_site(settings.with_base_url(_site_base_url(settings, args, out_dir)),
                                  out_dir, _shown(settings, out_dir))
    problems = report.problems + site.problems
    for item in problems:
        print(item)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(report.releases)} releases, {site.pages} pages, {site.links} links, "
          f"{site.feeds} feeds checked; no problems")
    return 0
