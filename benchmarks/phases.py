"""Where Pressroom's time goes: each measured build's phases, read from its own log, so a goal the
benchmark reports missed comes with the profile that says where the time went.

`pressroom build` logs one line per phase when stderr is not a terminal (generator/progress.py):
`build: render pages — 3,380 in 1.4 s`, `build: search index in 0.7 s`, and last
`build: 3,138 pages, 116 feeds — 3,380 written, 0 unchanged in 2.79 s`, the build's own clock.
What the whole command took beyond that clock is the process's start: the interpreter, imports,
the configuration, and tearing down.
"""

from __future__ import annotations

import re
import statistics

PHASE = re.compile(r"^build: (?P<name>[a-z][^—\n]*?)(?: — [\d,]+)? in (?P<seconds>\d+(?:\.\d+)?) s$", re.M)
TOTAL = re.compile(r"^build: [\d,]+ pages\b.* in (?P<seconds>\d+(?:\.\d+)?) s$", re.M)
START = "start and exit"
OTHER = "between phases"


def of_log(log: str, wall: float) -> dict[str, float]:
    """Seconds per phase of one build, from its log; with `START` (the command's wall time less
    the build's own clock) and `OTHER` (the build's clock less its phases). Empty when the log
    holds no total line (a build that logs differently is shown as unprofiled, not guessed at)."""
    totals = TOTAL.findall(log)
    if not totals:
        return {}
    phases: dict[str, float] = {}
    for found in PHASE.finditer(log):
        phases[found["name"]] = phases.get(found["name"], 0.0) + float(found["seconds"])
    total = float(totals[-1])
    phases[OTHER] = max(0.0, total - sum(phases.values()))
    phases[START] = max(0.0, wall - total)
    return phases


def markdown(profiles: dict[tuple[int, str], list[dict[str, float]]],
             peers: dict[tuple[int, str], float]) -> list[str]:
    """A table of median seconds per phase for each size and build, with the peer's whole command
    (`peers`: median wall seconds of the build doing the same work) beside it."""
    measured = {key: runs for key, runs in profiles.items() if any(runs)}
    if not measured:
        return ["Not profiled: no build logged its phases.", ""]
    names: list[str] = []
    for runs in measured.values():
        for run in runs:
            names += [name for name in run if name not in names and name not in (START, OTHER)]
    columns = [START, *names, OTHER]
    lines = [f"| N | build | {' | '.join(columns)} | sum s | the peer's wall s |",
             "|---:|---|" + "---:|" * (len(columns) + 2)]
    for (n, build), runs in sorted(measured.items()):
        runs = [run for run in runs if run]
        cells = [statistics.median(run.get(name, 0.0) for run in runs) for name in columns]
        peer = peers.get((n, build))
        lines.append(f"| {n:,} | {build} | {' | '.join(f'{c:.2f}' for c in cells)} | {sum(cells):.2f} | "
                     f"{f'{peer:.2f}' if peer is not None else '—'} |")
    return ["Median seconds of wall time per phase of Pressroom's builds, from each build's own log "
            f"(`{START}`: the command's wall time less the build's own clock — the interpreter, imports, "
            f"configuration, exit; `{OTHER}`: the build's clock less its phases). The peer's column is "
            "the median wall time of the command doing the same work (Hugo + Pagefind for a build with "
            "search, Hugo for a bare one); a ratio goal is met when Pressroom's wall time is at most half "
            "of it. Phases run one after another, each on both cores where it can:", "", *lines, ""]
