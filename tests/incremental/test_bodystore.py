"""The body cache as the build uses it: converters in several processes store bodies as they
make them, and renderers in several processes read them, each through its own connection
(generator/incremental/bodystore.py). Real SQLite, real forks."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator.errors import PressroomError
from generator.incremental import bodystore
from generator.incremental.bodystore import BodyStore, StoredBodies
from generator.site import parallel
from generator.site.build import build_site
from generator.workers import map_chunks, workers
from tests.buildfixture import assert_same_tree
from tests.golden.regenerate import fixture_settings

BODIES = {f"key{n:03}": f"<p>body {n}</p>\n" for n in range(120)}


def _stored(folder: Path) -> None:
    store = BodyStore(folder)
    store.put_many(sorted(BODIES.items()))
    store.close()


def test_each_process_reads_through_a_connection_of_its_own(tmp_path: Path) -> None:
    """The parent reads before and after forking; the forked workers read too. A connection
    carried across the fork would be shared by two processes (SQLite forbids it)."""
    _stored(tmp_path)
    shelf = StoredBodies(tmp_path)
    assert shelf["key000"] == BODIES["key000"]  # the parent's connection exists before the fork

    def read(_shared: None, keys: Sequence[str]) -> list[tuple[str, str, int]]:
        return [(key, shelf[key], id(shelf._db())) for key in keys]

    got = map_chunks(read, None, sorted(BODIES), parallel=True)
    assert {key: html for key, html, _ in got} == BODIES
    if workers() > 1:
        assert len(shelf._connections) == 1, "a worker's connection was left in the parent"
    assert shelf["key119"] == BODIES["key119"]
    assert len(shelf) == len(BODIES) and set(shelf) == set(BODIES)
    shelf.close()


def test_missing_is_what_the_store_cannot_give(tmp_path: Path) -> None:
    _stored(tmp_path)
    store = BodyStore(tmp_path)
    assert store.missing({"key001", "key002", "nope"}) == {"nope"}
    store.close()
    unread = BodyStore(tmp_path, read=False)  # `--no-cache`: an earlier build's bodies are not trusted
    assert unread.missing({"key001", "nope"}) == {"key001", "nope"}
    unread.close()


def test_a_body_gone_from_the_store_names_the_cache(tmp_path: Path) -> None:
    _stored(tmp_path)
    shelf = StoredBodies(tmp_path)
    with pytest.raises(PressroomError, match=r"bodies\.sqlite.*cannot read the cache of rendered bodies.*"
                                             r"build again"):
        shelf["gone"]
    shelf.close()


def test_a_store_that_cannot_be_written_is_said_in_one_line(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holds the database (here: a transaction left open): the writer waits,
    then says which file, never a traceback."""
    monkeypatch.setattr(bodystore, "_WAIT_SECONDS", 0.2)
    _stored(tmp_path)
    store = BodyStore(tmp_path)
    other = sqlite3.connect(tmp_path / bodystore.DB_NAME)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(PressroomError) as raised:
            store.put_many([("new", "<p>new</p>\n")])
        assert str(raised.value.problem.path).endswith("bodies.sqlite")
        assert "cannot write the cache of rendered bodies: database is locked" in str(raised.value)
        with pytest.raises(PressroomError, match="cannot open the cache of rendered bodies: database is lo"):
            BodyStore(tmp_path)  # locked is not damaged: the file is left for its holder
        with pytest.raises(PressroomError, match="cannot read the cache of rendered bodies: database is lo"):
            store.missing(["key001"])
    finally:
        store.close()
        other.rollback()
        other.close()
    assert BodyStore(tmp_path).missing(BODIES) == set()  # nothing was lost


def test_converters_on_every_core_store_the_same_site(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's bodies converted by forked workers writing to one store at once, and its
    pages rendered by forked workers reading it, give the site one process gives."""
    settings = fixture_settings(tmp_path / "site")
    build_site(settings, tmp_path / "one", cache=False)
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)  # every loop forks
    monkeypatch.setattr(parallel, "STORE_BATCH", 3)  # the converters' transactions take turns
    writers = tmp_path / "writers"
    put_many = BodyStore.put_many

    def noted(store: BodyStore, bodies: list[tuple[str, str]]) -> None:
        with writers.open("a", encoding="utf-8") as note:
            note.write(f"{os.getpid()}\n")
        put_many(store, bodies)

    monkeypatch.setattr(BodyStore, "put_many", noted)
    (settings.root / ".pressroom-cache" / bodystore.DB_NAME).unlink()  # every body the pages show is made now
    build_site(settings, tmp_path / "forked", cache=False)
    assert_same_tree(tmp_path / "one", tmp_path / "forked")
    if workers() > 1:
        assert len(set(writers.read_text(encoding="utf-8").split())) > 1, "one process stored every body"
