"""Carrying out an import's plan in content/ as one transaction: journal, write, commit.

1. Journal: the manifest the import means to commit is written (atomically) as
   content/.import-journal.json before any release file is touched.
2. Write: new and changed files are written atomically (existing folders file by file, new
   folders filled aside and renamed into place whole), then files whose release moved (a new
   slug after pairing) are deleted, so a release always has a file.
3. Commit: the journal is renamed over content/.import-manifest.json, one atomic step.

Killed anywhere in between (or stopped by a full disk), an import leaves the journal behind and
the files it wrote each whole; the next import finds the journal and, before planning, adopts
every file whose text has the hash the journal meant to record (generator.importing.recovery).
So no file the import wrote is ever mistaken for a person's edit or written again as a
duplicate. A run that changes nothing writes no journal and no byte.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator import faults, progress
from generator.importing.manifest import JOURNAL_FILE, MANIFEST_FILE, format_manifest
from generator.importing.plan import Plan
from generator.workers import PARALLEL_FROM, map_chunks

# Files written by plain os calls: an import writes tens of thousands of files, and a buffered
# text file costs several extra system calls each.
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

STAGING_PREFIX = ".import-"  # new folders are filled in content/.import-XXXXXXXX/ first
FolderFiles = tuple[str, list[tuple[str, str]]]  # a content folder, and (name, text) of its files


def write_plan(plan: Plan, content_dir: Path) -> None:
    """Journal, then write new and updated files and delete moved ones, then commit the
    manifest. Nothing at all when the plan changes nothing (a re-import writes no byte)."""
    manifest_text = format_manifest(plan.manifest)
    try:
        unchanged = (content_dir / MANIFEST_FILE).read_text(encoding="utf-8") == manifest_text
    except FileNotFoundError:
        unchanged = False
    if unchanged and not plan.writes and not plan.deletes:
        return
    journal = content_dir / JOURNAL_FILE
    write_atomically(journal, manifest_text)
    faults.reached("import.journal")
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for path, text in sorted(plan.writes.items()):
        folder, _, name = path.rpartition("/")
        by_folder.setdefault(folder, []).append((name, text))
    existing = {folder: files for folder, files in by_folder.items() if (content_dir / folder).is_dir()}
    progress.phase("import: write files", len(plan.writes))
    for folder, files in existing.items():
        for name, text in files:
            faults.reached("import.write")
            write_atomically(content_dir / folder / name, text)
            progress.advance()
    fresh = [(folder, files) for folder, files in by_folder.items() if folder not in existing]
    # Creating files is kernel work that two processes do side by side, each in its own folders.
    parallel = sum(len(files) for _, files in fresh) >= PARALLEL_FROM
    fresh_files = sum(len(files) for _, files in fresh)
    for filename, reason in map_chunks(_write_folders, (content_dir, fresh_files), fresh, parallel=parallel):
        raise OSError(0, reason, filename)
    progress.done()
    # Moved files go last: until its new file is in place, a release keeps its old one.
    for path in plan.deletes:
        if path not in plan.writes:
            faults.reached("import.delete")
            (content_dir / path).unlink(missing_ok=True)
    faults.reached("import.commit")
    os.replace(journal, content_dir / MANIFEST_FILE)


def _write_folders(shared: tuple[Path, int],
                   folders: Sequence[FolderFiles]) -> list[tuple[str | None, str]]:
    """write_new_folders, with a failure returned (file, reason) rather than raised, so that a
    worker process reports it the way this one would. `shared`: the content folder, and how
    many new files all chunks write (the parent's progress stands for them all)."""
    content_dir, total = shared
    try:
        write_new_folders(content_dir, list(folders), progress.share(sum(len(f) for _, f in folders), total))
    except OSError as error:
        return [(error.filename, error.strerror or str(error))]
    return []


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and os.replace, so a crash or a full disk
    never leaves half a file where a whole one was."""
    data = text.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, _WRITE_FLAGS | os.O_TRUNC, 0o666)
    except FileNotFoundError:  # the folder is new: made only then, not tried for every file
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, _WRITE_FLAGS | os.O_TRUNC, 0o666)
    try:
        _write_and_close(descriptor, data)
        faults.reached("import.replace")
        os.replace(temporary, path)
    except OSError as error:  # a full disk names no file: name the one that did not fit
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create(path: str, data: bytes) -> None:
    """A file that must not exist yet, in one open, write and close."""
    _write_and_close(os.open(path, _WRITE_FLAGS | os.O_EXCL, 0o666), data)


def _write_and_close(descriptor: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked (a signal, a full pipe)
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


def write_new_folders(content_dir: Path, folders: list[FolderFiles], step: float = 1) -> None:
    """Create folders that do not exist yet (content paths, forward slashes) with their files.

    Each folder is filled under a staging folder in content/ (outside the language folders, so
    no reader looks there) and renamed into place whole: one rename per folder, not one per
    file, which on ext4 costs more than writing the file itself, and no reader ever sees half a
    file or half a folder. A crash leaves only the hidden staging folder behind.
    """
    if not folders:
        return
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=content_dir))
    try:
        for number, (folder, files) in enumerate(folders):
            stage = staging / str(number)
            os.mkdir(stage)
            prefix = f"{stage}{os.sep}"
            for name, text in files:
                faults.reached("import.write")
                try:
                    _create(prefix + name, text.encode("utf-8"))
                except OSError as error:  # named by where it was going, not the staging folder
                    raise OSError(error.errno, error.strerror, str(content_dir / folder / name)) from None
            progress.advance(step * len(files))
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
