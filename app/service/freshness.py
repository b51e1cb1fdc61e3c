"""Archive freshness (设定新鲜度管理标准, issue #19): a member's details were last
checked at ``members.verified_at`` (else when the card was made, ``created_at``); after
``archive_fresh_months`` (setting, default 12) months the archive is *stale* and the
details should be verified at the next call or visit.

``stale_members`` lists them (not anonymised, not lost); ``stale_count`` counts them at
a moment — for a past moment, as far as the stored dates tell (a member verified since
counts as checked then, as the earlier check is not kept)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from app import settings


def fresh_months(db: sqlite_utils.Database) -> int:
    return int(settings.get(db, "archive_fresh_months"))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when shorter)."""
    k = day.year * 12 + day.month - 1 - months
    y, m = divmod(k, 12)
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(day.day, last))


_CHECKED = "COALESCE(verified_at, created_at)"
_WHO = "status NOT IN ('anonymised', 'lost')"


def stale_members(db: sqlite_utils.Database, *, today: dt.date) -> list[dict[str, Any]]:
    """Members whose details were last checked before ``today`` − N months, the longest
    unchecked first: ``id``, ``member_no``, ``checked_at``."""
    cut = months_before(today, fresh_months(db)).isoformat()
    cur = db.execute(
        f"SELECT id, member_no, {_CHECKED} AS checked_at FROM members "
        f"WHERE {_WHO} AND {_CHECKED} < ? ORDER BY checked_at, id",
        [cut],
    )
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def stale_count(db: sqlite_utils.Database, *, at: dt.date) -> int:
    """Members with a card made before ``at`` whose last stored check is older than
    ``at`` − N months (a member verified after ``at`` counts as not stale: the check
    before is not kept)."""
    cut = months_before(at, fresh_months(db)).isoformat()
    return int(
        db.execute(
            f"SELECT COUNT(*) FROM members WHERE {_WHO} AND created_at < ? AND {_CHECKED} < ?",
            [at.isoformat(), cut],
        ).fetchone()[0]
    )


def stale_cut(db: sqlite_utils.Database, *, today: dt.date) -> str:
    """Details last checked before this ISO day are stale on ``today``."""
    return months_before(today, fresh_months(db)).isoformat()


def checked_if_stale_sql(m: str = "m") -> str:
    """SQL: the member row ``m``'s ``checked_at`` when it is stale (as
    :func:`stale_members` says) against the parameter ``:stale_cut``, else NULL."""
    checked = f"COALESCE({m}.verified_at, {m}.created_at)"
    return (
        f"CASE WHEN {m}.status NOT IN ('anonymised', 'lost') AND {checked} < :stale_cut "
        f"THEN {checked} END"
    )


def stale_among(db: sqlite_utils.Database, *, today: dt.date, ids: list[int]) -> dict[int, str]:
    """``member_id -> checked_at`` for the members of ``ids`` that :func:`stale_members`
    lists."""
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT m.id, {checked_if_stale_sql('m')} FROM json_each(:ids) j CROSS JOIN members m "
        "ON m.id = j.value",
        {"ids": json.dumps(ids), "stale_cut": stale_cut(db, today=today)},
    ).fetchall()
    return {mid: checked for mid, checked in rows if checked is not None}
