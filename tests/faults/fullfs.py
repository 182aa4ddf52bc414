"""A full disk on demand for the fault tests: a small tmpfs mounted as root, and a filler file
that takes all of its space but a chosen amount. Shared by the import and build tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def root_or_skip() -> None:
    """Mounting a tmpfs needs root: without it the test skips, except under CI (CI=true),
    where a skip would hide that the full-disk guarantee went untested."""
    import pytest

    if os.geteuid() == 0:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("the full-disk tests must run as root under CI (they mount a tmpfs)")
    pytest.skip("mounting a tmpfs needs root")


def mount_tmpfs(path: Path, size: int) -> None:
    """A small RAM file system of `size` bytes at `path` (a full disk on demand); needs root."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                   check=True, capture_output=True, timeout=60)


def unmount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True, timeout=60)


def free_bytes(path: Path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def fill(path: Path, leave: int) -> Path:
    """A file taking all of the file system's free space but `leave` bytes; remove it to free
    the space again."""
    filler = path / "filler.bin"
    size = max(free_bytes(path) - leave, 0)
    with open(filler, "wb") as handle:
        chunk = b"\0" * (1 << 20)
        while size > 0:
            size -= handle.write(chunk[:size])
    return filler
