"""The site before last, kept beside the output (generator/site/sparesite.py): a build after an
edit assembles the new site from it, and whatever it holds, the result is the current site with
the edit, byte for byte a cold build's, and the output folder is never written into."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.site import sparesite
from generator.site.build import build_site
from generator.site.swap import spare_path, staging, sweep
from tests.buildfixture import assert_same_tree, edit, snapshot
from tests.golden.regenerate import fixture_settings

RELEASE = "en/2024/02/smes-export-vouchers.md"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def _retitle(settings: Settings, words: str) -> None:
    file = settings.content_path / RELEASE
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("title: \"", f"title: \"{words} ", 1), encoding="utf-8")


def _with_spare(settings: Settings, site: Path) -> None:
    """A site built, edited and built again: the site before the edit is its spare."""
    build_site(settings, site)
    edit(settings)
    build_site(settings, site)


def _stat(path: Path) -> tuple[int, int]:
    status = os.stat(path, follow_symlinks=False)
    return status.st_ino, status.st_mtime_ns


def _cold(settings: Settings, tmp_path: Path) -> Path:
    cold = tmp_path / "cold"
    build_site(settings, cold, cache=False)
    return cold


def test_an_edit_after_an_edit_builds_from_the_spare(settings: Settings, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    assert not spare_path(site).exists()  # a fresh output folder replaced nothing
    edit(settings)
    build_site(settings, site)
    assert spare_path(site).is_dir()  # the site before the edit, kept
    claimed: list[Path] = []
    claim = sparesite.claim
    monkeypatch.setattr("generator.site.output.claim", lambda target: claimed.append(target) or claim(target))
    _retitle(settings, "Revised:")
    shown = snapshot(site)
    stats = {path: _stat(site / path) for path in shown}
    build_site(settings, site)
    assert claimed == [site]
    assert_same_tree(_cold(settings, tmp_path), site)
    # the spare is now the site as it was shown, every byte and every file untouched: staged
    # files replaced the entries they shared with it, never wrote into them
    assert snapshot(spare_path(site)) == shown
    assert {path: _stat(spare_path(site) / path) for path in shown} == stats
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == [".out.spare"]


def test_whatever_the_spare_holds_the_site_is_right(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    _with_spare(settings, site)
    (site / "CNAME").write_text("press.example.org\n", encoding="utf-8")  # a person's file, kept by builds
    spare = spare_path(site)
    page = next(p for p in spare.rglob("index.html") if "2024" in p.parts)
    page.unlink()
    page.write_text("not the page", encoding="utf-8")  # another file at a page's path
    (spare / "en" / "stray.html").write_text("left over", encoding="utf-8")
    (spare / "junk" / "deep").mkdir(parents=True)
    feed = next(spare.rglob("feed.xml"))
    feed.unlink()
    feed.mkdir()  # a folder where the site has a file
    (spare / "en" / "index.html").unlink()  # a file missing
    _retitle(settings, "Revised:")
    build_site(settings, site)
    cname = (site / "CNAME").read_bytes()
    (site / "CNAME").unlink()
    assert cname == b"press.example.org\n"
    assert_same_tree(_cold(settings, tmp_path), site)


def test_bringing_the_spare_in_line_links_every_file_of_the_site(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    _with_spare(settings, site)
    shown = snapshot(site)
    inodes = {path: os.stat(site / path).st_ino for path in shown}
    sparesite.sync(site, spare_path(site), set(), set())
    spare = spare_path(site)
    assert all(os.stat(spare / path).st_ino == inodes[path] for path in shown)
    assert snapshot(site) == shown


def test_a_killed_assembly_becomes_the_spare(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    dead = staging(site, "assembling").with_name(".out.assembling-999999999")  # no such process
    (dead / "en").mkdir(parents=True)
    sweep(site, "search-index")
    assert not dead.exists() and (spare_path(site) / "en").is_dir()
    _retitle(settings, "Revised:")
    build_site(settings, site)
    assert_same_tree(_cold(settings, tmp_path), site)


def test_a_fresh_output_folder_drops_the_spare(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    _with_spare(settings, site)
    assert spare_path(site).is_dir()
    for path in sorted(site.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    site.rmdir()
    build_site(settings, site)
    assert not spare_path(site).exists()
    assert_same_tree(_cold(settings, tmp_path), site)


def test_without_hard_links_the_site_is_copied(settings: Settings, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A filesystem that refuses hard links (EPERM) gets copies: slower, the same site."""
    site = tmp_path / "out"
    build_site(settings, site)
    (site / "feed-link").symlink_to("en/feed.xml")  # a person's link, kept as a link

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(sparesite.os, "link", refuse)
    for words in ("Revised:", "Again:"):  # from nothing, then from the spare
        _retitle(settings, words)
        build_site(settings, site)
        assert os.readlink(site / "feed-link") == "en/feed.xml"
        assert os.stat(site / "index.html").st_nlink == 1
    (site / "feed-link").unlink()
    assert_same_tree(_cold(settings, tmp_path), site)


