"""A site template replaces one block of the theme's template without copying it:
`{% extends "theme/release.html" %}` reaches the theme's own file under the prefix `theme/`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.build import build_site
from tests.golden.regenerate import fixture_settings

BLOCK = "release_footer"  # the block the override replaces: the tags under a release
BEGIN, END = "<!--override-begin-->", "<!--override-end-->"
OURS = '<p class="house-footer">Our own footer</p>\n'


def override(block_body: str) -> str:
    return f'{{% extends "theme/release.html" %}}{{% block {BLOCK} %}}{block_body}{{% endblock %}}\n'


def build(settings: Settings, out: Path, release_template: str | None) -> dict[str, str]:
    templates = settings.templates_path
    if release_template is not None:
        templates.mkdir(exist_ok=True)
        (templates / "release.html").write_text(release_template, encoding="utf-8")
    build_site(settings, out, search=False)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in {".html", ".xml"}}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The theme alone; the override keeping the theme's block between markers (`super()`);
    the override replacing the block with its own footer."""
    made = {}
    for name, template in (("theme", None), ("marked", override(f"{BEGIN}{{{{ super() }}}}{END}")),
                           ("ours", override(f"{BEGIN}{OURS}{END}"))):
        work = tmp_path_factory.mktemp(name)
        made[name] = build(fixture_settings(work / "site"), work / "out", template)
    return made


def is_release_page(path: str) -> bool:
    return re.fullmatch(r"(en|ko)/\d{4}/\d{2}/[^/]+/index\.html", path) is not None


def test_only_release_pages_change(builds: dict[str, dict[str, str]]) -> None:
    theme, ours = builds["theme"], builds["ours"]
    assert sorted(theme) == sorted(ours)
    releases = [path for path in theme if is_release_page(path)]
    assert len(releases) >= 4
    assert any('class="release-footer"' in theme[path] for path in releases)  # the theme's tags footer
    for path in theme:
        if is_release_page(path):
            assert OURS in ours[path] and 'class="release-footer"' not in ours[path], path
        else:
            assert ours[path] == theme[path], f"{path} changed, but only release.html is overridden"


def test_output_is_the_themes_except_inside_the_block(builds: dict[str, dict[str, str]]) -> None:
    theme, marked, ours = builds["theme"], builds["marked"], builds["ours"]
    marker = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    for path in filter(is_release_page, theme):
        # the block marked in place: without the markers it is the theme's page byte for byte
        assert marked[path].count(BEGIN) == 1, path
        assert marked[path].replace(BEGIN, "").replace(END, "") == theme[path], path
        # replacing the block changes nothing outside it
        assert marker.sub("", ours[path]) == marker.sub("", marked[path]), path
        assert marker.search(ours[path]).group(0) == BEGIN + OURS + END  # type: ignore[union-attr]


def test_the_example_of_the_docs_builds(tmp_path: Path) -> None:
    """docs/themes.md's override example, as a site's templates/release.html, shows the tags its way."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "themes.md").read_text(encoding="utf-8")
    example = re.search(r"```jinja\n(.*?)```", docs, re.S).group(1)  # type: ignore[union-attr]
    source = "\n".join(line.removeprefix("  ") for line in example.splitlines())
    settings = fixture_settings(tmp_path / "site")
    built = build(settings, tmp_path / "out", source)
    tagged = [text for path, text in built.items() if is_release_page(path) and "/tag/" in text]
    assert tagged and all('<footer class="release-footer">' in text for text in tagged)


def test_an_edited_override_rebuilds_the_pages(tmp_path: Path) -> None:
    """The build fingerprint covers the site's templates/: an incremental build sees the edit."""
    settings = fixture_settings(tmp_path / "site")
    out = tmp_path / "out"
    first = build(settings, out, override("<p>first</p>"))
    second = build(settings, out, override("<p>second</p>"))
    releases = [path for path in first if is_release_page(path)]
    assert all("<p>first</p>" in first[path] for path in releases)
    assert all("<p>second</p>" in second[path] and "<p>first</p>" not in second[path] for path in releases)


def test_a_site_template_named_like_the_theme_cannot_extend_itself(tmp_path: Path) -> None:
    """`extends "release.html"` in the site's release.html finds itself; Jinja's recursion ends in
    an error naming the file, and the README points to `theme/release.html` instead."""
    settings = fixture_settings(tmp_path / "site")
    with pytest.raises(PressroomError) as error:
        build(settings, tmp_path / "out", '{% extends "release.html" %}')
    assert "templates/release.html:1:" in str(error.value)


def test_a_misspelt_attribute_names_the_contract_class_and_the_closest_name(tmp_path: Path) -> None:
    """Jinja names the Python class (`'generator.site.model.ReleaseView object'`); the theme
    author is told the class docs/themes.md documents and the attribute they meant."""
    settings = fixture_settings(tmp_path / "site")
    misspelt = override("{{ page.release.titel }}")
    with pytest.raises(PressroomError) as error:
        build(settings, tmp_path / "out", misspelt)
    assert "templates/release.html:1:" in str(error.value)
    assert str(error.value).endswith("ReleaseView has no attribute 'titel'; did you mean 'title'? "
                                     "(docs/themes.md lists its attributes)")


@pytest.mark.parametrize(("template", "expected"), [
    ("{{ page.release.extra.budget }}",
     "this release's `extra` has no key 'budget': a key not every release has is read as "
     "release.extra.get('budget') or tested with 'budget' in release.extra"),
    ("{{ 3|number('ja') }}", "number('ja'): not a language of the site (it has 'en', 'ko')"),
    ("{{ t('title_search', 3) }}", "a string's placeholders are given by name, e.g. "
                                   "t('release_count', count=3) (docs/themes.md, String tables)"),
])
def test_a_theme_authors_common_mistakes_say_what_to_write(tmp_path: Path, template: str,
                                                           expected: str) -> None:
    """Found by an outside audit that wrote a theme from the docs: these said only `'ja'`, a
    Python signature, or a class name the docs do not use."""
    settings = fixture_settings(tmp_path / "site")
    with pytest.raises(PressroomError) as error:
        build(settings, tmp_path / "out", override(template))
    assert "templates/release.html:1:" in str(error.value)
    assert str(error.value).endswith(expected)
