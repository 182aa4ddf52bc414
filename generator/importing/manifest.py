"""What the import wrote: content/.import-manifest.json, the memory that makes it edit-safe.

For every file it wrote, the manifest keeps the record it came from (its identity and raw-record
hash) and the hash of the exact text written. A file whose text no longer has that hash was
changed by a person since, and the import never overwrites it, unless its text is exactly
what the import would write for its record (generator.importing.prepare). The file is sorted JSON
with one entry per line group, so re-importing the same dumps rewrites no byte and diffs stay
readable. The manifest only changes by a rename: an import writes the manifest it means to commit
as the journal (JOURNAL_FILE) before its first file and renames it over this one after its last
(generator.importing.writer; a recovery rewrites it atomically too), so it always describes
whole runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.content.files import iter_release_files, read_release
from generator.content.release import single_path
from generator.errors import ContentError
from generator.importing.dumps import current_identity

MANIFEST_FILE = ".import-manifest.json"
# The manifest an import means to commit, written before its first file (generator.importing.recovery).
JOURNAL_FILE = ".import-journal.json"
VERSION = 1


@dataclass(frozen=True)
class ManifestEntry:
    """What the import knows about one file it wrote, without reading the file."""

    record: str  # the record's identity (lang:date:title)
    source: str  # sha256 of the raw record the file was made from
    written: str  # sha256 of the text the import wrote
    key: str = ""  # the translation_key written, so later imports see pairs without reading files
    dump: str = ""  # where the record was found (kept while the record is unchanged, even when
    number: int = 0  # a later, overlapping dump holds it too)


def text_hash(text: str) -> str:
    """The hash the manifest keeps of a file's text, to tell a person's edit from the import's."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest(content_dir: Path) -> dict[str, ManifestEntry]:
    """Entries keyed by content path (relative, forward slashes); empty when there is none."""
    return read_manifest(content_dir / MANIFEST_FILE) or {}


def follow_moves(content_dir: Path, entries: dict[str, ManifestEntry]) -> dict[str, ManifestEntry]:
    """The entries, each naming its release where it is now, so the import follows a file a
    person moved rather than write the release again beside it (two files of one translation
    key fail the build): a release turned into a page bundle (`slug.md` → `slug/index.md`,
    generator.content.bundles), or renamed with its slug (README: changing a URL). A moved file
    is found by its language and translation_key among the files the manifest does not name,
    read only when an entry's file is gone."""
    missing = [path for path in entries if not (content_dir / path).exists()]
    if not missing:
        return entries
    moved = {}
    for path in missing:
        bundle = path[:-3] + "/index.md" if path.endswith(".md") and single_path(path) == path else None
        if bundle and bundle not in entries and (content_dir / bundle).is_file():
            moved[path] = bundle
    gone = {(path.split("/", 1)[0], entries[path].key): path for path in missing
            if path not in moved and entries[path].key}
    if gone:
        for found in iter_release_files(content_dir):
            relative = found.relative_to(content_dir).as_posix()
            if relative in entries or relative in moved.values():
                continue
            try:
                release = read_release(content_dir, found)
            except ContentError:
                continue  # the build names it; here it only cannot be the moved release
            path = gone.pop((release.lang, release.translation_key), None)
            if path is not None:
                moved[path] = relative
    if not moved:
        return entries
    return {moved.get(path, path): entry for path, entry in entries.items()}


def read_manifest(path: Path) -> dict[str, ManifestEntry] | None:
    """The entries of a manifest (or journal) file; None when there is no such file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ContentError(path, getattr(error, "lineno", None),
                           f"the import manifest is damaged ({error}); restore it from git") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ContentError(path, 1, "the import manifest has no 'files' table; restore it from git")
    entries = {}
    for key, value in files.items():
        try:
            entries[key] = ManifestEntry(current_identity(str(value["record"])), str(value["source"]),
                                         str(value["written"]),
                                         str(value.get("key", "")), str(value.get("dump", "")),
                                         int(value.get("number", 0)))
        except (KeyError, TypeError, ValueError):
            raise ContentError(path, None, f"the import manifest entry {key!r} is incomplete") from None
    return entries


def format_manifest(entries: dict[str, ManifestEntry]) -> str:
    """Sorted JSON, one file per line: deterministic, diffable, and fast to write (json's C
    encoder only runs without indentation, so each line is encoded on its own)."""
    # One encoder for every line: json.dumps with options builds a new one per call.
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    lines = [
        f" {encode(path)}: " + encode(
            {"dump": e.dump, "key": e.key, "number": e.number, "record": e.record, "source": e.source,
             "written": e.written})
        for path, e in sorted(entries.items())
    ]
    body = "\n" + ",\n".join(lines) + "\n" if lines else ""
    return f'{{"version": {VERSION}, "files": {{{body}}}}}\n'
