"""`pressroom check`: prove the archive can be trusted before it is published.

Content checks read content/ (front matter schema, vocabulary ids, clashing output paths,
translation pairs) and the string tables the build reads; site checks (generator.check.sitecheck)
read the built site. Every problem prints as `FILE:LINE: message`, paths relative to the project,
and any problem makes the exit code 1.
`--translations` instead lists pairs, the import's proposals and the releases that lack another
language (generator.check.translations), and always exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.check.sitecheck import SiteReport, check_site
from generator.check.translations import translation_lines
from generator.config import Settings
from generator.content.bundles import with_bundle
from generator.content.files import iter_release_files, read_release
from generator.content.redirectfile import read_redirects
from generator.content.release import Release
from generator.content.validation import KeyLines, content_problems
from generator.content.vocabulary import Vocabulary, load_vocabulary
from generator.errors import ContentError, PressroomError, Problem, located, shown_path
from generator.incremental.fingerprint import input_fingerprint, last_build, made_from
from generator.site.buildstrings import load_tables


@dataclass(frozen=True)
class ContentReport:
    releases: list[Release]
    problems: list[Problem]


def _shown(settings: Settings, path: Path) -> str:
    """A path as a person in the project folder would type it (errors.shown_path)."""
    return shown_path(path, settings.root)


def _located(settings: Settings, error: PressroomError) -> list[Problem]:
    """Every problem of `error`, named as every command names it (errors.located)."""
    return [located(error, item, settings.root, settings.content_path) for item in error.problems]


def _ids_only(content_dir: Path) -> Vocabulary | None:
    """The vocabulary when labels are all it lacks (a language just added): its ids and tag
    kinds are whole, so releases' ids and the string tables' kind strings are still checked.
    None when it is broken otherwise (its problems are already reported)."""
    try:
        return load_vocabulary(content_dir, ())
    except ContentError:
        return None


def check_content(settings: Settings) -> ContentReport:
    """Every problem of content/: the vocabulary, each release file as read, and the releases
    together (generator.content.validation, as the build sees them and more)."""
    content_dir = settings.content_path
    shown_dir = _shown(settings, content_dir)
    problems: list[Problem] = []
    vocabulary: Vocabulary | None = None
    try:
        vocabulary = load_vocabulary(content_dir, settings.languages)
    except ContentError as error:
        problems += _located(settings, error)  # every term a new language lacks a label for
        vocabulary = _ids_only(content_dir)
    try:  # the theme's and the site's string tables, as the build reads them (a key one lacks …);
        # a missing theme is the build's to name (check also reads a site built elsewhere)
        if settings.theme_path.is_dir():
            kinds = (tag.kind for tag in vocabulary.tags.values()) if vocabulary else ()
            load_tables(settings.theme_path, settings.languages, kinds, settings.strings_path)
    except PressroomError as error:
        problems += _located(settings, error)
    try:
        read_redirects(content_dir)  # what it holds is the build's to resolve: only its form here
    except ContentError as error:
        problems += _located(settings, error)
    found: list[Problem] = []
    releases: list[Release] = []
    for file in iter_release_files(content_dir, settings.languages):
        try:
            releases.append(with_bundle(str(content_dir) + os.sep, read_release(content_dir, file)))
        except ContentError as error:
            found.extend(error.problems)
    found += content_problems(releases, vocabulary, settings.languages, KeyLines(content_dir), shown_dir)
    problems += [Problem(f"{shown_dir}/{item.path}", item.line, item.message) for item in found]
    return ContentReport(releases, problems)


def _published_drafts(settings: Settings, releases: list[Release], out_dir: Path) -> list[Problem]:
    """A draft's page in the site to be published (left by `build --drafts` or `serve` in the
    same folder): check is the last look before deploy."""
    content = _shown(settings, settings.content_path)
    return [Problem(f"{content}/{release.path}", None,
                    f"is a draft, but its page is in {_shown(settings, out_dir)}/{release.url_path}: build "
                    "without --drafts before publishing, or remove `draft: true`")
            for release in releases
            if release.draft and (out_dir / release.url_path / "index.html").is_file()]


def _site_base_url(settings: Settings, args: argparse.Namespace, out_dir: Path) -> str:
    """The base URL the site was built for: given, else the last build's, else the settings'."""
    if getattr(args, "base_url", None):
        return settings.with_base_url(args.base_url).base_url
    record = last_build(settings)
    if record and Path(record.get("output", "")) == out_dir.resolve() and record.get("base_url"):
        return record["base_url"]
    return settings.base_url


def _stale_warning(settings: Settings, out_dir: Path) -> str | None:
    """A warning when `out_dir` holds the last finished build but the content, theme or settings
    changed since (a build that failed leaves the site before it): check reads the site as it is,
    which is not what a build, or a deploy, would publish now."""
    record = last_build(settings)
    if not record or Path(record.get("output", "")) != out_dir:
        return None
    try:
        if record.get("fingerprint") == input_fingerprint(settings, made=made_from(settings)):
            return None
    except (PressroomError, OSError):  # a file that cannot be read: check names it as a problem
        return None
    return (f"warning: {_shown(settings, out_dir)} is the last finished build, but content, theme or "
            "settings changed since (or the last build failed): the site is checked as it is; run "
            "`pressroom build` first to check what would be published (deploy refuses a stale site)")


def command(settings: Settings, args: argparse.Namespace) -> int:
    report = check_content(settings)
    if getattr(args, "translations", False):
        lines, summary = translation_lines(report.releases, settings.languages, settings.content_path,
                                           _shown(settings, settings.content_path))
        for line in lines:
            print(line)
        print(summary, file=sys.stderr)
        return 0
    out_dir = (getattr(args, "out", None) or settings.output_path).resolve()
    site: SiteReport = check_site(settings.with_base_url(_site_base_url(settings, args, out_dir)),
                                  out_dir, _shown(settings, out_dir))
    problems = report.problems + site.problems + _published_drafts(settings, report.releases, out_dir)
    stale = _stale_warning(settings, out_dir)
    if stale:
        print(stale, file=sys.stderr)
    for item in problems:
        print(item)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    drafts = sum(1 for release in report.releases if release.draft)
    print(f"ok: {len(report.releases)} releases{f' ({drafts} drafts, not built)' if drafts else ''}, "
          f"{site.pages} pages, {site.links} links, {site.feeds} feeds checked; no problems")
    return 0
