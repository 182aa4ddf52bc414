"""Making content/ and the import manifest agree again after an import that did not finish.

An import writes its journal (the manifest it means to commit) before touching a release file
and renames it over the manifest when every file is in place (generator.importing.writer).
Killed in between, or stopped by a full disk, it leaves the journal, some files written and
others not. The next import finishes the job before planning anything:

- a file whose text has the hash the journal meant to record is the interrupted import's own
  work and is adopted: its journal entry goes into the manifest;
- any other file keeps the manifest entry it had before (the old text, or a person's edit,
  which the planner then treats exactly as always) or none (a file not yet written);
- a file the interrupted import was moving away (its release adopted at the new path) is
  deleted when its text is still what an import wrote, and left alone when a person edited it;
- staging folders and temporary files of the interrupted run are removed.

The repaired manifest is written atomically and only then is the journal removed, so a
recovery killed half-way is simply done again. Each step only adopts or removes what an import
wrote: a person's text is never claimed, overwritten or deleted.

Independently of any journal, a release file that no manifest entry claims (left by an import
of an older version, or by a manifest restored from git) is adopted by `adopt_orphans` when its
text is exactly what this import would write for one of its records, instead of being taken as
a stranger's file and answered with a `-2` duplicate.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from generator import faults
from generator.content.frontmatter import parse_release
from generator.content.release import Release, month_folder
from generator.content.vocabulary import Matcher
from generator.errors import ContentError
from generator.importing.dumps import Record
from generator.importing.manifest import (
    JOURNAL_FILE,
    MANIFEST_FILE,
    ManifestEntry,
    format_manifest,
    load_manifest,
    read_manifest,
    text_hash,
)
from generator.importing.prepare import is_own_text, prepare_one
from generator.importing.writer import STAGING_PREFIX, write_atomically

Manifest = dict[str, ManifestEntry]
_TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")  # write_atomically's `.NAME.PID.tmp`


def recover(content_dir: Path) -> list[str]:
    """Finish an interrupted import, if there was one; notes for the person (none otherwise)."""
    _remove_leftovers(content_dir)
    journal = content_dir / JOURNAL_FILE
    try:
        intended = read_manifest(journal)
    except ContentError:  # only a hand-damaged journal: nothing in it can be trusted
        intended = {}
    if intended is None:
        return []
    before = load_manifest(content_dir)
    repaired, stale = reconcile(content_dir, before, intended)
    adopted = sum(1 for path, entry in repaired.items() if before.get(path) != entry)
    for path in stale:
        (content_dir / path).unlink(missing_ok=True)
    _remove_temporaries(content_dir, {path.rpartition("/")[0] for path in (*before, *intended)})
    faults.reached("import.recover")
    if repaired != before or not (content_dir / MANIFEST_FILE).exists():
        write_atomically(content_dir / MANIFEST_FILE, format_manifest(repaired))
    journal.unlink()
    return [f"import: finished an interrupted import: {adopted} file(s) it had written adopted, "
            f"{len(stale)} file(s) it had moved removed"]


def reconcile(content_dir: Path, before: Manifest, intended: Manifest) -> tuple[Manifest, list[str]]:
    """The repaired manifest, and the stale files to delete."""
    hashes: dict[str, str | None] = {}

    def on_disk(path: str) -> str | None:
        if path not in hashes:
            hashes[path] = file_hash(content_dir / path)
        return hashes[path]

    repaired = {path: entry for path, entry in intended.items() if on_disk(path) == entry.written}
    placed = {entry.record for entry in repaired.values()}
    stale = []
    for path, entry in before.items():
        if path in repaired:
            continue
        if entry.record not in placed:
            repaired[path] = entry  # as before the interrupted run: the planner decides as always
        elif on_disk(path) == entry.written:
            stale.append(path)  # its release now lives at the path the interrupted run gave it
        # Otherwise a person edited the old file while its release was being moved: the file
        # stays untouched and unclaimed, since one release has one manifest entry.
    return dict(sorted(repaired.items())), stale


def file_hash(path: Path) -> str | None:
    """The manifest's hash of a file's bytes (they are the UTF-8 text written); None when it
    cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _remove_leftovers(content_dir: Path) -> None:
    """Staging folders and a half-written journal of runs that were killed (a finished or
    failed run removes its own): one listing of content/, so done on every run."""
    try:
        entries = list(os.scandir(content_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)


def _remove_temporaries(content_dir: Path, folders: Iterable[str]) -> None:
    """write_atomically's temporary files left in content/ and the given folders by a kill."""
    for folder in {"", *folders}:
        try:
            names = os.listdir(content_dir / folder)
        except OSError:
            continue
        for name in names:
            if _TEMPORARY.match(name):
                (content_dir / folder / name).unlink(missing_ok=True)


def adopt_orphans(content_dir: Path, manifest: Manifest, records: list[Record], matcher: Matcher) -> int:
    """Give a manifest entry to every release file no entry claims whose text is exactly what
    this import would write for a record that has no file yet; how many were adopted. Costs one
    listing per month folder those records fall in (none exist on a first import)."""
    claimed = {entry.record for entry in manifest.values()}
    waiting: dict[str, list[Record]] = {}  # month folder → records without a manifest entry
    for record in records:
        if record.identity not in claimed:
            waiting.setdefault(month_folder(record.lang, record.date), []).append(record)
    adopted = 0
    for folder, candidates in waiting.items():
        for path in _unclaimed(content_dir, folder, manifest):
            found = _adoptable(content_dir, path, candidates, matcher)
            if found is None:
                continue
            record, release, text = found
            source = release.source
            manifest[path] = ManifestEntry(
                record.identity, record.hash, text_hash(text), release.translation_key,
                source.dump if source else record.dump, source.record if source else record.number)
            candidates.remove(record)
            adopted += 1
    return adopted


def _unclaimed(content_dir: Path, folder: str, manifest: Manifest) -> list[str]:
    """Release files in a content folder that no manifest entry claims: single files and page
    bundles' index.md (generator.content.bundles)."""
    try:
        names = sorted(os.listdir(content_dir / folder))
    except OSError:
        return []
    paths = [f"{folder}/{name}" for name in names if name.endswith(".md")]
    paths += [f"{folder}/{name}/index.md" for name in names
              if (content_dir / folder / name / "index.md").is_file()]
    return [path for path in sorted(paths) if path not in manifest]


def _adoptable(content_dir: Path, path: str, candidates: list[Record],
               matcher: Matcher) -> tuple[Record, Release, str] | None:
    """The record whose file `path` is, with the file as parsed and its text, when its text is
    exactly the import's own for that record; None otherwise."""
    try:
        text = (content_dir / path).read_text(encoding="utf-8")
        release = parse_release(text, path)
    except (OSError, UnicodeDecodeError, ContentError):
        return None
    for record in candidates:
        if (record.lang, record.date, record.title) != (release.lang, release.date, release.title):
            continue
        if is_own_text(record, prepare_one(matcher, record), release, text, matcher, content_dir):
            return record, release, text
    return None
