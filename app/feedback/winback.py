"""Win-back: the dormant members and the win-back rate of the calls made to them (the
rules: ``app.feedback``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import settings
from app import state as app_state
from app.feedback.common import day_range


def _dormant_where(db: sqlite_utils.Database, today: dt.date) -> str:
    """Members whose derived state (app/state.py) is dormant on ``today``."""
    return app_state.sql_filter("dormant", today, app_state.Thresholds.load(db))


def dormant_count(db: sqlite_utils.Database, *, today: dt.date) -> int:
    """How many members ``dormant_members`` would list."""
    return int(
        db.execute(
            "SELECT COUNT(*) FROM member_stats s JOIN members m ON m.id = s.member_id "
            f"WHERE {_dormant_where(db, today)}"
        ).fetchone()[0]
    )


def dormant_members(
    db: sqlite_utils.Database, *, today: dt.date, limit: int | None = None
) -> list[dict[str, Any]]:
    """Dormant customers (app/state.py: last sale more than ``lifecycle_dormant_days``
    and at most ``lifecycle_lost_days`` ago, no hand mark in force), most valuable
    first: id, member_no, name, phone, status,
    last_purchase_at, days_since, total_paid_fen, visits, last_winback_at (the last
    win-back contact), consent (any channel consented)."""
    rows = db.execute(
        f"""SELECT m.id, m.member_no, m.name, m.phone, 'dormant', s.last_purchase_at,
                   s.total_paid_fen, s.visits,
                   (SELECT MAX(c.at) FROM contacts c WHERE c.member_id = m.id
                      AND c.purpose = 'winback') AS last_winback,
                   m.consent_channels <> ''
            FROM member_stats s JOIN members m ON m.id = s.member_id
            WHERE {_dormant_where(db, today)}
            ORDER BY s.total_paid_fen DESC, m.id
            {"LIMIT " + str(int(limit)) if limit else ""}"""
    ).fetchall()
    out = []
    for r in rows:
        out.append(
            {
                "id": r[0],
                "member_no": r[1],
                "name": r[2],
                "phone": r[3],
                "status": r[4],
                "last_purchase_at": r[5],
                "days_since": (today - dt.date.fromisoformat(r[5][:10])).days,
                "total_paid_fen": r[6],
                "visits": r[7],
                "last_winback_at": r[8],
                "consent": bool(r[9]),
            }
        )
    return out


def winback_rate(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """Win-back over ``[start, end]`` (module docstring): ``called`` (dormant members
    reached by a win-back call in the period), ``won`` (bought within the window after
    the call), ``pending`` (window still open, no purchase yet), ``rate`` =
    won / (called − pending) or None, ``window_days``, ``dormant_days``."""
    lo, hi = day_range(start, end)
    window = int(settings.get(db, "feedback_winback_days"))
    dormant_days = int(settings.get(db, "lifecycle_dormant_days"))
    rows = db.execute(
        """
        WITH calls AS (
            SELECT c.member_id, MIN(c.at) AS at FROM contacts c
            WHERE c.purpose = 'winback' AND c.outcome = 'reached' AND c.at >= :lo AND c.at < :hi
              AND EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = c.member_id
                          AND p.return_of IS NULL AND p.at < c.at)
              AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = c.member_id
                          AND p.return_of IS NULL AND p.at < c.at
                          AND p.at >= strftime('%Y-%m-%dT%H:%M:%S', c.at, :back))
            GROUP BY c.member_id)
        SELECT k.member_id, k.at,
               EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = k.member_id
                       AND p.return_of IS NULL AND p.at > k.at
                       AND p.at < strftime('%Y-%m-%dT%H:%M:%S', k.at, :ahead)) AS won,
               date(k.at, :ahead) > :today AS open_window
        FROM calls k
        """,
        {
            "lo": lo,
            "hi": hi,
            "back": f"-{dormant_days} days",
            "ahead": f"+{window} days",
            "today": today.isoformat(),
        },
    ).fetchall()
    called = len(rows)
    won = sum(1 for r in rows if r[2])
    pending = sum(1 for r in rows if not r[2] and r[3])
    decided = called - pending
    return {
        "called": called,
        "won": won,
        "pending": pending,
        "rate": won / decided if decided else None,
        "window_days": window,
        "dormant_days": dormant_days,
    }
