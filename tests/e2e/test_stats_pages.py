"""The archive at a glance in Chromium: the charts show in both colour schemes with the theme's
colours (screenshots kept in test-artifacts/), and the page needs no script and no other host."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import BuiltSite

pytestmark = pytest.mark.e2e

# the first bar's fill and the chart labels' colour, as the browser computed them
COLOURS = """() => {
  const bar = document.querySelector('#monthly svg rect');
  const label = document.querySelector('#monthly svg text');
  return [getComputedStyle(bar).fill, getComputedStyle(label).fill, document.scripts.length];
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_stats_charts_follow_the_colour_scheme(open_reader, site: BuiltSite, artifacts: Path,
                                               lang: str) -> None:
    seen = {}
    for scheme in ("light", "dark"):
        reader = open_reader(site, color_scheme=scheme)
        reader.open(site.url(f"{lang}/stats/"))
        assert reader.page.locator("svg[role=img]").count() == 4, "the page has not its four charts"
        for chart in reader.page.locator("svg[role=img]").all():
            assert chart.bounding_box()["height"] > 50, "a chart is not drawn"
        bar, label, scripts = reader.page.evaluate(COLOURS)
        assert scripts == 0, "the stats page runs a script"
        assert bar not in ("none", "rgb(0, 0, 0)"), f"bars are not coloured by the theme: {bar}"
        seen[scheme] = (bar, label)
        reader.screenshot(artifacts, f"{lang}-stats-{scheme}")
        reader.assert_clean()  # no console error, no request to another host
    assert seen["light"] != seen["dark"], f"the charts look the same in light and dark mode: {seen}"
