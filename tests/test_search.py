"""Search: Pagefind indexes the built site per language; the search pages find the right
releases in headless Chromium under a base path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import PressroomError
from generator.search import BUNDLE, index_site


def fixture_site(root: Path) -> Path:
    site = root / "site"
    pages = {
        "ko/a/index.html": ("ko", "수출 동향", "올해 반도체가 수출을 이끌었다."),
        "ko/b/index.html": ("ko", "투자 확대", "정부는 반도체를 지원한다."),
        "en/a/index.html": ("en", "Chip exports", "Semiconductor exports rose."),
        "en/index.html": ("en", "Latest", "Not a release: semiconductor listed here"),
    }
    for relative, (lang, title, text) in pages.items():
        marker = "" if relative == "en/index.html" else " data-pagefind-body"
        file = site / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
                        f'</title></head><body><main{marker}><h1>{title}</h1><p>{text}</p></main>'
                        f"</body></html>", encoding="utf-8")
    return site


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_split_by_language_and_holds_only_marked_pages(tmp_path: Path, repo_root: Path) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 1, "ko": 2}
    assert (site / BUNDLE / "pagefind-ui.js").is_file()
    first = tree_bytes(site / BUNDLE)

    # Indexing again gives the same bytes (deterministic), and an old index leaves nothing behind.
    (site / BUNDLE / "fragment" / "stale.pf_fragment").write_bytes(b"old")
    for _ in range(4):  # Pagefind's own language order varies between runs
        index_site(settings, site)
        assert tree_bytes(site / BUNDLE) == first
    assert not list(tmp_path.glob(".site.*")), "no staging folder is left beside the site"


def test_a_failing_indexer_keeps_the_old_index(tmp_path: Path, repo_root: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.config import load_settings

    settings = load_settings(repo_root / "pyproject.toml")
    site = fixture_site(tmp_path)
    index_site(settings, site)
    before = sorted((site / BUNDLE).rglob("*"))
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'boom: cannot index' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(PressroomError, match="Pagefind could not index the site: boom: cannot index"):
        index_site(settings, site)
    assert sorted((site / BUNDLE).rglob("*")) == before
