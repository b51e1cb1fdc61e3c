"""Reading the programme for the pages: a member's ledger with its running balance,
what the points tab shows, and the store's liability (outstanding points)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import settings
from app.loyalty.entries import balance
from app.loyalty.lots import compute_lots
from app.loyalty.rewards import list_rewards
from app.loyalty.rules import started

EXPIRING_DAYS = 30  # "expiring soon" on the member card and the points tab

LEDGER_COLUMNS = (
    "id",
    "at",
    "delta",
    "reason",
    "ref_type",
    "ref_id",
    "expires_at",
    "clerk_id",
    "clerk_name",
    "note",
    "ref_label",
    "balance_after",
)


def ledger(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """The member's entries, newest first, each with ``clerk_name``, ``ref_label`` (the
    ticket number, reward name, referred member, or the day an expired lot was earned)
    and ``balance_after``."""
    rows = db.execute(
        """
        SELECT e.id, e.at, e.delta, e.reason, e.ref_type, e.ref_id, e.expires_at, e.clerk_id,
               u.display_name, e.note,
               CASE e.ref_type
                   WHEN 'purchase' THEN (SELECT COALESCE(p.ticket_no, '#' || p.id)
                                         FROM purchases p WHERE p.id = e.ref_id)
                   WHEN 'reward' THEN (SELECT w.name FROM rewards w WHERE w.id = e.ref_id)
                   WHEN 'member' THEN (SELECT m.member_no || ' ' || m.name FROM members m
                                       WHERE m.id = e.ref_id AND e.reason = 'referral')
                   WHEN 'points_ledger' THEN (SELECT substr(l.at, 1, 10) FROM points_ledger l
                                              WHERE l.id = e.ref_id)
                   ELSE CASE WHEN e.reason = 'opening' THEN e.ref_type END
               END
        FROM points_ledger e LEFT JOIN users u ON u.id = e.clerk_id
        WHERE e.member_id = ? ORDER BY e.at, e.id
        """,
        [member_id],
    ).fetchall()
    out = []
    running = 0
    for r in rows:
        running += r[2]
        out.append(dict(zip(LEDGER_COLUMNS, (*r, running), strict=True)))
    out.reverse()
    return out


def member_points(
    db: sqlite_utils.Database, member_id: int, *, today: dt.date, with_ledger: bool = True
) -> dict[str, Any]:
    """What the points tab shows: ``balance``, ``value_fen`` (× the point value),
    ``expiring_points`` within :data:`EXPIRING_DAYS` days (points already due count),
    ``next_expiry`` (the first last-valid-day among them), ``lots`` (remaining lots,
    oldest first), ``rewards`` (active, with ``affordable``), ``started`` and
    ``ledger`` (:func:`ledger`)."""
    bal = balance(db, member_id)
    stale = db.execute(
        "SELECT 1 FROM points_lots_stale WHERE member_id = ?", [member_id]
    ).fetchone()
    if stale:
        lots = [
            (lid, rem, at, exp)
            for lid, rem, at, exp in compute_lots(db, [member_id]).get(member_id, [])
        ]
    else:
        lots = [
            tuple(r)
            for r in db.execute(
                "SELECT lot_id, remaining, earned_at, expires_at FROM points_lots "
                "WHERE member_id = ? ORDER BY earned_at, lot_id",
                [member_id],
            )
        ]
    horizon = (today + dt.timedelta(days=EXPIRING_DAYS)).isoformat()
    soon = [lot for lot in lots if lot[3] is not None and lot[3] <= horizon]
    rewards = [
        {**w, "affordable": w["cost_points"] <= bal} for w in list_rewards(db, active_only=True)
    ]
    value = int(settings.get(db, "loyalty_point_value_fen"))
    return {
        "balance": bal,
        "value_fen": bal * value,
        "point_value_fen": value,
        "expiring_points": sum(lot[1] for lot in soon),
        "next_expiry": min((lot[3] for lot in soon), default=None),
        "lots": [
            {"lot_id": lid, "remaining": rem, "earned_at": at, "expires_at": exp}
            for lid, rem, at, exp in lots
        ],
        "rewards": rewards,
        "started": started(db, today),
        "ledger": ledger(db, member_id) if with_ledger else [],
    }


def liability(db: sqlite_utils.Database, *, today: dt.date) -> dict[str, Any]:
    """The outstanding points (the store's debt to its members): ``points`` (the ledger
    sum minus points already past their last valid day), ``value_fen`` (× the point
    value), ``point_value_fen``, ``members`` holding points, ``expiring_points`` within
    :data:`EXPIRING_DAYS` days, and ``tiers`` (``{code: members}``)."""
    day = today.isoformat()
    horizon = (today + dt.timedelta(days=EXPIRING_DAYS)).isoformat()
    total = db.execute("SELECT COALESCE(SUM(delta), 0) FROM points_ledger").fetchone()[0]
    due, holders, soon = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN expires_at < :d THEN remaining END), 0), "
        "COUNT(DISTINCT CASE WHEN expires_at IS NULL OR expires_at >= :d THEN member_id END), "
        "COALESCE(SUM(CASE WHEN expires_at >= :d AND expires_at <= :h THEN remaining END), 0) "
        "FROM points_lots",
        {"d": day, "h": horizon},
    ).fetchone()
    points = int(total) - int(due)
    value = int(settings.get(db, "loyalty_point_value_fen"))
    tiers = dict(
        db.execute("SELECT tier, COUNT(*) FROM members WHERE status <> 'anonymised' GROUP BY tier")
    )
    return {
        "points": points,
        "value_fen": points * value,
        "point_value_fen": value,
        "members": int(holders),
        "expiring_points": int(soon),
        "tiers": tiers,
    }
