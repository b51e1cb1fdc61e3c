"""The monthly report's ``build``: every section of a month beside the month before."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import sqlite_utils

from app import analytics as S
from app import settings as app_settings
from app.analytics import rows as R
from app.core import gc_deferred
from app.normalize import mask_phone
from app.reports.base import (
    TOP_N,
    TREND_MONTHS,
    Cancel,
    Progress,
    ReportError,
    _Month,
    _pair,
    _rows_pair,
    add_months,
    figure,
    month_text,
    parse_month,
)
from app.reports.counts import _any, _birthdays, _complaints, _members_sql, _points, _satisfaction
from app.reports.events import event_section
from app.reports.follow_up import _follow_up
from app.reports.freshness import archive_section
from app.reports.gifts import gift_section
from app.reports.purchases import _movement, _Purchases
from app.reports.staff import staff_section
from app.reports.tiers import _tiers_at


def build(
    db: sqlite_utils.Database,
    month: str,
    *,
    today: dt.date | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> dict[str, Any]:
    """Every figure of ``month`` (``YYYY-MM``) and the previous month (module
    docstring). ``today`` (default: the date today) decides what is overdue and whether
    the month is still running (``partial``); a month that has not begun is refused.

    No cyclic garbage collection runs meanwhile (``core.gc_deferred``): on the reports
    page's worker a full collection of the window's heap held the GIL and froze the
    window ~180 ms (the stall benchmark on the 100k store)."""
    with gc_deferred():
        return _build(db, month, today=today, on_progress=on_progress, should_cancel=should_cancel)


def _build(
    db: sqlite_utils.Database,
    month: str,
    *,
    today: dt.date | None,
    on_progress: Progress | None,
    should_cancel: Cancel | None,
) -> dict[str, Any]:
    today = today or dt.date.today()
    first = parse_month(month)
    if first > today:
        raise ReportError(f"{month} has not begun yet")

    def progress(done: int) -> None:
        if on_progress is not None:
            on_progress(done, 100)
        if should_cancel is not None and should_cancel():
            raise S.Cancelled("report cancelled")

    progress(0)
    cur, prev, prev2 = _Month(first), _Month(add_months(first, -1)), _Month(add_months(first, -2))
    rules = S.Rules.load(db)
    codes = rules.layer_codes()
    store_name = str(app_settings.get(db, "store_name"))
    point_value = int(app_settings.get(db, "loyalty_point_value_fen"))
    sections: dict[str, Any] = {}

    has_purchases = _any(db, "purchases")

    # The figures that do not need the purchase rows (follow-up work, ~1 s on the 100k
    # store, and the small ones) are made on a second connection while the purchases
    # are read: SQLite releases the GIL as it steps.
    def sql_figures(other: sqlite_utils.Database) -> dict[str, Any]:
        return {
            "follow_up": _follow_up(other, [prev, cur], today),
            "members": _members_sql(other, [cur, prev]),
            "complaints": [_complaints(other, m) for m in (cur, prev)],
            "satisfaction": [_satisfaction(other, m) for m in (cur, prev)],
            "points": [_points(other, m) for m in (cur, prev)],
            "birthdays": [_birthdays(other, cur.next), _birthdays(other, cur.first)],
            "tiers": _tiers_at(other, [cur.hi, prev.hi]),
        }

    background = R.in_background(db, sql_figures)
    # rows in detail from the first day any figure looks at: the 12 months before the
    # earliest month end (two months back) and the trend's first month
    since = min(
        prev2.last - dt.timedelta(days=S.WINDOW_DAYS - 1),
        add_months(first, 1 - TREND_MONTHS),
    )
    pur = _Purchases(db, since, cur.last, should_cancel)
    progress(50)
    pm_cur, pm_prev = pur.month(cur), pur.month(prev)
    # the three month-end states (~40 ms each: _Purchases.facts_at)
    st_cur, st_prev, st_prev2 = (pur.state(m.last, rules) for m in (cur, prev, prev2))
    progress(70)

    # members
    bg = background()
    mem_cur = {**bg["members"][0], "active": pm_cur["buyers"]}
    mem_prev = {**bg["members"][1], "active": pm_prev["buyers"]}
    for d, pm, st in ((mem_cur, pm_cur, st_cur), (mem_prev, pm_prev, st_prev)):
        d["dormant"] = st["life_counts"]["dormant"]
        d["lost"] = st["life_counts"]["lost"]
        d["first_time"] = pm["first_time"]
    sections["members"] = {
        "available": mem_cur["total"] > 0,
        "note": None if mem_cur["total"] else "no_members",
        "figures": _pair(
            mem_cur, mem_prev, ("total", "new", "active", "first_time", "dormant", "lost")
        ),
    }

    # sales
    def by_tier(pm: dict[str, Any], m: _Month) -> dict[str, int]:
        net = pm["net"]
        nz = np.flatnonzero(net)
        return bg["tiers"][0 if m is cur else 1].sums(pur.rows.member_ids[nz], net[nz])

    def by_layer(pm: dict[str, Any], st: dict[str, Any]) -> dict[str, int]:
        lay = pur.layer_of_rows_members(st)
        out = {c: 0 for c in codes}
        ok = lay >= 0
        sums = np.bincount(lay[ok], pm["net"][ok].astype(np.float64), minlength=len(codes))
        for i, c in enumerate(codes):
            out[c] = round(float(sums[i]))
        return out

    tier_order = [c for (c,) in db.execute("SELECT code FROM tiers ORDER BY rank DESC").fetchall()]
    t_cur, t_prev = by_tier(pm_cur, cur), by_tier(pm_prev, prev)
    tier_order += sorted((set(t_cur) | set(t_prev)) - set(tier_order))
    keys = ("total_fen", "tickets", "avg_ticket_fen", "repeat_rate", "top20_share")
    sections["sales"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "figures": _pair(pm_cur, pm_prev, keys),
        "by_tier": _rows_pair(t_cur, t_prev, tier_order),
        "by_layer": _rows_pair(by_layer(pm_cur, st_cur), by_layer(pm_prev, st_prev), list(codes)),
    }

    # top members
    net = pm_cur["net"]
    pos = np.flatnonzero(net > 0)
    order = pos[np.lexsort((pur.rows.member_ids[pos], -net[pos]))][:TOP_N]
    top_ids = [int(pur.rows.member_ids[i]) for i in order]
    info = {
        int(r[0]): r[1:]
        for r in db.execute(
            "SELECT id, member_no, name, phone FROM members "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(top_ids)],
        )
    }
    tiers_top = bg["tiers"][0]
    lay_rows = pur.layer_of_rows_members(st_cur)
    prev_net = pm_prev["net"]
    sections["top_members"] = {
        "available": bool(top_ids),
        "note": None if top_ids else "no_sales_this_month" if has_purchases else "no_purchases",
        "rows": [
            {
                "rank": k + 1,
                "member_id": mid,
                "member_no": info.get(mid, ("", "", None))[0],
                "name": info.get(mid, ("", "", None))[1],
                "phone": mask_phone(info.get(mid, ("", "", None))[2]),
                "tier": tiers_top.get(mid, "normal"),
                "layer": codes[lay_rows[i]] if lay_rows[i] >= 0 else None,
                "spend_fen": int(net[i]),
                "previous_fen": int(prev_net[i]),
                "tickets": int(pm_cur["tickets_per"][i]),
            }
            for k, (i, mid) in enumerate(zip(order, top_ids, strict=True))
        ],
    }

    # segments and movement
    had_before = bool(len(st_prev["ids"])) and int(pur.first_sale.min(initial=1 << 40)) <= prev.d1
    sections["segments"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "pyramid": _rows_pair(st_cur["layer_counts"], st_prev["layer_counts"], list(codes)),
        "lifecycle": _rows_pair(st_cur["life_counts"], st_prev["life_counts"], list(S.LIFECYCLE)),
        "movement": _movement(st_prev, st_cur, codes),
        "movement_previous": _movement(st_prev2, st_prev, codes),
        "movement_note": None if had_before else "no_previous_month",
    }
    progress(80)

    # follow-up
    fu_prev, fu_cur = bg["follow_up"]
    clerk_ids = sorted(
        set(fu_cur["clerks"]) | set(fu_prev["clerks"]), key=lambda c: (c is None, c or 0)
    )
    names = dict(db.execute("SELECT id, display_name FROM users").fetchall())
    fu_keys = ("due", "done", "overdue", "calls", "reached", "reached_rate")
    idle = {"due": 0, "done": 0, "overdue": 0, "calls": 0, "reached": 0, "reached_rate": None}
    has_contacts = _any(db, "contacts")
    sections["follow_up"] = {
        "available": has_contacts or has_purchases,
        "note": None if has_contacts or has_purchases else "no_contacts",
        "clerks": [
            {
                "clerk_id": c,
                "name": names.get(c) if c is not None else None,
                **_pair(fu_cur["clerks"].get(c, idle), fu_prev["clerks"].get(c, idle), fu_keys),
            }
            for c in clerk_ids
        ],
        "total": _pair(fu_cur["total"], fu_prev["total"], fu_keys),
    }
    progress(88)

    # complaints
    c_cur, c_prev = bg["complaints"]
    has_complaints = _any(db, "complaints")
    cats = sorted(set(c_cur["by_category"]) | set(c_prev["by_category"]))
    sections["complaints"] = {
        "available": has_complaints,
        "note": None if has_complaints else "no_complaints",
        "figures": _pair(c_cur, c_prev, ("opened", "resolved", "median_days", "open_at_end")),
        "by_category": _rows_pair(c_cur["by_category"], c_prev["by_category"], cats),
    }

    # satisfaction
    s_cur, s_prev = bg["satisfaction"]
    has_surveys = _any(db, "surveys")
    factors = sorted(set(s_cur["factors"]) | set(s_prev["factors"]))
    sections["satisfaction"] = {
        "available": has_surveys,
        "note": None if has_surveys else "no_surveys",
        "figures": _pair(s_cur, s_prev, ("surveys", "overall")),
        "factors": [
            {
                "factor": f,
                "satisfaction": figure(
                    s_cur["factors"].get(f, {}).get("satisfaction"),
                    s_prev["factors"].get(f, {}).get("satisfaction"),
                ),
                "importance": figure(
                    s_cur["factors"].get(f, {}).get("importance"),
                    s_prev["factors"].get(f, {}).get("importance"),
                ),
                "answers": s_cur["factors"].get(f, {}).get("answers", 0),
            }
            for f in factors
        ],
    }

    # points
    has_points = _any(db, "points_ledger") or _any(db, "loyalty_rules")
    p_cur, p_prev = bg["points"]
    p_cur["liability_fen"] = p_cur["outstanding"] * point_value
    p_prev["liability_fen"] = p_prev["outstanding"] * point_value
    sections["points"] = {
        "available": has_points,
        "note": None if has_points else "points_not_started",
        "figures": _pair(
            p_cur,
            p_prev,
            ("issued", "redeemed", "expired", "clawed_back", "outstanding", "liability_fen"),
        ),
    }

    # birthdays
    has_birthdays = _any(db, "members", "WHERE birthday IS NOT NULL")
    sections["birthdays"] = {
        "available": has_birthdays,
        "note": None if has_birthdays else "no_birthdays",
        "month": month_text(cur.next),
        "figures": {"next_month": figure(*bg["birthdays"])},
    }

    sections["gifts"] = gift_section(db, cur, prev, bg["tiers"], tier_order)  # issue #19
    sections["archive"] = archive_section(db, cur, prev)  # issue #19: stale archives
    sections["events"] = event_section(db, cur, prev)  # issue #19: member events
    sections["staff"] = staff_section(db, cur, prev, sections["follow_up"]["clerks"])  # #19

    # trend
    trend = S.monthly_series(pur.rows, cur.last, months=TREND_MONTHS)
    sections["trend"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "months": trend,
    }
    progress(100)
    return {
        "month": cur.text,
        "previous_month": prev.text,
        "as_of": min(cur.last, today).isoformat(),
        "partial": cur.last >= today,
        "store_name": store_name,
        "made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "point_value_fen": point_value,
        "tiers": {
            code: {"name_zh": zh, "name_en": en}
            for code, zh, en in db.execute("SELECT code, name_zh, name_en FROM tiers")
        },
        "sections": sections,
    }
