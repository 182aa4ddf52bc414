"""A block a template overrides must be one its parents have (generator/site/blockcheck.py):
a misspelt block name is named at its line, where Jinja alone renders the page without it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.build import build_site
from tests.golden.regenerate import fixture_settings

REPO = Path(__file__).resolve().parents[2]


def _theme_with(tmp_path: Path, name: str, old: str, new: str) -> tuple[Settings, Path]:
    """The golden fixture site with a copy of the default theme whose `name` has `old` → `new`."""
    themes = tmp_path / "themes"
    shutil.copytree(REPO / "themes" / "default", themes / "default")
    template = themes / "default" / "templates" / name
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dataclasses.replace(fixture_settings(tmp_path / "site"), themes_dir=str(themes)), template


def test_a_misspelt_block_is_named_at_its_line_with_the_likely_name(tmp_path: Path) -> None:
    settings, template = _theme_with(tmp_path, "release.html", "{% block content %}", "{% block contnet %}")
    line = template.read_text(encoding="utf-8").splitlines().index("{% block contnet %}") + 1
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out", search=False)
    problem = caught.value.problem
    assert problem.path == str(template) and problem.line == line, problem
    assert "'contnet'" in problem.message and "did you mean 'content'?" in problem.message


def test_a_block_unknown_up_a_two_step_chain_is_named(tmp_path: Path) -> None:
    """home.html extends base.html through a template of the site's own that adds a block: a
    block of that middle template is known, one that no template has is not."""
    settings, template = _theme_with(tmp_path, "home.html", '{% extends "base.html" %}',
                                     '{% extends "middle.html" %}')
    (template.parent / "middle.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{% block lead %}{% endblock %}{% endblock %}\n',
        encoding="utf-8")
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "{% block lead %}lead{% endblock %}\n", encoding="utf-8")
    build_site(settings, tmp_path / "ok", search=False)  # `lead` is the middle template's: fine
    template.write_text(text + "{% block leed %}lead{% endblock %}\n", encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out", search=False)
    assert "did you mean 'lead'?" in caught.value.problem.message


def test_a_block_nested_in_an_override_is_the_childs_own(tmp_path: Path) -> None:
    """A block inside an overriding block is shown where it stands: no parent needs it."""
    settings, _ = _theme_with(tmp_path, "release.html", "{% block content %}",
                              "{% block content %}{% block only_here %}{% endblock %}")
    build_site(settings, tmp_path / "out", search=False)
    assert (tmp_path / "out" / "en" / "index.html").is_file()
