"""Which pages an edit touches: the scope of a partial build (generator.pagemodel.Scope).

For each release read again or gone since the last build, in its old and its new version: its
own page, its translations' pages (they show its title and link), its neighbours' pages in the
new order and around its old place (they link to it), and its categories' and tags' pages and
feeds in every language. Pages every build plans anyway (root, homes, archives, indexes,
language feeds, sitemap) cover the rest. Tests compare partial builds with cold builds.
"""

from __future__ import annotations

from .archive import Archive
from .buildcache import BuildState
from .content import Release
from .gather import Gathered
from .pagemodel import Scope

MOST_CHANGES = 500  # beyond this many changed releases, planning everything is as quick


def _around(archive: Archive, old: Release, skip: str) -> list[Release]:
    """The releases that were next to `old` before it changed: its place in today's order."""
    same = archive.releases.get(old.lang, [])
    key = (old.date, old.slug)
    index = next((i for i, r in enumerate(same) if (r.date, r.slug) < key), len(same))
    found = []
    for step, start in ((-1, index - 1), (1, index)):
        position = start
        while 0 <= position < len(same) and same[position].path == skip:
            position += step
        if 0 <= position < len(same):
            found.append(same[position])
    return found


def change_scope(state: BuildState, gathered: Gathered, archive: Archive) -> Scope | None:
    """The scope of the changes since `state`, or None when planning everything is better."""
    if len(gathered.changed) > MOST_CHANGES:
        return None
    releases: set[str] = set()
    terms: set[tuple[str, str]] = set()
    for path in gathered.changed:
        old = state.sources[path][2] if path in state.sources else None
        new = archive.by_path.get(path)
        for version in (old, new):
            if version is None:
                continue
            releases.add(version.path)
            terms.add(("category", version.category))
            terms.update(("tag", tag) for tag in version.tags)
            twins = archive.translations.get(version.translation_key, {})
            releases.update(twin.path for twin in twins.values())
        if new is not None:
            releases.update(r.path for r in (archive.newer(new), archive.older(new)) if r is not None)
        if old is not None:
            releases.update(r.path for r in _around(archive, old, path))
    return Scope(releases=frozenset(releases), terms=frozenset(terms))
