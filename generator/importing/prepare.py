"""Preparing records for the import's plan: each record's category, tags, Markdown body,
summary, pairing evidence and slug base, the state of the file an earlier import wrote for it,
and at the end each release's file text. This is the import's per-record work, the part that
generator.workers spreads over forked processes.

Each function takes what its workers share and a contiguous chunk of records or releases, and
returns one small result per item: results are the only data pickled between processes, so
they are plain tuples (NamedTuple), not objects rebuilt attribute by attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from generator.content.frontmatter import format_release, parse_release
from generator.content.release import Release
from generator.content.vocabulary import Matcher
from generator.errors import ContentError
from generator.importing import bodytext, slugs
from generator.importing.dumps import Record
from generator.importing.manifest import ManifestEntry, text_hash
from generator.importing.pairing import features


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


Shared = tuple[Matcher, Path, dict[str, ManifestEntry]]  # vocabulary rules, content folder, manifest


def prepare(shared: Shared, records: Sequence[tuple[Record, str | None]]) -> list[tuple[Prepared, OnDisk]]:
    """Each record (with the content path the manifest has for it) prepared, and its file checked."""
    matcher, content_dir, manifest = shared
    results = []
    for record, previous in records:
        inferred, tags = matcher.classify(record.title, record.body, record.lang)
        body, summary = bodytext.markdown_and_summary(record.body, record.lang)
        results.append((Prepared(
            category=record.category or inferred, tags=tags, summary=summary, body=body,
            evidence=features(record.title, record.body, record.lang, tags),
            slug_base=(slugs.korean_slug if record.lang == "ko" else slugs.english_slug)(record.title),
        ), _on_disk(content_dir, manifest, previous)))
    return results


def _on_disk(content_dir: Path, manifest: dict[str, ManifestEntry], previous: str | None) -> OnDisk:
    """Whether the file at `previous` is still what the import wrote, read once."""
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
        return OnDisk(True, parse_release(text, previous), False)
    except ContentError:
        return OnDisk(True, None, False)


def format_all(_: None, releases: Sequence[Release]) -> list[tuple[str, str]]:
    """Each release's file text and its hash for the manifest."""
    return [(text, text_hash(text)) for text in map(format_release, releases)]