def test_a_linked_folder_in_the_site_carries_no_write_outside(settings: Settings, tmp_path: Path) -> None:
    """A folder of the output replaced by a link leading elsewhere: the spare, brought in line,
    holds the link too, and moving a staged file through it is refused, outside left alone."""
    site = tmp_path / "out"
    _with_spare(settings, site)
    outside = tmp_path / "elsewhere"
    (site / "en/2024/02").rename(outside)
    (site / "en/2024/02").symlink_to(outside)
    before, shown = snapshot(outside), snapshot(site)
    _retitle(settings, "Revised:")
    with pytest.raises(PressroomError, match="an output path must stay inside the output folder"):
        build_site(settings, site)
    assert snapshot(outside) == before and snapshot(site) == shown


def test_the_spare_is_brought_in_line_by_a_child_while_the_build_renders(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child's work is used (nothing synced again at assembly), and the site is right,
    with the stale files gone and the search index made anew."""
    site = tmp_path / "out"
    _with_spare(settings, site)
    answers: list[bool] = []
    ready = sparesite.InLine.ready
    monkeypatch.setattr(sparesite.InLine, "ready", lambda self: answers.append(ready(self)) or answers[-1])
    synced_here: list[Path] = []
    sync = sparesite.sync
    monkeypatch.setattr("generator.site.output.sync",
                        lambda *args: synced_here.append(args[1]) or sync(*args))
    (settings.content_path / RELEASE).unlink()  # its pages become stale
    _retitle_other(settings)
    build_site(settings, site)
    assert answers == [True] and synced_here == []
    assert_same_tree(_cold(settings, tmp_path), site)


def test_a_child_that_fails_leaves_the_spare_to_the_build(settings: Settings, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "out"
    _with_spare(settings, site)

    def broken(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sparesite, "sync", broken)  # in the child only: the build's own sync is output.sync
    answers: list[bool] = []
    ready = sparesite.InLine.ready
    monkeypatch.setattr(sparesite.InLine, "ready", lambda self: answers.append(ready(self)) or answers[-1])
    _retitle(settings, "Revised:")
    build_site(settings, site)
    assert answers == [False]
    assert_same_tree(_cold(settings, tmp_path), site)


def test_a_build_that_fails_gives_the_spare_back(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    _with_spare(settings, site)
    shown = snapshot(site)
    file = settings.content_path / RELEASE
    file.write_text(file.read_text(encoding="utf-8").replace("title: \"", "title: [\"", 1), encoding="utf-8")
    with pytest.raises(PressroomError):
        build_site(settings, site)
    assert snapshot(site) == shown
    assert spare_path(site).is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == [".out.spare"]


def _retitle_other(settings: Settings) -> None:
    file = settings.content_path / "ko/2024/03/export-results-february.md"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("title: \"", "title: \"새 ", 1), encoding="utf-8")


def test_the_first_edit_after_a_cold_build_fills_a_new_folder_meanwhile(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no spare yet, the child fills an empty folder with links to the site while the build
    renders; the site is right and the site it replaced becomes the spare."""
    site = tmp_path / "out"
    build_site(settings, site)
    assert not spare_path(site).exists()
    answers: list[bool] = []
    ready = sparesite.InLine.ready
    monkeypatch.setattr(sparesite.InLine, "ready", lambda self: answers.append(ready(self)) or answers[-1])
    shown = snapshot(site)
    _retitle(settings, "Revised:")
    build_site(settings, site)
    assert answers == [True]
    assert_same_tree(_cold(settings, tmp_path), site)
    assert snapshot(spare_path(site)) == shown
