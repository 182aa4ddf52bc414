"""Which records are one release. Records sharing a language, a date and a title (case and
spacing aside: Record.title_key) are one release only when their bodies agree too, whitespace
aside; two different bodies under one date and title are two releases, each its own file.

Within one run that is the whole rule. Across runs the manifest remembers, for every file, the
identity and the hash of the record it came from, and a record takes the identity of the earlier
release it continues, in this order:
- the record an earlier import read, byte for byte (its hash is the manifest's `source`);
- else, when one record and one earlier release of its date and title are left, the record is
  that release re-scraped with its text corrected, and updates it as before;
- else (several left on one side or both), the records take the earlier releases whose
  written text they are most like, best match first.
Either way a record continues an earlier release only if its text is at least half like the
file's (LIKENESS_FLOOR), when that file is as the import wrote it: another ministry's "Weekly
briefing" of the same day is another release, and taking it for a correction overwrote the
first one without a word. (A file a person edited says nothing of its record: there the rule is
as before, and the writer keeps the person's text.)
A record left over is a new release: the plain title key when no release has it yet (so every
identity of an archive without such twins stays what it was), else the next variant `<tab>#2` ….
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.frontmatter import parse_release
from generator.errors import ContentError
from generator.importing.bodytext import to_markdown
from generator.importing.dumps import VARIANT_MARK, Record
from generator.importing.manifest import ManifestEntry, text_hash

LIKENESS_FLOOR = 0.5  # below it two texts of one date and title are two releases, not a correction


@dataclass(frozen=True)
class Earlier:
    """The releases earlier imports wrote: their manifest, and the folder to read their text."""

    manifest: Mapping[str, ManifestEntry]
    content_dir: Path | None = None


@dataclass(frozen=True)
class _Written:
    """One earlier release of a title key, as the manifest has it."""

    variant: int
    path: str
    source: str
    written: str = ""  # the hash of the text the import wrote there


def one_each(arrived: Sequence[Record], earlier: Earlier) -> tuple[list[Record], list[str]]:
    """Each release once, in the order first seen, with its identity settled; and notes on
    records that repeat another or share its date and title with different text."""
    groups: dict[str, list[Record]] = {}
    notes: list[str] = []
    repeats = 0
    for record in arrived:
        group = groups.setdefault(record.title_key, [])
        twin = next((other for other in group if _same_text(other, record)), None)
        if twin is None:
            if group:
                notes.append(f"{record.dump}:{record.line}: same date and title as {group[0].dump}:"
                             f"{group[0].line} but different text: imported as {len(group) + 1} releases "
                             "(if one corrects the other, leave the older dump out)")
            group.append(record)
        elif twin.dump == record.dump:
            notes.append(f"{record.dump}:{record.line}: repeats {twin.dump}:{twin.line} (same date, title "
                         "and text); imported once")
        else:
            repeats += 1
            if twin.category != record.category:
                notes.append(f"{record.dump}:{record.line}: same release as {twin.dump}:{twin.line} but with "
                             "a different category line; the first is imported")
    if repeats:
        notes.append(f"import: {repeats} record(s) found in more than one dump; each imported once")
    written = _written_by_title(earlier.manifest)
    settled: list[Record] = []
    for key, group in groups.items():
        before = written.get(key, [])
        if len(group) == 1 and all(w.variant == 0 and w.source == group[0].hash for w in before):
            settled.append(group[0])  # the common case: one release of its date and title
        else:
            settled.extend(_settle(group, before, earlier.content_dir, notes))
    return settled, notes


def _same_text(one: Record, other: Record) -> bool:
    return one.body.split() == other.body.split()


def _written_by_title(manifest: Mapping[str, ManifestEntry]) -> dict[str, list[_Written]]:
    """The manifest's releases by title key, variants parsed; entries whose identity a hand
    damaged are left out (they match no record)."""
    found: dict[str, list[_Written]] = {}
    for path, entry in sorted(manifest.items()):
        key, mark, number = entry.record.partition(VARIANT_MARK)
        if mark and not (number.isdigit() and int(number) >= 2):
            continue
        variant = int(number) if mark else 0
        found.setdefault(key, []).append(_Written(variant, path, entry.source, entry.written))
    return found


def _settle(group: list[Record], before: list[_Written], content_dir: Path | None,
            notes: list[str]) -> list[Record]:
    """The group's records with the variants of the earlier releases they continue, or new ones."""
    variants: dict[int, int] = {}  # index in group → variant
    free = list(before)
    for index, record in enumerate(group):
        same = next((w for w in free if w.source == record.hash), None)
        if same is not None:
            variants[index] = same.variant
            free.remove(same)
    left = [index for index in range(len(group)) if index not in variants]
    if left and free:
        judged = {(index, n): _likeness(group[index], written, content_dir)
                  for index in left for n, written in enumerate(free)}
        # one record and one release left: a correction of the one release it can be
        scored = sorted((-(1.0 if len(left) == len(free) == 1 else like), index, n)
                        for (index, n), like in judged.items() if like >= LIKENESS_FLOOR)
        taken: set[int] = set()
        for _, index, n in scored:
            if index not in variants and n not in taken:
                variants[index] = free[n].variant
                taken.add(n)
        for index in left:
            if index not in variants:
                record = group[index]
                paths = ", ".join(written.path for written in free)
                notes.append(f"{record.dump}:{record.line}: same date and title as {paths} but a text less "
                             "than half like it: imported as another release (if it corrects that one, "
                             "remove the older file by hand)")
    used = {w.variant for w in before} | set(variants.values())
    for index in range(len(group)):
        if index not in variants:
            variant = 0 if 0 not in used else 2
            while variant in used:
                variant += 1
            variants[index] = variant
            used.add(variant)
    return [record if variants[index] == record.variant else replace(record, variant=variants[index])
            for index, record in enumerate(group)]


def _likeness(record: Record, written: _Written, content_dir: Path | None) -> float:
    """How alike a record's body and an earlier release's written body are, 0 to 1; 1 when the
    file cannot tell (a person edited it, or removed it: then the rule is as it was before the
    floor, and the writer keeps a person's text)."""
    if content_dir is None:
        return 1.0
    try:
        text = (content_dir / written.path).read_text(encoding="utf-8")
        if written.written and text_hash(text) != written.written:
            return 1.0
        release = parse_release(text, written.path)
    except (OSError, UnicodeDecodeError, ContentError):
        return 1.0
    ours = to_markdown(record.body, record.lang).split()
    return difflib.SequenceMatcher(None, ours, release.body.split(), autojunk=False).ratio()
