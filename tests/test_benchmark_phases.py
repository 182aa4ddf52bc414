"""benchmarks/phases.py: a build's phases read back from the lines Pressroom itself logs (the
plain progress reporter and the build's summary), so the benchmark's profile of a missed goal
follows the log format rather than a copy of it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import phases  # noqa: E402

from generator.progress import Plain  # noqa: E402
from generator.site.report import BuildReport  # noqa: E402


def logged() -> str:
    stream = io.StringIO()
    reporter = Plain(stream)
    reporter.phase("build: gather releases", 2000)
    reporter.advance(2000)
    reporter.phase("build: search index")
    reporter.done()
    print("warning: a theme string is unused", file=stream)
    print(BuildReport(pages=3138, feeds=116, written=3380, seconds=2.5).summary(), file=stream)
    return stream.getvalue()


def test_phases_start_and_the_rest_add_up_to_the_wall_time() -> None:
    found = phases.of_log(logged(), wall=3.0)
    assert set(found) == {"gather releases", "search index", phases.OTHER, phases.START}
    assert abs(found[phases.START] - 0.5) < 1e-9  # the command's 3.0 s less the build's own 2.5 s
    assert abs(sum(found.values()) - 3.0) < 1e-9


def test_a_log_without_the_summary_is_unprofiled() -> None:
    assert phases.of_log("Traceback (most recent call last):\n", wall=1.0) == {}
    unprofiled = phases.markdown({(1000, "pressroom"): [{}]}, {})
    assert unprofiled == ["Not profiled: no build logged its phases.", ""]


def test_table_gives_medians_per_phase_beside_the_peer() -> None:
    runs = [phases.of_log(logged(), wall=wall) for wall in (3.0, 4.0, 5.0)]
    table = phases.markdown({(1000, "pressroom"): runs}, {(1000, "pressroom"): 9.5})
    row = next(line for line in table if line.startswith("| 1,000 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "pressroom" and cells[2] == "1.50" and cells[-1] == "9.50"  # median start: 1.5 s
