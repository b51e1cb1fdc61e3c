"""The one place that knows how a VIP Keeper database file is opened.

``open_db(path)`` returns a sqlite-utils ``Database`` with:

* WAL journal and ``synchronous=NORMAL`` (a sale commits in ~0.02 ms instead of ~0.9 ms,
  and a crash loses at most the last transaction, never corrupts the file);
* foreign keys enforced;
* a 64 MiB page cache and a memory map of the whole file for reading (see ``connect``);
* a busy timeout, so a second connection (a worker thread, a CLI run) waits instead of
  failing with "database is locked";
* every pending migration applied, each in its own transaction.

The connection uses ``isolation_level=None``: nothing opens a transaction implicitly.
Every write in ``app/`` runs inside ``with db.atomic():`` — one user action, one
transaction — so a failure never leaves half a record behind.

``atomic()`` here (class :class:`Database`) differs from sqlite-utils' in two ways:

* the outermost transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock at
  once, waiting up to the busy timeout for another writer (an import in another process,
  a worker thread). sqlite-utils' plain ``BEGIN`` is deferred: an action that reads and
  then writes would fail at once with ``SQLITE_BUSY_SNAPSHOT`` ("database is locked",
  the busy timeout never applies) whenever another connection committed in between;
* SQLite's "disk full" (``SQLITE_FULL``, also ``PRAGMA max_page_count`` reached) becomes
  :class:`StorageFull` and a busy timeout that ran out :class:`DatabaseBusy`, both
  :class:`DatabaseError` with a sentence a person can act on. SQLite may already have
  rolled the transaction back on such errors, so the rollback checks
  ``conn.in_transaction`` first (a second ROLLBACK would raise and hide the cause).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 64 * 1024
# The whole file of any store we expect (a 100k-member store with the points programme
# is ~1.5 GB; SQLite caps the map at its compile-time limit, 2 GB in the usual builds).
# Pages past the map are read with a system call and copied into the page cache: with a
# 256 MiB map, 16% of the call list's time went to the kernel and its median was 10-18%
# slower (A/B in one process on the 100k store). Mapping is address space, not memory:
# the OS's file cache holds the pages either way.
MMAP_BYTES = 2 * 1024 * 1024 * 1024


class DatabaseError(Exception):
    """A database file that cannot be opened or upgraded; the message says why."""


class StorageFull(DatabaseError, sqlite3.OperationalError):
    """The disk (or the database's size limit) is full; nothing of the action was saved.

    Also a ``sqlite3.OperationalError``, so code that already catches SQLite's errors
    (e.g. "a read-only or busy file: carry on without storing") still does."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "the disk is full (or the database reached its size limit): nothing was "
            "saved. Free some disk space and try again." + (f" ({detail})" if detail else "")
        )


class DatabaseBusy(DatabaseError, sqlite3.OperationalError):
    """Another program kept the database busy for longer than the busy timeout (also a
    ``sqlite3.OperationalError``, as above)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            f"the database was busy with another program for more than "
            f"{BUSY_TIMEOUT_MS // 1000} seconds: nothing was saved. Try again in a moment."
            + (f" ({detail})" if detail else "")
        )


SQLITE_BUSY = 5
SQLITE_FULL = 13


def readable_error(exc: BaseException) -> BaseException:
    """``exc`` as an app error when it is SQLite's disk-full or busy error, else itself."""
    if isinstance(exc, sqlite3.Error) and not isinstance(exc, DatabaseError):  # not yet mapped
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code == SQLITE_FULL:
            return StorageFull(str(exc))
        if code == SQLITE_BUSY:
            return DatabaseBusy(str(exc))
    return exc


class Database(sqlite_utils.Database):
    """sqlite-utils' Database with immediate write transactions and readable errors
    (see the module docstring). Opened with ``execute_plugins=False``: the app uses no
    sqlite-utils plugin, and looking for them (every installed package's entry points,
    through importlib.metadata) cost each process ~30 ms at its first connection, a
    tenth of `analyze`'s interpreter start and imports."""

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"vk_{secrets.token_hex(8)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException as exc:
                # The error may have ended the whole transaction (disk full, a
                # RAISE(ROLLBACK) trigger): then there is no savepoint to go back to.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                mapped = readable_error(exc)
                if mapped is exc:
                    raise
                raise mapped from exc
            else:
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            mapped = readable_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        try:
            yield self
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:  # SQLite may have rolled back already
                conn.execute("ROLLBACK")
            mapped = readable_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc


