"""The one place that knows how a VIP Keeper database file is opened.

``open_db(path)`` returns a sqlite-utils ``Database`` with:

* WAL journal and ``synchronous=NORMAL`` (a sale commits in ~0.02 ms instead of ~0.9 ms,
  and a crash loses at most the last transaction, never corrupts the file);
* foreign keys enforced;
* a 64 MiB page cache and a 256 MiB memory map for reading (see ``connect``);
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
import secrets
import sqlite3
from collections.abc import Generator
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 64 * 1024
MMAP_BYTES = 256 * 1024 * 1024


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
    (see the module docstring)."""

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


def connect(path: str | Path) -> Database:
    """Open ``path`` with the project's pragmas, without applying migrations."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(
            str(path),
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # A 100k-member store is ~0.5–1 GB; SQLite's default 2 MB page cache makes every
        # big read go back to the OS. 64 MiB of cache and reading through a 256 MiB
        # memory map take ~15% off the call list on the benchmark store. (With mmap a
        # failing disk surfaces as a crash rather than an I/O error; for a file on the
        # PC's own disk that trade is worth it, and this is the one place to undo it.)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a VIP Keeper database ({exc})") from exc
    return Database(conn)


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
