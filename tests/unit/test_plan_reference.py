"""The day's plan made fast (issue #18 item 6) gives the same rows as a straightforward
reading of its rules: on the demo store, over days that hit different rules (today, a
season's start, a week ahead, a month back), the plan's rows — member, clerk, slot, rank,
reasons in order — equal those of a plain per-member Python version built from the same
call list, with each member's value and archive age read one member at a time."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from app import calllist, settings
from app.plan import daily
from app.service import cards, freshness

_LAYER = {"platinum": 4, "gold": 3, "iron": 2, "lead": 1}


def _member_value(db, mid: int, tier: str) -> tuple[int, int, int]:
    rank = db.execute("SELECT rank FROM tiers WHERE code = ?", [tier]).fetchone()
    month = db.execute("SELECT MAX(month) FROM segment_snapshot_months").fetchone()[0]
    layer = db.execute(
        "SELECT layer FROM segment_snapshots WHERE month = ? AND member_id = ?", [month, mid]
    ).fetchone()
    spend = db.execute(
        "SELECT total_paid_fen FROM member_stats WHERE member_id = ?", [mid]
    ).fetchone()
    return (
        rank[0] if rank else 0,
        _LAYER.get(layer[0], 0) if layer else 0,
        spend[0] if spend else 0,
    )


def _stale(db, mid: int, today: dt.date) -> str | None:
    cut = freshness.months_before(today, freshness.fresh_months(db)).isoformat()
    status, checked = db.execute(
        "SELECT status, COALESCE(verified_at, created_at) FROM members WHERE id = ?", [mid]
    ).fetchone()
    if status in ("anonymised", "lost") or checked >= cut:
        return None
    return checked


def _last_clerk(db, mid: int) -> int | None:
    row = db.execute("SELECT last_clerk_id FROM member_stats WHERE member_id = ?", [mid]).fetchone()
    return row[0] if row else None


def reference_plan(db, today: dt.date) -> tuple[list[tuple], dict[str, int]]:
    """The plan's rules read plainly: window per reason, one row per member, VIP talks,
    a verify-details reason for stale archives, rank by (urgency, -tier, -layer,
    -spend, member number), unassigned rows to the least loaded clerk, capacity."""
    capacity = int(settings.get(db, "plan_daily_capacity"))
    tasks = [
        *calllist.call_list(db, today=today),
        *daily._seasonal(db, today),
        *daily._alterations_ready(db, today),
        *daily._event_tasks(db, today),
    ]
    lapsed: Counter[str] = Counter()
    by_member: dict[int, list] = {}
    for t in tasks:
        state = daily.window_state(t.reason, t.days_overdue)
        if state == "lapsed":
            lapsed[t.reason] += 1
        elif state == "open":
            by_member.setdefault(t.member_id, []).append(t)
    manager = daily._manager(db)
    if manager is not None:
        for t in daily._vip_talks(db, today, set(by_member), manager):
            by_member[t.member_id] = [t]
    behind = cards.cards_behind_tier(db)  # a new card rides along (member cards)
    for mid, reasons in by_member.items():
        if mid in behind:
            first = reasons[0]
            member = (mid, first.member_no, first.name, first.phone, first.tier,
                      ",".join(first.channels), _last_clerk(db, mid))  # fmt: skip
            detail = {"card_type": behind[mid][0]}
            reasons.append(daily._service_task(member, "new_card", "other", today, today, detail))
    for mid, reasons in by_member.items():
        checked = _stale(db, mid, today)
        if checked is not None:
            reasons.append(
                daily._service_task(
                    (
                        mid,
                        reasons[0].member_no,
                        reasons[0].name,
                        reasons[0].phone,
                        reasons[0].tier,
                        ",".join(reasons[0].channels),
                        _last_clerk(db, mid),
                    ),
                    "verify_details",
                    "other",
                    today,
                    today,
                    {"checked_at": checked},
                )
            )
    rows = []
    for mid, reasons in by_member.items():
        reasons.sort(
            key=lambda t: (daily.URGENCY[t.reason], -t.days_overdue, daily._ORDER[t.reason])
        )
        first = reasons[0]
        clerk = next((t.clerk_id for t in reasons if t.clerk_id is not None), None)
        value = _member_value(db, mid, first.tier)
        key = (daily.URGENCY[first.reason], -value[0], -value[1], -value[2], first.member_no)
        rows.append([key, mid, clerk, reasons])
    rows.sort(key=lambda r: r[0])
    done = daily._done_today(db, today)
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE active = 1 AND role = 'clerk'")]
    if clerks:
        load = Counter({c: done.get(c, 0) for c in clerks})
        for r in rows:
            if r[2] in load:
                load[r[2]] += 1
        for r in rows:
            if r[2] is None:
                r[2] = min(clerks, key=lambda c: (load[c], c))
                load[r[2]] += 1
    used: Counter = Counter()
    out = []
    for _key, mid, clerk, reasons in rows:
        if reasons[0].reason == "vip_talk":
            slot = daily.TODAY
        elif capacity - done.get(clerk, 0) - used[clerk] > 0:
            slot = daily.TODAY
            used[clerk] += 1
        else:
            slot = daily.LATER
        out.append((mid, clerk, slot, tuple(t.key for t in reasons)))
    ordered = [r for r in out if r[2] == daily.TODAY] + [r for r in out if r[2] != daily.TODAY]
    ranks: Counter = Counter()
    result = []
    for mid, clerk, slot, keys in ordered:
        ranks[clerk] += 1
        result.append((mid, clerk, slot, ranks[clerk], keys))
    return result, dict(lapsed)


@pytest.mark.parametrize("offset", [0, 7, -30, "season"])
def test_the_plan_equals_a_plain_per_member_reading_of_its_rules(demo_db, offset):
    today = dt.date.today()
    if offset == "season":
        day = daily.season_start(today) + dt.timedelta(days=1)
    else:
        day = today + dt.timedelta(days=offset)
    got = daily.daily_plan(demo_db, today=day)
    want_rows, want_lapsed = reference_plan(demo_db, day)
    rows = [
        (r.member_id, r.clerk_id, r.slot, r.rank, tuple(t.key for t in r.reasons)) for r in got.rows
    ]
    assert len(rows) >= 10  # the demo store has a real day's work
    assert rows == want_rows
    assert got.lapsed == want_lapsed
    reasons = {k.split(":")[0] for r in rows for k in r[4]}
    assert "verify_details" in reasons or offset != 0


def test_stale_among_lists_the_same_members_as_stale_members(demo_db):
    today = dt.date.today()
    everyone = [r[0] for r in demo_db.execute("SELECT id FROM members")]
    want = {r["id"]: r["checked_at"] for r in freshness.stale_members(demo_db, today=today)}
    assert want  # the demo store has stale archives
    assert freshness.stale_among(demo_db, today=today, ids=everyone) == want
    some = everyone[::3]
    assert freshness.stale_among(demo_db, today=today, ids=some) == {
        m: c for m, c in want.items() if m in set(some)
    }


@pytest.mark.parametrize("days", [0, 1, 3])
def test_call_list_ahead_leaves_out_only_the_tasks_due_further_ahead(demo_db, days):
    today = dt.date.today()
    reasons = ("birthday", "family_birthday", "wedding_anniversary", "festival", "points_expiring")
    ahead = dict.fromkeys(reasons, days)
    full = calllist.call_list(demo_db, today=today)
    want = [t for t in full if not (t.reason in ahead and t.days_overdue < -days)]
    assert len(want) < len(full)  # the demo store has upcoming birthdays
    got = calllist.call_list(demo_db, today=today, ahead=ahead)
    assert [(t.key, t.attempts, t.clerk_id) for t in got] == [
        (t.key, t.attempts, t.clerk_id) for t in want
    ]
