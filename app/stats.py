"""Cached per-member figures (``member_stats``): visits, net spend, first and last
purchase, last clerk. The member list sorts by them and the call list reads them, so
they must be one indexed row away instead of an aggregate over two million purchases.

The cache is derived, never the truth (DESIGN.md, "Rules of thumb"):

* every member has exactly one row (a trigger adds it when the member is inserted,
  ``ON DELETE CASCADE`` removes it);
* ``app.purchases`` updates it incrementally inside the sale's or return's transaction
  (:func:`on_sale`, :func:`on_return`), ``app.merge`` rebuilds the kept member's row;
* :func:`rebuild` recomputes rows from ``purchases``. **Anything that writes purchases
  without going through ``app.purchases`` (the demo generator, an importer) must call
  ``rebuild(db, member_ids)`` in the same transaction, or ``rebuild(db)`` after a bulk
  load**;
* :func:`mismatches` compares the cache with a fresh computation (tests, integrity
  checks).

Definitions: ``visits`` = sale tickets (returns excluded; a returned ticket still was a
visit); ``total_paid_fen`` = what was paid minus what was refunded; ``first/
last_purchase_at`` = first and last *sale*; ``last_clerk_id`` = clerk of the last sale,
ties on ``at`` going to the higher purchase id (the one recorded later). Time-relative
figures (spend in the last 12 months, recency) are not cached: they change with the
date, not with the facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

COLUMNS = (
    "member_id",
    "visits",
    "total_paid_fen",
    "first_purchase_at",
    "last_purchase_at",
    "last_clerk_id",
)

# One member or a few: walk each member's purchases through idx_purchases_member_at.
_COMPUTE_SOME = """
WITH agg AS (
    SELECT member_id,
           SUM(return_of IS NULL) AS visits,
           SUM(paid_fen) AS total,
           MIN(CASE WHEN return_of IS NULL THEN at END) AS first_at,
           MAX(CASE WHEN return_of IS NULL THEN at END) AS last_at
    FROM purchases WHERE member_id IN (SELECT value FROM json_each(:ids)) GROUP BY member_id
)
SELECT m.id, COALESCE(a.visits, 0), COALESCE(a.total, 0), a.first_at, a.last_at,
       (SELECT p.clerk_id FROM purchases p INDEXED BY idx_purchases_member_at
        WHERE p.member_id = m.id AND p.at = a.last_at AND p.return_of IS NULL
        ORDER BY p.id DESC LIMIT 1)
FROM members m LEFT JOIN agg a ON a.member_id = m.id
WHERE m.id IN (SELECT value FROM json_each(:ids))
"""

# Everyone: reading every purchase row in member order costs 2M random page reads
# (7 s on 2M purchases), a table scan with a GROUP BY sort about 3 s. Instead, the
# covering index (member_id, at, paid_fen, …) gives counts, sums and first/last ticket
# without touching the table, and the few return tickets (partial index on return_of)
# are subtracted; only members whose first or last ticket is a return need a second look.
_COMPUTE_ALL = """
WITH a AS (
    SELECT member_id, COUNT(*) AS n, SUM(paid_fen) AS total,
           MIN(at) AS first_at, MAX(at) AS last_at
    FROM purchases GROUP BY member_id
), r AS (
    SELECT member_id, COUNT(*) AS n, MIN(at) AS first_at, MAX(at) AS last_at
    FROM purchases INDEXED BY idx_purchases_return_of
    WHERE return_of IS NOT NULL GROUP BY member_id
), s AS (
    SELECT a.member_id, a.n - COALESCE(r.n, 0) AS visits, a.total,
           CASE WHEN r.first_at <= a.first_at THEN
               (SELECT MIN(at) FROM purchases p
                WHERE p.member_id = a.member_id AND p.return_of IS NULL)
           ELSE a.first_at END AS first_at,
           CASE WHEN r.last_at >= a.last_at THEN
               (SELECT MAX(at) FROM purchases p
                WHERE p.member_id = a.member_id AND p.return_of IS NULL)
           ELSE a.last_at END AS last_at
    FROM a LEFT JOIN r ON r.member_id = a.member_id
)
SELECT m.id, COALESCE(s.visits, 0), COALESCE(s.total, 0), s.first_at, s.last_at,
       (SELECT p.clerk_id FROM purchases p INDEXED BY idx_purchases_member_at
        WHERE p.member_id = m.id AND p.at = s.last_at AND p.return_of IS NULL
        ORDER BY p.id DESC LIMIT 1)
