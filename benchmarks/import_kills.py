"""Benchmark (not a test): 20 imports killed with SIGKILL at spread-out moments on a
2,000-release archive, then one more import; prints duplicates, lost releases and false local
edits, which must all be 0 (issue 13's "Done when").

Half the kills come from outside, by the clock, as a person's `kill -9` would: each lands at
a different share of how long an uninterrupted run of the same kind takes, so they fall in
parsing, planning and (less often, it is short) writing. The other half come from the fault
hook (generator.faults) before the Nth file written, N spread over the run's files, so the
journal, the parallel writing of new folders, updates in place and the commit get theirs.

The first half of the kills hit the first import (which is then run to its end), the second
half re-imports alternating between two versions of the dumps (the second changes every fifth
body and every 25th title), so every run has files to write. After each kill the script checks
that every release file is whole and that no worker of the killed import lives on. The final
import reads the second version; its result is compared with uninterrupted imports of the same
dumps, file by file, manifest included.

    .venv/bin/python benchmarks/import_kills.py [--pairs 1000] [--kills 20] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content.files import release_files  # noqa: E402
from generator.workers import PARALLEL_FROM, workers  # noqa: E402
from tests.faults.importfaults import (  # noqa: E402
    environment,
    every_file_whole,
    import_command,
    inspect,
    make_dumps,
    make_project,
    revise,
    run_import,
    snapshot,
    summary,
)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (the import's forked workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def kill_at(project: Path, dumps: Path, delay: float, hook: str | None = None) -> tuple[bool, int]:
    """An import killed `delay` seconds after it starts, or by the fault hook (`hook`, then
    `delay` is only a time limit), unless it finishes first: whether it was killed, and how
    many of its workers were still alive 10 s later."""
    process = subprocess.Popen(import_command(project, dumps), cwd=project, env=environment(hook),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline, workers = time.monotonic() + delay, set()
    while time.monotonic() < deadline and process.poll() is None:
        workers |= children(process.pid)
        time.sleep(0.005)
    if process.poll() is None:
        workers |= children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
    elif process.returncode != -signal.SIGKILL:
        return False, 0
    settle = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < settle:
        time.sleep(0.05)
    return True, sum(1 for pid in workers if alive(pid))


def timed(project: Path, dumps: Path) -> tuple[float, int]:
    """An uninterrupted import: its time, and how many files it wrote."""
    began = time.perf_counter()
    result = run_import(project, dumps)
    assert result.returncode == 0, result.stderr
    counts = summary(result.stdout)
    return time.perf_counter() - began, counts["new"] + counts["updated"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="English–Korean pairs (releases = 2 × pairs)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pressroom-import-kills-"))
    try:
        return run(work, options.pairs, options.kills)
    finally:
        if options.keep:
            print("kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, pairs: int, kills: int) -> int:
    versions = [make_dumps(work / "dumps-1", pairs), work / "dumps-2"]
    shutil.copytree(versions[0], versions[1])
    revise(versions[1])
    reference = make_project(work / "reference")
    runs = [timed(reference, versions[0]), timed(reference, versions[1])]
    print(f"archive: {2 * pairs:,} releases; uninterrupted: first import {runs[0][0]:.2f} s "
          f"({runs[0][1]} files written), re-import of the revised dumps {runs[1][0]:.2f} s ({runs[1][1]})")
    project = make_project(work / "project")
    tally = {"killed": 0, "runs": 0, "hung": 0, "broken": 0}
    # Half the kills hit the first import; once a run of it gets to its end, the rest hit
    # re-imports. A run that finishes flips the version to import next, so every run has work.
    first_half, target, number = kills // 2, 0, 0
    while tally["killed"] < first_half and number < 3 * kills:
        number += 1
        if not _attempt(project, versions[0], number - 1, first_half, runs[0], tally):
            target = 1
            break
    if target == 0:
        finished = run_import(project, versions[0])
        print(f"the first import, run to its end: exit {finished.returncode}, {summary(finished.stdout)}")
        target = 1
    number = 0
    while tally["killed"] < kills and number < 3 * kills:
        if not _attempt(project, versions[target], number, kills - first_half, runs[1], tally):
            target = 1 - target
        number += 1
    final = run_import(project, versions[1])
    after = run_import(project, versions[1])
    counts, again = summary(final.stdout), summary(after.stdout)
    damage = inspect(project / "content", reference / "content")
    differing = _differing(snapshot(project / "content"), snapshot(reference / "content"))
    print(f"{tally['killed']} kills in {tally['runs']} runs; then `pressroom import`: "
          f"exit {final.returncode}, {counts}")
    print(f"duplicates: {len(damage.duplicates)}")
    print(f"lost releases: {len(damage.lost)}")
    print(f"false local edits: {counts['kept']} (final import), {again['kept']} (the import after it)")
    print(f"half-written files seen after kills: {tally['broken']}; workers alive 10 s after a kill: "
          f"{tally['hung']}")
    print(f"files unlike an uninterrupted import's (manifest included): {differing}; unclaimed or stray: "
          f"{len(damage.unclaimed) + len(damage.leftovers)}; the import after: {again['new']} new, "
          f"{again['updated']} updated")
    bad = (damage.total() + counts["kept"] + again["kept"] + tally["broken"] + tally["hung"] + differing
           + again["new"] + again["updated"])
    return 0 if bad == 0 and final.returncode == 0 else 1


def _attempt(project: Path, dumps: Path, number: int, count: int, run: tuple[float, int],
             tally: dict[str, int]) -> bool:
    """One import killed at the `number`th of `count` moments spread over a run like `run`
    (its time, its files written), in a mixed order: by the clock for even numbers, by the
    fault hook before the matching file for odd ones (so the writing phase, short beside
    parsing and planning, gets its share of kills whatever the machine's load). Whether it was
    killed."""
    share = ((number * 7) % count + 0.5) / count
    duration, writes = run
    if number % 2:
        # The hook counts per process: forked writers share the files out.
        processes = workers() if writes >= PARALLEL_FROM else 1
        hook = f"import.write:{max(1, int(share * writes / processes))}"
        was_killed, left = kill_at(project, dumps, 30 * duration + 600, hook)
        moment = hook
    else:
        was_killed, left = kill_at(project, dumps, share * duration)
        moment = f"{share * duration:5.2f} s ({share:4.0%})"
    content = project / "content"
    broken = len(every_file_whole(content))
    tally["runs"] += 1
    tally["killed"] += was_killed
    tally["hung"] += left
    tally["broken"] += broken
    journal = (content / ".import-journal.json").exists()
    state = (f"killed, journal {'left' if journal else 'absent'}, {left} worker(s) alive after"
             if was_killed else "finished before the kill")
    print(f"run {tally['runs']:2}: {dumps.name}, kill at {moment}: {state}; "
          f"{len(release_files(content)):,} release files, {broken} broken")
    return was_killed


def _differing(have: dict[str, bytes], wanted: dict[str, bytes]) -> int:
    return sum(1 for path in have.keys() | wanted.keys() if have.get(path) != wanted.get(path))


if __name__ == "__main__":
    sys.exit(main())
