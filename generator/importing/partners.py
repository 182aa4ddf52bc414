"""The import's pairing step: which Korean record takes which English release's slug and key,
with a person's pins and breaks first and the evidence (generator.importing.pairing) after.

A person decides with `translation_key` alone, in the file they edit (an edited file is never
rewritten, so the decision outlives every re-import):
- pin: give the two files the same key. The pair stands whatever the evidence says.
- break: give one file a key of its own. The manifest still holds the key the import wrote, so
  the import sees that the person took the file out of the pair, and leaves the other release
  unpaired too rather than offering it to its next-best candidate.
One field, not a second `unpaired:` flag, so the file can never say two contradicting things.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.content.frontmatter import parse_release
from generator.content.release import Release
from generator.errors import ContentError
from generator.importing.dumps import Record
from generator.importing.manifest import ManifestEntry
from generator.importing.pairing import Candidate, Match, features, propose, rarity

_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


class Pairable(Protocol):
    """What the pairing reads and sets of one planned record (plan.PlannedRecord)."""

    record: Record
    previous: str | None
    edited: bool
    pinned: Release | None
    slug: str
    key: str
    partner: Any
    prepared: Any  # prepare.Prepared: .evidence, .tags


@dataclass(frozen=True)
class Partner:
    """The English side of a Korean record's pair: its slug and key, and the record planned in
    this run or the Release an earlier import wrote."""

    slug: str
    key: str
    english: Any


@dataclass
class Pairing:
    """What the pairing decided, kept for the report."""

    partners: dict[int, Partner] = field(default_factory=dict)  # id(Korean item) → partner
    proposals: list[tuple[Match, Match | None]] = field(default_factory=list)
    sides: dict[str, Any] = field(default_factory=dict)  # candidate key → item or Release


class Pairer:
    """Pairs one run's records, given content/, the manifest and the date window."""

    def __init__(self, content_dir: Path, manifest: dict[str, ManifestEntry],
                 window: tuple[int, int]) -> None:
        self.content_dir = content_dir
        self.manifest = manifest
        self.window = window

    def pair(self, english: Sequence[Pairable], korean: Sequence[Pairable], identities: set[str]) -> Pairing:
        """Pins first, then the evidence among the records nobody decided about."""
        result = Pairing()
        broken = self._broken(english, korean)
        elsewhere = self._manifest_keys("ko", identities)  # paired with Korean files not re-read
        ko_pins = {k.pinned.translation_key for k in korean if k.pinned}
        en_pins = {e.key: e for e in english if e.edited}
        free_ko = []
        for item in korean:
            old_key = self._old_key(item)
            if item.edited or old_key in broken:
                continue
            if old_key in en_pins:  # a person edited the English file and kept (or set) its key
                english_item = en_pins[old_key]
                result.partners[id(item)] = Partner(english_item.slug, old_key, english_item)
            else:
                free_ko.append(item)
        taken = {p.key for p in result.partners.values()} | ko_pins | elsewhere | broken
        # An English file whose key a person changed was decided by hand, like an edited Korean one.
        free_en = [e for e in english if e.key not in taken and not self._rekeyed(e)]
        earlier = self._earlier_english({k.record.date for k in free_ko}, identities,
                                        {e.key for e in english} | taken)
        self._propose(result, free_en, free_ko, earlier, [*english, *korean])
        return result

    def _propose(self, result: Pairing, english: Sequence[Pairable], korean: Sequence[Pairable],
                 earlier: dict[str, Release], everything: Sequence[Pairable]) -> None:
        candidates = {"en": [_candidate(item) for item in english],
                      "ko": [_candidate(item) for item in korean]}
        for path, release in earlier.items():
            # No category: a file's may come from its partner's dump or a person, not its own dump.
            found = features(release.title, _plain(release.body), "en", release.tags)
            candidates["en"].append(Candidate(path, release.date, found))
        result.sides = {**{i.record.identity: i for i in (*english, *korean)}, **earlier}
        weights = rarity([*(i.prepared.evidence for i in everything),
                          *(c.features for c in candidates["en"][len(english):])])
        outcome = propose(candidates["en"], candidates["ko"], self.window, weights)
        for match in outcome.pairs:
            en, ko = result.sides[match.en], result.sides[match.ko]
            slug, key = (en.slug, en.translation_key) if isinstance(en, Release) else (en.slug, en.key)
            result.partners[id(ko)] = Partner(slug, key, en)
        result.proposals = outcome.proposals

    def _old_key(self, item: Pairable) -> str | None:
        """The key the import last wrote for this record's file."""
        entry = self.manifest.get(item.previous or "")
        return entry.key if entry else None

    def _rekeyed(self, item: Pairable) -> bool:
        """Whether a person gave the file another key than the one the import wrote."""
        old_key = self._old_key(item)
        return bool(item.pinned and old_key and item.pinned.translation_key != old_key)

    def _broken(self, english: Iterable[Pairable], korean: Iterable[Pairable]) -> set[str]:
        """Keys a person took a file out of: the import wrote them, the edited file now holds
        another. The release left holding such a key is not paired again by evidence."""
        return {self._old_key(item) or "" for item in (*english, *korean) if self._rekeyed(item)}

    def _manifest_keys(self, lang: str, besides: set[str]) -> set[str]:
        """Translation keys of files in one language written by earlier imports, except those
        of the records named in `besides`."""
        return {e.key for p, e in self.manifest.items()
                if p.startswith(lang + "/") and e.record not in besides}

    def _earlier_english(self, dates: set[dt.date], identities: set[str],
                         used: set[str]) -> dict[str, Release]:
        """English files of earlier runs, in the window of the given Korean dates, whose key no
        release uses yet: a Korean dump imported later pairs with the archive's English."""
        before, after = self.window
        near = {day + dt.timedelta(days=offset) for day in dates for offset in range(-after, before + 1)}
        found: dict[str, Release] = {}
        for path, entry in sorted(self.manifest.items()):
            lang, date, _ = (entry.record.split(":", 2) + ["", ""])[:3]
            if lang != "en" or entry.record in identities or entry.key in used:
                continue
            try:
                if dt.date.fromisoformat(date) not in near:
                    continue
                found[path] = parse_release((self.content_dir / path).read_text(encoding="utf-8"), path)
            except (ValueError, OSError, UnicodeDecodeError, ContentError):
                continue  # a hand-damaged manifest entry or file: nothing to pair with
        return found


def _candidate(item: Pairable) -> Candidate:
    return Candidate(item.record.identity, item.record.date, item.prepared.evidence, item.record.category)


def _plain(markdown: str) -> str:
    """Escaped Markdown back to roughly its text, enough to find figures and names in."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", markdown))
