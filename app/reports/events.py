"""The monthly report's event figures (issue #19, app/service/events.py): the events
held in the month (not cancelled), their guests invited / accepted / attended, the
attendance rate (attended / invited), what the events cost, and what attendees bought
from the event's day to ``SALES_DAYS`` (7) days after it — beside the month before;
and one row per event of the month."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.reports.base import _Month, _pair, _ratio
from app.reports.counts import _any

KEYS = (
    "events",
    "invited",
    "accepted",
    "attended",
    "attendance_rate",
    "event_cost_fen",
    "event_sales_fen",
    "event_buyers",
)


def _rows(db: sqlite_utils.Database, m: _Month) -> list[dict[str, Any]]:
    from app.service.events import SALES_DAYS

    cols = ("id", "name", "kind", "starts_at", "cost_fen", "invited", "accepted", "attended")
    rows = [
        dict(zip(cols, r, strict=True))
        for r in db.execute(
            "SELECT e.id, e.name, e.kind, e.starts_at, e.cost_fen, COUNT(DISTINCT i.member_id), "
            "COUNT(DISTINCT CASE WHEN i.response = 'accepted' THEN i.member_id END), "
            "COUNT(DISTINCT CASE WHEN i.attended = 1 THEN i.member_id END) "
            "FROM events e LEFT JOIN event_invitations i ON i.event_id = e.id "
            "WHERE e.status = 'planned' AND e.starts_at >= ? AND e.starts_at < ? "
            "GROUP BY e.id ORDER BY e.starts_at, e.id",
            [m.lo, m.hi],
        )
    ]
    for r in rows:
        sales = db.execute(
            "SELECT COUNT(DISTINCT p.member_id), COALESCE(SUM(p.paid_fen), 0) FROM purchases p "
            "WHERE p.member_id IN (SELECT member_id FROM event_invitations "
            "WHERE event_id = ? AND attended = 1) AND p.return_of IS NULL "
            "AND p.at >= ? AND p.at < date(?, ?)",
            [r["id"], r["starts_at"][:10], r["starts_at"], f"+{SALES_DAYS + 1} days"],
        ).fetchone()
        r["buyers"], r["sales_fen"] = int(sales[0]), int(sales[1])
    return rows


def _month(rows: list[dict[str, Any]]) -> dict[str, Any]:
    invited = sum(r["invited"] for r in rows)
    attended = sum(r["attended"] for r in rows)
    return {
        "events": len(rows),
        "invited": invited,
        "accepted": sum(r["accepted"] for r in rows),
        "attended": attended,
        "attendance_rate": _ratio(attended, invited),
        "event_cost_fen": sum(r["cost_fen"] for r in rows),
        "event_sales_fen": sum(r["sales_fen"] for r in rows),
        "event_buyers": sum(r["buyers"] for r in rows),
    }


def event_section(db: sqlite_utils.Database, cur: _Month, prev: _Month) -> dict[str, Any]:
    """``{"available", "note", "figures": {KEYS}, "events": [{name, kind, starts_at,
    invited, accepted, attended, sales_fen, buyers, cost_fen}]}`` (money in fen; the
    rate None when nobody was invited)."""
    has = _any(db, "events")
    now_rows = _rows(db, cur) if has else []
    prev_rows = _rows(db, prev) if has else []
    return {
        "available": has,
        "note": None if has else "no_events",
        "figures": _pair(_month(now_rows), _month(prev_rows), KEYS),
        "events": now_rows,
    }
