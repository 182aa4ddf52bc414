"""Related lists for a build: ranked afresh only where an edit can change them.

A release's list depends on the postings and weights (log N/df) of its own features and on its
candidates' dates and paths. An edit that keeps a release's date (and the language's count)
changes the postings and weights only of the features it gained or lost, so only releases having
one of those features can rank differently; a changed date moves the release within every
posting it is on, so then every release sharing any of its features is ranked again. Everything
else keeps the last build's list (made of today's releases, so a changed title shows). A release
added or removed changes N, hence every weight: that language is ranked whole. The result is
the same as ranking everything (tests/test_build.py compares partial builds with cold ones).
"""

from __future__ import annotations

from .archive import Archive
from .buildcache import BuildState
from .content import Release
from .related import RelatedIndex, features

MOST_CHANGES = 200  # beyond this many changed releases, ranking everything is as quick


def _affected(index: RelatedIndex, lang: str, archive: Archive, state: BuildState,
              changed: set[str]) -> set[str] | None:
    """The paths of `lang` whose list may differ from the state's; None when all may."""
    affected: set[str] = set()
    for path in changed:
        old = state.sources[path][2] if path in state.sources else None
        new = archive.by_path.get(path)
        if old is None or new is None:
            if lang in {version.lang for version in (old, new) if version is not None}:
                return None  # the language's count changed, and with it every weight
            continue
        if new.lang != lang:
            continue
        before, after = set(features(old)), set(features(new))
        differ = before | after if old.date != new.date else before ^ after
        affected |= index.sharing(differ)
        affected.add(path)
    return affected


def related_lists(archive: Archive, state: BuildState | None, changed: set[str] | None,
                  features_out: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[Release, ...]]:
    """Release path → its related releases. `state` is the last build's (made by this same
    code, as the build fingerprint says), `changed` the content paths read again or gone since.
    Each release's features are put in `features_out`, for the next build's state."""
    result: dict[str, tuple[Release, ...]] = {}
    usable = state is not None and changed is not None and len(changed) <= MOST_CHANGES
    known = {}
    if state is not None and changed is not None:
        known = {path: f for path, f in state.features.items() if path not in changed}
    for lang in archive.languages:
        releases = archive.releases[lang]
        index = RelatedIndex(releases, known=known)
        if features_out is not None:
            features_out.update((r.path, f) for r, f in zip(index.ordered, index.features, strict=True))
        only = _affected(index, lang, archive, state, changed) if usable else None  # type: ignore[arg-type]
        kept: dict[str, tuple[Release, ...]] = {}
        if only is not None:
            assert state is not None
            try:
                kept = {r.path: tuple(archive.by_path[other] for other, _, _ in state.related[r.path])
                        for r in releases if r.path not in only}
            except KeyError:  # a state from before related lists were kept, or of other releases
                only = None
        result.update(index.ranked(only=only))
        if only is not None:
            result.update(kept)
    return result
