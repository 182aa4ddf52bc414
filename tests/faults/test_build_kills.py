"""`pressroom build` killed (SIGKILL, by the fault hook of generator/faults.py) at each of its
dangerous moments, and other ways a site and its search index fall out of step.

Invariants: the killed build leaves site/ byte for byte as the last good build left it (or, when
killed after its swap, exactly the new build); the next build leaves site/ equal to a clean
build of the same content (`--no-cache` into another folder), search index included; no staging
folder survives either.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from generator.site import swap
from tests.faults.buildfaults import (
    clean_tree,
    dead_pid,
    differences,
    edit_release,
    make_project,
    run_build,
    strays,
    tree,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


def _pagefind_running(stage_part: str) -> bool:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"pagefind" in command and stage_part.encode() in command:
            return True
    return False


def test_clean_builds_agree(project: Path, tmp_path: Path) -> None:
    """The comparisons below rest on this: the same content gives the same site and index."""
    first = clean_tree(project, tmp_path / "clean-1")
    assert any(path.startswith("pagefind/fragment/") for path in first), "the index is compared too"
    assert first == clean_tree(project, tmp_path / "clean-2")
    assert tree(project / "site") == first


@pytest.mark.parametrize("point", ["build.staged:1", "build.pagefind:1", "build.swapped:1"])
def test_killed_build_leaves_a_whole_site(project: Path, tmp_path: Path, point: str) -> None:
    site = project / "site"
    before = tree(site)
    edit_release(project, 3)
    killed = run_build(project, kill=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_kill = tree(site)
    expected = clean_tree(project, tmp_path / "clean")
    if point == "build.swapped:1":  # killed after the swap: the new site is whole
        assert after_kill == expected, differences(expected, after_kill)
    else:
        assert after_kill == before, differences(before, after_kill)
    deadline = time.monotonic() + 60
    ours = f"{project}/.site.building-"  # this project's: other sessions' tests may run Pagefind too
    while _pagefind_running(ours) and time.monotonic() < deadline:
        time.sleep(0.1)  # Pagefind dies with its parent (PR_SET_PDEATHSIG); the kernel may take a moment
    assert not _pagefind_running(ours), "Pagefind outlived the killed build"
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert tree(site) == expected, differences(expected, tree(site))
    assert strays(site) == []


def test_build_without_search_then_with_it(project: Path, tmp_path: Path) -> None:
    """A site built with --no-search keeps an index of its older pages; the next build with
    search notices and makes it again, though no page changes then."""
    edit_release(project, 5)
    assert run_build(project, "--no-search").returncode == 0
    expected = clean_tree(project, tmp_path / "clean")
    assert tree(project / "site") != expected  # the index is stale
    assert run_build(project).returncode == 0
    assert tree(project / "site") == expected, differences(expected, tree(project / "site"))


def test_index_left_stale_by_an_older_version(project: Path, tmp_path: Path) -> None:
    """An older Pressroom killed during Pagefind left new pages beside the old index, and kept
    no record of what its index was for: the next build makes it again."""
    site = project / "site"
    old_index = tmp_path / "old-index"
    shutil.copytree(site / "pagefind", old_index)
    edit_release(project, 7)
    assert run_build(project).returncode == 0
    shutil.rmtree(site / "pagefind")
    shutil.copytree(old_index, site / "pagefind")
    for stamp in (project / ".pressroom-cache").glob("search-*.json"):
        stamp.unlink()
    assert run_build(project).returncode == 0
    expected = clean_tree(project, tmp_path / "clean")
    assert tree(site) == expected, differences(expected, tree(site))


@pytest.mark.parametrize("damage", ["empty entry", "corrupt entry", "lost fragment", "no index"])
def test_damaged_index_is_made_again(project: Path, tmp_path: Path, damage: str) -> None:
    site = project / "site"
    expected = tree(site)
    entry = site / "pagefind" / "pagefind-entry.json"
    if damage == "empty entry":
        entry.write_bytes(b"")
    elif damage == "corrupt entry":
        entry.write_bytes(b"\xff{not json")
    elif damage == "lost fragment":
        next((site / "pagefind" / "fragment").iterdir()).unlink()
    else:
        shutil.rmtree(site / "pagefind")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert tree(site) == expected, differences(expected, tree(site))


def test_pagefind_writing_an_empty_entry_file(project: Path, tmp_path: Path) -> None:
    """Pagefind itself leaving an empty entry file (as on a full disk) fails the build with one
    line; the site stays as it was."""
    from generator.site.search import pagefind_binary

    wrapper = tmp_path / "pagefind-then-empty-entry"
    wrapper.write_text(f'#!/bin/sh\n"{pagefind_binary()}" "$@" || exit $?\n'
                       'while [ "$1" != "--output-path" ]; do shift; done\n: > "$2/pagefind-entry.json"\n',
                       encoding="utf-8")
    wrapper.chmod(0o755)
    site = project / "site"
    before = tree(site)
    edit_release(project, 9)
    result = run_build(project, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]),
                                     "PAGEFIND_BINARY_PATH": str(wrapper)})
    assert result.returncode == 1
    assert result.stderr.strip().endswith("the site was left as it was"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "pagefind-entry.json" in result.stderr
    assert tree(site) == before and strays(site) == []


def test_leftovers_of_killed_builds_are_swept(project: Path) -> None:
    site = project / "site"
    before = tree(site)
    gone = dead_pid()
    ours = [f".site.building-{gone}", f".site.pagefind-{gone}", f".site.pagefind-old-{gone}"]
    others = [".site.building-notes", f".site.build-{gone}", f".sites.building-{gone}", "site.building-1"]
    for name in ours + others:
        (project / name / "en").mkdir(parents=True)
    (project / f".site.building-{os.getpid()}").mkdir()  # a running process's: not touched
    assert run_build(project).returncode == 0
    assert not [name for name in ours if (project / name).exists()]
    assert all((project / name / "en").is_dir() for name in others)
    assert (project / f".site.building-{os.getpid()}").is_dir()
    assert tree(site) == before


def test_swap_killed_between_its_two_renames(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot exchange two folders, two renames do; killed between them, the
    old site waits under its backup name, and the next build puts it back before anything else."""
    site = project / "site"
    before = tree(site)
    site.rename(project / f".site.old-{dead_pid()}")
    assert run_build(project).returncode == 0
    assert tree(site) == before and strays(site) == []
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    new = project / "new-site"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    swap.replace_folder(new, site, swap.staging(site, "old"))
    assert tree(site) == {"index.html": tree(site)["index.html"]} and not new.exists()
    assert strays(site) == []