def _sqlite_connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode (``isolation_level=None``) usable from any
    thread, waiting up to the busy timeout for another writer."""
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def connect(path: str | Path) -> Database:
    """Open ``path`` with the project's pragmas, without applying migrations."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _sqlite_connect(path)
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # A 100k-member store is ~0.5–1.5 GB; SQLite's default 2 MB page cache makes every
        # big read go back to the OS. 64 MiB of cache (for writes and the WAL's pages) and
        # reading through a memory map of the whole file (MMAP_BYTES) take ~25% off the
        # call list on the benchmark store. (With mmap a
        # failing disk surfaces as a crash rather than an I/O error; for a file on the
        # PC's own disk that trade is worth it, and this is the one place to undo it.)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a VIP Keeper database ({exc})") from exc
    return Database(conn, execute_plugins=False)


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises ``DatabaseError`` with the file name and the reason when the file is not a
    SQLite database or a migration fails; a failed migration leaves the file as it was.
    """
    from app import migrations

    db = connect(path)
    if migrate:
        try:
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise DatabaseError(f"{path}: cannot upgrade the database ({exc})") from exc
    return db


def schema_version(db: sqlite_utils.Database) -> str | None:
    """The name of the newest applied migration, or None for an empty file."""
    from app import migrations

    applied = migrations.MIGRATIONS.applied(db)
    return applied[-1].name if applied else None


def integrity_check(db: sqlite_utils.Database, *, quick: bool = False) -> str:
    """``"ok"`` or SQLite's first complaint about the file."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = db.execute(f"PRAGMA {pragma}").fetchall()
    return "; ".join(str(r[0]) for r in rows[:5])


def user_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables that hold the store's data: no SQLite internals, migration records or
    full-text-search tables (those are derived from ``members``)."""
    fts = db.table_names(fts5=True) + db.table_names(fts4=True)
    return sorted(
        n
        for n in db.table_names()
        if not n.startswith(("sqlite_", "_"))
        and not any(n == f or n.startswith(f + "_") for f in fts)
    )


def reader(path: str | Path) -> Database:
    """A read-only connection to an existing store for a helper thread that reads beside
    another connection (:func:`fetch_split`, ``app.analytics.rows``): the memory map of
    ``connect`` but SQLite's default page cache. A fresh connection with ``connect``'s
    64 MiB cache allocates each page it reads, and SQLite serialises allocations behind
    one process-wide mutex: two such connections reading at once took as long as one
    after the other (the call list's two halves on the 100k store: 615-660 ms at once,
    650-720 ms in a row; with the default cache, 340-390 ms at once)."""
    conn = _sqlite_connect(path)
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    # read only by pragma: opened with ``mode=ro`` SQLite keeps the WAL index in heap
    # memory and the same read took 20-40% longer
    conn.execute("PRAGMA query_only = ON")
    return Database(conn, execute_plugins=False)


def file_of(db: sqlite_utils.Database) -> str | None:
    """The main database file, or None for an in-memory or temporary database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def idle_cores() -> int:
    """Cores not busy right now (at least 1): all of them where the system gives no load
    average (Windows), else the cores minus the 1-minute load average, rounded. On a
    busy machine a second reader only adds a cold page cache and thread switching."""
    cores = os.cpu_count() or 1
    try:
        idle = cores - os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        idle = float(cores)
    return max(1, min(cores, int(idle + 0.5)))


# The newest row of the tables every action writes (each mutation is audited): two read
# transactions that see the same values see the same committed state.
_SNAPSHOT_TOKEN = (
    "SELECT (SELECT MAX(rowid) FROM audit_log), (SELECT MAX(rowid) FROM contacts), "
    "(SELECT MAX(rowid) FROM purchases), (SELECT MAX(rowid) FROM points_ledger)"
)


