"""`pressroom deploy` publishes redirect pages: a build that records a move in
content/redirects.yaml leaves a build record of the file as it now is, so deploy accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.redirectfile import REDIRECTS_FILE
from tests.publish.test_deploy import ENGLISH, build, deploy, new_project, on_disk, published
from tests.publish.test_deploy import (
    quiet_git_config as quiet_git_config,  # autouse: the tester's git left out
)

OLD_PAGE = "en/2024/04/minister-ahn-visits-kai/index.html"


def test_a_moved_release_is_published_with_its_redirect(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = new_project(tmp_path / "press")
    build(project)
    assert deploy(project) == 0
    english = project / ENGLISH
    english.write_text(english.read_text(encoding="utf-8").replace("date: 2024-04-19", "date: 2024-05-02"),
                       encoding="utf-8")
    moved = project / "content/en/2024/05/minister-ahn-visits-kai.md"
    moved.parent.mkdir(parents=True)
    english.rename(moved)
    site = build(project)
    assert (project / "content" / REDIRECTS_FILE).is_file()  # to be committed with the move
    capsys.readouterr()
    assert deploy(project) == 0, capsys.readouterr().err
    branch = published(project.parent / "origin.git")
    assert branch == on_disk(site)
    assert b'url=../../../../en/2024/05/minister-ahn-visits-kai/"' in branch[OLD_PAGE]
    assert "en/2024/05/minister-ahn-visits-kai/index.html" in branch
