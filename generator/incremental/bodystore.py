"""The rendered bodies of the releases, by the hash of their source, in SQLite: written by the
processes that convert them and read by those that render pages, never all held in one process.

Held whole in the build's process until the last page had rendered, the bodies' HTML (about
1 GB at 100,000 releases per language, with the Markdown they came from) was also copied into
each forked renderer as it touched them (copy-on-write): most of a large build's peak memory.
Now each converter stores a body as it makes it, and a renderer reads a body when a page
shows it.

SQLite's rule is that a connection never crosses a fork, so each process opens its own: a
BodyStore is opened by the process that uses it, and StoredBodies opens one per process on
first use.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.errors import PressroomError

DB_NAME = "bodies.sqlite"
_CHUNK = 500  # keys per query (SQLite's limit on variables is 32,766; a smaller query stays quick)
_WAIT_SECONDS = 120.0  # how long a writer waits while another converter's batch is written


class BodyStore:
    """Rendered bodies by source hash. Opened per process; closed when its work ends. With
    `read=False` (`pressroom build --no-cache`) it finds none of an earlier build's bodies, and
    keeps what it is given."""

    def __init__(self, folder: Path, *, read: bool = True) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DB_NAME
        self.read = read
        try:
            self.db = self._open(self.path)
        except sqlite3.OperationalError as error:  # locked by another build, or unwritable: not damaged
            raise PressroomError(self.path, None, f"cannot open the cache of rendered bodies: {error}") \
                from None
        except sqlite3.DatabaseError:  # a damaged cache is rebuilt, never trusted
            self.path.unlink(missing_ok=True)
            self.db = self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=_WAIT_SECONDS)
        db.execute("CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, html TEXT NOT NULL)")
        return db

    def missing(self, keys: Iterable[str]) -> set[str]:
        """Of `keys`, those the store cannot give: all of them when it may not be read."""
        wanted = set(keys)
        if not self.read:
            return wanted
        ordered = sorted(wanted)
        try:
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                wanted.difference_update(key for key, in self.db.execute(
                    f"SELECT key FROM body WHERE key IN ({marks})", chunk))
        except sqlite3.OperationalError as error:
            raise PressroomError(self.path, None, f"cannot read the cache of rendered bodies: {error}") \
                from None
        return wanted

    def put_many(self, bodies: Iterable[tuple[str, str]]) -> None:
        """Store (key, HTML) pairs in one transaction; the disk filling up is said in one line."""
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?)", bodies)
        except sqlite3.OperationalError as error:  # the disk full, the file locked or gone
            raise PressroomError(self.path, None, f"cannot write the cache of rendered bodies: {error}") \
                from None

    def close(self) -> None:
        self.db.close()


class StoredBodies(Mapping[str, str]):
    """The store's bodies as pages read them (model.BodyShelf.html), one at a time, each process
    through a read-only connection of its own (a point query: about as quick as a dict's miss
    in the CPU cache, next to the page it goes into)."""

    def __init__(self, folder: Path) -> None:
        self.path = (folder / DB_NAME).absolute()
        # by process: a connection inherited through a fork is left alone, never used or closed
        self._connections: dict[int, sqlite3.Connection] = {}

    def _db(self) -> sqlite3.Connection:
        pid = os.getpid()
        db = self._connections.get(pid)
        if db is None:
            try:
                db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.OperationalError as error:
                raise self._unreadable(error) from None
            self._connections[pid] = db
        return db

    def _unreadable(self, error: BaseException) -> PressroomError:
        return PressroomError(self.path, None,
                              f"cannot read the cache of rendered bodies: {error}; build again")

    def __getitem__(self, key: str) -> str:
        try:
            row = self._db().execute("SELECT html FROM body WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError as error:
            raise self._unreadable(error) from None
        if row is None:  # stored before the pages rendered: only a cache removed meanwhile loses it
            raise self._unreadable(KeyError(f"no body {key}"))
        return str(row[0])

    def __iter__(self) -> Iterator[str]:
        return (key for key, in self._db().execute("SELECT key FROM body"))

    def __len__(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM body").fetchone()[0])

    def close(self) -> None:
        """Close this process's connection (the others' are theirs to close, or die with them)."""
        db = self._connections.pop(os.getpid(), None)
        if db is not None:
            db.close()
