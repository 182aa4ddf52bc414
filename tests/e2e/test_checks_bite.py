"""The checks bite: a scratch copy of the built demo site, broken on purpose, makes each one fail.

Each test compares the broken copy with the untouched site, so it shows the checker catches
the planted fault, whatever else it may (or may not) report about the site as built.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .browser import run_axe, serious
from .feeds import check_feed
from .links import check_links
from .pages_server import PagesServer
from .support import BuiltSite, require_java, validate_html

pytestmark = pytest.mark.e2e
LOW_CONTRAST = "<style>body, body * { color: #999 !important; background: #fff !important; }</style>"


def scratch_copy(site: BuiltSite, tmp_path: Path) -> Path:
    return Path(shutil.copytree(site.folder, tmp_path / "site"))


def plant(file: Path, before: str, snippet: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert before in text, f"{file} has no {before}"
    file.write_text(text.replace(before, snippet + before, 1), encoding="utf-8")


def test_link_checker_reports_a_removed_page_and_a_link_from_the_domain_root(site: BuiltSite,
                                                                             tmp_path: Path) -> None:
    copy = scratch_copy(site, tmp_path)
    before = {str(p) for p in check_links(copy, site.base_url)}
    release = sorted(copy.glob("en/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))[0].parent
    shutil.rmtree(release)
    plant(copy / "en" / "index.html", "</body>", '<a href="/en/">home at the domain root</a>')
    after = [p for p in check_links(copy, site.base_url) if str(p) not in before]
    gone = release.relative_to(copy).as_posix()
    assert any(f"no file {gone}/index.html" in p.reason for p in after), after
    assert any(p.url == "/en/" and "outside the base path" in p.reason for p in after), after


def test_feed_checker_reports_a_bad_date_and_a_relative_url(site: BuiltSite) -> None:
    feed = site.folder / "en" / "feed.xml"
    url, xml = site.url_of(feed), feed.read_bytes()
    before = set(check_feed(xml, url, site.base_url))
    iso = b"<pubDate>2024-04-23T10:00:00+09:00</pubDate>"
    iso_date = re.sub(rb"<pubDate>[^<]*</pubDate>", iso, xml, count=1)
    assert iso_date != xml, "the feed has no pubDate to break"
    assert any("is not an RFC 822 date" in p for p in set(check_feed(iso_date, url, site.base_url)) - before)
    # Escaped markup reads the same whether the feed writes content as CDATA or as escaped text.
    relative = xml.replace(b"<content:encoded>", b'<content:encoded>&lt;a href="../x/"&gt;x&lt;/a&gt;', 1)
    assert relative != xml, "the feed has no content:encoded to plant a link in"
    assert any("relative URL '../x/'" in p for p in set(check_feed(relative, url, site.base_url)) - before)


def test_axe_reports_low_colour_contrast(open_reader, site: BuiltSite, tmp_path: Path,
                                         axe_script: Path) -> None:
    copy = scratch_copy(site, tmp_path)
    plant(copy / "en" / "index.html", "</head>", LOW_CONTRAST)
    with PagesServer(copy, site.base_path) as server:
        reader = open_reader(BuiltSite(copy, server.base_url, site.settings))
        reader.open(server.base_url + "en/")
        found = {v["id"] for v in serious(run_axe(reader.page, axe_script))}
    assert "color-contrast" in found, found


def test_reader_reports_console_errors_and_missing_assets(open_reader, site: BuiltSite,
                                                          tmp_path: Path) -> None:
    copy = scratch_copy(site, tmp_path)
    plant(copy / "ko" / "index.html", "</body>",
          '<script>console.error("planted")</script><img src="planted-missing.png" alt="">')
    with PagesServer(copy, site.base_path) as server:
        reader = open_reader(BuiltSite(copy, server.base_url, site.settings))
        reader.open(server.base_url + "ko/")
        reader.page.wait_for_load_state("networkidle")
    problems = "\n".join(reader.problems)
    assert "console error: planted" in problems, problems
    assert f"HTTP 404 for {server.base_url}ko/planted-missing.png" in problems, problems


def test_html_validator_reports_invalid_markup(site: BuiltSite, tmp_path: Path) -> None:
    require_java()
    page = tmp_path / "one" / "index.html"
    page.parent.mkdir()
    shutil.copy(site.folder / "en" / "index.html", page)
    plant(page, "</body>", "<span><div>block in inline</div></span>")
    status, output = validate_html(page.parent)
    assert status != 0 and 'Element "div" not allowed as child of element "span"' in output, output
