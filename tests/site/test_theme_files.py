"""A theme needs only the templates docs/themes.md lists (generator.site.pages.TEMPLATES): the
files it extends or imports are its own, and their errors still name their file and line."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.build import THEME_TEMPLATES, build_site
from generator.site.pages import TEMPLATES
from tests.golden.regenerate import fixture_settings

REPO = Path(__file__).resolve().parents[2]


def _own_theme(tmp_path: Path) -> Settings:
    """The golden fixture site with a copy of the default theme that has no items.html (its
    macros are moved into macros.html)."""
    themes = tmp_path / "themes"
    shutil.copytree(REPO / "themes" / "default", themes / "default")
    templates = themes / "default" / "templates"
    items = (templates / "items.html").read_text(encoding="utf-8")
    macros = (templates / "macros.html").read_text(encoding="utf-8")
    line = '{% from "items.html" import entry_item, related_item %}\n'
    assert line in macros
    (templates / "macros.html").write_text(macros.replace(line, items), encoding="utf-8")
    (templates / "items.html").unlink()
    return dataclasses.replace(fixture_settings(tmp_path / "site"), themes_dir=str(themes))


def test_the_build_requires_only_the_documented_templates() -> None:
    assert list(TEMPLATES) == THEME_TEMPLATES


def test_a_theme_without_items_html_builds_the_same_site(tmp_path: Path) -> None:
    settings = _own_theme(tmp_path)
    build_site(settings, tmp_path / "out", search=False)
    expected = REPO / "tests" / "golden" / "expected"
    for page in ("en/index.html", "en/tags/index.html", "ko/category/trade/index.html"):
        assert (tmp_path / "out" / page).read_bytes() == (expected / page).read_bytes(), page


def test_an_error_in_an_imported_template_names_its_file_and_line(tmp_path: Path) -> None:
    settings = _own_theme(tmp_path)
    macros = settings.theme_path / "templates" / "macros.html"
    lines = macros.read_text(encoding="utf-8").splitlines()
    lines[4] = "{% if %}"
    macros.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out", search=False)
    problem = caught.value.problem
    assert problem.path.endswith("macros.html") and problem.line == 5, problem
    assert "template error" in problem.message
