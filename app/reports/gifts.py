"""The monthly report's gift figures (issue #19): gifts given in the month, what they
cost, and the cost per tier — by the tier the member held at the end of the month
(``app.reports.tiers``), beside the month before."""

from __future__ import annotations

from typing import Any

import numpy as np
import sqlite_utils

from app.reports.base import _Month, _pair, _rows_pair
from app.reports.counts import _any
from app.reports.tiers import _Tiers


def _month(db: sqlite_utils.Database, m: _Month, tiers: _Tiers) -> dict[str, Any]:
    rows = db.execute(
        "SELECT member_id, cost_fen FROM gifts WHERE given_on >= ? AND given_on < ?",
        [m.lo, m.hi],
    ).fetchall()
    ids = np.array([r[0] for r in rows], np.int64)
    cost = np.array([r[1] for r in rows], np.int64)
    return {
        "gifts": len(rows),
        "cost_fen": int(cost.sum()) if len(rows) else 0,
        "by_tier": tiers.sums(ids, cost) if len(rows) else {},
    }


def gift_section(
    db: sqlite_utils.Database,
    cur: _Month,
    prev: _Month,
    tiers: list[_Tiers],
    tier_order: list[str],
) -> dict[str, Any]:
    """``{"available", "note", "figures": {gifts, cost_fen}, "by_tier": [{code, value,
    previous, change}]}`` (cost in fen; tiers highest first, only those with a gift in
    either month)."""
    has = _any(db, "gifts")
    g_cur, g_prev = _month(db, cur, tiers[0]), _month(db, prev, tiers[1])
    present = set(g_cur["by_tier"]) | set(g_prev["by_tier"])
    order = [t for t in tier_order if t in present] + sorted(present - set(tier_order))
    return {
        "available": has,
        "note": None if has else "no_gifts",
        "figures": _pair(g_cur, g_prev, ("gifts", "cost_fen")),
        "by_tier": _rows_pair(g_cur["by_tier"], g_prev["by_tier"], order),
    }
