"""The open dataset in incremental builds: an edit rewrites the data files it changes and the
pages it touches, not the site, and the result equals a cold build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Settings
from generator.site import dataset
from generator.site.build import build_site
from tests.buildfixture import assert_same_tree, snapshot
from tests.golden.regenerate import fixture_settings

RELEASE = "en/2024/02/smes-export-vouchers.md"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@pytest.mark.parametrize("told", [True, False], ids=["told", "found"])
def test_a_body_edit_rewrites_the_jsonl_and_the_release_not_the_site(settings: Settings, tmp_path: Path,
                                                                     told: bool) -> None:
    site = tmp_path / "out"
    first = build_site(settings, site, search=False)
    before = snapshot(site)
    file = settings.content_path / RELEASE
    file.write_text(file.read_text(encoding="utf-8").replace("Applications open", "Applications will open"),
                    encoding="utf-8")
    report = build_site(settings, site, search=False, changed={file} if told else None)
    changed = _changed(before, snapshot(site))
    assert "data/releases.jsonl" in changed
    assert "data/releases.csv" not in changed  # no column of the CSV changed
    assert "en/2024/02/smes-export-vouchers/index.html" in changed
    assert report.written == len(changed) < first.written // 4
    assert "Applications will open" in (site / "data/releases.jsonl").read_text(encoding="utf-8")
    build_site(settings, tmp_path / "cold", search=False)
    assert_same_tree(tmp_path / "cold", site)


def test_a_title_edit_rewrites_both_data_files(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    before = snapshot(site)
    file = settings.content_path / RELEASE
    file.write_text(file.read_text(encoding="utf-8").replace("Export vouchers for", "Vouchers for"),
                    encoding="utf-8")
    build_site(settings, site, search=False)
    changed = _changed(before, snapshot(site))
    assert {"data/releases.csv", "data/releases.jsonl"} <= changed
    assert "data/datapackage.json" not in changed
    build_site(settings, tmp_path / "cold", search=False)
    assert_same_tree(tmp_path / "cold", site)


def _reword(settings: Settings, old: str, new: str) -> None:
    file = settings.content_path / RELEASE
    file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edit_makes_only_its_own_jsonl_line(settings: Settings, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The other lines come from the output's file (generator/site/datasetlines.py): no other
    release file is read again."""
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    _reword(settings, "Applications open", "Applications will open")
    read: list[str] = []
    markdown = dataset.source_markdown
    monkeypatch.setattr(dataset, "source_markdown", lambda content, path, key: read.append(path) or markdown(
        content, path, key))
    build_site(settings, site, search=False)
    assert read == [RELEASE]
    build_site(settings, tmp_path / "cold", search=False, cache=False)
    assert_same_tree(tmp_path / "cold", site)


def test_a_jsonl_changed_by_hand_is_not_taken_from(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    jsonl = site / "data/releases.jsonl"
    lines = jsonl.read_bytes().split(b"\n")
    jsonl.write_bytes(b"\n".join([lines[1], lines[0], *lines[2:]]))  # two lines swapped, same count
    _reword(settings, "Applications open", "Applications will open")
    build_site(settings, site, search=False)
    build_site(settings, tmp_path / "cold", search=False, cache=False)
    assert_same_tree(tmp_path / "cold", site)
