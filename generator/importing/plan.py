"""The import's plan: which file every record becomes (its slug and translation pair), and
whether that file is new, updated, unchanged or kept because a person edited it.

Planning only reads; generator.importing.writer carries the plan out, so `--strict` can refuse
a run before a single byte is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import faults, progress
from generator.config import PAIRING_WINDOW as DEFAULT_WINDOW
from generator.content.release import Release, Source, month_folder, same_place, single_path, slug_of_path
from generator.content.vocabulary import Matcher
from generator.importing import slugs
from generator.importing.dumps import Record
from generator.importing.manifest import ManifestEntry
from generator.importing.pairreport import PairingReport, pairing_report
from generator.importing.pairtags import unify_pairs
from generator.importing.partners import Pairer, Partner
from generator.importing.prepare import Prepared, format_all, prepare, release_for
from generator.workers import map_chunks


@dataclass
class PlannedRecord:
    """One record on its way to a file."""

    record: Record
    previous: str | None  # the content path the manifest has for this record
    edited: bool  # that file changed since the import wrote it
    pinned: Release | None  # the edited file as it is now, when it parses
    slug: str = ""
    key: str = ""
    # The other language's version after pairing: a PlannedRecord of this run, or (for a Korean
    # record) the Release an earlier import wrote. None when unpaired or pinned by hand.
    partner: PlannedRecord | Release | None = None
    prepared: Prepared | None = None
    intact: bool = False  # the file at `previous` is exactly what the import wrote


@dataclass
class Plan:
    """What an import will do to content/, and what it will tell the person."""

    writes: dict[str, str] = field(default_factory=dict)  # content path → text
    deletes: list[str] = field(default_factory=list)  # unedited files whose release moved
    manifest: dict[str, ManifestEntry] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("new", "updated", "unchanged", "kept"), 0))
    kept: list[str] = field(default_factory=list)  # lines for stdout
    conflicts: list[str] = field(default_factory=list)  # lines for stderr
    pairing: PairingReport = field(default_factory=PairingReport)


class ImportPlanner:
    """Plans one import run against content/ and the manifest of earlier runs."""

    def __init__(self, content_dir: Path, manifest: dict[str, ManifestEntry], matcher: Matcher,
                 window: tuple[int, int] = DEFAULT_WINDOW) -> None:
        self.content_dir = content_dir
        self.window = window  # days a Korean release may lie before and after its English one
        self.manifest = manifest
        self.matcher = matcher
        self._folders: dict[str, set[str]] = {}
        self._files: dict[str, set[str]] = {}  # folder → its *.md names, listed once

    def plan(self, records: list[Record]) -> Plan:
        """Every record's slug, translation key and file: what to write, what to delete, what
        to keep because a person edited it, and the manifest that remembers it all."""
        items = self._prepared(records)
        english = [i for i in items if i.record.lang == "en"]
        korean = [i for i in items if i.record.lang == "ko"]
        # Proposing pairs is an English–Korean feature (figures in both languages' units); a
        # release of any other language is named on its own, and paired by its translation_key.
        others = [i for i in items if i.record.lang not in ("en", "ko")]
        in_run = {item.previous for item in items if item.previous and not item.edited}
        identities = {i.record.identity for i in items}
        # English first: a Korean release takes the slug and key of the English one it pairs with.
        self._name_english(english, in_run)
        self._name_english(others, in_run)
        progress.phase("import: pair translations", len(korean))
        pairing = Pairer(self.content_dir, self.manifest, self.window).pair(english, korean, identities)
        progress.advance(len(korean))
        self._name_korean(korean, pairing.partners, in_run)
        plan = Plan(manifest=dict(self.manifest))
        plan.pairing = pairing_report(pairing, items, self.manifest, identities)
        # From here on every item knows its `partner`: what a pair shares is settled below.
        for item in items:
            if item.edited:
                self._keep(item, plan)
        self._settle_all([item for item in items if not item.edited], plan)
        return plan

    def _prepared(self, records: list[Record]) -> list[PlannedRecord]:
        """The records in file order, each with its prepared text and its file's state on disk."""
        by_identity = {entry.record: path for path, entry in self.manifest.items()}
        ordered = [(r, by_identity.get(r.identity))
                   for r in sorted(records, key=lambda r: (r.date, r.lang, r.identity))]
        shared = (self.matcher, self.content_dir, self.manifest, len(ordered))
        progress.phase("import: prepare records", len(ordered))
        faults.reached("import.prepare")  # a pause point for the Ctrl-C test (generator/faults.py)
        return [PlannedRecord(record, previous, disk.edited, disk.pinned, prepared=prepared,
                              intact=disk.intact)
                for (record, previous), (prepared, disk) in
                zip(ordered, map_chunks(prepare, shared, ordered), strict=True)]

    def _name_english(self, english: list[PlannedRecord], in_run: set[str]) -> None:
        self._name(english, _slug_base, in_run)
        for item in english:
            item.key = item.pinned.translation_key if item.pinned else f"{item.record.date}-{item.slug}"

    def _name_korean(self, korean: list[PlannedRecord], partners: dict[int, Partner],
                     in_run: set[str]) -> None:
        """Slugs and keys of Korean records: their English partner's where they have one."""
        self._name(korean, lambda i: partners[id(i)].slug if id(i) in partners else _slug_base(i), in_run)
        for item in korean:
            partner = partners.get(id(item))
            if item.pinned:
                item.key = item.pinned.translation_key
            elif partner is not None:
                item.key, item.partner = partner.key, partner.english
                if isinstance(partner.english, PlannedRecord):
                    partner.english.partner = item
            else:
                item.key = f"{item.record.date}-{item.slug}"

    def _settle_all(self, fresh: list[PlannedRecord], plan: Plan) -> None:
        """Format the files of records nobody edited (in parallel) and settle each one."""
        releases = unify_pairs([self._release(item) for item in fresh], self.matcher, self.content_dir, plan)
        progress.phase("import: format files", len(releases))
        formatted = map_chunks(format_all, len(releases), releases)
        for item, release, (text, written) in zip(fresh, releases, formatted, strict=True):
            self._settle(item, release, text, written, plan)
        progress.done()

    def _taken(self, folder: str, in_run: set[str]) -> set[str]:
        """Slugs in use in a content folder by files this run does not rewrite."""
        if folder not in self._folders:
            path = self.content_dir / folder
            files = sorted(p.name for p in path.glob("*.md")) if path.is_dir() else []
            self._files[folder] = set(files)
            self._folders[folder] = {name[:-3] for name in files if f"{folder}/{name}" not in in_run}
            # page bundles (`<slug>/index.md`) take their folder's name as slug
            self._folders[folder] |= {p.parent.name for p in path.glob("*/index.md")
                                      if f"{folder}/{p.parent.name}/index.md" not in in_run}
        return self._folders[folder]

    def _name(self, items: list[PlannedRecord], base_of: Callable[[PlannedRecord], str],
              in_run: set[str]) -> None:
        """Give every item a slug unique in its folder; a re-import keeps the slug it had."""
        bases = {id(i): base_of(i) for i in items}
        for item in items:
            if item.edited and item.previous:
                item.slug = slug_of_path(item.previous)
        for item in items:
            if item.slug or not item.previous:
                continue
            folder = month_folder(item.record.lang, item.record.date)
            old_folder, _, old_name = single_path(item.previous).rpartition("/")
            taken = self._taken(folder, in_run)
            if old_folder == folder and slugs.is_variant(old_name[:-3], bases[id(item)]) \
                    and old_name[:-3] not in taken:
                item.slug = old_name[:-3]
                taken.add(item.slug)
        for item in items:
            if item.slug:
                continue
            taken = self._taken(month_folder(item.record.lang, item.record.date), in_run)
            base = slug = bases[id(item)]
            number = 2
            while slug in taken:
                slug, number = slugs.with_suffix(base, number), number + 1
            item.slug = slug
            taken.add(slug)

    def _keep(self, item: PlannedRecord, plan: Plan) -> None:
        """A file a person edited stays as it is; say so, and say when its record changed too."""
        record = item.record
        if item.previous:
            plan.counts["kept"] += 1
            plan.kept.append(f"kept local edits: content/{item.previous}")
            if record.hash != self.manifest[item.previous].source:
                plan.conflicts.append(
                    f"{record.dump}:{record.line}: conflict: this record changed, but "
                    f"content/{item.previous} was edited by hand since the last import; your text is kept")

    def _release(self, item: PlannedRecord) -> Release:
        record, prepared = item.record, item.prepared
        assert prepared is not None
        found_in = Source(record.dump, record.number, record.hash)
        earlier = self.manifest.get(item.previous or "")
        if earlier and earlier.source == record.hash and earlier.dump:
            found_in = Source(earlier.dump, earlier.number, record.hash)  # same record, first dump
        release = release_for(record, prepared, item.slug, item.key, found_in)
        if item.previous and item.previous != release.path and same_place(item.previous, release.path):
            return replace(release, path=item.previous)  # a person made it a page bundle: it stays one
        return release

    def _settle(self, item: PlannedRecord, release: Release, text: str, written: str, plan: Plan) -> None:
        """Whether the release's file is new, updated or unchanged, and the manifest entry."""
        record, path, found_in = item.record, release.path, release.source
        assert found_in is not None
        moved = False  # the release had a file elsewhere (a new slug after pairing): an update
        if item.previous and item.previous != path:
            if getattr(plan.manifest.get(item.previous), "record", None) == record.identity:
                del plan.manifest[item.previous]
            if (self.content_dir / item.previous).is_file():
                plan.deletes.append(item.previous)
                moved = True
        plan.manifest[path] = ManifestEntry(record.identity, record.hash, written, item.key,
                                    found_in.dump, found_in.record)
        # Read each file once; a first import into an empty content/ reads none (listings say so).
        folder, _, name = path.rpartition("/")
        if path == item.previous and item.intact:
            # The file is what the last import wrote: the manifest's hash stands for its text.
            exists, same = True, written == self.manifest[path].written
        else:
            current = None
            if name in self._files.get(folder, (name,)):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    current = (self.content_dir / path).read_text(encoding="utf-8")
            exists, same = current is not None, current == text
        if same:
            plan.counts["unchanged"] += 1
            return
        plan.counts["updated" if moved or (exists and item.previous) else "new"] += 1
        plan.writes[path] = text


def _slug_base(item: PlannedRecord) -> str:
    assert item.prepared is not None
    return item.prepared.slug_base
