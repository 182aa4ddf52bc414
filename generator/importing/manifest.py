"""What the import wrote: content/.import-manifest.json, the memory that makes it edit-safe.

For every file it wrote, the manifest keeps the record it came from (its identity and raw-record
hash) and the hash of the exact text written. A file whose text no longer has that hash was
changed by a person since, and the import never overwrites it. The file is sorted JSON with one
entry per line group, so re-importing the same dumps rewrites no byte and diffs stay readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError

MANIFEST_FILE = ".import-manifest.json"
VERSION = 1


@dataclass(frozen=True)
class Entry:
    record: str  # the record's identity (lang:date:title)
    source: str  # sha256 of the raw record the file was made from
    written: str  # sha256 of the text the import wrote
    key: str = ""  # the translation_key written, so later imports see pairs without reading files
    dump: str = ""  # where the record was found (kept while the record is unchanged, even when
    number: int = 0  # a later, overlapping dump holds it too)


def text_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest(content_dir: Path) -> dict[str, Entry]:
    """Entries keyed by content path (relative, forward slashes); empty when there is none."""
    path = content_dir / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ContentError(path, getattr(error, "lineno", None),
                           f"the import manifest is damaged ({error}); restore it from git") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ContentError(path, 1, "the import manifest has no 'files' table; restore it from git")
    entries = {}
    for key, value in files.items():
        try:
            entries[key] = Entry(str(value["record"]), str(value["source"]), str(value["written"]),
                                 str(value.get("key", "")), str(value.get("dump", "")),
                                 int(value.get("number", 0)))
        except (KeyError, TypeError, ValueError):
            raise ContentError(path, None, f"the import manifest entry {key!r} is incomplete") from None
    return entries


def format_manifest(entries: dict[str, Entry]) -> str:
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


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and os.replace, so a crash or a full disk
    never leaves half a file where a whole one was. Plain os calls: an import writes tens of
    thousands of files, and a buffered text file costs several extra system calls each."""
    data = text.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(temporary, flags, 0o666)
    except FileNotFoundError:  # the folder is new: made only then, not tried for every file
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, flags, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create(path: str, data: bytes) -> None:
    """A file that must not exist yet, in one open, write and close."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


def write_new_folders(content_dir: Path, folders: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """Create folders that do not exist yet (content paths, forward slashes) with their files.

    Each folder is filled under a staging folder in content/ (outside the language folders, so
    no reader looks there) and renamed into place whole: one rename per folder, not one per
    file, which on ext4 costs more than writing the file itself, and no reader ever sees half a
    file or half a folder. A crash leaves only the hidden staging folder behind.
    """
    if not folders:
        return
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=content_dir))
    try:
        for number, (folder, files) in enumerate(folders):
            stage = staging / str(number)
            os.mkdir(stage)
            prefix = f"{stage}{os.sep}"
            for name, text in files:
                _create(prefix + name, text.encode("utf-8"))
            target = content_dir / folder
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(stage, target)
            except OSError:
                # The folder appeared since the plan was made, or lies on another file system
                # (a symlinked language folder): file by file then, each still atomically.
                target.mkdir(parents=True, exist_ok=True)
                for name, text in files:
                    write_atomically(target / name, text)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
