"""docs/themes.md is what the page model says, and it documents every name the default theme uses."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import jinja2
import pytest

from generator.cli import main
from generator.errors import PressroomError
from generator.site import themecontract, themedocs
from generator.site.themecontract import Contract, read_model, type_text, undocumented, variables
from generator.site.themedocs import render
from tests.themedocs import sample_model
from tests.themedocs.usage import Checker, check_theme

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "themes.md"
THEME = REPO / "themes" / "default" / "templates"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return read_model(importlib.import_module(themedocs.MODEL))


# the committed docs and the default theme -----------------------------------------------------

def test_docs_are_what_the_model_says() -> None:
    assert DOCS.is_file(), "docs/themes.md is missing: run `pressroom docs` (or `make docs`)"
    assert DOCS.read_text(encoding="utf-8") == themedocs.generate(), (
        "docs/themes.md is out of date with the page model: run `pressroom docs` (or `make docs`) "
        "and commit the result")


def test_every_class_and_variable_of_the_model_is_documented(contract: Contract) -> None:
    assert [str(problem) for problem in undocumented(contract)] == []


def test_every_template_the_build_renders_is_in_the_docs(contract: Contract) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name, klass in contract.templates.items():
        assert f"### `{name}`: `{klass.__name__}`" in text
        assert (THEME / name).is_file(), f"the default theme has no {name}"


def test_the_default_theme_uses_only_documented_names(contract: Contract) -> None:
    misuses = check_theme(THEME, contract)
    assert not misuses, ("names the docs do not list (document them in the model and run `pressroom docs`, "
                         "or fix the template):\n" + "\n".join(map(str, misuses)))


def test_the_docs_links_reach_their_sections() -> None:
    text = DOCS.read_text(encoding="utf-8")
    anchors = {themedocs._anchor(title) for title in re.findall(r"^#+ (.*)$", text, re.M)}
    links = set(re.findall(r"\]\(#([^)]*)\)", text))
    assert links and links <= anchors, sorted(links - anchors)


def test_the_docs_examples_use_only_documented_names(contract: Contract) -> None:
    """The override example in docs/themes.md is checked as a site's release.html would be."""
    examples = re.findall(r"```jinja\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert examples
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME)))
    for example in examples:
        source = "\n".join(line.removeprefix("  ") for line in example.splitlines())
        assert [str(m) for m in Checker(env, contract).check("release.html", source)] == []


def test_the_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = ["--config", str(REPO / "pyproject.toml")]
    out = tmp_path / "themes.md"
    assert main([*config, "docs", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == DOCS.read_text(encoding="utf-8")
    assert main([*config, "docs", "--check", "--out", str(out)]) == 0
    out.write_text("stale", encoding="utf-8")
    assert main([*config, "docs", "--check", "--out", str(out)]) == 1
    assert "run `pressroom docs`" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "stale"  # --check writes nothing


# the generator and the checker bite (on a small model of their own) ---------------------------

@pytest.fixture
def sample() -> Contract:
    return read_model(sample_model)


def test_a_field_without_docstring_is_an_error(sample: Contract) -> None:
    @dataclasses.dataclass(frozen=True)
    class Bare(sample_model.BasePage):
        """A page with an undocumented field."""

        secret: str = ""

    broken = dataclasses.replace(sample, templates={**sample.templates, "bare.html": Bare})
    problems = undocumented(broken)
    assert [p.message for p in problems] == ["Bare.secret has no docstring"]
    assert problems[0].path == __file__ and problems[0].line


def test_an_undocumented_field_fails_generate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(themecontract, "attribute_docs", lambda cls: {})
    with pytest.raises(PressroomError, match="has no docstring"):
        themedocs.generate("tests.themedocs.sample_model")


def test_docs_list_fields_properties_and_views(sample: Contract) -> None:
    text = render(sample)
    assert "| `page.release` | `ReleaseView` | The release, with its content. |" in text
    assert "| `translation` | `ReleaseView \\| None` | The first of `translations`, or None. |" in text
    assert "| `tags` | `tuple[TermView, ...]` |" in text
    assert "_digest" not in text  # private fields are not the theme's business
    assert [klass.__name__ for klass in sample.views] == ["ReleaseView", "TermView"]
    assert sample.base is sample_model.BasePage
    assert [v.name for v in variables(sample_model.ReleasePage)] == ["lang", "title", "release", "counts"]


def test_type_text_reads_like_the_source() -> None:
    assert type_text(dict[str, tuple[int, ...]]) == "dict[str, tuple[int, ...]]"
    assert type_text(int | None) == "int | None"


SAMPLE_TEMPLATES = {
    "macros.html": ('{% from "rows.html" import row %}'
                    "{% macro item(r) %}{{ r.title }}{{ r.colour }}{% endmacro %}"
                    "{% macro items(rs) %}{% for r in rs %}{{ row(r) }}{% endfor %}{% endmacro %}"),
    "rows.html": "{% macro row(r) %}{{ r.title }}\n{{ r.bogus }}{% endmacro %}",
    "release.html": (
        '{% from "macros.html" import item, items %}{{ page.release.title }}{{ page.nothing }}\n'
        "{% for tag in page.release.tags %}{{ tag.label }}{{ tag.colour }}{% endfor %}\n"
        "{% if page.release.translation is not none %}{{ page.release.translation.titel }}{% endif %}\n"
        "{{ item(page.release) }}{{ stranger }}{% set r = page.release %}{{ r.tags[0].id }}\n"
        "{{ page.title|upper|shout }}{% block b %}{{ items(page.release.translations) }}{% endblock %}"),
}


def test_the_checker_finds_undocumented_names_and_attributes(sample: Contract) -> None:
    checker = Checker(jinja2.Environment(loader=jinja2.DictLoader(SAMPLE_TEMPLATES)), sample)
    assert [str(m) for m in checker.check("release.html")] == [
        "macros.html:1: ReleaseView.colour is not documented",  # through the macro's argument
        "release.html:1: ReleasePage.nothing is not documented",
        "release.html:2: TermView.colour is not documented",  # through the loop variable
        "release.html:3: ReleaseView.titel is not documented",  # through an optional
        "release.html:4: 'stranger' is not a documented template name",
        "release.html:5: the filter 'shout' is not documented",
        "rows.html:2: ReleaseView.bogus is not documented",  # a macro's loop calling an imported macro
    ]
