"""The archive as indexes: per language, newest first, by year, month, category and tag; the
translation pairs; each release's neighbours. Built once per build in linear time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.content.release import Release
from generator.content.validation import KeyLines, archive_problems
from generator.content.vocabulary import Vocabulary
from generator.errors import ContentError


@dataclass(frozen=True)
class Archive:
    languages: tuple[str, ...]
    vocabulary: Vocabulary
    releases: dict[str, list[Release]]  # lang → newest first
    translations: dict[str, dict[str, Release]]  # translation_key → lang → release
    by_year: dict[str, dict[int, list[Release]]]  # lang → year → newest first
    by_month: dict[str, dict[tuple[int, int], list[Release]]]
    by_category: dict[str, dict[str, list[Release]]]  # lang → category id → newest first
    by_tag: dict[str, dict[str, list[Release]]]
    position: dict[str, int]  # release path → index in its language's list
    url_paths: dict[str, str]  # release path → its page's path (Release.url_path, computed once)
    by_path: dict[str, Release]
    # release path → its seconds after midnight (generator.site.timing): 0 for its day's oldest
    day_rank: dict[str, int]

    def translation(self, release: Release, lang: str) -> Release | None:
        return self.translations.get(release.translation_key, {}).get(lang)

    def newer(self, release: Release) -> Release | None:
        index = self.position[release.path]
        return self.releases[release.lang][index - 1] if index > 0 else None

    def older(self, release: Release) -> Release | None:
        same = self.releases[release.lang]
        index = self.position[release.path]
        return same[index + 1] if index + 1 < len(same) else None


def archive_order(release: Release) -> tuple[int, int, int, str, str]:
    """The sort key of the one total order used everywhere (lists, feeds, neighbour links):
    newest day first; within a day, the dumps' order, which lists releases newest first (record
    1 of a dump is its newest; equal record numbers of two dumps go by the dump's name), then
    releases written by hand (no `source`) in file-name order (their slug)."""
    source = release.source
    if source is None:
        return (-release.date.toordinal(), 1, 0, "", release.slug)
    return (-release.date.toordinal(), 0, source.record, source.dump, release.slug)


def newest_first(releases: Iterable[Release]) -> list[Release]:
    """One total order used everywhere, so every list and neighbour link is deterministic."""
    return sorted(releases, key=archive_order)


def day_ranks(ordered: list[Release]) -> dict[str, int]:
    """Each release's place within its day from the oldest (0), given newest first."""
    ranks: dict[str, int] = {}
    start = 0
    for index, release in enumerate(ordered):
        if index + 1 == len(ordered) or ordered[index + 1].date != release.date:
            for offset, same_day in enumerate(ordered[start:index + 1]):
                ranks[same_day.path] = index - start - offset
            start = index + 1
    return ranks


def build_archive(releases: Iterable[Release], vocabulary: Vocabulary, languages: tuple[str, ...],
                  content_dir: Path | None = None) -> Archive:
    """Index the releases of the site's languages. The first of their problems
    (generator.content.validation, which `pressroom check` reports all of) is a ContentError:
    `content_dir` gives it the line of the key to fix."""
    built = [release for release in releases if release.lang in languages]
    url_paths = {release.path: release.url_path for release in built}
    problems = archive_problems(built, vocabulary, KeyLines(content_dir), url_paths)
    if problems:
        raise ContentError(problems[0].path, problems[0].line, problems[0].message)
    per_lang: dict[str, list[Release]] = {lang: [] for lang in languages}
    for release in built:
        per_lang[release.lang].append(release)
    translations: dict[str, dict[str, Release]] = defaultdict(dict)
    by_year: dict[str, dict[int, list[Release]]] = {}
    by_month: dict[str, dict[tuple[int, int], list[Release]]] = {}
    by_category: dict[str, dict[str, list[Release]]] = {}
    by_tag: dict[str, dict[str, list[Release]]] = {}
    position: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for lang in languages:
        ordered = newest_first(per_lang[lang])
        per_lang[lang] = ordered
        ranks.update(day_ranks(ordered))
        years: dict[int, list[Release]] = defaultdict(list)
        months: dict[tuple[int, int], list[Release]] = defaultdict(list)
        categories: dict[str, list[Release]] = defaultdict(list)
        tags: dict[str, list[Release]] = defaultdict(list)
        for index, release in enumerate(ordered):
            translations[release.translation_key][lang] = release
            position[release.path] = index
            years[release.date.year].append(release)
            months[(release.date.year, release.date.month)].append(release)
            categories[release.category].append(release)
            for tag in dict.fromkeys(release.tags):
                tags[tag].append(release)
        by_year[lang] = dict(years)
        by_month[lang] = dict(months)
        by_category[lang] = dict(categories)
        by_tag[lang] = dict(tags)
    return Archive(languages=languages, vocabulary=vocabulary, releases=per_lang,
                   translations=dict(translations), by_year=by_year, by_month=by_month,
                   by_category=by_category, by_tag=by_tag, position=position,
                   url_paths=url_paths, by_path={r.path: r for lang in languages for r in per_lang[lang]},
                   day_rank=ranks)


def paginate(items: list[Release], size: int) -> list[list[Release]]:
    """Pages of at most `size` items; an empty list still has one (empty) page."""
    return [items[start:start + size] for start in range(0, len(items), size)] or [[]]
