"""`pressroom check --translations`: the pairing as content/ holds it now — pairs, proposals
the import left for a person, and releases without a counterpart — read from the files on disk,
so it reflects every pin and break made by hand since the import.

Proposals come from content/.pairing.json (generator.importing.pairreport); one whose releases
have since been paired (a person pinned it, or chose another partner) is no longer listed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from generator.content.release import Release
from generator.importing.pairreport import PAIRING_FILE, Proposal, parse_proposals
from generator.languages import language_name


def translation_lines(releases: list[Release], languages: tuple[str, ...], content_dir: Path,
                      shown_dir: str) -> tuple[list[str], str]:
    """(lines for stdout: pairs, proposals, releases without any translation; the summary line).

    A pair is a release in two or more of the site's languages (a release of a three-language
    site may exist in two); its line lists the versions there are, in the site's language order."""
    by_key: dict[str, dict[str, Release]] = defaultdict(dict)
    for release in releases:
        by_key[release.translation_key][release.lang] = release
    wanted = set(languages)
    lines = []
    pairs = 0
    for key in sorted(by_key):
        group = by_key[key]
        if len(wanted & set(group)) > 1:
            pairs += 1
            lines.append("pair\t" + "\t".join(f"{shown_dir}/{group[lang].path}" for lang in languages
                                               if lang in group))
    proposals = [p for p in _proposals(content_dir)
                 if p.en.key in by_key and p.ko.key in by_key
                 and set(by_key[p.en.key]) == {"en"} and set(by_key[p.ko.key]) == {"ko"}]
    for proposal in proposals:
        lines.append(f"proposal\t{shown_dir}/{proposal.en.file}\t{shown_dir}/{proposal.ko.file}\t"
                     f"{proposal.score:.2f}\t{', '.join(proposal.evidence[:8])}")
    lacking = sorted((r for r in releases
                      if r.lang in wanted and len(wanted) > 1
                      and len(wanted & set(by_key[r.translation_key])) < 2),
                     key=lambda r: (r.lang, r.date, r.path))
    counts = dict.fromkeys(languages, 0)
    for release in lacking:
        counts[release.lang] += 1
        lines.append(f"unpaired\t{shown_dir}/{release.path}\t{release.date}\t{release.title}")
    without = ", ".join(f"{counts[lang]} {language_name(lang, 'en')}" for lang in languages)
    summary = (f"{pairs} pairs, {len(proposals)} proposal(s) left for a person, without a counterpart: "
               f"{without} ({len(lacking)} of {len(releases)} releases lack a translation)")
    return lines, summary


def _proposals(content_dir: Path) -> list[Proposal]:
    """The last import's proposals; none when it left none or the file is unreadable (it is
    rewritten by the next import, and nothing else depends on it)."""
    try:
        return parse_proposals((content_dir / PAIRING_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return []
