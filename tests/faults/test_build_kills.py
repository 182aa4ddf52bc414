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
from pathlib import Path

import pytest

from generator.site import swap
from generator.site.search import BUNDLE
from generator.site.searchcache import SHARDS
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


def test_clean_builds_agree(project: Path, tmp_path: Path) -> None:
    """The comparisons below rest on this: the same content gives the same site and index."""
    first = clean_tree(project, tmp_path / "clean-1")
    assert any(path.startswith("search-index/ko/terms/") for path in first), "the index is compared too"
    assert first == clean_tree(project, tmp_path / "clean-2")
    assert tree(project / "site") == first


@pytest.mark.parametrize("point", ["build.staged:1", "build.search:1", "build.swapped:1"])
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
    """An older Pressroom killed while indexing left new pages beside the old index, and kept
    no record of what its index was for: the next build makes it again."""
    site = project / "site"
    old_index = tmp_path / "old-index"
    shutil.copytree(site / BUNDLE, old_index)
    edit_release(project, 7)
    assert run_build(project).returncode == 0
    shutil.rmtree(site / BUNDLE)
    shutil.copytree(old_index, site / BUNDLE)
    for stamp in (project / ".pressroom-cache").glob("search-*.json"):
        stamp.unlink()
    assert run_build(project).returncode == 0
    expected = clean_tree(project, tmp_path / "clean")
    assert tree(site) == expected, differences(expected, tree(site))


@pytest.mark.parametrize("damage", ["empty tables", "corrupt chunk", "lost chunk", "lost block", "no index"])
def test_damaged_index_is_made_again(project: Path, tmp_path: Path, damage: str) -> None:
    site = project / "site"
    expected = tree(site)
    index = site / BUNDLE
    chunk = sorted((index / "ko" / "terms").iterdir())[0]
    if damage == "empty tables":
        (index / "tables.json").write_bytes(b"")
    elif damage == "corrupt chunk":
        chunk.write_bytes(b"\xff{not json")
    elif damage == "lost chunk":
        chunk.unlink()
    elif damage == "lost block":
        (index / "en" / "docs" / "0.json").unlink()
    else:
        shutil.rmtree(index)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert tree(site) == expected, differences(expected, tree(site))


@pytest.mark.parametrize("damage", ["garbage", "empty", "other code", "damaged shards", "lost shard"])
def test_damaged_kept_terms_are_read_again(project: Path, tmp_path: Path, damage: str) -> None:
    """What each page gave the index, kept between builds (generator/site/searchcache.py), is
    damaged or was made by other code: the next build reads every page again, and the index
    equals a clean build's. "damaged shards": the index of the kept entries is whole but the
    weights files it names are garbage, found only when the edited page's weights are read."""
    import marshal

    kept = next((project / ".pressroom-cache").glob("search-pages-*"))
    pages = kept / "pages.marshal"
    shards = sorted(kept.glob("weights-*.marshal"))
    assert shards, "no weights files kept"
    if damage == "garbage":
        pages.write_bytes(b"\x00\xffnot marshal at all" * 10)
    elif damage == "empty":
        pages.write_bytes(b"")
    elif damage == "other code":
        data = marshal.loads(pages.read_bytes())
        data["signature"] = "another version"
        pages.write_bytes(marshal.dumps(data))
        for shard in shards:  # an older reader that found no terms: must not be trusted
            held = marshal.loads(shard.read_bytes())
            held["signature"] = "another version"
            held["pages"] = {path: {} for path in held["pages"]}
            shard.write_bytes(marshal.dumps(held))
    elif damage == "damaged shards":
        for shard in shards:
            shard.write_bytes(b"\x00\xffnot marshal at all")
    else:
        shards[0].unlink()
    (kept / "words.json").write_bytes(b"{broken")
    edit_release(project, 11)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    expected = clean_tree(project, tmp_path / "clean")
    assert tree(project / "site") == expected, differences(expected, tree(project / "site"))


def test_an_edit_rewrites_only_the_kept_terms_it_changed(project: Path) -> None:
    """Editing one release rewrites the shards of the pages whose bytes changed, not the
    archive's weights; every shard the new index names is there, and no other."""
    import marshal

    kept = next((project / ".pressroom-cache").glob("search-pages-*"))
    before = {path.name for path in kept.glob("weights-*.marshal")}
    edit_release(project, 11)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    after = {path.name for path in kept.glob("weights-*.marshal")}
    named = set(marshal.loads((kept / "pages.marshal").read_bytes())["shards"])
    assert after == named
    # the edited release and the few pages that show its title: a handful of the SHARDS files
    assert 0 < len(after - before) < SHARDS // 4, (len(before), len(after - before))


def test_leftovers_of_killed_builds_are_swept(project: Path) -> None:
    site = project / "site"
    before = tree(site)
    gone = dead_pid()
    ours = [f".site.building-{gone}", f".site.assembling-{gone}", f".site.search-index-{gone}",
            f".site.search-index-old-{gone}", f".site.pagefind-{gone}", f".site.pagefind-old-{gone}"]
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
