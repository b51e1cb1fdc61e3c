"""The report's follow-up work: post-sale and scheduled follow-up tasks due in a month,
which were done or overdue, and the calls per clerk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlite_utils

from app import settings as app_settings
from app.analytics import rows as R
from app.reports.base import _Month, _ratio

_CLEARS = "(c.outcome IN ('reached', 'declined', 'wrong_number') OR c.next_follow_up IS NOT NULL)"


# ------------------------------------------------------------------ SQL figures


def _seconds(text: str, n: int) -> np.ndarray:
    """Seconds since 1970 (local time, as stored) of ``n`` comma-joined ISO times:
    the fixed ``YYYY-MM-DDThh:mm:ss`` shape through numpy, anything else one by one."""
    joined = text + ","
    day = R.parse_days(joined, n)
    if day is not None:
        b = np.frombuffer(joined.encode("ascii"), np.uint8).reshape(n, 20)[:, 11:19]
        d = b.astype(np.int64) - 48
        digits = d[:, [0, 1, 3, 4, 6, 7]]
        if ((digits >= 0) & (digits <= 9)).all() and (b[:, [2, 5]] == ord(":")).all():
            hms = (d[:, 0] * 10 + d[:, 1]) * 3600 + (d[:, 3] * 10 + d[:, 4]) * 60
            return day.astype(np.int64) * 86400 + hms + d[:, 6] * 10 + d[:, 7]
    epoch = dt.datetime(1970, 1, 1)
    return np.array(
        [int((dt.datetime.fromisoformat(v[:19]) - epoch).total_seconds()) for v in text.split(",")],
        np.int64,
    )


def _follow_up(
    db: sqlite_utils.Database, months: list[_Month], today: dt.date
) -> list[dict[str, Any]]:
    """Follow-up work of each of ``months`` (module docstring), in one pass over the
    sales and post-sale contacts of the span: ``{"clerks": {clerk_id: row}, "total"}``."""
    grace_ps = int(app_settings.get(db, "calllist_post_sale_overdue_days"))
    grace_fu = int(app_settings.get(db, "calllist_follow_up_overdue_days"))
    lo = min(m.first for m in months) - dt.timedelta(days=7)
    hi = max(m.next for m in months)
    day_today = today.isoformat()
    per: list[dict[Any, dict[str, Any]]] = [{} for _ in months]

    def row(k: int, clerk: Any) -> dict[str, Any]:
        r = per[k].get(clerk)
        if r is None:
            r = per[k][clerk] = {"due": 0, "done": 0, "overdue": 0, "calls": 0, "reached": 0}
        return r

    def which(due: str) -> int:
        for k, m in enumerate(months):
            if m.lo <= due < m.hi:
                return k
        return -1

    def count(k: int, clerk: Any, due: str, done: bool) -> None:
        r = row(k, clerk)
        r["due"] += 1
        if done:
            r["done"] += 1
        elif due < day_today:
            r["overdue"] += 1

    # Post-sale tasks, vectorised (the demo's 100k-member store has ~90k a month):
    # times become seconds from ``lo``, contacts and tasks are keyed by
    # (member, kind) << 32 | seconds, and "a clearing contact from the sale up to the
    # last day shown" is one searchsorted.
    base = lo.isoformat()
    p = {
        "base": base,
        "c_hi": (hi + dt.timedelta(days=grace_ps + 8)).isoformat(),
        "s_hi": (hi - dt.timedelta(days=1)).isoformat(),
    }
    base_sec = R.day_number(lo) * 86400
    row_c = db.execute(
        "SELECT group_concat(member_id * 2 + (purpose = 'post_sale_day7'), ','), "
        "group_concat(at, ','), COUNT(*) FROM contacts c "
        "WHERE purpose IN ('post_sale_day1', 'post_sale_day7') AND at >= :base "
        "AND at < :c_hi AND " + _CLEARS,
        p,
    ).fetchone()
    contact_codes = np.zeros(0, np.int64)
    if row_c[2]:
        c_key = R.parse_ints(row_c[0], row_c[2])
        c_sec = _seconds(row_c[1], row_c[2]) - base_sec
        contact_codes = np.sort((c_key << 32) | c_sec)
    # one task pair per member and sale day: the day's first sale gives the time a
    # contact must follow and the clerk (rows come in time order from the (at) index)
    row_s = db.execute(
        "SELECT group_concat(member_id, ','), group_concat(at, ','), "
        "group_concat(IFNULL(clerk_id, -1), ','), COUNT(*) FROM purchases "
        "WHERE at >= :base AND at < :s_hi AND return_of IS NULL",
        p,
    ).fetchone()
    g_mid = g_day = g_sec = g_clerk = np.zeros(0, np.int64)
    if row_s[3]:
        n_rows = row_s[3]
        mid = R.parse_ints(row_s[0], n_rows)
        sec = _seconds(row_s[1], n_rows) - base_sec
        clerk = R.parse_ints(row_s[2], n_rows)
        order = np.lexsort((sec, mid))
        mid, sec, clerk = mid[order], sec[order], clerk[order]
        day = sec // 86400
        first = np.ones(n_rows, bool)
        first[1:] = (mid[1:] != mid[:-1]) | (day[1:] != day[:-1])
        g_mid, g_day, g_sec, g_clerk = mid[first], day[first], sec[first], clerk[first]
    today_off = (today - lo).days
    bounds = np.array([(m.first - lo).days for m in months] + [(hi - lo).days])
    tally: dict[tuple[int, Any, str], int] = {}
    for n in (1, 7):
        due = g_day + n
        k = np.searchsorted(bounds, due, side="right") - 1
        inm = (k >= 0) & (k < len(months))
        key = (g_mid[inm] * 2 + (n == 7)) << 32
        start = key | g_sec[inm]
        limit = key | ((due[inm] + grace_ps + 1) * 86400)
        i = np.searchsorted(contact_codes, start, side="left")
        nxt = contact_codes[np.minimum(i, len(contact_codes) - 1)] if len(contact_codes) else start
        done = (i < len(contact_codes)) & (nxt < limit)
        status = np.where(done, 0, np.where(due[inm] < today_off, 1, 2))
        code = (k[inm] * 3 + status) * (1 << 32) + (g_clerk[inm] + 1)
        for c, cnt in zip(*np.unique(code, return_counts=True), strict=True):
            kk, st = divmod(int(c) >> 32, 3)
            clerk = int(c) & 0xFFFFFFFF
            t = (kk, None if clerk == 0 else clerk - 1, ("done", "overdue", "pending")[st])
            tally[t] = tally.get(t, 0) + int(cnt)
    for (k_, clerk_id, status), n in tally.items():
        r = row(k_, clerk_id)
        r["due"] += n
        if status != "pending":
            r[status] += n

    # scheduled follow-ups
    for due, clerk_id, done in db.execute(
        "SELECT substr(s.next_follow_up, 1, 10), s.clerk_id, EXISTS (SELECT 1 FROM contacts c "
        "WHERE c.member_id = s.member_id AND c.at >= s.at AND (c.at > s.at OR c.id > s.id) "
        "AND c.at < date(substr(s.next_follow_up, 1, 10), ?) AND "
        + _CLEARS
        + ") FROM contacts s WHERE s.next_follow_up IS NOT NULL "
        "AND s.next_follow_up >= ? AND s.next_follow_up < ?",
        [f"+{grace_fu + 1} days", min(m.lo for m in months), hi.isoformat()],
    ):
        k = which(due)
        if k >= 0:
            count(k, clerk_id, due, bool(done))

    # calls per clerk and month (the months do not overlap): one pass over the contacts,
    # each a number (month, clerk, reached) summed by numpy (SQLite's GROUP BY through a
    # temporary b-tree took twice as long)
    month_of = " ".join(f"WHEN at >= ? AND at < ? THEN {k}" for k in range(len(months)))
    bounds = [b for m in months for b in (m.lo, m.hi)]
    codes_text, n_calls = db.execute(
        f"SELECT group_concat(((CASE {month_of} END) * 4294967296 + IFNULL(clerk_id, -1) + 1)"
        f" * 2 + (outcome = 'reached'), ','), COUNT(CASE {month_of} END) FROM contacts "
        "WHERE at >= ? AND at < ?",
        [*bounds, *bounds, min(m.lo for m in months), hi.isoformat()],
    ).fetchone()
    if n_calls:
        call_codes = R.parse_ints(codes_text, n_calls)
        if len(call_codes) != n_calls:
            raise ValueError("contacts: unexpected clerk or time format")
        groups, counts = np.unique(call_codes >> 1, return_counts=True)
        reached = np.bincount(
            np.searchsorted(groups, call_codes >> 1), call_codes & 1, minlength=len(groups)
        )
        for g, calls, got in zip(groups.tolist(), counts.tolist(), reached.tolist(), strict=True):
            k, clerk = divmod(g, 1 << 32)
            r = row(k, None if clerk == 0 else clerk - 1)
            r["calls"], r["reached"] = int(calls), int(got)
    out = []
    for k in range(len(months)):
        for r in per[k].values():
            r["reached_rate"] = _ratio(r["reached"], r["calls"])
        total: dict[str, Any] = {
            key: sum(r[key] for r in per[k].values())
            for key in ("due", "done", "overdue", "calls", "reached")
        }
        total["reached_rate"] = _ratio(total["reached"], total["calls"])
        out.append({"clerks": per[k], "total": total})
    return out