def fetch_split(
    db: sqlite_utils.Database,
    first: str,
    second: str,
    params: Mapping[str, Any] | Sequence[Any] = (),
    *,
    on_first: Callable[[list[Any]], None] | None = None,
    second_packed: str | None = None,
) -> tuple[list[Any], list[Any]]:
    """The rows of two read-only statements, as one snapshot of the store would give
    them. With a database file, no transaction open on ``db`` and a second core,
    ``second`` runs on a connection of its own in a helper thread while ``first`` runs
    here: SQLite releases the GIL while it steps, so two halves of a big read overlap
    (the call list's statements on the 100k store, in the same runs: 650-700 ms one
    after the other, 440-500 ms at once). A statement of many cheap rows gains nothing:
    the two threads then hand the GIL back and forth row by row.
    It does not look at the load average (``idle_cores``): this process's own last
    minute of work raises it, and the worst case on a busy machine (a second reader
    ~20% slower than one) costs a read of a few hundred ms little.

    Both connections read inside a read transaction; when another program committed
    between the two starts (the snapshot token differs) or the helper failed, ``second``
    runs again here, inside this side's transaction, so the rows always come from one
    state of the store. The helper thread runs SQLite only (it imports nothing, see the
    deadlock rule in ui/tasks.py).

    ``on_first(rows)``, if given, gets the first statement's rows on the calling thread
    as soon as they are read, while the helper may still be reading.

    ``second_packed``, if given, is ``second`` as one row of one JSON text, the array of
    its rows (:func:`packed_rows`): the helper runs it instead, so it needs the GIL once
    instead of once per row, and the two threads stop handing it back and forth (the
    call list on the 100k store, 17k rows on each side: the two halves' median 419 ->
    372 ms in A/B runs). Its rows come back as lists of JSON values, so only for
    statements of numbers, text and NULL."""
    conn = db.conn
    path = file_of(db)
    if path is None or conn.in_transaction or (os.cpu_count() or 1) < 2:
        rows = conn.execute(first, params).fetchall()
        if on_first is not None:
            on_first(rows)
        return rows, conn.execute(second, params).fetchall()
    side: dict[str, Any] = {}

    def helper() -> None:
        try:
            other = reader(path)
        except Exception as exc:  # the statement runs on this side instead
            side["error"] = exc
            return
        try:
            other.conn.execute("BEGIN")
            side["token"] = other.conn.execute(_SNAPSHOT_TOKEN).fetchone()
            if second_packed is None:
                side["rows"] = other.conn.execute(second, params).fetchall()
            else:
                side["packed"] = other.conn.execute(second_packed, params).fetchone()[0]
        except Exception as exc:  # the statement runs on this side instead
            side["error"] = exc
        finally:
            if other.conn.in_transaction:
                other.conn.execute("COMMIT")
            other.close()

    conn.execute("BEGIN")
    try:
        token = conn.execute(_SNAPSHOT_TOKEN).fetchone()
        thread = threading.Thread(target=helper, name="read-alongside", daemon=True)
        thread.start()
        try:
            rows = conn.execute(first, params).fetchall()
            if on_first is not None:
                on_first(rows)
        finally:
            thread.join()
        if "error" in side or side.get("token") != token:
            other_rows = conn.execute(second, params).fetchall()
        elif "packed" in side:
            other_rows = json.loads(side["packed"])
        else:
            other_rows = side["rows"]
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
    return rows, other_rows


def packed_rows(with_head: str, body: str, columns: Sequence[str]) -> str:
    """``WITH … body`` as one row of one JSON text, the array of its rows (each an array
    of ``columns``, the names given to ``body``'s columns): ``with_head`` is the
    statement's ``WITH`` clause (empty for none) and ``body`` its SELECT, which may be a
    compound. See ``fetch_split``'s ``second_packed``."""
    cols = ", ".join(columns)
    head = with_head.rstrip()
    head = f"{head},\n" if head else "WITH "
    return (
        f"{head}packed_({cols}) AS ({body})\n"
        f"SELECT json_group_array(json_array({cols})) FROM packed_"
    )
