"""The benchmark's report, benchmarks/results.md: goals of the speed issue met or missed, ratios
per size (with and without search, wall and CPU), bytes per release by family, the edited
rebuild's time and identity, the search query in Chromium, the machine, and the command that
regenerates it. benchmarks/run.py measures and calls `write` after each size.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import charts
import machine
import measure
import phases
import search_query
import serve_latency
import site_bytes

MIB = 2**20
GOAL_SIZE = 10000  # issue 17's goals are stated at 10,000 releases per language
# From a fresh clone: the venv (with Playwright, for the search query), then the full run.
REGENERATE = "make bench"
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


@dataclass
class Results:
    command: str
    versions: dict[str, str]
    pressroom: bool
    rows: dict[tuple[int, str, str], Row] = field(default_factory=dict)
    identical: dict[int, bool] = field(default_factory=dict)
    differing: dict[int, list[str]] = field(default_factory=dict)  # the first differing files
    bytes: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)  # size → family → (files, B)
    queries: list[search_query.Query] | None = None
    query_size: int | None = None
    query_note: str | None = None  # why the queries were not measured
    query_failed: bool = False  # a query showed no result: a missed goal, not a missing figure
    sources: dict[int, str] = field(default_factory=dict)
    censuses: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)
    profiles: dict[tuple[int, str], list[dict[str, float]]] = field(default_factory=dict)  # phases.of_log
    serve: serve_latency.Latency | None = None  # at the largest size
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    load: str = field(default_factory=lambda: " ".join(Path("/proc/loadavg").read_text().split()[:3]))

    def add(self, n: int, tool: str, step: str, run: measure.Run,
            size: tuple[int, int] | None = None) -> None:
        row = self.rows.setdefault((n, tool, step), Row())
        row.seconds.append(run.seconds)
        row.cpu.append(run.cpu_seconds)
        row.peak.append(run.peak_bytes)
        row.size = size or row.size
        if tool.startswith("pressroom") and step != "import":
            label = tool if step == "cold build" else step
            self.profiles.setdefault((n, label), []).append(phases.of_log(run.log, run.seconds))

    def profile(self) -> list[str]:
        """Where Pressroom's time went, phase by phase, beside the peer doing the same work."""
        peers = {}
        for n in self.sizes():
            for mine, peer in PAIRS[::2]:
                row = self.get(n, peer, "cold build")
                if row is not None:
                    peers[(n, mine)] = row.median_seconds()
        return phases.markdown(self.profiles, peers)

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
        """The worst ratio across the sizes measured, never the best; the searched build's peak."""
        lines = []
        for mine, peer in PAIRS[::2]:
            worst = self.worst(mine, peer)
            if worst:
                n, wall, cpu = worst
                lines.append(f"- **{mine} / {peer}: {wall:.2f} × wall time, worst of "
                             f"{', '.join(f'{s:,}' for s in self.sizes())} per language (at {n:,}; "
                             f"CPU time there {cpu:.2f} ×).**")
        peaks = [(n, row) for n in self.sizes() if (row := self.get(n, "pressroom", "cold build"))]
        if peaks:
            lines.append("- Peak memory of `pressroom build` (search on, cold): " + ", ".join(
                f"{row.median_peak() / MIB:.0f} MiB at {n:,}" for n, row in peaks) + ".")
        return lines

    def goal_size(self) -> int:
        """10,000 per language if measured; else the largest size run, whose figures are shown
        but not judged against goals stated at 10,000."""
        sizes = self.sizes()
        return GOAL_SIZE if GOAL_SIZE in sizes or not sizes else max(sizes)

    def _goal(self, out: list[tuple[str, bool | None, str]], name: str, rows: tuple[object, ...],
              test: Callable[..., bool], figure: Callable[..., str], sized: bool = True) -> None:
        """One goal row: "not measured" when a measurement is missing; a `sized` goal (stated at
        10,000 per language) is judged only when measured there, else its figure is shown as is."""
        n = self.goal_size()
        if not all(rows):
            out.append((name, None, "not measured in this run"))
        elif sized and n != GOAL_SIZE:
            out.append((name, None, f"{figure(*rows)} (at {n:,}; the goal is at {GOAL_SIZE:,}: not judged)"))
        else:
            out.append((name, test(*rows), figure(*rows)))

    def goals(self) -> list[tuple[str, bool | None, str]]:
        """(goal, met? None when not measured or not at the goal's size, the measured figure):
        issue 17's rows in its order, then what is left of issue 7's."""
        return [*self._speed_goals(), *self._issue7_goals()]

    def _speed_goals(self) -> list[tuple[str, bool | None, str]]:
        n = self.goal_size()
        out: list[tuple[str, bool | None, str]] = []
        for (a, b), limit in ((PAIRS[0], 0.5), (PAIRS[2], 0.5)):
            self._goal(out, f"cold build `{a}` / `{b}`, worst of the sizes ≤ {limit}", (self.worst(a, b),),
                       lambda w, limit=limit: w[1] <= limit,
                       lambda w: f"{w[1]:.2f} × at {w[0]:,} (CPU time {w[2]:.2f} ×)", sized=False)
        self._goal(out, "`pressroom build` after editing one release's title, search on ≤ 1 s",
                   (self.get(n, "pressroom", "rebuild, one title edited"),
                    self.get(n, "pressroom", "rebuild, first edit after a cold build")),
                   lambda r, first: max(r.median_seconds(), first.median_seconds()) <= 1.0,
                   lambda r, first: f"{r.median_seconds():.2f} s wall, {r.median_cpu():.2f} s CPU; the "
                                    f"first edit after a cold build {first.median_seconds():.2f} s")
        identical = [self.identical[s] for s in sorted(self.identical)]
        out.append(("edited rebuild's output identical to a `--no-cache` cold build, every size",
                    all(identical) if identical else None,
                    ", ".join(f"{'identical' if ok else 'DIFFERS'} at {s:,}" for s, ok in sorted(
                        self.identical.items())) or "not measured in this run"))
        out.append(self._serve_goal())
        out.append(self._query_goal())
        big, ten = self.get(100000, "pressroom", "cold build"), self.get(GOAL_SIZE, "pressroom", "cold build")
        self._goal(out, "100,000 per language: peak memory (Pss summed over processes) ≤ 2 GB", (big,),
                   lambda b: b.median_peak() <= 2e9, lambda b: f"{b.median_peak() / MIB:.0f} MiB",
                   sized=False)
        self._goal(out, "cost per release at 100,000 ≤ 1.2 × that at 10,000", (big, ten),
                   lambda b, m: b.median_seconds() / 100000 <= 1.2 * m.median_seconds() / 10000,
                   lambda b, m: f"{b.median_seconds() / 100:.2f} ms vs {m.median_seconds() / 10:.2f} ms "
                                "per release", sized=False)
        searched = self.get(n, "pressroom", "cold build")
        self._goal(out, "site bytes per release, all-in ≤ 10 KB", (searched and searched.size,),
                   lambda size: size[1] / (2 * n) <= 10_000,
                   lambda size: f"{size[1] / (2 * n) / 1000:.1f} KB ({size[1] / 1e6:.1f} MB / "
                                f"{2 * n:,} releases)")
        return out

    def _issue7_goals(self) -> list[tuple[str, bool | None, str]]:
        n = self.goal_size()
        out: list[tuple[str, bool | None, str]] = []
        pelican_n = max((s for s in self.sizes() if self.get(s, "pelican", "cold build")), default=0)
        pelican = self.ratio(pelican_n, "pressroom --no-search", "pelican") if pelican_n else None
        self._goal(out, f"bare cold build ≤ 0.1 × Pelican's time (issue 7, at {pelican_n:,})", (pelican,),
                   lambda r: r[0] <= 0.1, lambda r: f"{r[0]:.2f} × (CPU time {r[1]:.2f} ×)", sized=False)
        self._goal(out, "rebuild, nothing changed ≤ 1 s (issue 7)",
                   (self.get(n, "pressroom", "rebuild, nothing changed"),),
                   lambda r: r.median_seconds() <= 1.0, lambda r: f"{r.median_seconds():.2f} s")
        bare, hugo = self.get(n, "pressroom --no-search", "cold build"), self.get(n, "hugo", "cold build")
        self._goal(out, "bare build's peak memory ≤ 0.25 × Hugo's (issue 7)", (bare, hugo),
                   lambda m, h: m.median_peak() <= 0.25 * h.median_peak(),
                   lambda m, h: f"{m.median_peak() / MIB:.0f} MiB vs {h.median_peak() / MIB:.0f} MiB "
                                f"= {m.median_peak() / h.median_peak():.2f} ×")
        self._goal(out, "import of 20,000 records ≤ 10 s (issue 7)", (self.get(n, "pressroom", "import"),),
                   lambda r: r.median_seconds() <= 10, lambda r: f"{r.median_seconds():.2f} s")
        return out

    def _serve_goal(self) -> tuple[str, bool | None, str]:
        name = "`serve`: save → page served < 0.3 s; search updated ≤ 2 s after (worst edit)"
        if self.serve is None:
            return name, None, "not measured in this run (--serve-edits 0)"
        if self.serve.releases != GOAL_SIZE:
            return (name, None, f"{self.serve.summary()} (at {self.serve.releases:,}; the goal is at "
                                f"{GOAL_SIZE:,}: not judged)")
        return name, self.serve.met(), self.serve.summary()

    def _query_goal(self) -> tuple[str, bool | None, str]:
        name = "search query in Chromium (2 words), ≤ 300 ms and ≤ 300 KB fetched"
        if self.query_failed:
            return name, False, self.query_note or "failed"
        if not self.queries:
            return name, None, f"not measured: {self.query_note or 'not run'}"
        figure = "; ".join(f"{q.lang} “{q.text}” {q.milliseconds:.0f} ms, {q.total_bytes / 1000:.0f} KB"
                           for q in self.queries)
        if self.query_size != GOAL_SIZE:
            return name, None, f"{figure} (at {self.query_size:,}; the goal is at {GOAL_SIZE:,}: not judged)"
        return name, all(q.milliseconds <= 300 and q.total_bytes <= 300_000 for q in self.queries), figure

    def edits(self) -> list[str]:
        """The edited rebuild per size: its time, and whether its output equals a cold build's
        (the first differing files when not)."""
        lines = ["| N | rebuild after one title edited: wall s | CPU s | peak MiB | the first edit after a "
                 "cold build: wall s | output vs `--no-cache` cold build |", "|---:|---:|---:|---:|---:|---|"]
        for n in self.sizes():
            row = self.get(n, "pressroom", "rebuild, one title edited")
            first = self.get(n, "pressroom", "rebuild, first edit after a cold build")
            if row is None:
                continue
            same = self.identical.get(n)
            verdict = "identical" if same else "not compared" if same is None else (
                "**DIFFERS** — first: " + ", ".join(f"`{p}`" for p in self.differing.get(n, [])[:5]))
            lines.append(f"| {n:,} | {row.median_seconds():.2f} | {row.median_cpu():.2f} | "
                         f"{row.median_peak() / MIB:.0f} | "
                         f"{f'{first.median_seconds():.2f}' if first else '—'} | {verdict} |")
        return ["Edit: one English release's title changed in its front matter, then `pressroom build` "
                "(search on, cache warm), twice: the first edit after a cold build assembles the new site "
                "from nothing, later ones from the site before last (generator/site/sparesite.py); each "
                "output compared byte for byte with `pressroom build --no-cache --out <another folder>` "
                "of the same content:", "", *lines, ""]

    def markdown(self) -> str:
        goals = ["| goal (issue 17, then what is left of issue 7) | result | measured |", "|---|---|---|"]
        for name, met, figure in self.goals():
            goals.append(f"| {name} | {'met' if met else 'missed' if met is False else '—'} | {figure} |")
        sources = [f"- N = {n:,}: peers built from {source}." for n, source in sorted(self.sources.items())]
        pressroom_note = "" if self.pressroom else (
            "\n**Pressroom's import and build were not on main when this ran: only the peers were "
            "measured.**\n")
        return "\n".join([
            "# Benchmark results", "",
            f"Regenerate from a fresh clone: `{REGENERATE}` (creates .venv, then runs "
            "`.venv/bin/python benchmarks/run.py`; 13 min on 2 quiet cores, up to an hour on a loaded "
            "machine).  ",
            f"This run: `{self.command}`  ", f"Date: {self.started}  ",
            f"Machine: {machine.describe(self.versions)}; load average at start {self.load} (the "
            "machine is shared, so times are noisy).", pressroom_note,
            "## Goals", "", *goals, "",
            "## Cold builds", "",
            "Headline (ratio of medians; below 1: Pressroom is faster):", "", *self.headline(), "",
            "`pressroom` builds with its own search index (`search-index/`); `hugo + pagefind` is `hugo` "
            "then `pagefind --site` over its output (the benchmark's Hugo layout marks the release "
            "article `data-pagefind-body`, as Pressroom's theme does, so both index the release text "
            "only), `pelican + pagefind` likewise with `--glob` on the release pages (Pelican's default "
            "theme has no such mark). Rounds interleave every command.", "",
            "Ratios (cold builds, medians; with search, then bare):", "", *self.ratios(), "",
            "Wall time of the whole command, started after `sync`. CPU s: user + system time of the "
            "process tree (`/usr/bin/time`), steadier than wall time on a busy machine. Peak memory: the "
            "larger of the Pss summed over the process tree (polled every 50 ms) and the largest single "
            "process's maximum RSS. Files and bytes: everything in the output folder (MB = 10^6 bytes).",
            "", *self.table(), "", "## Where the time goes", "", *self.profile(),
            "## Edited rebuild", "", *self.edits(),
            "## Bytes", "", *site_bytes.markdown(self.bytes, "pressroom build"),
            "## Search query", "", *search_query.markdown(self.query_size, self.queries, self.query_note),
            "## What each build wrote", "", *self.census_table(), "Releases:", "", *sources, "",
        ])


def write(results: Results, path: Path) -> None:
    """results.md, and beside it results.svg: cold build time and peak memory against archive
    size per tool (benchmarks/charts.py), which results.md shows."""
    chart = path.with_suffix(".svg")
    chart.write_text(charts.chart_svg(charts.measurements(results)), encoding="utf-8")
    path.write_text(results.markdown() + f"\n![Cold build time and peak memory against archive size, "
                    f"per tool]({chart.name})\n", encoding="utf-8")
