"""Fetching every purchase row up to a day for the analysis (:class:`PurchaseFetch`):
the grouped SQL of ``app.analytics.rows`` and the thread that runs it, one answer row
per member range. It imports only what ``app.db`` imports, so that ``python main.py
analyze`` starts the read right after opening the store, while it imports the analysis
(``app.analytics`` with app.state, settings, audit, labels: 70-240 ms measured in a
fresh process, and then scipy; the reader runs SQLite, which does not need the GIL).
``app.analytics.rows.load_rows`` parses the answers.

The fetching thread imports nothing: every module it uses is imported with this one.
"""

from __future__ import annotations

import datetime as dt
import math
import queue
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import sqlite_utils

from app.db import file_of, reader

CHUNKS = 8  # member-id ranges (progress and cancel between them)

# Through the covering index only (a column outside it would cost 3x: PERF-NOTES.md).
# MIN/MAX(at) would cost ~0.5 s of string comparisons; the rows arrive in (member, at)
# order, so first and last are read off the concatenation instead.
# The amount and the discount flag travel as one number, 2 × paid_fen + is_discounted
# (one concatenation fewer: ~15% of the pass). The time filter is left out when nothing
# is dated after the as-of day (the usual "as of today"): another ~10%.
# One answer row per member range (the members' strings joined once more, members by
# ";" in the times): the whole range is one sqlite3_step, during which Python's GIL is
# free. With one answer row per member the reader took the GIL back ~12,000 times per
# range, and any Python work on another thread (the analysis' scipy import, ~0.35 s)
# stalled it for that long: in a fresh `analyze` process the read took 1.7 s, not 0.7.
ROWS_SQL = """
SELECT group_concat(member_id, ','), group_concat(ats, ';'), group_concat(amts, ','), COUNT(*)
FROM (
    SELECT member_id, group_concat(at, ',') AS ats,
           group_concat(paid_fen * 2 + is_discounted, ',') AS amts
    FROM purchases
    WHERE member_id BETWEEN :lo AND :hi{time_filter}
    GROUP BY member_id
)
"""
# the same, one answer row per member: for a range whose members the outer concatenation
# did not keep in order (SQLite does not promise it; it has not happened)
MEMBER_ROWS_SQL = """
SELECT member_id, group_concat(at, ','), group_concat(paid_fen * 2 + is_discounted, ',')
FROM purchases
WHERE member_id BETWEEN :lo AND :hi{time_filter}
GROUP BY member_id
"""

Cancel = Callable[[], bool]


class Cancelled(Exception):
    """Raised by a fetch whose ``should_cancel`` said so (``app.analytics`` raises its
    own ``Cancelled`` for it)."""


def ranges(db: sqlite_utils.Database) -> tuple[list[tuple[int, int]], int]:
    """The member-id ranges the purchases are read in (``CHUNKS`` of them at most) and
    the largest member id (0 without purchases)."""
    # two queries: SQLite answers a lone MIN or MAX from the index end (~0 ms); both in
    # one SELECT scan every row (0.4 s)
    lo = db.execute("SELECT MIN(member_id) FROM purchases").fetchone()[0]
    hi = db.execute("SELECT MAX(member_id) FROM purchases").fetchone()[0]
    if lo is None:
        return [], 0
    step = max(1, math.ceil((hi - lo + 1) / CHUNKS))
    return [(start, start + step - 1) for start in range(lo, hi + 1, step)], hi


class PurchaseFetch:
    """The ``ROWS_SQL`` answer row of each member range, purchases up to the end of
    ``as_of``: :meth:`start` fetches them on reader threads (each with its own
    connection; each member is read whole by one connection, so a sale committed
    meanwhile is wholly in or out), :meth:`answers` hands them over as they come."""

    def __init__(self, db: sqlite_utils.Database, *, as_of: dt.date) -> None:
        self.as_of = as_of
        self.path = file_of(db)
        self.end = (as_of + dt.timedelta(days=1)).isoformat()
        self.chunks, _hi = ranges(db)
        latest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
        time_filter = " AND at < :end" if latest and latest >= self.end else ""
        self.sql = ROWS_SQL.format(time_filter=time_filter)
        self.member_sql = MEMBER_ROWS_SQL.format(time_filter=time_filter)
        self.started = False
        self._queue: queue.SimpleQueue[tuple[int, tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._futures: list[Future[None]] = []

    def params(self, k: int) -> dict[str, Any]:
        return {"lo": self.chunks[k][0], "hi": self.chunks[k][1], "end": self.end}

    def fetch(self, conn: Any, k: int) -> tuple[Any, ...]:
        """Range ``k``'s answer row, on ``conn``."""
        return conn.execute(self.sql, self.params(k)).fetchone()

    def member_rows(self, conn: Any, k: int) -> list[tuple[Any, ...]]:
        """Range ``k`` one answer row per member (``MEMBER_ROWS_SQL``), on ``conn``."""
        return conn.execute(self.member_sql, self.params(k)).fetchall()

    def start(self, workers: int = 1, should_cancel: Cancel | None = None) -> None:
        """Fetch every range on ``workers`` threads (alternate ranges each), each with a
        connection of its own. A store without a file cannot be read by a second
        connection: use :meth:`fetch` on its own connection instead."""
        if self.path is None:
            raise ValueError("a store without a file is fetched on its own connection")
        path = self.path

        def read_ranges(first: int) -> None:
            other = reader(path)
            try:
                for k in range(first, len(self.chunks), workers):
                    if should_cancel is not None and should_cancel():
                        raise Cancelled("cancelled")
                    self._queue.put((k, self.fetch(other.conn, k)))
            finally:
                other.close()
                self._queue.put(None)  # this reader is done (or failed: its future says)

        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="segments")
        self._futures = [pool.submit(read_ranges, w) for w in range(workers)]
        pool.shutdown(wait=False)
        self.started = True

    def answers(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(range index, answer row) as the readers fetch them; then raises the first
        reader's error, if one failed."""
        running = len(self._futures)
        while running:
            item = self._queue.get()
            if item is None:
                running -= 1
            else:
                yield item
        for fut in self._futures:
            fut.result()
