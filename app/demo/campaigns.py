"""The demo store's campaign call tasks (``campaign_tasks``, what the analytics page
puts on the call list) and the month-end segment snapshots.

* Campaigns: a win-back call for some dormant members on the 5th of each of the last
  six months (most done within a week), a new-arrivals call last month, and open tasks
  due in the coming days — a promotion for some active members and a win-back for
  some dormant ones — so the call list shows them today.
* Snapshots: the last 12 completed months' pyramid layers and lifecycle states
  (``app.analytics.rebuild_snapshots``), so month-over-month movement has something to
  compare with."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlite_utils

from app.demo.helpers import _Calendar


def _month_start(d: dt.date, back: int) -> dt.date:
    k = d.year * 12 + d.month - 1 - back
    return dt.date(k // 12, k % 12 + 1, 1)


def campaign_tasks(
    rng: np.random.Generator,
    cal: _Calendar,
    status: list[str],
    call_ok: np.ndarray,
    staff_ids: np.ndarray,
) -> list[tuple[Any, ...]]:
    """``(member_id, purpose, due, note, created_by, created_at, done_at)`` rows."""
    stat = np.asarray(status, dtype=object)
    dormant = np.flatnonzero((stat == "dormant") & call_ok)
    active = np.flatnonzero((stat == "active") & call_ok)
    rows: list[tuple[Any, ...]] = []

    def add(pool: np.ndarray, share: float, purpose: str, due: dt.date, note: str, done: float):
        if not len(pool):
            return
        k = max(1, int(len(pool) * share))
        who = np.sort(rng.choice(pool, size=min(k, len(pool)), replace=False))
        by = int(staff_ids[0])  # the manager sets campaigns up
        made = (due - dt.timedelta(days=2)).isoformat() + "T18:00:00"
        for m in who.tolist():
            finished = None
            if rng.random() < done:
                day = min(due + dt.timedelta(days=int(rng.integers(0, 7))), cal.today)
                finished = day.isoformat() + "T16:30:00"
            rows.append((m + 1, purpose, due.isoformat(), note, by, made, finished))

    for back in range(6, 0, -1):
        due = _month_start(cal.today, back) + dt.timedelta(days=4)
        add(dormant, 0.04, "winback", due, "久未到店，电话问候并邀请回店", 0.9)
    add(active, 0.03, "new_arrivals", _month_start(cal.today, 1) + dt.timedelta(days=9),
        "秋冬新品到店，优先通知会员", 0.85)  # fmt: skip
    soon = cal.today + dt.timedelta(days=int(rng.integers(1, 4)))
    add(active, 0.01, "promotion", soon, "会员日九折，提前告知", 0.0)
    add(dormant, 0.02, "winback", cal.today, "半年未到店，回访了解原因", 0.0)
    return rows


def write_campaign_tasks(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    db.conn.executemany(
        "INSERT INTO campaign_tasks (member_id, purpose, due, note, created_by, created_at, "
        "done_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def snapshot_months(cal: _Calendar) -> list[str]:
    """The last 12 completed months, ``YYYY-MM``."""
    return [_month_start(cal.today, back).strftime("%Y-%m") for back in range(12, 0, -1)]


def write_snapshots(db: sqlite_utils.Database, cal: _Calendar) -> None:
    from app.analytics import rebuild_snapshots

    months = [m for m in snapshot_months(cal) if m >= cal.start.strftime("%Y-%m")]
    rebuild_snapshots(db, months)
