"""20 `pressroom build` kills at spread-out moments, each followed by a build (not a test).

A synthetic archive (benchmarks/synth.py, 1,000 releases per language by default) is imported
into a scratch project and built once. Then, per round: one release's title is edited, a build
starts and is SIGKILLed after a delay spread evenly over the time a build takes (from reading
the releases to the search index's last file, `search-index/` in the staged site), the site is
compared with the last good build, the next build runs, and the site is compared with a clean
build (`--no-cache` into another folder), search index included; staging folders left beside the
site are counted.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/build_kills.py [--releases 1000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synth import generate  # noqa: E402
from tests.faults.buildfaults import (  # noqa: E402
    build_command,
    clean_tree,
    edit_release,
    environment,
    make_project,
    run_build,
    strays,
    tree,
)


def _setup(work: Path, releases: int) -> tuple[Path, float]:
    """The project, imported and built; returns it and how long a build of one edit takes."""
    project = make_project(work / "project")
    for old in (project / "content").iterdir():
        if old.is_dir():
            subprocess.run(["rm", "-rf", str(old)], check=True)
    generate(releases, work / "dumps", vocabulary=project / "content" / "vocabulary.yaml")
    imported = subprocess.run([sys.executable, "-m", "generator.cli", "import", str(work / "dumps")],
                              cwd=project, env=environment(), capture_output=True, text=True, check=False)
    assert imported.returncode == 0, imported.stderr
    assert run_build(project).returncode == 0
    edit_release(project, 10_000)
    started = time.perf_counter()
    assert run_build(project).returncode == 0
    return project, time.perf_counter() - started


def _phase(project: Path, pid: int) -> str:
    """How far a build had got, from its staging folder."""
    stage = project / f".site.building-{pid}"
    if (stage / "search-index").exists():
        return "search index"
    return "staging" if stage.exists() else "reading"


def _killed_build(project: Path, number: int, delay: float) -> tuple[str, float]:
    """Edit a release, start a build and SIGKILL it after `delay` seconds. Returns the phase it
    was killed in ("" when it finished first) and how long it ran."""
    edit_release(project, number)
    started = time.perf_counter()
    process = subprocess.Popen(build_command(project), cwd=project, env=environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        phase = _phase(project, process.pid)
        process.send_signal(signal.SIGKILL)
        if process.wait() == -signal.SIGKILL:
            return phase, time.perf_counter() - started
    return "", time.perf_counter() - started


def _round(project: Path, number: int, fraction: float, duration: float,
           clean: Path) -> tuple[dict[str, bool], str, float]:
    """One kill at `fraction` of a build's `duration` (which is learnt again whenever a build
    ends before its kill: the machine's load changes), then the checks. Returns the results,
    the moment of the kill (delay and phase) and the duration now known."""
    site = project / "site"
    for attempt in range(5):
        before = tree(site)
        delay = duration * fraction
        phase, ran = _killed_build(project, number * 37 + attempt * 1000, delay)
        if phase:
            break
        duration = ran  # finished first: a build takes this long now
    after = tree(site)
    expected = clean_tree(project, clean)
    whole = after in (before, expected)
    ok = run_build(project).returncode == 0
    result = {"killed": bool(phase), "whole after kill": whole,
              "equal to a clean build": ok and tree(site) == expected, "no strays": strays(site) == []}
    return result, f"{delay:5.2f} s ({phase or 'finished first'})", duration


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000, help="releases per language")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pressroom-build-kills-") as scratch:
        work = Path(scratch)
        project, duration = _setup(work, args.releases)
        print(f"{args.releases:,} releases per language; a build of one edit takes {duration:.2f} s")
        totals: dict[str, int] = {}
        for number in range(args.rounds):
            fraction = (number + 0.5) / args.rounds
            result, moment, duration = _round(project, number, fraction, duration, work / "clean")
            said = ", ".join(f"{key} {'yes' if value else 'NO'}" for key, value in result.items())
            print(f"round {number + 1:2d}: killed at {moment}: {said}", flush=True)
            for key, value in result.items():
                totals[key] = totals.get(key, 0) + int(value)
        print("; ".join(f"{key}: {count}/{args.rounds}" for key, count in totals.items()))
        return 0 if all(count == args.rounds for count in totals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
