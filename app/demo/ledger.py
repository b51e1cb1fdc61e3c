"""The demo store's points ledger, computed from the arrays the demo already holds and
written in one pass, by app.loyalty's definitions (issue #17: with the programme the
100k/2M demo took 94 s, two thirds of it in app.loyalty's store-sized steps run one
after another — the backfill, a rebuild of every member's lots, the redemptions read
back, another rebuild and 280,000 expiries written row by row through the cache's
triggers; each step rewrote the lots cache and its indexes).

The entries are those app.loyalty's own steps write on this history, in the same order:

* spend: :func:`app.loyalty.points_for_paid` (``paid × multiplier // (100 ×
  fen_per_point)``) at the tier held at the sale — the last ``tier_history`` change
  before it, else the tier before the first change after it, else today's tier
  (app/loyalty/history.py); expiry :func:`app.loyalty.expiry_for` of the sale's day;
* referral: at each referred member's first sale, for a referrer not anonymised;
* returns, in time order: the clawback of ``_clawback_wanted`` (the award × the share
  of the sale refunded by all its returns, less what earlier returns took), never more
  than the balance at that point (app.loyalty.backfill);
* redemptions (:func:`redemptions`): each covered by the points still valid on its day,
  by app.loyalty's FIFO replay (``lots._replay``);
* expiries: every lot whose last valid day is before today and which still has
  points, oldest first per member, never below a zero balance (``expire_points``);
* the lots cache (``points_lots``): each member's replay of the final entries.

tests/unit/test_demo.py checks the result against app.loyalty: every spend entry
against ``points_for_paid`` at the tier held, the cache against a replay
(``lots_mismatches``), ``expire_points`` finding nothing left to do, no balance below
zero. Indexes and the cache's triggers are off while the rows go in
(``lots._schema_off``); the unique index that makes each earning happen once is
rebuilt over them afterwards, so a duplicate fails the build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np
import sqlite_utils

from app.demo.helpers import _Calendar, _store_sec, _times
from app.demo.purchases import _Purchases

REDEEM_SHARE = 0.35  # of the members who could, this share redeemed something

Row = tuple[Any, ...]  # app.loyalty.entries._INSERT's columns
Entry = tuple[Any, ...]  # (id, at, delta, reason, ref_id, expires_at, own lot), as lots._replay


def _held_tiers(
    db: sqlite_utils.Database, cal: _Calendar, pur: _Purchases, sales: np.ndarray
) -> np.ndarray:
    """Index into ``codes`` (tiers by rank) of the tier each sale in ``sales`` was made
    at, from ``tier_history`` as app.loyalty.history reads it."""
    codes = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
    code_ix = {c: i for i, c in enumerate(codes)}
    today_tier = np.asarray(
        [code_ix.get(t, 0) for (t,) in db.execute("SELECT tier FROM members ORDER BY id")],
        dtype=np.int64,
    )
    day_ix = {d: i for i, d in enumerate(cal.iso)}
    hist = db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY id"
    ).fetchall()
    big = (cal.D + 2) * 86400
    hkey = np.asarray(
        [
            (m - 1) * big + day_ix[at[:10]] * 86400
            + int(at[11:13]) * 3600 + int(at[14:16]) * 60 + int(at[17:19])
            for m, at, _f, _t in hist
        ],
        dtype=np.int64,
    )  # fmt: skip
    order = np.argsort(hkey, kind="stable")  # ties keep id order, as the SQL's ORDER BY
    hkey = hkey[order]
    hmem = hkey // big
    hfrom = np.asarray([code_ix[r[2]] for r in hist], dtype=np.int64)[order]
    hto = np.asarray([code_ix[r[3]] for r in hist], dtype=np.int64)[order]
    m = pur.member[sales].astype(np.int64)
    tier = today_tier[m]
    if len(hkey):
        key = m * big + pur.day[sales].astype(np.int64) * 86400 + pur.sec[sales]
        idx = np.searchsorted(hkey, key, side="left")  # rows before: at < the sale's
        prev = np.maximum(idx - 1, 0)
        nxt = np.minimum(idx, len(hkey) - 1)
        before = (idx > 0) & (hmem[prev] == m)
        after = ~before & (idx < len(hkey)) & (hmem[nxt] == m)
        tier = np.where(before, hto[prev], np.where(after, hfrom[nxt], tier))
    return tier


def earnings(
    db: sqlite_utils.Database,
    cal: _Calendar,
    pur: _Purchases,
    rules: Any,
    clerk_ids: np.ndarray,
    stamp: str,
    first_id: int,
    before: list[Row],
) -> tuple[list[Row], dict[int, int]]:
    """``(rows, own)``: the spend, referral and return entries of the whole history,
    written after the entries ``before`` (ids from ``first_id`` in list order, ``before``
    first); ``own`` maps a return entry's id to the spend entry of its sale."""
    from app.loyalty import expiry_for

    times, iso = _times(), cal.iso
    expiry = [expiry_for(d, rules.expiry_months) for d in iso]
    day, sec = pur.day.tolist(), pur.sec.tolist()
    clerk = clerk_ids[pur.clerk].tolist()

    def at(i: int) -> str:
        return iso[day[i]] + times[sec[i]]

    first_id += len(before)
    sales = np.flatnonzero(~pur.is_return & (pur.paid > 0))
    tier = _held_tiers(db, cal, pur, sales)
    codes = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
    mult = np.asarray([rules.multiplier(c) for c in codes], dtype=np.int64)
    pts = pur.paid[sales] * mult[tier] // (100 * rules.fen_per_point)
    keep = pts > 0
    idx = sales[keep]
    n = len(idx)
    pts_list = pts[keep].tolist()
    days = pur.day[idx].tolist()
    rows: list[Row] = list(
        zip(
            (pur.member[idx] + 1).tolist(),
            [iso[d] + times[s] for d, s in zip(days, pur.sec[idx].tolist(), strict=True)],
            pts_list,
            repeat("spend", n),
            repeat("purchase", n),
            (idx + 1).tolist(),
            [expiry[d] for d in days],
            clerk_ids[pur.clerk[idx]].tolist(),
            repeat("backfill", n),
            repeat(stamp, n),
            strict=True,
        )
    )
    if rules.referral_points > 0:
        members = db.execute("SELECT id, referrer_id, status FROM members ORDER BY id").fetchall()
        status = {mid: s for mid, _r, s in members}
        all_sales = np.flatnonzero(~pur.is_return)
        none = len(pur.day)
        first = np.full(len(members), none, dtype=np.int64)  # member ids are 1..n
        np.minimum.at(first, pur.member[all_sales], all_sales)  # ids follow time
        first_sale = first.tolist()
        # by referrer, then referred member (the order the backfill's join gives)
        for mid, referrer, _s in sorted(members, key=lambda r: (r[1] or 0, r[0])):
            f = first_sale[mid - 1]
            if referrer is None or f == none or status.get(referrer) in (None, "anonymised"):
                continue
            rows.append((referrer, at(f), rules.referral_points, "referral", "member", mid,
                         expiry[day[f]], clerk[f], "backfill", stamp))  # fmt: skip
    # returns in time order; each takes back what its sale's refunds call for so far
    rets = np.flatnonzero(pur.is_return)
    refunded: dict[int, int] = defaultdict(int)
    for i in rets.tolist():
        refunded[int(pur.return_of[i]) - 1] -= int(pur.paid[i])
    # the spend entry (id, points) of each sale a return refers to: the k-th spend row
    # has id first_id + k (a dict over every sale took 0.4 s at 2M purchases)
    returned = np.unique(pur.return_of[rets].astype(np.int64) - 1)
    pos = np.minimum(np.searchsorted(idx, returned), max(n - 1, 0))  # (idx ascends)
    found = idx[pos] == returned if n else np.zeros(len(returned), dtype=bool)
    spend = {
        sale: (first_id + k, int(pts_list[k]))
        for sale, k in zip(returned[found].tolist(), pos[found].tolist(), strict=True)
    }
    # app.loyalty.balance: every entry so far, of the members with a return (summed
    # with arrays: a loop over 2.5M rows took 0.5 s)
    extra = before + rows[n:]  # birthdays, visits, referrals; then the spend rows
    who = np.concatenate((np.fromiter((r[0] for r in extra), dtype=np.int64, count=len(extra)),
                          pur.member[idx].astype(np.int64) + 1))  # fmt: skip
    points = np.concatenate((np.fromiter((r[2] for r in extra), dtype=np.int64, count=len(extra)),
                             pts[keep].astype(np.int64)))  # fmt: skip
    total = np.zeros(int(who.max(initial=0)) + 1, dtype=np.int64)
    np.add.at(total, who, points)
    bal: dict[int, int] = defaultdict(int)
    for m in np.unique(pur.member[rets].astype(np.int64) + 1).tolist():
        bal[m] = int(total[m]) if m < len(total) else 0
    return_rows, own = _clawbacks(bal, len(rows), rets, pur, spend, refunded, at, clerk, stamp,
                                  first_id)  # fmt: skip
    rows += return_rows
    return rows, own