FROM members m LEFT JOIN s ON s.member_id = m.id
WHERE true
"""
# (The final WHERE is never empty: an upsert's SELECT needs one, or SQLite reads
# "ON CONFLICT" as part of the join.)


def _compute_sql(member_ids: Iterable[int] | None) -> tuple[str, dict[str, Any]]:
    if member_ids is None:
        return _COMPUTE_ALL, {}
    return _COMPUTE_SOME, {"ids": json.dumps(sorted({int(i) for i in member_ids}))}


def rebuild(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> int:
    """Recompute the rows of ``member_ids`` (every member when None) from ``purchases``
    and return how many rows were written. Runs in the caller's transaction when there
    is one, else in its own. A full rebuild of 100k members / 2M purchases takes about
    a second or two."""
    if member_ids is not None:
        member_ids = list(member_ids)
        if not member_ids:
            return 0
    sql, params = _compute_sql(member_ids)
    with db.atomic():
        cur = db.execute(
            "INSERT INTO member_stats ("
            + ", ".join(COLUMNS)
            + ") "
            + sql
            + " ON CONFLICT(member_id) DO UPDATE SET visits = excluded.visits, "
            "total_paid_fen = excluded.total_paid_fen, "
            "first_purchase_at = excluded.first_purchase_at, "
            "last_purchase_at = excluded.last_purchase_at, "
            "last_clerk_id = excluded.last_clerk_id",
            params,
        )
        return cur.rowcount


def compute(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> dict[int, tuple]:
    """The figures recomputed from facts, ``{member_id: (visits, total_paid_fen,
    first_purchase_at, last_purchase_at, last_clerk_id)}``; nothing is written."""
    sql, params = _compute_sql(member_ids)
    return {row[0]: tuple(row[1:]) for row in db.execute(sql, params)}


def cached(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> dict[int, tuple]:
    """The cached figures, in the same shape as :func:`compute`."""
    sql = "SELECT " + ", ".join(COLUMNS) + " FROM member_stats"
    params: list[Any] = []
    if member_ids is not None:
        sql += " WHERE member_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted({int(i) for i in member_ids})))
    return {row[0]: tuple(row[1:]) for row in db.execute(sql, params)}


def mismatches(db: sqlite_utils.Database) -> list[int]:
    """Members whose cached row differs from the facts (or is missing); [] when the
    cache is right."""
    fresh = compute(db)
    cache = cached(db)
    bad = {mid for mid, row in fresh.items() if cache.get(mid) != row}
    bad |= set(cache) - set(fresh)
    return sorted(bad)


def get(db: sqlite_utils.Database, member_id: int) -> dict[str, Any] | None:
    """One member's cached figures as a dict, or None for an unknown member."""
    row = db.execute(
        "SELECT " + ", ".join(COLUMNS) + " FROM member_stats WHERE member_id = ?", [member_id]
    ).fetchone()
    return dict(zip(COLUMNS, row, strict=True)) if row else None


# ----------------------------------------------------------- incremental updates
# Called by app.purchases inside the action's transaction. O(1): no aggregate.


def on_sale(
    db: sqlite_utils.Database, *, member_id: int, at: str, paid_fen: int, clerk_id: int | None
) -> None:
    """A sale ticket was added (the newest id, so it wins ties on ``at``)."""
    db.execute(
        """
        UPDATE member_stats SET
            visits = visits + 1,
            total_paid_fen = total_paid_fen + :paid,
            first_purchase_at = CASE WHEN first_purchase_at IS NULL OR :at < first_purchase_at
                                     THEN :at ELSE first_purchase_at END,
            last_clerk_id = CASE WHEN last_purchase_at IS NULL OR :at >= last_purchase_at
                                 THEN :clerk ELSE last_clerk_id END,
            last_purchase_at = CASE WHEN last_purchase_at IS NULL OR :at >= last_purchase_at
                                    THEN :at ELSE last_purchase_at END
        WHERE member_id = :member
        """,
        {"paid": paid_fen, "at": at, "clerk": clerk_id, "member": member_id},
    )


def on_return(db: sqlite_utils.Database, *, member_id: int, paid_fen: int) -> None:
    """A return ticket was added; ``paid_fen`` is its (negative) amount."""
    db.execute(
        "UPDATE member_stats SET total_paid_fen = total_paid_fen + ? WHERE member_id = ?",
        [paid_fen, member_id],
    )
