"""benchmarks/charts.py: the benchmark's measurements as one SVG of build time and peak memory
against archive size, a line per tool, to scale."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import charts  # noqa: E402
import measure  # noqa: E402
from report import Results  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [{"tool": tool, "size": n, "wall_seconds": seconds, "peak_mib": peak}
        for tool, scale in (("pressroom", 1.0), ("hugo", 2.0), ("pelican", 4.0))
        for n, seconds, peak in ((1000, 1.5, 100.0), (3000, 4.5, 200.0), (10000, 15.0, 400.0))
        for seconds, peak in [(seconds * scale, peak * scale)]]


def lines(svg: str) -> dict[str, list[tuple[float, float]]]:
    """Each nested chart's polylines' points, by the chart's id."""
    root = ET.fromstring(svg)
    found = {}
    for chart in root.findall(f"{SVG}svg"):
        title = chart.find(f"{SVG}title")
        found[title.get("id")] = [[tuple(map(float, p.split(","))) for p in line.get("points").split()]
                                  for line in chart.iter(f"{SVG}polyline")]
    return found


def test_one_line_per_tool_in_each_chart_to_scale() -> None:
    svg = charts.chart_svg(ROWS)
    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None
    drawn = lines(svg)
    assert set(drawn) == {"bench-time-title", "bench-memory-title"}
    for name, polylines in drawn.items():
        assert len(polylines) == 3, name
        assert all(len(points) == 3 for points in polylines)
        base = 300 - 40  # the charts' zero line (generator/site/charts.py HEIGHT - BOTTOM)
        heights = [[base - y for _, y in points] for points in polylines]
        # hugo is drawn twice as high as pressroom at every size, pelican four times
        for mine, hugo, pelican in zip(*heights, strict=True):
            assert hugo == pytest.approx(2 * mine, abs=0.2) and pelican == pytest.approx(4 * mine, abs=0.2)
    legend = [t.text for t in root.findall(f"{SVG}text")]
    assert legend == ["pressroom", "hugo", "pelican", "Cold build, wall seconds", "Peak memory, MiB"]
    assert "10,000" in "".join(root.itertext())


def test_measurements_come_from_a_report() -> None:
    report = Results(command="test", versions={}, pressroom=True)

    def run(seconds: float, peak: int) -> measure.Run:
        return measure.Run(seconds=seconds, peak_bytes=peak, tree_peak_bytes=peak, single_peak_bytes=peak,
                           cpu_seconds=seconds, returncode=0, log="")

    for n, seconds in ((1000, 2.0), (3000, 5.0)):
        report.add(n, "pressroom", "cold build", run(seconds, 64 * charts.MIB))
        report.add(n, "pressroom", "import", run(9.0, 1))
    assert charts.measurements(report) == [
        {"tool": "pressroom", "size": 1000, "wall_seconds": 2.0, "peak_mib": 64.0},
        {"tool": "pressroom", "size": 3000, "wall_seconds": 5.0, "peak_mib": 64.0}]


def test_the_results_page_shows_the_chart_written_beside_it(tmp_path: Path) -> None:
    import run  # benchmarks/run.py, on the path like its modules

    report = Results(command="test", versions={"python": "3", "pelican": "-", "hugo": "-"}, pressroom=True)
    mib = charts.MIB
    report.add(1000, "pressroom", "cold build", measure.Run(seconds=2.0, peak_bytes=mib, tree_peak_bytes=mib,
                                                          single_peak_bytes=mib, cpu_seconds=2.0,
                                                          returncode=0, log=""))
    run.write_results(report, tmp_path / "results.md")
    assert "](results.svg)" in (tmp_path / "results.md").read_text(encoding="utf-8")
    ET.fromstring((tmp_path / "results.svg").read_text(encoding="utf-8"))