def _clawbacks(
    bal: dict[int, int],
    n_rows: int,
    rets: np.ndarray,
    pur: _Purchases,
    spend: dict[int, tuple[int, int]],
    refunded: dict[int, int],
    at: Any,
    clerk: list[int],
    stamp: str,
    first_id: int,
) -> tuple[list[Row], dict[int, int]]:
    taken: dict[int, int] = defaultdict(int)
    out: list[Row] = []
    own: dict[int, int] = {}
    paid = pur.paid
    for i in rets.tolist():
        sale = int(pur.return_of[i]) - 1
        if sale not in spend:
            continue
        spend_id, award = spend[sale]
        p = int(paid[sale])
        wanted = max(0, award * min(refunded[sale], p) // p - taken[sale])
        mid = int(pur.member[i]) + 1
        take = min(wanted, bal[mid])
        if take <= 0:
            continue
        short = f"; shortfall={wanted - take}" if take < wanted else ""
        own[first_id + n_rows + len(out)] = spend_id
        out.append((mid, at(i), -take, "return", "purchase", i + 1, None, clerk[i],
                    f"spend #{spend_id}{short}", stamp))  # fmt: skip
        bal[mid] -= take
        taken[sale] += take
    return out, own


class Entries:
    """Each member's entries as ``lots._replay`` reads them, in ``(at, id)`` order (ids
    follow the list, so a stable sort by time is enough) — of the members asked for
    only, each built on first use and kept (callers add entries to a member's list).
    The redemptions and the expiries replay a minority of the members; building 2.8M
    entry tuples and sorting every member's list took 3.9 s of the 100k/2M build."""

    def __init__(self, rows: list[Row], first_id: int, own: dict[int, int]) -> None:
        self.rows, self.first_id, self.own = rows, first_id, own
        self.who = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.delta = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
        order = np.argsort(self.who, kind="stable")  # by member, ids ascending
        top = int(self.who.max()) + 2 if len(self.who) else 1
        # member m's rows: order[bounds[m]:bounds[m + 1]] (Python lists: one lookup
        # each, no array call per member)
        self.bounds = np.searchsorted(self.who[order], np.arange(top)).tolist()
        self.order = order.tolist()
        self.built: dict[int, list[Entry]] = {}

    def __getitem__(self, member: int) -> list[Entry]:
        mine = self.built.get(member)
        if mine is None:
            lo, hi = self.bounds[member], self.bounds[member + 1]
            rows, first, get = self.rows, self.first_id, self.own.get
            mine = []
            for k in self.order[lo:hi]:
                r = rows[k]
                mine.append((first + k, r[1], r[2], r[3], r[5], r[6], get(first + k)))
            mine.sort(key=itemgetter(1))
            self.built[member] = mine
        return mine

    def balances_at_least(self, points: int) -> list[int]:
        """Members (ascending) whose entries sum to ``points`` or more."""
        if not len(self.who):
            return []
        total = np.zeros(int(self.who.max()) + 1, dtype=np.int64)
        np.add.at(total, self.who, self.delta)
        return np.flatnonzero(total >= points).tolist()


def redemptions(
    rng: np.random.Generator,
    cal: _Calendar,
    rewards: list[tuple[int, int]],
    entries: Entries,
    clerk_ids: np.ndarray,
    stamp: str,
    next_id: int,
) -> tuple[list[Row], list[Row]]:
    """``(ledger rows, redemptions rows)``: redemptions of members who could afford a
    reward on the day, two rounds (a second, later one for some): each covered by the
    points still valid that day, by app.loyalty's FIFO replay of the member's entries
    up to it. ``entries`` gain the redemptions."""
    from app.loyalty.lots import _replay

    cheapest = rewards[0][1]
    delta = itemgetter(2)
    rich = entries.balances_at_least(cheapest + 100)
    chosen = [m for m, r in zip(rich, rng.random(len(rich)).tolist(), strict=True)
              if r < REDEEM_SHARE]  # fmt: skip
    times, iso = _times(), cal.iso
    ledger: list[Row] = []
    out: list[Row] = []
    first_day = max(0, cal.D - 730)
    for m in chosen:
        mine = entries[m]
        for _round in range(2):
            if rng.random() < 0.5 and _round:
                break
            d = int(rng.integers(first_day, cal.D))
            at = iso[d] + times[_store_sec(rng)]
            upto = [e for e in mine if e[1] <= at]
            valid = sum(lot[1] for lot in _replay(upto) if lot[3] is None or lot[3] >= iso[d])
            left = sum(map(delta, mine))
            can = min(valid, left)
            fits = [(rid, cost) for rid, cost in rewards if cost <= can]
            if not fits:
                continue
            rid, cost = fits[int(rng.integers(0, len(fits)))]
            clerk = int(clerk_ids[int(rng.integers(0, len(clerk_ids)))])
            ledger.append((m, at, -cost, "redeem", "reward", rid, None, clerk, None, stamp))
            out.append((m, rid, at, cost, next_id, clerk))
            mine.append((next_id, at, -cost, "redeem", rid, None, None))
            mine.sort(key=itemgetter(1))  # (stable: the newest id last among equal times)
            next_id += 1
    return ledger, out


def expiries(
    entries: Entries,
    redeemers: set[int],
    today: dt.date,
    stamp: str,
    next_id: int,
) -> tuple[list[Row], list[tuple[int, int, str, str | None, int]]]:
    """``(expire entries, points_lots rows)``: app.loyalty.expire_points as of
    ``today`` (each due lot's points, oldest first, never below a zero balance; the
    entries in lot order), then each member's lots replayed from the final entries.
    ``redeemers``: the members with a redemption.

    Most members need no replay. A member whose only negative entries are returns,
    each taken from its own sale's lot still valid on its day (``lots._replay``'s first
    choice; the clawback never exceeds what the lot has left, ``_clawbacks``), has as
    lots their earnings less their own returns: no debt, the balance covers every lot,
    so each due lot expires whole and the rest stay. That is decided with arrays for
    all of them at once; the others (redeemers, and a return whose lot had expired or
    came later) are replayed one by one. (Replaying 71,000 members took 4.8 s of the
    100k/2M build.)"""
    from app.loyalty.lots import _next_day, _replay

    day = today.isoformat()
    rows, first = entries.rows, entries.first_id
    n = len(entries.who)  # the entries were made of rows[:n] (redemptions follow)
    who, delta = entries.who, entries.delta
    # returns: taken from the own lot when it is valid on the return's day and earlier
    rets = np.fromiter(entries.own.keys(), dtype=np.int64, count=len(entries.own)) - first
    sale = np.fromiter(entries.own.values(), dtype=np.int64, count=len(entries.own)) - first
    ret_list, sale_list = rets.tolist(), sale.tolist()
    covered = np.fromiter(
        (
            (rows[s][6] is None or rows[s][6] >= rows[k][1][:10]) and rows[s][1] <= rows[k][1]
            for k, s in zip(ret_list, sale_list, strict=True)
        ),
        dtype=bool,
        count=len(ret_list),
    )
    replayed = set(redeemers) | set(who[rets[~covered]].tolist())
    # everyone else: a lot per positive entry, less its own returns
    remaining = np.where(delta > 0, delta, 0)
    np.add.at(remaining, sale[covered], delta[rets[covered]])
    expires = [r[6] for r in rows[:n]]
    due_days = {e for e in set(expires) if e is not None and e < day}
    due = np.fromiter((e in due_days for e in expires), dtype=bool, count=n)
    plain = remaining > 0
    if replayed:
        plain &= ~np.isin(who, np.fromiter(replayed, dtype=np.int64, count=len(replayed)))
    days = {e: _next_day(e) for e in due_days}
    gone = np.flatnonzero(plain & due).tolist()
    out: list[Row] = [
        (rows[k][0], max(days[rows[k][6]], rows[k][1]), -p, "expire", "points_ledger",
         first + k, None, None, None, stamp)
        for k, p in zip(gone, remaining[gone].tolist(), strict=True)
    ]  # fmt: skip
    kept = np.flatnonzero(plain & ~due).tolist()
    lot_rows: list[tuple[int, int, str, str | None, int]] = [
        (first + k, rows[k][0], rows[k][1], rows[k][6], p)
        for k, p in zip(kept, remaining[kept].tolist(), strict=True)
    ]
    delta_of = itemgetter(2)
    lots_after: dict[int, list[tuple[int, int, str, str | None]]] = {}
    members = sorted(replayed)
    for mid in members:
        mine = entries[mid]
        lots = _replay(mine)
        due_lots = sorted(
            (lot for lot in lots if lot[3] is not None and lot[3] < day), key=itemgetter(3, 0)
        )
        if not due_lots:
            lots_after[mid] = lots  # (none expired: the replay's lots all stay)
            continue
        left = sum(map(delta_of, mine))
        for lot_id, lot_left, earned, lot_expires in due_lots:
            take = min(lot_left, left)
            if take <= 0:
                continue
            left -= take
            if lot_expires not in days:
                days[lot_expires] = _next_day(lot_expires)
            out.append((mid, max(days[lot_expires], earned), -take, "expire", "points_ledger",
                        lot_id, None, None, None, stamp))  # fmt: skip
    out.sort(key=itemgetter(5))  # (one sorted run and the replayed members' entries)
    expired: dict[int, list[Entry]] = defaultdict(list)
    for eid, r in enumerate(out, start=next_id):
        if r[0] in replayed:
            expired[r[0]].append((eid, r[1], r[2], r[3], r[5], None, None))
    at = itemgetter(1)  # (stable sort: the expiries' ids are the newest)
    for mid in members:
        if mid not in lots_after:
            lots_after[mid] = _replay(sorted(entries[mid] + expired[mid], key=at))
    lot_rows += [
        (lot_id, mid, earned, lot_expires, lot_left)
        for mid, lots in lots_after.items()
        for lot_id, lot_left, earned, lot_expires in lots
    ]
    lot_rows.sort(key=itemgetter(0))
    return out, lot_rows
