"""Preparing records for the import's plan: each record's category, tags, Markdown body,
summary, pairing evidence and slug base, the state of the file an earlier import wrote for it,
and at the end each release's file text. This is the import's per-record work, the part that
generator.workers spreads over forked processes.

Each function takes what its workers share and a contiguous chunk of records or releases, and
returns one small result per item: results are the only data pickled between processes, so
they are plain tuples (NamedTuple), not objects rebuilt attribute by attribute.

Whether a file counts as edited by a person is decided here, by one rule: a file is the
import's own when its text has the hash the manifest recorded, or when its text is exactly what
this import would write for its record (under the slug, key and source the file names). Only
then may the import rewrite it; any other text is a person's and is never overwritten. The
second half matters after a crash: a file written by an import that never committed its
manifest is not a local edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from generator import progress
from generator.content.frontmatter import format_release, parse_release
from generator.content.release import Release, Source, bundle_path_for, content_path_for, same_place
from generator.content.vocabulary import Matcher
from generator.errors import ContentError
from generator.importing import bodytext, slugs
from generator.importing.dumps import Record
from generator.importing.manifest import ManifestEntry, text_hash
from generator.importing.pairing import features
from generator.importing.pairtags import pair_terms


class Prepared(NamedTuple):
    """What a record's file needs that depends on the record alone (computed in parallel)."""

    category: str
    tags: tuple[str, ...]
    summary: str
    body: str  # escaped Markdown
    evidence: frozenset[str]  # for pairing: figures, tags and names (pairing.features)
    slug_base: str  # the slug the title gives (for a Korean release without an English one)


class OnDisk(NamedTuple):
    """The file an earlier import wrote for a record, as it is now."""

    edited: bool  # it changed since the import wrote it (or cannot be read)
    pinned: Release | None  # the edited file, when it parses
    intact: bool  # it is exactly what the import wrote


# vocabulary rules, content folder, manifest, records in all (for the progress)
Shared = tuple[Matcher, Path, dict[str, ManifestEntry], int]


def prepare(shared: Shared, records: Sequence[tuple[Record, str | None]]) -> list[tuple[Prepared, OnDisk]]:
    """Each record (with the content path the manifest has for it) prepared, and its file checked."""
    matcher = shared[0]
    step = progress.share(len(records), shared[3])
    results = []
    for record, previous in records:
        prepared = prepare_one(matcher, record)
        results.append((prepared, _on_disk(shared, previous, record, prepared)))
        progress.advance(step)
    return results


def prepare_one(matcher: Matcher, record: Record) -> Prepared:
    """What one record's file needs that depends on the record alone."""
    inferred, tags = matcher.classify(record.title, record.body, record.lang)
    body, summary = bodytext.markdown_and_summary(record.body, record.lang)
    return Prepared(
        category=record.category or inferred, tags=tags, summary=summary, body=body,
        evidence=features(record.title, record.body, record.lang, tags),
        slug_base=slugs.slug_for(record.title, record.lang),
    )


def release_for(record: Record, prepared: Prepared, slug: str, key: str, source: Source) -> Release:
    """The release the import makes of a record under a slug, a translation key and a source."""
    return Release(
        path=content_path_for(record.lang, record.date, slug), lang=record.lang,
        title=record.title, date=record.date, category=prepared.category,
        category_inferred=record.category is None, tags=prepared.tags, slug=slug,
        translation_key=key, summary=prepared.summary, body=prepared.body, body_line=0,
        source=source,
    )


def is_own_text(record: Record, prepared: Prepared, release: Release, text: str, matcher: Matcher,
                content_dir: Path) -> bool:
    """Whether `text` (of a file holding `release`) is exactly what the import would write for
    this record under the file's own slug and source: then it is no person's edit. Only the
    key the import gives a release itself (`<date>-<slug>`) counts as its own: any other key
    may be a person's pin (see the README's Pairing), so that file stays a person's. A paired
    release carries the pair's category and tags (generator.importing.pairtags), computed with
    its partner's file as it is now."""
    if release.translation_key != f"{release.date}-{release.slug}":
        return False
    source = release.source if release.source is not None else Source(record.dump, record.number, record.hash)
    own = release_for(record, prepared, release.slug, release.translation_key, source)
    if not same_place(own.path, release.path):
        return False
    if format_release(own) == text:
        return True
    partner_lang = {"en": "ko", "ko": "en"}.get(record.lang)  # the import pairs English and Korean only
    if partner_lang is None:
        return False
    partner = content_path_for(partner_lang, release.date, release.slug)
    if not (content_dir / partner).exists():
        partner = bundle_path_for(partner_lang, release.date, release.slug)
    try:
        other = parse_release((content_dir / partner).read_text(encoding="utf-8"), partner)
    except (OSError, UnicodeDecodeError, ContentError):
        return False
    if other.translation_key != release.translation_key:
        return False
    return format_release(replace(own, **pair_terms([own, other], matcher)._asdict())) == text


def _on_disk(shared: Shared, previous: str | None, record: Record, prepared: Prepared) -> OnDisk:
    """Whether the file at `previous` is still the import's own text, read once."""
    matcher, content_dir, manifest, _ = shared
    if previous is None:
        return OnDisk(False, None, False)
    try:
        text = (content_dir / previous).read_text(encoding="utf-8")
    except FileNotFoundError:
        return OnDisk(False, None, False)
    except (OSError, UnicodeDecodeError):
        return OnDisk(True, None, False)
    if text_hash(text) == manifest[previous].written:
        return OnDisk(False, None, True)
    try:
        pinned = parse_release(text, previous)
    except ContentError:
        return OnDisk(True, None, False)
    if is_own_text(record, prepared, pinned, text, matcher, content_dir):
        return OnDisk(False, None, False)  # not intact: the planner reads and compares it
    return OnDisk(True, pinned, False)


def format_all(total: int, releases: Sequence[Release]) -> list[tuple[str, str]]:
    """Each release's file text and its hash for the manifest (`total`: releases in all chunks)."""
    step = progress.share(len(releases), total)
    results = []
    for release in releases:
        text = format_release(release)
        results.append((text, text_hash(text)))
        progress.advance(step)
    return results
