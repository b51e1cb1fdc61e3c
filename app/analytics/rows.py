"""Reading purchases: every purchase row up to a day as numpy columns
(:class:`PurchaseRows`), parsed from SQLite's concatenated strings. The one reader of
purchase rows for the analysis (every row) and the monthly report (``since``: the recent
rows, stand-ins for the older ones); :func:`in_background` runs work on a second
connection to the same file. The full read's SQL and its fetching thread are
``app.purchase_fetch`` (no numpy there: a command can start it before this import)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from app import purchase_fetch
from app.analytics.rules import Cancel, Cancelled, Progress
from app.db import file_of, idle_cores, reader
from app.purchase_fetch import PurchaseFetch
from app.purchase_fetch import ranges as _ranges

_EPOCH = dt.date(1970, 1, 1)
# Connections reading ranges at the same time. Two were meant to halve the pass (SQLite
# releases the GIL while it steps), but group_concat builds its strings through SQLite's
# allocator, which serialises on one process-wide mutex: on the 100k store two readers
# took 1.3-1.8x as long as one (quiet machine, 1,190-1,360 ms against 790-880 ms;
# loaded, ratio to the grouped pass 2.0-2.6 against 1.3-1.75). One reader, on a thread
# of its own when there is ``meanwhile`` work.
_READERS = 1


def day_number(d: dt.date) -> int:
    return (d - _EPOCH).days


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
    """n comma-separated integers (numpy's C parser: ~25x faster than int() each).

    Text numpy stops reading early comes out short and is parsed again by Python (which
    raises on what is not an integer). No ``warnings.catch_warnings`` here: the
    analysis parses on several threads at once, and those filters are process-wide (one
    thread's exit can restore another's "error" filter for good)."""
    if n == 0:
        return np.zeros(0, np.int64)
    try:
        values = np.fromstring(text, dtype=np.int64, sep=",")
    except ValueError:
        values = None
    if values is None or len(values) != n:
        values = np.array(text.split(","), dtype=np.int64)
    return values


def _readers() -> int:
    """How many connections read at once: ``_READERS`` at most, and one when no second
    core is idle (``app.db.idle_cores``)."""
    return max(1, min(_READERS, idle_cores()))


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


Chunk = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _empty_chunk() -> Chunk:
    z = np.zeros(0, np.int64)
    return z, z, np.zeros(0, np.int32), z


def _parse_chunk(row: tuple[Any, ...]) -> Chunk | None:
    """(member ids, rows per member, day per row, 2·paid+discount per row) of one
    ``purchase_fetch.ROWS_SQL`` answer row, or None when its members are not in
    ascending order."""
    ids_text, at_text, packed_text, members = row
    if not members:
        return _empty_chunk()
    ids = parse_ints(ids_text, members)
    if len(ids) != members:
        raise ValueError("purchases: unexpected member id format")
    if members > 1 and (ids[1:] <= ids[:-1]).any():
        return None
    # With 19-character times every record is 20 bytes, and the ";" in byte 19 marks
    # each member's last row.
    at_text += ";"
    counts = _fixed_width_counts(at_text, members)
    day = None if counts is None else parse_days(at_text, int(counts.sum()))
    if day is None:
        per_member = at_text[:-1].split(";")
        counts = np.fromiter(
            (a.count(",") + 1 for a in per_member), dtype=np.int64, count=len(per_member)
        )
        day = parse_days_slow(at_text.replace(";", ","))
    n = int(counts.sum())
    both = parse_ints(packed_text, n)
    if len(counts) != members or len(both) != n or len(day) != n:
        raise ValueError("purchases: unexpected amount or time format")
    return ids, counts, day, both


def _member_rows_row(part: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """``MEMBER_ROWS_SQL``'s answer rows as the one ``ROWS_SQL`` row, ids sorted."""
    part = sorted(part)
    return (
        ",".join(str(r[0]) for r in part),
        ";".join(r[1] for r in part),
        ",".join(r[2] for r in part),
        len(part),
    )


def load_rows(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date,
    since: dt.date | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    meanwhile: Callable[[], None] | None = None,
    prefetched: PurchaseFetch | None = None,
) -> PurchaseRows:
    """Read every purchase up to the end of ``as_of`` in one grouped pass, in a few
    member-id ranges (progress and cancel between them). With a database file and
    :func:`_readers` > 1, that many connections read alternate ranges at once (one by
    default: see ``_READERS``). (Each member is read whole by one connection: a sale
    committed meanwhile is wholly in or out.)
    ``meanwhile()``, if given, runs on the calling thread while the readers work (or
    first, when reading on this thread: an in-memory database, or inside a
    transaction); with it even a single reader reads on a thread of its own. The
    readers only run SQLite (``app.purchase_fetch``); the calling thread parses each
    range as it arrives (and calls ``on_progress``). ``prefetched``: that fetch of this
    store and day, already started (``python main.py analyze`` starts it before it
    imports the analysis).

    With ``since`` only the rows dated from ``since`` on are read in detail and the
    older ones are replaced by stand-ins (:func:`_load_recent`, the monthly report's
    reading): lifetime figures are then NOT right, see there."""
    if since is not None:
        return _load_recent(
            db,
            as_of=as_of,
            since=since,
            on_progress=on_progress,
            should_cancel=should_cancel,
            meanwhile=meanwhile,
        )
    fetch = prefetched if prefetched is not None else PurchaseFetch(db, as_of=as_of)
    if fetch.as_of != as_of or fetch.path != file_of(db):
        raise ValueError("load_rows: the prefetched purchases are of another day or store")
    end, chunks = fetch.end, fetch.chunks
    results: list[Chunk] = [_empty_chunk() for _ in chunks]
    done = [0]

    def parse(conn: Any, k: int, row: tuple[Any, ...]) -> None:
        got = _parse_chunk(row)
        if got is None:
            got = _parse_chunk(_member_rows_row(fetch.member_rows(conn, k)))
        assert got is not None  # sorted above
        results[k] = got
        done[0] += 1
        if on_progress is not None:
            on_progress(done[0], len(chunks))

    def cancelled() -> bool:
        return should_cancel is not None and should_cancel()

    path = file_of(db)
    workers = _readers()
    alone = workers < 2 and meanwhile is None
    zero = None
    if not fetch.started and (path is None or alone or len(chunks) < 2 or db.conn.in_transaction):
        if meanwhile is not None:
            meanwhile()
        for k in range(len(chunks)):
            if cancelled():
                raise Cancelled("analysis cancelled")
            parse(db.conn, k, fetch.fetch(db.conn, k))
    else:
        # The readers only fetch (SQLite, the GIL free); this thread parses what they
        # hand over, after ``meanwhile()``. Parsing on a reader while this thread ran
        # Python (the scipy import) made each of its numpy steps wait for the GIL: the
        # first range's parse took 180 ms instead of 25 in a fresh `analyze` process.
        if not fetch.started:
            fetch.start(workers, should_cancel=cancelled)
        if meanwhile is not None:
            meanwhile()
        zero = _zero_amount_returns(db, since=None, end=end)
        try:
            for k, row in fetch.answers():
                parse(db.conn, k, row)
        except purchase_fetch.Cancelled:
            raise Cancelled("analysis cancelled") from None
    member_ids = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
    counts = np.concatenate([r[1] for r in results]) if results else np.zeros(0, np.int64)
    day = np.concatenate([r[2] for r in results]) if results else np.zeros(0, np.int32)
    both = np.concatenate([r[3] for r in results]) if results else np.zeros(0, np.int64)
    member = np.repeat(np.arange(len(member_ids), dtype=np.int32), counts)
    day, paid, disc, sale = _amounts(
        db, member_ids, member, day, both, since=None, end=end, zero=zero
    )
    return PurchaseRows(as_of, member_ids, member, day, paid, disc, sale)


def _zero_amount_returns(
    db: sqlite_utils.Database, *, since: str | None, end: str
) -> list[tuple[int, str]]:
    """(member id, day) of the zero-amount returns from ``since`` (or the start) to
    ``end``: they look like sales in the covering index (rare)."""
    return db.execute(
        "SELECT member_id, substr(at, 1, 10) FROM purchases INDEXED BY idx_purchases_return_of "
        "WHERE return_of IS NOT NULL AND paid_fen = 0 AND "
        + ("at < ?" if since is None else "at >= ? AND at < ?"),
        [end] if since is None else [since, end],
    ).fetchall()


def _amounts(
    db: sqlite_utils.Database,
    member_ids: np.ndarray,
    member: np.ndarray,
    day: np.ndarray,
    both: np.ndarray,
    *,
    since: str | None,
    end: str,
    zero: list[tuple[int, str]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(day, paid, discounted, sale) per row from the rows' 2·paid + discount numbers
    (read from ``since``, when given, up to ``end``), in (member, day) order. ``zero``:
    :func:`_zero_amount_returns` of the same span, when already read."""
    paid = both >> 1  # floor division by 2, right for negative amounts too
    disc = (both & 1).astype(bool)
    sale = paid >= 0
    # Zero-amount returns look like sales in the covering index: mark them (rare).
    if zero is None:
        zero = _zero_amount_returns(db, since=since, end=end)
    for mid, day_text in zero:
        k = int(np.searchsorted(member_ids, mid))
        a, b = np.searchsorted(member, [k, k + 1])  # the member's rows
        the_day = day_number(dt.date.fromisoformat(day_text))
        hits = np.flatnonzero((day[a:b] == the_day) & (paid[a:b] == 0) & sale[a:b])
        if len(hits):
            sale[a + hits[0]] = False
    # The rows come in (member, at) order from the index; make sure, cheaply.
    if len(day) > 1:
        same = member[1:] == member[:-1]
        if (day[1:][same] < day[:-1][same]).any():
            order = np.lexsort((day, member))
            day, paid, disc, sale = day[order], paid[order], disc[order], sale[order]
    return day, paid, disc, sale


# ------------------------------------------------------------------ recent rows, older stand-ins

# The rows from ``since`` on, in (member, time) order from the covering index, as three
# concatenated strings in one answer row per member range (numpy parses them; one row
# per member, as _ROWS_SQL reads, costs ~40% more in SQLite).
_DETAIL_SQL = """
SELECT group_concat(member_id, ','), group_concat(at, ','),
       group_concat(paid_fen * 2 + is_discounted, ','), COUNT(*)
FROM purchases INDEXED BY idx_purchases_member_at
WHERE member_id BETWEEN :lo AND :hi AND at >= :since AND at < :end
"""
# The same rows with the member id packed into the amount's number, one concatenation
# fewer (~20% of the read): (member_id << 43) + 2·paid + discount + 2**42, valid while
# member ids are below 2**20 and |paid| below 2**41 fen (checked: else _DETAIL_SQL).
_PACK_SHIFT = 43
_PACKED_SQL = """
SELECT group_concat(at, ','),
       group_concat((member_id << 43) + paid_fen * 2 + is_discounted + 4398046511104, ','),
       COUNT(*), MAX(ABS(paid_fen))
FROM purchases INDEXED BY idx_purchases_member_at
WHERE member_id BETWEEN :lo AND :hi AND at >= :since AND at < :end
"""
# Per member, the first and the last purchase day before ``since``: through the covering
# index, one row back (the strings concatenated: one transfer, parsed by numpy).
_BEFORE_SQL = """
SELECT group_concat(member_id, ','), group_concat(first, ','), group_concat(last, ','),
       COUNT(*)
FROM (SELECT member_id, MIN(at) AS first, MAX(at) AS last FROM purchases
      WHERE at < :since AND paid_fen >= 0 GROUP BY member_id)
"""


def _days_of(text: str | None, n: int) -> np.ndarray:
    """Days since 1970 of ``n`` comma-joined ISO times (numpy; odd shapes one by one)."""
    if not n:
        return np.zeros(0, np.int32)
    day = parse_days(text + ",", n)
    return day if day is not None else parse_days_slow(text)


def _before(db: sqlite_utils.Database, since: str) -> tuple[np.ndarray, ...]:
    """(member ids, first purchase day, last purchase day) of the purchases dated before
    ``since``, members ascending. A *purchase* as in app.analytics: a row with paid >= 0
    that is not a return; the covering index cannot tell a zero-amount return (rare) from
    a sale, so the members who have one are asked again through the table."""
    ids_text, first_text, last_text, n = db.execute(_BEFORE_SQL, {"since": since}).fetchone()
    ids = parse_ints(ids_text, n) if n else np.zeros(0, np.int64)
    first, last = _days_of(first_text, n), _days_of(last_text, n)
    odd = [
        mid
        for (mid,) in db.execute(
            "SELECT DISTINCT member_id FROM purchases INDEXED BY idx_purchases_return_of "
            "WHERE return_of IS NOT NULL AND paid_fen = 0 AND at < ?",
            [since],
        )
    ]
    if odd:
        fixed = {
            mid: (
                day_number(dt.date.fromisoformat(a[:10])),
                day_number(dt.date.fromisoformat(b[:10])),
            )
            for mid, a, b in db.execute(
                "SELECT member_id, MIN(at), MAX(at) FROM purchases "
                "WHERE member_id IN (SELECT value FROM json_each(?)) AND at < ? "
                "AND (paid_fen > 0 OR return_of IS NULL) GROUP BY member_id",
                [json.dumps(odd), since],
            )
        }
        keep = np.ones(len(ids), bool)
        for k in np.flatnonzero(np.isin(ids, odd)).tolist():
            got = fixed.get(int(ids[k]))
            if got is None:
                keep[k] = False
            else:
                first[k], last[k] = got
        ids, first, last = ids[keep], first[keep], last[keep]
    return ids, first, last


def _parse_detail(row: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(member id, day, 2·paid+discount) per row of one ``_DETAIL_SQL`` answer."""
    ids_text, at_text, packed_text, n = row
    if not n:
        z = np.zeros(0, np.int64)
        return z, np.zeros(0, np.int32), z
    ids = parse_ints(ids_text, n)
    day = _days_of(at_text, n)
    both = parse_ints(packed_text, n)
    if len(ids) != n or len(day) != n or len(both) != n:
        raise ValueError("purchases: unexpected amount or time format")
    return ids, day, both


def _load_recent(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date,
    since: dt.date,
    on_progress: Progress | None,
    should_cancel: Cancel | None,
    meanwhile: Callable[[], None] | None,
) -> PurchaseRows:
    """The purchase rows up to the end of ``as_of`` that a figure of the months from
    ``since`` on needs (the monthly report, app.reports): every row dated from ``since``
    on, exactly as the full :func:`load_rows` reads them, and before those, per member,
    *stand-in* rows for the older purchases — a zero-amount sale on the first purchase
    day before ``since`` and, when it differs, one on the last. Every figure the report
    takes from these rows is then what all the rows give (tests/unit/test_reports.py
    compares the two on the demo store):

    * month-end states at ``since`` + 364 days or later (``compute_facts``): the 12-month
      spend and purchase days only look at rows from ``since`` on; the first and the
      last purchase day (tenure, recency, customer or not) are kept; the number of
      purchase days is wrong for older customers but only its "exactly one" test is
      used (``lifecycle_states``: one stand-in day means one older purchase day, two
      mean at least two);
    * the months from ``since`` on: sales, tickets, buyers (``monthly_series`` too); the
      first purchase day ever per member.

    Lifetime spend, tickets, discount share and the other facts of app.analytics are NOT
    right on these rows: do not hand them to an analysis.

    The recent rows are read on this connection, one answer row per member range
    (``meanwhile()`` first), while the older purchases are one grouped query on a second
    connection (on the 100k-member bench store, whose sales grow over four years, half
    the rows are read in detail)."""
    since_text = since.isoformat()
    end_text = (as_of + dt.timedelta(days=1)).isoformat()
    older = in_background(db, lambda conn: _before(conn, since_text))
    chunks, hi = _ranges(db)
    if meanwhile is not None:
        meanwhile()
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for a, b in chunks:
        if should_cancel is not None and should_cancel():
            raise Cancelled("report cancelled")
        p = {"lo": a, "hi": b, "since": since_text, "end": end_text}
        at_text, packed_text, n, most = db.execute(_PACKED_SQL, p).fetchone()
        if hi < 1 << 20 and (not n or most < 1 << 40):
            packed = parse_ints(packed_text, n) if n else np.zeros(0, np.int64)
            both = (packed & ((1 << _PACK_SHIFT) - 1)) - (1 << (_PACK_SHIFT - 1))
            day = _days_of(at_text, n)
            if len(packed) != n or len(day) != n:
                raise ValueError("purchases: unexpected amount or time format")
            parts.append((packed >> _PACK_SHIFT, day, both))
        else:
            parts.append(_parse_detail(db.execute(_DETAIL_SQL, p).fetchone()))
        if on_progress is not None:
            on_progress(len(parts), len(chunks))
    z = np.zeros(0, np.int64)
    d_mid = np.concatenate([z, *(p[0] for p in parts)])
    d_day = np.concatenate([np.zeros(0, np.int32), *(p[1] for p in parts)])
    both = np.concatenate([z, *(p[2] for p in parts)])
    if len(d_mid) > 1 and (d_mid[1:] < d_mid[:-1]).any():  # index order, as a rule
        order = np.argsort(d_mid, kind="stable")
        d_mid, d_day, both = d_mid[order], d_day[order], both[order]
    new_member = np.ones(len(d_mid), bool)
    new_member[1:] = d_mid[1:] != d_mid[:-1]
    d_ids = d_mid[new_member]
    d_member = np.cumsum(new_member) - 1
    d_counts = np.bincount(d_member, minlength=len(d_ids)).astype(np.int64)
    d_day, d_paid, d_disc, d_sale = _amounts(
        db, d_ids, d_member, d_day, both, since=since_text, end=end_text
    )
    o_ids, o_first, o_last = older()

    # every member's stand-ins, then its detail rows (both already in time order)
    member_ids = np.union1d(d_ids, o_ids).astype(np.int64)
    k = len(member_ids)
    at_o = np.searchsorted(member_ids, o_ids)
    at_d = np.searchsorted(member_ids, d_ids)
    two = o_last != o_first
    n_old = np.zeros(k, np.int64)
    n_old[at_o] = 1 + two
    n_new = np.zeros(k, np.int64)
    n_new[at_d] = d_counts
    start = np.zeros(k, np.int64)
    if k:
        start[1:] = np.cumsum(n_old + n_new)[:-1]
    total = int(n_old.sum() + n_new.sum())
    member = np.repeat(np.arange(k, dtype=np.int32), n_old + n_new)
    day = np.empty(total, np.int32)
    paid = np.zeros(total, np.int64)
    disc = np.zeros(total, bool)
    sale = np.ones(total, bool)
    day[start[at_o]] = o_first
    day[start[at_o[two]] + 1] = o_last[two]
    if len(d_day):
        dm = at_d[d_member]
        within = np.arange(len(d_day)) - np.repeat(np.cumsum(d_counts) - d_counts, d_counts)
        pos = start[dm] + n_old[dm] + within
        day[pos], paid[pos], disc[pos], sale[pos] = d_day, d_paid, d_disc, d_sale
    return PurchaseRows(as_of, member_ids, member, day, paid, disc, sale)


def in_background(
    db: sqlite_utils.Database, work: Callable[[sqlite_utils.Database], Any]
) -> Callable[[], Any]:
    """Start ``work(connection)`` on a helper thread with its own connection to the
    same file; returns a function that waits for the result (or raises its error).
    In-memory databases, and a connection inside a transaction (whose uncommitted rows
    another connection would not see), run it here instead."""
    path = file_of(db)
    if path is None or db.conn.in_transaction:
        result = work(db)
        return lambda: result

    def run() -> Any:
        other = reader(path)
        try:
            return work(other)
        finally:
            other.close()

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report")
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future.result
