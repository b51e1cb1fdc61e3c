"""The report's small SQL figures: members joined, complaints, satisfaction, points,
birthdays."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from typing import Any

import sqlite_utils

from app.reports.base import _Month, add_months


def _members_sql(db: sqlite_utils.Database, months: list[_Month]) -> list[dict[str, int]]:
    """Members who had joined by the end of each month, and who joined in it (one pass
    over the members for all the months)."""
    counts = ", ".join(
        "COUNT(CASE WHEN joined_on < ? THEN 1 END), "
        "COUNT(CASE WHEN joined_on >= ? AND joined_on < ? THEN 1 END)"
        for _ in months
    )
    row = db.execute(
        f"SELECT {counts} FROM members", [v for m in months for v in (m.hi, m.lo, m.hi)]
    ).fetchone()
    return [{"total": int(row[2 * k]), "new": int(row[2 * k + 1])} for k in range(len(months))]


def _complaints(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi}
    opened = db.execute(
        "SELECT COUNT(*) FROM complaints WHERE at >= :lo AND at < :hi", p
    ).fetchone()[0]
    spans = [
        float(x)
        for (x,) in db.execute(
            "SELECT julianday(resolved_at) - julianday(at) FROM complaints "
            "WHERE resolved_at >= :lo AND resolved_at < :hi",
            p,
        )
        if x is not None
    ]
    open_at_end = db.execute(
        "SELECT COUNT(*) FROM complaints WHERE at < :hi "
        "AND (resolved_at IS NULL OR resolved_at >= :hi)",
        p,
    ).fetchone()[0]
    cats = dict(
        db.execute(
            "SELECT category, COUNT(*) FROM complaints WHERE at >= :lo AND at < :hi "
            "GROUP BY category",
            p,
        ).fetchall()
    )
    return {
        "opened": int(opened),
        "resolved": len(spans),
        "median_days": round(statistics.median(spans), 2) if spans else None,
        "open_at_end": int(open_at_end),
        "by_category": {k: int(v) for k, v in cats.items()},
    }


def _satisfaction(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi}
    n, overall = db.execute(
        "SELECT COUNT(*), AVG(overall) FROM surveys WHERE at >= :lo AND at < :hi", p
    ).fetchone()
    factors = {
        f: {"satisfaction": round(s, 4), "importance": round(i, 4), "answers": int(k)}
        for f, s, i, k in db.execute(
            "SELECT ss.factor, AVG(ss.satisfaction), AVG(ss.importance), COUNT(*) "
            "FROM surveys s JOIN survey_scores ss ON ss.survey_id = s.id "
            "WHERE s.at >= :lo AND s.at < :hi GROUP BY ss.factor ORDER BY ss.factor",
            p,
        )
    }
    return {
        "surveys": int(n),
        "overall": None if overall is None else round(float(overall), 4),
        "factors": factors,
    }


def _points(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi, "last": m.last.isoformat()}
    issued, redeemed, expired, other = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN delta > 0 THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN reason = 'redeem' THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN reason = 'expire' THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN delta < 0 AND reason NOT IN ('redeem', 'expire') "
        "THEN delta END), 0) FROM points_ledger WHERE at >= :lo AND at < :hi",
        p,
    ).fetchone()
    total = db.execute(
        "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE at < :hi", p
    ).fetchone()[0]
    due = db.execute(
        "SELECT COALESCE(SUM(remaining), 0) FROM points_lots "
        "WHERE expires_at < :last AND earned_at < :hi",
        p,
    ).fetchone()[0]
    return {
        "issued": int(issued),
        "redeemed": int(redeemed),
        "expired": int(expired),
        "clawed_back": int(other),
        "outstanding": int(total) - int(due),
    }


def _birthdays(db: sqlite_utils.Database, first: dt.date) -> int:
    """Members (not anonymised) whose own birthday falls in the month from ``first``."""
    from app.occasions import occasion_keys

    last = add_months(first, 1) - dt.timedelta(days=1)
    keys = [[cal, md, leap] for (cal, md, leap) in occasion_keys(first, last)]
    return int(
        db.execute(
            "SELECT COUNT(*) FROM (SELECT json_extract(value, '$[0]') AS cal, "
            "json_extract(value, '$[1]') AS md, json_extract(value, '$[2]') AS leap "
            "FROM json_each(?)) k JOIN members m ON substr(m.birthday, -5) = k.md "
            "AND m.birthday_calendar = k.cal AND m.birthday_leap = k.leap "
            "WHERE m.status <> 'anonymised'",
            [json.dumps(keys)],
        ).fetchone()[0]
    )


def _any(db: sqlite_utils.Database, table: str, where: str = "") -> bool:
    return db.execute(f"SELECT EXISTS (SELECT 1 FROM {table} {where})").fetchone()[0] == 1
