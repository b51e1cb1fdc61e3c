"""The demo store's tier history (``tier_history``): every member's tier over time by
app.loyalty's rule (package docstring of app.loyalty, "Tiers"), the programme running
from the store's first day.

Each member starts at the lowest tier. At every yearly review date R the tier becomes
the one the rolling 12-month net spend S(R − 1 day) earns (up or down); between reviews
a sale that lifts S over a threshold moves the member up at once (recorded at that
sale's time, so the sale itself still earns at the old tier). Numpy over the sales
ordered by member and time: a segmented running maximum, one segment per member and
review period. The last segment's tier is ``members.tier`` (the demo's facts compute
the same rule for the current period; :func:`tier_history` asserts they agree)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from app.demo.helpers import _Calendar, _times
from app.demo.purchases import _Purchases


def review_dates(cal: _Calendar, month: int, day: int) -> list[dt.date]:
    """The yearly review dates after the store opened, up to today."""
    import calendar as _calendar

    out = []
    for year in range(cal.start.year, cal.today.year + 1):
        d = dt.date(year, month, min(day, _calendar.monthrange(year, month)[1]))
        if cal.start < d <= cal.today:
            out.append(d)
    return out


def tier_history(
    cal: _Calendar,
    pur: _Purchases,
    n: int,
    thresholds: list[int],
    reviews: list[dt.date],
) -> tuple[list[tuple[int, str, int, int, str]], np.ndarray]:
    """``(rows, final)``: history rows ``(member_id, at, from index, to index, reason)``
    in time order per member, and each member's tier index today."""
    order = np.argsort(pur.member, kind="stable")  # by member, then id (= time)
    member, day, sec, paid = pur.member[order], pur.day[order], pur.sec[order], pur.paid[order]
    csum = np.concatenate(([0], np.cumsum(paid)))
    big = cal.D + 1000
    key = member * big + day + 366
    window_first = np.searchsorted(key, member * big + day + 1, side="left")
    at_sale = csum[1:] - csum[window_first]  # S at each sale, counting it
    thr = np.asarray(thresholds, dtype=np.int64)
    # (net spend can be below zero when returns of older sales fall in the window)
    level = np.maximum(np.searchsorted(thr, at_sale, side="right") - 1, 0)
    raise_ = paid > 0  # returns never move a tier up
    # review events: members who had bought before R get the tier S(R − 1) earns
    first_day = np.full(n, big, dtype=np.int64)
    np.minimum.at(first_day, pur.member, pur.day)
    ev_member = [member[raise_]]
    ev_time = [(day * 86400 + sec)[raise_]]
    ev_level = [level[raise_]]
    ev_review = [np.zeros(int(raise_.sum()), dtype=bool)]
    ids = np.arange(n, dtype=np.int64)
    for r in reviews:
        ri = (r - cal.start).days
        who = ids[first_day < ri]
        hi = np.searchsorted(key, who * big + (ri - 1) + 366, side="right")
        lo = np.searchsorted(key, who * big + (ri - 366) + 366, side="left")
        spend = csum[hi] - csum[lo]
        ev_member.append(who)
        ev_time.append(np.full(len(who), ri * 86400, dtype=np.int64))
        ev_level.append(np.maximum(np.searchsorted(thr, spend, side="right") - 1, 0))
        ev_review.append(np.ones(len(who), dtype=bool))
    m = np.concatenate(ev_member)
    t = np.concatenate(ev_time)
    lv = np.concatenate(ev_level).astype(np.int64)
    rv = np.concatenate(ev_review)
    o = np.lexsort((~rv, t, m))  # by member, time, a review before that day's sales
    m, t, lv, rv = m[o], t[o], lv[o], rv[o]
    new_member = np.ones(len(m), dtype=bool)
    new_member[1:] = m[1:] != m[:-1]
    seg = np.cumsum(rv | new_member)
    after = np.maximum.accumulate(seg * 8 + lv) - seg * 8
    before = np.zeros(len(m), dtype=np.int64)
    before[1:] = after[:-1]
    before[new_member] = 0
    final = np.zeros(n, dtype=np.int64)
    final[m] = after  # the last event of each member wins (time order)
    changed = np.flatnonzero(after != before)
    times, iso = _times(), cal.iso
    rows = [
        (
            mi + 1,
            iso[ti // 86400] + times[ti % 86400],
            b,
            a,
            "upgrade" if a > b else "review",
        )
        for mi, ti, b, a in zip(
            m[changed].tolist(),
            t[changed].tolist(),
            before[changed].tolist(),
            after[changed].tolist(),
            strict=True,
        )
    ]
    return rows, final
