"""Processes as /proc lists them (Linux): the tests that check no process is left behind."""

from __future__ import annotations

from pathlib import Path


def group_members(pgid: int) -> set[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.add(int(entry.name))
    return members
