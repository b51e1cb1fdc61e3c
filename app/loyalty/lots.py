"""Lots (FIFO): every positive ledger entry is a lot that negative entries consume,
oldest first (:func:`_replay` is the definition); ``points_lots`` caches each lot's
remaining points (package docstring, "Lots and consumption"). Also the switch for bulk
writes (:func:`_schema_off`) and :func:`_settle`, which expires a member's due lots
before an action spends points."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

import sqlite_utils

from app.loyalty.entries import _add, balance

BULK_MEMBERS = 5_000  # from this many members, lots are rebuilt in bulk

Entry = tuple[int, str, int, str, int | None, str | None, int | None]
# (id, at, delta, reason, ref_id, expires_at, own lot of a return)

_ENTRIES_SQL = """
SELECT e.member_id, e.id, e.at, e.delta, e.reason, e.ref_id, e.expires_at,
       CASE WHEN e.reason = 'return' AND e.ref_type = 'purchase' THEN
           (SELECT s.id FROM purchases r CROSS JOIN points_ledger s
              ON s.reason = 'spend' AND s.ref_type = 'purchase' AND s.ref_id = r.return_of
            WHERE r.id = e.ref_id) END
FROM points_ledger e {where}
"""


def _replay(entries: Iterable[Entry]) -> list[tuple[int, int, str, str | None]]:
    """The lots left after a member's entries (in ``(at, id)`` order), as ``(lot id,
    remaining, earned at, expires_at)`` — the definition of FIFO consumption.

    A positive entry opens a lot (paying any debt first). A negative entry takes from
    its own lot first — an ``expire`` entry from the lot it expires, a return from the
    returned sale's lot (if still valid on its day) — then from the oldest lots still
    valid on its day, then (only when entries were written out of order) from the
    oldest lots with points left; what nothing covers is a debt the next lots pay. The
    balance never being negative, no debt is left at the end, so a new lot that is the
    member's newest entry simply adds to the lots (what the cache's trigger does)."""
    lots: dict[int, list[Any]] = {}  # id -> [remaining, expires_at, at]; insertion = FIFO
    debt = 0
    for lot_id, at, delta, reason, ref_id, expires_at, own in entries:
        if delta > 0:
            if debt:
                pay = min(debt, delta)
                debt -= pay
                delta -= pay
            lots[lot_id] = [delta, expires_at, at]
            continue
        need = -delta
        day = at[:10]
        first = lots.get(ref_id) if reason == "expire" and ref_id is not None else None
        if first is None and own is not None:
            lot = lots.get(own)
            if lot is not None and (lot[1] is None or lot[1] >= day):
                first = lot
        if first is not None and first[0]:
            take = min(need, first[0])
            first[0] -= take
            need -= take
        for valid_only in (True, False):
            if not need:
                break
            for lot in lots.values():
                if lot[0] and (not valid_only or lot[1] is None or lot[1] >= day):
                    take = min(need, lot[0])
                    lot[0] -= take
                    need -= take
                    if not need:
                        break
        debt += need
    return [(lid, lot[0], lot[2], lot[1]) for lid, lot in lots.items() if lot[0] > 0]


def _ids_json(ids: Iterable[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


def compute_lots(
    db: sqlite_utils.Database, member_ids: Iterable[int] | None = None
) -> dict[int, list[tuple[int, int, str, str | None]]]:
    """Each member's remaining lots replayed from the ledger (nothing written):
    ``{member_id: [(lot id, remaining, earned at, expires_at), …]}``.

    A few members are read through their index; many (or all) by one pass over the
    table, sorted here: an index walk would read the table in random order."""
    ids = None if member_ids is None else sorted({int(i) for i in member_ids})
    if ids is not None and len(ids) <= BULK_MEMBERS:
        cur = db.execute(
            _ENTRIES_SQL.format(where="WHERE e.member_id IN (SELECT value FROM json_each(?))")
            + " ORDER BY e.member_id, e.at, e.id",
            [_ids_json(ids)],
        )
        rows = cur.fetchall()
    else:
        where = "NOT INDEXED" + (
            "" if ids is None else " WHERE e.member_id IN (SELECT value FROM json_each(?))"
        )
        rows = db.execute(
            _ENTRIES_SQL.format(where=where), [] if ids is None else [_ids_json(ids)]
        ).fetchall()
        rows.sort(key=itemgetter(0, 2, 1))
    out: dict[int, list[tuple[int, int, str, str | None]]] = {}
    current: int | None = None
    batch: list[Entry] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                out[current] = _replay(batch)
            current, batch = row[0], []
        batch.append(row[1:])
    if current is not None:
        out[current] = _replay(batch)
    return out


def rebuild_lots(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> int:
    """Recompute ``points_lots`` of ``member_ids`` (everyone when None) from the ledger;
    returns the number of lots written. Clears their stale marks.

    Members without any negative entry have every earning untouched: their lots are
    copied in one statement; the others are replayed (:func:`_replay`). Many members
    at once: the cache's indexes are rebuilt after, not kept up row by row."""
    ids = None if member_ids is None else sorted({int(i) for i in member_ids})
    if ids is not None and not ids:
        return 0
    big = ids is None or len(ids) > BULK_MEMBERS
    with db.atomic(), _schema_off(db, triggers=False, index_tables=("points_lots",) if big else ()):
        if ids is None:
            where, params = "", []
            db.execute("DELETE FROM points_lots")
            db.execute("DELETE FROM points_lots_stale")
        else:
            where = "AND e.member_id IN (SELECT value FROM json_each(?))"
            params = [_ids_json(ids)]
            for table in ("points_lots", "points_lots_stale"):
                db.execute(
                    f"DELETE FROM {table} WHERE member_id IN (SELECT value FROM json_each(?))",
                    params,
                )
        complex_ids = [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT e.member_id FROM points_ledger e WHERE e.delta < 0 {where}",
                params,
            )
        ]
        n = db.execute(
            "INSERT OR REPLACE INTO points_lots (lot_id, member_id, earned_at, expires_at, "
            "remaining) SELECT e.id, e.member_id, e.at, e.expires_at, e.delta "
            f"FROM points_ledger e WHERE e.delta > 0 {where} AND e.member_id NOT IN "
            "(SELECT value FROM json_each(?))",
            [*params, _ids_json(complex_ids)],
        ).rowcount
        rows = sorted(
            (lot_id, mid, earned, expires, remaining)
            for mid, member_lots in (compute_lots(db, complex_ids) if complex_ids else {}).items()
            for lot_id, remaining, earned, expires in member_lots
        )
        db.conn.executemany(
            "INSERT OR REPLACE INTO points_lots (lot_id, member_id, earned_at, expires_at, "
            "remaining) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    return n + len(rows)


_LOT_TRIGGERS = ("points_lots_earn", "points_lots_expire", "points_lots_other")


@contextlib.contextmanager
def _schema_off(
    db: sqlite_utils.Database, *, triggers: bool = True, index_tables: Sequence[str] = ()
) -> Iterator[None]:
    """For bulk writes inside the caller's transaction: the cache's insert triggers
    and the secondary indexes of ``index_tables`` are dropped and put back exactly as
    they were — their SQL read from the schema — before the transaction ends (a unique
    index put back over duplicates fails the transaction). Without the triggers the
    caller brings ``points_lots`` up to date itself (marking the members it wrote stale).
    Row by row, trigger and index upkeep cost minutes for a store's history."""
    names = list(_LOT_TRIGGERS) if triggers else []
    if not names and not index_tables:
        yield
        return
    assert db.conn.in_transaction, "only inside a transaction"
    saved = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE (type = 'trigger' AND name IN "
        "(SELECT value FROM json_each(?))) OR (type = 'index' AND sql IS NOT NULL AND "
        "tbl_name IN (SELECT value FROM json_each(?)))",
        [json.dumps(names), json.dumps(list(index_tables))],
    ).fetchall()
    for kind, name, _sql in saved:
        db.execute(f"DROP {kind.upper()} {name}")
    try:
        yield
    finally:
        if db.conn.in_transaction:  # else the rollback has already put them back
            for _kind, _name, sql in saved:
                db.execute(sql)


def refresh_stale(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> int:
    """Rebuild the lots of members marked stale (only those of ``member_ids`` when
    given); returns how many members were rebuilt."""
    if member_ids is None:
        stale = [r[0] for r in db.execute("SELECT member_id FROM points_lots_stale")]
    else:
        stale = [
            r[0]
            for r in db.execute(
                "SELECT member_id FROM points_lots_stale "
                "WHERE member_id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        ]
    if stale:
        rebuild_lots(db, stale)
    return len(stale)


def lots_mismatches(db: sqlite_utils.Database) -> list[int]:
    """Members whose cached lots differ from a replay of their ledger (stale members
    included); [] when the cache is right."""
    fresh = {
        mid: sorted((lid, rem, exp) for lid, rem, _at, exp in lots)
        for mid, lots in compute_lots(db).items()
        if lots
    }
    cache: dict[int, list[tuple]] = {}
    for lid, mid, rem, exp in db.execute(
        "SELECT lot_id, member_id, remaining, expires_at FROM points_lots ORDER BY lot_id"
    ):
        cache.setdefault(mid, []).append((lid, rem, exp))
    bad = {m for m in set(fresh) | set(cache) if fresh.get(m) != cache.get(m)}
    bad |= {r[0] for r in db.execute("SELECT member_id FROM points_lots_stale")}
    return sorted(bad)


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat() + "T00:00:00"


def _settle(db: sqlite_utils.Database, member_id: int, day: str) -> int:
    """Expire the member's lots whose last valid day is before ``day`` (the same entries
    the expiry job would write); returns the points expired."""
    refresh_stale(db, [member_id])
    rows = db.execute(
        "SELECT lot_id, remaining, expires_at, earned_at FROM points_lots "
        "WHERE member_id = ? AND expires_at < ? ORDER BY expires_at, lot_id",
        [member_id, day],
    ).fetchall()
    if not rows:
        return 0
    left = balance(db, member_id)
    total = 0
    for lot_id, remaining, expires, earned in rows:
        take = min(remaining, left)
        if take <= 0:
            break
        _add(
            db,
            member_id,
            max(_next_day(expires), earned),  # never before the lot itself
            -take,
            "expire",
            ref_type="points_ledger",
            ref_id=lot_id,
        )
        left -= take
        total += take
    refresh_stale(db, [member_id])
    return total
