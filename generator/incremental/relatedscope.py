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

from collections.abc import Sequence

from generator.content.release import Release
from generator.incremental.state import BuildState
from generator.site.archive import Archive
from generator.site.parallel import PARALLEL_THRESHOLD, split_work
from generator.site.related import RelatedIndex, features
from generator.workers import map_chunks

MOST_CHANGES = 200  # beyond this many changed releases, ranking everything is as quick


def _affected(index: RelatedIndex, lang: str, archive: Archive, state: BuildState,
              changed: set[str]) -> set[str] | None:
    """The paths of `lang` whose list may differ from the state's; None when all may."""
    affected: set[str] = set()
    for path in changed:
        old = state.sources[path].release if path in state.sources else None
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


def _rank_some(index: RelatedIndex, only: set[str] | None) -> dict[str, tuple[str, ...]]:
    """Path → the paths of its related releases, for the releases in `only` (None: all). An edit
    whose title loses a common word (`korea`) has thousands to rank again: on every core then.
    Only an edit's partial ranking comes here with a set; a whole language already has a core."""

    def paths(only: set[str] | None) -> list[tuple[str, tuple[str, ...]]]:
        return [(path, tuple(r.path for r in others)) for path, others in index.ranked(only=only).items()]

    def work(_shared: None, chunk: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
        return paths(set(chunk))

    if only is None or len(only) < PARALLEL_THRESHOLD:
        return dict(paths(only))
    # forced: few releases, but each ranked against the whole archive (in this process while
    # serve's finisher runs: generator/workers.py)
    return dict(map_chunks(work, None, sorted(only), parallel=True))


def related_lists(archive: Archive, state: BuildState | None, changed: set[str] | None,
                  features_out: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[Release, ...]]:
    """Release path → its related releases. `state` is the last build's (made by this same
    code, as the build fingerprint says), `changed` the content paths read again or gone since.
    Each release's features are put in `features_out`, for the next build's state."""
    usable = state is not None and changed is not None and len(changed) <= MOST_CHANGES
    known = {}
    if state is not None and changed is not None:
        known = {path: f for path, f in state.features.items() if path not in changed}

    by_path = archive.by_path

    def rank(languages: Sequence[str]) -> list[tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]]:
        # paths, not releases, travel back from a worker process: they pickle in a fraction of the time
        done = []
        for lang in languages:
            releases = archive.releases[lang]
            index = RelatedIndex(releases, known=known)
            own_features = {r.path: f for r, f in zip(index.ordered, index.features, strict=True)}
            only = _affected(index, lang, archive, state, changed) if usable else None  # type: ignore[arg-type]
            lists: dict[str, tuple[str, ...]] = {}
            if only is not None:
                assert state is not None
                try:
                    lists = {r.path: tuple(by_path[other].path for other, _, _ in state.related[r.path])
                             for r in releases if r.path not in only}
                except KeyError:  # a state from before related lists were kept, or of other releases
                    only = None
            lists.update(_rank_some(index, only))
            done.append((lists, own_features))
        return done

    # ranking whole languages is the longest serial step of a cold build: one language per core
    many = not usable and sum(len(archive.releases[lang]) for lang in archive.languages) >= PARALLEL_THRESHOLD
    result: dict[str, tuple[Release, ...]] = {}
    for lists, own_features in split_work(rank, list(archive.languages), worth_it=many):
        result.update((path, tuple(by_path[other] for other in others)) for path, others in lists.items())
        if features_out is not None:
            features_out.update(own_features)
    return result
