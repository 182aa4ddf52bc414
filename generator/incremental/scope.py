"""Which pages an edit touches: the scope of a partial build (generator.site.outfiles.Scope).

For each release read again or gone since the last build, in its old and its new version: its
own page, its translations' pages (they show its title and link), its neighbours' pages in the
new order and around its old place (they link to it), its categories' and tags' pages and
feeds in every language, and when it moved, the feeds of its day's releases (their times within
the day shift, generator.site.timing); the stats pages when it came, went, moved, or changed
its category, tags or translation key (what the charts count). Pages every build plans anyway
(root, homes, archives, indexes, language feeds, sitemap) cover the rest. Tests compare partial
builds with cold builds.
"""

from __future__ import annotations

from generator.content.release import Release
from generator.incremental.state import BuildState
from generator.site.archive import Archive, archive_order
from generator.site.gather import Gathered
from generator.site.outfiles import STATS, Scope

MOST_CHANGES = 500  # beyond this many changed releases, planning everything is as quick


def _around(archive: Archive, old: Release, skip: str) -> list[Release]:
    """The releases that were next to `old` before it changed: its place in today's order."""
    same = archive.releases.get(old.lang, [])
    key = archive_order(old)
    index = next((i for i, r in enumerate(same) if archive_order(r) > key), len(same))
    found = []
    for step, start in ((-1, index - 1), (1, index)):
        position = start
        while 0 <= position < len(same) and same[position].path == skip:
            position += step
        if 0 <= position < len(same):
            found.append(same[position])
    return found


def _kept(kind: str, term: str, old: Release | None, new: Release | None) -> bool:
    """Whether the release stays in the same place of this category's or tag's lists."""
    if old is None or new is None:
        return False
    if kind == "category":
        return old.category == new.category
    return term in old.tags and term in new.tags


def _day_feeds(archive: Archive, release: Release) -> set[str]:
    """The feeds of the releases of `release`'s day: their times within the day
    (generator.site.timing) shift when a release of the day comes, goes or moves."""
    found = set()
    month = archive.by_month.get(release.lang, {}).get((release.date.year, release.date.month), [])
    for other in month:
        if other.date == release.date:
            found.add(f"category:{other.category}:{other.lang}:feed")
            found.update(f"tag:{tag}:{other.lang}:feed" for tag in other.tags)
    return found


def _counted(old: Release | None, new: Release | None) -> bool:
    """Whether the stats pages' charts may count the release differently (generator/site/
    families/stats_pages.py): by its day, language, category, tags or counterpart."""
    if old is None or new is None:
        return True
    return ((old.lang, old.date, old.category, old.translation_key) != (new.lang, new.date, new.category,
            new.translation_key) or tuple(old.tags) != tuple(new.tags))


def _page_of(releases: list[Release], release: Release, size: int) -> int:
    # by identity: comparing dataclasses field by field is slow on long lists
    return next(i for i, r in enumerate(releases) if r is release) // size + 1


def change_scope(state: BuildState, gathered: Gathered, archive: Archive, page_size: int) -> Scope | None:
    """The scope of the changes since `state`, or None when planning everything is better."""
    if len(gathered.changed) > MOST_CHANGES:
        return None
    groups: set[str] = set()
    prefixes: set[str] = set()
    for path in gathered.changed:
        old = state.sources[path].release if path in state.sources else None
        new = archive.by_path.get(path)
        # added, gone or moved: lists shift, counts and periods change, in every language
        moved = (old is None or new is None
                 or (old.lang, archive_order(old)) != (new.lang, archive_order(new)))
        if moved or not _kept("category", "", old, new):  # home sidebars count categories
            prefixes.add("home:")
        if moved:
            prefixes.add("archive:")
        if _counted(old, new):
            groups.add(STATS)
        for version in (old, new):
            if version is None:
                continue
            if moved:
                groups.update(_day_feeds(archive, version))
            groups.add(f"release:{version.path}")
            for twin in archive.translations.get(version.translation_key, {}).values():
                groups.add(f"release:{twin.path}")
            terms = {("category", version.category), *(("tag", tag) for tag in version.tags)}
            for kind, term in terms:
                if moved or not _kept(kind, term, old, new):  # its lists and counts change everywhere
                    prefixes.add(f"{kind}:{term}:")
                    continue
                index = archive.by_category if kind == "category" else archive.by_tag
                number = _page_of(index[new.lang][term], new, page_size)  # only the page showing it
                groups.update((f"{kind}:{term}:{new.lang}:{number}", f"{kind}:{term}:{new.lang}:feed"))
        if new is not None:
            neighbours = (archive.newer(new), archive.older(new))
            groups.update(f"release:{r.path}" for r in neighbours if r is not None)
            if not moved:
                number = archive.position[new.path] // page_size + 1
                groups.update((f"home:{new.lang}:{number}", f"archive:{new.lang}:{new.date.year}",
                               f"archive:{new.lang}:{new.date.year}-{new.date.month:02d}"))
        if old is not None:
            groups.update(f"release:{r.path}" for r in _around(archive, old, path))
    return Scope(groups=frozenset(groups), prefixes=tuple(sorted(prefixes)))
