"""The pairing report: pairs the archive holds after an import, proposals left to a person (with
their evidence and where both records are), and releases without a counterpart per language.

Proposals are not in any release file (they are pairs *not* formed), so the import keeps them
in content/.pairing.json — sorted JSON without a clock, rewritten only when it changes, so a
re-import changes no byte — where `pressroom check --translations` finds them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.content.release import Release, content_path_for
from generator.importing.manifest import ManifestEntry
from generator.importing.partners import Pairing

PAIRING_FILE = ".pairing.json"
LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}


@dataclass(frozen=True)
class Side:
    """One release of a proposal: its content file, the dump line it came from, its title."""

    file: str  # content path
    source: str  # FILE:LINE of the dump record, or the content file for an earlier import's
    title: str
    key: str


@dataclass(frozen=True)
class Proposal:
    """A pair the evidence suggests but does not settle."""

    en: Side
    ko: Side
    score: float
    rival: str  # the title and score of the assignment that came close ('' when none did)
    evidence: tuple[str, ...]

    def lines(self) -> list[str]:
        """The proposal as the import and `check --translations` print it."""
        shown = ", ".join(self.evidence[:8]) or "nothing shared"
        return [f"{self.ko.source}: proposal: {self.ko.title[:60]!r} may translate {self.en.source} "
                f"{self.en.title[:60]!r} (score {self.score:.2f}{'; ' + self.rival if self.rival else ''}); "
                f"shared: {shown}",
                f"    to pair them, set `translation_key: {self.en.key}` in content/{self.ko.file}"]


@dataclass
class PairingReport:
    pairs: int = 0
    proposals: list[Proposal] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)  # a line per release without a counterpart
    unpaired_counts: dict[str, int] = field(default_factory=lambda: {"en": 0, "ko": 0})

    def summary(self) -> str:
        counts = self.unpaired_counts
        return (f"import: {self.pairs} English–Korean pairs, {len(self.proposals)} proposal(s) left for "
                f"a person, without a counterpart: {counts['en']} English, {counts['ko']} Korean")


def pairing_report(pairing: Pairing, items: Sequence[Any], manifest: dict[str, ManifestEntry],
                   identities: set[str]) -> PairingReport:
    """The report of one run, once every record has its slug and key (items: PlannedRecord)."""
    keys = {lang: {i.key for i in items if i.record.lang == lang}
            | {e.key for p, e in manifest.items() if p.startswith(lang + "/") and e.record not in identities}
            for lang in LANGUAGE_NAMES}
    report = PairingReport(pairs=sum(1 for i in items if i.record.lang == "ko" and i.key in keys["en"]))
    for item in items:
        if item.record.lang not in LANGUAGE_NAMES:
            continue  # the report is of English–Korean pairing; other languages pair by hand
        record, other = item.record, "ko" if item.record.lang == "en" else "en"
        if item.key not in keys[other]:
            report.unpaired_counts[record.lang] += 1
            report.unpaired.append(f"{record.dump}:{record.line}: no {LANGUAGE_NAMES[other]} counterpart "
                                   f"found for {record.date} {record.title[:70]!r}")
    sides = pairing.sides
    for match, rival in pairing.proposals:
        en, ko = _side(sides[match.en]), _side(sides[match.ko])
        if ko.key in keys["en"] or en.key in keys["ko"]:
            continue  # one of them is paired after all (a pin elsewhere)
        against = ""
        if rival is not None:
            other = sides[rival.ko if rival.en == match.en else rival.en]
            against = f"close: {_side(other).source} at {rival.score:.2f}"
        report.proposals.append(Proposal(en, ko, match.score, against, match.shared))
    return report


def _side(item: Any) -> Side:
    if isinstance(item, Release):
        return Side(item.path, f"content/{item.path}", item.title, item.translation_key)
    record = item.record
    return Side(content_path_for(record.lang, record.date, item.slug), f"{record.dump}:{record.line}",
                record.title, item.key)


def format_proposals(proposals: Iterable[Proposal]) -> str:
    """content/.pairing.json's text: one proposal per line, sorted, no clock."""
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    lines = [" " + encode({"en": vars(p.en), "ko": vars(p.ko), "score": round(p.score, 4), "rival": p.rival,
                           "evidence": list(p.evidence)})
             for p in sorted(proposals, key=lambda p: (p.ko.file, p.en.file))]
    body = "\n" + ",\n".join(lines) + "\n" if lines else ""
    return f'{{"version": 1, "proposals": [{body}]}}\n'


def parse_proposals(text: str) -> list[Proposal]:
    """Proposals back from content/.pairing.json (ValueError when it is not that file)."""
    data = json.loads(text)
    return [Proposal(Side(**entry["en"]), Side(**entry["ko"]), float(entry["score"]), str(entry["rival"]),
                     tuple(entry["evidence"]))
            for entry in data["proposals"]]
