from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.build import build_site
from tests.golden.regenerate import REPO, fixture_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def own_theme(settings: Settings) -> Settings:
    """A copy of the default theme inside the project, free to break."""
    shutil.copytree(REPO / "themes" / "default", settings.root / "themes" / "default")
    return replace(settings, themes_dir="themes")


def test_site_template_overrides_the_theme(settings: Settings, tmp_path: Path) -> None:
    folder = settings.templates_path
    folder.mkdir()
    (folder / "release.html").write_text(
        '{% extends "base.html" %}{% block content %}<p class="mine">{{ page.release.title }}</p>'
        '{% endblock %}\n',
        encoding="utf-8")
    build_site(settings, tmp_path / "out")
    page = (tmp_path / "out/en/2024/04/ai-standards-plenary-seoul/index.html").read_text(encoding="utf-8")
    assert '<p class="mine">Experts from 40 countries' in page
    assert "<header class=\"site-header\">" in page  # base.html still comes from the theme


def test_template_syntax_error_names_template_file_and_line(settings: Settings, tmp_path: Path) -> None:
    settings.templates_path.mkdir()
    (settings.templates_path / "list.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out")
    assert str(caught.value).startswith(f"{settings.templates_path / 'list.html'}:2: template error")
    assert not any((tmp_path / "out").iterdir())


def test_an_unclosed_tag_is_named_at_the_line_it_was_opened(settings: Settings, tmp_path: Path) -> None:
    """Jinja notices an unclosed `{% if %}` only at the `endblock` below it; the message says
    where the `if` stands (`{% set x = 1 %}` closes itself, `{% set y %}` needs `endset`)."""
    settings.templates_path.mkdir()
    (settings.templates_path / "list.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% set x = 1 %}{% set y %}y{% endset %}\n'
        "{% if page.total %}\n<p>{{ page.total }}</p>\n{% for r in page.releases %}{% endfor %}\n"
        "{% endblock %}\n", encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out")
    message = str(caught.value)
    assert message.startswith(f"{settings.templates_path / 'list.html'}:7: template error"), message
    assert message.endswith("(the {% if %} opened at line 4 is not closed)"), message


def test_undefined_variable_names_template_and_line(settings: Settings, tmp_path: Path) -> None:
    settings.templates_path.mkdir()
    (settings.templates_path / "taxonomy.html").write_text("ok\n\n{{ no_such_thing.x }}\n", encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        build_site(settings, tmp_path / "out")
    message = str(caught.value)
    assert message.startswith(f"{settings.templates_path / 'taxonomy.html'}:3:"), message
    assert "no_such_thing" in message


def test_missing_ui_string_fails_naming_key_and_language(settings: Settings, tmp_path: Path) -> None:
    settings = own_theme(settings)
    for lang in ("ko", "en"):
        table = settings.theme_path / "strings" / f"{lang}.yaml"
        table.write_text("\n".join(line for line in table.read_text(encoding="utf-8").splitlines()
                                   if not line.startswith("older_release:")) + "\n", encoding="utf-8")
        with pytest.raises(PressroomError) as caught:
            build_site(settings, tmp_path / "out")
        message = str(caught.value)
        if lang == "ko":  # one table lacks it: the tables' own check names the file before any page
            assert message == (f"{table}: language 'ko' lacks 1 string(s) other languages have: "
                               f"'older_release' (in 'en', {table.with_name('en.yaml')}:59)")
    # every table lacks it: the template that asks for it fails, naming key and language
    assert "missing UI string 'older_release' for language 'en'" in message
    assert message.startswith(str(settings.theme_path / "templates" / "release.html") + ":")


def test_titles_are_escaped_in_pages_and_feeds(settings: Settings, tmp_path: Path) -> None:
    path = settings.content_path / "en/2024/03/export-results-february.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Exports rise', 'title: "<i>Exports</i> & rise'), encoding="utf-8")
    build_site(settings, tmp_path / "out")
    page = (tmp_path / "out/en/2024/03/export-results-february/index.html").read_text(encoding="utf-8")
    assert "&lt;i&gt;Exports&lt;/i&gt; &amp; rise" in page and "<i>Exports" not in page
    feed = (tmp_path / "out/en/category/trade/feed.xml").read_text(encoding="utf-8")
    # readers show an RSS title as HTML: escaped twice, it shows as the text it is
    assert "<title>&amp;lt;i&amp;gt;Exports&amp;lt;/i&amp;gt; &amp;amp; rise" in feed


def test_templates_receive_the_page_and_the_documented_globals_only(settings: Settings) -> None:
    import jinja2

    from generator.site.i18n import load_strings
    from generator.site.pages import TEMPLATE_GLOBALS
    from generator.site.render import Renderer

    strings = {lang: load_strings(settings.theme_path, lang) for lang in settings.languages}
    renderer = Renderer(settings, strings)
    plain = jinja2.Environment()
    for env in renderer.envs.values():
        given = set(env.globals) - set(plain.globals) | {"page", "root"}
        given |= set(env.filters) - set(plain.filters)
        assert given == set(TEMPLATE_GLOBALS)


def test_the_renderer_uses_no_private_names_of_jinja_or_markupsafe() -> None:
    import ast

    libraries = ("jinja2", "markupsafe")
    for module in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            parts = (node.module or "").split(".") if isinstance(node, ast.ImportFrom) else []
            if parts and parts[0] in libraries:
                assert not any(alias.name.startswith("_") for alias in node.names), module
                assert not any(part.startswith("_") for part in parts), module
            private = isinstance(node, ast.Attribute) and node.attr[:1] == "_" and node.attr[:2] != "__"
            if private:
                base = node.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                assert not (isinstance(base, ast.Name) and base.id in libraries), module
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_from_"):
                raise AssertionError(f"{module}: overrides Jinja's private {node.name}")


def test_macros_imported_without_context_render_once_per_distinct_arguments() -> None:
    import jinja2

    from generator.site.render import MemoTemplate

    calls: list[str] = []
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "m.html": "{% macro item(x) %}{{ note(x) }}<{{ x }}>{% endmacro %}",
        "page.html": '{% from "m.html" import item %}{% for x in xs %}{{ item(x) }}{% endfor %}',
        "with.html": '{% from "m.html" import item with context %}{{ item(xs[0]) }}',
    }), autoescape=True)
    env.template_class = MemoTemplate
    env.globals["note"] = lambda x: calls.append(str(x)) or ""
    page = env.get_template("page.html")
    assert page.render(xs=["a", "b", "a"]) == "<a><b><a>"
    assert page.render(xs=["a", ["c"]]) == "<a><[&#39;c&#39;]>"  # a list is not kept, and still renders
    assert calls == ["a", "b", "['c']"]
    assert env.get_template("with.html").render(xs=["a"]) == "<a>" and calls[-1] == "a"  # context: fresh
