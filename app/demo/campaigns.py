"""The demo store's campaign call tasks (``campaign_tasks``, what the analytics page
puts on the call list) and the month-end segment snapshots.

* Campaigns: a win-back call for some dormant members on the 5th of each of the last
  six months (most done within a week), a new-arrivals call last month, and open tasks
  due in the coming days — a promotion for some active members and a win-back for
  some dormant ones — so the call list shows them today.
* Snapshots: the last 12 completed months' pyramid layers and lifecycle states
  (``app.analytics.rebuild_snapshots``), so month-over-month movement has something to
  compare with. For a big store they are computed from the arrays (:func:`fill_snapshots`)
  where the build would otherwise wait for a helper, instead of reading 2M purchases
  back; tests/unit/test_demo_big_store.py compares them with a rebuild from the
  finished store."""

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


def _months(cal: _Calendar) -> list[str]:
    return [m for m in snapshot_months(cal) if m >= cal.start.strftime("%Y-%m")]


def write_snapshots(db: sqlite_utils.Database, cal: _Calendar) -> None:
    from app.analytics import rebuild_snapshots

    rebuild_snapshots(db, _months(cal))


def snapshot_inputs(
    db: sqlite_utils.Database, cal: _Calendar, facts: Any, n_members: int, n_purchases: int
) -> dict[str, Any]:  # (n_members: the highest member id)
    """What :func:`fill_snapshots` needs besides the purchases, as the finished store
    would give it to :func:`write_snapshots`: the months, the members' join days and
    hand marks of lost (members.status / status_changed_at are ``facts.status`` /
    ``status_at``), the analytics rules, the time stamp and the highest ids (the
    tables were empty: ids 1..n)."""
    from app.analytics import Rules
    from app.analytics.rows import day_number
    from app.core import now

    start = day_number(cal.start)
    index = {d: k for k, d in enumerate(cal.iso)}
    lost = [i for i, s in enumerate(facts.status) if s == "lost"]
    mark_day = [
        start + index[at[:10]] if at and at[:10] in index else -1_000_000
        for at in (facts.status_at[i] for i in lost)
    ]
    return {
        "months": _months(cal),
        "marks": (np.asarray(lost, np.int64) + 1, np.asarray(mark_day, np.int64)),
        "rules": Rules.load(db),
        "computed_at": now(),
        "max_purchase_id": n_purchases,
        "max_member_id": n_members,
    }


def fill_snapshots(
    conn: Any, cal: _Calendar, pur: Any, joined: np.ndarray, inputs: dict[str, Any]
) -> int:
    """The snapshots into the store's empty tables, from the arrays (``joined``: each
    member's join day index) and :func:`snapshot_inputs`."""
    from app.analytics import fill_snapshots as fill
    from app.analytics.rows import day_number
    from app.analytics.snapshots import month_end

    months = inputs["months"]
    if not months:
        return 0
    last = month_end(dt.date.fromisoformat(months[-1] + "-01"))
    ids = np.arange(1, len(joined) + 1, dtype=np.int64)
    members = (ids, (day_number(cal.start) + joined).astype(np.int32))
    return fill(conn, months, purchase_rows(cal, pur, last), members, inputs["marks"],
                inputs["rules"], computed_at=inputs["computed_at"],
                max_purchase_id=inputs["max_purchase_id"],
                max_member_id=inputs["max_member_id"])  # fmt: skip


def _index_order(
    member: np.ndarray, time: np.ndarray, paid: np.ndarray, disc: np.ndarray
) -> np.ndarray:
    """The order of ``np.lexsort((disc, paid, time, member))`` for rows already in time
    order (the demo's purchase ids follow time): a stable sort by member, then the few
    runs of one member's rows at the same second put in (paid, disc) order. 2M rows:
    0.15-0.18 CPU-s against 0.77-0.83 for the lexsort."""
    order = np.argsort(member, kind="stable")
    m, t = member[order], time[order]
    runs: list[list[int]] = []
    for i in np.flatnonzero((m[1:] == m[:-1]) & (t[1:] == t[:-1])).tolist():
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    for lo, hi in runs:
        seg = order[lo : hi + 1]
        order[lo : hi + 1] = seg[np.lexsort((disc[seg], paid[seg]))]
    return order


def purchase_rows(cal: _Calendar, pur: Any, as_of: dt.date) -> Any:
    """What ``app.analytics.load_rows(db, as_of=as_of)`` reads from the finished store,
    from the arrays: the purchases up to the end of ``as_of`` in the order of its index
    (member, time, paid, discount), a return being a row with a negative amount (the
    demo has no return of nothing)."""
    from app.analytics.rows import PurchaseRows, day_number

    keep = np.flatnonzero(pur.day <= (as_of - cal.start).days)
    member = pur.member[keep].astype(np.int64) + 1
    paid = pur.paid[keep].astype(np.int64)
    disc = pur.disc[keep].astype(bool)
    day = pur.day[keep].astype(np.int64)
    order = _index_order(member, day * 86400 + pur.sec[keep], paid, disc)
    member, paid, disc, day = member[order], paid[order], disc[order], day[order]
    new = np.ones(len(member), bool)  # (member is sorted: np.unique without its sort)
    new[1:] = member[1:] != member[:-1]
    return PurchaseRows(
        as_of=as_of,
        member_ids=member[new],
        member=(np.cumsum(new) - 1).astype(np.int32),
        day=(day + day_number(cal.start)).astype(np.int32),
        paid=paid,
        disc=disc,
        sale=paid >= 0,
    )
