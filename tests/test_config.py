from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.errors import ConfigError

VALID = """[project]
name = "x"

[tool.pressroom]
base_url = "https://user.github.io/repo"
page_size = 10

[tool.pressroom.title]
en = "Press"
ko = "보도"

[tool.pressroom.description]
en = "D"
ko = "설명"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_settings_are_typed_and_base_path_derived(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, VALID))
    assert settings.page_size == 10
    assert settings.base_url == "https://user.github.io/repo/"
    assert settings.base_path == "/repo/"
    assert settings.languages == ("en", "ko")
    assert settings.output_path == tmp_path / "site"


def test_misspelled_setting_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("page_size = 10", "page_sise = 10"))
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (f"{path}:6: unknown setting 'page_sise' in [tool.pressroom]; "
                                 "did you mean 'page_size'?")


def test_a_setting_nothing_is_close_to_gets_no_guess_and_drafts_is_no_setting(tmp_path: Path) -> None:
    for line, name in (("zzzzzz = 1", "zzzzzz"), ("drafts = true", "drafts")):
        with pytest.raises(ConfigError) as caught:
            load_settings(write(tmp_path, VALID.replace("page_size = 10", line)))
        assert str(caught.value).endswith(f"unknown setting {name!r} in [tool.pressroom]")


def test_allow_html_is_off_unless_set_to_a_boolean(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, VALID)).allow_html is False
    assert load_settings(write(tmp_path, VALID.replace("page_size = 10", "allow_html = true"))).allow_html
    with pytest.raises(ConfigError, match=r":6: allow_html must be true or false"):
        load_settings(write(tmp_path, VALID.replace("page_size = 10", 'allow_html = "yes"')))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('page_size = 0', "page_size must be a whole number"),
        ('timezone = "Mars/Olympus"', "unknown timezone"),
        ('languages = ["en", "xx"]', r":6: languages: 'xx' is not a language Babel \(CLDR\) knows"),
        ('languages = ["en", "en_US"]', r":6: languages: 'en_US' is not a language code \(a BCP 47 tag"),
        ('languages = []', "languages must be a non-empty list of language codes"),
        ('languages = ["en", "ko", "en"]', "languages names a language twice"),
    ],
)
def test_bad_values_are_errors(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, VALID.replace("page_size = 10", line))
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_any_language_cldr_knows_may_be_configured(tmp_path: Path) -> None:
    text = VALID.replace("page_size = 10", 'languages = ["ja", "pt-BR"]')
    text = text.replace('default_language = "en"\n', "")
    text = re.sub(r"(?m)^en = .*\n^ko = .*$", 'ja = "報道"\n"pt-BR" = "Imprensa"', text)
    settings = load_settings(write(tmp_path, text))
    assert settings.languages == ("ja", "pt-BR")
    assert settings.default_language == "ja"  # the first language when none is named


def test_base_url_must_be_http(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("https://user.github.io/repo", "ftp://x"))
    with pytest.raises(ConfigError, match=r":5: base_url must be an http\(s\) URL"):
        load_settings(path)


def test_a_language_without_a_title_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('ko = "보도"\n', ""))
    with pytest.raises(ConfigError, match="title has no text for language"):
        load_settings(path)


def test_base_url_override_for_a_project_site(repo_root: Path) -> None:
    settings = load_settings(repo_root / "pyproject.toml")
    assert settings.with_base_url("https://example.github.io/pressroom").base_path == "/pressroom/"
    assert settings.base_path == "/"
