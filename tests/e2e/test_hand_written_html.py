"""A hand-written release (table, footnote, definition list, heading ids, `updated`, `contact`)
passes the Nu HTML Checker in both languages and both themes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.site.test_editorial_pages import set_theme, write_hand_written

from .support import require_java, validate_html

pytestmark = pytest.mark.e2e
PAGE = "2024/04/chip-exports-by-hand/index.html"


def test_hand_written_pages_pass_the_nu_html_checker(scratch_project: Path, tmp_path: Path) -> None:
    require_java()
    write_hand_written(scratch_project)
    for lang in ("en", "ko"):  # a definition list too
        path = scratch_project / "content" / lang / "2024/04/chip-exports-by-hand.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\nFTA\n: Free trade agreement\n", encoding="utf-8")
    pages = tmp_path / "pages"
    for theme in ("default", "minimal"):
        config = set_theme(scratch_project, theme)
        out = tmp_path / theme
        assert main(["--config", str(config), "build", "--no-search", "--out", str(out)]) == 0
        for lang in ("en", "ko"):
            html = (out / lang / PAGE).read_text(encoding="utf-8")
            assert "<dl>\n<dt>FTA</dt>" in html and "<table>" in html and 'id="fn:1"' in html
            target = pages / f"{theme}-{lang}.html"
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(out / lang / PAGE, target)
    status, output = validate_html(pages)
    assert status == 0, f"the Nu HTML Checker found errors:\n{output[-8000:]}"
