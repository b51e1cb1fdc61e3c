"""The monthly report's archive freshness figures (issue #19)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.reports.base import _Month, _pair
from app.reports.counts import _any


def archive_section(db: sqlite_utils.Database, cur: _Month, prev: _Month) -> dict[str, Any]:
    """Archive freshness (issue #19, ``app.service.freshness``): ``stale`` — members
    whose details were last checked more than ``archive_fresh_months`` before the end of
    the month; ``verified`` — members whose details were checked in the month (the
    latest check each; an earlier one is not kept)."""
    from app.service import freshness

    def month(m: _Month) -> dict[str, Any]:
        verified = db.execute(
            "SELECT COUNT(*) FROM members WHERE verified_at >= ? AND verified_at < ?",
            [m.lo, m.hi],
        ).fetchone()[0]
        return {"stale": freshness.stale_count(db, at=m.next), "verified": verified}

    has = _any(db, "members")
    return {
        "available": has,
        "note": None if has else "no_members",
        "months": freshness.fresh_months(db),
        "figures": _pair(month(cur), month(prev), ("stale", "verified")),
    }
