"""A YAML mistake is reported at the line an editor shows it on (stop 37).

PyYAML's problem mark is where its parser stopped, which is not always the line to fix: a key
without its ':' is noticed at the next token (the next line), a quote or bracket left open where
the parser next stumbles (several lines below, or past the end of the file). And YAML 1.1 counts
U+2028, U+2029 and NEL as line breaks, which an editor shows inside a line. Every YAML file
Pressroom reads with line numbers goes through the same helper (generator.errors.yaml_reason):
a theme's string tables, release front matter, content/vocabulary.yaml, content/redirects.yaml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.frontmatter import parse_release, parse_release_with_yaml
from generator.content.redirectfile import read_redirects
from generator.content.vocabulary import parse_vocabulary
from generator.errors import ContentError, PressroomError
from generator.site.i18n import read_table

REPO = Path(__file__).resolve().parents[2]
TABLE = "\n".join(f"key_{n}: Text {n}" for n in range(1, 13)) + "\n"  # key_N on line N


def _table_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PressroomError) as raised:
        read_table(path)
    return str(raised.value).removeprefix(f"{path}:")


def _broken(line: int, new: str, text: str = TABLE) -> str:
    """`text` with its line `line` (1-based) replaced by `new`."""
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


@pytest.mark.parametrize(("new", "message"), [
    ("key_6 Text 6", "could not find expected ':'"),  # was line 7: noticed at the next key
    ("key_6: [Text 6", "the [ opened here is still open on line 7"),  # was line 7
    ("key_6: {Text 6", "the { opened here is still open on line 7"),  # was line 7
    ('key_6: "Text 6', "the quote opened here closes only on line 9"),  # was line 9
    ("key_6: Text: 6", "mapping values are not allowed"),  # right before too
])
def test_a_string_table_mistake_is_named_at_its_own_line(tmp_path: Path, new: str, message: str) -> None:
    text = _broken(6, new)
    if '"' in new:
        text = _broken(9, 'key_9: "Text 9"', text)  # the next quote, where the open one closes
    reported = _table_error(tmp_path, text)
    assert reported.startswith("6: bad YAML: "), reported
    assert message in reported


@pytest.mark.parametrize("new", ['key_12: "Text 12', "key_12: [Text 12", "key_12 Text 12"])
def test_a_mistake_on_the_last_line_is_named_there_not_past_the_end(tmp_path: Path, new: str) -> None:
    # the parser stops at the end of the text: line 13, which an editor does not show
    assert _table_error(tmp_path, _broken(12, new)).startswith("12: bad YAML: ")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_yaml_line_breaks_an_editor_shows_inside_a_line_are_not_counted(tmp_path: Path,
                                                                        separator: str) -> None:
    text = _broken(2, f'key_2: "Text{separator}two"')
    assert _table_error(tmp_path, _broken(6, "key_6: Text: 6", text)).startswith("6: bad YAML: ")
    assert _table_error(tmp_path, _broken(6, "key_6: 42", text)).startswith("6: string 'key_6' is not text")
    twice = _table_error(tmp_path, _broken(6, "key_1: again", text))
    assert twice.startswith("6: string 'key_1' is given twice")


def test_a_byte_order_mark_does_not_move_the_line(tmp_path: Path) -> None:
    text = "\ufeff" + _broken(6, "key_6 Text 6")
    assert _table_error(tmp_path, text).startswith("6: bad YAML: could not find expected ':'")


FRONT = ("---\ntitle: T\ndate: 2024-04-20\nlang: en\ncategory: trade\ntags: [exports]\nslug: s\n"
         "translation_key: k\nsummary: S\n---\n\nBody.\n")  # tags: on line 6


@pytest.mark.parametrize("parse", [parse_release, parse_release_with_yaml])
@pytest.mark.parametrize(("old", "new", "line"), [
    ("tags: [exports]", "tags: [exports", 6),  # was 7
    ("category: trade", "category trade", 5),  # was 6
    ("category: trade", 'category: "trade', 5),  # was 9: the end of the front matter
    ("title: T", 'title: "T\u2028x"\nlang: a: b', 3),  # was 4
])
def test_front_matter_mistakes_at_their_own_line(parse, old: str, new: str, line: int) -> None:  # noqa: ANN001
    with pytest.raises(ContentError) as raised:
        parse(FRONT.replace(old, new, 1), "en/x.md")
    assert str(raised.value).startswith(f"en/x.md:{line}: bad YAML front matter: "), str(raised.value)


def test_a_vocabulary_key_without_its_colon_is_named_at_its_line() -> None:
    text = (REPO / "content/vocabulary.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    number = lines.index("    en: Industry") + 1
    lines[number - 1] = "    en Industry"
    with pytest.raises(ContentError) as raised:
        parse_vocabulary("\n".join(lines), "content/vocabulary.yaml")
    assert str(raised.value).startswith(f"content/vocabulary.yaml:{number}: bad YAML: "), str(raised.value)


def test_a_redirects_key_after_a_line_separator_is_named_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "redirects.yaml").write_text('en/a/: "k\u2028ey"\nen/b/:\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_redirects(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'redirects.yaml'}:2: "), str(raised.value)


def test_build_names_a_broken_string_table_line_from_the_project(scratch_project: Path) -> None:
    """The reproduction: a key's ':' dropped in the middle of the default theme's en.yaml."""
    table = scratch_project / "themes/default/strings/en.yaml"
    lines = table.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("nav_tags:"))
    lines[number - 1] = lines[number - 1].replace("nav_tags:", "nav_tags", 1)
    table.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--quiet", "build", "--no-search"],
                            cwd=scratch_project, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"themes/default/strings/en.yaml:{number}: bad YAML: "
                             "could not find expected ':'\n")
