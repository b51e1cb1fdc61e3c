"""Reading purchases: every purchase row up to a day as numpy columns
(:class:`PurchaseRows`), parsed from SQLite's concatenated strings."""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from app.analytics.rules import Cancel, Cancelled, Progress
from app.db import connect

_EPOCH = dt.date(1970, 1, 1)
_CHUNKS = 8  # member-id ranges (progress and cancel between them)
_READERS = 2  # connections reading ranges at the same time


def day_number(d: dt.date) -> int:
    return (d - _EPOCH).days


# Through the covering index only (a column outside it would cost 3x: PERF-NOTES.md).
# MIN/MAX(at) would cost ~0.5 s of string comparisons; the rows arrive in (member, at)
# order, so first and last are read off the concatenation instead.
# The amount and the discount flag travel as one number, 2 × paid_fen + is_discounted
# (one concatenation fewer: ~15% of the pass). The time filter is left out when nothing
# is dated after the as-of day (the usual "as of today"): another ~10%.
_ROWS_SQL = """
SELECT member_id, group_concat(at, ','), group_concat(paid_fen * 2 + is_discounted, ',')
FROM purchases
WHERE member_id BETWEEN :lo AND :hi{time_filter}
GROUP BY member_id
"""


@dataclass
class PurchaseRows:
    """Every purchase row before the end of ``as_of``, as numpy columns in (member,
    time) order. ``member`` indexes ``member_ids``."""

    as_of: dt.date
    member_ids: np.ndarray  # int64, ascending: members with at least one row
    member: np.ndarray  # int32 per row
    day: np.ndarray  # int32 per row: days since 1970-01-01
    paid: np.ndarray  # int64 fen per row
    disc: np.ndarray  # bool per row
    sale: np.ndarray  # bool per row (False: a return)

    def __len__(self) -> int:
        return len(self.day)


def parse_days(at_text: str, n: int) -> np.ndarray | None:
    """Days since 1970 of n comma-terminated ``YYYY-MM-DD?hh:mm:ss`` timestamps, or
    None when the text is not in that shape (the slow path then parses it).

    Each 20-byte record is read as five little-endian uint32 words; 'YYYY', '-MM-' and
    'DD..' become numbers with a few whole-array integer operations (SWAR), ~5x faster
    than digit columns or numpy's datetime parser on 2 M rows."""
    if len(at_text) != 20 * n:
        return None
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    try:
        raw = at_text.encode("ascii")
    except UnicodeEncodeError:
        return None
    u = np.frombuffer(raw, dtype="<u4").reshape(n, 5)
    u32 = np.uint32
    year = u[:, 0] - u32(0x30303030)
    mid = u[:, 1]
    dd = u[:, 2] & u32(0xFFFF)
    md = ((mid >> u32(8)) & u32(0xFFFF)) - u32(0x3030)
    dd = dd - u32(0x3030)
    # every digit byte 0..9 (a byte >= 10 gets a high nibble from +6; one below '0'
    # borrows into the next), and '-' around the month
    digits_bad = ((year | (year + u32(0x06060606))) & u32(0xF0F0F0F0)).any() or (
        ((md | dd | (md + u32(0x0606)) | (dd + u32(0x0606))) & u32(0xF0F0)).any()
    )
    if digits_bad or ((mid & u32(0xFF)) != 45).any() or ((mid >> u32(24)) != 45).any():
        return None
    v = year * u32(10) + (year >> u32(8))
    y = ((v & u32(0xFF)) * u32(100) + ((v >> u32(16)) & u32(0xFF))).astype(np.int32)
    m = ((md & u32(0xFF)) * u32(10) + (md >> u32(8))).astype(np.int32)
    d = ((dd & u32(0xFF)) * u32(10) + (dd >> u32(8))).astype(np.int32)
    if (m < 1).any() or (m > 12).any() or (d < 1).any() or (d > 31).any():
        return None
    y0, y1 = int(y.min()), int(y.max())
    month_start = (
        np.arange(np.datetime64(f"{y0:04d}-01"), np.datetime64(f"{y1 + 1:04d}-01"))
        .astype("datetime64[D]")
        .astype(np.int64)
    )
    return (month_start[(y - y0) * 12 + m - 1] + d - 1).astype(np.int32)


def parse_days_slow(at_text: str) -> np.ndarray:
    values = [v for v in at_text.split(",") if v]
    return np.array([day_number(dt.date.fromisoformat(v[:10])) for v in values], dtype=np.int32)


