"""Putting a finished folder in place of another in one step, and clearing up after builds
that were killed before they could.

A build makes its new site (or search index) whole in a staging folder beside the one it
replaces, then swaps the two with one `renameat2(RENAME_EXCHANGE)` call: at every instant the
path names either the old folder or the new one, never a mix or nothing. Where the kernel or
filesystem cannot exchange, two renames do it and leave, for an instant, only the old folder
under a backup name; `recover` puts it back. Every folder made here is named
`.<name>.<kind>-<pid>` beside `<name>`, so the folders of a killed build are known by their
name and their dead process, and nothing else is ever deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import PressroomError

# Kinds of folder beside an output folder: a new site's staged files, a new site assembled from
# the site before last (sparesite.py), a new search index, an old one on its way out, the old site
# between the two renames of the fallback; and those of versions that indexed with Pagefind,
# still swept away after an upgrade.
STAGING_KINDS = ("building", "assembling", "search-index", "search-index-old", "old",
                 "pagefind", "pagefind-old", "search-site")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # <linux/fs.h>


def _renameat2() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError, AttributeError):  # a libc older than glibc 2.28
        function = ctypes.CDLL(None, use_errno=True).renameat2
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        return function
    return None


_RENAMEAT2 = _renameat2()


def staging(target: Path, kind: str) -> Path:
    """This process's folder of `kind` beside `target`."""
    return target.parent / f".{target.name}.{kind}-{os.getpid()}"


def spare_path(target: Path) -> Path:
    """Where the site before last waits for the next build of `target` (sparesite.py)."""
    return target.parent / f".{target.name}.spare"


def _exchange(new: Path, current: Path) -> bool:
    """Swap two folders atomically; False when this system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE)  # type: ignore[operator]
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(current))


def replace_folder(new: Path, current: Path, backup: Path,
                   keep: Callable[[Path, Path], None] | None = None) -> None:
    """Put the finished folder `new` where `current` is (or is not yet), and delete the old one,
    or hand it to `keep(old, current)`. Killed at any point, `current` is whole: old, or new (then
    `new`'s path may hold the old one, which `sweep` clears). `backup`: a staging name for the old
    one, where the system cannot exchange."""
    if not os.path.lexists(current):
        os.rename(new, current)
        return
    if not _exchange(new, current):
        os.rename(current, backup)  # killed here: `sweep` renames it back
        os.rename(new, current)
        new = backup
    if keep is None:
        shutil.rmtree(new, ignore_errors=True)
    else:
        keep(new, current)


def _ours(target: Path) -> list[tuple[Path, str, int]]:
    """The staging folders beside `target` (kind and process of each), by their exact name."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.({'|'.join(STAGING_KINDS)})-(\d+)")
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir(follow_symlinks=False):
                found.append((Path(entry.path), match[1], int(match[2])))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own (serve indexes in a thread beside its builds)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's running process
    return True


def sweep(target: Path, bundle: str) -> None:
    """Clear up after builds (or indexings) of `target` that died: a fallback swap killed
    between its two renames is undone (the old site, or the old search index `target/bundle`,
    goes back in place), a site being assembled becomes the spare if there is none
    (sparesite.py), every other staging folder of theirs is deleted."""
    spare = spare_path(target)
    for folder, kind, pid in _ours(target):
        if _alive(pid):
            continue
        home = {"old": target, "search-index-old": target / bundle}.get(kind)
        if home is not None and not os.path.lexists(home) and (home == target or target.is_dir()):
            os.rename(folder, home)
        elif kind == "assembling" and not os.path.lexists(spare):
            os.rename(folder, spare)  # any tree serves as a spare: the next build brings it in line
        else:
            shutil.rmtree(folder, ignore_errors=True)


def write_error(path: Path | str, error: OSError) -> PressroomError:
    """An OS error met while writing `path`, as the one line a person reads."""
    return PressroomError(path, None, f"cannot write: {error.strerror or error}")
