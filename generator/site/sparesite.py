"""The site before last, kept beside the output folder so the next build need not make every folder.

An atomic build assembles the whole new site beside the output and swaps it in (output.py,
swap.py). Assembling from nothing costs a `mkdir` per page folder and a link per file: 29,000
folders at 10,000 releases per language, seconds of kernel time on a real disk, for an edit of one
title; and after the swap the old site was deleted, as many `rmdir`s again. So the old site is
kept instead, as `.<name>.spare` beside the output, and the next build claims it (renamed to its
own `.<name>.assembling-<pid>`), brings it in line with the output folder and moves its staged
files in: the folders are already there.

Bringing it in line trusts nothing recorded about it: each folder of the output is listed beside
the same folder of the spare, and every entry whose inode differs (a file the last build changed,
a person's file added to the output by hand) is linked again, every entry the output lacks is
deleted. Two listings of the site (about 0.4 s each at 29,000 folders) is the whole cost when
little changed. Files are never written into: the spare shares its files with the output by hard
link, and a staged file replaces its entry with one rename. A spare left by a killed build, or by
anything else, is made right the same way; a filesystem without hard links gets copies.

Those listings are mostly kernel time, and nothing a build reads or renders changes them: so a
build claims the spare when it starts and a forked child brings it in line (`InLine`) on the other
core while the build gathers, plans and renders. Assembling then only removes the stale files and
moves the staged ones in. If the child fails, the folder is brought in line as before; if the
build ends without assembling, the folder becomes the spare again, whatever the child had done.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.site.swap import spare_path, staging
from generator.workers import die_with_parent

_NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS}  # a filesystem without hard links


def claim(target: Path) -> Path | None:
    """This process's assembling folder, made from the spare of `target`; None when there is
    none (a rename: of two builds at once, one gets it)."""
    mine = staging(target, "assembling")
    try:
        os.rename(spare_path(target), mine)
    except OSError:
        return None
    return mine


def keep(old: Path, target: Path) -> None:
    """Keep the folder `old` (a whole former site) as the spare of `target`; deleted instead if
    another is already there."""
    try:
        os.rename(old, spare_path(target))
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def discard(target: Path) -> None:
    """Delete the spare of `target` (a fresh output folder has no use for it)."""
    shutil.rmtree(spare_path(target), ignore_errors=True)


_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


class InLine:
    """The spare of `current`, claimed as `folder`, being brought in line with it by a forked
    child (sync with `skip` and `skip_top`) while the build goes on."""

    def __init__(self, current: Path, folder: Path, skip: set[str], skip_top: set[str]) -> None:
        self.current = current
        self.folder = folder
        self._child = _sync_in_child(current, folder, skip, skip_top)

    def ready(self) -> bool:
        """Wait for the child; whether it brought the whole folder in line."""
        child, self._child = self._child, None
        if child is None:
            return False
        try:
            return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
        except ChildProcessError:  # reaped by someone else: its work cannot be known
            return False

    def give_back(self) -> None:
        """Stop the child and keep the folder as the spare again (or delete it, sparesite.keep)."""
        child, self._child = self._child, None
        if child is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
        keep(self.folder, self.current)


def _sync_in_child(current: Path, folder: Path, skip: set[str], skip_top: set[str]) -> int | None:
    """The pid of a forked child running sync; None where there is no fork (then the build
    syncs when it assembles). The child writes nothing but the folder, not even an error: its
    exit status is its whole answer, and a stream's lock held by another thread of the parent
    (a progress display) can never stop it."""
    parent = os.getpid()
    try:
        child = os.fork()
    except (AttributeError, OSError):
        return None
    if child:
        return child
    code = 1
    try:
        die_with_parent(parent)
        sync(current, folder, skip, skip_top)
        code = 0
    finally:
        os._exit(code)


def sync(current: Path, folder: Path, skip: set[str], skip_top: set[str]) -> None:
    """Make `folder` hold what `current` holds, file by file the same inode, but no entry at the
    paths of `skip` (files about to be moved in, or gone from the site) and nothing under the
    top-level names of `skip_top` (made afresh by a later step)."""
    pending = [""]
    while pending:
        relative = pending.pop()
        source, target = os.path.join(current, relative), os.path.join(folder, relative)
        with os.scandir(target) as listing:
            have = {entry.name: entry for entry in listing}
        with os.scandir(source) as listing:
            entries = list(listing)
        changes = []
        for entry in entries:
            name, path = entry.name, relative + entry.name
            mine = have.pop(name, None)
            if not relative and name in skip_top:
                continue
            if entry.is_dir(follow_symlinks=False):
                if mine is None or not mine.is_dir(follow_symlinks=False):
                    changes.append((mine, name, True))
                pending.append(path + "/")
            elif path in skip:
                if mine is not None:
                    changes.append((mine, "", False))
            elif mine is None or mine.is_dir(follow_symlinks=False) or mine.inode() != entry.inode():
                changes.append((mine, name, False))
        changes += [(mine, "", False) for name, mine in have.items() if relative or name not in skip_top]
        if changes:  # rare once the spare is in line: open the two folders only then
            with _opened(source) as source_handle, _opened(target) as target_handle:
                for mine, name, folder_wanted in changes:
                    _remove(target_handle, mine)
                    if folder_wanted:
                        os.mkdir(name, dir_fd=target_handle)
                    elif name:
                        _link(source_handle, target_handle, name)


def mirror(current: Path, folder: Path, skip: set[str], skip_top: set[str]) -> None:
    """Add to `folder` a hard link to every file of `current` but those at the paths of `skip`
    and under the top-level names of `skip_top`; what `folder` holds stays."""
    with _opened(current) as source, _opened(folder) as target:
        _mirror(source, target, "", skip, skip_top)


@contextlib.contextmanager
def _opened(folder: Path | str, at: int | None = None) -> Iterator[int]:
    handle = os.open(folder, _FOLDER, dir_fd=at)
    try:
        yield handle
    finally:
        os.close(handle)


def _mirror(source: int, target: int, relative: str, skip: set[str], skip_top: set[str]) -> None:
    # Each call names an entry relative to an open folder: resolving every path from the root
    # cost more than twice the kernel time over a site's 60,000 entries.
    with os.scandir(source) as listing:
        entries = list(listing)
    for entry in entries:
        name, path = entry.name, relative + entry.name
        if not relative and name in skip_top:
            continue
        if entry.is_dir(follow_symlinks=False):  # a link to a folder is kept as the link
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=target)
            with _opened(name, source) as inner, _opened(name, target) as inner_target:
                _mirror(inner, inner_target, path + "/", skip, skip_top)
        elif path not in skip:
            _link(source, target, name)


def _link(source: int, target: int, name: str) -> None:
    """A new hard link `name` in `target` to the file `name` in `source` (a copy where the
    filesystem has no links: the site is then copied whole, as slow as that is)."""
    try:
        os.link(name, name, src_dir_fd=source, dst_dir_fd=target, follow_symlinks=False)
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _copy(source, target, name)


def _copy(source: int, target: int, name: str) -> None:
    mode = os.stat(name, dir_fd=source, follow_symlinks=False).st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(name, dir_fd=source), name, dir_fd=target)
        return
    reader = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=source)
    try:
        writer = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(mode), dir_fd=target)
        try:
            while chunk := os.read(reader, 1 << 20):
                os.write(writer, chunk)
        finally:
            os.close(writer)
    finally:
        os.close(reader)


def remove(path: Path) -> None:
    """Delete the entry at `path`, a folder with what it holds; nothing when there is none."""
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def _remove(folder: int, entry: os.DirEntry[str] | None) -> None:
    if entry is None:
        return
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.name, dir_fd=folder)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.name, dir_fd=folder)
