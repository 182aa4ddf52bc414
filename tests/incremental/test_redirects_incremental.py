"""Redirect pages in incremental builds: a build that learns a move (a date change) gives the
bytes of a cold build that reads the same content/redirects.yaml, whether it rebuilds from the
last build's state, from the file watcher's changed paths (as `serve` does), or without cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.config import Settings
from generator.content.redirectfile import REDIRECTS_FILE, read_redirects
from generator.site.build import build_site
from generator.site.search import BUNDLE
from tests.buildfixture import assert_same_tree
from tests.golden.regenerate import fixture_settings

OLD = "en/2024/03/korea-us-hydrogen-cooperation/index.md"  # a page bundle: its folder moves
NEW = "en/2024/04/korea-us-hydrogen-cooperation/index.md"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def change_date(settings: Settings) -> set[Path]:
    """The release's date moves to April, its file with it; the paths a watcher would report."""
    old, new = settings.content_path / OLD, settings.content_path / NEW
    new.parent.parent.mkdir(parents=True, exist_ok=True)
    old.parent.rename(new.parent)
    new.write_text(new.read_text(encoding="utf-8").replace("date: 2024-03-28", "date: 2024-04-02"),
                   encoding="utf-8")
    return {old, new}


def cold_build(settings: Settings, out: Path, search: bool = False) -> None:
    """A build with no cache at all, as in a fresh clone: only content/ (redirects.yaml too)."""
    shutil.rmtree(settings.root / ".pressroom-cache", ignore_errors=True)
    build_site(settings, out, search=search)


@pytest.mark.parametrize("how", ["state", "watcher"])
def test_a_date_change_rebuilds_as_a_cold_build_does(settings: Settings, tmp_path: Path, how: str) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    changed = change_date(settings)
    report = build_site(settings, site, search=False, changed=changed if how == "watcher" else None)
    # incremental: not every file was made again (rendered counts files: pages, feeds, data)
    assert 0 < report.rendered < report.written + report.unchanged
    assert "en/2024/03/korea-us-hydrogen-cooperation/" in read_redirects(settings.content_path)
    assert "refresh" in (site / "en/2024/03/korea-us-hydrogen-cooperation/index.html").read_text()
    recorded = (settings.content_path / REDIRECTS_FILE).read_bytes()
    cold_build(settings, tmp_path / "cold")
    assert (settings.content_path / REDIRECTS_FILE).read_bytes() == recorded  # read, not rewritten
    assert_same_tree(tmp_path / "cold", site)
    again = build_site(settings, site, search=False)
    assert again.written == 0
    assert_same_tree(tmp_path / "cold", site)


def test_removing_a_recorded_move_removes_its_page(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    change_date(settings)
    build_site(settings, site, search=False)
    (settings.content_path / REDIRECTS_FILE).unlink()  # a person lets the old URL go
    report = build_site(settings, site, search=False)
    assert report.deleted == 1
    assert not (site / "en/2024/03/korea-us-hydrogen-cooperation").exists()
    cold_build(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


def test_search_indexes_no_redirect_page(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)

    def counts() -> dict[str, int]:
        return {lang: json.loads((site / BUNDLE / lang / "meta.json").read_bytes())["docs"]
                for lang in ("en", "ko")}

    before = counts()
    change_date(settings)
    build_site(settings, site)
    assert counts() == before
    assert sorted(p.name for p in (site / BUNDLE).iterdir() if p.is_dir()) == ["en", "ko"]
    assert (site / "en/2024/03/korea-us-hydrogen-cooperation/index.html").is_file()  # the redirect is there
    cold_build(settings, tmp_path / "cold", search=True)
    assert_same_tree(tmp_path / "cold", site)
