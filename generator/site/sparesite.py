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
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.site.swap import spare_path, staging

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


def _remove(folder: int, entry: os.DirEntry[str] | None) -> None:
    if entry is None:
        return
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.name, dir_fd=folder)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.name, dir_fd=folder)
