"""The helper processes that write purchases and their lines, and the points programme,
while this process writes the rest."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from app.demo.bulk import _INSERTS

# Tables a helper process may write (into a scratch file, copied in at the end).
_HELPER_TABLES = ("purchases", "purchase_items")
# The helper is worth its start-up (~1 s) from this many rows on (purchases and their
# lines: ~200k purchases).
HELPER_MIN_ROWS = 500_000
INDEX_CACHE_KIB = 4 * 1024  # the helper's page cache while it builds indexes


def _connect(path: str) -> Any:
    """A connection to the scratch file: through apsw where installed (its
    ``executemany`` binds rows with about half the CPU of the standard sqlite3 module's,
    and the SQLite it bundles builds indexes faster than the system's; measured
    1M ledger-like rows: insert 1.8-2.2 s -> 1.1-1.2 s, three indexes 3.9-4.1 -> 3.4-3.5 s),
    else through sqlite3. Both take ``execute``, ``executemany`` and explicit
    ``BEGIN``/``COMMIT`` alike, which is all :func:`_helper_main` uses."""
    try:
        import apsw
    except ImportError:
        import sqlite3

        return sqlite3.connect(path, isolation_level=None)
    flags = apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE | apsw.SQLITE_OPEN_NOMUTEX
    return apsw.Connection(path, flags=flags)


# A job's statement ``(NEXT_PART, tables, 0)``: what follows goes into the next part file
# with the store's definitions of ``tables`` (see :func:`_helper_main`).
NEXT_PART = "-- next part"
PARTS = 2  # at most, per helper


def _part_path(path: str, k: int) -> str:
    return path if k == 0 else f"{path}.{k}"


def _ready_path(path: str, k: int) -> str:
    return f"{path}.ready{k}"


def _helper_main(
    path: str, schema: list[tuple[str, str, str]], jobs: list[tuple[str, Any]]
) -> None:
    """The helper's work: write ``jobs`` into a fresh scratch file with the store's own
    table and index definitions (``schema``: type, sql, table), indexes built after the
    rows. A job may divide its statements into parts (``NEXT_PART``): each part is a
    file of its own (``_part_path``), written, indexed and closed, then marked ready
    (``_ready_path``) before the next is begun, so that the caller can copy it in
    meanwhile (:meth:`_Helper.wait_part`)."""
    statements = [st for table, payload in jobs for st in _job_inserts(table)(payload)]
    jobs.clear()  # (the payloads' memory goes with the statements, part by part)
    parts: list[list[tuple[str, Any, int]]] = [[]]
    tables: list[Sequence[str]] = [()]
    for st in statements:
        if st[0] == NEXT_PART:
            parts.append([])
            tables.append(st[1])
        else:
            parts[-1].append(st)
    del statements
    later = {t for ts in tables[1:] for t in ts}
    tables[0] = [t for type_, _sql, t in schema if type_ == "table" and t not in later]
    for k, part in enumerate(parts):
        parts[k] = []  # (each part's rows freed once written)
        _write_part(_part_path(path, k), [r for r in schema if r[2] in tables[k]], part)
        with open(_ready_path(path, k), "wb"):
            pass


def _write_part(
    path: str, schema: list[tuple[str, str, str]], statements: list[tuple[str, Any, int]]
) -> None:
    conn = _connect(path)
    pragmas = (
        "journal_mode = OFF",
        "synchronous = OFF",
        "ignore_check_constraints = ON",
    )
    for pragma in pragmas:
        conn.execute(f"PRAGMA {pragma}")  # a scratch file: nothing to protect
    conn.execute("BEGIN")
    for type_, sql, _table in schema:
        if type_ == "table":
            conn.execute(sql)
    for sql, rows, _n in statements:
        if rows is None:
            conn.execute(sql)  # e.g. a job's own summary table
        else:
            conn.executemany(sql, rows)
    statements.clear()  # (the rows' memory, before the sorts below)
    # CREATE INDEX sorts in runs of the page cache's size, on this thread only: the
    # three processes share two cores, so SQLite's sort threads (PRAGMA threads) only
    # add CPU. The points tables' six indexes, alone on the machine: threads = 2 and
    # 16 MiB 10.6-13.2 CPU-s (6.9-8.3 s wall); one thread with 16 MiB 8.1-8.5 s, with
    # 64 MiB 10.1 s, with 1-8 MiB 7.0-7.6 s.
    conn.execute(f"PRAGMA cache_size = -{INDEX_CACHE_KIB}")
    for type_, sql, _table in schema:
        if type_ == "index":
            conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()


def _job_inserts(table: str) -> Any:
    """The function that turns a job's payload into ``(sql, rows, n)`` statements."""
    if table == "points":  # the points programme, computed in the helper
        from app.demo.programme import points_inserts

        return points_inserts
    return _INSERTS[table]


def _helper_entry(payload_path: str) -> None:
    """Entry point of the helper process (``python -c``): read the pickled work, do it."""
    import pickle

    with open(payload_path, "rb") as f:
        path, schema, jobs = pickle.load(f)
    os.remove(payload_path)
    _helper_main(path, schema, jobs)