def parse_ints(text: str, n: int) -> np.ndarray:
    """n comma-separated integers (numpy's C parser: ~25x faster than int() each)."""
    if n == 0:
        return np.zeros(0, np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            values = np.fromstring(text, dtype=np.int64, sep=",")
        except (ValueError, DeprecationWarning):
            values = np.array(text.split(","), dtype=np.int64)
    return values


def _readers() -> int:
    """How many connections read at once: two when a second core is free. On a busy
    machine (the 1-minute load average leaves no core idle, Unix) a second reader only
    adds a cold page cache and thread switching (~20% slower than one, measured)."""
    cores = os.cpu_count() or 1
    try:
        idle = cores - os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        idle = float(cores)
    return max(1, min(_READERS, cores, int(idle + 0.5)))


def file_of(db: sqlite_utils.Database) -> str | None:
    """The main database file, or None for an in-memory or temporary database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def _fixed_width_counts(at_text: str, members: int) -> np.ndarray | None:
    """Rows per member of ``";".join(member strings) + ";"`` when every record is 20
    bytes (19-character time + separator), else None."""
    if len(at_text) % 20:
        return None
    seps = np.frombuffer(at_text.encode("ascii", "replace"), dtype=np.uint8)[19::20]
    last = seps == ord(";")
    if int(last.sum()) != members or not (last | (seps == ord(","))).all():
        return None
    return np.diff(np.flatnonzero(last), prepend=-1)


def _parse_chunk(
    part: list[tuple[Any, ...]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(member ids, rows per member, day per row, 2·paid+discount per row) of one
    chunk of ``_ROWS_SQL`` results."""
    if not part:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0, np.int32), z
    ids, ats, packed = zip(*part, strict=True)
    # Members joined by ";" (their rows by ","): with 19-character times every record
    # is 20 bytes, and the ";" in byte 19 marks each member's last row.
    at_text = ";".join(ats) + ";"
    counts = _fixed_width_counts(at_text, len(ats))
    day = None if counts is None else parse_days(at_text, int(counts.sum()))
    if day is None:
        counts = np.fromiter((a.count(",") + 1 for a in ats), dtype=np.int64, count=len(ats))
        day = parse_days_slow(at_text.replace(";", ","))
    n = int(counts.sum())
    both = parse_ints(",".join(packed), n)
    if len(both) != n or len(day) != n:
        raise ValueError("purchases: unexpected amount or time format")
    return np.asarray(ids, dtype=np.int64), counts, day, both


def load_rows(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> PurchaseRows:
    """Read every purchase up to the end of ``as_of`` in one grouped pass, in a few
    member-id ranges (progress and cancel between them). With a database file and a
    free second core (:func:`_readers`), two connections read alternate ranges at once:
    SQLite releases the GIL while it steps, so the pass takes about half the time. (Each
    member is read whole by one connection: a sale committed meanwhile is wholly in or
    out.)
    ``meanwhile()``, if given, runs on the calling thread while the readers work (or
    first, when reading on this thread: an in-memory database, or inside a
    transaction); with it even a single reader reads on a thread of its own."""
    end = (as_of + dt.timedelta(days=1)).isoformat()
    # two queries: SQLite answers a lone MIN or MAX from the index end (~0 ms); both in
    # one SELECT scan every row (0.4 s)
    lo = db.execute("SELECT MIN(member_id) FROM purchases").fetchone()[0]
    hi = db.execute("SELECT MAX(member_id) FROM purchases").fetchone()[0]
    latest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    sql = _ROWS_SQL.format(time_filter=" AND at < :end" if latest and latest >= end else "")
    chunks: list[tuple[int, int]] = []
    if lo is not None:
        step = max(1, math.ceil((hi - lo + 1) / _CHUNKS))
        chunks = [(start, start + step - 1) for start in range(lo, hi + 1, step)]
    results: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = [
        _parse_chunk([]) for _ in chunks
    ]
    done = [0]
    lock = threading.Lock()

    def read(conn: Any, k: int) -> None:
        if should_cancel is not None and should_cancel():
            raise Cancelled("analysis cancelled")
        a, b = chunks[k]
        # parsed here, so one reader's numpy overlaps the other's SQLite
        results[k] = _parse_chunk(conn.execute(sql, {"lo": a, "hi": b, "end": end}).fetchall())
        with lock:
            done[0] += 1
            if on_progress is not None:
                on_progress(done[0], len(chunks))

    path = file_of(db)
    workers = _readers()
    alone = workers < 2 and meanwhile is None
    if path is None or alone or len(chunks) < 2 or db.conn.in_transaction:
        if meanwhile is not None:
            meanwhile()
        for k in range(len(chunks)):
            read(db.conn, k)
    else:

        def reader(first: int) -> None:
            other = connect(path)
            try:
                for k in range(first, len(chunks), workers):
                    read(other.conn, k)
            finally:
                other.close()

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="segments") as pool:
            futures = [pool.submit(reader, w) for w in range(workers)]
            if meanwhile is not None:
                meanwhile()
            for fut in futures:
                fut.result()
    member_ids = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
    counts = np.concatenate([r[1] for r in results]) if results else np.zeros(0, np.int64)
    day = np.concatenate([r[2] for r in results]) if results else np.zeros(0, np.int32)
    both = np.concatenate([r[3] for r in results]) if results else np.zeros(0, np.int64)
    n = len(day)
    member = np.repeat(np.arange(len(member_ids), dtype=np.int32), counts)
    paid = both >> 1  # floor division by 2, right for negative amounts too
    disc = (both & 1).astype(bool)
    sale = paid >= 0
    # Zero-amount returns look like sales in the covering index: mark them (rare).
    zero = db.execute(
        "SELECT member_id, substr(at, 1, 10) FROM purchases INDEXED BY idx_purchases_return_of "
        "WHERE return_of IS NOT NULL AND paid_fen = 0 AND at < ?",
        [end],
    ).fetchall()
    for mid, day_text in zero:
        k = int(np.searchsorted(member_ids, mid))
        a, b = np.searchsorted(member, [k, k + 1])  # the member's rows
        the_day = day_number(dt.date.fromisoformat(day_text))
        hits = np.flatnonzero((day[a:b] == the_day) & (paid[a:b] == 0) & sale[a:b])
        if len(hits):
            sale[a + hits[0]] = False
    # The rows come in (member, at) order from the index; make sure, cheaply.
    if n > 1:
        same = member[1:] == member[:-1]
        if (day[1:][same] < day[:-1][same]).any():
            order = np.lexsort((day, member))
            day, paid, disc, sale = day[order], paid[order], disc[order], sale[order]
    return PurchaseRows(as_of, member_ids, member, day, paid, disc, sale)
