"""Wall time and peak memory of a whole process tree, and the size of what it wrote.

Peak memory is taken two ways and the larger is reported:
- polling /proc every 50 ms and summing the proportional set size (Pss, from smaps_rollup) of
  the process and all its descendants — this sees parallel workers together, and counts a page
  that forked workers share once, divided among them (summing their resident set sizes would
  count it once per worker: an overstatement of what the machine must hold);
- `/usr/bin/time`'s maximum resident set size, which is exact but only for the largest single
  process of the tree, and catches a spike shorter than the polling interval.
Linux only, which is what the benchmark machine and CI are.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int  # the larger of the two measures below
    tree_peak_bytes: int  # summed over the process tree, polled
    single_peak_bytes: int  # largest single process, from /usr/bin/time
    cpu_seconds: float  # user + system time of the tree (reaped children), less sensitive to a busy machine
    returncode: int
    log: str  # the tail of stdout and stderr, for a failure report


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # the command name is in parentheses and may hold spaces; the parent pid follows it
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _pss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def tree_pss(root: int) -> int:
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += _pss(pid)
        stack.extend(children.get(pid, ()))
    return total


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    # Write back what earlier steps left dirty (dumps just generated, a deleted output folder)
    # before the clock starts, so no tool pays for the one measured before it.
    os.sync()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing, \
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        full = ["/usr/bin/time", "-f", "%U %S %M", "-o", timing.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(full, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        tree_peak = 0
        while process.poll() is None:
            tree_peak = max(tree_peak, tree_pss(process.pid))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - start
        # /usr/bin/time writes "Command exited with non-zero status N" first when it fails
        fields = Path(timing.name).read_text().split()[-3:]
        try:
            cpu, single_peak = float(fields[0]) + float(fields[1]), int(fields[2]) * 1024
        except (IndexError, ValueError):
            cpu, single_peak = 0.0, 0
        log.seek(0)
        tail = log.read()[-4000:]
    return Run(seconds, max(tree_peak, single_peak), tree_peak, single_peak, cpu, process.returncode, tail)


def output_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under a folder."""
    files = total = 0
    for path, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.lstat(os.path.join(path, name)).st_size
    return files, total


def tree_digest(folder: Path) -> dict[str, str]:
    digests = {}
    for path, _dirs, names in os.walk(folder):
        for name in names:
            file = Path(path, name)
            digests[file.relative_to(folder).as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return digests


def differences(a: Path, b: Path) -> list[str]:
    """Paths that are missing on one side or differ in bytes."""
    left, right = tree_digest(a), tree_digest(b)
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p))


def census(folder: Path) -> dict[str, int]:
    """What an output holds, so a peer's config can be seen to make the same kinds of pages."""
    counts = {"html pages": 0, "RSS feeds": 0, "category pages": 0, "tag pages": 0, "feed items (max)": 0}
    for path, _dirs, names in os.walk(folder):
        parts = set(Path(path).relative_to(folder).parts)
        for name in names:
            if name.endswith(".html"):
                counts["html pages"] += 1
                counts["category pages"] += bool(parts & {"category", "categories"})
                counts["tag pages"] += bool(parts & {"tag", "tags"})
            elif name.endswith(".xml"):
                head = Path(path, name).read_bytes()
                if b"<rss" in head[:1000]:
                    counts["RSS feeds"] += 1
                    counts["feed items (max)"] = max(counts["feed items (max)"], head.count(b"<item>"))
    return counts