class _Helper:
    """A helper process on the second core, writing into its own scratch file while
    this one writes the rest; at the end its tables are copied in with ``INSERT …
    SELECT`` (SQLite's transfer optimisation copies rows and matching indexes without
    decoding them). A big demo store has two: one writes purchases and their lines, the
    other (``tag`` "_points") computes and writes the points programme
    (app/demo/programme.py, ``points_payload``).

    The helper is a plain ``python -c`` subprocess of this interpreter, handed its work
    in a pickle file: unlike multiprocessing's spawn it never re-imports the caller's
    main module (a script without a ``__main__`` guard would run again). Used for big
    stores only and never in a frozen bundle, where ``sys.executable`` is the app."""

    ALIAS = "demo_load"

    def __init__(self, conn: Any, tag: str = "") -> None:
        import tempfile

        main_file = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
        folder = os.path.dirname(main_file) if main_file else tempfile.gettempdir()
        base = os.path.join(
            folder, f".{os.path.basename(main_file) or 'store'}.demo{tag}-{os.getpid()}"
        )
        self.path = base + ".tmp"  # the scratch database (its first part)
        parts = [_part_path(self.path, k) for k in range(PARTS)]
        self.files = (
            *(f for part in parts for f in (part, part + "-journal")),
            *(_ready_path(self.path, k) for k in range(PARTS)),
            base + ".work",
            base + ".log",
        )
        self.log = base + ".log"
        self.alias = self.ALIAS + tag  # several helpers may be attached at once
        self.proc: Any = None
        self.attached: list[str] = []

    @staticmethod
    def wanted(n_rows: int) -> bool:
        return (
            n_rows >= HELPER_MIN_ROWS
            and (os.cpu_count() or 1) >= 2
            and bool(sys.executable)
            and not getattr(sys, "frozen", False)
        )

    def start(self, conn: Any, jobs: list[tuple[str, Any]], tables: Sequence[str] = ()) -> None:
        """Start the helper on ``jobs``; its scratch file gets the store's definitions
        of ``tables`` (default: the jobs' names)."""
        import pickle
        import subprocess

        tables = list(tables) or [t for t, _ in jobs]
        marks = ", ".join("?" * len(tables))
        schema = conn.execute(
            "SELECT type, sql, tbl_name FROM sqlite_master WHERE sql IS NOT NULL AND type IN "
            f"('table', 'index') AND tbl_name IN ({marks}) ORDER BY rowid",
            tables,
        ).fetchall()
        self._remove()
        work, log = self.files[-2], self.log
        with open(work, "wb") as f:
            pickle.dump((self.path, schema, jobs), f, protocol=pickle.HIGHEST_PROTOCOL)
        # the folder that holds app/ (this file is app/demo/helper.py)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        with open(log, "wb") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys; from app.demo import _helper_entry; _helper_entry(sys.argv[1])",
                    work,
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )

    def finish(self, conn: Any, tables: Sequence[str], step: Callable[[int], None]) -> None:
        """Wait for the helper (cancellable) and copy its tables in."""
        self.wait(step)
        self.copy(conn, tables)

    def wait(self, step: Callable[[int], None]) -> None:
        """Wait for the helper (cancellable: ``step`` is called every second); raise
        if it failed."""
        import subprocess

        while True:
            try:
                code = self.proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                step(0)
        if code != 0:
            self._failed(code)

    def running(self) -> bool:
        """Whether the helper was started and has not ended yet."""
        return self.proc is not None and self.proc.poll() is None

    def part_ready(self, k: int) -> bool:
        """Whether part ``k`` of the helper's file is written (``NEXT_PART``)."""
        return os.path.exists(_ready_path(self.path, k))

    def wait_part(self, k: int, step: Callable[[int], None]) -> None:
        """Wait until the helper's part ``k`` is written (``NEXT_PART``), cancellable
        like :meth:`wait`; raise if the helper failed or ended without it."""
        import time

        ready = _ready_path(self.path, k)
        last = time.monotonic()
        while not os.path.exists(ready):
            code = self.proc.poll()
            if code is not None and not os.path.exists(ready):
                self._failed(code)
            time.sleep(0.02)
            if time.monotonic() - last >= 1.0:
                last = time.monotonic()
                step(0)

    def _failed(self, code: int) -> None:
        with open(self.log, "rb") as f:
            tail = f.read().decode(errors="replace").strip().splitlines()[-1:]
        why = f"exit code {code}" if code else "it ended before its work was written"
        raise RuntimeError(f"demo: the helper process failed ({why}): {tail}")

    def _alias(self, part: int) -> str:
        return self.alias if part == 0 else f"{self.alias}_{part}"

    def attach(self, conn: Any, part: int = 0) -> str:
        """Attach the helper's file (``part`` of it) if not yet; returns its alias."""
        alias = self._alias(part)
        if alias not in self.attached:
            conn.execute(f"ATTACH DATABASE ? AS {alias}", [_part_path(self.path, part)])
            self.attached.append(alias)
        return alias

    def copy(self, conn: Any, tables: Sequence[str], part: int = 0) -> None:
        """Copy the helper's ``tables`` in (from ``part`` of its file)."""
        alias = self.attach(conn, part)
        for table in tables:
            conn.execute(f'INSERT INTO main."{table}" SELECT * FROM {alias}."{table}"')

    def close(self, conn: Any) -> None:
        """After the transaction: stop the helper if it still runs, detach, remove files."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for alias in self.attached:
            conn.execute(f"DETACH DATABASE {alias}")
        self.attached = []
        self._remove()

    def _remove(self) -> None:
        for path in self.files:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
