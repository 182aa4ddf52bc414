"""One category and one set of tags per translation pair, applied once pairing is settled and
before any file is formatted.

Each language's rules see a different text, so the two versions of one release would often be
tagged differently (11 of the 18 demo pairs were) and a reader switching language on a tag page
would lose the release. The pair's terms:
- tags: the union of both versions' tags, in vocabulary order. A tag either language's rules
  find is evidence the release is about it, and the union loses none;
- category: a stated one (a dump's category line) beats an inferred one; between two of the same
  kind the English version's wins, except that an inferred fallback (`general`: nothing matched)
  yields to the other version's inferred category. `category_inferred` stays true only when
  neither version's dump stated a category.
A version that is not in this run but on file (an English release imported earlier, say) counts
too: when its file is still what the import wrote, the pair's terms are computed with its terms
and the file is rewritten if they changed; when a person edited it, its category and tags are
the pair's, and the version in this run takes them.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, Protocol

from generator.content.frontmatter import format_release, parse_release
from generator.content.release import Release
from generator.content.vocabulary import Matcher
from generator.errors import ContentError
from generator.importing.manifest import ManifestEntry, text_hash

PRIMARY = "en"  # the language whose version settles a tie


class PlanWrites(Protocol):
    """The parts of the import's plan (generator.importing.plan.Plan) a rewrite goes into."""

    writes: dict[str, str]
    manifest: dict[str, ManifestEntry]
    counts: dict[str, int]


class Terms(NamedTuple):
    category: str
    category_inferred: bool
    tags: tuple[str, ...]


class _OnFile(NamedTuple):
    """A pair's version that this run does not write, as its file is now."""

    path: str
    release: Release
    intact: bool  # exactly what the import wrote: the pair's terms may rewrite it


def terms_of(release: Release) -> Terms:
    return Terms(release.category, release.category_inferred, release.tags)


def unify_pairs(releases: Sequence[Release], matcher: Matcher, content_dir: Path,
                plan: PlanWrites) -> list[Release]:
    """The releases this run writes, each pair with one category and one set of tags; the file
    of a version on file that is still the import's gets the pair's terms too (in `plan`)."""
    by_key: dict[str, dict[str, int]] = defaultdict(dict)  # translation_key → lang → index
    doubled: set[str] = set()  # keys two releases of one language claim: check reports those
    for index, release in enumerate(releases):
        langs = by_key[release.translation_key]
        if release.lang in langs:
            doubled.add(release.translation_key)
        langs[release.lang] = index
    on_file = _on_file(by_key, {r.path for r in releases}, plan.manifest, content_dir)
    result = list(releases)
    for key, langs in by_key.items():
        there = on_file.get(key)
        if key in doubled or len(langs) + (there is not None) < 2:
            continue
        versions = [releases[index] for index in langs.values()]
        if there is not None and not there.intact:
            terms = terms_of(there.release)  # a person's choice
        else:
            terms = pair_terms([*versions, *([there.release] if there else [])], matcher)
        for index in langs.values():
            if terms_of(result[index]) != terms:
                result[index] = replace(result[index], **terms._asdict())
        if there is not None and there.intact and terms_of(there.release) != terms:
            _rewrite(there, terms, plan)
    return result


def pair_terms(versions: Sequence[Release], matcher: Matcher) -> Terms:
    """The category and tags every version of one release carries (see the module's rule)."""
    order = {tag: number for number, tag in enumerate(matcher.vocabulary.tags)}
    found = {tag for version in versions for tag in version.tags}
    tags = tuple(sorted(found, key=lambda tag: (order.get(tag, len(order)), tag)))
    stated = [version for version in versions if not version.category_inferred]
    informed = [version for version in versions if version.category != matcher.fallback]
    chosen = min(stated or informed or versions, key=lambda version: (version.lang != PRIMARY, version.lang))
    return Terms(chosen.category, not stated, tags)


def _on_file(by_key: dict[str, dict[str, int]], written_here: set[str],
             manifest: dict[str, ManifestEntry], content_dir: Path) -> dict[str, _OnFile]:
    """For keys with one version in this run, the other version's file from an earlier import,
    when the manifest knows it and the file still carries that key."""
    found: dict[str, _OnFile] = {}
    for path, entry in sorted(manifest.items()):
        langs = by_key.get(entry.key)
        if langs is None or len(langs) != 1 or path in written_here or entry.key in found \
                or path.partition("/")[0] in langs:
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError, ContentError):
            text = (content_dir / path).read_text(encoding="utf-8")
            release = parse_release(text, path)
            if release.translation_key == entry.key:  # else a person pinned it elsewhere
                found[entry.key] = _OnFile(path, release, text_hash(text) == entry.written)
    return found


def _rewrite(there: _OnFile, terms: Terms, plan: PlanWrites) -> None:
    """The earlier version's file with the pair's terms, and the manifest's memory of it."""
    text = format_release(replace(there.release, **terms._asdict()))
    plan.writes[there.path] = text
    plan.manifest[there.path] = replace(plan.manifest[there.path], written=text_hash(text))
    plan.counts["updated"] += 1
