"""Which old URLs redirect where: the releases' `aliases`, and the moves content/redirects.yaml
records, to which this build adds the moves it sees.

A move is seen by comparing the last build's state (the releases as it read them,
generator.incremental.state) with this build's: a release, known by its translation_key and
language, whose page is now at another URL left its old URL behind. The state is the only
witness, so a move made while there is none (a fresh clone, edited, then built) is not seen:
nothing is guessed and nothing is warned of then; a person may add the line by hand.

Every old URL leads to the release's current page, so a chain of moves (A → B → C) lands on C
in one step. An old URL that a page of the site now occupies is dropped from the file, with a
notice: the page wins, never the redirect. An alias that is a page's URL, or another alias, is
an error in the release's front matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.aliases import item_line, redirect_file
from generator.content.frontmatter import split_front_matter
from generator.content.redirectfile import REDIRECTS_FILE, read_redirects, write_redirects
from generator.content.release import Release
from generator.errors import ContentError
from generator.incremental.state import ReadRecord
from generator.site.archive import Archive


@dataclass(frozen=True)
class Redirect:
    """One old URL (normalised, generator.content.aliases) and the release it leads to."""

    old: str
    target: Release


@dataclass
class RedirectPlan:
    redirects: list[Redirect] = field(default_factory=list)  # sorted by old URL
    notices: list[str] = field(default_factory=list)  # what the build changed in the file, and why
    rewrote: bool = False  # whether content/redirects.yaml was written


def moves_since(previous: Mapping[str, ReadRecord], changed: Iterable[str], current: Mapping[str, ReadRecord],
                archive: Archive) -> dict[str, str]:
    """Old URL → translation_key of every release the last build read (`previous`, its state's
    releases) whose page has moved since (the same key and language, another URL). Only files
    read again (`changed`) or gone since (not in `current`) can hold a moved release."""
    moves = {}
    for path in {*changed, *(previous.keys() - current.keys())}:
        record = previous.get(path)
        if record is None:
            continue
        old = record.release
        now = archive.translations.get(old.translation_key, {}).get(old.lang)
        if now is not None and archive.url_paths[now.path] != old.url_path:
            moves[old.url_path] = old.translation_key
    return moves


def _alias_error(content_dir: Path, release: Release, alias: str, message: str) -> ContentError:
    """An error on the line of one of a release's aliases (its file is read again only now)."""
    try:
        text = (content_dir / release.path).read_text(encoding="utf-8")
        front, _, _ = split_front_matter(text, release.path)
        line = item_line(front, "aliases", release.aliases.index(alias))
    except (OSError, UnicodeDecodeError, ContentError):
        line = None
    return ContentError(release.path, line, message)


def _aliases(archive: Archive, content_dir: Path, occupied: set[str]) -> dict[str, Release]:
    """Every alias of the built releases → its release; an alias that is a page or another's
    alias is an error (on the file that comes later in path order, the order the build reads)."""
    owners: dict[str, Release] = {}
    for path in sorted(archive.by_path):
        release = archive.by_path[path]
        for alias in release.aliases:
            other = owners.get(alias)
            if other is not None:
                raise _alias_error(content_dir, release, alias, f"alias {alias!r} is also an alias of "
                                                                f"{other.path}")
            if redirect_file(alias) in occupied:
                raise _alias_error(content_dir, release, alias, f"alias {alias!r} is the URL of a page "
                                                                "of this site")
            owners[alias] = release
    return owners


def plan_redirects(content_dir: Path, archive: Archive, moved: Mapping[str, str],
                   occupied: set[str]) -> RedirectPlan:
    """The redirects of this build: aliases, recorded moves and `moved` (moves_since), each to
    its release's page. The file is rewritten only when a move is learned or an entry dropped.
    `occupied`: every output file of the site's pages."""
    aliases = _aliases(archive, content_dir, occupied)
    recorded = read_redirects(content_dir)
    entries = {**recorded, **moved}
    plan = RedirectPlan([Redirect(alias, release) for alias, release in aliases.items()])
    for old in sorted(entries):
        if redirect_file(old) in occupied or old in aliases:
            if old in recorded:
                what = "an alias" if old in aliases else "a page"
                plan.notices.append(f"{content_dir / REDIRECTS_FILE}: {old} is now {what} of the site; "
                                    "its redirect is dropped")
            del entries[old]
            continue
        target = archive.translations.get(entries[old], {}).get(old.split("/", 1)[0])
        if target is not None:  # none: the release is gone, or not built; the line stays for it
            plan.redirects.append(Redirect(old, target))
    if entries != recorded:
        write_redirects(content_dir, entries)
        plan.rewrote = True
    plan.redirects.sort(key=lambda redirect: redirect.old)
    return plan
